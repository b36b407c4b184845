"""Deploying a built site as a version on the pages branch with mike (``mike.commands``).

``mike deploy`` would run ``mkdocs build`` itself; the pipeline has already built and finished
the site (with either engine), so this commits that folder as the version, as mike does after
its own build. Zensical reads the same ``versions.json`` for its version selector.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path


def deploy_version(
    site_dir: Path,
    version: str,
    title: str,
    aliases: Sequence[str],
    branch: str,
    *,
    push: bool,
    make_default: str | None = None,
) -> None:
    from mike import commands, git_utils

    config = {"site_dir": str(site_dir), "use_directory_urls": False}
    if push:  # as mike deploy --push: start from what origin has
        git_utils.update_from_upstream("origin", branch)
    with commands.deploy(config, version, title, list(aliases), update_aliases=True, branch=branch):
        pass  # mike commits site_dir as it stands: it is already built
    if make_default is not None:
        with contextlib.suppress(git_utils.GitEmptyCommit):  # it was the default already
            commands.set_default(make_default, branch=branch)
    if push:
        git_utils.push_branch("origin", branch)
