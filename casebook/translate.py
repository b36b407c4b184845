"""The translator's workflow: start a translation file, and see what is translated.

``start_translation`` writes ``<name>.<lang>.md`` beside an original with the original's text
in place (to be overwritten), the required headings already in the language, and the
fingerprint; ``translation_status`` lists per language what is current, outdated or missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from casebook.collection import Collection
from casebook.documents import Document, read_document
from casebook.languages import SECTIONS, Languages, labels
from casebook.rules import headings
from casebook.translations import (
    CURRENT,
    FINGERPRINT,
    MISSING,
    OUTDATED,
    fingerprint,
    language_bound,
    split_translation_name,
    translation_of,
)

STATUSES = (CURRENT, OUTDATED, MISSING)


class TranslateError(Exception):
    """A request that cannot be carried out (the message says why and what to do)."""


def original_kind(path: Path, root: Path) -> str:
    """The content type of the original at ``path`` inside ``root``."""
    try:
        parts = path.resolve().relative_to(root.resolve()).parts
    except ValueError:
        raise TranslateError(f"{path} is not inside the content folder {root}") from None
    if not parts or not parts[-1].endswith(".md") or split_translation_name(parts[-1]):
        raise TranslateError(f"{path} is not an original page: give the .md file to translate")
    if parts[0] == "cases" and len(parts) >= 2:
        return "case"
    if parts[0] == "guidelines" and len(parts) == 2:
        return "guideline"
    if parts[0] == "assessments" and len(parts) == 2:
        return "assessment"
    if parts[0] == "courses" and len(parts) == 3:
        return "course" if parts[2] == "index.md" else "module"
    raise TranslateError(f"{path} is not a case, course, module, guideline or assessment")


def translation_path(original: Path, lang: str) -> Path:
    return original.with_name(f"{original.stem}.{lang}.md")


def start_translation(path: Path, lang: str, root: Path, languages: Languages) -> Path:
    """Write the translation file of ``path`` into ``lang``; refuse to overwrite one."""
    kind = original_kind(path, root)
    if lang not in languages.tags:
        raise TranslateError(
            f"'{lang}' is not one of the site's languages ({', '.join(languages.tags)}): "
            "add it to content/languages.yml first"
        )
    if lang == languages.default.tag:
        raise TranslateError(f"'{lang}' is the language of the originals")
    target = translation_path(path, lang)
    if target.exists():
        raise TranslateError(f"{target} already exists: edit it, or delete it to start again")
    result = read_document(path, str(path))
    if result.document is None:
        raise TranslateError(f"{path} cannot be read: run casebook validate {path}")
    target.write_text(translation_text(kind, result.document, lang), encoding="utf-8")
    return target


def translation_text(kind: str, doc: Document, lang: str) -> str:
    """The new translation file: the original's text to overwrite, headings in ``lang``."""
    bound = {k: v for k, v in language_bound(kind, doc.front_matter).items() if v is not None}
    # Quoted: sixteen hex digits such as 12e4... would be a number to a YAML 1.2 reader.
    quoted = f'{FINGERPRINT}: "{fingerprint(kind, doc.front_matter, doc.body)}"\n'
    dumped = quoted + yaml.safe_dump(bound, allow_unicode=True, sort_keys=False, width=100_000)
    comment = (
        "# Translation: replace the text with its translation; keep the fingerprint (it names\n"
        "# the version of the original translated). The facts come from the original.\n"
    )
    return f"---\n{comment}{dumped}---\n{_translated_headings(kind, doc, lang)}"


def _translated_headings(kind: str, doc: Document, lang: str) -> str:
    english = {name.casefold(): name for name in SECTIONS.get(kind, ())}
    names = dict(zip(SECTIONS.get(kind, ()), labels(lang).section_names(kind), strict=True))
    lines = doc.body.split("\n")
    for title, line in headings(doc):
        name = english.get(title.casefold())
        if name:
            lines[line - doc.body_line] = f"## {names[name]}"
    return "\n".join(lines)


# -- status --------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusRow:
    original: str
    translation: str  # the translation file, or where it would be written
    status: str  # CURRENT, OUTDATED or MISSING


@dataclass(frozen=True)
class LanguageStatus:
    lang: str
    name: str
    rows: tuple[StatusRow, ...]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)


def translation_status(collection: Collection, only: str | None = None) -> list[LanguageStatus]:
    """Per translated language (or just ``only``), every original with its status."""
    languages = collection.languages
    if languages is None:
        return []
    report = []
    for language in languages.translated:
        if only is not None and language.tag != only:
            continue
        rows = tuple(sorted(_rows(collection, language.tag), key=lambda row: row.original))
        report.append(LanguageStatus(language.tag, language.name, rows))
    return report


def _rows(collection: Collection, lang: str) -> Iterator[StatusRow]:
    items: list[Any] = [*collection.cases, *collection.guidelines, *collection.assessments]
    for course in collection.courses:
        if course.language.split("-", 1)[0] != lang:
            items.extend((course, *course.modules))
    for item in items:
        found = translation_of(item, lang)
        where = found.path if found else _beside(item.path, lang)
        yield StatusRow(item.path, where, found.status if found else MISSING)


def _beside(path: str, lang: str) -> str:
    return f"{path.removesuffix('.md')}.{lang}.md"


def render_status_text(report: list[LanguageStatus]) -> str:
    lines = []
    for language in report:
        current, outdated = language.count(CURRENT), language.count(OUTDATED)
        lines.append(
            f"{language.lang} ({language.name}): {current + outdated} translated "
            f"({current} current, {outdated} outdated), {language.count(MISSING)} missing, "
            f"of {len(language.rows)}"
        )
        lines.extend(f"  {row.status:<9} {row.translation}" for row in language.rows)
    return "\n".join(lines)


def render_status_json(report: list[LanguageStatus]) -> str:
    payload = {
        language.lang: {
            "name": language.name,
            "counts": {
                "translated": language.count(CURRENT) + language.count(OUTDATED),
                **{status: language.count(status) for status in STATUSES},
                "total": len(language.rows),
            },
            "items": [
                {"original": r.original, "translation": r.translation, "status": r.status}
                for r in language.rows
            ],
        }
        for language in report
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)
