"""End to end: build the site from a small fixture tree and read the rendered pages."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from builds import build_site

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"


ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built by each engine in turn."""
    engine: str = request.param
    base = tmp_path_factory.mktemp(f"build-{engine}")
    content = base / "content"
    shutil.copytree(MINI, content)
    # A hostile-looking but valid value must come out escaped everywhere.
    case = content / "cases" / "china-textile-platform.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "Loom Cloud (fixture)", "Loom & <Cloud> (fixture)"
        ),
        encoding="utf-8",
    )
    result = build_site(content, base / "site", engine=engine)
    assert result.returncode == 0, result.stderr
    return base / "site"


def engine_of(site: Path) -> str:
    return site.parent.name.split("-")[1].rstrip("0123456789")


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_case_page_shows_the_metadata_panel(site: Path) -> None:
    html = page(site, "cases/kenya-solar-irrigation.html")
    for expected in [
        "Solar irrigation pumps for smallholders",
        "Kenya",
        "Africa",
        "Eastern Africa",
        "Agriculture",
        "Internet of Things",
        "SDG 2: Zero Hunger",
        "SDG 7: Affordable and Clean Energy",
        "Scaling",
        "2019",
        "Jua Maji (fixture)",
        "Startup",
        "Farmers served",
        "1,200",
        "Fixture source",
        "Test Editor",
        "Creative Commons Attribution 4.0",
        "Illustrative example",
    ]:
        assert expected in html, expected
    assert 'href="../countries/ke.html"' in html
    assert 'href="../sectors/agriculture.html"' in html
    assert 'href="../technologies/iot.html"' in html
    assert 'href="../sdgs/2.html"' in html


def test_values_are_escaped(site: Path) -> None:
    html = page(site, "cases/china-textile-platform.html")
    assert "Loom &amp; &lt;Cloud&gt; (fixture)" in html
    assert "<Cloud>" not in html


def test_drafts_are_never_published(site: Path) -> None:
    assert not (site / "cases" / "draft-peru-tourism.html").exists()
    assert not (site / "countries" / "pe.html").exists()
    assert not (site / "assessments" / "readiness-draft.html").exists()
    assert not list(site.rglob("*readiness-draft*"))  # neither the page nor its data script
    for built in site.rglob("*.*"):
        if built.suffix in (".html", ".json", ".csv", ".xml", ".js"):
            text = built.read_text(encoding="utf-8")
            assert "draft-peru-tourism" not in text, built
            assert "readiness-draft" not in text and "Draft cash-flow" not in text, built
            assert "Draft — not published" not in text, built
    for path in site.rglob("*.html"):
        assert "Draft community tourism" not in path.read_text(encoding="utf-8"), path


def test_course_and_module_pages(site: Path) -> None:
    course = page(site, "courses/intro-course/index.html")
    assert "45 min in 2 modules" in course
    assert 'href="01-why.html"' in course and 'href="02-how.html"' in course
    module = page(site, "courses/intro-course/01-why.html")
    assert "Module 1 of 2" in module
    assert "Explain why tools matter" in module
    assert "What do pumps run on?" in module and "<details>" in module
    assert 'href="../../cases/kenya-solar-irrigation.html"' in module
    assert 'href="../../guidelines/solar-sandbox.html"' in module
    assert 'href="02-how.html"' in module


def test_guideline_page_lists_its_evidence(site: Path) -> None:
    html = page(site, "guidelines/solar-sandbox.html")
    assert "Regulatory sandbox" in html and 'href="../cases/kenya-solar-irrigation.html"' in html


def test_term_pages_exist_only_for_values_with_cases(site: Path) -> None:
    assert sorted(p.stem for p in (site / "countries").glob("*.html")) == ["cn", "ke", "vn"]
    assert sorted(p.stem for p in (site / "regions").glob("*.html")) == ["africa", "asia"]
    assert sorted(p.stem for p in (site / "sdgs").glob("*.html")) == ["2", "7", "9"]
    kenya = page(site, "countries/ke.html")
    assert (
        "UN region" in kenya
        and "Solar irrigation pumps" in kenya
        and "Industrial internet" not in kenya
    )


def test_home_page_has_live_figures_and_newest_cases(site: Path) -> None:
    html = page(site, "index.html")
    assert "<strong>2</strong> published cases" in html
    assert "<strong>3</strong> countries" in html
    assert html.index("An industrial internet platform") < html.index("Solar irrigation pumps")


def test_open_data_row_count_equals_published_cases(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(page(site, "data/cases.csv"))))
    assert [r["slug"] for r in rows] == ["china-textile-platform", "kenya-solar-irrigation"]
    data = json.loads(page(site, "data/cases.json"))
    assert data["count"] == 2 and len(data["cases"]) == 2


def test_nothing_loads_from_the_network(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert (
            "fonts.googleapis" not in html
            and "unpkg.com" not in html
            and "cdn.jsdelivr" not in html
        ), path
        assert 'src="http' not in html, path


def test_invalid_content_fails_the_build_with_the_validator_messages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    case = content / "cases" / "kenya-solar-irrigation.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace("stage: scaling", "stage: scalling"),
        encoding="utf-8",
    )
    result = build_site(content, tmp_path / "site")
    assert result.returncode != 0
    assert "kenya-solar-irrigation.md:12: error[not-in-vocabulary] stage" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_pipeline_imports_no_engine_nor_pandas_nor_jsonschema(tmp_path: Path) -> None:
    # The engine runs in its own process; pandas (the analysis functions) and jsonschema
    # (explaining a rejected file) cost a quarter of a second of every build (BENCHMARKS.md).
    result = build_site(MINI, tmp_path / "site", python_options=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert {"casebook.collection", "casebook.pages.site", "casebook.engines.mkdocs"} <= imported
    unwanted = {"pandas", "jsonschema", "country_converter", "mkdocs", "zensical", "material"}
    assert not unwanted & {name.split(".")[0] for name in imported}


def test_the_build_log_is_quiet(tmp_path: Path) -> None:
    for engine in ENGINES:
        result = build_site(MINI, tmp_path / engine, engine=engine)
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
        *notices, last = result.stderr.splitlines()
        assert last.startswith("built "), result.stderr
        # No deprecation box or plugin chatter; only what the engine does not do is said.
        if engine == "mkdocs":
            assert notices == []
        else:
            assert notices == [
                "zensical: validation settings not read: absolute_links, omitted_files, "
                "unrecognized_links (Zensical checks links to missing pages and anchors only)"
            ]


def test_render_macros_in_contributed_files_is_never_honoured(tmp_path: Path) -> None:
    # Even if a contributed body held template syntax (the validator refuses it), generated
    # pages are marked render_macros: false, so macros never see contributed text.
    from casebook.collection import load_collection
    from casebook.pages import site_pages

    collection, _ = load_collection(MINI)
    for generated in site_pages(collection):
        assert "render_macros: false" in generated.markdown.split("---", 2)[1], generated.src_uri


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.targets += [value for name, value in attrs if name in ("href", "src") and value]


def test_every_local_link_of_the_site_resolves_to_a_file(site: Path) -> None:
    # Generated HTML (slots) is no longer checked by MkDocs' strict link validation: this is.
    broken = []
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue  # MkDocs writes it with root-absolute addresses, for any depth
        parser = _References()
        parser.feed(path.read_text(encoding="utf-8"))
        for target in parser.targets:
            address = target.split("#", 1)[0].split("?", 1)[0]
            if not address or re.match(r"^[a-z][a-z0-9+.-]*:", address, re.IGNORECASE):
                continue  # a fragment of the same page, or an external / data: address
            resolved = (path.parent / unquote(address)).resolve()
            if not resolved.is_file() and not (resolved / "index.html").is_file():
                broken.append(f"{path.relative_to(site)} -> {target}")
    assert broken == []


def test_generated_links_use_html_addresses(site: Path) -> None:
    html = page(site, "countries/ke.html")
    assert 'href="../cases/kenya-solar-irrigation.html"' in html
    assert 'href="../regions/africa.html"' in html
    assert 'href="../explorer.html#country=KE"' in html
    browse = page(site, "browse.html")
    assert 'href="countries/ke.html"' in browse and 'href="sdgs/7.html"' in browse
    assert not re.search(r'href="(?!https?:)[^"]*\.md"', html + browse)


def test_no_slot_marker_is_left_in_the_site(site: Path) -> None:
    for path in site.rglob("*.html"):
        assert "casebook-slot" not in path.read_text(encoding="utf-8"), path


def test_search_indexes_case_bodies_but_not_their_generated_parts(site: Path) -> None:
    records = [
        json.loads(text[text.index("{") : text.rindex(")")])
        for path in sorted((site / "search" / "en" / "d").glob("*.js"))
        if (text := path.read_text(encoding="utf-8"))
    ]
    (case,) = [r for r in records if r["u"] == "cases/kenya-solar-irrigation.html"]
    text = " ".join(" ".join(section) for section in case["s"])
    assert case["t"] == "Solar irrigation pumps for smallholders" and case["k"] == "case"
    assert "zanzibarite" in text and "smallholder farmers" in text  # body and summary
    assert "Fixture source" not in text and "@misc" not in text  # sources and citation
    assert "Eastern Africa" not in text  # the metadata panel
    html = page(site, "cases/kenya-solar-irrigation.html")
    assert "Fixture source" in html and "@misc{" in html  # shown on the page all the same


def test_generated_headings_are_in_the_table_of_contents(site: Path) -> None:
    html = page(site, "cases/kenya-solar-irrigation.html")
    contents = html[html.index('class="md-nav md-nav--secondary"') :].split("</nav>")[0]
    for anchor in ("context", "outcomes-reported", "sources", "cite-this-case"):
        assert f'<h2 id="{anchor}">' in html
        assert f'href="#{anchor}"' in contents, anchor
    term = page(site, "countries/ke.html")
    assert 'href="#summary"' in term and 'href="#cases"' in term


def test_every_page_has_one_h1(site: Path) -> None:
    for path in sorted(site.rglob("*.html")):
        assert len(re.findall(r"<h1[\s>]", path.read_text(encoding="utf-8"))) == 1, path
    assert '<h1 id="kenya">Kenya' in page(site, "countries/ke.html")  # no flag (issue 13)


@pytest.mark.parametrize(
    ("path", "entry"),
    [
        ("explorer.html", "Explorer"),
        ("browse.html", "Browse"),
        ("about.html", "About"),
        ("index.html", "Home"),
        ("cases/kenya-solar-irrigation.html", None),
        ("countries/ke.html", None),
    ],
)
def test_the_nav_marks_the_page_you_are_on(site: Path, path: str, entry: str | None) -> None:
    html = page(site, path)
    start = html.index('<nav class="md-nav md-nav--primary"')
    nav = html[start : html.index("</nav>", start)]
    active = re.findall(r'md-nav__link--active">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', nav)
    assert active == ([entry] if entry else [])


def article(html: str) -> list[str]:
    """The article's lines without Zensical's skip-link target (theme chrome)."""
    found = re.search(r"<article[^>]*>(.*?)</article>", html, re.DOTALL)
    assert found is not None
    body = found.group(1).replace('<a id="__skip" tabindex="-1"></a>', "")
    return [line.strip() for line in body.splitlines() if line.strip()]


def test_both_engines_build_the_same_articles(tmp_path: Path) -> None:
    # docs/ARCHITECTURE.md lists what differs outside the article (the theme's chrome).
    sites = {}
    for engine in ENGINES:
        result = build_site(MINI, tmp_path / engine, engine=engine)
        assert result.returncode == 0, result.stderr
        sites[engine] = tmp_path / engine
    pages = sorted(p.relative_to(sites["mkdocs"]) for p in sites["mkdocs"].rglob("*.html"))
    assert pages == sorted(
        p.relative_to(sites["zensical"]) for p in sites["zensical"].rglob("*.html")
    )
    assert len(pages) > 20
    for path in pages:
        mkdocs, zensical = (article((sites[e] / path).read_text(encoding="utf-8")) for e in ENGINES)
        assert mkdocs == zensical, path
