"""Measure the pipeline at scale: validation, full vs bare build with each engine (first and
repeated), sizes, explorer, first visit.

Example (what ``make bench`` runs):
    .venv/bin/python scripts/bench.py --cases 1000 10000 --engines mkdocs zensical --seed 1

Writes corpora and builds under ``.bench/`` (git-ignored), the figures to
``.bench/results.json`` and ``.bench/results.md`` (the tables of BENCHMARKS.md), and prints
the Markdown. A benchmark, not a test: it reports PASS/MISS per target and always exits 0
unless a measurement itself fails to run. The pure parts live in ``casebook.bench``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

from casebook.bench import (
    BARE_INDEX,
    REPORT_LANGUAGES,
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
BENCH_DIR = ROOT / ".bench"
VALIDATION_RUNS = 3
EXPLORER_STEP_KINDS = ("type",)  # keystrokes: the target is per keystroke


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--engines", nargs="+", default=["mkdocs", "zensical"])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=BENCH_DIR)
    parser.add_argument(
        "--build-timeout", type=float, default=900, help="seconds before a build is given up"
    )
    parser.add_argument("--skip-explorer", action="store_true", help="no Chromium measurement")
    parser.add_argument(
        "--build-runs", type=int, default=3, help="builds of each kind; times are the best"
    )
    parser.add_argument("--skip-report", action="store_true", help="no edition PDF report")
    parser.add_argument(
        "--report-list-items",
        type=int,
        default=50000,
        help="also render a report whose foreword is a list this long (0: skip)",
    )
    parser.add_argument("--validate-only", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--report-only", type=Path, nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--report-language", default="en", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.out = args.out.resolve()  # pages are opened by file:// URL, which must be absolute
    if args.validate_only is not None:
        # The child side of measure_validation: time load_collection and print the seconds.
        print(json.dumps(time_validation(args.validate_only, VALIDATION_RUNS)))
        return 0
    if args.report_only is not None:
        # The child side of measure_report: render the report, print its page count.
        corpus, pdf = args.report_only
        print(render_report(corpus, pdf, args.report_list_items, args.report_language))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = tuple(
        measure_size(
            args.out,
            cases,
            args.seed,
            args.build_timeout,
            # Validation and the explorer do not depend on the engine: measured with the first.
            not args.skip_explorer and engine == args.engines[0],
            args.build_runs,
            engine,
            with_validation=engine == args.engines[0],
            # The report does not depend on the engine either.
            with_report=not args.skip_report and engine == args.engines[0],
        )
        for cases in sorted(args.cases)
        for engine in args.engines
    )
    if args.report_list_items and not args.skip_report:
        sizes = (*sizes[:-1], with_long_list_note(sizes[-1], args))
    results = BenchResults(
        seed=args.seed,
        machine=describe_machine(),
        sizes=sizes,
        setup=measure_setup(),
        targets=check_targets(sizes),
    )
    shutil.rmtree(args.out / TRASH, ignore_errors=True)  # deleted once nothing is timed
    (args.out / "results.json").write_text(render_json(results), encoding="utf-8")
    markdown = render_markdown(results)
    (args.out / "results.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


# Where earlier outputs wait until the measurements end. On ext4 a file made within a minute
# or more of thousands of deletions costs up to ten times more (the inode allocator steps over
# recently deleted inodes: `recently_deleted` in a kernel profile), so deleting the previous
# full build (docs tree, site, index: thousands of files) just before a first build timed
# the file system's aftermath, and far more for the full build than for the bare one.
TRASH = ".trash"


def set_aside(folder: Path, out: Path) -> None:
    """Move ``folder`` (if it exists) out of the way, into ``out``'s trash, at once."""
    if not folder.exists():
        return
    trash = out / TRASH
    trash.mkdir(parents=True, exist_ok=True)
    folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def describe_machine() -> dict[str, str]:
    load = os.getloadavg()
    return {
        "python": platform.python_version(),
        "cores": str(os.cpu_count()),
        "load average at the end (1/5/15 min)": "/".join(f"{x:.1f}" for x in load),
    }


def measure_size(
    out: Path,
    cases: int,
    seed: int,
    build_timeout: float,
    with_explorer: bool,
    build_runs: int,
    engine: str,
    *,
    with_validation: bool = True,
    with_report: bool = True,
) -> SizeResult:
    notes: list[str] = []
    corpus = ensure_corpus(out / f"corpus-{cases}", cases, seed)
    case_files = sorted((corpus / "cases").rglob("*.md"))
    published = [p for p in case_files if not is_draft_source(p.read_text(encoding="utf-8"))]
    validation: tuple[float, ...] = ()
    if with_validation:
        log(f"{cases} cases: validation")
        validation = measure_validation(corpus)
    bare_root = prepare_bare_project(out / f"bare-{engine}-{cases}", published)
    # The docs tree, the site and Zensical's cache (.cache, beside the engine's configuration)
    # all live in this folder: removing it makes the next build a first build.
    full_root = out / f"full-{engine}-{cases}"
    full_site = full_root / "site"
    full_command = [
        sys.executable,
        *("-m", "casebook.cli", "build", "--engine", engine),
        *("--content", str(corpus.resolve())),
        *("-d", str(full_site), "--tree-dir", str(full_root / "docs")),
    ]
    bare_command = [str(Path(sys.executable).parent / engine), "build", "--strict"]
    runs: dict[str, list[BuildRun]] = {kind: [] for kind in ("full", "bare", "full2", "bare2")}
    # Alternately, so that a slower spell of the machine falls on both builds alike; each
    # first build starts from nothing, and is repeated at once with nothing changed.
    for run in range(1, build_runs + 1):
        for kind, command, cwd, clean in (
            ("full", full_command, ROOT, [full_root]),
            ("bare", bare_command, bare_root, [bare_root / "site", bare_root / ".cache"]),
        ):
            for folder in clean:
                set_aside(folder, out)
            for repeat in (kind, kind + "2"):
                log(f"{cases} cases, {engine}: {repeat} build ({run} of {build_runs})")
                measured = run_build(
                    command, cwd, {}, build_timeout, out / f"build-{repeat}-{engine}-{cases}.log"
                )
                runs[repeat] += [measured] if measured else []
    full, bare = best_of(runs["full"]), best_of(runs["bare"])
    for kind, label in (("full", "full"), ("bare", "bare"), ("full2", "repeated full")):
        if len(runs[kind]) < build_runs:
            notes.append(f"a {label} build did not finish within {build_timeout:.0f} s (or failed)")
    site_bytes = site_files = search_bytes = first_visit = None
    module_page = None
    explorer = None
    search: dict[str, Any] | None = None
    if full is not None:
        site_bytes, site_files = tree_size(full_site)
        search_bytes = (
            tree_size(full_site / "search")[0] if (full_site / "search").is_dir() else None
        )
        module_page = first_module_page(full_site)
        if module_page is not None:
            first_visit = module_first_visit_bytes(full_site, module_page, notes)
        if with_explorer:
            log(f"{cases} cases: explorer in Chromium")
            explorer = measure_explorer(full_site, cases, notes)
            log(f"{cases} cases: search (first visits, indexing, queries, recall)")
            try:
                search = load_script("bench_search").measure(full_site, corpus, seed=seed)
            except Exception as exc:  # a browser or page error: say so, keep the other figures
                notes.append(f"search measurement failed ({type(exc).__name__}: {exc})")
    bare_bytes = tree_size(bare_root / "site")[0] if bare is not None else None
    reports = []
    for language in REPORT_LANGUAGES if with_report else ():
        log(f"{cases} cases: edition report (PDF, {language})")
        pdf = out / f"report-{cases}-{language}.pdf"
        report, report_pages = measure_report(corpus, pdf, build_timeout, 0, language)
        reports.append(ReportRun(language, report, report_pages))
        if report is None:
            notes.append(
                f"the edition report ({language}) did not finish within {build_timeout:.0f} s"
            )
    return SizeResult(
        cases=cases,
        published_cases=len(published),
        validation_runs_s=validation,
        full_build=full,
        bare_build=bare,
        engine=engine,
        full_repeated=best_of(runs["full2"]),
        bare_repeated=best_of(runs["bare2"]),
        site_bytes=site_bytes,
        site_files=site_files,
        bare_site_bytes=bare_bytes,
        search_index_bytes=search_bytes,
        explorer=explorer,
        module_page=module_page,
        module_first_visit_bytes=first_visit,
        search=search,
        reports=tuple(reports),
        notes=tuple(notes),
    )


def measure_report(
    corpus: Path, pdf: Path, timeout: float, list_items: int, language: str = "en"
) -> tuple[BuildRun | None, int | None]:
    """Time and peak memory of rendering the corpus's edition report in ``language`` in a
    fresh process."""
    script = Path(__file__).resolve()
    command = [sys.executable, str(script), "--report-only", str(corpus), str(pdf)]
    command += ["--report-list-items", str(list_items), "--report-language", language]
    log_file = pdf.with_suffix(".log")
    run = run_build(command, ROOT, {}, timeout, log_file)
    lines = log_file.read_text(encoding="utf-8").split() if run is not None else []
    return run, int(lines[-1]) if lines and lines[-1].isdigit() else None


def render_report(corpus: Path, pdf: Path, list_items: int, language: str = "en") -> int:
    """The edition report of ``corpus`` in ``language``; with ``list_items``, the foreword is a
    list that long (what a contribution may hold: it must not make the report fail)."""
    from datetime import date

    from casebook.collection import load_collection
    from casebook.report_pdf import EditionInfo, render_report_pdf

    collection, _ = load_collection(corpus)
    items = "".join(f"<li>item {n}</li>" for n in range(list_items))
    foreword = f"<ul>{items}</ul>" if list_items else "<p>Benchmark edition.</p>"
    # An address, as a published edition has: a register's entries then link to the cases' pages.
    address = "https://casebook.example.org/bench/"
    edition = EditionInfo(
        "bench", "Benchmark edition", date(2026, 1, 1), ("Bench",), foreword, address
    )
    if list_items:
        collection = type(collection)(root=collection.root)  # the list alone
    return render_report_pdf(collection, edition, pdf, language).pages


def with_long_list_note(size: SizeResult, args: argparse.Namespace) -> SizeResult:
    count = args.report_list_items
    log(f"edition report with a {count:,}-item list")
    corpus = ensure_corpus(args.out / f"corpus-{size.cases}", size.cases, args.seed)
    run, pages = measure_report(corpus, args.out / "report-list.pdf", args.build_timeout, count)
    note = (
        f"a report whose foreword is a {count:,}-item list did not finish within "
        f"{args.build_timeout:.0f} s (or failed)"
        if run is None
        else f"a report whose foreword is a {count:,}-item list: {pages or 0:,} pages in "
        f"{run.wall_s:.0f} s, peak memory {run.max_rss_bytes / 1024**2:,.0f} MiB"
    )
    return replace(size, notes=(*size.notes, note))


def ensure_corpus(folder: Path, cases: int, seed: int) -> Path:
    """Generate the corpus unless the same generator already wrote it with these arguments."""
    generator = ROOT / "casebook" / "synthetic.py"
    fingerprint = f"{cases} {seed} {hashlib.sha256(generator.read_bytes()).hexdigest()}\n"
    stamp = folder / ".bench-corpus"  # a dot file: load_collection skips it
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == fingerprint:
        return folder
    from casebook.synthetic import generate_corpus

    log(f"{cases} cases: generating the corpus")
    if folder.exists():
        shutil.rmtree(folder)
    generate_corpus(folder, cases, seed)
    stamp.write_text(fingerprint, encoding="utf-8")
    return folder


def time_validation(root: Path, runs: int) -> list[float]:
    from casebook.collection import load_collection

    durations = []
    for _ in range(runs):
        started = time.perf_counter()
        _, report = load_collection(root)
        durations.append(time.perf_counter() - started)
        if report.errors:
            raise SystemExit(f"the corpus does not validate:\n{report.render_text()}")
    return durations


def measure_validation(corpus: Path) -> tuple[float, ...]:
    """Best of runs in a fresh process, pinned to one core when taskset exists."""
    command = [sys.executable, str(Path(__file__).resolve()), "--validate-only", str(corpus)]
    taskset = shutil.which("taskset")
    if taskset:
        command = [taskset, "-c", "0", *command]
    completed = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    return tuple(float(x) for x in json.loads(completed.stdout))


def run_build(
    command: list[str], cwd: Path, env: dict[str, str], timeout: float, log_file: Path
) -> BuildRun | None:
    """Wall time, CPU time and peak memory of one build process (``None`` if it fails)."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    with log_file.open("w", encoding="utf-8") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
        deadline = started + timeout
        # wait4 gives this child's own rusage (RUSAGE_CHILDREN would mix in earlier builds).
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                return None
            time.sleep(0.05)  # polling the child, not waiting for a result to appear
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        log(f"build failed ({process.returncode}); see {log_file}")
        return None
    # ru_maxrss is in kilobytes on Linux.
    return BuildRun(
        wall_s=round(wall, 3),
        cpu_s=round(usage.ru_utime + usage.ru_stime, 3),
        max_rss_bytes=usage.ru_maxrss * 1024,
    )


def prepare_bare_project(folder: Path, case_files: list[Path]) -> Path:
    """A docs folder with the same published case files, a stand-in for each page of the
    site's nav and a mkdocs.yml with nothing of the project but its theme settings and nav
    (``bare_config``)."""
    set_aside(folder, folder.parent)
    cases_dir = folder / "docs" / "cases"
    cases_dir.mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(BARE_INDEX, encoding="utf-8")
    site = read_site_config(ROOT / "mkdocs.yml")  # it reads the !ENV tags as MkDocs does
    (folder / "mkdocs.yml").write_text(bare_config(site), encoding="utf-8")
    for path, markdown in bare_stand_ins(site).items():
        (folder / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / path).write_text(markdown, encoding="utf-8")
    for path in case_files:
        shutil.copyfile(path, cases_dir / path.name)
    return folder


def first_module_page(site: Path) -> str | None:
    modules = sorted(
        p.relative_to(site).as_posix()
        for p in (site / "courses").glob("*/*.html")
        if p.name != "index.html"
    )
    return modules[0] if modules else None


def module_first_visit_bytes(site: Path, page: str, notes: list[str]) -> int:
    """``casebook.offline.first_visit_bytes`` (its ``total``) when the package has it, else
    ``casebook.bench.first_visit_bytes``."""
    try:
        offline = importlib.import_module("casebook.offline")
        by_kind: dict[str, int] = offline.first_visit_bytes(site, page)
    except (ImportError, AttributeError):
        return first_visit_bytes(site, page)
    details = ", ".join(f"{kind} {value:,}" for kind, value in by_kind.items())
    notes.append(f"first visit of {page} (casebook.offline, bytes): {details}")
    return int(by_kind["total"])


def load_explorer_benchmark() -> ModuleType:
    return load_script("bench_explorer")


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"casebook_{name}", ROOT / "scripts" / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_explorer(site: Path, cases: int, notes: list[str]) -> ExplorerRun | None:
    """bench_explorer.py's keystroke sequence on the built explorer.html; when that page
    lacks a control the sequence needs, bench_explorer.py's own fabricated page instead."""
    bench_explorer = load_explorer_benchmark()
    page_file = site / "explorer.html"
    try:
        steps = explorer_steps_on(bench_explorer, page_file)
        source = "built site"
    except Exception as exc:  # a browser or page error: fall back, and say why
        notes.append(
            f"explorer on the built page failed ({type(exc).__name__}); used bench_explorer.py"
        )
        try:
            fabricated = bench_explorer.run(cases)
        except Exception as inner:
            notes.append(f"bench_explorer.py failed too ({type(inner).__name__}: {inner})")
            return None
        steps = fabricated["steps"]
        source = "bench_explorer.py"
    keystrokes = [s for s in steps if s["step"].split(" ", 1)[0] in EXPLORER_STEP_KINDS]
    apply = [float(s["apply_ms"]) for s in keystrokes]
    layout = [float(s["with_layout_ms"]) for s in keystrokes]
    return ExplorerRun(
        page_bytes=page_file.stat().st_size,
        apply_median_ms=round(statistics.median(apply), 2),
        apply_max_ms=round(max(apply), 2),
        with_layout_median_ms=round(statistics.median(layout), 2),
        with_layout_max_ms=round(max(layout), 2),
        source=source,
    )


def explorer_steps_on(bench_explorer: ModuleType, page_file: Path) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=bench_explorer.find_chromium(),
            headless=True,
            args=bench_explorer.chromium_args(),
        )
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_function("window.casebookExplorer !== undefined")
            steps: list[dict[str, Any]] = page.evaluate(
                bench_explorer.MEASURE_STEPS, bench_explorer.STEPS
            )
        finally:
            browser.close()
    return steps


def measure_setup() -> SetupCheck:
    """A set-up machine: the venv stamp is newer than pyproject.toml, so make installs nothing."""
    stamp = ".venv/.installed-stamp"
    question = subprocess.run(["make", "-q", stamp], cwd=ROOT, capture_output=True, check=False)
    stamp_seconds = float("nan")
    if question.returncode == 0:  # never trigger a real install from a benchmark
        started = time.perf_counter()
        subprocess.run(["make", stamp], cwd=ROOT, capture_output=True, check=True)
        stamp_seconds = time.perf_counter() - started
    dry_run = subprocess.run(
        ["make", "-n", "site"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    commands = tuple(
        line.strip()
        for line in dry_run.stdout.splitlines()
        if line.strip() and not line.startswith("make")  # make's own directory messages
    )
    return SetupCheck(
        stamp_up_to_date=question.returncode == 0,
        stamp_target_s=round(stamp_seconds, 3),
        dry_run_commands=commands,
    )


if __name__ == "__main__":
    sys.exit(main())
