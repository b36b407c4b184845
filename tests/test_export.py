"""Open data: CSV, JSON and Atom, with the same records, stable columns and no surprises."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import get_type_hints

import pytest
from factories import make_case

from casebook.cases import Case, Contributor, Outcome, Source
from casebook.collection import load_collection
from casebook.export import (
    CSV_COLUMNS,
    FEED_SIZE,
    OUTCOME_COLUMNS,
    CaseRecord,
    case_records,
    render_atom,
    render_csv,
    render_json,
    render_outcomes_csv,
)

ROOT = Path(__file__).resolve().parent.parent
ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://example.org/casebook/"
UPDATED = datetime(2025, 10, 1, 12, 0, tzinfo=UTC)
HOSTILE = '=HYPERLINK("http://x") <script>alert(1)</script>'


FULL = make_case(
    "full",
    title="Solar kiosks in Kenya and Rwanda",
    countries=("KE", "RW"),
    sectors=("energy", "commerce"),
    technologies=("iot", "digital-payments"),
    sdgs=(7, 8),
    year=2019,
    stage="scaling",
    challenges=("affordability", "funding"),
    outcomes=(
        Outcome("Kiosks running", 40, "kiosks", baseline=3, year=2023),
        Outcome("Share paid by mobile money", 62.5, "percent"),
    ),
    sources=(
        Source("Annual report 2023", "https://example.org/report"),
        Source("Evaluation", "https://example.org/evaluation"),
    ),
    contributor=Contributor("Ann Author", "Solar Co", "ann.author@example.org"),
    license="CC0-1.0",
    submitted=date(2025, 2, 3),
    updated=date(2025, 4, 5),
    example=True,
)


@pytest.fixture(scope="module")
def real_cases() -> tuple[Case, ...]:
    collection, report = load_collection(ROOT / "content")
    assert report.problems == ()
    return collection.published_cases


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def many_cases(n: int) -> list[Case]:
    return [
        make_case(f"case-{i:02d}", submitted=date(2024, 1, 1) + timedelta(days=i)) for i in range(n)
    ]


# -- columns and records ---------------------------------------------------------------------


def test_columns_are_the_record_fields_in_order() -> None:
    assert tuple(get_type_hints(CaseRecord)) == CSV_COLUMNS


def test_columns_cover_every_front_matter_field_but_the_email() -> None:
    schema = json.loads((ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    flattened = {
        "organization": {"organization_name", "organization_type"},
        "sources": {"source_titles", "source_urls"},
        "contributor": {"contributor_name", "contributor_organization"},
    }
    for field in schema["properties"]:
        assert flattened.get(field, {field}) <= set(CSV_COLUMNS), field
    assert set(schema["properties"]["contributor"]["properties"]) == {
        "name",
        "organization",
        "email",
    }
    assert not any("email" in column for column in CSV_COLUMNS)


def test_a_record_holds_every_field_structured() -> None:
    [record] = case_records([FULL], SITE)
    assert record == {
        "slug": "full",
        "title": "Solar kiosks in Kenya and Rwanda",
        "summary": "A small made-up case for tests.",
        "countries": ["KE", "RW"],
        "country_names": ["Kenya", "Rwanda"],
        "regions": ["Africa"],
        "organization_name": "Test organisation",
        "organization_type": "sme",
        "sectors": ["energy", "commerce"],
        "technologies": ["iot", "digital-payments"],
        "sdgs": [7, 8],
        "year": 2019,
        "stage": "scaling",
        "challenges": ["affordability", "funding"],
        "outcomes": [
            {
                "metric": "Kiosks running",
                "value": 40,
                "unit": "kiosks",
                "baseline": 3,
                "year": 2023,
            },
            {
                "metric": "Share paid by mobile money",
                "value": 62.5,
                "unit": "percent",
                "baseline": None,
                "year": None,
            },
        ],
        "source_titles": ["Annual report 2023", "Evaluation"],
        "source_urls": ["https://example.org/report", "https://example.org/evaluation"],
        "contributor_name": "Ann Author",
        "contributor_organization": "Solar Co",
        "license": "CC0-1.0",
        "status": "published",
        "submitted": "2025-02-03",
        "updated": "2025-04-05",
        "example": True,
        "url": "https://example.org/casebook/cases/full.html",
        "translations": [],
    }


@pytest.mark.parametrize(
    ("base_url", "url"),
    [
        ("", "cases/full.html"),
        ("https://example.org/", "https://example.org/cases/full.html"),
        ("https://example.org/casebook", "https://example.org/casebook/cases/full.html"),
        ("../", "../cases/full.html"),
    ],
)
def test_record_urls_follow_the_site_layout(base_url: str, url: str) -> None:
    assert case_records([FULL], base_url)[0]["url"] == url


def test_the_email_is_never_published() -> None:
    records = case_records([FULL], SITE)
    assert "ann.author@example.org" not in render_csv(records)
    assert "ann.author@example.org" not in render_json(records)
    assert "ann.author@example.org" not in render_atom([FULL], SITE, "Feed", UPDATED)


# -- CSV -------------------------------------------------------------------------------------


def test_csv_flattens_lists_and_serialises_outcomes_as_json() -> None:
    text = render_csv(case_records([FULL, make_case("bare")], ""))
    full, bare = read_csv(text)
    assert full["countries"] == "KE;RW"
    assert full["country_names"] == "Kenya;Rwanda"
    assert full["sdgs"] == "7;8"
    assert full["source_urls"] == "https://example.org/report;https://example.org/evaluation"
    assert full["example"] == "true"
    assert full["year"] == "2019"
    assert json.loads(full["outcomes"])[1] == {
        "metric": "Share paid by mobile money",
        "value": 62.5,
        "unit": "percent",
        "baseline": None,
        "year": None,
    }
    assert bare["updated"] == ""
    assert bare["contributor_organization"] == ""
    assert bare["challenges"] == ""
    assert bare["outcomes"] == "[]"
    assert bare["example"] == "false"


def test_csv_is_rfc_4180_with_a_header_row() -> None:
    text = render_csv(case_records([FULL], ""))
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert next(csv.reader(io.StringIO(text, newline=""))) == list(CSV_COLUMNS)


def test_csv_quotes_separators_and_line_breaks_inside_cells() -> None:
    case = make_case("quoted", summary='Commas, "quotes" and\na line break.')
    [row] = read_csv(render_csv(case_records([case], "")))
    assert row["summary"] == 'Commas, "quotes" and\na line break.'


@pytest.mark.parametrize(
    ("title", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindent", "'\tindent"),
        ("\rreturn", "'\rreturn"),
        (HOSTILE, "'" + HOSTILE),
        ("a=b", "a=b"),
        (" =padded", " =padded"),
        ("'quoted", "'quoted"),
        ("Plain title", "Plain title"),
    ],
)
def test_csv_neutralises_spreadsheet_formulas(title: str, cell: str) -> None:
    [row] = read_csv(render_csv(case_records([make_case(title=title)], "")))
    assert row["title"] == cell


def test_csv_neutralises_formulas_in_every_column() -> None:
    case = make_case(
        "formula",
        organization_name="=cmd|' /C calc'!A0",
        contributor=Contributor("@evil", "-org"),
        sources=(Source("+title", "https://example.org/"),),
    )
    [row] = read_csv(render_csv(case_records([case], "")))
    assert row["organization_name"] == "'=cmd|' /C calc'!A0"
    assert row["contributor_name"] == "'@evil"
    assert row["contributor_organization"] == "'-org"
    assert row["source_titles"] == "'+title"


@pytest.mark.parametrize("n", [0, 1, 7, 25])
def test_csv_and_json_have_one_row_per_case(n: int) -> None:
    records = case_records(many_cases(n), "")
    assert len(read_csv(render_csv(records))) == n
    document = json.loads(render_json(records))
    assert document["count"] == n
    assert len(document["cases"]) == n


def test_real_content_exports_every_published_case(real_cases: tuple[Case, ...]) -> None:
    records = case_records(real_cases, SITE)
    rows = read_csv(render_csv(records))
    assert [r["slug"] for r in rows] == [c.slug for c in real_cases]
    assert all(r["status"] == "published" for r in rows)
    document = json.loads(render_json(records))
    assert document["count"] == len(real_cases)
    assert [c["slug"] for c in document["cases"]] == [c.slug for c in real_cases]


# -- outcomes.csv ----------------------------------------------------------------------------


def test_outcomes_csv_has_one_row_per_outcome_with_its_case() -> None:
    text = render_outcomes_csv(case_records([FULL, make_case("bare")], ""))
    assert text.startswith(",".join(OUTCOME_COLUMNS) + "\r\n") and text.endswith("\r\n")
    assert read_csv(text) == [
        {
            "slug": "full",
            "countries": "KE;RW",
            "year": "2019",
            "metric": "Kiosks running",
            "value": "40",
            "unit": "kiosks",
            "baseline": "3",
            "outcome_year": "2023",
        },
        {
            "slug": "full",
            "countries": "KE;RW",
            "year": "2019",
            "metric": "Share paid by mobile money",
            "value": "62.5",
            "unit": "percent",
            "baseline": "",
            "outcome_year": "",
        },
    ]


def test_outcomes_csv_neutralises_formulas_but_keeps_negative_numbers() -> None:
    case = make_case(
        "formula",
        outcomes=(Outcome(HOSTILE, -5, "@unit", baseline=-2.5),),
    )
    [row] = read_csv(render_outcomes_csv(case_records([case], "")))
    assert row["metric"] == "'" + HOSTILE
    assert row["unit"] == "'@unit"
    assert (row["value"], row["baseline"]) == ("-5", "-2.5")


def test_outcomes_csv_of_cases_without_outcomes_is_its_header() -> None:
    assert (
        render_outcomes_csv(case_records([make_case()], "")) == ",".join(OUTCOME_COLUMNS) + "\r\n"
    )


# -- JSON ------------------------------------------------------------------------------------


def test_json_keeps_types_and_lists() -> None:
    document = json.loads(render_json(case_records([FULL], SITE)))
    assert list(document) == ["count", "columns", "cases"]
    assert document["columns"] == list(CSV_COLUMNS)
    [case] = document["cases"]
    assert list(case) == list(CSV_COLUMNS)
    assert case["sdgs"] == [7, 8]
    assert case["example"] is True
    assert case["outcomes"][0]["value"] == 40


def test_json_can_be_inlined_in_a_script_element() -> None:
    case = make_case("script", title="</script><script>alert(1)</script> & \u2028")
    text = render_json(case_records([case], ""))
    for raw in ("<", ">", "&", "\u2028"):
        assert raw not in text
    assert json.loads(text)["cases"][0]["title"] == case.title


# -- Atom ------------------------------------------------------------------------------------


def parse_feed(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_atom_feed_has_the_required_elements() -> None:
    feed = parse_feed(render_atom([FULL], SITE, "New cases", UPDATED))
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "New cases"
    assert feed.findtext(f"{ATOM}id") == SITE
    assert feed.findtext(f"{ATOM}updated") == "2025-10-01T12:00:00Z"
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "New cases"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {"self": SITE + "feed.xml", "alternate": SITE}
    [entry] = feed.findall(f"{ATOM}entry")
    url = SITE + "cases/full.html"
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.findtext(f"{ATOM}title") == FULL.title
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == url
    assert entry.findtext(f"{ATOM}published") == "2025-02-03T00:00:00Z"
    assert entry.findtext(f"{ATOM}updated") == "2025-04-05T00:00:00Z"
    assert entry.findtext(f"{ATOM}summary") == FULL.summary


def test_atom_feed_holds_the_newest_cases_newest_first() -> None:
    cases = many_cases(FEED_SIZE + 5)
    feed = parse_feed(render_atom(cases, SITE, "New cases", UPDATED))
    ids = [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]
    assert len(ids) == FEED_SIZE
    assert ids[0] == SITE + f"cases/case-{FEED_SIZE + 4:02d}.html"
    assert ids[-1] == SITE + "cases/case-05.html"


def test_atom_feed_is_deterministic_and_valid_with_no_cases() -> None:
    first = render_atom(many_cases(3), SITE, "New cases", UPDATED)
    assert first == render_atom(many_cases(3), SITE, "New cases", UPDATED)
    empty = parse_feed(render_atom([], SITE, "New cases", UPDATED))
    assert empty.findall(f"{ATOM}entry") == []


def test_atom_escapes_contributed_text() -> None:
    case = make_case("hostile", title=HOSTILE, summary="Fish & chips <b>bold</b>\x01")
    text = render_atom([case], SITE, "Feed & <news>", UPDATED)
    assert "<script>" not in text
    assert "<b>" not in text
    feed = parse_feed(text)
    entry = feed.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == HOSTILE
    assert entry.findtext(f"{ATOM}summary") == "Fish & chips <b>bold</b>"
    assert feed.findtext(f"{ATOM}title") == "Feed & <news>"


@pytest.mark.parametrize(
    ("updated", "expected"),
    [
        (datetime(2025, 10, 1, 12, 0), "2025-10-01T12:00:00Z"),
        (datetime(2025, 10, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))), "2025-10-01T12:00:00Z"),
    ],
)
def test_atom_times_are_utc(updated: datetime, expected: str) -> None:
    feed = parse_feed(render_atom([], SITE, "Feed", updated))
    assert feed.findtext(f"{ATOM}updated") == expected


@pytest.mark.parametrize("site_url", ["", "/casebook/", "example.org", "ftp://example.org/"])
def test_atom_needs_an_absolute_site_url(site_url: str) -> None:
    with pytest.raises(ValueError, match="absolute address"):
        render_atom([FULL], site_url, "Feed", UPDATED)


def test_atom_adds_the_missing_slash_to_the_site_url() -> None:
    feed = parse_feed(render_atom([FULL], "https://example.org/casebook", "Feed", UPDATED))
    assert feed.findtext(f"{ATOM}entry/{ATOM}id") == "https://example.org/casebook/cases/full.html"
