"""The ``casebook`` command: a thin edge over the library.

Library errors become clean messages and exit codes here; nothing below prints.
Exit codes: 0 clean, 1 problems found, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from casebook.collection import display_path, load_collection

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return EXIT_USAGE
    except _UsageError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_USAGE


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casebook", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="the content folder (default: content)",
    )
    _add_validate(commands, common)
    return parser


def _add_validate(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check content files and report every problem",
        description="Check content files and report every problem, one per line.\n\n"
        "Example: casebook validate content/cases/kenya-iot-soil-sensors.md",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="files or folders to report on (default: the whole content folder); "
        "cross-references are always resolved against the whole tree",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for tools, github for inline pull-request annotations",
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(handler=_validate)


def _validate(args: argparse.Namespace) -> int:
    root: Path = args.content
    if not root.is_dir():
        raise _UsageError(
            f"content folder '{root}' not found: run from the project folder or pass --content"
        )
    _, report = load_collection(root)
    if args.paths:
        wanted: set[str] = set()
        for path in args.paths:
            if not path.exists():
                raise _UsageError(f"'{path}' does not exist")
            if not path.resolve().is_relative_to(root.resolve()):
                raise _UsageError(f"'{path}' is not inside the content folder '{root}'")
            files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
            wanted.update(display_path(p) for p in files)
        report = report.restricted_to(wanted)
    if args.format == "json":
        print(report.render_json())
    elif args.format == "github":
        if report.problems:
            print(report.render_github())
        print(report.summary(), file=sys.stderr)
    else:
        print(report.render_text())
    return EXIT_OK if report.is_valid(strict=args.strict) else EXIT_PROBLEMS


if __name__ == "__main__":
    sys.exit(main())
