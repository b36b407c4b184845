"""Load the whole content tree once: documents -> checked models + one report.

Layout (a file anywhere else is reported, never silently ignored):
    content/cases/**/<slug>.md
    content/courses/<course>/index.md and content/courses/<course>/NN-<slug>.md
    content/guidelines/<slug>.md
    content/assessments/<slug>.md (self-assessments, ``casebook.assessments``)
    content/editions.yml and content/editions/<id>.md (checked by ``casebook.editions``)
    content/call-for-cases.yml (checked by ``casebook.calls``)
    content/languages.yml and translations <name>.<lang>.md beside their original
    (checked by ``casebook.languages`` and ``casebook.translations``)
    images (png, jpg, jpeg, gif, webp) beside the pages that show them

Every body is rendered and sanitised here, once (``casebook.render``): its links are resolved
against the whole tree, so a link to a draft, a folder or a file that is no page is a problem
with its line, and only the images that published pages show are published.
"""

from __future__ import annotations

import gc
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from casebook.assessments import Assessment, assessment_from_document, check_assessment
from casebook.calls import Call, is_call_file, load_call
from casebook.cases import Case, case_from_document, check_case
from casebook.courses import (
    MODULE_FILE,
    Course,
    Module,
    check_module,
    course_from_document,
    module_from_document,
)
from casebook.documents import Document, read_document
from casebook.guidelines import Guideline, check_guideline, guideline_from_document
from casebook.languages import LANGUAGES_FILE, Languages, load_languages
from casebook.markup import check_text
from casebook.parallel import map_in_processes
from casebook.problems import Problem, Report, Severity, error
from casebook.render import PageTarget, RenderedText, SiteMap, render_markdown
from casebook.rules import check_slug
from casebook.schemas import checker
from casebook.translations import (
    TRANSLATED_KINDS,
    Original,
    Translation,
    TranslationFile,
    check_translations,
    split_translation_name,
)

_Model = TypeVar("_Model", Case, Course, Module, Guideline, Assessment)

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}


@dataclass(frozen=True)
class Collection:
    """Every valid item of the tree, drafts included; pages and exports use ``published_*``."""

    root: Path
    cases: tuple[Case, ...] = ()
    courses: tuple[Course, ...] = ()
    guidelines: tuple[Guideline, ...] = ()
    images: tuple[Path, ...] = ()  # the images the pages show (resolved paths)
    assessments: tuple[Assessment, ...] = ()
    call: Call | None = None  # content/call-for-cases.yml, checked by casebook.calls
    languages: Languages | None = None  # content/languages.yml (None: English only)
    _case_index: dict[str, Case] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._case_index.update({c.slug: c for c in self.cases})

    @property
    def published_cases(self) -> tuple[Case, ...]:
        return tuple(c for c in self.cases if c.published)

    @property
    def published_courses(self) -> tuple[Course, ...]:
        return tuple(c for c in self.courses if c.published)

    @property
    def published_guidelines(self) -> tuple[Guideline, ...]:
        return tuple(g for g in self.guidelines if g.published)

    @property
    def published_images(self) -> tuple[Path, ...]:
        """The images shown by published pages: a draft's pictures are never published."""
        return self.site_images()

    def site_images(self, include_drafts: bool = False) -> tuple[Path, ...]:
        """The images shown by the pages a site shows (``site_cases`` and friends)."""
        shown: dict[Path, None] = {}
        for case in self.site_cases(include_drafts):
            shown.update(dict.fromkeys(case.rendered.images))
        for guideline in self.site_guidelines(include_drafts):
            shown.update(dict.fromkeys(guideline.rendered.images))
        for course in self.site_courses(include_drafts):
            shown.update(dict.fromkeys(course.rendered.images))
            for module in course.modules:
                shown.update(dict.fromkeys(module.rendered.images))
        for assessment in self.site_assessments(include_drafts):
            shown.update(dict.fromkeys(assessment.rendered.images))
        return tuple(sorted(shown))

    @property
    def published_assessments(self) -> tuple[Assessment, ...]:
        return tuple(a for a in self.assessments if a.published)

    # What a site shows: the published items, or every valid one in a preview build
    # (``include_drafts``), where each draft is marked as such on its page and in listings.
    def site_cases(self, include_drafts: bool = False) -> tuple[Case, ...]:
        return self.cases if include_drafts else self.published_cases

    def site_courses(self, include_drafts: bool = False) -> tuple[Course, ...]:
        return self.courses if include_drafts else self.published_courses

    def site_guidelines(self, include_drafts: bool = False) -> tuple[Guideline, ...]:
        return self.guidelines if include_drafts else self.published_guidelines

    def site_assessments(self, include_drafts: bool = False) -> tuple[Assessment, ...]:
        return self.assessments if include_drafts else self.published_assessments

    def case(self, slug: str) -> Case:
        return self._case_index[slug]

    def guideline(self, slug: str) -> Guideline:
        return next(g for g in self.guidelines if g.slug == slug)


def display_path(path: Path) -> str:
    """Paths as contributors see them: relative to where the command runs, when inside it."""
    return _PathShower(path.parent).show((path.name,))


class _PathShower:
    """``display_path`` for many files under one root: the root and cwd are resolved once."""

    def __init__(self, root: Path) -> None:
        try:
            shown_root = root.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            shown_root = root.as_posix()
        self.prefix = "" if shown_root == "." else shown_root + "/"

    def show(self, parts: tuple[str, ...]) -> str:
        return self.prefix + "/".join(parts)


@dataclass
class _Loaded:
    kind: str  # "case", "course", "module", "guideline", "assessment"
    document: Document
    slug: str
    course: str = ""


def load_collection(
    root: Path, today: date | None = None, processes: int | None = 1
) -> tuple[Collection, Report]:
    """Read, check and model the whole tree under ``root`` (the ``content/`` folder). Each
    file is read, checked and rendered by up to ``processes`` processes (None: one per core;
    ``casebook.parallel``); the result is the same whatever their number."""
    # Imported here: casebook.editions renders pages, and the pages package imports this module.
    from casebook.editions import check_editions, is_edition_file

    # Loading allocates hundreds of thousands of small objects and frees none of them: the
    # cyclic garbage collector would only rescan them (about 10% of the time at 10,000 cases).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_collection(
            root, today or date.today(), check_editions, is_edition_file, processes
        )
    finally:
        if collecting:
            gc.enable()


def _load_collection(
    root: Path,
    today: date,
    check_editions: Callable[[Path], Iterable[Problem]],
    is_edition_file: Callable[[tuple[str, ...]], bool],
    processes: int | None,
) -> tuple[Collection, Report]:
    shower = _PathShower(root)
    problems: list[Problem] = []
    loaded: list[_Loaded] = []
    images: list[Path] = []
    # Files that exist but could not be read: references to them are not "dangling".
    unreadable: set[tuple[str, str]] = set()
    unreadable_shown: set[str] = set()
    translation_files: list[TranslationFile] = []
    documents: list[tuple[str, Path, str]] = []  # kind, path, shown: read after the walk
    for path, parts in _walk(root, problems):
        shown = shower.show(parts)
        if is_edition_file(parts) or parts == (LANGUAGES_FILE,):
            continue  # manifests and forewords: checked by check_editions and load_languages
        if is_call_file(parts):
            continue  # checked by check_call
        if path.suffix.lower() in IMAGE_SUFFIXES:
            images.append(path)
            continue
        translated = split_translation_name(parts[-1])
        original = (*parts[:-1], translated[0] + ".md") if translated else parts
        if translated and _classify(original, shown, []) in TRANSLATED_KINDS:
            translation_files.append(
                TranslationFile(
                    path, shown, translated[1], path.with_name(original[-1]), shower.show(original)
                )
            )
            continue
        kind = _classify(parts, shown, problems)
        if kind is not None:
            documents.append((kind, path, shown))
    checked = map_in_processes(
        lambda document: _read_and_check(*document, root, today), documents, processes
    )
    for (kind, path, shown), (item, item_problems) in zip(documents, checked, strict=True):
        problems.extend(item_problems)
        if item is not None:
            loaded.append(item)
        else:
            unreadable.add((kind, path.parent.name if kind == "course" else path.stem))
            unreadable_shown.add(shown)
    problems.extend(check_editions(root))
    call, call_problems = load_call(root)
    problems.extend(call_problems)
    languages, language_problems = load_languages(root)
    problems.extend(language_problems)
    rendered, site, pages = _render_bodies(root, loaded, images, problems, processes)
    translations, translation_problems = check_translations(
        root,
        translation_files,
        _originals(loaded, pages, languages),
        unreadable_shown,
        languages,
        site,
    )
    problems.extend(translation_problems)
    collection = _build(root, loaded, unreadable, problems, rendered, call, translations)
    return replace(collection, languages=languages), Report.of(problems)


def _originals(
    loaded: list[_Loaded], pages: dict[str, PageTarget], languages: Languages
) -> dict[str, Original]:
    """What translations are checked against, by the original's display path."""
    course_language = {
        item.slug: item.document.front_matter.get("language")
        for item in loaded
        if item.kind == "course"
    }

    def language(item: _Loaded) -> str:
        own = course_language.get(item.slug if item.kind == "course" else item.course)
        if item.kind in ("course", "module") and isinstance(own, str):
            return own.split("-", 1)[0] if own.split("-", 1)[0] in languages.tags else own
        return languages.default.tag

    originals = {}
    for item in loaded:
        if item.kind in TRANSLATED_KINDS:
            shown = item.document.display_path
            originals[shown] = Original(item.kind, item.document, language(item), pages[shown])
    return originals


def _walk(root: Path, problems: list[Problem]) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """Every file under ``root`` in a stable order, with its path parts relative to ``root``.
    Symbolic links are refused unless they point at a file inside the tree."""
    resolved_root = root.resolve()
    pending: list[tuple[str, tuple[str, ...]]] = [(str(root), ())]
    while pending:
        folder, parts = pending.pop()
        with os.scandir(folder) as scan:
            entries = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink():
                try:
                    target = path.resolve()
                except (RuntimeError, OSError):  # a loop of links (Python 3.11 raises)
                    problems.append(_symlink_problem(path, resolved_root))
                    continue
                if (
                    entry.is_dir()
                    or not target.is_relative_to(resolved_root)
                    or not target.is_file()
                ):
                    problems.append(_symlink_problem(path, resolved_root))
                    continue
            if entry.is_dir():
                subfolders.append((entry.path, (*parts, entry.name)))
            else:
                yield path, (*parts, entry.name)
        pending.extend(reversed(subfolders))


def _symlink_problem(path: Path, root: Path) -> Problem:
    return error(
        display_path(path),
        1,
        "unsafe-symlink",
        "",
        "symbolic links are not allowed in the collection unless they point at a file inside "
        f"{display_path(root)}: replace the link with the file itself",
    )


def _classify(parts: tuple[str, ...], shown: str, problems: list[Problem]) -> str | None:
    if not parts[-1].endswith(".md"):
        problems.append(
            error(
                shown,
                1,
                "unexpected-file",
                "",
                "only Markdown pages (.md) and png/jpg/gif/webp images belong in content/",
            )
        )
        return None
    if parts[0] == "cases" and len(parts) >= 2:
        return "case"
    if parts[0] == "guidelines" and len(parts) == 2:
        return "guideline"
    if parts[0] == "assessments" and len(parts) == 2:
        return "assessment"
    if parts[0] == "courses" and len(parts) == 3:
        return "course" if parts[2] == "index.md" else "module"
    problems.append(
        error(
            shown,
            1,
            "unexpected-file",
            "",
            "this page is outside the known places: content/cases/<slug>.md, "
            "content/courses/<course>/index.md or NN-<slug>.md, content/guidelines/<slug>.md, "
            "content/assessments/<slug>.md",
        )
    )
    return None


def _read_and_check(
    kind: str, path: Path, shown: str, root: Path, today: date
) -> tuple[_Loaded | None, list[Problem]]:
    """One file read and checked: the item (None if it cannot be read) and its problems."""
    result = read_document(path, shown)
    problems = list(result.problems)
    if result.document is None:
        return None, problems
    return _check_document(kind, result.document, root, today, problems), problems


def _check_document(
    kind: str, doc: Document, root: Path, today: date, problems: list[Problem]
) -> _Loaded:
    stem = doc.path.stem
    item = _Loaded(kind, doc, stem)
    if kind == "module":
        item.course = doc.path.parent.name
        match = MODULE_FILE.match(stem)
        if not match:
            problems.append(
                error(
                    doc.display_path,
                    1,
                    "bad-file-name",
                    "",
                    f"a module file is named NN-<slug>.md (e.g. 01-why-digital.md), found '{doc.path.name}'",
                )
            )
        problems.extend(check_module(doc))
    elif kind == "course":
        item.slug = doc.path.parent.name
        problems.extend(check_slug(doc.display_path, item.slug, "course folder name"))
    else:
        problems.extend(check_slug(doc.display_path, stem))
    problems.extend(checker(kind).check(doc))
    problems.extend(check_text(doc, root))
    if kind == "case":
        problems.extend(check_case(doc, today))
    elif kind == "guideline":
        problems.extend(check_guideline(doc, today))
    elif kind == "assessment":
        problems.extend(check_assessment(doc, today))
    return item


def _render_bodies(
    root: Path,
    loaded: list[_Loaded],
    images: list[Path],
    problems: list[Problem],
    processes: int | None = 1,
) -> tuple[dict[str, RenderedText], SiteMap, dict[str, PageTarget]]:
    """Every body rendered and sanitised, by display path; its problems into ``problems``.
    With the map of pages that links resolve against (translations use it too)."""
    from casebook.pages.urls import (
        assessment_uri,
        case_uri,
        course_uri,
        guideline_uri,
        module_uri,
    )

    def page_uri(item: _Loaded) -> str:
        source = {
            "assessment": lambda: assessment_uri(item.slug),
            "case": lambda: case_uri(item.slug),
            "guideline": lambda: guideline_uri(item.slug),
            "course": lambda: course_uri(item.slug),
            "module": lambda: module_uri(item.course, item.slug),
        }[item.kind]()
        return source[:-3] + ".html"

    course_status = {
        item.slug: item.document.front_matter.get("status")
        for item in loaded
        if item.kind == "course"
    }

    def published(item: _Loaded) -> bool:
        if item.kind == "module":
            return course_status.get(item.course) == "published"
        return item.document.front_matter.get("status") == "published"

    pages = {
        item.document.display_path: PageTarget(page_uri(item), published(item)) for item in loaded
    }
    targets = {item.document.path.resolve(): pages[item.document.display_path] for item in loaded}
    resolved_root = root.resolve()
    site = SiteMap(resolved_root, targets, frozenset(image.resolve() for image in images))

    def render(item: _Loaded) -> RenderedText:
        doc = item.document
        return render_markdown(
            doc.body,
            source=doc.path,
            display_path=doc.display_path,
            first_line=doc.body_line,
            page_uri=page_uri(item),
            published=published(item),
            site=site,
        )

    rendered: dict[str, RenderedText] = {}
    for item, result in zip(loaded, map_in_processes(render, loaded, processes), strict=True):
        problems.extend(result.problems)
        rendered[item.document.display_path] = result
    return rendered, site, pages


def _build(
    root: Path,
    loaded: list[_Loaded],
    unreadable: set[tuple[str, str]],
    problems: list[Problem],
    rendered: dict[str, RenderedText],
    call: Call | None = None,
    translations: dict[str, list[Translation]] | None = None,
) -> Collection:
    problems.extend(_duplicate_slugs(loaded))
    problems.extend(_cross_references(loaded, unreadable))
    failing = {p.path for p in problems if p.severity is Severity.ERROR}
    valid = [item for item in loaded if item.document.display_path not in failing]

    def body(item: _Loaded) -> RenderedText:
        return rendered[item.document.display_path]

    def translated(model: _Model, item: _Loaded) -> _Model:
        found = (translations or {}).get(item.document.display_path)
        return replace(model, translations=tuple(found)) if found else model

    cases = tuple(
        sorted(
            (
                translated(case_from_document(i.document, i.slug, body(i)), i)
                for i in valid
                if i.kind == "case"
            ),
            key=lambda c: c.slug,
        )
    )
    guidelines = tuple(
        sorted(
            (
                translated(guideline_from_document(i.document, i.slug, body(i)), i)
                for i in valid
                if i.kind == "guideline"
            ),
            key=lambda g: g.slug,
        )
    )
    modules: dict[str, list[Module]] = defaultdict(list)
    for item in valid:
        if item.kind == "module":
            modules[item.course].append(
                translated(
                    module_from_document(item.document, item.course, item.slug, body(item)), item
                )
            )
    courses = tuple(
        sorted(
            (
                translated(
                    course_from_document(i.document, i.slug, body(i), tuple(modules[i.slug])), i
                )
                for i in valid
                if i.kind == "course"
            ),
            key=lambda c: c.slug,
        )
    )
    assessments = tuple(
        sorted(
            (
                translated(assessment_from_document(i.document, i.slug, body(i)), i)
                for i in valid
                if i.kind == "assessment"
            ),
            key=lambda a: a.slug,
        )
    )
    shown = {image for item in valid for image in body(item).images}
    return Collection(root, cases, courses, guidelines, tuple(sorted(shown)), assessments, call)


def _duplicate_slugs(loaded: Iterable[_Loaded]) -> Iterator[Problem]:
    """Every file that shares a slug (or a module number) is told where the others are."""
    slugs: dict[tuple[str, str], list[str]] = defaultdict(list)
    numbers: dict[tuple[str, str], list[str]] = defaultdict(list)
    for item in loaded:
        path = item.document.display_path
        slugs[
            (item.kind, f"{item.course}/{item.slug}" if item.kind == "module" else item.slug)
        ].append(path)
        match = MODULE_FILE.match(item.slug) if item.kind == "module" else None
        if match:
            numbers[(item.course, match.group(1))].append(path)
    for (kind, slug), paths in slugs.items():
        for path in paths if len(paths) > 1 else ():
            others = ", ".join(p for p in sorted(paths) if p != path)
            yield error(
                path,
                1,
                "duplicate-slug",
                "",
                f"the {kind} slug '{slug.rsplit('/', 1)[-1]}' is also used by {others}: slugs must be unique; rename one file",
            )
    for (_, number), paths in numbers.items():
        for path in paths if len(paths) > 1 else ():
            others = ", ".join(p for p in sorted(paths) if p != path)
            yield error(
                path,
                1,
                "duplicate-module-number",
                "",
                f"module number {number} is also used by {others}: give each module its own number",
            )


def _cross_references(loaded: list[_Loaded], unreadable: set[tuple[str, str]]) -> Iterator[Problem]:
    status: dict[str, dict[str, object]] = defaultdict(dict)
    for item in loaded:
        if item.kind != "module":
            status[item.kind][item.slug] = item.document.front_matter.get("status")
    course_dirs = {item.course for item in loaded if item.kind == "module"}
    for course in sorted(course_dirs - set(status["course"])):
        yield error(
            f"content/courses/{course}",
            1,
            "missing-course-index",
            "",
            "this course folder has modules but no index.md describing the course: add one",
        )
    rules = {
        "module": [("cases", "case", True), ("guidelines", "guideline", True)],
        "guideline": [("evidence", "case", True)],
        "course": [("prerequisites", "course", True)],
    }
    for item in loaded:
        # A module is published when its course is; a draft may point at drafts.
        owner = (
            status["course"].get(item.course)
            if item.kind == "module"
            else item.document.front_matter.get("status")
        )
        published = owner == "published"
        for key, target_kind, must_publish in rules.get(item.kind, []):
            values = item.document.front_matter.get(key)
            if not isinstance(values, list):
                continue
            for index, slug in enumerate(values):
                if not isinstance(slug, str) or (target_kind, slug) in unreadable:
                    continue
                yield from _reference_problem(
                    item,
                    key,
                    index,
                    slug,
                    target_kind,
                    status[target_kind],
                    must_publish and published,
                )


def _reference_problem(
    item: _Loaded,
    key: str,
    index: int,
    slug: str,
    target_kind: str,
    known: dict[str, object],
    must_publish: bool,  # the referring page is published, so its targets must be
) -> Iterator[Problem]:
    doc = item.document
    location = (key, index)
    if slug not in known:
        import difflib

        close = difflib.get_close_matches(slug, list(known), n=1, cutoff=0.6)
        hint = f": did you mean '{close[0]}'?" if close else f": no {target_kind} has that slug"
        yield error(
            doc.display_path,
            doc.line_of(location),
            "dangling-reference",
            f"{key}[{index}]",
            f"'{slug}' does not exist{hint}",
        )
    elif must_publish and known[slug] != "published":
        yield error(
            doc.display_path,
            doc.line_of(location),
            "unpublished-reference",
            f"{key}[{index}]",
            f"the {target_kind} '{slug}' is a draft: a published page cannot point at it; publish it or remove the reference",
        )
