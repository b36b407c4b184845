"""The scale benchmark's pure parts: the bare comparison build, targets and the report.

``scripts/bench.py`` runs the measurements (corpus, validation, builds, browser) and hands the
figures here as ``SizeResult`` values; this module decides what a bare build is, which targets
pass, and renders the figures as Markdown (for ``BENCHMARKS.md``) and JSON. Nothing here
times anything, so all of it is tested quickly and deterministically.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from casebook.shards import nav_entries

# The targets (see BENCHMARKS.md).
VALIDATION_TARGET_S = 1.5
FULL_TO_BARE_TARGET = 1.25
GROWTH_TARGET = 11.0
PEAK_MEMORY_TARGET_BYTES = 1024**3
EXPLORER_TARGET_MS = 50.0
# Search (issue 16): first visits, one query, recall, indexing time, explorer data.
FIRST_VISIT_GZIP_TARGET_BYTES = 150_000
FIRST_VISIT_GROWTH_TARGET = 1.10
QUERY_BYTES_TARGET = 300_000
RECALL_TARGET = 1.0
INDEXING_SHARE_TARGET = 0.10
EXPLORER_PAGE_TARGET_BYTES = 1_500_000
# Pages whose first visit is the search's concern; the explorer and term pages list cases, so
# they grow with the collection by design (the explorer has its own target).
SCALE_FROM_CASES = 1000
FIRST_VISIT_KINDS = ("home", "case", "module", "course", "guideline", "search page")
REPORT_TARGET_S = 120.0  # the edition's PDF report
# The report is measured in each script that lays out differently: English (Latin, left to
# right) and Arabic (right to left, Latin names isolated in it: the costliest to lay out).
REPORT_LANGUAGES = ("en", "ar")
REPORT_MEMORY_TARGET_BYTES = 1.5 * 1024**3
TIMES = "\N{MULTIPLICATION SIGN}"

BARE_SITE_NAME = "Bare build"
BARE_INDEX = "# Bare build\n\nThe same case pages, built by the engine alone.\n"
# A contributed case is a draft when its front matter says so; drafts get no page in the full
# build, so the bare build must leave them out too to build the same pages.
_DRAFT_STATUS = re.compile(r"^status:\s*[\"']?draft[\"']?\s*$", re.MULTILINE)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""")
# Link relations a browser fetches when it first shows a page (canonical, alternate... it does not).
_FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest"}


def bare_config(site: Mapping[str, Any], site_name: str = BARE_SITE_NAME) -> str:
    """The comparison build's mkdocs.yml (MkDocs and Zensical read it alike): the Material
    theme with the search plugin only and no project code, dressed as the site (``site``: its
    mkdocs.yml, loaded).

    "The same theme": the site's theme settings (palette, features, language, no web fonts)
    without ``custom_dir`` (the project's template overrides), its Markdown extensions,
    version selector and nav (``bare_nav``), so both builds render the same page chrome and
    the ratio measures what the project's code adds. ``use_directory_urls: false`` as in the
    site, so both write the same kind of files.
    """
    theme = {key: value for key, value in site["theme"].items() if key != "custom_dir"}
    search: Any = "search"
    for plugin in site.get("plugins", ()):
        if isinstance(plugin, dict) and "search" in plugin:
            search = {"search": plugin["search"]}
    config: dict[str, Any] = {
        "site_name": site_name,
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        "theme": theme,
        "plugins": [search],
        "nav": bare_nav(site),
    }
    if site.get("markdown_extensions"):
        config["markdown_extensions"] = site["markdown_extensions"]
    version = (site.get("extra") or {}).get("version")
    if version:
        config["extra"] = {"version": version}
    # JSON is YAML: every value written exactly, whatever it holds.
    return "".join(f"{key}: {json.dumps(value)}\n" for key, value in config.items())


def bare_nav(site: Mapping[str, Any]) -> list[Any]:
    """The bare build's nav: the site's own, which every page renders (Material draws the
    whole nav on each page, a quarter of its time per page with the site's nine entries), or
    one entry when the site has none, where the engine would list every case page in it."""
    nav = site.get("nav")
    return list(nav) if isinstance(nav, list) and nav else [{"Home": "index.md"}]


def bare_stand_ins(site: Mapping[str, Any]) -> dict[str, str]:
    """A page for each Markdown file the bare nav names (its path in docs/: its Markdown),
    but the home page, which the bare project has: its title and nothing else, as in the full
    build's shards (``casebook.shards``). The site's own pages are the full build's work."""
    return {
        path: f"# {title}\n"
        for title, path in nav_entries(bare_nav(site))
        if path.endswith(".md") and path != "index.md"
    }


def is_draft_source(markdown: str) -> bool:
    """Whether a contributed case file says ``status: draft`` in its front matter."""
    if not markdown.startswith("---"):
        return False
    end = markdown.find("\n---", 3)
    front_matter = markdown[3:end] if end != -1 else ""
    return _DRAFT_STATUS.search(front_matter) is not None


@dataclass(frozen=True)
class BuildRun:
    """One build: wall time, CPU time of the process and the processes it waited for (the
    engine), and the peak memory of the largest of them."""

    wall_s: float
    cpu_s: float
    max_rss_bytes: int


def best_of(runs: Sequence[BuildRun]) -> BuildRun | None:
    """Several runs of one build as one: the shortest times (what the build costs when nothing
    else on the machine gets in its way) and the highest peak memory (what it may need).
    None when no run finished."""
    if not runs:
        return None
    return BuildRun(
        wall_s=min(run.wall_s for run in runs),
        cpu_s=min(run.cpu_s for run in runs),
        max_rss_bytes=max(run.max_rss_bytes for run in runs),
    )


@dataclass(frozen=True)
class ExplorerRun:
    """Filtering in Chromium: medians and maxima over a sequence of keystrokes and toggles."""

    page_bytes: int
    apply_median_ms: float
    apply_max_ms: float
    with_layout_median_ms: float
    with_layout_max_ms: float
    source: str  # "built site" or "bench_explorer.py" (its own fabricated page)


@dataclass(frozen=True)
class ReportRun:
    """Rendering the edition's PDF report in one language; ``run`` None: it did not finish."""

    language: str
    run: BuildRun | None
    pages: int | None = None


@dataclass(frozen=True)
class SizeResult:
    """Every figure for one corpus size; ``None`` where a measurement could not be taken."""

    cases: int
    published_cases: int
    validation_runs_s: tuple[float, ...] = ()
    full_build: BuildRun | None = None  # first build: no docs tree, site or engine cache
    bare_build: BuildRun | None = None
    engine: str = "mkdocs"
    full_repeated: BuildRun | None = None  # the same build again, nothing changed
    bare_repeated: BuildRun | None = None
    site_bytes: int | None = None
    site_files: int | None = None
    bare_site_bytes: int | None = None
    search_index_bytes: int | None = None
    explorer: ExplorerRun | None = None
    module_page: str | None = None
    module_first_visit_bytes: int | None = None
    search: Mapping[str, Any] | None = None  # scripts/bench_search.py's figures
    reports: tuple[ReportRun, ...] = ()  # the edition's PDF report, one per language measured
    notes: tuple[str, ...] = ()

    @property
    def validation_best_s(self) -> float | None:
        return min(self.validation_runs_s) if self.validation_runs_s else None

    @property
    def full_to_bare_wall(self) -> float | None:
        return _ratio(_field(self.full_build, "wall_s"), _field(self.bare_build, "wall_s"))

    @property
    def full_to_bare_cpu(self) -> float | None:
        return _ratio(_field(self.full_build, "cpu_s"), _field(self.bare_build, "cpu_s"))

    @property
    def repeated_full_to_bare_wall(self) -> float | None:
        return _ratio(_field(self.full_repeated, "wall_s"), _field(self.bare_repeated, "wall_s"))

    @property
    def repeated_full_to_bare_cpu(self) -> float | None:
        return _ratio(_field(self.full_repeated, "cpu_s"), _field(self.bare_repeated, "cpu_s"))

    @property
    def label(self) -> str:
        return f"{self.engine}, {self.cases:,} cases"

    @property
    def site_bytes_per_case(self) -> float | None:
        return None if self.site_bytes is None else self.site_bytes / max(self.published_cases, 1)


@dataclass(frozen=True)
class SetupCheck:
    """Whether a repeated ``make site`` would install anything (the venv stamp)."""

    stamp_up_to_date: bool
    stamp_target_s: float
    dry_run_commands: tuple[str, ...]


@dataclass(frozen=True)
class TargetCheck:
    name: str
    target: str
    measured: str
    passed: bool | None  # None: not measured


@dataclass(frozen=True)
class BenchResults:
    seed: int
    machine: dict[str, str]
    sizes: tuple[SizeResult, ...]
    setup: SetupCheck | None = None
    targets: tuple[TargetCheck, ...] = field(default=())


def _field(run: BuildRun | None, name: str) -> float | None:
    return None if run is None else float(getattr(run, name))


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def check_targets(sizes: tuple[SizeResult, ...]) -> tuple[TargetCheck, ...]:
    """The issue's targets for each engine, judged on the smallest and largest corpus."""
    if not sizes:
        return ()
    # The scale targets compare 1,000 and 10,000 cases; a tiny corpus (20 cases) is there for
    # the first-visit comparison of the search targets only.
    tiny = min(sizes, key=lambda s: s.cases)
    sizes = tuple(s for s in sizes if s.cases >= SCALE_FROM_CASES) or sizes
    small = min(sizes, key=lambda s: s.cases)
    large = max(sizes, key=lambda s: s.cases)

    def validation(cases: int) -> float | None:
        # Validation is the engines' common first step: measured once per corpus.
        measured = [s.validation_best_s for s in sizes if s.cases == cases and s.validation_runs_s]
        return measured[0] if measured else None

    checks = [
        _at_most(
            f"Validation of {large.cases:,} cases (best of runs, one core)",
            validation(large.cases),
            VALIDATION_TARGET_S,
            "s",
            strict=True,
        )
    ]
    if large.cases != small.cases:
        checks.append(
            _at_most(
                f"Validation time growth {large.cases:,} / {small.cases:,}",
                _ratio(validation(large.cases), validation(small.cases)),
                GROWTH_TARGET,
                TIMES,
            )
        )
    for engine in dict.fromkeys(s.engine for s in sizes):
        checks += _engine_targets(engine, [s for s in sizes if s.engine == engine])
    checks += _report_targets([s for s in sizes if s.cases == large.cases and s.reports])
    return tuple(checks) + search_targets(tiny, small, large)


def _report_targets(sizes: Sequence[SizeResult]) -> list[TargetCheck]:
    """The edition report's time and memory in each language at the largest corpus (it is the
    same for every engine: measured once)."""
    if not sizes:
        return []
    large = sizes[0]
    checks = []
    for report in large.reports:
        checks += [
            _at_most(
                f"Edition report (PDF, {report.language}) at {large.cases:,}",
                _field(report.run, "wall_s"),
                REPORT_TARGET_S,
                "s",
                strict=True,
            ),
            _at_most(
                f"Peak memory of the edition report ({report.language}) at {large.cases:,}",
                None if report.run is None else report.run.max_rss_bytes / 1024**2,
                REPORT_MEMORY_TARGET_BYTES / 1024**2,
                "MiB",
                strict=True,
            ),
        ]
    return checks


def _engine_targets(engine: str, sizes: Sequence[SizeResult]) -> list[TargetCheck]:
    small = min(sizes, key=lambda s: s.cases)
    large = max(sizes, key=lambda s: s.cases)
    growth_label = f"{large.cases:,} / {small.cases:,}"
    checks = []
    for size in sorted(sizes, key=lambda s: s.cases):
        # Wall time: the time a person waits, on the machine's cores (the pipeline runs the
        # engine in shards and finishes pages over every core; the engine alone uses one). The
        # CPU times are reported beside it.
        for kind, ratio in (
            ("first", size.full_to_bare_wall),
            ("repeated", size.repeated_full_to_bare_wall),
        ):
            checks.append(
                _at_most(
                    f"{engine}: full / bare build at {size.cases:,}, {kind} build (wall time)",
                    ratio,
                    FULL_TO_BARE_TARGET,
                    TIMES,
                )
            )
    if large is not small:
        checks.append(
            _at_most(
                f"{engine}: full build time growth {growth_label} (CPU time)",
                _ratio(_field(large.full_build, "cpu_s"), _field(small.full_build, "cpu_s")),
                GROWTH_TARGET,
                TIMES,
            )
        )
        checks.append(
            _at_most(
                f"{engine}: site size growth {growth_label}",
                _ratio(large.site_bytes, small.site_bytes),
                GROWTH_TARGET,
                TIMES,
            )
        )
    peaks = [run.max_rss_bytes for run in (large.full_build, large.full_repeated) if run]
    checks.append(
        _at_most(
            f"{engine}: peak memory of any process of the full build at {large.cases:,}",
            max(peaks) / 1024**2 if peaks else None,
            PEAK_MEMORY_TARGET_BYTES / 1024**2,
            "MiB",
            strict=True,
        )
    )
    if large.explorer is not None:
        checks.append(
            _at_most(
                f"Explorer filtering per keystroke at {large.cases:,} (median, with layout)",
                large.explorer.with_layout_median_ms,
                EXPLORER_TARGET_MS,
                "ms",
                strict=True,
            )
        )
    checks.append(
        _at_most(
            f"Explorer page (data embedded) at {large.cases:,}",
            None if large.explorer is None else large.explorer.page_bytes / 1e6,
            EXPLORER_PAGE_TARGET_BYTES / 1e6,
            "MB",
        )
    )
    return checks


def search_targets(
    tiny: SizeResult, small: SizeResult, large: SizeResult
) -> tuple[TargetCheck, ...]:
    """Issue 16's targets: first visits on the largest corpus and compared with the tiniest;
    queries on the largest; recall and indexing time on the two scale sizes."""
    big: Mapping[str, Any] = large.search or {}
    little: Mapping[str, Any] = tiny.search or {}
    visits = big.get("first_visit", {})
    checks = []
    for kind in FIRST_VISIT_KINDS:
        if kind not in visits:
            continue
        checks.append(
            _at_most(
                f"First visit of the {kind} at {large.cases:,} (gzip)",
                visits[kind]["gzip"] / 1000,
                FIRST_VISIT_GZIP_TARGET_BYTES / 1000,
                "kB",
            )
        )
        before = little.get("first_visit", {}).get(kind)
        if before and large is not tiny:
            checks.append(
                _at_most(
                    f"First visit of the {kind}: {large.cases:,} / {tiny.cases:,} cases (gzip)",
                    visits[kind]["gzip"] / before["gzip"],
                    FIRST_VISIT_GROWTH_TARGET,
                    TIMES,
                )
            )
    for label, query in big.get("queries", {}).items():
        checks.append(
            _at_most(
                f"Bytes before the first results, {label} “{query['query']}” at {large.cases:,}",
                query["bytes"] / 1000,
                QUERY_BYTES_TARGET / 1000,
                "kB",
            )
        )
    for size in (small, large) if large is not small else (large,):
        recall = (size.search or {}).get("recall")
        checks.append(
            _at_least(
                f"Recall of {recall['sample'] if recall else 'sampled'} words at {size.cases:,}",
                None if recall is None else recall["recall"] * 100,
                RECALL_TARGET * 100,
                "%",
            )
        )
        indexing = (size.search or {}).get("indexing")
        checks.append(
            _at_most(
                f"Indexing CPU / full build CPU at {size.cases:,}",
                None
                if indexing is None or size.full_build is None
                else 100 * indexing["cpu_s"] / size.full_build.cpu_s,
                INDEXING_SHARE_TARGET * 100,
                "%",
                strict=True,
            )
        )
    return tuple(checks)


def _at_least(name: str, measured: float | None, limit: float, unit: str) -> TargetCheck:
    target = f"≥ {_number(limit)} {unit}"
    if measured is None:
        return TargetCheck(name, target, "not measured", None)
    return TargetCheck(name, target, f"{_number(measured)} {unit}", measured >= limit)


def _at_most(
    name: str, measured: float | None, limit: float, unit: str, strict: bool = False
) -> TargetCheck:
    sign = "<" if strict else "≤"
    target = f"{sign} {_number(limit)} {unit}"
    if measured is None:
        return TargetCheck(name, target, "not measured", None)
    passed = measured < limit if strict else measured <= limit
    return TargetCheck(name, target, f"{_number(measured)} {unit}", passed)


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"


def render_json(results: BenchResults) -> str:
    """Every figure, derived ratios included, as indented JSON (``.bench/results.json``)."""
    sizes = []
    for size in results.sizes:
        record = asdict(size)
        record["validation_best_s"] = size.validation_best_s
        record["full_to_bare_wall"] = size.full_to_bare_wall
        record["full_to_bare_cpu"] = size.full_to_bare_cpu
        record["repeated_full_to_bare_wall"] = size.repeated_full_to_bare_wall
        record["repeated_full_to_bare_cpu"] = size.repeated_full_to_bare_cpu
        record["site_bytes_per_case"] = size.site_bytes_per_case
        sizes.append(record)
    payload = {
        "seed": results.seed,
        "machine": results.machine,
        "sizes": sizes,
        "setup": None if results.setup is None else asdict(results.setup),
        "targets": [asdict(t) for t in results.targets],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


_VERDICT = {True: "PASS", False: "MISS", None: "NOT MEASURED"}


def render_markdown(results: BenchResults) -> str:
    """The figures as Markdown tables: one column per corpus size, then the targets."""
    sizes = sorted(results.sizes, key=lambda s: (s.cases, s.engine))
    header = "| Measure | " + " | ".join(s.label for s in sizes) + " |"
    rule = "|---|" + "---:|" * len(sizes)
    rows = [header, rule]
    for label, cell in _ROWS:
        rows.append(f"| {label} | " + " | ".join(cell(s) for s in sizes) + " |")
    lines = [
        f"Seed {results.seed}; "
        + "; ".join(f"{key}: {value}" for key, value in results.machine.items())
        + ".",
        "",
        *rows,
        "",
        "| Target | Limit | Measured | Verdict |",
        "|---|---|---|---|",
        *(
            f"| {t.name} | {t.target} | {t.measured} | {_VERDICT[t.passed]} |"
            for t in results.targets
        ),
    ]
    if results.setup is not None:
        setup = results.setup
        commands = "; ".join(f"`{c}`" for c in setup.dry_run_commands) or "nothing"
        lines += [
            "",
            f"Repeated `make site`: the venv stamp is "
            f"{'up to date' if setup.stamp_up_to_date else 'OUT OF DATE'}; "
            f"`make .venv/.installed-stamp` takes {setup.stamp_target_s:.2f} s; "
            f"`make -n site` would run: {commands}.",
        ]
    lines += search_markdown(sizes)
    notes = [f"- {s.label}: {note}" for s in sizes for note in s.notes]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"


def search_markdown(sizes: Sequence[SizeResult]) -> list[str]:
    """The search figures: first visits per page kind, queries, the index, recall."""
    measured = [s for s in sizes if s.search]
    if not measured:
        return []
    header = "| Search | " + " | ".join(f"{s.cases:,} cases" for s in measured) + " |"
    rows = [header, "|---|" + "---:|" * len(measured)]

    def row(label: str, cell: Callable[[Mapping[str, Any]], str]) -> None:
        cells = []
        for size in measured:
            try:
                cells.append(cell(size.search or {}))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")

    kinds = list(
        dict.fromkeys(k for s in measured for k in (s.search or {}).get("first_visit", {}))
    )
    for kind in kinds:
        row(f"First visit, {kind} (raw / gzip, requests)", functools.partial(_visit_cell, kind))
    labels = list(dict.fromkeys(q for s in measured for q in (s.search or {}).get("queries", {})))
    for label in labels:
        row(f"Query, {label}: files, bytes, time to results", functools.partial(_query_cell, label))
    row(
        "Next keystroke: files loaded again (new shards)",
        lambda s: (
            f"{sum(q.get('next_keystroke_loaded_again', 0) for q in s['queries'].values())}"
            f" ({sum(q['next_keystroke_new_shards'] for q in s['queries'].values())})"
        ),
    )
    row(
        "Index on disk (all files)",
        lambda s: f"{_bytes(s['index']['bytes'])}, {s['index']['files']:,} files",
    )
    row(
        "Term shards (count, largest)",
        lambda s: f"{s['index']['shards']:,}, {_bytes(s['index']['shard_bytes_max'])}",
    )
    row(
        "Prefix files (count, largest)",
        lambda s: (
            f"{s['index'].get('prefix_files', 0):,}, "
            f"{_bytes(s['index'].get('prefix_bytes_max', 0))}"
        ),
    )
    row("Manifest (one language)", lambda s: _bytes(s["index"]["manifest_bytes"]))
    row("Largest page record", lambda s: _bytes(s["index"]["record_bytes_max"]))
    row(
        "Indexing (wall / CPU)",
        lambda s: f"{_seconds(s['indexing']['wall_s'])} / {_seconds(s['indexing']['cpu_s'])}",
    )
    row(
        "Recall (sampled words found)",
        lambda s: f"{s['recall']['found']:,} / {s['recall']['sample']:,}",
    )
    missed = [f"- {s.cases:,} cases, missed: " + ", ".join(s.search["recall"]["missed"])
              for s in measured if s.search and s.search.get("recall", {}).get("missed")]  # fmt: skip
    return ["", *rows, *(["", *missed] if missed else [])]


def _visit_cell(kind: str, search: Mapping[str, Any]) -> str:
    visit = search["first_visit"][kind]
    return f"{_bytes(visit['bytes'])} / {_bytes(visit['gzip'])}, {visit['requests']}"


def _query_cell(label: str, search: Mapping[str, Any]) -> str:
    query = search["queries"][label]
    return f"“{query['query']}”: {query['files']}, {_bytes(query['bytes'])}, {_ms(query['ms'])}"


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _times(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}{TIMES}"


def _bytes(value: float | None) -> str:
    if value is None:
        return "—"
    for unit, scale in (("MB", 1e6), ("kB", 1e3)):
        if value >= scale:
            return f"{value / scale:,.1f} {unit}"
    return f"{value:,.0f} B"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} ms"


def _build_cell(run: BuildRun | None, pick: str) -> str:
    if run is None:
        return "—"
    if pick == "time":
        return f"{run.wall_s:.1f} s wall / {run.cpu_s:.1f} s CPU"
    return _bytes(run.max_rss_bytes)


def _explorer_cell(size: SizeResult, pick: str) -> str:
    run = size.explorer
    if run is None:
        return "—"
    if pick == "bytes":
        return _bytes(run.page_bytes)
    if pick == "apply":
        return f"{_ms(run.apply_median_ms)} (max {_ms(run.apply_max_ms)})"
    return f"{_ms(run.with_layout_median_ms)} (max {_ms(run.with_layout_max_ms)})"


def _report_rows(language: str) -> tuple[tuple[str, Callable[[SizeResult], str]], ...]:
    def report(size: SizeResult) -> ReportRun | None:
        return next((r for r in size.reports if r.language == language), None)

    def pages(size: SizeResult) -> str:
        run = report(size)
        return "—" if run is None or run.pages is None else f"{run.pages:,}"

    def cell(pick: str) -> Callable[[SizeResult], str]:
        return lambda size: _build_cell(getattr(report(size), "run", None), pick)

    return (
        (f"Edition report (PDF, {language})", cell("time")),
        (f"Edition report pages ({language})", pages),
        (f"Peak memory, edition report ({language})", cell("memory")),
    )


_ROWS: tuple[tuple[str, Callable[[SizeResult], str]], ...] = (
    ("Published cases", lambda s: f"{s.published_cases:,}"),
    ("Validation, best of runs (one core)", lambda s: _seconds(s.validation_best_s)),
    ("Full build, first (casebook build)", lambda s: _build_cell(s.full_build, "time")),
    ("Bare build, first (same engine and theme)", lambda s: _build_cell(s.bare_build, "time")),
    ("Full / bare, first (wall)", lambda s: _times(s.full_to_bare_wall)),
    ("Full / bare, first (CPU)", lambda s: _times(s.full_to_bare_cpu)),
    ("Full build, repeated", lambda s: _build_cell(s.full_repeated, "time")),
    ("Bare build, repeated", lambda s: _build_cell(s.bare_repeated, "time")),
    ("Full / bare, repeated (wall)", lambda s: _times(s.repeated_full_to_bare_wall)),
    ("Full / bare, repeated (CPU)", lambda s: _times(s.repeated_full_to_bare_cpu)),
    ("Peak memory, full build (largest process)", lambda s: _build_cell(s.full_build, "memory")),
    ("Peak memory, bare build", lambda s: _build_cell(s.bare_build, "memory")),
    ("Site size (full)", lambda s: _bytes(s.site_bytes)),
    ("Site files (full)", lambda s: "—" if s.site_files is None else f"{s.site_files:,}"),
    ("Site size per published case", lambda s: _bytes(s.site_bytes_per_case)),
    ("Site size (bare)", lambda s: _bytes(s.bare_site_bytes)),
    ("Search index (search/, every file)", lambda s: _bytes(s.search_index_bytes)),
    ("Explorer page (data embedded)", lambda s: _explorer_cell(s, "bytes")),
    ("Explorer filter, script only (median)", lambda s: _explorer_cell(s, "apply")),
    ("Explorer filter, with layout (median)", lambda s: _explorer_cell(s, "layout")),
    ("First visit of a module page", lambda s: _bytes(s.module_first_visit_bytes)),
    *(row for language in REPORT_LANGUAGES for row in _report_rows(language)),
)


# --- Sizes on disk ---------------------------------------------------------------------------


def tree_size(folder: Path) -> tuple[int, int]:
    """Total bytes and number of files under ``folder``."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


class _ReferenceCollector(HTMLParser):
    """The URLs a browser fetches to show a page: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and _FETCHED_LINK_RELS & set(values.get("rel", "").lower().split()):
            self.references.append(values.get("href", ""))
        elif tag in ("script", "img", "source", "iframe", "embed") and values.get("src"):
            self.references.append(values["src"])


def _local_target(site_dir: Path, referrer: PurePosixPath, url: str) -> PurePosixPath | None:
    """The site file a relative URL points at, or ``None`` (external, data: or outside)."""
    parts = urlsplit(url)
    if not url or parts.scheme or parts.netloc or url.startswith("#") or not parts.path:
        return None
    joined = PurePosixPath(referrer.parent, unquote(parts.path))
    resolved: list[str] = []
    for part in joined.parts:
        if part == "..":
            if not resolved:
                return None
            resolved.pop()
        elif part not in (".", ""):
            resolved.append(part)
    target = PurePosixPath(*resolved) if resolved else None
    return target if target is not None and (site_dir / target).is_file() else None


def first_visit_bytes(site_dir: Path, page: str) -> int:
    """Bytes a browser loads to show ``page`` with an empty cache: the HTML, the stylesheets,
    scripts, icons and images it references, and what those stylesheets reference in turn
    (fonts, images, imports). Only files inside the built site count; each counts once."""
    start = PurePosixPath(page)
    seen: set[PurePosixPath] = set()
    pending = [start]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        path = site_dir / current
        if current.suffix == ".html":
            collector = _ReferenceCollector()
            collector.feed(path.read_text(encoding="utf-8"))
            urls = collector.references
        elif current.suffix == ".css":
            text = path.read_text(encoding="utf-8", errors="replace")
            urls = [a or b for a, b in _CSS_URL.findall(text)]
        else:
            urls = []
        for url in urls:
            target = _local_target(site_dir, current, url)
            if target is not None and target not in seen:
                pending.append(target)
    return sum((site_dir / p).stat().st_size for p in seen)
