"""Benchmark the case explorer at scale: how long one filter pass takes in a real Chromium.

    python scripts/bench_explorer.py --cases 10000 [--rounds 3] [--page-size N] [--json out.json]
        [--script other-explorer.js]

Fabricates N deterministic cases in-process, renders the standalone explorer page into a
temporary folder, opens it from file:// and times ``window.casebookExplorer.apply()`` for a
sequence of keystrokes and facet toggles. ``apply_ms`` is the script alone; ``with_layout_ms``
adds the style and layout work the browser must do before it can paint the result, which is
what a reader feels. The machine is shared, so the load average at the start is reported too.
Prints one JSON object. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from casebook.cases import Case, Contributor, Source
from casebook.explorer import (
    ASSETS_DIR,
    EXPLORER_ASSETS,
    PAGE_SIZE,
    render_standalone_page,
)
from casebook.render import RenderedText
from casebook.vocabularies import vocabulary

ROOT = Path(__file__).resolve().parent.parent


def chromium_args() -> list[str]:
    """The browser tests' flags (tests/conftest.py), so the benchmark runs Chromium the same way."""
    spec = importlib.util.spec_from_file_location(
        "casebook_test_conftest", ROOT / "tests" / "conftest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(module.CHROMIUM_ARGS)


COUNTRIES = (
    "KE", "NG", "ZA", "GH", "ET", "RW", "UG", "TZ", "SN", "CI", "EG", "MA", "TN", "CM", "ZM",
    "IN", "BD", "PK", "LK", "NP", "VN", "ID", "PH", "KH", "TH", "MY", "CN", "MN", "UZ", "KZ",
    "BR", "CO", "PE", "MX", "CL", "AR", "EC", "GT", "BO", "JM", "RS", "AL", "UA", "MD", "GE",
    "FJ", "PG", "WS", "TO", "VU",
)  # fmt: skip
SUBJECTS = (
    "solar kiosks", "soil sensors", "mobile payments", "cold chain", "telemedicine",
    "e-permits", "credit scoring", "weaving cooperative", "fisheries alerts", "tourism booking",
    "port logistics", "textile cluster", "cyber clinic", "broadband sharing", "startup pipeline",
)  # fmt: skip
VERBS = ("scales", "pilots", "rebuilds", "connects", "digitises", "automates", "opens up")
AUDIENCES = ("smallholders", "market traders", "clinics", "municipalities", "women weavers",
             "fishers", "students", "exporters", "rural shops", "youth founders")  # fmt: skip


def fabricate_cases(count: int, seed: int = 2025) -> list[Case]:
    """``count`` varied, valid-looking cases; the same every run for the same seed."""
    rng = random.Random(seed)
    org_types = vocabulary("organization-type").terms
    sectors = vocabulary("sector").terms
    technologies = vocabulary("technology").terms
    stages = vocabulary("stage").terms
    cases = []
    for number in range(count):
        subject, verb, audience = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(AUDIENCES)
        countries = tuple(rng.sample(COUNTRIES, rng.choice((1, 1, 1, 2, 3))))
        org = f"{subject.title()} Collective {number}"
        cases.append(
            Case(
                slug=f"case-{number:05d}",
                path=f"content/cases/case-{number:05d}.md",
                title=f"{org} {verb} {subject} for {audience}",
                summary=(
                    f"An illustrative {rng.choice(org_types)} {verb} {subject} with "
                    f"{audience}, measuring uptake, cost and reach over {rng.randint(1, 6)} years."
                ),
                countries=countries,
                organization_name=org,
                organization_type=rng.choice(org_types),
                sectors=tuple(rng.sample(sectors, rng.randint(1, 3))),
                technologies=tuple(rng.sample(technologies, rng.randint(1, 4))),
                sdgs=tuple(sorted(rng.sample(range(1, 18), rng.randint(1, 4)))),
                year=rng.randint(2005, 2025),
                stage=rng.choice(stages),
                challenges=(),
                outcomes=(),
                sources=(Source("Fabricated for the benchmark", "https://example.org/"),),
                contributor=Contributor("Benchmark"),
                license="CC-BY-4.0",
                status="published",
                submitted=date(2025, 1, 1),
                updated=None,
                example=True,
                body="",
                rendered=RenderedText(""),
            )
        )
    return cases


# Each step changes the controls without firing events, then times one synchronous apply().
# A round starts from a cleared panel, so every round measures the same transitions.
STEPS = [
    ("clear", ""),
    ("type", "s"),
    ("type", "so"),
    ("type", "sol"),
    ("type", "sola"),
    ("type", "solar"),
    ("type", "solar k"),
    ("check", "country=KE"),
    ("check", "country=NG"),
    ("check", "sector=energy"),
    ("check", "technology=mobile"),
    ("type", ""),
    ("uncheck", "country=KE"),
    ("year", "2015-2022"),
    ("type", "weav"),
    ("clear", ""),
    ("type", "so"),
]

MEASURE_STEPS = """
(steps) => {
  const root = document.querySelector('[data-casebook-explorer]');
  const search = root.querySelector('input[type="search"]');
  const results = [];
  for (const [kind, value] of steps) {
    if (kind === 'type') search.value = value;
    else if (kind === 'clear') {
      search.value = '';
      for (const input of root.querySelectorAll('input[type="number"]')) input.value = '';
      for (const box of root.querySelectorAll('input[type="checkbox"]')) box.checked = false;
    } else if (kind === 'year') {
      const [from, to] = value.split('-');
      root.querySelector('[data-year-from]').value = from;
      root.querySelector('[data-year-to]').value = to;
    } else {
      const [facet, term] = value.split('=');
      const box = root.querySelector(`fieldset[data-facet="${facet}"] input[value="${term}"]`);
      box.checked = kind === 'check';
    }
    const start = performance.now();
    // As a change in the panel would: the address is written when the changes pause.
    const matches = window.casebookExplorer.apply(true);
    const applied = performance.now();
    void document.body.offsetHeight;  // forces the style and layout a paint would need
    const laidOut = performance.now();
    results.push({step: `${kind} ${value}`.trim(), matches,
                  displayed: window.casebookExplorer.state().displayed,
                  apply_ms: applied - start, with_layout_ms: laidOut - start});
  }
  return results;
}
"""

# The reader's path: the control changes and fires its event, as a click or a keystroke does;
# the explorer filters in its next animation frame; the time is taken when the results are
# laid out (in a frame callback queued after the explorer's, with layout forced) and when the
# frame has been painted (a task queued from that callback runs after the paint).
MEASURE_EVENTS = """
async (steps) => {
  const root = document.querySelector('[data-casebook-explorer]');
  const search = root.querySelector('input[type="search"]');
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const results = [];
  for (const [kind, value] of steps) {
    await nextFrame();  // start at the top of a frame, as input arriving between frames would
    await new Promise((resolve) => setTimeout(resolve, 0));
    let target = search;
    let event = 'input';
    if (kind === 'type') search.value = value;
    else if (kind === 'clear') {
      search.value = '';
      for (const input of root.querySelectorAll('input[type="number"]')) input.value = '';
      for (const box of root.querySelectorAll('input[type="checkbox"]')) box.checked = false;
    } else if (kind === 'year') {
      const [from, to] = value.split('-');
      root.querySelector('[data-year-from]').value = from;
      target = root.querySelector('[data-year-to]');
      target.value = to;
    } else {
      const [facet, term] = value.split('=');
      target = root.querySelector(`fieldset[data-facet="${facet}"] input[value="${term}"]`);
      target.checked = kind === 'check';
      event = 'change';
    }
    const start = performance.now();
    target.dispatchEvent(new Event(event, {bubbles: true}));
    const rendered = await new Promise((resolve) => requestAnimationFrame(() => {
      void document.body.offsetHeight;
      const laidOut = performance.now();
      setTimeout(() => resolve([laidOut, performance.now()]), 0);
    }));
    results.push({step: `${kind} ${value}`.trim(),
                  matches: window.casebookExplorer.state().matches,
                  to_layout_ms: rendered[0] - start, to_paint_ms: rendered[1] - start});
  }
  return results;
}
"""

MEASURE_SORTS = """
(sorts) => {
  const select = document.querySelector('select[data-sort]');
  const timings = {};
  for (const sort of sorts) {
    select.value = sort;
    const start = performance.now();
    window.casebookExplorer.apply();
    void document.body.offsetHeight;
    timings[sort] = Math.round((performance.now() - start) * 100) / 100;
  }
  return timings;
}
"""


def find_chromium() -> str:
    for candidate in (os.environ.get("CASEBOOK_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    sys.exit("no Chromium: install it (apt-get install -y chromium) or set CASEBOOK_CHROMIUM")


def summarise(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 2), "max": round(max(values), 2)}


def run(
    case_count: int,
    rounds: int = 3,
    page_size: int = PAGE_SIZE,
    script: Path | None = None,
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    cases = fabricate_cases(case_count)
    url = lambda case: f"cases/{case.slug}.html"  # noqa: E731
    page_html = render_standalone_page(cases, url, page_size=page_size)
    page_bytes = len(page_html.encode("utf-8"))
    empty_bytes = len(render_standalone_page([], url).encode("utf-8"))
    load_average = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-explorer-") as folder:
        site = Path(folder)
        (site / "explorer.html").write_text(page_html, encoding="utf-8")
        for asset in EXPLORER_ASSETS:
            shutil.copy(ASSETS_DIR / asset, site / asset)
        if script is not None:  # another explorer.js, to compare (git show REV:path > file)
            shutil.copy(script, site / "explorer.js")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=find_chromium(), headless=True, args=chromium_args()
            )
            page = browser.new_page()
            started = time.perf_counter()
            page.goto((site / "explorer.html").as_uri())
            page.wait_for_function("window.casebookExplorer !== undefined")
            ready_ms = (time.perf_counter() - started) * 1000
            steps = [step for _ in range(rounds) for step in page.evaluate(MEASURE_STEPS, STEPS)]
            events = [step for _ in range(rounds) for step in page.evaluate(MEASURE_EVENTS, STEPS)]
            sorts = page.evaluate(MEASURE_SORTS, ["year-desc", "year-asc", "country", "title"])
            browser.close()
    return {
        "cases": case_count,
        "page_size": page_size,
        "rounds": rounds,
        "load_average_at_start": round(load_average, 2),
        "page_bytes": page_bytes,
        "html_bytes_per_case": round((page_bytes - empty_bytes) / max(case_count, 1), 1),
        "load_until_ready_ms": round(ready_ms, 1),
        "apply_ms": summarise([step["apply_ms"] for step in steps]),
        "with_layout_ms": summarise([step["with_layout_ms"] for step in steps]),
        "event_to_layout_ms": summarise([step["to_layout_ms"] for step in events]),
        "event_to_paint_ms": summarise([step["to_paint_ms"] for step in events]),
        "target_ms": 50,
        "sort_ms": sorts,
        "steps": [  # every round's, in order; scripts/bench.py reads these
            {key: round(v, 2) if isinstance(v, float) else v for key, v in step.items()}
            for step in steps
        ],
        "event_steps": [
            {key: round(v, 2) if isinstance(v, float) else v for key, v in step.items()}
            for step in events
        ],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10000, help="how many cases to fabricate")
    parser.add_argument("--rounds", type=int, default=3, help="times to repeat the step sequence")
    parser.add_argument(
        "--page-size", type=int, default=PAGE_SIZE, help="rows shown at once (default: the site's)"
    )
    parser.add_argument("--json", type=Path, help="also write the result to this file")
    parser.add_argument("--script", type=Path, help="an explorer.js to measure instead")
    args = parser.parse_args(argv)
    result = run(args.cases, args.rounds, args.page_size, args.script)
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
