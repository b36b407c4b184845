"""Offline bundles: link resolution, bundle file sets, link rewriting, the Download page and the
weight of a first visit, on the mini fixture site built once for offline use."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from builds import build_site

from casebook import cli
from casebook.offline import (
    DOWNLOAD_PAGE,
    FULL_BUNDLE,
    MISSING_CLASS,
    BundlePlan,
    Listing,
    OfflineError,
    bundled_page,
    css_urls,
    first_visit_bytes,
    human_size,
    loaded_closure,
    offline_problems,
    parse_page,
    plan_course_bundle,
    plan_full_bundle,
    published_courses,
    read_site,
    render_download_page,
    resolve,
    rewrite_links,
    site_from_texts,
    write_offline_bundles,
)

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
COURSE = "courses/intro-course/index.html"
MODULES = ("courses/intro-course/01-why.html", "courses/intro-course/02-how.html")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini site built for offline use. Tests that write copy it first."""
    site = tmp_path_factory.mktemp("offline") / "site"
    result = build_site(MINI, site, offline=True)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def site_copy(built: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(built, tmp_path / "site"))


# --- Resolving URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        ("courses/c/01.html", "../../cases/x.html", "cases/x.html"),
        ("courses/c/01.html", "02.html#objectives", "courses/c/02.html"),
        ("courses/c/01.html", "./index.html?h=word", "courses/c/index.html"),
        ("index.html", "cases/a%20b.html", "cases/a b.html"),
        ("index.html", "#top", None),
        ("index.html", "", None),
        ("index.html", "https://example.org/x.html", None),
        ("index.html", "//cdn.example.org/x.js", None),
        ("index.html", "mailto:someone@example.org", None),
        ("index.html", "data:image/png;base64,AAAA", None),
        ("index.html", "/about.html", "/about.html"),
        ("cases/x.html", "../../outside.html", "../outside.html"),
        ("index.html", "courses/", "courses/"),
    ],
)
def test_resolve(page: str, url: str, expected: str | None) -> None:
    assert resolve(page, url) == expected


@pytest.mark.parametrize(
    ("css", "expected"),
    [
        ('a{background:url("img/a.png")}', ["img/a.png"]),
        ("a{background:url( 'b.svg' )}", ["b.svg"]),
        ("@font-face{src:url(fonts/c.woff2) format('woff2')}", ["fonts/c.woff2"]),
        ('@import "other.css";', ["other.css"]),
        ("a{background:url(\"data:image/svg+xml;charset=utf-8,<svg a='(1)'/>\")}", None),
        ("a{color:red}", []),
    ],
)
def test_css_urls(css: str, expected: list[str] | None) -> None:
    found = css_urls(css)
    if expected is None:  # a data: URL with parentheses inside its quotes is one URL
        assert len(found) == 1 and found[0].startswith("data:image/svg+xml")
    else:
        assert found == expected


# --- Reading pages ----------------------------------------------------------------------------

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="../assets/a.css"><link rel="icon" href="../favicon.png">
<link rel="next" href="next.html"><link rel="canonical" href="https://example.org/p.html">
<script src="https://unpkg.com/iframe-worker/shim"></script>
</head><body>
<h1 id="t">Title &amp; more<a class="headerlink" href="#t">&para;</a></h1>
<p><a href="../other.html" class="x" id="keep">Other <em>page</em></a> and
<a href="inside.html#part">inside</a>, <a href="https://example.org/">away</a>,
<a href="#t">here</a>. <img src="../img/p.png" srcset="../img/p2.png 2x, ../img/p3.png 3x"></p>
<script id="__config" type="application/json">{"base": "..", "search": "../assets/w.js", "version": {"provider": "mike"}}</script>
</body></html>
"""


def test_parse_page_separates_what_is_loaded_from_what_is_followed() -> None:
    parsed = parse_page(PAGE)
    loaded = sorted(r.url for r in parsed.references if r.loaded)
    followed = sorted(r.url for r in parsed.references if not r.loaded)
    assert loaded == [
        "../assets/a.css",
        "../favicon.png",
        "../img/p.png",
        "../img/p2.png",
        "../img/p3.png",
        "https://unpkg.com/iframe-worker/shim",
    ]
    assert followed == [
        "#t",
        "#t",
        "../other.html",
        "https://example.org/",
        "https://example.org/p.html",
        "inside.html#part",
        "next.html",
    ]
    assert parsed.title == "Title & more"
    assert parsed.config["base"] == ".."


def test_a_page_loading_from_the_network_cannot_be_bundled() -> None:
    site = site_from_texts(["p/page.html"], {"p/page.html": PAGE}, {})
    assert offline_problems(site) == [
        "p/page.html: loads https://unpkg.com/iframe-worker/shim from the network",
    ]


def test_loaded_closure_follows_stylesheets_into_their_imports_and_fonts() -> None:
    site = site_from_texts(
        ["p.html", "a.css", "b.css", "f.woff2", "unused.css"],
        {"p.html": '<link rel="stylesheet" href="a.css"><a href="q.html">q</a>'},
        {"a.css": '@import "b.css";', "b.css": "@font-face{src:url(f.woff2)}", "unused.css": ""},
    )
    closure = loaded_closure(
        ["p.html"], site.pages.__getitem__, lambda css: site.stylesheets.get(css, ())
    )
    assert closure == {"a.css", "b.css", "f.woff2"}


# --- Rewriting links --------------------------------------------------------------------------


def test_links_outside_the_bundle_become_plain_text_and_inside_ones_stay() -> None:
    page = "p/page.html"
    rewritten = rewrite_links(PAGE, page, frozenset({page, "p/inside.html"}))
    assert '<a href="inside.html#part">inside</a>' in rewritten
    assert '<a href="https://example.org/">away</a>' in rewritten
    assert '<a href="#t">here</a>' in rewritten
    assert (
        f'<span class="x {MISSING_CLASS}" id="keep" title="Not in this download: this page is '
        'on the full site">Other <em>page</em></span>'
    ) in rewritten
    assert 'href="../other.html"' not in rewritten
    assert '<link rel="next"' not in rewritten  # a <link> to a missing page goes
    assert '<link rel="canonical" href="https://example.org/p.html">' in rewritten
    assert '<link rel="stylesheet" href="../assets/a.css">' in rewritten  # loads are untouched
    assert (
        rewrite_links(PAGE, page, frozenset({page, "p/inside.html", "other.html", "p/next.html"}))
        == PAGE
    )


def test_bundled_pages_lose_the_edition_selector_that_reads_outside_the_bundle() -> None:
    bundled = bundled_page(PAGE, "p/page.html", frozenset({"p/page.html"}))
    config = parse_page(bundled).config
    assert "version" not in config and config["search"] == "../assets/w.js"


@pytest.mark.parametrize(
    ("size", "label"),
    [(None, "…"), (0, "0 bytes"), (999, "999 bytes"), (1000, "1 KB"), (226_957, "227 KB"),
     (999_499, "999 KB"), (1_000_000, "1.0 MB"), (4_349_999, "4.3 MB")],
)  # fmt: skip
def test_human_size(size: int | None, label: str) -> None:
    assert human_size(size) == label


# --- Bundle plans on the built mini site ------------------------------------------------------


def test_course_bundle_holds_the_course_its_modules_and_what_they_link(built: Path) -> None:
    site = read_site(built)
    assert published_courses(site) == ["intro-course"]
    plan = plan_course_bundle(site, "intro-course")
    assert plan.name == "course-intro-course" and plan.title == "Introduction to digital tools"
    assert plan.pages == {
        COURSE,
        *MODULES,
        "cases/kenya-solar-irrigation.html",  # linked by module 1
        "cases/china-textile-platform.html",  # linked by module 2
        "guidelines/solar-sandbox.html",
    }
    assets = plan.files - plan.pages
    assert {
        "assets/casebook/casebook.css",
        "assets/casebook/course.js",
        "assets/casebook/i18n.js",  # the scripts' words: a course bundle carries them
        "assets/casebook/strings.js",
        "assets/casebook/search.js",
        "assets/casebook/search.css",
        "assets/images/favicon.png",
    } <= assets
    assert not any(path.startswith("search/") for path in assets)  # the bundle gets its own
    assert {path.rsplit(".", 1)[-1] for path in assets} <= {"css", "js", "png"}
    assert "assets/casebook/explorer.js" not in assets  # only the explorer page loads it
    assert plan.generated_home and plan.start == COURSE
    assert plan.description == "The course, its 2 modules, 2 cases and 1 guideline"


def test_full_bundle_holds_every_page_and_leaves_out_what_nothing_loads(built: Path) -> None:
    site = read_site(built)
    plan = plan_full_bundle(site)
    pages = {path for path in site.files if path.endswith(".html")}
    assert plan.pages == pages - {"404.html"}
    assert {
        "data/cases.csv",
        "data/cases.json",
        "feed.xml",
        "assets/casebook/explorer.js",
    } <= plan.files
    left_out = site.files - plan.files
    assert {"search/en/manifest.js", "sitemap.xml", "404.html"} <= left_out
    assert all(path.endswith(".map") for path in left_out if path.startswith("assets/stylesheets"))
    assert not plan.generated_home


def test_course_bundle_rejects_an_unknown_course(built: Path) -> None:
    with pytest.raises(OfflineError, match=re.escape("courses/nope/index.html")):
        plan_course_bundle(read_site(built), "nope")


def test_course_script_is_loaded_by_course_and_module_pages_only(built: Path) -> None:
    site = read_site(built)
    loading = sorted(
        p for p, links in site.pages.items() if "assets/casebook/course.js" in links.loads
    )
    assert loading == sorted([COURSE, *MODULES])
    assert '<script src="../../assets/casebook/course.js">' in (built / COURSE).read_text("utf-8")
    assert 'data-modules="01-why 02-how"' in (built / COURSE).read_text("utf-8")


def test_every_page_with_a_script_that_writes_words_loads_their_helpers(built: Path) -> None:
    # course.js, explorer.js and search.js take t() and tn() from i18n.js (one copy for all).
    site = read_site(built)
    writers = {f"assets/casebook/{name}" for name in ("course.js", "explorer.js", "search.js")}
    pages = {path for path, links in site.pages.items() if writers & set(links.loads)}
    assert {COURSE, "explorer.html"} <= pages
    assert {p for p in pages if "assets/casebook/i18n.js" not in site.pages[p].loads} == set()


# --- First-visit weight -----------------------------------------------------------------------


def test_first_visit_bytes_counts_the_page_and_everything_it_loads(built: Path) -> None:
    module = MODULES[0]
    weight = first_visit_bytes(built, module)
    size = {path: (built / path).stat().st_size for path in [module]}

    def found(pattern: str) -> list[str]:
        return [path.relative_to(built).as_posix() for path in built.glob(pattern)]

    css = [
        "assets/casebook/casebook.css",
        "assets/casebook/search.css",
        "assets/casebook/print.css",
        *found("assets/stylesheets/*.css"),
    ]
    js = [
        "assets/casebook/course.js",
        "assets/casebook/i18n.js",
        "assets/casebook/strings.js",
        "assets/casebook/search.js",
        *found("assets/javascripts/bundle.*.js"),
    ]
    assert len(css) == 5 and len(js) == 5
    assert weight["html"] == size[module]
    assert weight["css"] == sum((built / p).stat().st_size for p in css)
    assert weight["js"] == sum((built / p).stat().st_size for p in js)
    assert weight["search_index"] == 0  # the index loads once the reader types
    assert weight["image"] == (built / "assets/images/favicon.png").stat().st_size
    assert weight["font"] == 0 and weight["other"] == 0
    assert weight["requests"] == 1 + len(css) + len(js) + 1
    assert weight["total"] == sum(weight[k] for k in ("html", "css", "js", "image"))
    assert 0 < weight["total_gzip"] < weight["total"]


# --- Writing ----------------------------------------------------------------------------------


def test_download_page_sits_in_the_site_frame_with_relative_links(built: Path) -> None:
    site = read_site(built)
    shell = (built / "404.html").read_text("utf-8")
    plan = plan_course_bundle(site, "intro-course")
    page = render_download_page(shell, [Listing(plan, 123_456)])
    assert "<title>Download - " in page
    assert '<a href="downloads/course-intro-course.zip">Introduction to digital tools</a>' in page
    assert "<td>123 KB</td>" in page
    assert ' href="/' not in page and ' src="/' not in page
    assert parse_page(page).config["base"] == "."
    assert '__md_scope=new URL(".",location)' in page
    for reference in parse_page(page).references:
        target = resolve(DOWNLOAD_PAGE, reference.url)
        if target is not None and not target.startswith("downloads/"):
            assert (built / target).is_file(), reference.url


def zip_names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def test_write_offline_bundles_writes_reproducible_zips_and_the_download_page(
    site_copy: Path, tmp_path: Path
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "course-removed.zip").write_bytes(b"stale")
    written = write_offline_bundles(site_copy, dist)

    assert [w.path.name for w in written] == [f"{FULL_BUNDLE}.zip", "course-intro-course.zip"]
    assert sorted(p.name for p in dist.iterdir()) == [
        f"{FULL_BUNDLE}.zip",
        "course-intro-course.zip",
    ]
    for bundle in written:
        assert bundle.size == bundle.path.stat().st_size
        assert (site_copy / "downloads" / bundle.path.name).read_bytes() == bundle.path.read_bytes()

    download = (site_copy / DOWNLOAD_PAGE).read_text("utf-8")
    for bundle in written:  # the whole-site zip holds the page that states its own size
        assert f"<td>{human_size(bundle.size)}</td>" in download

    full = zip_names(written[0].path)
    assert f"{FULL_BUNDLE}/{DOWNLOAD_PAGE}" in full and f"{FULL_BUNDLE}/index.html" in full
    assert not any("/downloads/" in name for name in full)
    with zipfile.ZipFile(written[0].path) as archive:
        bundled_download = archive.read(f"{FULL_BUNDLE}/{DOWNLOAD_PAGE}").decode("utf-8")
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())
    assert 'href="downloads/' not in bundled_download  # the zips are not inside the zip
    course = zip_names(written[1].path)
    assert "course-intro-course/index.html" in course
    assert "course-intro-course/countries/ke.html" not in course

    first = {w.path.name: w.path.read_bytes() for w in written}
    again = write_offline_bundles(site_copy, tmp_path / "again")
    assert {w.path.name: w.path.read_bytes() for w in again} == first


def test_course_bundle_search_index_has_only_its_pages(site_copy: Path, tmp_path: Path) -> None:
    written = write_offline_bundles(site_copy, tmp_path / "dist")
    with zipfile.ZipFile(written[1].path) as archive:
        records = [
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.startswith("course-intro-course/search/en/d/")
        ]
        assert "course-intro-course/search/en/manifest.js" in archive.namelist()
    pages = {json.loads(record[record.index("{") : record.rindex(")")])["u"] for record in records}
    assert pages == {COURSE, *MODULES, "cases/kenya-solar-irrigation.html",
                     "cases/china-textile-platform.html", "guidelines/solar-sandbox.html"}  # fmt: skip
    assert not any(name.startswith("course-intro-course/search/") for name in zip_names(
        written[0].path))  # fmt: skip


def test_cli_writes_the_bundles_and_lists_them(
    site_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dist = tmp_path / "dist"
    assert cli.main(["offline", str(site_copy), "--dist", str(dist)]) == 0
    lines = capsys.readouterr().out.splitlines()
    sizes = {p.name: p.stat().st_size for p in dist.iterdir()}
    assert lines == [
        f"{dist / name}\t{human_size(sizes[name])}\t{sizes[name]} bytes"
        for name in (f"{FULL_BUNDLE}.zip", "course-intro-course.zip")
    ]


def test_cli_refuses_a_site_not_built_for_offline_use(
    site_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site_copy / "extra.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script>', encoding="utf-8"
    )
    assert cli.main(["offline", str(site_copy), "--dist", str(tmp_path / "dist")]) == 2
    assert capsys.readouterr().err == (
        "casebook: the site cannot be used offline:\n"
        "  extra.html: loads https://cdn.example.org/x.js from the network\n"
    )
    assert not (tmp_path / "dist").exists()


def test_an_empty_self_closed_link_is_closed_when_made_plain_text() -> None:
    rewritten = rewrite_links('<p><a href="gone.html"/>after</p>', "p.html", frozenset({"p.html"}))
    assert rewritten.startswith(f'<p><span class="{MISSING_CLASS}" title=')
    assert rewritten.endswith("></span>after</p>")


def test_plan_targets_include_the_generated_home() -> None:
    plan = BundlePlan("b", "B", "", frozenset({"a.html"}), frozenset({"a.html"}), "a.html")
    assert plan.generated_home and plan.targets == {"a.html", "index.html"}
