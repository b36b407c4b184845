"""The case explorer fragment: rows, facet values and counts, escaping, raw-HTML-block safety."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import pytest

from casebook.cases import Case
from casebook.collection import load_collection
from casebook.explorer import ASSETS_DIR, PAGE_SIZE, read_explorer_data, render_explorer
from casebook.vocabularies import country, sdg_title, vocabulary

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = '<script>alert(1)</script>" onmouseover="x'
FACET_KEYS = ("country", "region", "sector", "technology", "sdg", "org-type", "stage")


@dataclasses.dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""
    parent: Element | None = None


class Tree(HTMLParser):
    """Every element with its attributes and the text directly or deeply inside it."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.open: list[Element] = []
        self.feed(source)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs), parent=self.open[-1] if self.open else None)
        self.elements.append(element)
        if tag not in {"input", "br", "img", "meta", "link"}:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data

    def find(self, tag: str, **attrs: str | None) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag
            and all(e.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
        ]

    def with_attribute(self, name: str) -> list[Element]:
        return [e for e in self.elements if name in e.attrs]


@pytest.fixture(scope="module")
def cases() -> tuple[Case, ...]:
    collection, _ = load_collection(ROOT / "content")
    return collection.published_cases


def case_url(case: Case) -> str:
    return f"cases/{case.slug}.html"


def is_inside(element: Element, ancestor: Element) -> bool:
    parent = element.parent
    while parent is not None and parent is not ancestor:
        parent = parent.parent
    return parent is ancestor


def rows_of(tree: Tree) -> dict[str, Element]:
    return {str(row.attrs["data-case"]): row for row in tree.with_attribute("data-case")}


def expected_terms(case: Case, key: str) -> list[str]:
    terms: dict[str, Callable[[Case], list[str]]] = {
        "country": lambda c: list(c.countries),
        "region": lambda c: [country(code).region.lower() for code in c.countries],
        "sector": lambda c: list(c.sectors),
        "technology": lambda c: list(c.technologies),
        "sdg": lambda c: [str(goal) for goal in c.sdgs],
        "org-type": lambda c: [c.organization_type],
        "stage": lambda c: [c.stage],
    }
    return list(dict.fromkeys(terms[key](case)))


def test_fragment_is_a_raw_html_block(cases: tuple[Case, ...]) -> None:
    fragment = render_explorer(cases, case_url)
    assert fragment.startswith("<div ")
    assert all(line.strip() for line in fragment.split("\n"))
    page = markdown.markdown(f"# Explorer\n\nBefore.\n\n{fragment}\n\nAfter.")
    assert fragment in page


def test_every_case_is_a_row_in_title_order(cases: tuple[Case, ...]) -> None:
    tree = Tree(render_explorer(list(reversed(cases)), case_url))
    slugs = [row.attrs["data-case"] for row in tree.with_attribute("data-case")]
    assert slugs == [c.slug for c in sorted(cases, key=lambda c: (c.title.casefold(), c.slug))]


def test_rows_carry_facet_values_and_show_the_case(cases: tuple[Case, ...]) -> None:
    tree = Tree(render_explorer(cases, case_url))
    rows = rows_of(tree)
    for case in cases:
        row = rows[case.slug]
        for key in FACET_KEYS:
            assert row.attrs[f"data-{key}"] == " ".join(expected_terms(case, key)), key
        assert row.attrs["data-year"] == str(case.year)
        links = [e for e in tree.find("a") if e.parent is row]
        assert [(link.attrs["href"], link.text) for link in links] == [(case_url(case), case.title)]
        for shown in (
            case.summary,
            case.organization_name,
            ", ".join(country(code).name for code in case.countries),
            str(case.year),
            vocabulary("stage").label(case.stage),
        ):
            assert " ".join(shown.split()) in row.text


@pytest.mark.parametrize("key", FACET_KEYS)
def test_facets_list_only_present_values_with_their_counts(
    cases: tuple[Case, ...], key: str
) -> None:
    subset = cases[:5]
    tree = Tree(render_explorer(subset, case_url))
    (fieldset,) = tree.find("fieldset", data_facet=key)
    boxes = [e for e in tree.find("input", type="checkbox") if is_inside(e, fieldset)]
    assert {box.attrs["name"] for box in boxes} == {key}
    present = {term for case in subset for term in expected_terms(case, key)}
    assert {box.attrs["value"] for box in boxes} == present
    for box in boxes:
        label = box.parent
        assert label is not None and label.tag == "label"
        (count,) = [e for e in tree.with_attribute("data-facet-count") if e.parent is label]
        expected = sum(box.attrs["value"] in expected_terms(case, key) for case in subset)
        assert count.text == str(expected)


@pytest.mark.parametrize(
    ("key", "term", "label"),
    [
        ("country", "KE", "Kenya"),
        ("region", "africa", "Africa"),
        ("sector", "public-services", "Public services"),
        ("technology", "ai", "Artificial intelligence"),
        ("sdg", "9", f"9 — {sdg_title(9)}"),
        ("org-type", "acceleration-centre", "Acceleration centre"),
        ("stage", "pilot", "Pilot"),
    ],
)
def test_facet_values_show_vocabulary_labels(
    cases: tuple[Case, ...], key: str, term: str, label: str
) -> None:
    tree = Tree(render_explorer(cases, case_url))
    (box,) = [e for e in tree.find("input", type="checkbox", value=term) if e.attrs["name"] == key]
    assert box.parent is not None
    assert label in box.parent.text


def test_facet_values_follow_vocabulary_order(cases: tuple[Case, ...]) -> None:
    tree = Tree(render_explorer(cases, case_url))
    sectors = [e.attrs["value"] for e in tree.find("input", type="checkbox", name="sector")]
    order = vocabulary("sector").terms
    assert sectors == sorted(sectors, key=order.index)
    sdgs = [e.attrs["value"] for e in tree.find("input", type="checkbox", name="sdg")]
    assert sdgs == sorted(sdgs, key=lambda goal: int(str(goal)))


def test_status_line_and_controls(cases: tuple[Case, ...]) -> None:
    tree = Tree(render_explorer(cases, case_url))
    (status,) = tree.find("p", aria_live="polite")
    assert " ".join(status.text.split()) == f"{len(cases)} of {len(cases)} cases"
    (count,) = tree.with_attribute("data-count")
    assert count.text == str(len(cases))
    (panel,) = tree.with_attribute("data-explorer-panel")
    # Not hidden by an attribute (the script would show it after the first paint, moving the
    # list): the stylesheet hides it where scripts cannot run.
    assert "hidden" not in panel.attrs
    assert "@media (scripting: none)" in (ASSETS_DIR / "explorer.css").read_text()
    (filters,) = tree.with_attribute("data-explorer-filters")
    assert (filters.tag, "open" in filters.attrs) == ("details", False)
    assert all(is_inside(fieldset, filters) for fieldset in tree.find("fieldset"))
    assert [e.attrs["value"] for e in tree.find("option")] == [
        "title",
        "year-desc",
        "year-asc",
        "country",
    ]
    years = sorted(case.year for case in cases)
    for year_input in tree.find("input", type="number"):
        assert (year_input.attrs["min"], year_input.attrs["max"]) == (str(years[0]), str(years[-1]))
    labelled = {e.attrs["for"] for e in tree.find("label") if "for" in e.attrs}
    for control in tree.find("input") + tree.find("select"):
        assert control.attrs.get("id") in labelled or (
            control.parent is not None and control.parent.tag == "label"
        ), control.attrs
    assert [(b.tag, b.text) for b in tree.with_attribute("data-clear")] == [
        ("button", "Clear filters")
    ]


def test_page_size_is_handed_to_the_script(cases: tuple[Case, ...]) -> None:
    default = Tree(render_explorer(cases, case_url))
    assert default.with_attribute("data-casebook-explorer")[0].attrs["data-page-size"] == str(
        PAGE_SIZE
    )
    small = Tree(render_explorer(cases, case_url, page_size=5))
    assert small.with_attribute("data-casebook-explorer")[0].attrs["data-page-size"] == "5"
    (more,) = small.with_attribute("data-show-more")
    assert "hidden" in more.attrs
    with pytest.raises(ValueError, match="page_size"):
        render_explorer(cases, case_url, page_size=0)


def test_no_cases_still_renders() -> None:
    fragment = render_explorer([], case_url)
    tree = Tree(fragment)
    assert tree.with_attribute("data-case") == []
    assert tree.find("fieldset") == []
    assert tree.with_attribute("data-count")[0].text == "0"
    assert all(line.strip() for line in fragment.split("\n"))


@pytest.mark.parametrize(
    "change",
    [
        {"title": HOSTILE},
        {"summary": HOSTILE},
        {"organization_name": HOSTILE},
        {"summary": "First paragraph.\n\n<p>Second</p>\n\n\n"},
        {"title": "Ampersands & <b>bold</b> 'quotes'"},
    ],
)
def test_every_value_is_escaped_and_kept_on_one_line(
    cases: tuple[Case, ...], change: dict[str, Any]
) -> None:
    hostile_case = dataclasses.replace(cases[0], **change)
    hostile_url: Callable[[Case], str] = lambda case: f'cases/{case.slug}.html?a=1&b="><x'  # noqa: E731
    fragment = render_explorer([hostile_case, *cases[1:]], hostile_url)
    assert "<script>" not in fragment
    scripts = [e for e in Tree(fragment).elements if e.tag == "script"]
    assert [(s.attrs["type"], "data-explorer-data" in s.attrs) for s in scripts] == [
        ("application/json", True)
    ]
    assert "<b>" not in fragment and "<p>Second" not in fragment
    assert '" onmouseover' not in fragment
    assert all(line.strip() for line in fragment.split("\n"))
    tree = Tree(fragment)
    row = rows_of(tree)[hostile_case.slug]
    assert not any("onmouseover" in e.attrs for e in tree.elements)
    links = [e for e in tree.find("a") if e.parent is row]
    assert links[0].attrs["href"] == hostile_url(hostile_case)
    for field, value in change.items():
        assert " ".join(value.split()) in row.text, field


def data_of(fragment: str) -> dict[str, Any]:
    (script,) = Tree(fragment).with_attribute("data-explorer-data")
    packed = json.loads(script.text)
    assert packed["encoding"] == "gzip+base64"
    return read_explorer_data(packed)


def test_the_data_holds_every_case_in_title_order_each_text_once(
    cases: tuple[Case, ...],
) -> None:
    data = data_of(render_explorer(list(reversed(cases)), case_url))
    ordered = sorted(cases, key=lambda c: (c.title.casefold(), c.slug))
    assert data["url"] == ["cases/", ".html"]
    assert [key for key, _ in data["facets"]] == list(FACET_KEYS)
    labels = dict(data["facets"])
    assert ["KE", "Kenya"] in labels["country"] and ["pilot", "Pilot"] in labels["stage"]
    assert len(data["rows"]) == len(ordered)
    for row, case in zip(data["rows"], ordered, strict=True):
        assert row[:5] == [case.slug, case.title, " ".join(case.summary.split()),
                           case.organization_name, case.year]  # fmt: skip
        for (key, values), positions in zip(data["facets"], row[5:], strict=True):
            assert [values[p][0] for p in positions] == expected_terms(case, key), key


def test_an_address_off_the_pattern_is_written_out(cases: tuple[Case, ...]) -> None:
    odd = cases[-1]

    def url(case: Case) -> str:
        return "elsewhere/odd.html" if case is odd else case_url(case)

    rows = data_of(render_explorer(cases, url))["rows"]
    assert [odd.slug, "elsewhere/odd.html"] in [row[0] for row in rows]


def test_only_the_first_page_of_rows_is_html_with_a_note_for_readers_without_script(
    cases: tuple[Case, ...],
) -> None:
    tree = Tree(render_explorer(cases, case_url, page_size=3))
    ordered = sorted(cases, key=lambda c: (c.title.casefold(), c.slug))
    assert list(rows_of(tree)) == [case.slug for case in ordered[:3]]
    (note,) = tree.with_attribute("data-explorer-nojs")
    assert f"first 3 of {len(cases)} cases" in note.text
    assert Tree(render_explorer(cases, case_url)).with_attribute("data-explorer-nojs") == []
