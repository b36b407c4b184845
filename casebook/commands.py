"""The ``casebook`` command: a thin edge over the library.

Its commands, run by the program ``casebook.cli``. Library errors become clean messages and
exit codes here; nothing below prints.
Exit codes: 0 clean, 1 problems found, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from casebook import issue_form, offline, scaffold, survey, translate
from casebook.build_cli import add_build_commands
from casebook.collection import display_path, load_collection
from casebook.editions import PAGES_BRANCH, EditionError
from casebook.engines.warm import WarmProcesses
from casebook.publishing import (
    deploy_working_collection,
    plan_edition,
    publish_edition,
    render_deployment_report,
    render_publication_report,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def run_command(argv: Sequence[str] | None = None, ahead: WarmProcesses | None = None) -> int:
    """The command ``argv`` asks for; ``ahead``: the engine's process, if one was started
    for it (``casebook.engine_start``)."""
    parser = _parser()
    args = parser.parse_args(argv)
    args.engine_ahead = ahead
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        return EXIT_USAGE
    except _UsageError as exc:
        print(f"casebook: {exc}", file=sys.stderr)
        return EXIT_USAGE


class _UsageError(Exception):
    pass


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help text wrapped between words only: vocabulary terms such as public-services are
    listed whole, ready to copy."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


def _content_folder(args: argparse.Namespace) -> Path:
    """``--content``, once it is a folder: a command reading content stops here otherwise."""
    root: Path = args.content
    if not root.is_dir():
        raise _UsageError(
            f"content folder '{root}' not found: run from the project folder or pass --content"
        )
    return root


def _own_command() -> str:
    """This program as the contributor can type it: ``casebook`` is not on PATH in a
    virtualenv that is not activated, so the script beside the interpreter, relative to the
    current folder when it is inside it (``.venv/bin/casebook``)."""
    script = Path(sys.executable).parent / "casebook"
    on_path = shutil.which("casebook")
    if on_path is not None and Path(on_path).resolve() == script.resolve():
        return "casebook"
    try:
        return script.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(script)


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
    add_build_commands(commands, common)
    _add_new(commands, common)
    _add_import_issue(commands, common)
    _add_edition(commands, common)
    _add_deploy(commands, common)
    _add_offline(commands, common)
    _add_survey(commands, common)
    _add_translate(commands, common)
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
    root = _content_folder(args)
    _, report = load_collection(root, processes=None)  # every core: a large collection
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


def _add_new(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    new = commands.add_parser(
        "new",
        parents=[common],
        help="start a case, course, module or guideline with placeholders to fill in",
        description="Write a new content file from your answers; every value still to write "
        "is a [[TODO: ...]] placeholder, which the validator reports until it is replaced.\n"
        "At a terminal it asks for what the options do not give.\n\n"
        "Example: casebook new case --title 'Solar kiosks for rural shops in Kenya' "
        "--country KE --organization-type startup --sector energy --technology iot "
        "--sdg 7 --year 2022 --stage pilot --yes",
        formatter_class=_HelpFormatter,
    )
    new.add_argument("kind", choices=scaffold.KINDS, help="what to start")
    for name in scaffold.option_names():
        many = scaffold.many_valued(name)
        new.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            action="append" if many else "store",
            metavar=name.split("_")[-1].upper(),
            help=scaffold.option_help(name),
        )
    new.add_argument(
        "--yes",
        "-y",
        action="store_true",
        help="ask nothing: use the options, the defaults and placeholders",
    )
    new.set_defaults(handler=_new)


def _new(args: argparse.Namespace) -> int:
    root = _content_folder(args)
    given = {n: v for n in scaffold.option_names() if (v := getattr(args, n)) is not None}
    interactive = sys.stdin.isatty() and not args.yes
    today = date.today()
    try:
        context = scaffold.read_context(root, today)
        answers = scaffold.collect_answers(
            args.kind,
            given,
            context,
            ask=input if interactive else None,
            tell=lambda message: print(message, file=sys.stderr),
        )
        path = scaffold.target_path(root, answers)
        scaffold.write_new_file(path, scaffold.render(answers, today))
    except scaffold.ScaffoldError as exc:
        raise _UsageError("\n  ".join(("nothing written:", *exc.reasons))) from None
    except EOFError:
        raise _UsageError("nothing written: the answers ended early") from None
    shown = display_path(path)
    content = "" if root == Path("content") else f" --content {shlex.quote(display_path(root))}"
    print(f"wrote {shown}")
    print(
        "next: replace every [[TODO: ...]], then check it with: "
        f"{_own_command()} validate{content} {shlex.quote(shown)}"
    )
    if not content and Path("Makefile").is_file():
        print("then preview it, drafts included, at http://127.0.0.1:8000 with: make serve")
    return EXIT_OK


def _add_import_issue(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    importer = commands.add_parser(
        "import-issue",
        parents=[common],
        help="turn a 'Submit a case' issue into a case file and validate it",
        description="Turn the body of a GitHub issue made with the 'Submit a case' form into "
        "content/cases/<slug>.md, then report every problem in it.\n\n"
        "Example: gh issue view 42 --json body --jq .body | casebook import-issue -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importer.add_argument(
        "issue", nargs="?", default="-", help="a file holding the issue body, or - for stdin"
    )
    importer.add_argument(
        "--slug", help="the case's file name, instead of the one the issue asks for"
    )
    importer.set_defaults(handler=_import_issue)


def _import_issue(args: argparse.Namespace) -> int:
    root = _content_folder(args)
    today = date.today()
    try:
        if args.issue == "-":
            source, body = "<stdin>", issue_form.read_issue(sys.stdin.buffer)
        else:
            with Path(args.issue).open("rb") as handle:
                source, body = display_path(Path(args.issue)), issue_form.read_issue(handle)
        imported = issue_form.import_issue(body, source, today, slug=args.slug)
        path, report = issue_form.save_imported_case(root, imported, today)
    except OSError as exc:
        raise _UsageError(f"cannot read '{args.issue}': {exc.strerror}") from None
    except issue_form.IssueFormError as exc:
        raise _UsageError(str(exc)) from None
    print(f"wrote {display_path(path)}", file=sys.stderr)
    print(report.render_text())
    return EXIT_OK if report.is_valid() else EXIT_PROBLEMS


def _deploy_options(common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """What every command that deploys to the pages branch takes (edition check and publish,
    deploy): the configuration and the branch."""
    options = argparse.ArgumentParser(add_help=False, parents=[common])
    options.add_argument(
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration (default: mkdocs.yml)",
    )
    options.add_argument(
        "--branch", default=PAGES_BRANCH, help=f"the pages branch (default: {PAGES_BRANCH})"
    )
    return options


def _add_edition(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    edition = commands.add_parser(
        "edition",
        help="publish numbered editions of the collection",
        description="Publish numbered, frozen editions of the collection (content/editions.yml).",
    )
    actions = edition.add_subparsers(dest="action", required=True)
    options = argparse.ArgumentParser(add_help=False, parents=[_deploy_options(common)])
    options.add_argument("edition", help="the edition id, as listed in content/editions.yml")
    check = actions.add_parser(
        "check",
        parents=[options],
        help="check that an edition may be published, before building anything",
        description="Check, before anything is built, that the edition id is listed in "
        "content/editions.yml (whose schema allows only lowercase letters, digits and hyphens, "
        "so that make and the shell never read anything else as code), that it is not yet "
        "published, and that the site address (CASEBOOK_SITE_URL or site_url in mkdocs.yml) and "
        "the source repository (CASEBOOK_REPOSITORY or extra.repository) are real ones; print "
        "the address the edition will carry. `make publish` and the publish "
        "workflow run it first.\n\nExample: casebook edition check 2026",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.set_defaults(handler=_check_edition)
    publish = actions.add_parser(
        "publish",
        parents=[options],
        help="build an edition and deploy it with mike as the latest version",
        description="Build the edition and deploy it with mike into the pages branch as version "
        "<id>, move the alias 'latest' to it and make it the default; write index.html and "
        "404.html at the branch's root. A published edition is never overwritten, and an "
        "edition is never published with the placeholder site address.\n\n"
        "Example: casebook edition publish 2026 --downloads dist",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    publish.add_argument(
        "--downloads",
        type=Path,
        help="a folder whose .zip files (the offline bundle) go into the edition's downloads/",
    )
    publish.add_argument("--push", action="store_true", help="push the pages branch to origin")
    publish.set_defaults(handler=_publish_edition)


def _check_edition(args: argparse.Namespace) -> int:
    try:
        plan = plan_edition(
            args.edition, args.content, args.config_file, branch=args.branch, cwd=Path.cwd()
        )
    except EditionError as exc:
        raise _UsageError(str(exc)) from None
    print(f"edition {plan.edition.id} can be published; it will carry the address {plan.url}")
    return EXIT_OK


def _publish_edition(args: argparse.Namespace) -> int:
    try:
        done = publish_edition(
            args.edition,
            args.content,
            args.config_file,
            branch=args.branch,
            push=args.push,
            downloads=args.downloads,
            engine=os.environ.get("ENGINE") or "mkdocs",
            tell=print,
        )
    except EditionError as exc:
        raise _UsageError(str(exc)) from None
    print(render_publication_report(done))
    return EXIT_OK


def _add_deploy(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    deploy = commands.add_parser(
        "deploy",
        parents=[_deploy_options(common)],
        help="build the working collection and deploy it with mike as version 'main'",
        description="Build the working collection and deploy it with mike into the pages branch "
        "as version 'main' (never moving 'latest' or touching an edition), then write index.html "
        "and 404.html at the branch's root, leading to the latest edition or, before the first "
        "one, to 'main'. Refused before anything is built while the site address "
        "(CASEBOOK_SITE_URL) or the source repository (CASEBOOK_REPOSITORY) is the placeholder "
        "or unset. `make deploy-main` runs it.\n\nExample: casebook deploy --push",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    deploy.add_argument("--push", action="store_true", help="push the pages branch to origin")
    deploy.set_defaults(handler=_deploy)


def _deploy(args: argparse.Namespace) -> int:
    try:
        done = deploy_working_collection(
            args.content,
            args.config_file,
            branch=args.branch,
            push=args.push,
            engine=os.environ.get("ENGINE") or "mkdocs",
        )
    except EditionError as exc:
        raise _UsageError(str(exc)) from None
    print(render_deployment_report(done))
    return EXIT_OK


def _add_offline(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    # The command reads a built site, not the content folder, so it takes no `common` options.
    bundles = commands.add_parser(
        "offline",
        help="zip a site built for offline use into the whole-site and per-course bundles",
        description="Write DIST/casebook-offline.zip and DIST/course-<slug>.zip from a site "
        "built with CASEBOOK_OFFLINE=true, and add the Download page (download.html) and "
        "the zips (downloads/) to the site. `make offline` does both steps.\n\n"
        "Example: CASEBOOK_OFFLINE=true mkdocs build -d build/offline/site && "
        "casebook offline build/offline/site --dist dist",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bundles.add_argument("site", type=Path, help="the built site folder")
    bundles.add_argument(
        "--dist", type=Path, default=Path("dist"), help="where to write the zips (default: dist)"
    )
    bundles.set_defaults(handler=_offline)


def _offline(args: argparse.Namespace) -> int:
    try:
        written = offline.write_offline_bundles(args.site, args.dist)
    except offline.OfflineError as exc:
        raise _UsageError(str(exc)) from None
    for bundle in written:
        print(f"{bundle.path}\t{offline.human_size(bundle.size)}\t{bundle.size} bytes")
    return EXIT_OK


def _add_survey(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    group = commands.add_parser(
        "survey",
        help="summarise self-assessment results that SMEs shared",
        description="Work with the result files the self-assessment page exports.",
    )
    actions = group.add_subparsers(dest="action", required=True)
    summarize = actions.add_parser(
        "summarize",
        parents=[common],
        help="check result files and write their summary (CSV and a page section)",
        description="Check every result file (folders are read whole), report each file left "
        "out, and write OUT/<assessment>-summary.csv and OUT/<assessment>-summary.html: "
        "respondents and score distributions per dimension, for everyone and by region, sector "
        "and country. Groups smaller than the threshold are only counted, never shown. Place the "
        "summary in a page of pages/ with {{ survey_summary('<path of the CSV under pages/>') }}."
        "\n\nExample: casebook survey summarize results/ --out pages/survey",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    summarize.add_argument("files", nargs="+", type=Path, help="result files or folders")
    summarize.add_argument(
        "--assessment", help="the assessment's slug (default: the only published one)"
    )
    summarize.add_argument(
        "--threshold",
        type=int,
        default=survey.DEFAULT_THRESHOLD,
        help=f"smallest group shown on its own (default: {survey.DEFAULT_THRESHOLD})",
    )
    summarize.add_argument(
        "--out", type=Path, default=Path("survey"), help="where to write (default: survey)"
    )
    summarize.set_defaults(handler=_survey_summarize)


def _survey_summarize(args: argparse.Namespace) -> int:
    root = _content_folder(args)
    if args.threshold < 1:
        raise _UsageError(f"the threshold must be 1 or more, got {args.threshold}")
    for path in args.files:
        if not path.exists():
            raise _UsageError(f"'{path}' does not exist")
    collection, _ = load_collection(root)
    published = {a.slug: a for a in collection.published_assessments}
    if args.assessment is None and len(published) != 1:
        raise _UsageError(
            "name the assessment with --assessment: published ones are "
            + (", ".join(sorted(published)) or "none")
        )
    slug = args.assessment or next(iter(published))
    if slug not in published:
        raise _UsageError(
            f"no published assessment '{slug}' in {root}: published ones are "
            + (", ".join(sorted(published)) or "none")
        )
    assessment = published[slug]
    responses, problems = survey.read_responses(args.files, assessment)
    summary = survey.summarize(responses, assessment, args.threshold)
    csv_path = args.out / f"{slug}-summary.csv"
    html_path = args.out / f"{slug}-summary.html"
    survey.write_summary_csv(summary, csv_path)
    rows = survey.read_summary_csv(csv_path.read_text(encoding="utf-8"), str(csv_path))
    html_path.write_text(survey.render_survey_section(rows, assessment), encoding="utf-8")
    for problem in problems:
        print(problem.render())
    left_out = len({p.path for p in problems})
    print(
        f"{summary.respondents} result{'s' * (summary.respondents != 1)} summarised, "
        f"{left_out} file{'s' * (left_out != 1)} left out; groups under {args.threshold} "
        f"respondents suppressed."
    )
    print(f"wrote {display_path(csv_path)} and {display_path(html_path)}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def _add_translate(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    command = commands.add_parser(
        "translate",
        parents=[common],
        help="start a translation file, or report what is translated",
        description="Write PATH's translation into LANG beside it (<name>.<lang>.md) with the "
        "original's text to overwrite, the required headings in LANG and the original's "
        "fingerprint; or, with --status, list per language what is current, outdated or "
        "missing.\n\n"
        "Examples: casebook translate content/cases/kenya-iot-soil-sensors.md --lang fr\n"
        "          casebook translate --status --lang fr",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("path", nargs="?", type=Path, help="the original to translate")
    command.add_argument("--lang", help="the language (a BCP 47 tag of content/languages.yml)")
    command.add_argument("--status", action="store_true", help="report instead of writing")
    command.add_argument("--format", choices=["text", "json"], default="text")
    command.set_defaults(handler=_translate)


def _translate(args: argparse.Namespace) -> int:
    root = _content_folder(args)
    collection, report = load_collection(root)
    languages = collection.languages
    assert languages is not None  # load_collection always sets them
    if args.status:
        if args.path is not None:
            raise _UsageError("--status reports on the whole collection: give no PATH")
        if args.lang is not None and languages.get(args.lang) is None:
            raise _UsageError(f"'{args.lang}' is not one of {', '.join(languages.tags)}")
        status = translate.translation_status(collection, args.lang)
        print(
            translate.render_status_json(status)
            if args.format == "json"
            else translate.render_status_text(status)
        )
        if report.errors:
            print(
                f"{report.summary()} Files with errors count as missing: run casebook validate",
                file=sys.stderr,
            )
            return EXIT_PROBLEMS
        return EXIT_OK
    if args.path is None or args.lang is None:
        raise _UsageError("give the original to translate and --lang (or use --status)")
    try:
        written = translate.start_translation(args.path, args.lang, root, languages)
    except translate.TranslateError as exc:
        raise _UsageError(str(exc)) from None
    print(f"wrote {display_path(written)}: translate its text, keep its fingerprint")
    return EXIT_OK
