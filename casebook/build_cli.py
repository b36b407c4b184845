"""``casebook build`` and ``casebook serve``: the command-line edge of ``casebook.build``."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

from casebook.build import BuildError, BuildOptions, ContentInvalid, build
from casebook.engine_start import default_engine
from casebook.engines import ENGINES
from casebook.languages import load_languages
from casebook.pages.preview import read_changed_files

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_build_commands(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    options = argparse.ArgumentParser(add_help=False, parents=[common])
    options.add_argument(
        "--engine",
        choices=ENGINES,
        default=default_engine(),
        help="the engine that builds the pages (default: $ENGINE, else mkdocs)",
    )
    options.add_argument(
        "-d", "--site-dir", type=Path, default=Path("site"), help="output (default: site)"
    )
    options.add_argument(
        "--tree-dir",
        type=Path,
        help="where the docs tree is written (default: build/docs-ENGINE)",
    )
    options.add_argument(
        "--offline", action="store_true", help="build for file:// (search index inlined)"
    )
    options.add_argument(
        "--lang",
        action="append",
        default=[],
        metavar="TAG",
        help="build only this language (repeat, or a comma-separated list; default: every "
        "language of content/languages.yml). Each language can be built by its own process: "
        "the default language first, as its build empties the site folder but for the others",
    )
    options.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        metavar="N",
        help="processes that build the pages at once: the engine's shards and the finishing "
        "step (default: one per core; 1: no more than one at a time)",
    )
    options.add_argument(
        "--preview",
        action="store_true",
        help="include drafts, each marked as a draft (never with --offline or --edition)",
    )
    options.add_argument(
        "--changed",
        type=Path,
        metavar="FILE",
        help="with --preview: a file naming the files a pull request changes, one a line "
        "(the home page lists them)",
    )
    build_command = commands.add_parser(
        "build",
        parents=[options],
        help="validate the content and build the site with MkDocs or Zensical",
        description="Validate content/, write the docs tree, run the engine on it and finish "
        "the pages. Any content error stops the build with the validator's messages.\n\n"
        "Example: casebook build --engine zensical -d site",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_command.add_argument(
        "--edition",
        default=os.environ.get("CASEBOOK_EDITION") or None,
        help="build this edition of content/editions.yml (default: $CASEBOOK_EDITION)",
    )
    build_command.set_defaults(handler=run_build)
    serve = commands.add_parser(
        "serve",
        parents=[options],
        help="preview the site, rebuilt when content/, pages/ or mkdocs.yml change",
        description="Build, serve at http://127.0.0.1:8000 and rebuild on every change. A "
        "file that does not validate shows its problems here and in the browser.\n\n"
        "Example: casebook serve --engine zensical",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--address", default="127.0.0.1:8000", help="host:port to serve on")
    serve.set_defaults(handler=run_serve)


class _PreviewError(Exception):
    pass


def _changed_files(args: argparse.Namespace) -> tuple[str, ...]:
    """The one place that reads which files a preview's pull request changes."""
    if args.changed is None:
        return ()
    if not args.preview:
        raise _PreviewError("--changed lists a preview's changes: add --preview")
    try:
        return read_changed_files(args.changed.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise _PreviewError(f"cannot read --changed '{args.changed}': {exc}") from None


def build_options(args: argparse.Namespace) -> BuildOptions:
    return BuildOptions(
        project=Path.cwd(),
        content=args.content,
        site_dir=args.site_dir,
        tree_dir=args.tree_dir or Path("build") / f"docs-{args.engine}",
        engine=args.engine,
        offline=args.offline,
        edition=getattr(args, "edition", None),
        edition_downloads=_downloads(),
        mike_version=os.environ.get("MIKE_DOCS_VERSION"),
        include_drafts=args.preview,
        changed_files=_changed_files(args),
        languages=tuple(tag for given in args.lang for tag in given.split(",") if tag),
        processes=args.jobs,
    )


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of processes (1 or more)")
    return number


def _downloads() -> Path | None:
    folder = os.environ.get("CASEBOOK_EDITION_DOWNLOADS")
    return Path(folder) if folder else None


def _say(message: str) -> None:
    print(message, file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    try:
        result = build(build_options(args), _say, args.engine_ahead)
    except _PreviewError as exc:
        _say(f"casebook: {exc}")
        return EXIT_USAGE
    except ContentInvalid as exc:
        _say(str(exc))
        return EXIT_PROBLEMS
    except BuildError as exc:
        _say(f"casebook: {exc}")
        return EXIT_USAGE
    timing = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in result.seconds.items())
    _say(f"built {result.pages} generated pages into {args.site_dir} with {args.engine} ({timing})")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from casebook.serve import serve

    host, _, port = args.address.rpartition(":")
    try:
        options = build_options(args)
    except _PreviewError as exc:
        _say(f"casebook: {exc}")
        return EXIT_USAGE
    if not options.languages:
        # A rebuild per change of all six languages would keep a writer waiting: the default
        # language unless --lang asks for others.
        languages, _ = load_languages(options.content)
        options = replace(options, languages=(languages.default.tag,))
        _say(f"serving {languages.default.tag} only: add --lang TAG for other languages")
    return serve(options, host or "127.0.0.1", int(port), _say)
