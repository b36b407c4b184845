"""The site's languages and everything named in them: vocabulary labels, section names,
country names and text direction.

Languages are configured once, in ``content/languages.yml`` (``schemas/languages.schema.json``).
English labels are the ``x-labels`` of ``schemas/vocabularies.schema.json``; every other
language's labels live beside them in ``schemas/labels/<tag>.json`` (one file a translator can
take away). Country names come from pycountry's own gettext catalogues, text direction from
Babel's CLDR data: neither is typed by hand.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from babel.core import get_global

from casebook.documents import Document, parse_document
from casebook.problems import Problem, error
from casebook.schemas import checker
from casebook.vocabularies import SCHEMA_DIR, countries, vocabularies

LANGUAGES_FILE = "languages.yml"
LABELS_DIR = SCHEMA_DIR / "labels"
DEFAULT_LANGUAGE = "en"
ENGLISH = "en"

# The required body sections of each content type, in English (the originals' language).
# Guidelines and modules have none. Their names in other languages are in the labels files.
SECTIONS: dict[str, tuple[str, ...]] = {
    "case": ("Context", "Solution", "Results", "Lessons learned"),
}


@dataclass(frozen=True)
class Language:
    tag: str  # BCP 47, as configured: "fr", "zh", "pt-BR"
    name: str  # the language's name in itself (Babel): "français", "中文"
    direction: str  # "ltr" or "rtl"


@dataclass(frozen=True)
class Languages:
    default: Language
    all: tuple[Language, ...]  # the default first, then in the configured order

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(language.tag for language in self.all)

    @property
    def translated(self) -> tuple[Language, ...]:
        """Every language but the default: the ones translations are written in."""
        return tuple(language for language in self.all if language != self.default)

    def get(self, tag: str) -> Language | None:
        return next((language for language in self.all if language.tag == tag), None)


def _locale(tag: str) -> Locale:
    return Locale.parse(tag.replace("-", "_"))


def language(tag: str) -> Language:
    """``tag`` described by Babel; raises ``UnknownLocaleError`` or ``ValueError`` if unknown."""
    locale = _locale(tag)
    return Language(tag, locale.get_display_name(locale) or tag, text_direction(tag))


def text_direction(tag: str) -> str:
    return "rtl" if _locale(tag).text_direction == "rtl" else "ltr"


# -- the configuration ---------------------------------------------------------------------


def load_languages(root: Path) -> tuple[Languages, tuple[Problem, ...]]:
    """The languages of ``root/languages.yml`` and every problem with it. Without the file the
    site has one language, English. With problems, only the default (if it is usable)."""
    fallback = Languages(language(DEFAULT_LANGUAGE), (language(DEFAULT_LANGUAGE),))
    path = root / LANGUAGES_FILE
    if not path.is_file():
        return fallback, ()
    shown = _shown(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return fallback, (error(shown, 1, "unreadable-file", "", f"cannot read: {exc.strerror}"),)
    # Same strict YAML as front matter; lines shift by the added fence.
    result = parse_document(b"---\n" + raw.removeprefix(b"\xef\xbb\xbf") + b"\n---\n", path, shown)
    problems = [_shift(p) for p in result.problems]
    if result.document is None:
        return fallback, tuple(problems)
    doc = result.document
    problems.extend(_shift(p) for p in checker("languages").check(doc))
    if problems:
        return fallback, tuple(problems)
    fm = doc.front_matter
    tags: list[str] = list(fm["languages"])
    if fm["default"] not in tags:
        problems.append(
            error(
                shown,
                _line(doc, ("default",)),
                "default-language-not-listed",
                "default",
                f"the default language '{fm['default']}' must also be in 'languages'",
            )
        )
    found: list[Language] = []
    for index, tag in enumerate(tags):
        where = _line(doc, ("languages", index))
        try:
            found.append(language(tag))
        except (UnknownLocaleError, ValueError):
            problems.append(
                error(
                    shown,
                    where,
                    "unknown-language",
                    f"languages[{index}]",
                    f"Babel (CLDR) does not know the language '{tag}': use a BCP 47 tag such as fr or pt-BR",
                )
            )
            continue
        for missing in missing_labels(tag):
            problems.append(
                error(
                    shown,
                    where,
                    "missing-label",
                    f"languages[{index}]",
                    f"'{tag}' has no label for {missing}: add it to {labels_file_shown(tag)}",
                )
            )
    if problems:
        return fallback, tuple(problems)
    default = next(
        found_language for found_language in found if found_language.tag == fm["default"]
    )
    ordered = (default, *(found_language for found_language in found if found_language != default))
    return Languages(default, ordered), ()


def _shown(path: Path) -> str:
    from casebook.collection import display_path  # the collection imports this module

    return display_path(path)


def _shift(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, line=max(1, problem.line - 1))


def _line(doc: Document, location: tuple[str | int, ...]) -> int:
    return max(1, doc.line_of(location) - 1)


# -- labels --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Labels:
    """Everything named in one language: vocabulary titles and terms, section names."""

    tag: str
    titles: dict[str, str]  # vocabulary -> its title ("Sector")
    terms: dict[str, dict[str, str]]  # vocabulary -> term -> label
    sections: dict[str, dict[str, str]]  # content type -> English section name -> name here

    def label(self, vocabulary: str, term: str | int) -> str:
        return self.terms.get(vocabulary, {}).get(str(term), str(term))

    def section_names(self, kind: str) -> tuple[str, ...]:
        """The required body sections of ``kind`` in this language, in their order."""
        names = self.sections.get(kind, {})
        return tuple(names.get(name, name) for name in SECTIONS.get(kind, ()))


def labels_file(tag: str) -> Path | None:
    """The labels file for ``tag``: its own, else its language's (``pt-BR`` -> ``pt``)."""
    for candidate in (tag, tag.split("-", 1)[0]):
        path = LABELS_DIR / f"{candidate}.json"
        if path.is_file():
            return path
    return None


def labels_file_shown(tag: str) -> str:
    return f"schemas/labels/{tag.split('-', 1)[0]}.json"


@cache
def labels(tag: str) -> Labels:
    """The labels of ``tag``; a term without a label is shown as the term itself (the
    configuration check makes sure a configured language lacks none)."""
    english = vocabularies()
    if tag.split("-", 1)[0] == ENGLISH:
        return Labels(
            tag,
            {name: v.title for name, v in english.items()},
            {name: dict(v.labels) for name, v in english.items()},
            {kind: {name: name for name in names} for kind, names in SECTIONS.items()},
        )
    path = labels_file(tag)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path else {}
    given = data.get("vocabularies", {})
    return Labels(
        tag,
        {name: given.get(name, {}).get("title", "") for name in english},
        {name: dict(given.get(name, {}).get("labels", {})) for name in english},
        {kind: dict(names) for kind, names in data.get("sections", {}).items()},
    )


def missing_labels(tag: str) -> list[str]:
    """What ``tag`` has no label for, as ``vocabulary.term`` (``sdg.17``, ``sections.case.Results``)."""
    found = labels(tag)
    return list(_missing(found))


def _missing(found: Labels) -> Iterator[str]:
    for name, vocabulary in vocabularies().items():
        if not found.titles.get(name):
            yield f"{name} (its title)"
        for term in vocabulary.terms:
            if not found.terms.get(name, {}).get(term):
                yield f"{name}.{term}"
    for kind, names in SECTIONS.items():
        for name in names:
            if not found.sections.get(kind, {}).get(name):
                yield f"sections.{kind}.{name}"


def label(vocabulary: str, term: str | int, tag: str) -> str:
    return labels(tag).label(vocabulary, term)


def sdg_title(goal: int, tag: str) -> str:
    """The UN's official short title of Sustainable Development Goal ``goal`` in ``tag``."""
    return labels(tag).label("sdg", goal)


# -- country names -------------------------------------------------------------------------


def country_name(code: str, tag: str) -> str:
    """The name of the country ``code`` (ISO 3166-1 alpha-2) in ``tag``, from pycountry's own
    translations; the English name where its catalogues have none."""
    english = countries()[code].name
    catalogue = _country_catalogue(tag)
    if catalogue is None:
        return english
    entry = pycountry.countries.get(alpha_2=code)
    for msgid in (english, getattr(entry, "name", english)):
        translated = catalogue.gettext(msgid)
        if translated != msgid:
            return translated
    return english


@cache
def _country_catalogue(tag: str) -> gettext.NullTranslations | None:
    if tag.split("-", 1)[0] == ENGLISH:
        return None
    for candidate in _catalogue_names(tag):
        try:
            return gettext.translation(
                "iso3166-1", pycountry.LOCALES_DIR, languages=[candidate], fallback=False
            )
        except OSError:
            continue
    return None


def _catalogue_names(tag: str) -> Iterator[str]:
    """gettext names to try for ``tag``: itself, then with the region CLDR finds most likely
    (``zh`` -> ``zh_CN``, ``zh-Hant`` -> ``zh_TW``), then the bare language."""
    underscored = tag.replace("-", "_")
    yield underscored
    likely: str | None = get_global("likely_subtags").get(underscored)
    if likely:
        parts = likely.split("_")
        yield f"{parts[0]}_{parts[-1]}"
    yield underscored.split("_", 1)[0]
