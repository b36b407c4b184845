"""Publishing to the pages branch: an edition (``casebook edition publish``) or the working
collection (``casebook deploy``, version ``main``). Every check comes before anything is built
(a real site address, a real source repository, for an edition an id not yet published); the
pipeline (``casebook.build``) builds into a temporary folder, never over the working ``site/``;
mike commits it; then the branch's root pages (``index.html``, ``404.html``) are written for
whatever the branch now holds, so every publication leaves a complete, working branch root;
and what was done is returned for the report."""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from casebook import pages_branch
from casebook.editions import (
    LATEST_ALIAS,
    PAGES_BRANCH,
    Edition,
    EditionError,
    deployed_versions,
    edition_url,
    find_edition,
    load_editions,
)
from casebook.offline import human_size
from casebook.pages_branch import BranchFile

WORKING_VERSION = "main"  # the working collection's mike version (never 'latest')
WORKING_TITLE = "Working collection"


@dataclass(frozen=True)
class PlannedEdition:
    """An edition that may be published: listed, not yet on the pages branch, and with the
    address it will carry."""

    edition: Edition
    url: str  # <site>/<id>/
    site_url: str  # the site's root address, ending in "/"


def plan_edition(
    edition_id: str, content: Path, config_file: Path, *, branch: str, cwd: Path
) -> PlannedEdition:
    """Every check made before anything is built or written: the manifest validates, the
    edition is listed and not yet published, and the site address and source repository are
    real ones."""

    editions, problems = load_editions(content)
    if problems:
        raise EditionError(
            "content/editions.yml does not validate:\n" + "\n".join(p.render() for p in problems)
        )
    edition = find_edition(editions, edition_id)
    if edition.id in deployed_versions(branch, cwd):
        raise EditionError(
            f"edition '{edition.id}' is already published on {branch}: published editions are "
            "frozen; add a new edition to content/editions.yml instead"
        )
    site_url = check_addresses(config_file, f"refusing to publish edition '{edition.id}'")
    return PlannedEdition(edition, edition_url(site_url, edition.id), site_url)


def check_addresses(config_file: Path, refusal: str) -> str:
    """The site address (ending in "/") once it and the source repository are real ones;
    otherwise ``EditionError`` starting with ``refusal`` and naming the setting to change.
    Whatever is published carries both: citations, feed and data the address, the footer,
    "Submit a case" and the call for cases the repository."""
    # Imported here: these read the configuration with PyYAML, which only publishing needs.
    from casebook.engine_config import ConfigError, read_site_config
    from casebook.repository_address import (
        RepositoryAddressError,
        check_repository,
        configured_repository,
    )
    from casebook.site_address import SiteAddressError, check_site_address, configured_site_url

    try:
        site_url = check_site_address(configured_site_url(config_file), config_file)
        check_repository(
            configured_repository(read_site_config(config_file), config_file.name),
            config_file.name,
        )
    except (SiteAddressError, RepositoryAddressError, ConfigError) as exc:
        raise EditionError(f"{refusal}: {exc}") from None
    return site_url


@dataclass(frozen=True)
class PublishedEdition:
    """What publishing did, for its report."""

    edition: Edition
    url: str
    branch: str
    alias_moved_from: str | None  # the version 'latest' pointed at before (None: nothing)
    files: tuple[BranchFile, ...]  # every file of the edition's folder
    root_files: tuple[BranchFile, ...]  # the files written at the branch's root
    pushed: bool


def publish_edition(
    edition_id: str,
    content: Path,
    config_file: Path,
    *,
    branch: str = PAGES_BRANCH,
    push: bool = False,
    downloads: Path | None = None,
    cwd: Path | None = None,
    tell: Callable[[str], None] = lambda message: None,
    engine: str = "mkdocs",
) -> PublishedEdition:
    """Build edition ``edition_id`` and deploy it with mike on ``branch`` (pushing if asked).

    Refuses, before building anything, an edition that is not in the manifest, that ``branch``
    already has (a published edition is frozen) or whose site address is the placeholder or
    unset; ``tell`` hears the address the edition will carry before anything is written. The
    build goes to a temporary folder, never over the working ``site/``. ``downloads``: a folder
    whose ``.zip`` files (the offline bundle) go into the edition's ``downloads/`` folder.
    """
    where = (cwd or Path.cwd()).resolve()
    plan = plan_edition(edition_id, content, config_file, branch=branch, cwd=where)
    edition = plan.edition
    tell(f"edition {edition.id} will carry the address {plan.url}")
    moved_from = _alias_target(branch, where, LATEST_ALIAS)
    _build_and_commit(
        _Deployment(config_file, content, where, branch, engine, plan.site_url),
        edition.id,
        edition.title,
        [LATEST_ALIAS],
        f"building edition '{edition.id}' failed",
        edition=edition.id,
        downloads=downloads,
    )
    root_files = write_root_files(
        branch, where, plan.site_url, f"Root pages for edition {edition.id}: index.html, 404.html"
    )
    if push:
        _push(branch, where, f"edition {edition.id} is on {branch} but not pushed")
    return PublishedEdition(
        edition,
        plan.url,
        branch,
        moved_from,
        pages_branch.branch_files(branch, edition.id, where),
        root_files,
        push,
    )


@dataclass(frozen=True)
class DeployedSite:
    """What deploying the working collection did, for its report."""

    url: str  # <site>/main/
    branch: str
    files: tuple[BranchFile, ...]  # every file of main/
    root_files: tuple[BranchFile, ...]
    default: str  # where the branch's root leads: 'latest' or 'main'
    pushed: bool


def deploy_working_collection(
    content: Path,
    config_file: Path,
    *,
    branch: str = PAGES_BRANCH,
    push: bool = False,
    cwd: Path | None = None,
    engine: str = "mkdocs",
) -> DeployedSite:
    """Build the working collection and deploy it with mike as version ``main`` (never moving
    'latest' or touching an edition), then write the branch's root pages, pushing if asked.
    Refuses, before building anything, the placeholder (or no) site address or repository."""
    where = (cwd or Path.cwd()).resolve()
    site_url = check_addresses(config_file, "refusing to deploy the site")
    _build_and_commit(
        _Deployment(config_file, content, where, branch, engine, site_url),
        WORKING_VERSION,
        WORKING_TITLE,
        [],
        "building the working collection failed",
    )
    root_files = write_root_files(
        branch, where, site_url, "Root pages for the working collection: index.html, 404.html"
    )
    default = LATEST_ALIAS if _alias_target(branch, where, LATEST_ALIAS) else WORKING_VERSION
    if push:
        _push(branch, where, f"the site is on {branch} but not pushed")
    return DeployedSite(
        f"{site_url}{WORKING_VERSION}/",
        branch,
        pages_branch.branch_files(branch, WORKING_VERSION, where),
        root_files,
        default,
        push,
    )


def render_deployment_report(done: DeployedSite) -> str:
    """What deploying did: the version, where the branch's root leads, the root pages written
    with their sizes, and the next command."""
    total = sum(f.size for f in done.files)
    leads = (
        "latest (the latest edition)"
        if done.default == LATEST_ALIAS
        else "main (no edition published yet)"
    )
    width = max(len(f.path) for f in done.root_files)
    lines = [
        f"deployed the working collection on {done.branch}"
        + (", pushed to origin" if done.pushed else ", not pushed"),
        f"  version   {WORKING_VERSION}/: {len(done.files)} files, {human_size(total)}",
        f"  root      leads to {leads}",
        "  files written:",
        *(f"    {f.path.ljust(width)}  {human_size(f.size)}" for f in done.root_files),
        f"  address   {done.url}",
        "next: GitHub Pages serves the branch once its deployment has run"
        if done.pushed
        else f"next: git push origin {done.branch}",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class _Deployment:
    """Where and how a publication is built and committed."""

    config_file: Path
    content: Path
    repository: Path  # the checkout whose pages branch mike commits to
    branch: str
    engine: str
    site_url: str


def _build_and_commit(
    to: _Deployment,
    version: str,
    title: str,
    aliases: list[str],
    failure: str,
    *,
    edition: str | None = None,
    downloads: Path | None = None,
) -> None:
    """Build with the pipeline (either engine) into a temporary folder, never over the working
    ``site/``, and commit it with mike as ``version``, its first alias (if any) made the
    default; not pushed: the branch's root pages come after. A failed build is an
    ``EditionError`` starting with ``failure``."""
    from casebook.build import BuildError, BuildOptions, build
    from casebook.engines.mike import deploy_version

    with tempfile.TemporaryDirectory(prefix="casebook-deploy-") as folder:
        site_dir = Path(folder) / "site"
        try:
            build(
                BuildOptions(
                    project=to.config_file.resolve().parent,
                    config_file=to.config_file.name,
                    repository=to.repository,
                    content=to.content,
                    site_dir=site_dir,
                    tree_dir=Path(folder) / "docs",
                    engine=to.engine,
                    pages_branch=to.branch,
                    mike_version=version,
                    site_url=to.site_url,
                    edition=edition,
                    edition_downloads=downloads,
                )
            )
        except BuildError as exc:
            raise EditionError(f"{failure}:\n{exc}") from exc
        with contextlib.chdir(to.repository):  # mike commits in the repository it runs in
            deploy_version(
                site_dir,
                version,
                title,
                aliases,
                to.branch,
                push=False,
                make_default=aliases[0] if aliases else None,
            )


def _push(branch: str, cwd: Path, failure: str) -> None:
    try:
        pages_branch.push(branch, cwd)
    except pages_branch.PagesBranchError as exc:
        raise EditionError(f"{failure}: {exc}") from None


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, encoding="utf-8"
    )


def _alias_target(branch: str, cwd: Path, alias: str) -> str | None:
    shown = _git(["show", f"{branch}:versions.json"], cwd)
    if shown.returncode != 0:
        return None
    for entry in json.loads(shown.stdout):
        if alias in entry.get("aliases", ()):
            return str(entry["version"])
    return None


def write_root_files(branch: str, cwd: Path, site_url: str, message: str) -> tuple[BranchFile, ...]:
    """``index.html`` and ``404.html`` at the branch's root, in one commit after mike's, for
    what the branch holds now: they lead to the latest edition ('latest') once there is one,
    else to the working collection ('main')."""
    shown = _git(["show", f"{branch}:versions.json"], cwd)
    entries = json.loads(shown.stdout) if shown.returncode == 0 else []
    has_latest = any(LATEST_ALIAS in entry.get("aliases", ()) for entry in entries)
    if has_latest:
        default, label = LATEST_ALIAS, "the latest edition"
    else:
        default, label = WORKING_VERSION, "the working collection"
    versions = [
        pages_branch.PublishedVersion(str(v["version"]), str(v.get("title") or v["version"]))
        for v in entries
        if str(v["version"]) != WORKING_VERSION  # the working collection is not an edition
    ]
    title = "Digital Transformation Case Studies Collection"
    files = {
        pages_branch.ROOT_INDEX: pages_branch.render_root_index(title, default, label).encode(),
        pages_branch.ROOT_NOT_FOUND: pages_branch.render_root_not_found(
            title, site_url, default, versions, label
        ).encode(),
    }
    try:
        pages_branch.commit_files(branch, files, message, cwd)
    except pages_branch.PagesBranchError as exc:
        raise EditionError(str(exc)) from None
    return tuple(BranchFile(path, len(data)) for path, data in files.items())


def render_publication_report(done: PublishedEdition) -> str:
    """What publishing did: version, alias, the edition's main files with their sizes, the
    root pages, and the next command."""
    edition, branch = done.edition, done.branch
    total = sum(f.size for f in done.files)
    moved = f"(was {done.alias_moved_from})" if done.alias_moved_from else "(new)"
    lines = [
        f"published edition {edition.id} ({edition.title}) on {branch}"
        + (", pushed to origin" if done.pushed else ", not pushed"),
        f"  version   {edition.id}/: {len(done.files)} files, {human_size(total)}",
        f"  alias     latest -> {edition.id} {moved}; default version: latest",
        "  files written:",
    ]
    main_files = [
        f
        for f in done.files
        if f.path.removeprefix(f"{edition.id}/")
        in ("report.pdf", "data/cases.csv", "data/outcomes.csv", "data/cases.json")
        or f.path.startswith(f"{edition.id}/downloads/")
        or _is_language_report(f.path.removeprefix(f"{edition.id}/"))
    ]
    width = max((len(f.path) for f in (*main_files, *done.root_files)), default=0)
    lines += [
        f"    {f.path.ljust(width)}  {human_size(f.size)}" for f in (*main_files, *done.root_files)
    ]
    lines.append(f"  address   {done.url}")
    if done.pushed:
        lines.append("next: GitHub Pages serves the branch once its deployment has run")
    else:
        lines.append(f"next: git push origin {branch}")
    return "\n".join(lines)


def _is_language_report(path: str) -> bool:
    """Another language's report, in its folder: ``fr/report.pdf``."""
    folder, _, name = path.partition("/")
    return name == "report.pdf" and bool(folder)
