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
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import IO, Any

from casebook.assessments import Assessment
from casebook.cases import Case
from casebook.collection import Collection, load_collection
from casebook.courses import Course, Module
from casebook.docs_tree import TreePage, tree_page, write_trees
from casebook.editions import (
    PAGES_BRANCH,
    EditionError,
    load_editions,
    published_versions,
    site_root_url,
)
from casebook.engine_config import ConfigError, engine_config, language_config, read_site_config
from casebook.engine_start import CONFIG_FILE, engine_environment, engine_processes
from casebook.engines import Engine, EngineRun, engine_named, program
from casebook.engines.warm import EngineProcess, WarmProcesses
from casebook.engines.warm import run as run_warm
from casebook.finish import FinishError, finish_site, html_pages
from casebook.guidelines import Guideline
from casebook.i18n import _, activate, catalogue_file_shown, missing_messages
from casebook.localized import (
    default_language,
    localize_collection,
    page_status,
    site_languages,
)
from casebook.page_languages import PageLanguages
from casebook.pages.assessment_pages import assessment_data_files
from casebook.pages.edition_pages import EditionsView, render_edition_note, render_editions_page
from casebook.pages.markdown import GeneratedPage, set_slot_token
from casebook.pages.site import site_pages_as
from casebook.pages.urls import assessment_uri, case_uri, course_uri, guideline_uri, module_uri
from casebook.parallel import cores, start_in_process
from casebook.problems import Report
from casebook.render import media_uri
from casebook.repository_address import (
    RepositoryAddressError,
    apply_repository,
    with_footer_links,
)
from casebook.search import SEARCH_DIR, read_page, write_index
from casebook.search.pages import IndexedPage
from casebook.shards import (
    Shard,
    ShardError,
    movable_pages,
    move_built_pages,
    nav_sources,
    remove_unused_shards,
    shard_count,
    split_tree,
)
from casebook.site.edition_build import (
    EditionBuild,
    EditionBuildError,
    citation_context,
    edition_build,
    edition_language_files,
    edition_site_files,
)
from casebook.site.outputs import data_files
from casebook.site.state import (
    COLLECTION_VARIABLE,
    LANGUAGE_VARIABLE,
    BuildState,
    Preview,
    write_state,
)
from casebook.site.strings import STRINGS_SCRIPT, strings_script
from casebook.site_address import is_public_address
from casebook.translations import CURRENT, FALLBACK, split_translation_name

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
    config_file: str = CONFIG_FILE  # in ``project``
    repository: Path | None = None  # whose pages branch an edition reads (default: project)
    # A preview (``casebook build --preview``): drafts get pages, marked as drafts; never in an
    # edition or an offline copy. ``changed_files``: what a pull request changes (its home
    # page lists them).
    include_drafts: bool = False
    changed_files: tuple[str, ...] = ()
    site_url: str | None = None  # instead of the configuration's (publishing checked it)
    # The languages to build (default: every language of content/languages.yml).
    languages: tuple[str, ...] = ()
    # The processes that build the pages (the engine's shards, the finishing step);
    # default: one per core.
    processes: int | None = None


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


def build(
    options: BuildOptions,
    log: Log = lambda message: None,
    ahead: WarmProcesses | None = None,
) -> BuildResult:
    """Validates once, then builds each language of the site (``options.languages``, or all
    configured): the default at ``site_dir``, every other under ``site_dir/<tag>/``.
    ``ahead``: the engine's process, started before this build (``casebook.engine_start``):
    used when it is the one the build needs, else ended (whoever started it ends it too: a
    build stopped before it gets that far leaves it running)."""
    result = BuildResult()
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.seconds[step] = result.seconds.get(step, 0.0) + now - clock
        clock = now

    if options.include_drafts and (options.edition is not None or options.offline):
        raise BuildError(
            "a preview build (--preview) includes drafts, which never go into an edition or an "
            "offline copy: build those without it"
        )
    engine = engine_named(options.engine)
    try:
        site = read_site_config(options.project / options.config_file)
        # One setting for every link to the source repository (footer, pages, the call).
        apply_repository(site, options.config_file)
    except (ConfigError, RepositoryAddressError) as exc:
        raise BuildError(str(exc)) from exc
    if options.site_url is not None:
        site["site_url"] = options.site_url
    # The engine is imported once, beside validation and the docs tree (from before this
    # process's own imports when the program started it ahead): each of its runs (the main
    # tree's, with the site's own pages' macros, each shard's, each language's) is a process
    # forked from that one.
    warm = engine_processes(engine, options.project, site)
    if ahead is not None and ahead.same_as(warm):
        warm = ahead
    elif ahead is not None:
        ahead.close()
    with warm:
        if engine.entry:
            warm.start()
        _build_languages(options, site, engine, warm, result, lap, log)
    return result


def _build_languages(
    options: BuildOptions,
    site: dict[str, Any],
    engine: Engine,
    warm: WarmProcesses,
    result: BuildResult,
    lap: Callable[[str], None],
    log: Log,
) -> None:
    collection = _load(options.content, log, options.processes or cores())
    every_language = site_languages(collection)
    wanted = _wanted_languages(options, every_language)
    lap("validate")

    root_url = site_root_url(str(site.get("site_url") or ""), options.mike_version)
    edition = _edition(options, collection)
    editions = _editions_view(options, root_url, edition)
    set_slot_token(_slot_token(options.tree_dir))
    run = _Run(
        options,
        site,
        engine,
        collection,
        root_url,
        edition,
        editions,
        # The same in every language: assets, images, an edition's offline bundles.
        shared=_shared_files(options, collection, edition),
        # An edition's open data names the edition's own (stable) case addresses.
        data_url=(
            citation_context("", root_url, edition).base_url
            if edition
            else str(site.get("site_url"))
        ),
        result=result,
        lap=lap,
        log=log,
        warm=warm,
    )
    lap("tree")
    languages = LanguageBuild(default_language(collection), every_language)
    for tag in wanted:
        with activate(tag):
            _build_language(run, languages.at(tag))


@dataclass(frozen=True)
class _Run:
    """What every language's build of one ``casebook build`` shares."""

    options: BuildOptions
    site: dict[str, Any]
    engine: Engine
    collection: Collection
    root_url: str
    edition: EditionBuild | None
    editions: EditionsView
    shared: Mapping[str, str | bytes]
    data_url: str
    result: BuildResult
    lap: Callable[[str], None]
    log: Log
    warm: WarmProcesses


@dataclass(frozen=True)
class LanguageBuild:
    """The site's languages, and the one a step builds."""

    default: str
    tags: tuple[str, ...]
    tag: str = ""

    def at(self, tag: str) -> LanguageBuild:
        return replace(self, tag=tag)

    @property
    def folder(self) -> str:
        """Where the language's pages go in the site: "" for the default, else "<tag>/"."""
        return "" if self.tag == self.default else f"{self.tag}/"

    def site_dir(self, options: BuildOptions) -> Path:
        return options.site_dir / self.folder if self.folder else options.site_dir

    def tree_dir(self, options: BuildOptions) -> Path:
        tree = options.tree_dir
        return tree if self.tag == self.default else tree.with_name(f"{tree.name}-{self.tag}")


def _wanted_languages(options: BuildOptions, configured: tuple[str, ...]) -> tuple[str, ...]:
    if not options.languages:
        return configured
    unknown = [tag for tag in options.languages if tag not in configured]
    if unknown:
        raise BuildError(
            f"--lang {', '.join(unknown)}: not a language of the site (content/languages.yml "
            f"lists {', '.join(configured)})"
        )
    # The default first: its engine run empties the site folder but for the others' folders.
    return tuple(tag for tag in configured if tag in options.languages)


def _build_language(run: _Run, language: LanguageBuild) -> None:
    """One language's pages, from docs tree to finished, indexed output."""
    options, site, engine, collection = run.options, run.site, run.engine, run.collection
    root_url, edition, editions, result, lap = (
        run.root_url, run.edition, run.editions, run.result, run.lap
    )  # fmt: skip
    tag = language.tag
    missing = missing_messages(tag)
    if missing:
        raise BuildError(
            f"{catalogue_file_shown(tag)} does not translate {len(missing)} of the site's "
            f"strings (first: {missing[0]!r}): run `make translations` and translate them"
        )
    # An edition's page, what's new and report in this language, made before the pages are
    # held: the report's layout is the largest thing a build holds in memory.
    edition_files = (
        edition_language_files(collection, edition, root_url, tag, language.folder)
        if edition
        else {}
    )
    shown = localize_collection(collection, tag)
    site_name = _(str(site.get("site_name", "")))
    citation = citation_context(
        site_name, f"{root_url}{language.folder}" if root_url else "", edition
    )
    # The source repository, resolved once (apply_repository): the call's issue-form links.
    repository = str(site["extra"]["repository"])
    processes = options.processes or cores()
    statuses = _page_statuses(collection, language, options.include_drafts)

    def in_tree(page: GeneratedPage) -> TreePage:
        return tree_page(_with_status(page, statuses))

    # Open data (the feed's title is in the language being built), made beside the pages.
    open_data = start_in_process(partial(data_files, collection, run.data_url, shown))
    try:
        pages = site_pages_as(
            shown, in_tree, citation, options.include_drafts, repository, processes
        )
    finally:
        data = open_data()
    pages.append(in_tree(render_editions_page(editions)))
    trusted, trusted_statuses = _trusted_pages(options.project / "pages", language)
    statuses.update(trusted_statuses)
    files = _tree_files(pages, trusted, run.shared, data)
    files.update(edition_files)
    if options.include_drafts:  # a draft self-assessment's data script, in a preview only
        files.update(assessment_data_files(shown, include_drafts=True))
    tree_dir = language.tree_dir(options)
    result.pages += len(pages)
    # The engine renders a page at a time: on several cores, it runs once per shard.
    site_config = with_footer_links(language_config(site, language.tag, language.tags))
    files, shards = split_tree(
        files,
        movable_pages([(page.src_uri, page.markdown) for page in pages]),
        nav_sources(site_config.get("nav")),
        shard_count(len(pages) + len(trusted), processes, site_config.get("nav")),
        tree_dir,
    )
    trees = [(tree_dir, files)] + [(shard.docs_dir, shard.files) for shard in shards]
    result.written += write_trees(trees, processes)
    del trees
    remove_unused_shards(tree_dir, len(shards))
    collection_file = tree_dir.with_name(tree_dir.name + ".collection.pickle")
    preview = Preview(options.include_drafts, options.changed_files)
    write_state(collection_file, BuildState(shown, preview, editions))
    # While the engine runs, this process keeps only what the finishing step needs.
    finishing = [replace(page, markdown="") for page in pages if page.fragments]
    del files, pages, shown, edition_files
    lap("tree")

    engine_run = EngineRun(offline=options.offline)
    versioned_url = None
    if options.mike_version and site.get("site_url"):
        versioned_url = f"{root_url}{options.mike_version}/{language.folder}"
    elif site.get("site_url"):
        versioned_url = f"{str(site['site_url']).rstrip('/')}/{language.folder}"
    if not is_public_address(str(site.get("site_url") or "")):
        # No real address yet (the shipped placeholder): the pages name none, rather than
        # a canonical address, sitemap and alternates on a host that is not the site's.
        versioned_url = ""
    site_dir = language.site_dir(options)

    def configured(tree: Path, output: Path, folder: Path, shard: bool = False) -> dict[str, Any]:
        shared = engine_config(
            site_config,
            Path(os.path.relpath(tree.resolve(), folder)),
            Path(os.path.relpath(output.resolve(), folder)),
            site_url=versioned_url,
            versioned=options.mike_version is not None,
        )
        # Left out before the engine renames it (MkDocs runs it as casebook-macros).
        return engine.adapt(_without_macros(shared) if shard else shared, engine_run)

    folder = _engine_folder(tree_dir, site_dir)
    config = configured(tree_dir, site_dir, folder)
    runs = [_EngineProcess(folder, config, site_dir)]
    runs += [
        _EngineProcess(
            shard.folder,
            configured(shard.docs_dir, shard.site_dir, shard.folder, shard=True),
            shard.site_dir,
        )
        for shard in shards
    ]
    if tag == language.default:
        result.notices.extend(
            f"{engine.name}: {note}" for note in engine.limitations(config, engine_run)
        )
        for notice in result.notices:
            run.log(notice)
    others = [options.site_dir / t for t in language.tags if t != language.default]
    moved = {uri for shard in shards for uri in shard.built}
    finishing_runs: list[Callable[[], list[IndexedPage]]] = []

    def finish(number: int, running: int) -> None:
        """Finish the output of engine process ``number`` (0: the main tree's, n: shard n's)
        as soon as it ends: pages are finished where their engine wrote them, shard pages
        before they move into the site. One that ends while others run is finished by a
        process beside them, on the core it freed, so that the next to end is not kept
        waiting for it; the last is finished on every core."""
        if number == 0:
            folder, uris = site_dir, [uri for uri in html_pages(site_dir) if uri not in moved]
            pages = [page for page in finishing if page.output_uri not in moved]
        else:
            shard = shards[number - 1]
            folder, uris = shard.site_dir, list(shard.built)
            built = set(uris)
            pages = [page for page in finishing if page.output_uri in built]
        work = partial(
            finish_site,
            folder,
            pages,
            site_name=site_name,
            # Every page of an edition says which edition it belongs to.
            page_note=lambda uri: render_edition_note(editions, uri),
            languages=PageLanguages(tag, language.default, language.tags, statuses),
            # The site's own search, one index per language, made from the finished pages
            # whichever engine wrote them, read as they are finished.
            read=read_page,
            processes=max(1, processes - running),
            uris=uris,
        )
        finishing_runs.append(start_in_process(work) if running else _now(work))

    # The previous search index too: updated in place afterwards, which costs a tenth of
    # writing its thousands of files anew on some file systems.
    with _kept_aside(others if tag == language.default else []):
        with _kept_aside([site_dir / SEARCH_DIR]):
            try:
                lines = _run_engines(
                    options,
                    engine,
                    runs,
                    engine_run,
                    collection_file,
                    tag,
                    ended=finish,
                    warm=run.warm,
                )
            except BaseException:
                _finished(finishing_runs, raising=False)  # none is left running
                raise
            indexed = _finished(finishing_runs)
            for line in lines:
                run.log(line)
            _gather(shards, site_dir)
        lap("engine")
        # A file a page, most of them new in a first build: made on every core.
        write_index(site_dir, indexed, processes)
    lap("finish")


def _now(work: Callable[[], list[IndexedPage]]) -> Callable[[], list[IndexedPage]]:
    """``work`` done now, its result (or failure) given when asked, as ``start_in_process``
    gives it."""
    try:
        value = work()
    except Exception as exc:
        failure = exc

        def failed() -> list[IndexedPage]:
            raise failure

        return failed
    return lambda: value


def _finished(
    runs: Iterable[Callable[[], list[IndexedPage]]], raising: bool = True
) -> list[IndexedPage]:
    """What the finishing runs read for search, once every one has ended (each is waited
    for, even after one failed). A failure is raised once all have ended, unless not
    ``raising`` (the build already fails)."""
    indexed: list[IndexedPage] = []
    failure: Exception | None = None
    for result in runs:
        try:
            indexed.extend(result())
        except FinishError as exc:
            failure = failure or BuildError(str(exc))
        except Exception as exc:
            failure = failure or exc
    if failure is not None and raising:
        raise failure
    return indexed


@contextmanager
def _kept_aside(folders: Iterable[Path]) -> Iterator[None]:
    """Each of ``folders`` (those that exist) kept beside its place while the block runs, then
    put back in place of whatever the block wrote there: an engine empties its output folder
    before it writes, and the default language's output holds the other languages'."""
    moved: list[tuple[Path, Path]] = []
    for inside in folders:
        if inside.is_dir():
            aside = inside.parent.with_name(f".{inside.parent.name}-{inside.name}-aside")
            if aside.exists():
                shutil.rmtree(aside)
            inside.rename(aside)
            moved.append((aside, inside))
    try:
        yield
    finally:
        for aside, inside in moved:
            if inside.exists():
                shutil.rmtree(inside)
            aside.rename(inside)


def _page_statuses(
    collection: Collection, language: LanguageBuild, include_drafts: bool
) -> dict[str, str]:
    """Output URI -> translation status of every page made from a translatable item."""
    tag, default = language.tag, language.default
    statuses: dict[str, str] = {}

    def add(uri: str, item: Case | Course | Module | Guideline | Assessment) -> None:
        statuses[uri[:-3] + ".html"] = page_status(item, tag, default)

    for case in collection.site_cases(include_drafts):
        add(case_uri(case.slug), case)
    for guideline in collection.site_guidelines(include_drafts):
        add(guideline_uri(guideline.slug), guideline)
    for course in collection.site_courses(include_drafts):
        add(course_uri(course.slug), course)
        for module in course.modules:
            add(module_uri(course.slug, module.slug), module)
    for assessment in collection.published_assessments:
        add(assessment_uri(assessment.slug), assessment)
    return statuses


STATUS_KEY = "casebook_translation"


def _with_status(page: GeneratedPage, statuses: Mapping[str, str]) -> GeneratedPage:
    """The page's status in its source too: an engine that caches by source (Zensical) then
    writes the page again when only its status changed."""
    status = statuses.get(page.src_uri[:-3] + ".html")
    if status is None or page.meta is None:
        return page
    return replace(page, meta={**page.meta, STATUS_KEY: status})


def _trusted_pages(
    folder: Path, language: LanguageBuild
) -> tuple[dict[str, str | bytes], dict[str, str]]:
    """The site's own pages (``pages/``) in ``language``: ``name.<tag>.md`` where translated,
    else ``name.md`` (shown as a fallback); other languages' files left out."""
    files: dict[str, str | bytes] = {}
    translations: dict[str, Path] = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(folder).as_posix()
        split = split_translation_name(path.name)
        if split is None:
            files[relative] = path.read_bytes()
        elif split[1] == language.tag:
            translations[relative[: -len(path.name)] + f"{split[0]}.md"] = path
    for uri, path in translations.items():
        if uri not in files:
            raise BuildError(
                f"pages/{uri[:-3]}.{language.tag}.md translates no page: pages/{uri} is missing"
            )
        files[uri] = path.read_bytes()
    statuses: dict[str, str] = {}
    if language.tag != language.default:
        for uri in files:
            if uri.endswith(".md"):
                statuses[uri[:-3] + ".html"] = CURRENT if uri in translations else FALLBACK
    return files, statuses


def _shared_files(
    options: BuildOptions,
    collection: Collection,
    edition: EditionBuild | None,
) -> dict[str, str | bytes]:
    """What every language's tree holds alike: assets, images, an edition's bundles."""
    generated: dict[str, str | bytes] = {
        f"{ASSETS_URI}/{a.name}": a.read_bytes() for a in sorted(ASSETS.iterdir())
    }
    # Only what the site's pages show, under media/ (where the rendered pages point): a
    # draft's pictures only in a preview.
    root = collection.root.resolve()
    for image in collection.site_images(options.include_drafts):
        generated[media_uri(image, root)] = image.read_bytes()
    if edition is not None:
        generated.update(edition_site_files(edition))
    return generated


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


def _load(content: Path, log: Log, processes: int) -> Collection:
    if not content.is_dir():
        raise BuildError(f"content folder '{content}' not found")
    collection, report = load_collection(content, processes=processes)
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
    pages: Iterable[TreePage],
    trusted: Mapping[str, str | bytes],
    shared: Mapping[str, str | bytes],
    open_data: Mapping[str, str | bytes],
) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(trusted)
    generated: dict[str, str | bytes] = {page.src_uri: page.markdown for page in pages}
    generated.update(shared)
    generated[STRINGS_SCRIPT] = strings_script()  # the scripts' words, in the build's language
    generated.update(open_data)
    for uri, content in generated.items():
        if uri in files:
            raise BuildError(f"'{uri}' is generated; remove it from pages/")
        files[uri] = content
    return files


def _engine_folder(tree_dir: Path, site_dir: Path) -> Path:
    """Where the engine's configuration goes: the folder that holds both the tree and the
    output (Zensical writes only inside its configuration's folder)."""
    tree, site = tree_dir.resolve(), site_dir.resolve()
    folder = Path(os.path.commonpath([tree, site]))
    if folder == Path(folder.anchor):
        raise BuildError(f"the docs tree ({tree}) and the output ({site}) share no folder")
    return folder


@dataclass(frozen=True)
class _EngineProcess:
    """One run of the engine: its folder (where its configuration goes), configuration and
    output folder."""

    folder: Path
    config: dict[str, Any]
    site_dir: Path


def _without_macros(config: dict[str, Any]) -> dict[str, Any]:
    """A shard's configuration: its pages are generated ones and its nav pages stand-ins, none
    of which has macros to render, so the macros plugin (and its loading of the collection)
    is left out."""
    plugins = [entry for entry in config.get("plugins", []) if "macros" not in entry]
    return {**config, "plugins": plugins}


def _gather(shards: list[Shard], site_dir: Path) -> None:
    try:
        for shard in shards:
            move_built_pages(shard, site_dir)
    except ShardError as exc:
        raise BuildError(str(exc)) from exc


def _run_engines(
    options: BuildOptions,
    engine: Engine,
    runs: list[_EngineProcess],
    run: EngineRun,
    collection_file: Path,
    tag: str,
    ended: Callable[[int, int], None] = lambda number, running: None,
    warm: WarmProcesses | None = None,
) -> list[str]:
    """Runs the engine once per entry of ``runs``, all at once; returns what of their output
    to show (warnings), each line once. ``ended(number, running)`` is called as soon as run
    ``number`` has built its pages, while ``running`` others still run (not once any failed).
    ``warm``: the engine imported ahead, each run forked from it (``casebook.engines.warm``)."""
    env = engine_environment(options.project, engine)
    env[COLLECTION_VARIABLE] = str(collection_file.resolve())
    env["CASEBOOK_OFFLINE"] = "true" if options.offline else "false"
    env[LANGUAGE_VARIABLE] = tag
    if options.edition:
        env["CASEBOOK_EDITION"] = options.edition
    else:
        env.pop("CASEBOOK_EDITION", None)
    started: list[tuple[EngineProcess, IO[bytes]]] = []
    with ExitStack() as cleanup:
        for entry in runs:
            # Named for the output folder, so builds into different folders can run at once.
            digest = hashlib.sha256(str(entry.site_dir.resolve()).encode()).hexdigest()[:10]
            # Absolute: the engine runs in its folder, and a tree given as a relative path
            # must still be found.
            config_file = entry.folder.resolve() / f".casebook-{engine.name}-{digest}.yml"
            entry.folder.mkdir(parents=True, exist_ok=True)
            # JSON is YAML: every value written exactly, whatever it holds.
            config_file.write_text(json.dumps(entry.config, indent=1), encoding="utf-8")
            cleanup.callback(config_file.unlink, missing_ok=True)
            command = engine.command(config_file, run)
            own = bool(engine.program) and command[0] == program(engine.program)
            ready = warm.take() if warm else None
            if ready is not None and not run_warm(
                ready[0], command, entry.folder, env, own_program=own
            ):
                ready[1].close()
                ready = None
            process: EngineProcess
            if ready is not None:
                process, output = ready
            else:
                # Output to a file: a pipe left unread while another process is awaited fills.
                output = tempfile.TemporaryFile()  # noqa: SIM115 (closed with the others, below)
                process = subprocess.Popen(
                    command, cwd=entry.folder, env=env, stdout=output, stderr=subprocess.STDOUT
                )
            cleanup.enter_context(output)
            cleanup.callback(_stop, process)  # ended (and reaped) if still running
            started.append((process, output))
        shown: list[str] = []
        failed: list[str] = []
        waiting = list(range(len(started)))
        while waiting:
            done = [number for number in waiting if started[number][0].poll() is not None]
            if not done:
                time.sleep(0.01)
                continue
            for number in done:
                waiting.remove(number)
                process, written = started[number]
                written.seek(0)
                lines = engine.report(written.read().decode("utf-8", errors="replace"))
                if process.returncode != 0:
                    failed.extend(lines)
                elif not failed:
                    ended(number, len(waiting))
                shown.extend(line for line in lines if line not in shown)
    if failed:
        raise BuildError(f"{engine.name} failed:\n" + "\n".join(failed))
    return shown


def _stop(process: EngineProcess) -> None:
    """A process still running when the build stops (another failed, or Ctrl-C) is ended."""
    if process.poll() is None:
        process.kill()
        process.wait()
