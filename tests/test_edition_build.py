"""An edition built in several languages: each language's folder holds its own page, what's
new and PDF report in that language (casebook.site.edition_build), built end to end."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from builds import build_site
from pypdf import PdfReader
from translation_tree import commit, translated_tree

from casebook import i18n
from casebook.i18n import _
from casebook.report_text import plain_text

LANGUAGES = ("en", "fr", "ar")
MANIFEST = """\
editions:
  - id: 2025
    title: 2025 edition
    published: 2025-06-30
    editors: [Ada Editor]
"""
# The translations translated_tree makes that are current in each language: the report prints
# them rather than the original's title.
TRANSLATED_TITLES = {
    "fr": "Bac à sable pour l'énergie solaire",  # a guideline
    "ar": "منصة رقمية لصناعة النسيج",  # a case
}
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u2066\u2067\u2068\u2069")
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("edition-languages")
    content = translated_tree(base)
    (content / "editions.yml").write_text(MANIFEST, encoding="utf-8")
    (content / "editions").mkdir()
    (content / "editions" / "2025.md").write_text("The first edition.\n", encoding="utf-8")
    commit(content, "the 2025 edition")
    # An edition build compares with the edition before it on the pages branch: none here.
    result = build_site(content, base / "site", edition="2025", languages=LANGUAGES)
    assert result.returncode == 0, result.stderr
    return base / "site"


def folder(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def report_text(reader: PdfReader) -> str:
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.translate(BIDI_CONTROLS).split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_report_in_its_language(site: Path, lang: str) -> None:
    reader = PdfReader(folder(site, lang) / "report.pdf")
    assert reader.trailer["/Root"]["/Lang"] == lang
    text = report_text(reader)
    with i18n.activate(lang):
        headings = [plain_text(key) for key in ("contents", "foreword", "numbers", "guidelines")]
    for heading in headings:
        assert heading in text, heading
    if lang in TRANSLATED_TITLES:
        assert TRANSLATED_TITLES[lang] in text
    # The cover gives the address of the edition in the report's language.
    address = "2025/" if lang == "en" else f"2025/{lang}/"
    assert re.search(rf"https://\S+/{address}(\s|$)", text), text[:400]


def test_the_reports_differ_and_only_english_speaks_english(site: Path) -> None:
    reports = {lang: (folder(site, lang) / "report.pdf").read_bytes() for lang in LANGUAGES}
    assert len(set(reports.values())) == len(LANGUAGES)
    french = report_text(PdfReader(folder(site, "fr") / "report.pdf"))
    assert "Index of countries" not in french and "Contents" not in french


def test_the_arabic_report_runs_right_to_left(site: Path) -> None:
    reader = PdfReader(site / "ar" / "report.pdf")
    with i18n.activate("ar"):
        heading = plain_text("contents")
    found: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() in (heading, heading[::-1]) and size and size > 15:
            found.append(tm[4])

    reader.pages[1].extract_text(visitor_text=visit)
    assert found and all(x > float(reader.pages[1].mediabox.width) / 2 for x in found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_edition_pages_link_the_languages_own_report(site: Path, lang: str) -> None:
    edition = (folder(site, lang) / "edition.html").read_text(encoding="utf-8")
    with i18n.activate(lang):
        label = _("Print-ready report (PDF)")
        files = _("Files of this edition")
    assert f'<a href="report.pdf">{label}</a>' in edition
    assert files in edition
    editions = (folder(site, lang) / "editions.html").read_text(encoding="utf-8")
    assert 'href="report.pdf"' in editions
    assert f'<html lang="{lang}"' in edition


def test_a_missing_report_font_stops_the_build_with_what_to_install(tmp_path: Path) -> None:
    content = translated_tree(tmp_path)
    (content / "editions.yml").write_text(MANIFEST, encoding="utf-8")
    (content / "editions").mkdir()
    (content / "editions" / "2025.md").write_text("The first edition.\n", encoding="utf-8")
    commit(content, "the 2025 edition")
    # fontconfig told of no fonts at all: as on a machine without the Noto packages.
    empty = tmp_path / "fonts.conf"
    empty.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    result = build_site(
        content,
        tmp_path / "site",
        edition="2025",
        languages=("en",),
        environment={"FONTCONFIG_FILE": str(empty)},
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "casebook: the edition's PDF reports cannot be printed: the report needs the fonts "
        "Noto Sans, Noto Sans Arabic, Noto Sans Display, Noto Sans CJK SC: install them with "
        "'apt-get install fonts-noto-cjk fonts-noto-core' (see README)"
    ) in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
