"""``casebook build``: the whole pipeline, whichever engine builds the pages.

1. Load and validate the content; any error stops the build with the validator's messages.
2. Write the docs tree (``casebook.docs_tree``): the site's own pages (``pages/``, whose
   macros the engine renders), every generated page as Markdown, open data, assets, images.
3. Write the engine's configuration, derived from ``mkdocs.yml``, and run the engine
   (``casebook.engines``) on the tree as a subprocess.
4. Finish the output (``casebook.finish``): the HTML that must not pass through Markdown or
   the search index goes into the built pages, and every page gets its
   Content-Security-Policy.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from casebook.collection import Collection, load_collection
from casebook.docs_tree import TreePage, tree_page, write_tree
from casebook.editions import (
    PAGES_BRANCH,
    EditionError,
    load_editions,
    published_versions,
    site_root_url,
)
from casebook.engine_config import ConfigError, engine_config, read_site_config
from casebook.engines import Engine, EngineRun, engine_named
from casebook.finish import FinishError, finish_site
from casebook.pages import site_pages
from casebook.pages.edition_pages import EditionsView, render_edition_note, render_editions_page
from casebook.pages.markdown import set_slot_token
from casebook.problems import Report
from casebook.render import media_uri
from casebook.search import index_site
from casebook.site.edition_build import (
    EditionBuild,
    EditionBuildError,
    citation_context,
    edition_build,
    edition_site_files,
)
from casebook.site.outputs import data_files
from casebook.site.state import COLLECTION_VARIABLE, BuildState, Preview, write_state
from casebook.site.strings import STRINGS_SCRIPT, strings_script

ASSETS = Path(__file__).resolve().parent / "site" / "assets"
ASSETS_URI = "assets/casebook"


@dataclass(frozen=True)
class BuildOptions:
    project: Path  # the folder of mkdocs.yml (and pages/, macros/)
    content: Path
    site_dir: Path
    tree_dir: Path  # where the docs tree is written (kept between builds)
    engine: str = "mkdocs"
    offline: bool = False
    edition: str | None = None
    pages_branch: str = PAGES_BRANCH
    edition_downloads: Path | None = None
    mike_version: str | None = None  # the version mike deploys this build as
    config_file: str = "mkdocs.yml"  # in ``project``
    repository: Path | None = None  # whose pages branch an edition reads (default: project)
    # A preview (``casebook build --preview``): drafts get pages, marked as drafts; never in an
    # edition or an offline copy. ``changed_files``: what a pull request changes (its home
    # page lists them).
    include_drafts: bool = False
    changed_files: tuple[str, ...] = ()
    site_url: str | None = None  # instead of the configuration's (publishing checked it)


class BuildError(Exception):
    """The build stopped; the message says why, for the person who ran it."""


class ContentInvalid(BuildError):
    def __init__(self, report: Report) -> None:
        super().__init__("the content does not validate:\n" + report.render_text())
        self.report = report


@dataclass
class BuildResult:
    pages: int = 0
    written: int = 0
    notices: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


Log = Callable[[str], None]


def build(options: BuildOptions, log: Log = lambda message: None) -> BuildResult:
    result = BuildResult()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[step] = now - clock
        clock = now

    if options.include_drafts and (options.edition is not None or options.offline):
        raise BuildError(
            "a preview build (--preview) includes drafts, which never go into an edition or an "
            "offline copy: build those without it"
        )
    engine = engine_named(options.engine)
    try:
        site = read_site_config(options.project / options.config_file)
    except ConfigError as exc:
        raise BuildError(str(exc)) from exc
    if options.site_url is not None:
        site["site_url"] = options.site_url
    collection = _load(options.content, log)
    lap("validate")

    root_url = site_root_url(str(site.get("site_url") or ""), options.mike_version)
    edition = _edition(options, collection)
    citation = citation_context(str(site.get("site_name", "")), root_url, edition)
    editions = _editions_view(options, root_url, edition)
    set_slot_token(_slot_token(options.tree_dir))
    generated = site_pages(collection, citation, options.include_drafts)
    generated.append(render_editions_page(editions))
    pages = [tree_page(page) for page in generated]
    del generated
    files = _tree_files(options, collection, pages, edition, root_url, str(site.get("site_url")))
    result.pages = len(pages)
    result.written = write_tree(options.tree_dir, files)
    collection_file = options.tree_dir.with_name(options.tree_dir.name + ".collection.pickle")
    preview = Preview(options.include_drafts, options.changed_files)
    write_state(collection_file, BuildState(collection, preview, editions))
    # While the engine runs, this process keeps only what the finishing step needs.
    finishing = [replace(page, markdown="") for page in pages if page.fragments]
    del files, pages, collection
    lap("tree")

    run = EngineRun(offline=options.offline)
    versioned_url = None
    if options.mike_version and site.get("site_url"):
        versioned_url = f"{root_url}{options.mike_version}/"
    folder = _engine_folder(options)
    config = engine.adapt(
        engine_config(
            site,
            Path(os.path.relpath(options.tree_dir.resolve(), folder)),
            Path(os.path.relpath(options.site_dir.resolve(), folder)),
            site_url=versioned_url,
            versioned=options.mike_version is not None,
        ),
        run,
    )
    result.notices.extend(f"{engine.name}: {note}" for note in engine.limitations(config, run))
    for notice in result.notices:
        log(notice)
    for line in _run_engine(options, folder, engine, config, run, collection_file):
        log(line)
    lap("engine")

    try:
        finish_site(
            options.site_dir,
            finishing,
            site_name=str(site.get("site_name", "")),
            # Every page of an edition says which edition it belongs to.
            page_note=lambda uri: render_edition_note(editions, uri),
        )
    except FinishError as exc:
        raise BuildError(str(exc)) from exc
    # The site's own search, made from the built pages whichever engine wrote them.
    index_site(options.site_dir)
    lap("finish")
    return result


def _slot_token(tree_dir: Path) -> str:
    """The secret of this docs tree's slot markers, kept beside it between builds."""
    path = tree_dir.with_name(tree_dir.name + ".token")
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        token = secrets.token_hex(16)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(token, encoding="ascii")
        return token


def _load(content: Path, log: Log) -> Collection:
    if not content.is_dir():
        raise BuildError(f"content folder '{content}' not found")
    collection, report = load_collection(content)
    for problem in report.warnings:
        log(problem.render())
    if report.errors:
        # A collection with an invalid file is never published half-right.
        raise ContentInvalid(report)
    return collection


def _editions_view(
    options: BuildOptions, root_url: str, edition: EditionBuild | None
) -> EditionsView:
    editions, _ = load_editions(options.content)  # its problems are in the collection's report
    return EditionsView(
        editions,
        root_url,
        edition.edition if edition else None,
        published_versions(options.pages_branch, options.repository or options.project),
    )


def _edition(options: BuildOptions, collection: Collection) -> EditionBuild | None:
    if options.edition is None:
        return None
    try:
        return edition_build(
            options.content,
            collection,
            options.edition,
            options.pages_branch,
            options.repository or options.project,
            options.edition_downloads,
        )
    except (EditionError, EditionBuildError) as exc:
        raise BuildError(str(exc)) from exc


def _tree_files(
    options: BuildOptions,
    collection: Collection,
    pages: Iterable[TreePage],
    edition: EditionBuild | None,
    root_url: str,
    site_url: str,
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    trusted = options.project / "pages"
    for path in sorted(trusted.rglob("*")):
        if path.is_file():
            files[path.relative_to(trusted).as_posix()] = path.read_bytes()
    generated: dict[str, str | bytes] = {page.src_uri: page.markdown for page in pages}
    generated.update({f"{ASSETS_URI}/{a.name}": a.read_bytes() for a in sorted(ASSETS.iterdir())})
    generated[STRINGS_SCRIPT] = strings_script()  # the scripts' words, in the build's language
    # Only what the site's pages show, under media/ (where the rendered pages point): a
    # draft's pictures only in a preview.
    root = collection.root.resolve()
    for image in collection.site_images(options.include_drafts):
        generated[media_uri(image, root)] = image.read_bytes()
    # An edition's open data names the edition's own (stable) case addresses.
    data_url = citation_context("", root_url, edition).base_url if edition else site_url
    generated.update(data_files(collection, data_url))
    if edition is not None:
        generated.update(edition_site_files(collection, edition, root_url))
    for uri, content in generated.items():
        if uri in files:
            raise BuildError(f"'{uri}' is generated; remove it from pages/")
        files[uri] = content
    return files


def _engine_folder(options: BuildOptions) -> Path:
    """Where the engine's configuration goes: the folder that holds both the tree and the
    output (Zensical writes only inside its configuration's folder)."""
    tree, site = options.tree_dir.resolve(), options.site_dir.resolve()
    folder = Path(os.path.commonpath([tree, site]))
    if folder == Path(folder.anchor):
        raise BuildError(f"the docs tree ({tree}) and the output ({site}) share no folder")
    return folder


def _run_engine(
    options: BuildOptions,
    folder: Path,
    engine: Engine,
    config: dict[str, object],
    run: EngineRun,
    collection_file: Path,
) -> list[str]:
    """Runs the engine; returns what of its output to show (warnings)."""
    # Named for the output folder, so builds into different folders can run at once.
    digest = hashlib.sha256(str(options.site_dir.resolve()).encode()).hexdigest()[:10]
    config_file = folder / f".casebook-{engine.name}-{digest}.yml"
    # JSON is YAML: every value written exactly, whatever it holds.
    config_file.write_text(json.dumps(config, indent=1), encoding="utf-8")
    env = {**os.environ, **engine.environment}
    env[COLLECTION_VARIABLE] = str(collection_file.resolve())
    # The macros module (macros/) is imported by name from the project folder.
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(options.project.resolve()), env.get("PYTHONPATH")])
    )
    env["CASEBOOK_OFFLINE"] = "true" if options.offline else "false"
    if options.edition:
        env["CASEBOOK_EDITION"] = options.edition
    else:
        env.pop("CASEBOOK_EDITION", None)
    try:
        done = subprocess.run(
            engine.command(config_file, run),
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        config_file.unlink(missing_ok=True)
    shown = engine.report(done.stderr + "\n" + done.stdout)
    if done.returncode != 0:
        raise BuildError(f"{engine.name} failed:\n" + "\n".join(shown))
    return shown
