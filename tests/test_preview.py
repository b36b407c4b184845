"""End to end: the preview build shows drafts, each marked, and never lets one into the open
data or the feed; the normal build of the same tree has no trace of them
(``test_site_build.test_drafts_are_never_published``)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from builds import build_site

from casebook.drafts import draft_label

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
DRAFT = "draft-peru-tourism"
DRAFT_TITLE = "Draft community tourism booking case"
DRAFT_GUIDELINE = "draft-tourism-sandbox"
DRAFT_COURSE = "draft-course"
DRAFT_ASSESSMENT = "readiness-draft"  # in the mini fixture itself
DRAFT_ASSESSMENT_TITLE = "Draft cash-flow readiness check"
BADGE = f'<strong class="casebook-draft-badge">{draft_label()}</strong>'


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("preview")
    content = base / "content"
    shutil.copytree(MINI, content)
    # A draft guideline may cite a draft case: both are shown, both marked.
    guideline = (content / "guidelines" / "solar-sandbox.md").read_text(encoding="utf-8")
    (content / "guidelines" / f"{DRAFT_GUIDELINE}.md").write_text(
        guideline.replace("status: published", "status: draft")
        .replace("evidence: [kenya-solar-irrigation]", f"evidence: [{DRAFT}]")
        .replace("Regulatory sandboxes for pay-as-you-go energy", "A sandbox for tourism booking"),
        encoding="utf-8",
    )
    # A draft course (a copy of the fixture's) whose module cites the draft case.
    shutil.copytree(content / "courses" / "intro-course", content / "courses" / DRAFT_COURSE)
    index = content / "courses" / DRAFT_COURSE / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        .replace("status: published", "status: draft")
        .replace("Introduction to digital tools", "A draft course on tourism"),
        encoding="utf-8",
    )
    module = content / "courses" / DRAFT_COURSE / "02-how.md"
    module.write_text(
        module.read_text(encoding="utf-8").replace(
            "cases: [china-textile-platform]", f"cases: [{DRAFT}]"
        ),
        encoding="utf-8",
    )
    changes = base / "changed-files.txt"
    changes.write_text(
        f"content/cases/{DRAFT}.md\ncontent/assessments/{DRAFT_ASSESSMENT}.md\nREADME.md\n",
        encoding="utf-8",
    )
    result = build_site(
        content,
        base / "site",
        preview=True,
        changed=changes,
    )
    assert result.returncode == 0, result.stderr
    return base / "site"


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_the_draft_has_its_page_with_the_banner(preview: Path) -> None:
    html = page(preview, f"cases/{DRAFT}.html")
    assert DRAFT_TITLE in html
    assert f'<p class="admonition-title">{draft_label()}</p>' in html
    assert f'<p class="admonition-title">{draft_label()}</p>' not in page(
        preview, "cases/kenya-solar-irrigation.html"
    )


@pytest.mark.parametrize(
    ("listing", "marks"),
    [
        ("explorer.html", 1),
        # a term page counts its drafts, then marks the draft in its list
        ("countries/pe.html", 2),
        ("sectors/tourism.html", 2),
        ("guidelines.html", 1),
        ("courses.html", 1),
        (f"courses/{DRAFT_COURSE}/02-how.html", 1),
    ],
)
def test_every_listing_marks_the_draft(preview: Path, listing: str, marks: int) -> None:
    html = page(preview, listing)
    draft_title = {
        "guidelines.html": "A sandbox for tourism booking",
        "courses.html": "A draft course on tourism",
    }.get(listing, DRAFT_TITLE)
    assert re.search(rf"{re.escape(draft_title)}</a>.{{0,800}}?{re.escape(BADGE)}", html)
    assert html.count(BADGE) == marks  # the published entries carry no mark


@pytest.mark.parametrize("path", ["index.html", "01-why.html", "02-how.html"])
def test_a_draft_course_and_its_modules_carry_the_banner(preview: Path, path: str) -> None:
    html = page(preview, f"courses/{DRAFT_COURSE}/{path}")
    assert f'<p class="admonition-title">{draft_label()}</p>' in html
    assert f'<p class="admonition-title">{draft_label()}</p>' not in page(
        preview, f"courses/intro-course/{path}"
    )


def test_a_draft_assessment_has_its_working_page_with_the_banner(preview: Path) -> None:
    html = page(preview, f"assessments/{DRAFT_ASSESSMENT}.html")
    assert DRAFT_ASSESSMENT_TITLE in html
    assert f'<p class="admonition-title">{draft_label()}</p>' in html
    # The page's script has its data: the questionnaire scores in the preview as it will live.
    script = f"assets/casebook/assessment-{DRAFT_ASSESSMENT}.js"
    assert f'<script src="../{script}"></script>' in html
    assert page(preview, script).startswith("window.casebookAssessmentData = ")
    assert f'<p class="admonition-title">{draft_label()}</p>' not in page(
        preview, "assessments/mini-readiness.html"
    )


def test_the_home_page_lists_the_draft_assessment_marked(preview: Path) -> None:
    html = page(preview, "index.html")
    assert (
        f'<a href="assessments/{DRAFT_ASSESSMENT}.html">{DRAFT_ASSESSMENT_TITLE}</a> {BADGE}: '
    ) in html
    assert re.search(r'assessments/mini-readiness.html">[^<]*</a>: ', html)  # unmarked
    assert (
        f"<li><code>content/assessments/{DRAFT_ASSESSMENT}.md</code>: "
        f'<a href="assessments/{DRAFT_ASSESSMENT}.html">{DRAFT_ASSESSMENT_TITLE}</a> {BADGE}</li>'
    ) in html


def test_browse_counts_the_drafts(preview: Path) -> None:
    assert f"3 cases, 1 of them a draft {BADGE}." in page(preview, "browse.html")


def test_a_draft_guideline_marks_itself_and_its_draft_evidence(preview: Path) -> None:
    html = page(preview, f"guidelines/{DRAFT_GUIDELINE}.html")
    assert f'<p class="admonition-title">{draft_label()}</p>' in html
    assert f"{DRAFT_TITLE}</a> {BADGE}" in html


def test_the_home_page_lists_the_changed_files(preview: Path) -> None:
    html = page(preview, "index.html")
    assert "Preview build: drafts included" in html
    assert (
        f'<li><code>content/cases/{DRAFT}.md</code>: <a href="cases/{DRAFT}.html">'
        f"{DRAFT_TITLE}</a> {BADGE}</li>"
    ) in html
    assert "<li><code>README.md</code></li>" in html


def test_drafts_never_reach_the_data_or_the_feed(preview: Path) -> None:
    data = json.loads(page(preview, "data/cases.json"))
    assert [r["slug"] for r in data["cases"]] == [
        "china-textile-platform",
        "kenya-solar-irrigation",
    ]
    for path in ("data/cases.csv", "data/outcomes.csv", "data/cases.json", "feed.xml"):
        for name in (DRAFT, DRAFT_TITLE, DRAFT_ASSESSMENT, DRAFT_ASSESSMENT_TITLE):
            assert name not in page(preview, path), path


@pytest.mark.parametrize(
    ("edition", "offline"), [("2026", False), (None, True)], ids=["edition", "offline"]
)
def test_a_preview_is_never_an_edition_or_an_offline_copy(
    tmp_path: Path, edition: str | None, offline: bool
) -> None:
    result = build_site(MINI, tmp_path / "site", preview=True, edition=edition, offline=offline)
    assert result.returncode != 0
    assert "never go into an edition or an offline copy" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_drafts_pictures_are_shown_only_in_a_preview() -> None:
    from casebook.collection import load_collection

    inert = Path(__file__).parent / "corpus" / "inert"
    collection, _ = load_collection(inert)
    draft_only = inert / "cases" / "draft-only.png"
    assert draft_only.resolve() not in {p.resolve() for p in collection.site_images()}
    assert draft_only.resolve() in {p.resolve() for p in collection.site_images(True)}
    assert collection.site_images() == collection.published_images
