"""The benchmark harness's pure parts: bare config, draft filter, targets, reports, sizes.

Nothing here times anything; the measurements themselves run only in ``make bench``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook.bench import (
    BenchResults,
    BuildRun,
    ExplorerRun,
    ReportRun,
    SetupCheck,
    SizeResult,
    bare_config,
    bare_stand_ins,
    best_of,
    check_targets,
    first_visit_bytes,
    is_draft_source,
    render_json,
    render_markdown,
    tree_size,
)
from casebook.engine_config import read_site_config

ROOT = Path(__file__).resolve().parent.parent


def site_config() -> dict[str, Any]:
    return read_site_config(ROOT / "mkdocs.yml")


def test_bare_config_is_material_with_search_only_and_the_sites_theme_settings() -> None:
    site = site_config()
    config = yaml.safe_load(bare_config(site))
    # The site's theme settings (without template overrides, should one be added).
    assert config["theme"] == {k: v for k, v in site["theme"].items() if k != "custom_dir"}
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert config["markdown_extensions"] == site["markdown_extensions"]
    assert config["extra"] == {"version": site["extra"]["version"]}  # no project assets
    assert config["plugins"] == ["search"]  # Material's own search: the site has its own
    assert "extra_css" not in config
    # The site's nav: every page of both builds draws the same navigation.
    assert config["nav"] == site["nav"] and len(config["nav"]) > 1
    assert config["use_directory_urls"] is False and config["docs_dir"] == "docs"


def test_the_bare_project_has_a_stand_in_for_each_page_of_the_nav_but_its_home() -> None:
    site = site_config()
    stand_ins = bare_stand_ins(site)
    named = {path for entry in site["nav"] for path in entry.values()}
    assert set(stand_ins) == named - {"index.md"}
    assert stand_ins["browse.md"] == "# Browse\n"  # the nav's title; the page is the full build's


def test_bare_stand_ins_of_a_nav_with_sections_and_links() -> None:
    nav = [
        "index.md",
        {"Cases": ["cases/index.md", {"By country": "countries/index.md"}]},
        {"Source": "https://example.org/source"},
        {"Help": [{"About": "about.md"}]},
    ]
    assert bare_stand_ins({"theme": {"name": "material"}, "nav": nav}) == {
        "cases/index.md": "# Cases\n",
        "countries/index.md": "# By country\n",
        "about.md": "# About\n",
    }
    config = yaml.safe_load(bare_config({"theme": {"name": "material"}, "nav": nav}))
    assert config["nav"] == nav


def test_bare_config_of_a_plain_site() -> None:
    config = yaml.safe_load(bare_config({"theme": {"name": "material"}, "plugins": ["search"]}))
    assert config["theme"] == {"name": "material"} and config["plugins"] == ["search"]
    assert "markdown_extensions" not in config and "extra" not in config
    # No nav of its own: one entry, where the engine would list every case page in it.
    assert config["nav"] == [{"Home": "index.md"}]
    assert bare_stand_ins({"theme": {"name": "material"}}) == {}


def test_bare_config_quotes_the_site_name() -> None:
    config = yaml.safe_load(bare_config(site_config(), 'Cases: "bare" #1'))
    assert config["site_name"] == 'Cases: "bare" #1'


@pytest.mark.parametrize(
    ("markdown", "draft"),
    [
        ("---\ntitle: A\nstatus: draft\n---\nBody\n", True),
        ("---\ntitle: A\nstatus: 'draft'\n---\n", True),
        ('---\nstatus: "draft"  \n---\n', True),
        ("---\ntitle: A\nstatus: published\n---\n", False),
        ("---\ntitle: A\n---\nstatus: draft\n", False),  # in the body, not the front matter
        ("status: draft\n", False),  # no front matter at all
        ("---\nsummary: status: draft\n---\n", False),
    ],
)
def test_is_draft_source(markdown: str, draft: bool) -> None:
    assert is_draft_source(markdown) is draft


def size(
    cases: int,
    *,
    validation: float = 0.5,
    full_cpu: float = 10.0,
    bare_cpu: float = 10.0,
    rss: int = 100 * 1024**2,
    site_bytes: int = 1000,
    explorer_ms: float = 10.0,
    explorer_bytes: int = 500,
    search: dict[str, Any] | None = None,
    engine: str = "mkdocs",
    repeated_cpu: float | None = None,
    report_s: float = 60.0,
    report_rss: int = 500 * 1024**2,
    arabic_report_s: float = 70.0,
    arabic_report_rss: int = 600 * 1024**2,
) -> SizeResult:
    repeated = full_cpu if repeated_cpu is None else repeated_cpu
    return SizeResult(
        cases=cases,
        engine=engine,
        full_repeated=BuildRun(wall_s=repeated + 1, cpu_s=repeated, max_rss_bytes=rss),
        bare_repeated=BuildRun(wall_s=bare_cpu + 1, cpu_s=bare_cpu, max_rss_bytes=rss // 2),
        published_cases=cases - cases // 20,
        validation_runs_s=(validation + 0.1, validation, validation + 0.2),
        full_build=BuildRun(wall_s=full_cpu + 1, cpu_s=full_cpu, max_rss_bytes=rss),
        bare_build=BuildRun(wall_s=bare_cpu + 1, cpu_s=bare_cpu, max_rss_bytes=rss // 2),
        site_bytes=site_bytes,
        site_files=cases + 50,
        bare_site_bytes=site_bytes // 2,
        search_index_bytes=site_bytes // 4,
        explorer=ExplorerRun(
            page_bytes=explorer_bytes,
            apply_median_ms=explorer_ms / 2,
            apply_max_ms=explorer_ms,
            with_layout_median_ms=explorer_ms,
            with_layout_max_ms=explorer_ms * 2,
            source="built site",
        ),
        module_page="courses/c/01-m.html",
        module_first_visit_bytes=2048,
        search=search_figures() if search is None else search,
        reports=(
            ReportRun("en", BuildRun(report_s, report_s - 1, report_rss), cases * 2),
            ReportRun(
                "ar", BuildRun(arabic_report_s, arabic_report_s, arabic_report_rss), cases * 2
            ),
        ),
    )


def search_figures(
    *, gzip: int = 80_000, query_bytes: int = 50_000, found: int = 500, index_cpu: float = 0.5
) -> dict[str, Any]:
    """What scripts/bench_search.py measures, within every limit by default."""
    return {
        "first_visit": {
            "case": {"page": "cases/a.html", "bytes": 300_000, "gzip": gzip, "requests": 8}
        },
        "indexing": {"wall_s": 1.0, "cpu_s": index_cpu},
        "index": {
            "bytes": 10,
            "files": 2,
            "shards": 1,
            "shard_bytes_max": 5,
            "record_bytes_max": 5,
            "manifest_bytes": 1,
        },
        "queries": {
            "common word": {
                "query": "digital",
                "count": "9 results",
                "files": 3,
                "bytes": query_bytes,
                "shard_files": 1,
                "ms": 40.0,
                "next_keystroke_loaded_again": 0,
                "next_keystroke_new_shards": 0,
            }
        },
        "recall": {"sample": 500, "found": found, "recall": found / 500, "missed": []},
    }


def verdicts(sizes: tuple[SizeResult, ...]) -> dict[str, bool | None]:
    return {t.name: t.passed for t in check_targets(sizes)}


def test_all_targets_pass_when_every_figure_is_within_its_limit() -> None:
    checks = check_targets((size(1000), size(10000, site_bytes=10000, full_cpu=100, bare_cpu=100)))
    assert [c.passed for c in checks] == [True] * len(checks)
    # validation and its growth, 4 ratios, 2 growths, memory, explorer speed and size; search:
    # first visit and its growth, one query, recall and indexing at both sizes
    assert len(checks) == 11 + 3 + 4 + 2 * 2  # and the report in two languages: time, memory


def test_each_engine_is_judged_on_its_own_builds() -> None:
    sizes = (
        size(1000),
        size(10000),
        size(1000, engine="zensical", validation=9.0),  # validation is taken once, from mkdocs
        size(10000, engine="zensical", full_cpu=13.0, repeated_cpu=1.0),
    )
    result = verdicts(sizes)
    failed = [name for name, passed in result.items() if passed is False]
    assert failed == ["zensical: full / bare build at 10,000, first build (wall time)"]
    assert "zensical: full / bare build at 10,000, repeated build (wall time)" in result


@pytest.mark.parametrize(
    ("large", "missed"),
    [
        (size(10000, validation=1.5), "Validation of 10,000 cases (best of runs, one core)"),
        (
            size(10000, full_cpu=13.0, repeated_cpu=10.0),
            "mkdocs: full / bare build at 10,000, first build (wall time)",
        ),
        (
            size(10000, repeated_cpu=13.0),
            "mkdocs: full / bare build at 10,000, repeated build (wall time)",
        ),
        (
            size(10000, full_cpu=111, bare_cpu=200),
            "mkdocs: full build time growth 10,000 / 1,000 (CPU time)",
        ),
        (size(10000, validation=1.2), "Validation time growth 10,000 / 1,000"),
        (size(10000, site_bytes=11001), "mkdocs: site size growth 10,000 / 1,000"),
        (
            size(10000, rss=1024**3),
            "mkdocs: peak memory of any process of the full build at 10,000",
        ),
        (
            size(10000, explorer_ms=50.0),
            "Explorer filtering per keystroke at 10,000 (median, with layout)",
        ),
        (size(10000, explorer_bytes=1_500_001), "Explorer page (data embedded) at 10,000"),
        (
            size(10000, search=search_figures(gzip=88_001)),
            "First visit of the case: 10,000 / 1,000 cases (gzip)",
        ),
        (
            size(10000, search=search_figures(query_bytes=300_001)),
            "Bytes before the first results, common word “digital” at 10,000",
        ),
        (size(10000, search=search_figures(found=499)), "Recall of 500 words at 10,000"),
        (
            size(10000, full_cpu=100, bare_cpu=100, search=search_figures(index_cpu=10.0)),
            "Indexing CPU / full build CPU at 10,000",
        ),
        (size(10000, report_s=120.0), "Edition report (PDF, en) at 10,000"),
        (size(10000, arabic_report_s=120.0), "Edition report (PDF, ar) at 10,000"),
        (
            size(10000, report_rss=1536 * 1024**2),
            "Peak memory of the edition report (en) at 10,000",
        ),
        (
            size(10000, arabic_report_rss=1536 * 1024**2),
            "Peak memory of the edition report (ar) at 10,000",
        ),
    ],
)
def test_each_target_misses_at_its_limit(large: SizeResult, missed: str) -> None:
    # Small validation figures at 1,000 so that only the growth, never the 1.5 s limit, is hit.
    small = size(1000, validation=0.1) if "Validation time" in missed else size(1000)
    result = verdicts((small, large))
    assert result.pop(missed) is False
    assert all(result.values()), result


def test_a_first_visit_over_150_kb_misses_however_little_it_grew() -> None:
    heavy = search_figures(gzip=150_001)
    result = verdicts((size(1000, search=heavy), size(10000, search=heavy)))
    assert result.pop("First visit of the case at 10,000 (gzip)") is False
    assert all(result.values()), result


def test_ratio_equal_to_the_limit_passes() -> None:
    name = "mkdocs: full / bare build at 1,000, first build (wall time)"
    # wall times: 13.75 s against 11 s
    assert verdicts((size(1000, full_cpu=12.75),))[name]


def test_a_report_that_did_not_finish_is_not_measured_in_its_language() -> None:
    english = ReportRun("en", BuildRun(50.0, 49.0, 900 * 1024**2), 500)
    large = replace(size(10000), reports=(english, ReportRun("ar", None)))
    checks = {t.name: t for t in check_targets((size(1000), large))}
    assert checks["Edition report (PDF, en) at 10,000"].passed is True
    assert checks["Edition report (PDF, ar) at 10,000"].passed is None
    assert checks["Peak memory of the edition report (ar) at 10,000"].passed is None
    row = "| Edition report (PDF, ar) | 70.0 s wall / 70.0 s CPU | — |"
    assert row in render_markdown(results(size(1000), large)).splitlines()


def test_missing_measurements_are_not_measured_rather_than_pass() -> None:
    sizes = (size(1000), SizeResult(cases=10000, published_cases=9500))
    checks = {t.name: t for t in check_targets(sizes)}
    memory = checks["mkdocs: peak memory of any process of the full build at 10,000"]
    assert memory.passed is None and memory.measured == "not measured"
    assert checks["mkdocs: full / bare build at 1,000, first build (wall time)"].passed is True


def results(*sizes: SizeResult) -> BenchResults:
    return BenchResults(
        seed=7,
        machine={"cores": "2"},
        sizes=sizes,
        setup=SetupCheck(True, 0.01, ("mkdocs build --strict",)),
        targets=check_targets(sizes),
    )


def test_markdown_report_has_a_column_per_size_and_a_verdict_per_target() -> None:
    markdown = render_markdown(results(size(10000, validation=2.0), size(1000)))
    lines = markdown.splitlines()
    assert "| Measure | mkdocs, 1,000 cases | mkdocs, 10,000 cases |" in lines
    assert "| Validation, best of runs (one core) | 0.50 s | 2.00 s |" in lines
    times = "1.00\N{MULTIPLICATION SIGN}"
    assert f"| Full / bare, first (CPU) | {times} | {times} |" in lines
    assert f"| Full / bare, repeated (CPU) | {times} | {times} |" in lines
    assert "| Validation of 10,000 cases (best of runs, one core) | < 1.5 s | 2 s | MISS |" in lines
    assert (
        "| mkdocs: peak memory of any process of the full build at 10,000 | < 1,024 MiB "
        "| 100 MiB | PASS |"
    ) in lines
    assert "| Recall (sampled words found) | 500 / 500 | 500 / 500 |" in lines
    assert (
        "| Query, common word: files, bytes, time to results | “digital”: 3, 50.0 kB, 40.0 ms "
        "| “digital”: 3, 50.0 kB, 40.0 ms |"
    ) in lines
    assert "| Recall of 500 words at 10,000 | ≥ 100 % | 100 % | PASS |" in lines
    assert (
        "| Edition report (PDF, en) | 60.0 s wall / 59.0 s CPU | 60.0 s wall / 59.0 s CPU |"
        in lines
    )
    assert (
        "| Edition report (PDF, ar) | 70.0 s wall / 70.0 s CPU | 70.0 s wall / 70.0 s CPU |"
        in lines
    )
    assert "| Edition report pages (ar) | 2,000 | 20,000 |" in lines
    assert "| Peak memory, edition report (ar) | 629.1 MB | 629.1 MB |" in lines
    assert "| Edition report (PDF, ar) at 10,000 | < 120 s | 70 s | PASS |" in lines
    assert "the venv stamp is up to date" in markdown
    assert "`mkdocs build --strict`" in markdown


def test_markdown_report_shows_gaps_and_notes() -> None:
    unbuilt = SizeResult(cases=10000, published_cases=9500, notes=("full build timed out",))
    markdown = render_markdown(results(size(1000), unbuilt))
    assert "| Full build, first (casebook build) | 11.0 s wall / 10.0 s CPU | — |" in markdown
    assert "- mkdocs, 10,000 cases: full build timed out" in markdown
    assert "| NOT MEASURED |" in markdown


def test_json_report_keeps_every_figure_and_the_derived_ratios() -> None:
    sizes = (size(1000, full_cpu=13.0, repeated_cpu=5.0), size(10000))
    payload = json.loads(render_json(results(*sizes)))
    small = payload["sizes"][0]
    assert small["cases"] == 1000 and small["engine"] == "mkdocs"
    assert small["validation_best_s"] == 0.5
    assert small["full_to_bare_cpu"] == pytest.approx(1.3)
    assert small["repeated_full_to_bare_cpu"] == pytest.approx(0.5)
    assert small["full_build"] == {"wall_s": 14.0, "cpu_s": 13.0, "max_rss_bytes": 100 * 1024**2}
    assert small["site_bytes_per_case"] == pytest.approx(1000 / 950)
    assert payload["setup"]["stamp_up_to_date"] is True
    failed = [t["name"] for t in payload["targets"] if t["passed"] is False]
    assert failed == ["mkdocs: full / bare build at 1,000, first build (wall time)"]


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def test_first_visit_counts_the_page_and_what_it_pulls_in_once(tmp_path: Path) -> None:
    page = (
        '<link rel="canonical" href="https://example.org/x.html">'
        '<link rel="icon" href="../../assets/icon.png">'
        '<link rel="stylesheet" href="../../assets/main.css?v=1">'
        '<link rel="stylesheet" href="../../assets/main.css">'
        '<link rel="stylesheet" href="https://cdn.example.org/evil.css">'
        '<link rel="next" href="02-next.html">'
        '<script src="../../assets/app.js"></script><script>inline()</script>'
        '<img src="figure.png" alt=""><img src="data:image/png;base64,AAAA" alt="">'
        '<a href="../../cases/other.html">a case</a>'
    )
    files: dict[str, str | bytes] = {
        "courses/c/01-m.html": page,
        "courses/c/02-next.html": "x" * 1000,
        "courses/c/figure.png": b"\x89PNG" + b"0" * 96,
        "cases/other.html": "y" * 1000,
        "assets/icon.png": b"i" * 10,
        "assets/main.css": '@import "extra.css"; a{background:url("img/bg.svg")}'
        " b{src:url(../missing.woff2)}",
        "assets/extra.css": "c{background:url(img/bg.svg)}",
        "assets/img/bg.svg": "<svg/>",
        "assets/app.js": "js();",
    }
    write(tmp_path, files)
    counted = [
        "courses/c/01-m.html",
        "courses/c/figure.png",
        "assets/icon.png",
        "assets/main.css",
        "assets/extra.css",
        "assets/img/bg.svg",
        "assets/app.js",
    ]
    expected = sum((tmp_path / name).stat().st_size for name in counted)
    assert first_visit_bytes(tmp_path, "courses/c/01-m.html") == expected


def test_first_visit_ignores_references_that_climb_out_of_the_site(tmp_path: Path) -> None:
    write(tmp_path / "site", {"index.html": '<script src="../../secret.js"></script>'})
    write(tmp_path, {"secret.js": "x" * 100})
    assert first_visit_bytes(tmp_path / "site", "index.html") == len(
        '<script src="../../secret.js"></script>'
    )


def test_tree_size_counts_files_in_subfolders(tmp_path: Path) -> None:
    write(tmp_path, {"a.html": "12345", "sub/b.css": "123", "sub/deeper/c.js": ""})
    assert tree_size(tmp_path) == (8, 3)


def test_best_of_runs_takes_the_shortest_times_and_the_highest_memory() -> None:
    runs = [BuildRun(5.0, 4.0, 100), BuildRun(4.5, 4.2, 300), BuildRun(6.0, 3.9, 200)]
    assert best_of(runs) == BuildRun(4.5, 3.9, 300)
    assert best_of([]) is None
