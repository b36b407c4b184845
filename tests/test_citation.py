"""Citations: the collection's CITATION.cff and "Cite this case" on case pages."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from casebook.cases import Case
from casebook.collection import load_collection
from casebook.editions import load_editions
from casebook.pages.case_pages import (
    CitationContext,
    bibtex_text,
    render_bibtex,
    render_case_page,
    render_citation_html,
)

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"

# The parts of the Citation File Format 1.2.0 schema (citation-file-format/schema.json) that
# apply to the keys this file may use: required keys, their types, and the closed key set.
_PERSON_OR_ENTITY: dict[str, Any] = {
    "type": "object",
    "anyOf": [{"required": ["name"]}, {"required": ["family-names"]}],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "family-names": {"type": "string", "minLength": 1},
        "given-names": {"type": "string", "minLength": 1},
        "orcid": {"type": "string", "pattern": r"^https://orcid\.org/[0-9]{4}-"},
        "email": {"type": "string"},
        "website": {"type": "string", "pattern": "^https?://"},
        "affiliation": {"type": "string"},
    },
}
CFF_1_2_0_SUBSET: dict[str, Any] = {
    "type": "object",
    "required": ["cff-version", "message", "title", "authors"],
    "additionalProperties": False,
    "properties": {
        "cff-version": {"const": "1.2.0"},
        "message": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "type": {"enum": ["dataset", "software"]},
        "abstract": {"type": "string", "minLength": 1},
        "authors": {"type": "array", "minItems": 1, "items": _PERSON_OR_ENTITY},
        "version": {"type": ["string", "number"]},
        "date-released": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "url": {"type": "string", "pattern": "^https?://"},
        "repository-code": {"type": "string", "pattern": "^https?://"},
        "license": {"type": "string"},
        "keywords": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "doi": {"type": "string", "pattern": r"^10\.\d{4,9}/"},
    },
}


def read_citation_file() -> dict[str, Any]:
    # CFF is YAML 1.2: dates must stay text, so read with the base loader (all strings).
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    data = yaml.load(text, Loader=yaml.BaseLoader)
    assert isinstance(data, dict)
    return data


def test_citation_file_is_valid_cff_1_2_0() -> None:
    jsonschema.validate(read_citation_file(), CFF_1_2_0_SUBSET)


def test_citation_file_names_the_newest_edition() -> None:
    data = read_citation_file()
    newest = load_editions(ROOT / "content")[0][-1]
    assert data["version"] == newest.id
    assert data["date-released"] == newest.published.isoformat()
    assert data["url"].endswith(f"/{newest.id}/")


def mini_case() -> Case:
    collection, _ = load_collection(MINI)
    return collection.case("kenya-solar-irrigation")


EDITION = CitationContext(
    "Digital Transformation Case Studies Collection",
    "https://x.org/2026/",
    "2026",
    "2026 edition",
    ("Ada Editor", "Ben Editor", "Cy Editor"),
)
LATEST = CitationContext("Digital Transformation Case Studies Collection", "https://x.org/latest/")


def test_apa_for_an_edition() -> None:
    section = render_citation_html(mini_case(), EDITION)
    assert (
        "Test Editor. (2025). <em>Solar irrigation pumps for smallholders</em> [Case study]. "
        "In Ada Editor, Ben Editor &amp; Cy Editor (Eds.), "
        "<em>Digital Transformation Case Studies Collection</em> (2026 edition). "
        '<a href="https://x.org/2026/cases/kenya-solar-irrigation.html">'
        "https://x.org/2026/cases/kenya-solar-irrigation.html</a>"
    ) in section


def test_bibtex_for_the_latest_alias() -> None:
    assert render_bibtex(mini_case(), LATEST) == (
        "@misc{kenya-solar-irrigation-latest,\n"
        "  author = {{Test Editor}},\n"
        "  title = {{Solar irrigation pumps for smallholders}},\n"
        "  year = {2025},\n"
        "  howpublished = {Digital Transformation Case Studies Collection},\n"
        "  url = {https://x.org/latest/cases/kenya-solar-irrigation.html},\n"
        "  note = {Case study}\n"
        "}\n"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Plain", "Plain"),
        ("50% & $5 #1 a_b", r"50\% \& \$5 \#1 a\_b"),
        ("{x}", r"\{x\}"),
        ("back\\slash ^ ~", r"back\textbackslash{}slash \^{} \~{}"),
        ("two\nlines", "two lines"),
    ],
)
def test_bibtex_text_is_inert(value: str, expected: str) -> None:
    assert bibtex_text(value) == expected


def test_hostile_values_are_escaped_in_the_citation() -> None:
    case = mini_case()
    hostile = dataclasses.replace(
        case,
        title="Pumps </code></pre><script>alert(1)</script>",
        contributor=dataclasses.replace(case.contributor, name="Eve} @misc{x"),
        updated=date(2026, 1, 2),
    )
    page = render_case_page(hostile, EDITION).markdown
    assert "<script>" not in page and "</code></pre><" not in page
    bibtex = re.search(r"<pre[^>]*><code>(.*)</code></pre>", page, re.S)
    assert bibtex is not None
    assert "author = {{Eve\\} @misc\\{x}}" in bibtex.group(1)
    assert "year = {2026}" in bibtex.group(1)


def test_case_page_without_citation_context_has_no_citation() -> None:
    assert "Cite this case" not in render_case_page(mini_case()).markdown
    assert '<h2 id="casebook-cite">Cite this case' in render_case_page(mini_case(), LATEST).markdown
