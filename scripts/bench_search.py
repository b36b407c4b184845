"""Benchmark the site's search on a built site: first visits, queries, index size, indexing
time and recall.

    python scripts/bench_search.py SITE --content CORPUS [--seed 1] [--sample 500] [--json out]

``make bench`` calls :func:`measure` after each full build (``scripts/bench.py``). Measured:

- **first visit** of one page of each kind (``casebook.offline.first_visit_bytes``: the page
  and everything it loads, raw and each file gzip-compressed);
- **indexing**: ``casebook.search.index_site`` on the built site in a fresh process (wall, and
  CPU from ``os.wait4``), the index on disk (bytes, files, largest shard);
- **queries** in Chromium from ``file://``, each in a fresh browser context (empty cache): a
  common word, a rare word, a prefix (the common word's first four letters, two and one) and a
  Chinese word (the synthetic corpus is English, so
  ``CHINESE_PAGES`` pages with ``<html lang="zh">`` are added to the site and indexed again
  first). The field gets the whole word at once; the figure is the index files loaded and the
  time until the results show. One more letter typed after the first must load nothing again;
- **recall**: ``--sample`` random (word, case) pairs, every word of four letters or more in a
  published case's title, summary or body as written in the content; a pair is found when the
  case is among the query's results (``window.casebookSearch.query``).

A benchmark, not a test: it prints JSON and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casebook.collection import load_collection
from casebook.offline import first_visit_bytes

ROOT = Path(__file__).resolve().parent.parent
CHINESE_PAGES = 50
CHINESE_SENTENCES = (
    "数字化转型帮助中小企业提高效率。",
    "太阳能水泵让小农户在旱季也能灌溉。",
    "移动支付降低了农村商户的交易成本。",
    "云计算平台让纺织企业共享订单数据。",
    "物联网传感器监测土壤湿度和温度。",
)
CHINESE_QUERY = "企业"
PAGE_KINDS: dict[str, Callable[[list[str]], str]] = {
    "home": lambda paths: "index.html",
    "case": lambda paths: next(p for p in paths if p.startswith("cases/")),
    "module": lambda paths: next(
        p for p in paths if re.fullmatch(r"courses/[^/]+/\d+-[^/]+\.html", p)
    ),
    "course": lambda paths: next(p for p in paths if re.fullmatch(r"courses/[^/]+/index\.html", p)),
    "guideline": lambda paths: next(p for p in paths if p.startswith("guidelines/")),
    "country": lambda paths: next(p for p in paths if p.startswith("countries/")),
    "explorer": lambda paths: "explorer.html",
    "search page": lambda paths: "search.html",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = measure(args.site, args.content, seed=args.seed, sample=args.sample)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


def measure(site: Path, content: Path, *, seed: int = 1, sample: int = 500) -> dict[str, Any]:
    paths = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    first_visits = {}
    for kind, pick in PAGE_KINDS.items():
        try:
            page = pick(paths)
        except StopIteration:
            continue
        if (site / page).is_file():
            weight = first_visit_bytes(site, page)
            first_visits[kind] = {
                "page": page,
                "bytes": weight["total"],
                "gzip": weight["total_gzip"],
                "requests": weight["requests"],
            }
    indexing = time_indexing(site)
    index = index_size(site)
    words = published_words(content)
    add_chinese_pages(site)
    queries = measure_queries(site, pick_queries(words))
    recall = measure_recall(site, words, seed, sample)
    return {
        "first_visit": first_visits,
        "indexing": indexing,
        "index": index,
        "queries": queries,
        "recall": recall,
    }


def time_indexing(site: Path) -> dict[str, float]:
    """``index_site`` in a fresh process: its own wall and CPU seconds (the interpreter's start
    and the imports, which the build has already paid, are not counted)."""
    code = (
        "import json, time; from pathlib import Path; from casebook.search import index_site; "
        "wall, cpu = time.perf_counter(), time.process_time(); "
        f"index_site(Path({str(site)!r})); "
        "print(json.dumps({'wall_s': round(time.perf_counter() - wall, 3), "
        "'cpu_s': round(time.process_time() - cpu, 3)}))"
    )
    # As in a build, where MkDocs has just emptied the site folder: no old index to remove.
    previous = site / "search"
    moved = site.parent / f".{site.name}-search-before-timing"
    if previous.exists():
        previous.rename(moved)
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    shutil.rmtree(moved, ignore_errors=True)
    timings: dict[str, float] = json.loads(completed.stdout)
    return timings


def index_size(site: Path) -> dict[str, int]:
    files = [p for p in (site / "search").rglob("*.js")]
    shards = [p.stat().st_size for p in files if p.parent.name == "t"]
    records = [p.stat().st_size for p in files if p.parent.name == "d"]
    prefixes = [p.stat().st_size for p in files if p.parent.name == "p"]
    manifests = [p.stat().st_size for p in files if p.name == "manifest.js"]
    return {
        "bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "shards": len(shards),
        "shard_bytes_max": max(shards, default=0),
        "record_bytes_max": max(records, default=0),
        "prefix_files": len(prefixes),
        "prefix_bytes_max": max(prefixes, default=0),
        "manifest_bytes": max(manifests, default=0),
    }


def published_words(content: Path) -> dict[str, set[str]]:
    """Every word of four letters or more in each published case's title, summary and body,
    as written in the content (Markdown link targets left out), with the cases' pages."""
    collection, _ = load_collection(content)
    found: dict[str, set[str]] = {}
    for case in collection.published_cases:
        text = " ".join([case.title, case.summary, re.sub(r"\]\([^)]*\)", "]", case.body)])
        for word in re.findall(r"[^\W\d_]{4,}", text):
            found.setdefault(word, set()).add(f"cases/{case.slug}.html")
    return found


def pick_queries(words: dict[str, set[str]]) -> dict[str, str]:
    by_pages = Counter({word.lower(): len(pages) for word, pages in words.items()})
    common = next(word for word, _ in by_pages.most_common() if len(word) >= 6)
    rare = min((word for word in by_pages if len(word) >= 6), key=lambda w: (by_pages[w], w))
    return {
        "common word": common,
        "rare word": rare,
        "prefix": common[:4],
        "two letters": common[:2],
        "one letter": common[:1],
        "Chinese word": CHINESE_QUERY,
    }


def add_chinese_pages(site: Path) -> None:
    """Pages in Chinese (``<html lang="zh">``) made from the About page's frame, then the
    index written again: the synthetic corpus has no other language yet."""
    frame = (site / "about.html").read_text(encoding="utf-8")
    start, end = frame.index("<article"), frame.index("</article>")
    folder = site / "bench-zh"
    if folder.exists():
        shutil.rmtree(folder)
    for number in range(CHINESE_PAGES):
        sentences = [CHINESE_SENTENCES[(number + i) % len(CHINESE_SENTENCES)] for i in range(3)]
        article = (
            f'<article class="md-content__inner md-typeset"><h1>案例 {number}</h1>'
            f"<p>{''.join(sentences)}</p>"
        )
        page = frame[:start] + article + frame[end:]
        # Written at the site root's depth, renamed into a folder of its own: links go up one.
        page = page.replace('<html lang="en"', '<html lang="zh"')
        page = re.sub(r'(href|src)="(?!https?:|#|/|data:)', r'\1="../', page)
        folder.mkdir(exist_ok=True)
        (folder / f"{number}.html").write_text(page, encoding="utf-8")
    from casebook.search import index_site

    index_site(site)


def _browser() -> tuple[Any, Any]:
    from playwright.sync_api import sync_playwright

    bench_explorer = _load("bench_explorer")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=bench_explorer.find_chromium(),
        headless=True,
        args=bench_explorer.chromium_args(),
    )
    return playwright, browser


def _load(name: str) -> Any:
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def measure_queries(site: Path, queries: dict[str, str]) -> dict[str, Any]:
    playwright, browser = _browser()
    results: dict[str, Any] = {}
    try:
        for label, query in queries.items():
            page_path = "bench-zh/0.html" if label == "Chinese word" else "index.html"
            context = browser.new_context()
            page = context.new_page()
            requested: list[str] = []
            page.on("request", lambda request, seen=requested: seen.append(request.url))
            page.goto((site / page_path).as_uri())
            page.wait_for_load_state("load")
            before = len(requested)
            box = page.locator("[data-site-search] input")
            box.focus()
            started = time.perf_counter()
            box.fill(query)
            page.wait_for_function(
                "() => /result/.test(document.querySelector('[data-search-count]').textContent)"
                " && document.querySelectorAll('[data-search-results] a').length > 0"
            )
            elapsed = time.perf_counter() - started
            loaded = _search_files(site, requested[before:])
            count = page.locator("[data-search-count]").text_content()
            # The next keystroke: one more letter must reuse what was loaded.
            mark = len(requested)
            box.press("End")
            box.press_sequentially("s")
            page.wait_for_timeout(300)
            again = _search_files(site, requested[mark:])
            results[label] = {
                "query": query,
                "count": count,
                "files": len(loaded),
                "bytes": sum((site / path).stat().st_size for path in loaded),
                "shard_files": sum("/t/" in path for path in loaded),
                "ms": round(elapsed * 1000, 1),
                # What was loaded is reused: nothing asked for twice. A short prefix's next
                # letter may need a shard of its own (a narrower one), which is new.
                "next_keystroke_loaded_again": len(set(again) & set(loaded)),
                "next_keystroke_new_shards": sum("/t/" in path for path in again),
            }
            context.close()
    finally:
        browser.close()
        playwright.stop()
    return results


def _search_files(site: Path, urls: list[str]) -> list[str]:
    root = site.resolve().as_uri() + "/"
    return sorted({url[len(root) :] for url in urls if url.startswith(root + "search/")})


def measure_recall(
    site: Path, words: dict[str, set[str]], seed: int, sample: int
) -> dict[str, Any]:
    pairs = sorted((word, page) for word, pages in words.items() for page in pages)
    chosen = random.Random(seed).sample(pairs, min(sample, len(pairs)))
    ids = {}
    for path in (site / "search" / "en" / "d").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        ids[json.loads(text[text.index("{") : text.rindex(")")])["u"]] = int(path.stem)
    playwright, browser = _browser()
    try:
        page = browser.new_page()
        page.goto((site / "index.html").as_uri())
        found = page.evaluate(
            """async pairs => {
                const out = [];
                for (const [word, id] of pairs) {
                  const ids = await window.casebookSearch.query(word);
                  out.push(ids.includes(id));
                }
                return out;
            }""",
            [[word, ids.get(path, -1)] for word, path in chosen],
        )
    finally:
        browser.close()
        playwright.stop()
    missed = [f"{word} ({path})" for (word, path), ok in zip(chosen, found, strict=True) if not ok]
    return {
        "sample": len(chosen),
        "found": len(chosen) - len(missed),
        "recall": round((len(chosen) - len(missed)) / max(len(chosen), 1), 4),
        "missed": missed[:20],
    }


if __name__ == "__main__":
    sys.exit(main())
