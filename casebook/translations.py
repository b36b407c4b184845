"""Translations: files beside their original holding only its language-bound text.

``content/cases/<slug>.<lang>.md`` (likewise a guideline, a course's ``index.<lang>.md`` and
``NN-<module>.<lang>.md``) carries the title, summary and other text a reader reads, the body
under headings in its own language, and the *fingerprint* of the original's language-bound
text it was made from. The facts (countries, sectors, SDGs, years, values, status) come from
the original only. A fingerprint of the original as it is now: current; of an earlier version
in git: outdated (a warning); of no version: an error.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, overload

from casebook.assessments import Assessment, Band, Dimension, Option, Question
from casebook.cases import Case, Outcome, Source
from casebook.courses import Course, Module, QuizQuestion
from casebook.documents import Document, parse_document, read_document
from casebook.guidelines import Guideline
from casebook.languages import Languages, labels
from casebook.markup import check_text
from casebook.problems import Problem, error, warning
from casebook.render import PageTarget, RenderedText, SiteMap, render_markdown
from casebook.rules import check_sections
from casebook.schemas import checker

CURRENT, OUTDATED, MISSING, FALLBACK = "current", "outdated", "missing", "fallback"
TRANSLATED_KINDS = ("case", "course", "module", "guideline", "assessment")  # what can be translated
Translatable = Case | Course | Module | Guideline | Assessment
FINGERPRINT = "fingerprint"
_Item = TypeVar("_Item", Case, Course, Module, Guideline, Assessment)

# <stem>.<BCP 47 tag>.md: a slug never holds a dot, so the second-last part is the language.
TRANSLATION_FILE = re.compile(
    r"^(?P<stem>[^.]+)\.(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\.md$"
)


def split_translation_name(name: str) -> tuple[str, str] | None:
    """``("kenya-iot", "fr")`` for ``kenya-iot.fr.md``; None for any other name."""
    match = TRANSLATION_FILE.match(name)
    return (match["stem"], match["lang"]) if match else None


# -- what is language-bound ----------------------------------------------------------------


def language_bound(kind: str, fm: Mapping[str, Any]) -> dict[str, Any]:
    """The original's language-bound front matter, shaped as a translation file holds it."""
    bound: dict[str, Any] = {"title": fm.get("title"), **_summary(kind, fm)}
    if kind == "case":
        organization = fm.get("organization")
        bound["organization"] = {
            "name": organization.get("name") if isinstance(organization, dict) else None
        }
        if fm.get("outcomes"):
            bound["outcomes"] = [
                {"metric": _get(o, "metric"), "unit": _get(o, "unit")} for o in fm["outcomes"]
            ]
        if fm.get("sources"):
            bound["sources"] = [{"title": _get(s, "title")} for s in fm["sources"]]
    elif kind == "course":
        bound["outcomes"] = list(fm.get("outcomes") or [])
    elif kind == "module":
        bound["objectives"] = list(fm.get("objectives") or [])
        if fm.get("quiz"):
            bound["quiz"] = [
                {
                    "question": _get(q, "question"),
                    "options": list(_get(q, "options") or []),
                    "explanation": _get(q, "explanation"),
                }
                for q in fm["quiz"]
            ]
    elif kind == "assessment":
        bound.update(_assessment_text(fm))
    return bound


def _assessment_text(fm: Mapping[str, Any]) -> dict[str, Any]:
    """Every text of an assessment in its place; ids, scores and band starts are facts."""
    text: dict[str, Any] = {}
    if isinstance(fm.get("bands"), list):
        text["bands"] = [
            {"label": _get(b, "label"), "description": _get(b, "description")} for b in fm["bands"]
        ]
    if isinstance(fm.get("dimensions"), list):
        text["dimensions"] = [
            {
                "title": _get(d, "title"),
                "description": _get(d, "description"),
                "questions": [_question_text(q) for q in _get(d, "questions") or []],
            }
            for d in fm["dimensions"]
        ]
    return text


def _question_text(question: object) -> dict[str, Any]:
    text: dict[str, Any] = {"text": _get(question, "text")}
    if _get(question, "help") is not None:  # only where the original has help to translate
        text["help"] = _get(question, "help")
    text["options"] = [{"text": _get(o, "text")} for o in _get(question, "options") or []]
    return text


def _summary(kind: str, fm: Mapping[str, Any]) -> dict[str, Any]:
    return {} if kind == "module" else {"summary": fm.get("summary")}


def _get(item: object, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


def fingerprint(kind: str, fm: Mapping[str, Any], body: str) -> str:
    """16 hex digits of SHA-256 over the language-bound text: the facts may change freely."""
    text = json.dumps(
        {"fields": language_bound(kind, fm), "body": body.strip()},
        ensure_ascii=False,
        sort_keys=True,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# -- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Translation:
    lang: str
    path: str  # the translation file, as shown to contributors
    original: str  # the original's file
    status: str  # CURRENT or OUTDATED
    fields: Mapping[str, Any] = field(compare=False)  # language-bound front matter as written
    body: str = ""
    rendered: RenderedText = field(default_factory=lambda: RenderedText(""))

    @property
    def title(self) -> str:
        return str(self.fields["title"])


def translation_of(item: Translatable, lang: str) -> Translation | None:
    return next((t for t in item.translations if t.lang == lang), None)


def translation_status(item: Translatable, lang: str) -> str:
    """What a page in ``lang`` shows: CURRENT, OUTDATED, or FALLBACK (the original's text)."""
    found = translation_of(item, lang)
    return found.status if found else FALLBACK


def missing_languages(
    item: Translatable, languages: Languages, original_language: str
) -> tuple[str, ...]:
    """The site's languages ``item`` has no valid translation into (its own excepted)."""
    have = {t.lang for t in item.translations} | {original_language}
    return tuple(tag for tag in languages.tags if tag not in have)


@overload
def localize(item: Case, lang: str) -> Case: ...
@overload
def localize(item: Course, lang: str) -> Course: ...
@overload
def localize(item: Module, lang: str) -> Module: ...
@overload
def localize(item: Guideline, lang: str) -> Guideline: ...
@overload
def localize(item: Assessment, lang: str) -> Assessment: ...
def localize(item: Translatable, lang: str) -> Translatable:
    """``item`` as readers of ``lang`` see it: its translation's text over the original's
    facts; the original itself where there is no translation (a course's modules each)."""
    found = translation_of(item, lang)
    if isinstance(item, Case):
        return _case(item, found) if found else item
    if isinstance(item, Course):
        modules = tuple(localize(module, lang) for module in item.modules)
        return _course(item, found, modules)
    if isinstance(item, Module):
        return _module(item, found) if found else item
    if isinstance(item, Assessment):
        return _assessment(item, found) if found else item
    return _translated(item, found) if found else item


def _translated(item: _Item, found: Translation, **more: Any) -> _Item:
    """``item`` with the text every kind translates (title, summary where the kind has one,
    body) taken from ``found``, and ``more``: the kind's own translated fields."""
    fields = found.fields
    text: dict[str, Any] = {
        "title": fields["title"],
        "body": found.body,
        "rendered": found.rendered,
    }
    if not isinstance(item, Module):  # a module has no summary (language_bound)
        text["summary"] = fields["summary"]
    return replace(item, **text, **more)


def _case(item: Case, found: Translation) -> Case:
    fields = found.fields
    return _translated(
        item,
        found,
        organization_name=fields["organization"]["name"],
        outcomes=tuple(
            Outcome(o["metric"], n.value, o["unit"], n.baseline, n.year)
            for o, n in zip(fields.get("outcomes", ()), item.outcomes, strict=True)
        ),
        sources=tuple(
            Source(s["title"], n.url)
            for s, n in zip(fields.get("sources", ()), item.sources, strict=True)
        ),
    )


def _course(item: Course, found: Translation | None, modules: tuple[Module, ...]) -> Course:
    if found is None:
        return replace(item, modules=modules)
    return _translated(
        item,
        found,
        outcomes=tuple(found.fields["outcomes"]),
        modules=modules,
    )


def _module(item: Module, found: Translation) -> Module:
    fields = found.fields
    return _translated(
        item,
        found,
        objectives=tuple(fields["objectives"]),
        quiz=tuple(
            QuizQuestion(q["question"], tuple(q["options"]), n.answer, q["explanation"])
            for q, n in zip(fields.get("quiz", ()), item.quiz, strict=True)
        ),
    )


def _assessment(item: Assessment, found: Translation) -> Assessment:
    """The translation's words over the original's ids, scores and band starts: a result
    scores the same in every language."""
    fields = found.fields
    return _translated(
        item,
        found,
        bands=tuple(
            Band(n.id, b["label"], n.start, b["description"])
            for b, n in zip(fields["bands"], item.bands, strict=True)
        ),
        dimensions=tuple(
            Dimension(
                id=n.id,
                title=d["title"],
                description=d["description"],
                questions=tuple(
                    Question(
                        q.id,
                        t["text"],
                        t.get("help", ""),
                        tuple(
                            Option(o["text"], p.score)
                            for o, p in zip(t["options"], q.options, strict=True)
                        ),
                    )
                    for t, q in zip(d["questions"], n.questions, strict=True)
                ),
                challenges=n.challenges,
                technologies=n.technologies,
                sectors=n.sectors,
            )
            for d, n in zip(fields["dimensions"], item.dimensions, strict=True)
        ),
    )


# -- checking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Original:
    """What a translation is checked against: the original as the collection read it."""

    kind: str  # "case", "course", "module", "guideline"
    document: Document
    language: str  # the original's own language
    target: PageTarget  # its page (the translation's page is the same under /<lang>/)


@dataclass(frozen=True)
class TranslationFile:
    path: Path
    shown: str
    lang: str
    original_path: Path  # the original's path beside it
    original_shown: str  # and as contributors see it


def check_translations(
    root: Path,
    files: list[TranslationFile],
    originals: Mapping[str, Original],
    unreadable: set[str],
    languages: Languages,
    site: SiteMap,
) -> tuple[dict[str, list[Translation]], list[Problem]]:
    """Every translation checked; the valid ones by their original's display path."""
    found: dict[str, list[Translation]] = {}
    problems: list[Problem] = []
    history = _History()
    sites: dict[str, SiteMap] = {}
    for file in files:
        original = originals.get(file.original_shown)
        if original is None:
            if file.original_shown not in unreadable:
                problems.append(_orphan(file))
            continue
        result = read_document(file.path, file.shown)
        problems.extend(result.problems)
        if result.document is None:
            continue
        own = list(_check_one(root, file, result.document, original, languages, history))
        if file.lang not in sites:  # one map per language, made once
            sites[file.lang] = _site_in(site, file.lang)
        rendered = render_markdown(
            result.document.body,
            source=file.path,
            display_path=file.shown,
            first_line=result.document.body_line,
            page_uri=f"{file.lang}/{original.target.site_uri}",
            published=original.target.published,
            site=sites[file.lang],
        )
        own.extend(rendered.problems)
        problems.extend(own)
        if any(p.severity == "error" for p in own):
            continue
        stale = any(p.code in ("outdated-translation", "translation-unverified") for p in own)
        status = OUTDATED if stale else CURRENT
        document = result.document
        fields = {k: v for k, v in document.front_matter.items() if k != FINGERPRINT}
        translation = Translation(
            file.lang,
            file.shown,
            original.document.display_path,
            status,
            fields,
            document.body,
            rendered,
        )
        found.setdefault(file.original_shown, []).append(translation)
    return found, problems


def _orphan(file: TranslationFile) -> Problem:
    return error(
        file.shown,
        1,
        "orphan-translation",
        "",
        f"there is no original {file.original_path.name} beside this translation: "
        "a translation sits next to the file it translates",
    )


def _site_in(site: SiteMap, lang: str) -> SiteMap:
    """Links from a translation lead to the same language's pages."""
    pages = {path: replace(t, site_uri=f"{lang}/{t.site_uri}") for path, t in site.pages.items()}
    return SiteMap(site.root, pages, site.images)


def _check_one(
    root: Path,
    file: TranslationFile,
    doc: Document,
    original: Original,
    languages: Languages,
    history: _History,
) -> Iterator[Problem]:
    if file.lang not in languages.tags:
        yield error(
            file.shown,
            1,
            "unknown-language",
            "",
            f"'{file.lang}' is not one of the site's languages ({', '.join(languages.tags)}): "
            "add it to content/languages.yml or rename the file",
        )
        return
    if file.lang == original.language:
        yield error(
            file.shown,
            1,
            "translation-in-original-language",
            "",
            f"the original is already in '{file.lang}': a translation is in another language",
        )
        return
    kind = original.kind
    facts = list(_facts(kind, doc))
    for location in facts:
        yield error(
            file.shown,
            doc.line_of(location),
            "fact-in-translation",
            _field(location),
            "a translation holds only text to translate; this fact comes from the original: "
            "remove it here (change it in the original if it is wrong)",
        )
    text_only = replace(doc, front_matter=_without(doc.front_matter, facts))
    schema_problems = checker(f"{kind}-translation").check(text_only)
    yield from schema_problems
    if not schema_problems:
        yield from _shape(file.shown, kind, doc, original.document)
    yield from check_text(doc, root)
    yield from check_sections(doc, labels(file.lang).section_names(kind))
    given = doc.front_matter.get(FINGERPRINT)
    if isinstance(given, str) and not schema_problems:
        yield from history.judge(file, doc, given, original)


def _field(location: tuple[str | int, ...]) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _facts(kind: str, doc: Document) -> Iterator[tuple[str | int, ...]]:
    """Keys the original's schema has but a translation may not hold (facts), anywhere."""
    yield from _facts_in(
        doc.front_matter, checker(kind).schema, checker(f"{kind}-translation").schema, ()
    )


def _facts_in(
    value: Any,
    original: Mapping[str, Any],
    translation: Mapping[str, Any],
    at: tuple[str | int, ...],
) -> Iterator[tuple[str | int, ...]]:
    if isinstance(value, dict):
        known, allowed = original.get("properties", {}), translation.get("properties", {})
        for key, inner in value.items():
            if key in known and key not in allowed:
                yield (*at, key)
            elif key in known:
                yield from _facts_in(inner, known[key], allowed[key], (*at, key))
    elif isinstance(value, list) and "items" in original and "items" in translation:
        for index, inner in enumerate(value):
            yield from _facts_in(inner, original["items"], translation["items"], (*at, index))


def _without(value: Any, locations: list[tuple[str | int, ...]]) -> Any:
    if not locations:
        return value
    copied = json.loads(json.dumps(value))
    for location in locations:
        holder = copied
        for part in location[:-1]:
            holder = holder[part]
        del holder[location[-1]]
    return copied


def _shape(shown: str, kind: str, doc: Document, original: Document) -> Iterator[Problem]:
    """Lists correspond one to one with the original's (an outcome's value, a quiz answer
    index are facts that point into them)."""
    want = language_bound(kind, original.front_matter)
    have = doc.front_matter
    if kind == "assessment":
        yield from _same_shape(shown, doc, want, have, ())
        return
    for key in ("outcomes", "sources", "objectives", "quiz"):
        expected, given = want.get(key) or [], have.get(key) or []
        if len(expected) != len(given):
            yield error(
                shown,
                doc.line_of((key,)),
                "translation-mismatch",
                key,
                f"the original has {len(expected)} {key}, this translation {len(given)}: "
                "translate each one, in the original's order",
            )
        elif key == "quiz":
            for index, (a, b) in enumerate(zip(expected, given, strict=True)):
                if len(a["options"]) != len(b["options"]):
                    yield error(
                        shown,
                        doc.line_of((key, index, "options")),
                        "translation-mismatch",
                        f"quiz[{index}].options",
                        f"the original has {len(a['options'])} options, this translation "
                        f"{len(b['options'])}: the answer is the original's, so keep its options in order",
                    )


def _same_shape(
    shown: str, doc: Document, want: Any, have: Any, at: tuple[str | int, ...]
) -> Iterator[Problem]:
    """Every list as long as the original's and every optional text where the original has
    one: an assessment's ids and scores are the original's, matched to the text by position."""
    if isinstance(want, list) and isinstance(have, list):
        if len(want) != len(have):
            where = f" in {_field(at[:-1])}" if len(at) > 1 else ""
            yield error(
                shown,
                doc.line_of(at),
                "translation-mismatch",
                _field(at),
                f"the original has {len(want)} {at[-1]}{where}, this translation {len(have)}: "
                "translate each one, in the original's order",
            )
            return
        for index, (a, b) in enumerate(zip(want, have, strict=True)):
            yield from _same_shape(shown, doc, a, b, (*at, index))
    elif isinstance(want, dict) and isinstance(have, dict):
        for key in sorted(want.keys() ^ have.keys()):
            if key in want and key == "help":
                yield error(
                    shown,
                    doc.line_of(at),
                    "translation-mismatch",
                    _field((*at, key)),
                    "the original has help text for this question: translate it here too",
                )
            elif key == "help":
                yield error(
                    shown,
                    doc.line_of((*at, key)),
                    "translation-mismatch",
                    _field((*at, key)),
                    "the original has no help text for this question: remove it here "
                    "(add it to the original first)",
                )
        for key in (key for key in want if key in have):
            yield from _same_shape(shown, doc, want[key], have[key], (*at, key))


class _History:
    """The fingerprints of every committed version of each original, asked of git once."""

    def __init__(self) -> None:
        self._known: dict[Path, tuple[str, ...] | None] = {}

    def judge(
        self, file: TranslationFile, doc: Document, given: str, original: Original
    ) -> Iterator[Problem]:
        odoc = original.document
        current = fingerprint(original.kind, odoc.front_matter, odoc.body)
        if given == current:
            return
        line = doc.line_of((FINGERPRINT,))
        older = self.versions(original.kind, odoc.path)
        if older is None:
            yield warning(
                file.shown,
                line,
                "translation-unverified",
                FINGERPRINT,
                f"the fingerprint is not that of {odoc.display_path} as it is now, and the "
                "content is not in a git checkout, so whether the translation is outdated or its "
                "fingerprint wrong cannot be told; it is treated as outdated",
            )
        elif given in older:
            yield warning(
                file.shown,
                line,
                "outdated-translation",
                FINGERPRINT,
                f"{odoc.display_path} has changed since this was translated: update the "
                f"translation, then set its fingerprint to {current}",
            )
        else:
            yield error(
                file.shown,
                line,
                "unknown-fingerprint",
                FINGERPRINT,
                f"the fingerprint matches no version of {odoc.display_path}: copy it from a "
                "fresh `casebook translate` of the original, not by hand",
            )

    def versions(self, kind: str, path: Path) -> tuple[str, ...] | None:
        if path not in self._known:
            self._known[path] = _committed_fingerprints(kind, path)
        return self._known[path]


def _committed_fingerprints(kind: str, path: Path) -> tuple[str, ...] | None:
    """Fingerprints of every committed version of ``path``; None outside a git checkout."""
    folder = path.resolve().parent
    if not _in_git(folder):
        return None
    log = _git(folder, "log", "--format=%H", "--", path.name)
    if log is None:
        return None
    found = []
    for commit in log.split():
        raw = _git(folder, "show", f"{commit}:./{path.name}")
        if raw is None:
            continue
        result = parse_document(raw.encode("utf-8"), path, path.name)
        if result.document is not None:
            doc = result.document
            found.append(fingerprint(kind, doc.front_matter, doc.body))
    return tuple(found)


@cache
def _in_git(folder: Path) -> bool:
    return _git(folder, "rev-parse", "--is-inside-work-tree") == "true\n"


def _git(folder: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except OSError:  # git is not installed
        return None
    return done.stdout if done.returncode == 0 else None
