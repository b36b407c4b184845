"""Everything the site writes itself goes through the catalogue (casebook.i18n).

A pseudo-translation proves it: a catalogue whose every translation is its English wrapped in
``⟦…⟧``. Rendered in that "language", every text a reader sees on a generated page must carry
the brackets, unless it is contributed text, a number, or a name that comes from the
vocabularies, the country and region names or Babel (each of them translated elsewhere).
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from casebook import aggregate, i18n, languages, vocabularies
from casebook.collection import Collection, load_collection
from casebook.editions import EditionChanges, render_edition_page, render_whats_new_page
from casebook.offline import BundlePlan, Listing, download_article, start_page
from casebook.pages import blocks, site_pages
from casebook.pages.case_pages import CitationContext
from casebook.pages.edition_pages import (
    EditionsView,
    render_edition_note,
    render_editions_page,
    render_latest_edition_note,
)
from casebook.pages.markdown import GeneratedPage
from casebook.site import strings

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ASSETS = ROOT / "casebook" / "site" / "assets"
PSEUDO = "fr"  # a shipped language: its vocabulary labels and country names exist
OPEN, CLOSE = "⟦", "⟧"

# The few words on generated pages that are not the site's own sentences, each with its reason.
NOT_MESSAGES = {
    # File formats and names: the same in every language.
    "JSON",
    "APA",
    "BibTeX",
    "PDF",
}


# -- (a) the committed template is current ----------------------------------------------------


def _message_ids(catalogue: Catalog) -> set[object]:
    return {message.id for message in catalogue if message.id}


def test_the_committed_template_holds_every_marked_string(tmp_path: Path) -> None:
    extracted = tmp_path / "casebook.pot"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from babel.messages.frontend import main; main()",
            "-q",
            "extract",
            "-F",
            "locales/babel.cfg",
            "--no-wrap",
            "-o",
            str(extracted),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    with extracted.open("rb") as fresh, i18n.TEMPLATE.open("rb") as committed:
        now, kept = _message_ids(read_po(fresh)), _message_ids(read_po(committed))
    assert now - kept == set(), "strings marked but not in locales/casebook.pot: make translations"
    assert kept - now == set(), (
        "locales/casebook.pot holds strings no code marks: make translations"
    )


# -- the pseudo language ---------------------------------------------------------------------


def _pseudo(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


@pytest.fixture
def pseudo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``PSEUDO``'s catalogue replaced by the pseudo-translation, for one test."""
    with i18n.TEMPLATE.open("rb") as template:
        messages = read_po(template)
    catalogue = Catalog(locale=PSEUDO)
    for message in messages:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            singular, plural = message.id
            forms = tuple(
                _pseudo(singular if i == 0 else plural) for i in range(catalogue.num_plurals)
            )
            catalogue.add(message.id, forms)
        else:
            catalogue.add(message.id, _pseudo(message.id))
    path = tmp_path / PSEUDO / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as po:
        write_po(po, catalogue)
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    i18n._translations.cache_clear()
    i18n.read_catalogue.cache_clear()
    yield PSEUDO
    i18n._translations.cache_clear()
    i18n.read_catalogue.cache_clear()


# -- reading what a reader sees --------------------------------------------------------------

_SKIPPED = {"script", "style", "code", "pre"}  # data, file names and BibTeX source: not read
_SEEN_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "label"}
# Inside these a message and the values it holds read as one text.
_INLINE = {"a", "strong", "em", "span", "mark", "abbr", "b", "i", "small", "code", "input"}


class _Visible(HTMLParser):
    """The texts of a page a reader sees, one per block (paragraph, cell, item, heading...),
    and the labels of its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._block: list[str] = []
        self._skipping = 0

    def _flush(self) -> None:
        if self._block:
            self.texts.append("".join(self._block))
            self._block = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _INLINE:
            self._flush()
        if tag in _SKIPPED:
            self._skipping += 1
        self.texts += [v for k, v in attrs if k in _SEEN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skipping:
            self._skipping -= 1
        if tag not in _INLINE:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._block.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")
_TABLE_RULE = re.compile(r"^\|(?:\s*-+\s*\|)+$", re.M)


def visible_texts(markdown: str) -> list[str]:
    """The texts of a generated page (Markdown with raw HTML) a reader sees, its title too."""
    texts = []
    found = _FRONT_MATTER.match(markdown)
    if found:
        for line in found.group(1).splitlines():
            key, _sep, value = line.partition(": ")
            if key in ("title", "description"):
                texts.append(html.unescape(json.loads(value)))
        markdown = markdown[found.end() :]
    markdown = _TABLE_RULE.sub("", _LINK_TARGET.sub("]", markdown))
    parser = _Visible()
    parser.feed(_MARKDOWN_ESCAPE.sub(r"\1", markdown))
    parser.close()
    return texts + parser.texts


def _strings_in(value: object, depth: int = 0) -> Iterator[str]:
    """Every text held by a content item (titles, summaries, quiz options, rendered HTML...)."""
    if depth > 12:
        return
    if isinstance(value, str):
        yield value
        if "<" in value:
            parser = _Visible()
            parser.feed(value)
            yield from parser.texts
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings_in(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings_in(getattr(value, field.name), depth + 1)


def contributed_text(collection: Collection) -> str:
    items: list[Any] = [
        *collection.cases,
        *collection.courses,
        *collection.guidelines,
        *collection.assessments,
        collection.call,
        *collection_editions(),
        CITATION,
    ]
    return "\n".join(
        html.unescape(" ".join(text.split())) for item in items for text in _strings_in(item)
    )


def named_elsewhere(tag: str) -> set[str]:
    """Labels, country and region names, language names: translated outside the catalogue."""
    found = languages.labels(tag)
    names = {*found.titles.values()}
    for terms in found.terms.values():
        names.update(terms.values())
    for sections in found.sections.values():
        names.update(sections.values())
    with i18n.activate(tag):
        names.update(i18n.country_name(code) for code in vocabularies.countries())
        for entry in vocabularies.countries().values():
            names.update((i18n.region_name(entry.region), i18n.region_name(entry.subregion)))
        names.update(str(name) for name in i18n.locale().languages.values())
        for width in ("wide", "abbreviated"):  # dates, as Babel writes them
            names.update(str(month) for month in i18n.locale().months["format"][width].values())
    return {" ".join(name.split()) for name in names}


_NO_WORDS = re.compile(r"[\W\d_]+")
_TRANSLATED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
# Between names and values: punctuation, list and heading marks, numbers, web addresses.
_SEPARATORS = re.compile(
    r"https?://\S+|[,·:;()\[\]|\n¶]| — | - |^\s*- |^\s*#+ |\. |(?:^|\s)[\d.,\u00a0\u202f]+(?=\s|$)",
    re.M,
)


def untranslated(texts: list[str], allowed: set[str], contributed: str) -> list[str]:
    """The texts that show words the catalogue does not know: what is left of each once its
    translated messages (innermost first) are taken out must be numbers, names translated
    elsewhere (``allowed``) or contributed text."""
    found = []
    for raw in texts:
        text = raw
        while True:
            shorter = _TRANSLATED.sub("\n", text)
            if shorter == text:
                break
            text = shorter
        whole = " ".join(text.split()).strip(" .")
        if whole in allowed or whole in contributed:
            continue
        for part in _SEPARATORS.split(text):
            part = " ".join(part.split()).strip(" .")
            if _NO_WORDS.sub("", part) and part not in allowed and part not in contributed:
                found.append(f"{part!r} in {' '.join(raw.split())[:160]!r}")
    return found


# -- (b) every generated page in the pseudo language ------------------------------------------


@pytest.fixture(scope="module")
def collection() -> Collection:
    loaded, _report = load_collection(CONTENT)
    return loaded


CITATION = CitationContext("Digital Transformation Casebook", "https://example.org/latest/")


def _every_page(collection: Collection) -> list[GeneratedPage]:
    return site_pages(collection, CITATION, include_drafts=True)


def _blocks(collection: Collection) -> dict[str, str]:
    return {
        "figures": blocks.figures(collection),
        "newest_cases": blocks.newest_cases(collection),
        "course_list": blocks.course_list(collection, include_drafts=True),
        "guideline_list": blocks.guideline_list(collection, include_drafts=True),
        "assessment_list": blocks.assessment_list(collection),
        "call_for_cases_link": blocks.call_for_cases_link(collection),
        "summary_table": blocks.summary_table(collection, "region", "sector"),
        "outcomes_summary": blocks.outcomes_summary(collection),
        "outcomes_table": blocks.outcomes_table(collection),
        "chart_sdg": blocks.chart(collection, "sdg"),
        "chart_region": blocks.chart(collection, "region"),
        "chart_year": blocks.chart(collection, "year"),
        "coverage": blocks.coverage(collection),
        "contribute_links": blocks.contribute_links("https://github.com/example/casebook"),
        "preview_notice": blocks.preview_notice(
            collection, include_drafts=True, changed_files=("content/cases/x.md",)
        ),
    }


def _edition_parts(collection: Collection) -> dict[str, str]:
    editions = collection_editions()
    if not editions:
        return {}
    first, *_rest = editions
    working = EditionsView(tuple(editions), "https://example.org/")
    inside = EditionsView(tuple(editions), "https://example.org/", current=first)
    changes = EditionChanges(previous=None, added=(), updated=(), withdrawn=(), unchanged=0)
    course = collection.courses[0]
    plan = BundlePlan(
        "course-x", course.title, course.summary, frozenset(), frozenset(), "index.html"
    )
    return {
        "editions": render_editions_page(working).markdown,
        "editions_inside": render_editions_page(inside).markdown,
        "latest_note": render_latest_edition_note(working),
        "edition_note": render_edition_note(inside, "cases/x.md"),
        "edition_page": render_edition_page(first, ["casebook-offline.zip"]).markdown,
        "whats_new": render_whats_new_page(first, changes, "https://example.org/").markdown,
        "download": download_article([Listing(plan, 1_234_567)]),
        "start_page": start_page(plan),
    }


def collection_editions() -> list[Any]:
    from casebook.editions import load_editions

    found, _problems = load_editions(CONTENT)
    return list(found)


def test_every_generated_page_speaks_the_catalogue(collection: Collection, pseudo: str) -> None:
    allowed = named_elsewhere(pseudo) | NOT_MESSAGES
    contributed = contributed_text(collection)
    with i18n.activate(pseudo):
        pages = {page.src_uri: page.markdown for page in _every_page(collection)}
        pages.update(_blocks(collection))
        pages.update(_edition_parts(collection))
    assert len(pages) > 40
    problems = {
        name: found
        for name, text in pages.items()
        if (found := untranslated(visible_texts(text), allowed, contributed))
    }
    assert problems == {}


def test_the_scripts_words_are_all_in_the_catalogue(pseudo: str) -> None:
    with i18n.activate(pseudo):
        script = strings.strings_script()
    payload = json.loads(script.removeprefix("window.casebookStrings = ").removesuffix(";\n"))
    assert payload["lang"] == pseudo
    for key, value in payload["messages"].items():
        texts = value.values() if isinstance(value, dict) else [value]
        assert all(text.startswith(OPEN) for text in texts), key
    # French has two plural categories; the script picks one with Intl.PluralRules.
    counted = payload["messages"]["{n} result for “{query}”"]
    assert set(counted) == {"one", "other"}
    assert counted["other"] == _pseudo("{n} results for “{query}”")


_SCRIPT_CALL = re.compile(r"""\bt\(\s*(["'])(.*?)\1|\btn\(\s*(["'])(.*?)\3""", re.S)


@pytest.mark.parametrize("script", ["course.js", "explorer.js", "search.js"])
def test_every_message_a_script_writes_is_in_its_table(script: str) -> None:
    source = (ASSETS / script).read_text(encoding="utf-8")
    keys = set(strings.messages())
    written = {m.group(2) or m.group(4) for m in _SCRIPT_CALL.finditer(source)}
    # The search filters' labels are written through a variable: the table names them.
    written |= {"All", "Cases", "Modules", "Guidelines", "Case", "Module", "Guideline", "Course"}
    assert written
    assert written - keys == set()


def test_the_strings_script_cannot_end_its_script_early() -> None:
    text = strings.script_json({"x": "</script><!-- & \u2028\u2029"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2028\u2029"}


def test_english_strings_script_is_english() -> None:
    payload = strings.strings_script()
    assert '"Try again":"Try again"' in payload
    assert '"{n} result for “{query}”":{"one":"{n} result for “{query}”",' in payload


# -- (c) nothing cached in one language shows in another --------------------------------------


def test_a_page_made_in_another_language_first_is_english_in_english(
    collection: Collection, pseudo: str
) -> None:
    english = [page.markdown for page in _every_page(collection)]
    charts = blocks.chart(collection, "sdg") + blocks.summary_table(collection, "region")
    with i18n.activate(pseudo):
        translated = [page.markdown for page in _every_page(collection)]
        blocks.chart(collection, "sdg")
        blocks.summary_table(collection, "region")
    assert any(OPEN in page for page in translated)
    again = [page.markdown for page in _every_page(collection)]
    assert again == english
    assert not any(OPEN in page for page in again)
    assert blocks.chart(collection, "sdg") + blocks.summary_table(collection, "region") == charts


def test_aggregate_titles_follow_the_language(pseudo: str) -> None:
    with i18n.activate(pseudo):
        assert aggregate.dimension("region").title == _pseudo("Region")
        assert aggregate.dimension("sector").title == languages.labels(pseudo).titles["sector"]
    assert aggregate.dimension("region").title == "Region"


def test_unknown_places_are_in_the_catalogue(pseudo: str) -> None:
    with i18n.activate(pseudo):
        assert i18n.region_name("Unknown region") == _pseudo("Unknown region")


def test_dates_are_iso_in_english_and_long_elsewhere(pseudo: str) -> None:
    from casebook.pages.fragments import shown_date

    assert shown_date(date(2026, 3, 31)) == "2026-03-31"
    with i18n.activate(pseudo):
        assert shown_date(date(2026, 3, 31)) == "31 mars 2026"
    assert Locale.parse(pseudo).language == "fr"


def _marked_in_source() -> Iterator[tuple[str, str]]:
    """(file, message) of every literal ``_()``, ``N_()`` and ``ngettext()`` in the package,
    f-strings included (Babel's extractor cannot see into those before Python 3.12)."""
    import ast

    for path in sorted([*(ROOT / "casebook").rglob("*.py"), *(ROOT / "macros").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            literals = [a.value for a in node.args if isinstance(a, ast.Constant)]
            if (
                node.func.id in ("_", "N_", "ngettext")
                and literals
                and isinstance(literals[0], str)
            ):
                yield path.relative_to(ROOT).as_posix(), literals[0]


def test_every_marked_string_reaches_the_template() -> None:
    with i18n.TEMPLATE.open("rb") as committed:
        known = {
            message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            for message in read_po(committed)
        }
    missing = [(path, text) for path, text in _marked_in_source() if text not in known]
    assert missing == [], "marked inside an f-string? Babel cannot see it there"
