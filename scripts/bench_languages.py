"""Measure the six-language build: each language's build as its own process, all six in one,
and today's single-language build of the same cases, at each size.

Example (what ``make bench`` runs):
    .venv/bin/python scripts/bench_languages.py --cases 1000 10000

The corpus is the scale benchmark's (``scripts/bench.py``), with synthetic translations of
every tenth case into every language (``casebook.synthetic.write_translations``). Writes
``.bench/languages.json`` and ``.bench/languages.md`` and prints the Markdown. A benchmark,
not a test: it reports PASS/MISS per target and exits 0 unless a build fails to run.

Targets (issue 15): one language within 1.3x the single-language build; peak memory of any
process under 1 GB at 10,000 cases.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from types import ModuleType

from casebook.bench import BuildRun

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / ".bench"
LANGUAGES = ("en", "ar", "zh", "fr", "ru", "es")
ONE_LANGUAGE_RATIO = 1.3
MEMORY_LIMIT = 1_000_000_000


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench", ROOT / "scripts" / "bench.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_command(content: Path, site: Path, engine: str, languages: Sequence[str]) -> list[str]:
    return [
        sys.executable, "-m", "casebook.cli", "build", "--content", str(content),
        "--engine", engine, "-d", str(site), "--tree-dir", str(site.with_name(site.name + "-docs")),
        *(f"--lang={tag}" for tag in languages),
    ]  # fmt: skip


def measure(
    cases: int,
    engine: str,
    seed: int,
    timeout: float,
    only: Sequence[str] = LANGUAGES,
    together: bool = True,
) -> dict[str, object]:
    bench = _bench()
    corpus = bench.ensure_corpus(BENCH_DIR / f"corpus-{cases}", cases, seed)
    work = BENCH_DIR / f"languages-{cases}-{engine}"
    content = work / "content"
    if content.exists():
        shutil.rmtree(content)
    shutil.copytree(corpus, content)
    from casebook.synthetic import write_translations

    translations = write_translations(content, LANGUAGES[1:], every=10)

    def run(name: str, source: Path, languages: Sequence[str], site: Path) -> BuildRun:
        bench.log(f"{cases} cases, {engine}: {name}")
        done = bench.run_build(
            build_command(source, site, engine, languages), ROOT, {}, timeout, work / f"{name}.log"
        )
        if done is None:
            raise SystemExit(f"the {name} build failed: see {work / f'{name}.log'}")
        return done  # type: ignore[no-any-return]

    single = run("single-language", corpus, (), work / "single-site")
    # The default first: its build empties the site folder but for the other languages'.
    separate = {
        tag: run(f"lang-{tag}", content, (tag,), work / "site") for tag in LANGUAGES if tag in only
    }
    all_six = run("all-six", content, (), work / "together-site") if together else None
    slowest = max(separate.values(), key=lambda r: r.wall_s)
    runs = [*separate.values(), *([all_six] if all_six else [])]
    peak = max(r.max_rss_bytes for r in runs)
    return {
        "cases": cases,
        "engine": engine,
        "translations": translations,
        "single_language": asdict(single),
        "per_language": {tag: asdict(r) for tag, r in separate.items()},
        "all_six_one_process": asdict(all_six) if all_six else None,
        "all_six_separate_wall_s": round(sum(r.wall_s for r in separate.values()), 1),
        "slowest_language_ratio": round(slowest.wall_s / single.wall_s, 2),
        # CPU time: what a loaded machine does not blur.
        "slowest_language_cpu_ratio": round(
            max(r.cpu_s for r in separate.values()) / single.cpu_s, 2
        ),
        "peak_memory_bytes": peak,
    }


def render_markdown(results: Sequence[dict[str, object]]) -> str:
    lines = [
        "| cases | engine | single-language build | one language (slowest, own process) | ratio "
        "(goal ≤ 1.3) | CPU ratio | all six, separate processes | all six, one process | peak memory "
        "(goal < 1 GB at 10,000) |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        single = result["single_language"]
        per = result["per_language"]
        together = result["all_six_one_process"] or {"wall_s": float("nan"), "cpu_s": float("nan")}
        assert isinstance(single, dict) and isinstance(per, dict) and isinstance(together, dict)
        slowest_tag = max(per, key=lambda tag: per[tag]["wall_s"])
        ratio = float(str(result["slowest_language_ratio"]))
        peak = int(str(result["peak_memory_bytes"]))
        lines.append(
            f"| {result['cases']:,} | {result['engine']} | {single['wall_s']:.1f} s "
            f"({single['cpu_s']:.1f} s CPU) | {per[slowest_tag]['wall_s']:.1f} s ({slowest_tag}; "
            f"{per[slowest_tag]['cpu_s']:.1f} s CPU) "
            f"| {ratio:.2f} {'PASS' if ratio <= ONE_LANGUAGE_RATIO else 'MISS'} "
            f"| {result['slowest_language_cpu_ratio']} "
            f"| {result['all_six_separate_wall_s']} s | {together['wall_s']:.1f} s "
            f"({together['cpu_s']:.1f} s CPU) | {peak / 1e6:,.0f} MB "
            f"{'PASS' if peak < MEMORY_LIMIT or result['cases'] != 10000 else 'MISS'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--engine", default="mkdocs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=7200)
    parser.add_argument(
        "--only", nargs="+", default=list(LANGUAGES), help="the languages built one by one"
    )
    parser.add_argument(
        "--no-together", action="store_true", help="skip the six-in-one-process build"
    )
    args = parser.parse_args(argv)
    results = [
        measure(n, args.engine, args.seed, args.timeout, args.only, not args.no_together)
        for n in args.cases
    ]
    BENCH_DIR.mkdir(exist_ok=True)
    (BENCH_DIR / "languages.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    markdown = render_markdown(results)
    (BENCH_DIR / "languages.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
