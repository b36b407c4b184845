"""The call for cases: its status by date, the gaps it lists, and the pre-filled issue links."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from factories import make_case

from casebook.calls import Call, Gap, gaps, submit_url
from casebook.pages.call_page import render_call_page

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-a-case.yml"
CALL = Call("Call for cases 2027", date(2026, 11, 1), date(2027, 3, 31), 1)
REPOSITORY = "https://github.com/o/r"


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 10, 31), "upcoming"),
        (date(2026, 11, 1), "open"),
        (date(2027, 3, 31), "open"),
        (date(2027, 4, 1), "closed"),
    ],
)
def test_status_by_date(today: date, status: str) -> None:
    assert CALL.status(today) == status


@pytest.mark.parametrize(
    ("gap", "query"),
    [
        (
            Gap("tourism", "Tourism", 0, "sectors"),
            {
                "template": ["submit-a-case.yml"],
                "title": ["[Case] Tourism: "],
                "sectors": ["tourism"],
            },
        ),
        (Gap("14", "SDG 14 — Life Below Water", 0, "sdgs"), {"sdgs": ["14"]}),
        (Gap("FJ", "Fiji", 0, "countries"), {"countries": ["FJ"]}),
        (Gap("Oceania", "Oceania", 0, ""), {"title": ["[Case] Oceania: "]}),
    ],
)
def test_submit_links_prefill_the_issue_form(gap: Gap, query: dict[str, list[str]]) -> None:
    url = urlsplit(submit_url(REPOSITORY, gap))
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/o/r/issues/new")
    found = parse_qs(url.query)
    assert {key: found[key] for key in query} == query


def test_every_prefilled_field_is_a_field_of_the_issue_form() -> None:
    form = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    cases = (make_case("a", countries=("KE",), sectors=("agriculture",)),)
    for gap_list in gaps(cases, threshold=1):
        for gap in gap_list.gaps:
            if not gap.field:
                assert gap_list.dimension == "region"
                continue
            field = fields[gap.field]
            if field["type"] == "dropdown":  # a dropdown takes one of its options' text
                assert gap.value in [str(option) for option in field["attributes"]["options"]]


def test_gaps_follow_the_coverage_report() -> None:
    cases = (
        make_case(
            "a", countries=("KE",), sectors=("agriculture",), technologies=("iot",), sdgs=(2,)
        ),
        make_case(
            "b", countries=("KE", "CN"), sectors=("agriculture",), technologies=("iot",), sdgs=(2,)
        ),
    )
    found = {g.dimension: g for g in gaps(cases, threshold=1)}
    assert [g.value for g in found["region"].gaps] == [
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
    ]  # Asia: 1 case
    assert "agriculture" not in [g.value for g in found["sector"].gaps]
    assert "other" not in [g.value for g in found["sector"].gaps]  # "other" is no gap
    assert [g.value for g in found["sdg"].gaps][:2] == ["1", "3"]
    countries = [g.value for g in found["country"].gaps]
    assert "KE" not in countries and "CN" not in countries and "NG" in countries
    assert "AQ" not in countries  # Antarctica: no region people live in
    assert [g.dimension for g in found.values()] == [
        "region",
        "country",
        "sector",
        "technology",
        "sdg",
    ]


def _links(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"#][^"]*)"', html)]


def test_an_open_call_links_every_gap() -> None:
    cases = (make_case("a"),)
    page = render_call_page(CALL, cases, date(2026, 12, 1), REPOSITORY)
    html = page.markdown
    assert 'data-call-status="open"' in html and "until 31 March 2027" in html
    links = _links(html)
    total = sum(len(g.gaps) for g in gaps(cases, 1))
    assert len(links) == total and all(
        link.startswith("https://github.com/o/r/issues/new?") for link in links
    )
    assert 'aria-label="Submit a case about Oceania"' in html
    assert "Lessons learned" in html and "CC0" in html  # the acceptance criteria


@pytest.mark.parametrize(
    ("today", "status", "words"),
    [
        (date(2027, 5, 1), "closed", "It closed on 31 March 2027."),
        (date(2026, 10, 1), "upcoming", "It opens on 1 November 2026"),
    ],
)
def test_a_call_that_is_not_open_says_so_and_links_nothing(
    today: date, status: str, words: str
) -> None:
    html = render_call_page(CALL, (make_case("a"),), today, REPOSITORY).markdown
    assert f'data-call-status="{status}"' in html and words in html
    assert _links(html) == []
    assert "Tourism" in html  # the gaps are still listed
