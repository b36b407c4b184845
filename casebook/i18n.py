"""The words the site writes itself, in the language being built.

Code marks its strings with ``_()`` (``ngettext`` for counts, ``N_`` for constants translated
where they are used); the English text is the message id. Their translations are gettext
catalogues, one per language: ``locales/<tag>/LC_MESSAGES/casebook.po``, kept in step with the
template ``locales/casebook.pot`` by ``make translations`` (Babel extracts the strings and
updates every catalogue). PO files are what every translation tool reads (Weblate, Pontoon,
Poedit, Crowdin), and a translator never touches Python.

A build is in one language at a time: ``activate(tag)`` (a context variable) says which, and
``_()``, the vocabulary labels, country names and number and date formats here all follow it.
The build fails for a configured language whose catalogue lacks a string (``missing_messages``),
as it does for a missing vocabulary label: a page is never half in another language by
accident.
"""

from __future__ import annotations

import gettext as gettext_module
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from casebook import languages, vocabularies

LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "casebook"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"  # the language of the message ids

_active: ContextVar[str] = ContextVar("casebook_language", default=SOURCE_LANGUAGE)


def active() -> str:
    """The BCP 47 tag of the language being built."""
    return _active.get()


@contextmanager
def activate(tag: str) -> Iterator[None]:
    """Everything inside speaks ``tag``."""
    token = _active.set(tag)
    try:
        yield
    finally:
        _active.reset(token)


def _(message: str) -> str:
    """``message`` in the active language (itself in English or where untranslated)."""
    return _translations(active()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` (languages have one to six plural forms: Arabic has six)."""
    return _translations(active()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for translation where it is written; translated where it is shown."""
    return message


# -- catalogues ----------------------------------------------------------------------------


def catalogue_file(tag: str) -> Path:
    return LOCALES / tag.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_file_shown(tag: str) -> str:
    return catalogue_file(tag).relative_to(LOCALES.parent).as_posix()


def _catalogue_path(tag: str) -> Path | None:
    """The catalogue of ``tag``: its own, else its language's (``pt-BR`` -> ``pt``)."""
    for candidate in (tag, tag.split("-", 1)[0]):
        path = catalogue_file(candidate)
        if path.is_file():
            return path
    return None


@cache
def read_catalogue(path: Path) -> Catalog:
    with path.open("rb") as po:
        return read_po(po)


@cache
def _translations(tag: str) -> gettext_module.NullTranslations:
    if tag.split("-", 1)[0] == SOURCE_LANGUAGE:
        return gettext_module.NullTranslations()
    path = _catalogue_path(tag)
    if path is None:
        return gettext_module.NullTranslations()
    # Compiled in memory: no .mo file to build, commit or keep in step. Fuzzy entries (a
    # translation the tools guessed) are left out, as gettext's own compiler does.
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(path), use_fuzzy=False)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def template_messages() -> tuple[str, ...]:
    """Every message id the code marks (from the template)."""
    return tuple(str(_msgid(m.id)) for m in read_catalogue(TEMPLATE) if m.id)


def missing_messages(tag: str) -> list[str]:
    """The template's messages that ``tag``'s catalogue does not translate (empty or fuzzy)."""
    if tag.split("-", 1)[0] == SOURCE_LANGUAGE:
        return []
    path = _catalogue_path(tag)
    if path is None:
        return list(template_messages())
    catalogue = read_catalogue(path)
    missing = []
    for message in read_catalogue(TEMPLATE):
        if not message.id:
            continue
        found = catalogue.get(message.id)
        strings = found.string if found is not None else None
        texts = strings if isinstance(strings, (list, tuple)) else [strings]
        if found is None or found.fuzzy or not all(texts):
            missing.append(_msgid(message.id))
    return missing


def _msgid(message_id: object) -> str:
    return str(message_id[0] if isinstance(message_id, (list, tuple)) else message_id)


# -- what the vocabularies and Babel name in the active language ---------------------------


def label(vocabulary: str, term: str | int) -> str:
    """A vocabulary term's label (sector, technology, ...) in the active language."""
    tag = active()
    if tag.split("-", 1)[0] == SOURCE_LANGUAGE:
        return vocabularies.label(vocabulary, term)
    return languages.label(vocabulary, term, tag)


def vocabulary_title(vocabulary: str) -> str:
    tag = active()
    title = languages.labels(tag).titles.get(vocabulary)
    return title or vocabularies.vocabulary(vocabulary).title


def sdg_title(goal: int) -> str:
    return label("sdg", goal)


def country_name(code: str) -> str:
    tag = active()
    if tag.split("-", 1)[0] == SOURCE_LANGUAGE:
        return vocabularies.country(code).name
    return languages.country_name(code, tag)


def section_name(kind: str, english: str) -> str:
    """A required body section's heading (``"Results"``) in the active language."""
    return languages.labels(active()).sections.get(kind, {}).get(english, english)


@cache
def _locale(tag: str) -> Locale:
    return Locale.parse(tag.replace("-", "_"))


def locale() -> Locale:
    return _locale(active())


def direction() -> str:
    return text_direction(active())


def text_direction(tag: str) -> str:
    """``rtl`` for Arabic and every language CLDR writes right to left, else ``ltr``."""
    return "rtl" if _locale(tag).text_direction == "rtl" else "ltr"


def use(tag: str) -> None:
    """This process speaks ``tag`` from now on (an engine's process, which builds one
    language: the macros read it from ``casebook.site.state.LANGUAGE_VARIABLE``)."""
    _active.set(tag)


def number(value: int | float) -> str:
    """``12,345`` / ``12 345`` / ``12.345``: grouped as the language writes numbers."""
    if isinstance(value, int):
        return _integer(value, active())
    return format_decimal(value, locale=locale())


@lru_cache(maxsize=8192)
def _integer(value: int, tag: str) -> str:
    # Pages show the same few counts thousands of times; Babel takes some 0.2 ms for each.
    return format_decimal(value, locale=_locale(tag))


def amount(value: float) -> str:
    """A measured value: whole numbers grouped (``12,345``), others with two decimals
    (``1,234.50`` / ``1 234,50``), as the language writes them."""
    if float(value).is_integer():
        return _integer(int(value), active())
    return format_decimal(value, format="#,##0.00", locale=locale())


def percent(fraction: float) -> str:
    return format_percent(fraction, locale=locale())


def long_date(day: date) -> str:
    """``30 November 2026`` / ``30 novembre 2026`` / ``2026年11月30日``."""
    return babel_format_date(day, format="long", locale=locale())


def language_name(tag: str) -> str:
    """``tag``'s name in itself (``français``), as a language switcher shows it."""
    name = _locale(tag).get_display_name(_locale(tag)) or tag
    return name[:1].upper() + name[1:]


# UN M49 names (as country_converter writes them) that CLDR spells differently.
_M49_ALIASES = {
    "Australia and New Zealand": "053",
    "Micronesia": "057",
    "South-eastern Asia": "035",
    "Antarctica": "AQ",
}


@cache
def _m49_codes() -> dict[str, str]:
    english = _locale(SOURCE_LANGUAGE).territories
    codes = {name: code for code, name in english.items() if code.isdigit()}
    return {**codes, **_M49_ALIASES}


def region_name(english: str) -> str:
    """A UN M49 region or sub-region (``"Eastern Africa"``) in the active language, from
    CLDR's own names (Babel); as given where CLDR has none."""
    if english in ("Unknown region", "Unknown sub-region"):
        return _(english)
    code = _m49_codes().get(english)
    if code is None or active().split("-", 1)[0] == SOURCE_LANGUAGE:
        return english
    return str(locale().territories.get(code, english))


def in_sentence(title: str) -> str:
    """A title (``"Sector"``, ``"SDG"``) as it reads inside a sentence: its first letter in
    lower case, unless its first word is an acronym (``SDG``, ``ODD``, ``ЦУР``) or the
    language capitalises nouns (German)."""
    first = title.split(" ", 1)[0]
    if not title or (len(first) > 1 and first.isupper()) or active().split("-")[0] == "de":
        return title
    return title[0].lower() + title[1:]
