"""The shipped self-assessment in a real Chromium, opened from file:// with every other request
refused: answering, scores and bands, recommendations that link to published pages, export,
reload and import; and the script's arithmetic held equal to ``casebook.scoring`` and
``casebook.recommend`` on the same inputs."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builds import build_site

from casebook.assessments import RESULT_FORMAT, Assessment
from casebook.collection import Collection, load_collection
from casebook.pages.assessment_text import STRINGS
from casebook.pages.fragments import page_href
from casebook.pages.urls import assessment_uri
from casebook.recommend import catalogue_of, recommend
from casebook.scoring import score_answers, weakest_dimensions
from casebook.vocabularies import country

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SLUG = "sme-digital-readiness"
PAGE = f"assessments/{SLUG}.html"


@pytest.fixture(scope="module")
def collection() -> Collection:
    loaded, report = load_collection(ROOT / "content")
    assert report.is_valid()
    return loaded


@pytest.fixture(scope="module")
def assessment(collection: Collection) -> Assessment:
    return next(a for a in collection.published_assessments if a.slug == SLUG)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("assessment") / "site"
    result = build_site(ROOT / "content", folder)
    assert result.returncode == 0, result.stderr
    yield folder


def answers_for(assessment: Assessment, seed: int, share: float = 1.0) -> dict[str, int]:
    """Some answers to the assessment's questions (all of them when ``share`` is 1)."""
    chance = random.Random(seed)
    return {
        q.id: chance.randrange(len(q.options))
        for q in assessment.questions
        if chance.random() < share
    }


def answer_in_page(page: Any, assessment: Assessment, answers: dict[str, int]) -> None:
    page.select_option("#ca-sector", "agriculture")
    page.select_option("#ca-country", "KE")
    page.get_by_role("button", name="Next: Digital business strategy").click()
    for dimension in assessment.dimensions:
        heading = page.locator(f"#ca-{dimension.id}")
        from playwright.sync_api import expect

        expect(heading).to_be_focused()  # each step moves the focus to its heading
        for question in dimension.questions:
            page.check(f'input[name="{question.id}"][value="{answers[question.id]}"]')
        page.locator("[data-next]").click()


def test_answer_score_recommend_export_reload_and_import(
    site: Path,
    offline_page: Any,
    assessment: Assessment,
    collection: Collection,
    tmp_path: Path,
) -> None:
    from playwright.sync_api import expect

    page = offline_page
    page.goto((site / PAGE).as_uri())
    expect(page.locator("[data-storage]")).to_have_text(STRINGS["storage_on"])
    answers = answers_for(assessment, seed=7)
    answer_in_page(page, assessment, answers)

    expected = score_answers(assessment, answers)
    expect(page.locator("#ca-result")).to_be_focused()
    for score in expected.dimensions:
        row = page.locator(f'tr[data-dimension="{score.dimension}"]')
        expect(row.locator("[data-score]")).to_have_attribute("data-score", str(score.score))
        expect(row.locator("[data-band]")).to_have_attribute("data-band", str(score.band))
    band_line = page.locator("[data-result-band]")
    expect(band_line).to_have_attribute("data-overall", str(expected.overall))
    expect(band_line).to_have_attribute("data-band", str(expected.band))
    assert expected.band is not None
    label = next(b.label for b in assessment.bands if b.id == expected.band)
    expect(band_line).to_contain_text(f"Overall score {expected.overall} of 100: {label}.")
    chart = page.locator("[data-result-chart] svg[role=img]")
    expect(chart.locator("desc")).to_contain_text(assessment.dimensions[0].title)

    weakest = weakest_dimensions(assessment, expected)
    assert weakest  # the seed leaves some dimension below the top band
    found = recommend(
        assessment, weakest, "agriculture", country("KE").region, catalogue_of(collection)
    )
    uri = assessment_uri(SLUG)
    links = page.locator("[data-recommendations] a")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [page_href(uri, target) for target in found.uris]
    published = {
        *(f"cases/{c.slug}.md" for c in collection.published_cases),
        *(f"guidelines/{g.slug}.md" for g in collection.published_guidelines),
        *(f"courses/{c.slug}/{m.slug}.md" for c in collection.published_courses for m in c.modules),
    }
    assert found.cases and set(found.uris) <= published
    for href in hrefs:
        assert (site / "assessments" / href).resolve().is_file(), href

    page.fill("#ca-notes", "Visited by the Nairobi centre")
    with page.expect_download() as download_info:
        page.locator("[data-download]").click()
    saved = tmp_path / "result.json"
    download_info.value.save_as(saved)
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert record["format"] == RESULT_FORMAT
    assert record["assessment"] == {"slug": SLUG, "version": assessment.version}
    assert (record["sector"], record["country"], record["answers"]) == (
        "agriculture",
        "KE",
        answers,
    )
    assert record["scores"] == {
        "dimensions": {s.dimension: s.score for s in expected.dimensions},
        "overall": expected.overall,
        "band": expected.band,
    }
    assert record["notes"] == "Visited by the Nairobi centre"
    assert len(record["date"]) == 10

    page.reload()  # the answers survive in localStorage, and the page reopens on the result
    expect(page.locator("[data-result-band]")).to_have_attribute(
        "data-overall", str(expected.overall)
    )
    page.locator("[data-clear]").click()
    expect(page.locator("#ca-profile")).to_be_focused()
    page.reload()
    expect(page.locator("[data-result]")).to_be_hidden()
    assert page.locator("input[type=radio]:checked").count() == 0

    page.set_input_files("[data-import-file]", str(saved))
    expect(page.locator("[data-import-status]")).to_have_text(
        STRINGS["import_done"].format(date=record["date"])
    )
    expect(page.locator("[data-result-band]")).to_have_attribute(
        "data-overall", str(expected.overall)
    )
    expect(page.locator("#ca-notes")).to_have_value("Visited by the Nairobi centre")
    assert page.outgoing == []


def test_export_without_notes_has_no_notes_field_and_prints_on_one_page(
    site: Path, offline_page: Any, assessment: Assessment, tmp_path: Path
) -> None:
    page = offline_page
    page.goto((site / PAGE).as_uri())
    answer_in_page(page, assessment, answers_for(assessment, seed=3))
    with page.expect_download() as download_info:
        page.locator("[data-download]").click()
    download_info.value.save_as(tmp_path / "plain.json")
    record = json.loads((tmp_path / "plain.json").read_text(encoding="utf-8"))
    assert "notes" not in record
    assert set(record) == {"format", "assessment", "date", "sector", "country", "answers", "scores"}
    # The printed summary is one A4 page (print CSS: the result only, compact).
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", STRINGS["import_not_json"]),
        ('{"format": "something-else"}', STRINGS["import_foreign"]),
        (
            json.dumps({"format": RESULT_FORMAT, "assessment": {"slug": SLUG, "version": 99}}),
            STRINGS["import_version"].format(found=99, expected=1),
        ),
        (
            json.dumps(
                {
                    "format": RESULT_FORMAT,
                    "assessment": {"slug": SLUG, "version": 1},
                    "answers": {"x": 1},
                }
            ),
            STRINGS["import_bad_answers"],
        ),
    ],
)
def test_import_refuses_files_it_cannot_use(
    site: Path, offline_page: Any, tmp_path: Path, content: str, message: str
) -> None:
    from playwright.sync_api import expect

    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    offline_page.goto((site / PAGE).as_uri())
    offline_page.set_input_files("[data-import-file]", str(bad))
    expect(offline_page.locator("[data-import-status]")).to_have_text(message)
    expect(offline_page.locator("[data-result]")).to_be_hidden()


def test_a_browser_that_refuses_storage_is_told_so(site: Path, browser: Any) -> None:
    from playwright.sync_api import expect

    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:", "blob:"))
            else route.abort()
        ),
    )
    context.add_init_script(
        "Object.defineProperty(window, 'localStorage', "
        "{get() { throw new DOMException('denied', 'SecurityError'); }});"
    )
    page = context.new_page()
    page.goto((site / PAGE).as_uri())
    expect(page.locator("[data-storage]")).to_have_text(STRINGS["storage_off"])
    context.close()


def test_without_javascript_every_question_is_on_the_page(site: Path, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site / PAGE).as_uri())
    assert page.locator("fieldset.casebook-assessment-question:visible").count() == 24
    assert page.locator("[data-noscript]").is_visible()
    assert not page.locator("[data-nav]").is_visible()
    context.close()


def test_script_and_python_agree_on_scores_and_recommendations(
    site: Path, offline_page: Any, assessment: Assessment, collection: Collection
) -> None:
    offline_page.goto((site / PAGE).as_uri())
    catalogue = catalogue_of(collection)
    inputs = [
        (answers_for(assessment, seed, share), sector, code)
        for seed, share, sector, code in [
            (1, 1.0, "agriculture", "KE"),
            (2, 1.0, "commerce", "ZA"),
            (3, 0.7, "health", "EG"),
            (4, 1.0, "manufacturing", "CN"),
            (5, 1.0, "tourism", "PE"),
            (6, 0.0, "energy", "FJ"),
            (8, 1.0, "other", "RS"),
        ]
    ]
    inputs.append(({q.id: 0 for q in assessment.questions}, "ict", "VN"))
    inputs.append(({q.id: len(q.options) - 1 for q in assessment.questions}, "finance", "NG"))
    for answers, sector, code in inputs:
        region = country(code).region
        in_page = offline_page.evaluate(
            """([answers, sector, region]) => {
                const api = window.casebookAssessment;
                const result = api.score(api.data.assessment, answers);
                const weak = api.weakest(api.data.assessment, result, api.data.limits.weakest);
                const found = api.recommend(api.data, weak, sector, region);
                return {
                    scores: result.dimensions.map(d => [d.dimension, d.answered, d.points, d.score, d.band]),
                    overall: [result.overall, result.band],
                    weak: weak,
                    cases: found.cases.map(m => [m.case.slug, m.tier, m.matched]),
                    modules: found.modules.map(m => m.uri),
                    guidelines: found.guidelines.map(g => g.uri),
                };
            }""",
            [answers, sector, region],
        )
        result = score_answers(assessment, answers)
        weak = weakest_dimensions(assessment, result)
        found = recommend(assessment, weak, sector, region, catalogue)
        assert in_page == {
            "scores": [
                [d.dimension, d.answered, d.points, d.score, d.band] for d in result.dimensions
            ],
            "overall": [result.overall, result.band],
            "weak": list(weak),
            "cases": [[m.case.slug, m.tier, list(m.matched)] for m in found.cases],
            "modules": [m.uri for m in found.modules],
            "guidelines": [g.uri for g in found.guidelines],
        }, (answers, sector, code)
    assert offline_page.outgoing == []
