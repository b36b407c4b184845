"""Time the validation of the largest allowed file repeating one construct (casebook.adversarial).

Example (part of ``make bench``):
    .venv/bin/python scripts/bench_adversarial.py

Target: each file validates (read, checked, rendered, sanitised, with the rest of a small
collection) in under a second on one core. Best of three runs; writes
``.bench/adversarial.md`` and prints it. A benchmark, not a test: it always exits 0.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from casebook.adversarial import UNITS, adversarial_text
from casebook.collection import load_collection
from casebook.documents import MAX_FILE_BYTES

ROOT = Path(__file__).resolve().parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini" / "content"
CASE = "cases/kenya-solar-irrigation.md"
TARGET_SECONDS = 1.0
RUNS = 3


def main() -> int:
    original = (MINI / CASE).read_text(encoding="utf-8")
    rows = []
    with tempfile.TemporaryDirectory(prefix="casebook-adversarial-") as folder:
        root = Path(folder) / "content"
        shutil.copytree(MINI, root)
        for unit in UNITS:
            (root / CASE).write_text(adversarial_text(original, unit), encoding="utf-8")
            times = []
            for _ in range(RUNS):
                start = time.process_time()
                _, report = load_collection(root)
                times.append(time.process_time() - start)
            codes = sorted({p.code for p in report.problems}) or ["accepted"]
            rows.append((unit, min(times), ", ".join(codes)))
    worst = max(seconds for _, seconds, _ in rows)
    lines = [
        f"Largest allowed file ({MAX_FILE_BYTES // 1024} KiB) repeating one construct: CPU "
        f"seconds to validate, best of {RUNS}. Target: under {TARGET_SECONDS:.0f} s each.",
        "",
        "| repeated | seconds | outcome |",
        "|---|--:|---|",
        *(f"| `{unit!r}` | {seconds:.2f} | {codes} |" for unit, seconds, codes in rows),
        "",
        f"Worst: {worst:.2f} s — {'PASS' if worst < TARGET_SECONDS else 'MISS'}",
    ]
    text = "\n".join(lines) + "\n"
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "adversarial.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
