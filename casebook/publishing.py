"""Publishing an edition: every check before anything is built, the build with mike into the
pages branch (built by ``casebook.build`` in a temporary folder, never over the working ``site/``), the root pages of the
branch, and what was done, for the report (``casebook edition publish``)."""

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
    edition is listed and not yet published, and the site address is a real one."""
    # Imported here: site_address reads the configuration with PyYAML, which only publishing needs.
    from casebook.site_address import SiteAddressError, check_site_address, configured_site_url

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
    try:
        site_url = check_site_address(configured_site_url(config_file), config_file)
    except SiteAddressError as exc:
        raise EditionError(f"refusing to publish edition '{edition.id}': {exc}") from None
    return PlannedEdition(edition, edition_url(site_url, edition.id), site_url)


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
    # Built by the pipeline with either engine, then committed by mike as version <id>.
    from casebook.build import BuildError, BuildOptions, build
    from casebook.engines.mike import deploy_version

    with tempfile.TemporaryDirectory(prefix="casebook-edition-") as folder:
        site_dir = Path(folder) / "site"
        try:
            build(
                BuildOptions(
                    project=config_file.resolve().parent,
                    config_file=config_file.name,
                    repository=where,
                    content=content,
                    site_dir=site_dir,
                    tree_dir=Path(folder) / "docs",
                    engine=engine,
                    edition=edition.id,
                    pages_branch=branch,
                    edition_downloads=downloads,
                    mike_version=edition.id,
                    site_url=plan.site_url,
                )
            )
        except BuildError as exc:
            raise EditionError(f"building edition '{edition.id}' failed:\n{exc}") from exc
        with contextlib.chdir(where):  # mike commits in the repository it runs in
            deploy_version(
                site_dir,
                edition.id,
                edition.title,
                [LATEST_ALIAS],
                branch,
                push=False,  # pushed below, once the branch's root pages are written too
                make_default=LATEST_ALIAS,
            )
    root_files = _write_root_files(branch, where, plan.site_url, edition)
    if push:
        try:
            pages_branch.push(branch, where)
        except pages_branch.PagesBranchError as exc:
            raise EditionError(
                f"edition {edition.id} is on {branch} but not pushed: {exc}"
            ) from None
    return PublishedEdition(
        edition,
        plan.url,
        branch,
        moved_from,
        pages_branch.branch_files(branch, edition.id, where),
        root_files,
        push,
    )


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


def _write_root_files(
    branch: str, cwd: Path, site_url: str, edition: Edition
) -> tuple[BranchFile, ...]:
    """``index.html`` (to the default version, 'latest') and ``404.html`` at the branch's
    root, in one commit after mike's."""
    shown = _git(["show", f"{branch}:versions.json"], cwd)
    versions = [
        pages_branch.PublishedVersion(str(v["version"]), str(v.get("title") or v["version"]))
        for v in json.loads(shown.stdout)
        if str(v["version"]) != "main"  # the working collection is not an edition
    ]
    title = "Digital Transformation Case Studies Collection"
    files = {
        pages_branch.ROOT_INDEX: pages_branch.render_root_index(title, LATEST_ALIAS).encode(),
        pages_branch.ROOT_NOT_FOUND: pages_branch.render_root_not_found(
            title, site_url, LATEST_ALIAS, versions
        ).encode(),
    }
    try:
        pages_branch.commit_files(
            branch, files, f"Root pages for edition {edition.id}: index.html, 404.html", cwd
        )
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
