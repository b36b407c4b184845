"""Editions: numbered, frozen publications of the collection (``2025``, ``2026``, ...).

An edition is listed in ``content/editions.yml`` (id, title, publication date, editors; see
``schemas/editions.schema.json``) and has a foreword, the plain Markdown file
``content/editions/<id>.md``. Publishing deploys the site with mike as the version ``<id>``,
moves the ``latest`` alias to it and makes it the default; the version's folder on the pages
branch is then never written again (``publish_edition`` refuses an id that is already there).

What is new in an edition is computed against the previous *published* edition, read back from
the pages branch (``<previous>/data/cases.json``), so the comparison is with what readers
actually saw, not with a manifest entry that may never have been deployed:

* **added**: a published case whose slug the previous edition did not have;
* **withdrawn**: a case of the previous edition that is no longer published (deleted, or set
  back to draft or withdrawn);
* **updated**: a case in both whose open-data record differs in any field except ``url``
  (which names the edition). The record holds every front-matter field but not the body text,
  so a change to the text alone is seen only when the contributor bumps ``updated`` (the
  contribution guide asks for that); a change of metadata is always seen, bumped or not.

Sections: the manifest (load and check), the comparison (pure), the pages (pure), and reading
the pages branch (git). Publishing with mike is ``casebook.publishing``.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any

from casebook import i18n
from casebook.collection import display_path
from casebook.documents import Document, parse_document
from casebook.export import CaseRecord
from casebook.i18n import _, ngettext
from casebook.markup import check_text
from casebook.pages.markdown import GeneratedPage, front_matter, table, text
from casebook.problems import Problem, error
from casebook.render import RenderedText, SiteMap, render_markdown
from casebook.schemas import checker

MANIFEST_FILE = "editions.yml"
FOREWORD_FOLDER = "editions"
LATEST_ALIAS = "latest"
PAGES_BRANCH = "gh-pages"
EDITION_URI = "edition.md"
WHATS_NEW_URI = "whats-new.md"
REPORT_FILE = "report.pdf"
DOWNLOADS_FOLDER = "downloads"
CASES_JSON = "data/cases.json"


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    published: date
    editors: tuple[str, ...]
    foreword: str  # Markdown, checked like any contributed body
    # The foreword as the edition page shows it (its headings one level down, under the page's
    # "Foreword"): rendered and sanitised once, like every contributed body.
    foreword_html: str = ""


class EditionError(Exception):
    """An edition cannot be built or published (unknown id, already published, git failed)."""


# -- The manifest ----------------------------------------------------------------------------


def is_edition_file(relative_parts: tuple[str, ...]) -> bool:
    """Files of the editions, which the case walker leaves to this module."""
    if relative_parts == (MANIFEST_FILE,):
        return True
    return (
        len(relative_parts) == 2
        and relative_parts[0] == FOREWORD_FOLDER
        and relative_parts[1].endswith(".md")
    )


def load_editions(root: Path) -> tuple[tuple[Edition, ...], tuple[Problem, ...]]:
    """The editions of ``root/editions.yml`` oldest first, and every problem found.

    No manifest means no editions (and no problem). An edition with a problem is left out.
    """
    manifest = root / MANIFEST_FILE
    folder = root / FOREWORD_FOLDER
    forewords = sorted(folder.glob("*.md")) if folder.is_dir() else []
    if not manifest.is_file():
        return (), tuple(_orphan_foreword(path, display_path(path)) for path in forewords)
    shown = display_path(manifest)
    document, problems = _read_manifest(manifest, shown)
    if document is None:
        return (), tuple(problems)
    problems.extend(checker("editions").check(document))
    entries = document.front_matter.get("editions")
    if problems or not isinstance(entries, list):
        return (), tuple(problems)
    editions: list[Edition] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = document.line_of(("editions", index, "id"))
        edition_id = str(entry["id"])
        if edition_id == LATEST_ALIAS:
            problems.append(
                error(
                    shown,
                    line,
                    "reserved-edition-id",
                    f"editions[{index}].id",
                    f"'{LATEST_ALIAS}' names the newest edition on the site: give the edition its own id, e.g. 2026",
                )
            )
            continue
        if edition_id in seen:
            problems.append(
                error(
                    shown,
                    line,
                    "duplicate-edition",
                    f"editions[{index}].id",
                    f"edition '{edition_id}' is already listed on line {seen[edition_id]}: list each edition once",
                )
            )
            continue
        seen[edition_id] = line
        foreword_path = folder / f"{edition_id}.md"
        foreword, foreword_problems = _read_foreword(foreword_path, display_path(foreword_path))
        problems.extend(foreword_problems)
        if foreword_problems and foreword is None:
            continue
        editions.append(
            Edition(
                id=edition_id,
                title=str(entry["title"]),
                published=date.fromisoformat(entry["published"]),
                editors=tuple(str(name) for name in entry["editors"]),
                foreword=foreword or "",
                foreword_html=render_foreword(
                    foreword_path, display_path(foreword_path), foreword or ""
                ).html,
            )
        )
    problems.extend(
        _orphan_foreword(path, display_path(path)) for path in forewords if path.stem not in seen
    )
    for earlier, later in pairwise(editions):
        if later.published < earlier.published:
            problems.append(
                error(
                    shown,
                    seen[later.id],
                    "editions-out-of-order",
                    "editions",
                    f"edition '{later.id}' ({later.published}) is listed after '{earlier.id}' "
                    f"({earlier.published}): list editions oldest first",
                )
            )
    if any(p.path == shown for p in problems):
        return (), tuple(problems)
    return tuple(editions), tuple(problems)


def check_editions(root: Path) -> tuple[Problem, ...]:
    return load_editions(root)[1]


def _read_manifest(path: Path, shown: str) -> tuple[Document | None, list[Problem]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [
            error(shown, 1, "unreadable-file", "", f"cannot read the file: {exc.strerror}")
        ]
    # The manifest is YAML with the same strict rules as front matter (no aliases, no duplicate
    # keys, dates kept as text), so it is read as front matter; lines shift by the added fence.
    result = parse_document(b"---\n" + raw.removeprefix(b"\xef\xbb\xbf") + b"\n---\n", path, shown)
    problems = [replace(p, line=max(1, p.line - 1)) for p in result.problems]
    if result.document is None:
        return None, problems
    document = result.document
    return _ShiftedDocument(
        document.path,
        document.display_path,
        document.front_matter,
        document.front_matter_text,
        document.body,
        document.body_line,
    ), problems


class _ShiftedDocument(Document):
    """The manifest seen as front matter: report lines of the file itself."""

    def line_of(self, location: tuple[str | int, ...]) -> int:
        return max(1, super().line_of(location) - 1)


def _read_foreword(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    if not path.is_file():
        return None, [
            error(
                shown,
                1,
                "missing-foreword",
                "",
                "every edition in editions.yml needs a foreword: write it in this file (plain Markdown)",
            )
        ]
    try:
        body = path.read_text(encoding="utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None, [
            error(shown, 1, "unreadable-file", "", "cannot read the foreword as UTF-8 text")
        ]
    document = Document(path, shown, {}, "", body, 1)
    return body, [
        *check_text(document, path.parent.parent),
        *render_foreword(path, shown, body).problems,
    ]


def render_foreword(path: Path, shown: str, foreword: str) -> RenderedText:
    """The foreword as the edition page shows it. It may link to the web, not to pages of the
    collection (an edition page is frozen; the pages it would link to may change)."""
    return render_markdown(
        _demote_headings(foreword),
        source=path,
        display_path=shown,
        first_line=1,
        page_uri=EDITION_URI.removesuffix(".md") + ".html",
        published=True,
        site=SiteMap(path.parent.parent.resolve()),
    )


def _orphan_foreword(path: Path, shown: str) -> Problem:
    return error(
        shown,
        1,
        "unexpected-file",
        "",
        f"a foreword for edition '{path.stem}', which content/{MANIFEST_FILE} does not list: "
        "add the edition or remove the file",
    )


def find_edition(editions: Sequence[Edition], edition_id: str) -> Edition:
    for edition in editions:
        if edition.id == edition_id:
            return edition
    known = ", ".join(e.id for e in editions) or "none"
    raise EditionError(
        f"edition '{edition_id}' is not in content/{MANIFEST_FILE} (listed: {known})"
    )


def earlier_editions(editions: Sequence[Edition], edition_id: str) -> list[Edition]:
    """The editions listed before ``edition_id``, newest first."""
    ids = [e.id for e in editions]
    return list(reversed(editions[: ids.index(edition_id)]))


# -- URLs ------------------------------------------------------------------------------------


def site_root_url(site_url: str, mike_version: str | None) -> str:
    """The address of the whole site, ending in ``/``.

    mike builds a version with ``site_url`` joined with the version (``https://x.org/2026``),
    so the version is taken off again. ``site_url`` must end with ``/`` for that join to keep
    its path; mkdocs.yml's does.
    """
    root = site_url
    if mike_version and root.rstrip("/").endswith("/" + mike_version):
        root = root.rstrip("/")[: -len(mike_version)]
    return root if root.endswith("/") else root + "/"


def edition_url(root_url: str, edition_id: str) -> str:
    """The stable address of an edition: ``<site>/<id>/``."""
    return f"{root_url}{edition_id}/"


# -- Comparison ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseChange:
    slug: str
    title: str


@dataclass(frozen=True)
class EditionChanges:
    previous: Edition | None  # None: this is the first published edition
    added: tuple[CaseChange, ...]
    updated: tuple[CaseChange, ...]
    withdrawn: tuple[CaseChange, ...]
    unchanged: int
    # The previous edition's pages this one's what's-new page links to, as paths in its folder
    # ("index.html", "ar/cases/<slug>.html"): its home and withdrawn cases' pages in each
    # language it has them in (``with_previous_pages``). Empty: not read, links in English.
    previous_pages: frozenset[str] = frozenset()

    @property
    def total(self) -> int:
        """Cases in this edition."""
        return len(self.added) + len(self.updated) + self.unchanged


def compare_cases(
    current: Sequence[CaseRecord],
    previous_records: Sequence[Mapping[str, Any]] | None,
    previous: Edition | None,
) -> EditionChanges:
    """What changed between the previous edition's records and this edition's."""
    before = {str(r["slug"]): r for r in previous_records or ()}
    now = {r["slug"]: r for r in current}
    added = [CaseChange(s, r["title"]) for s, r in sorted(now.items()) if s not in before]
    updated = [
        CaseChange(s, r["title"])
        for s, r in sorted(now.items())
        if s in before and _comparable(r) != _comparable(before[s])
    ]
    withdrawn = [
        CaseChange(s, str(r.get("title", s))) for s, r in sorted(before.items()) if s not in now
    ]
    unchanged = len(now) - len(added) - len(updated)
    return EditionChanges(
        previous if previous_records is not None else None,
        tuple(sorted(added, key=_by_title)),
        tuple(sorted(updated, key=_by_title)),
        tuple(sorted(withdrawn, key=_by_title)),
        unchanged,
    )


def _comparable(record: Mapping[str, Any]) -> str:
    return json.dumps({k: v for k, v in record.items() if k != "url"}, sort_keys=True)


def _by_title(change: CaseChange) -> tuple[str, str]:
    return (change.title.casefold(), change.slug)


# -- Pages -----------------------------------------------------------------------------------


def _cases(count: int) -> str:
    return ngettext("{n} case", "{n} cases", count).format(n=i18n.number(count))


def _date(day: date) -> str:
    from casebook.pages.fragments import shown_date  # pages import this module

    return shown_date(day)


def render_whats_new_page(
    edition: Edition, changes: EditionChanges, root_url: str, folder: str = ""
) -> GeneratedPage:
    """The "What's new in this edition" page (``whats-new.md``) in the active language, whose
    folder of the site is ``folder`` ("" for the default language, else "<tag>/"): the previous
    edition and the cases it withdrew are linked in that language where it has them."""
    title = _("What's new in the {edition}").format(edition=edition.title)
    parts = [front_matter(title), f"# {text(title)}\n\n"]
    number = i18n.number
    if changes.previous is None:
        parts.append(
            _("This is the first edition of the collection: all {cases} are new.").format(
                cases=_cases(changes.total)
            )
            + "\n\n"
        )
    else:
        parts.append(
            _(
                "Compared with the {edition} (published {date}): {added} added, {updated} "
                "updated, {withdrawn} withdrawn; {cases} in this edition."
            ).format(
                edition=f"[{text(changes.previous.title)}]"
                f"({_previous_page(changes, root_url, folder, '')})",
                date=_date(changes.previous.published),
                added=number(len(changes.added)),
                updated=number(len(changes.updated)),
                withdrawn=number(len(changes.withdrawn)),
                cases=_cases(changes.total),
            )
            + "\n\n"
        )
        parts.append(
            table(
                [_("Change"), _("Cases")],
                [
                    [_("Added"), number(len(changes.added))],
                    [_("Updated"), number(len(changes.updated))],
                    [_("Withdrawn"), number(len(changes.withdrawn))],
                    [_("Unchanged"), number(changes.unchanged)],
                ],
            )
            + "\n"
        )
    sections = [
        (_("Added"), changes.added, True),
        (_("Updated"), changes.updated, True),
        (_("Withdrawn"), changes.withdrawn, False),
    ]
    for heading, items, in_this_edition in sections:
        if not items:
            continue
        parts.append(f"## {heading} ({number(len(items))})\n\n")
        for item in items:
            if in_this_edition:
                parts.append(f"- [{text(item.title)}](cases/{item.slug}.md)\n")
            else:
                # Not in this edition: point at the last edition that had it.
                address = _previous_page(changes, root_url, folder, f"cases/{item.slug}.html")
                parts.append(f"- [{text(item.title)}]({address})\n")
        parts.append("\n")
    if changes.previous is not None and not (changes.added or changes.updated or changes.withdrawn):
        parts.append(_("No case was added, updated or withdrawn.") + "\n")
    return GeneratedPage(WHATS_NEW_URI, "".join(parts))


def _previous_page(changes: EditionChanges, root_url: str, folder: str, page: str) -> str:
    """The address of ``page`` ("" for the home page) in the previous edition, in the language
    of ``folder`` when that edition has the page in it (a language added since has none), else
    in its default language."""
    assert changes.previous is not None
    localized = folder + (page or "index.html") in changes.previous_pages
    return edition_url(root_url, changes.previous.id) + (folder if localized else "") + page


def render_edition_page(edition: Edition, downloads: Sequence[str]) -> GeneratedPage:
    """The edition's own page (``edition.md``): foreword, editors and the edition's files."""
    parts = [front_matter(edition.title), f"# {text(edition.title)}\n\n"]
    editors = ", ".join(text(name) for name in edition.editors)
    parts.append(
        _("Published {date}. Edited by {editors}.").format(
            date=_date(edition.published), editors=editors
        )
        + " "
        + _("This edition is frozen: its pages and files will not change.")
        + "\n\n"
    )
    parts.append("## " + _("Files of this edition") + "\n\n")
    report = _("Print-ready report (PDF)")
    parts.append(f"- [{report}]({REPORT_FILE})\n")
    parts.append(
        "- "
        + _("Open data as of this edition: {cases}, {outcomes}, {json}").format(
            cases="[" + _("cases (CSV)") + "](data/cases.csv)",
            outcomes="[" + _("outcomes (CSV)") + "](data/outcomes.csv)",
            json="[JSON](data/cases.json)",
        )
        + "\n"
    )
    parts.extend(
        "- ["
        + _("Offline copy to browse without a connection ({file})").format(file=text(name))
        + f"]({DOWNLOADS_FOLDER}/{name})\n"
        for name in downloads
    )
    whats_new = _("What's new in this edition")
    parts.append(f"- [{whats_new}]({WHATS_NEW_URI})\n\n")
    parts.append(
        "## " + _("Foreword") + f'\n\n<div class="casebook-body">\n{edition.foreword_html}</div>\n'
    )
    return GeneratedPage(EDITION_URI, "".join(parts))


def _demote_headings(markdown: str) -> str:
    # The foreword sits under this page's "Foreword" heading: its own headings go one deeper.
    lines = []
    in_fence = False
    for line in markdown.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if not in_fence and line.startswith("#"):
            line = "##" + line if line.startswith("# ") or line.startswith("##") else line
        lines.append(line)
    return "\n".join(lines)


# -- The pages branch (git) ------------------------------------------------------------------


def _git(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, encoding="utf-8"
    )


def read_published_records(version: str, branch: str, cwd: Path) -> list[dict[str, Any]] | None:
    """``<version>/data/cases.json`` as deployed on ``branch``; None if it is not there."""
    shown = _git(["show", f"{branch}:{version}/{CASES_JSON}"], cwd)
    if shown.returncode != 0:
        return None
    try:
        records = json.loads(shown.stdout)["cases"]
    except (ValueError, KeyError, TypeError) as exc:
        raise EditionError(
            f"{branch}:{version}/{CASES_JSON} is not the collection's open data: {exc}"
        ) from exc
    return list(records)


def previous_published(
    editions: Sequence[Edition], edition_id: str, branch: str, cwd: Path
) -> tuple[Edition | None, list[dict[str, Any]] | None]:
    """The newest earlier edition deployed on ``branch`` and its records, if any."""
    for earlier in earlier_editions(editions, edition_id):
        records = read_published_records(earlier.id, branch, cwd)
        if records is not None:
            return earlier, records
    return None, None


def with_previous_pages(changes: EditionChanges, branch: str, cwd: Path) -> EditionChanges:
    """``changes`` with ``previous_pages`` read from ``branch``: of the previous edition's home
    page and withdrawn cases' pages, which it has in its default language and in each folder."""
    if changes.previous is None:
        return changes
    prefix = f"{changes.previous.id}/"
    listed = _git(["ls-tree", "-d", "--name-only", branch, prefix], cwd)
    # Every folder of the edition: the languages' ("ar/"), and others that hold no such page.
    folders = ["", *(f"{line.removeprefix(prefix)}/" for line in listed.stdout.splitlines())]
    pages = ["index.html", *(f"cases/{change.slug}.html" for change in changes.withdrawn)]
    wanted = [folder + page for folder in folders for page in pages]
    checked = subprocess.run(
        ["git", "cat-file", "--batch-check=%(objecttype)"],
        cwd=cwd,
        input="".join(f"{branch}:{prefix}{path}\n" for path in wanted),
        capture_output=True,
        text=True,
        check=False,
        encoding="utf-8",
    )
    answers = checked.stdout.splitlines()
    found = {path for path, answer in zip(wanted, answers, strict=False) if answer == "blob"}
    return replace(changes, previous_pages=frozenset(found))


def published_versions(branch: str, cwd: Path) -> tuple[str, ...] | None:
    """The versions on ``branch``; None when there is no such branch here (a fresh clone, a
    pull request's checkout), where nothing can be said about what is published."""
    if _git(["rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"], cwd).returncode != 0:
        return None
    return deployed_versions(branch, cwd)


def deployed_versions(branch: str, cwd: Path) -> tuple[str, ...]:
    shown = _git(["show", f"{branch}:versions.json"], cwd)
    if shown.returncode != 0:
        return ()
    return tuple(str(entry["version"]) for entry in json.loads(shown.stdout))
