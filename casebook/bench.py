"""The scale benchmark's pure parts: the bare comparison build, targets and the report.

``scripts/bench.py`` runs the measurements (corpus, validation, builds, browser) and hands the
figures here as ``SizeResult`` values; this module decides what a bare build is, which targets
pass, and renders the figures as Markdown (for ``BENCHMARKS.md``) and JSON. Nothing here
times anything, so all of it is tested quickly and deterministically.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

# The targets (see BENCHMARKS.md).
VALIDATION_TARGET_S = 1.5
FULL_TO_BARE_TARGET = 1.15
GROWTH_TARGET = 11.0
PEAK_MEMORY_TARGET_BYTES = 1024**3
EXPLORER_TARGET_MS = 50.0
REPORT_TARGET_S = 120.0  # the edition's PDF report
REPORT_MEMORY_TARGET_BYTES = 1.5 * 1024**3
TIMES = "\N{MULTIPLICATION SIGN}"

BARE_SITE_NAME = "Bare mkdocs-material build"
BARE_INDEX = "# Bare build\n\nThe same case pages, built by mkdocs-material alone.\n"
# A contributed case is a draft when its front matter says so; drafts get no page in the full
# build, so the bare build must leave them out too to build the same pages.
_DRAFT_STATUS = re.compile(r"^status:\s*[\"']?draft[\"']?\s*$", re.MULTILINE)
_CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']""")
# Link relations a browser fetches when it first shows a page (canonical, alternate... it does not).
_FETCHED_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "modulepreload", "manifest"}


def bare_config(site: Mapping[str, Any], site_name: str = BARE_SITE_NAME) -> str:
    """The comparison build's mkdocs.yml: mkdocs-material with the search plugin only and no
    project code, dressed as the site (``site``: its mkdocs.yml, loaded).

    "The same theme": the site's theme settings (palette, features, language, no web fonts)
    without ``custom_dir`` (the project's template overrides), its Markdown extensions and
    version selector, so both builds render the same page chrome and the ratio measures what
    the project's code adds. ``use_directory_urls: false`` as in the site, so both write the
    same kind of files, and a one-entry nav so neither embeds a nav entry per case.
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
        "nav": [{"Home": "index.md"}],
    }
    if site.get("markdown_extensions"):
        config["markdown_extensions"] = site["markdown_extensions"]
    version = (site.get("extra") or {}).get("version")
    if version:
        config["extra"] = {"version": version}
    # JSON is YAML: every value written exactly, whatever it holds.
    return "".join(f"{key}: {json.dumps(value)}\n" for key, value in config.items())


def is_draft_source(markdown: str) -> bool:
    """Whether a contributed case file says ``status: draft`` in its front matter."""
    if not markdown.startswith("---"):
        return False
    end = markdown.find("\n---", 3)
    front_matter = markdown[3:end] if end != -1 else ""
    return _DRAFT_STATUS.search(front_matter) is not None


@dataclass(frozen=True)
class BuildRun:
    """One ``mkdocs build``: wall time, CPU time of the process and its peak memory."""

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
class SizeResult:
    """Every figure for one corpus size; ``None`` where a measurement could not be taken."""

    cases: int
    published_cases: int
    validation_runs_s: tuple[float, ...] = ()
    full_build: BuildRun | None = None
    bare_build: BuildRun | None = None
    site_bytes: int | None = None
    site_files: int | None = None
    bare_site_bytes: int | None = None
    search_index_bytes: int | None = None
    explorer: ExplorerRun | None = None
    module_page: str | None = None
    module_first_visit_bytes: int | None = None
    report: BuildRun | None = None  # rendering the edition's PDF report
    report_pages: int | None = None
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
    """The issue's targets, judged on the smallest and largest corpus measured."""
    if not sizes:
        return ()
    small = min(sizes, key=lambda s: s.cases)
    large = max(sizes, key=lambda s: s.cases)
    growth_label = f"{large.cases:,} / {small.cases:,}"
    checks = [
        _at_most(
            f"Validation of {large.cases:,} cases (best of runs, one core)",
            large.validation_best_s,
            VALIDATION_TARGET_S,
            "s",
            strict=True,
        )
    ]
    for size in sorted(sizes, key=lambda s: s.cases):
        checks.append(
            _at_most(
                f"Full build / bare build at {size.cases:,} (CPU time)",
                size.full_to_bare_cpu,
                FULL_TO_BARE_TARGET,
                TIMES,
            )
        )
    if large is not small:
        checks.append(
            _at_most(
                f"Full build time growth {growth_label} (CPU time)",
                _ratio(
                    _field(large.full_build, "cpu_s"),
                    _field(small.full_build, "cpu_s"),
                ),
                GROWTH_TARGET,
                TIMES,
            )
        )
        checks.append(
            _at_most(
                f"Validation time growth {growth_label}",
                _ratio(large.validation_best_s, small.validation_best_s),
                GROWTH_TARGET,
                TIMES,
            )
        )
        checks.append(
            _at_most(
                f"Site size growth {growth_label}",
                _ratio(large.site_bytes, small.site_bytes),
                GROWTH_TARGET,
                TIMES,
            )
        )
    checks.append(
        _at_most(
            f"Peak memory of the full build at {large.cases:,}",
            None if large.full_build is None else large.full_build.max_rss_bytes / 1024**2,
            PEAK_MEMORY_TARGET_BYTES / 1024**2,
            "MiB",
            strict=True,
        )
    )
    checks.append(
        _at_most(
            f"Edition report (PDF) at {large.cases:,}",
            _field(large.report, "wall_s"),
            REPORT_TARGET_S,
            "s",
            strict=True,
        )
    )
    checks.append(
        _at_most(
            f"Peak memory of the edition report at {large.cases:,}",
            None if large.report is None else large.report.max_rss_bytes / 1024**2,
            REPORT_MEMORY_TARGET_BYTES / 1024**2,
            "MiB",
            strict=True,
        )
    )
    checks.append(
        _at_most(
            f"Explorer filtering per keystroke at {large.cases:,} (median, with layout)",
            None if large.explorer is None else large.explorer.with_layout_median_ms,
            EXPLORER_TARGET_MS,
            "ms",
            strict=True,
        )
    )
    return tuple(checks)


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
    sizes = sorted(results.sizes, key=lambda s: s.cases)
    header = "| Measure | " + " | ".join(f"{s.cases:,} cases" for s in sizes) + " |"
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
    notes = [f"- {s.cases:,} cases: {note}" for s in sizes for note in s.notes]
    if notes:
        lines += ["", "Notes:", "", *notes]
    return "\n".join(lines) + "\n"


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


_ROWS: tuple[tuple[str, Callable[[SizeResult], str]], ...] = (
    ("Published cases", lambda s: f"{s.published_cases:,}"),
    ("Validation, best of runs (one core)", lambda s: _seconds(s.validation_best_s)),
    ("Full build (real mkdocs.yml)", lambda s: _build_cell(s.full_build, "time")),
    ("Bare mkdocs-material build", lambda s: _build_cell(s.bare_build, "time")),
    ("Full / bare (wall)", lambda s: _times(s.full_to_bare_wall)),
    ("Full / bare (CPU)", lambda s: _times(s.full_to_bare_cpu)),
    ("Peak memory, full build", lambda s: _build_cell(s.full_build, "memory")),
    ("Peak memory, bare build", lambda s: _build_cell(s.bare_build, "memory")),
    ("Site size (full)", lambda s: _bytes(s.site_bytes)),
    ("Site files (full)", lambda s: "—" if s.site_files is None else f"{s.site_files:,}"),
    ("Site size per published case", lambda s: _bytes(s.site_bytes_per_case)),
    ("Site size (bare)", lambda s: _bytes(s.bare_site_bytes)),
    ("Search index (search_index.json)", lambda s: _bytes(s.search_index_bytes)),
    ("Explorer page (data embedded)", lambda s: _explorer_cell(s, "bytes")),
    ("Explorer filter, script only (median)", lambda s: _explorer_cell(s, "apply")),
    ("Explorer filter, with layout (median)", lambda s: _explorer_cell(s, "layout")),
    ("First visit of a module page", lambda s: _bytes(s.module_first_visit_bytes)),
    ("Edition report (PDF)", lambda s: _build_cell(s.report, "time")),
    ("Edition report pages", lambda s: "—" if s.report_pages is None else f"{s.report_pages:,}"),
    ("Peak memory, edition report", lambda s: _build_cell(s.report, "memory")),
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
