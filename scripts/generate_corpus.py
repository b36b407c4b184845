"""Write a deterministic synthetic content tree for scale benchmarks.

Example:
    .venv/bin/python scripts/generate_corpus.py --cases 10000 --seed 1 --out /tmp/corpus
    .venv/bin/casebook validate --content /tmp/corpus
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from casebook.synthetic import CorpusExistsError, generate_corpus

EXIT_OK, EXIT_USAGE = 0, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="generate_corpus.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--cases", type=int, required=True, help="number of cases to write")
    parser.add_argument("--seed", type=int, default=0, help="the same seed gives the same bytes")
    parser.add_argument(
        "--out", type=Path, required=True, help="folder to write into (read it as content/)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty, replacing its cases/, courses/, guidelines/",
    )
    args = parser.parse_args(argv)
    try:
        summary = generate_corpus(args.out, args.cases, args.seed, replace=args.force)
    except (CorpusExistsError, ValueError) as exc:
        print(f"generate_corpus.py: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(
        f"Wrote {_count(summary.cases, 'case')} ({_count(summary.drafts, 'draft')}), "
        f"{_count(summary.courses, 'course')} ({_count(summary.modules, 'module')}) and "
        f"{_count(summary.guidelines, 'guideline')} to {args.out}; "
        f"'{summary.distinctive_word}' appears only in cases/{summary.distinctive_case}.md"
    )
    return EXIT_OK


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


if __name__ == "__main__":
    sys.exit(main())
