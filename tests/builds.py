"""Building a site from a content folder, as the tests that read built pages need it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_site(
    content: Path,
    site: Path,
    *,
    engine: str = "mkdocs",
    offline: bool = False,
    edition: str | None = None,
    python_options: tuple[str, ...] = (),
    preview: bool = False,
    changed: Path | None = None,
    languages: tuple[str, ...] = (),
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``casebook build`` of the real configuration over ``content`` into ``site`` (the docs
    tree beside it; ``python_options``: for the pipeline's interpreter, such as
    ``("-X", "importtime")``; ``preview``: with drafts, ``changed``: the file listing the
    files a pull request changes; ``languages``: only these, else every configured one;
    ``environment``: variables set for the build, over this process's own)."""
    command = [
        sys.executable,
        *python_options,
        "-m",
        "casebook.cli",
        "build",
        "--content",
        str(content),
        "--engine",
        engine,
        "-d",
        str(site),
        "--tree-dir",
        str(site.with_name(site.name + "-docs")),
    ]
    return subprocess.run(
        command
        + (["--offline"] if offline else [])
        + (["--edition", edition] if edition else [])
        + (["--preview"] if preview else [])
        + (["--changed", str(changed)] if changed else [])
        + [f"--lang={tag}" for tag in languages],
        cwd=ROOT,
        env={key: value for key, value in os.environ.items() if key != "CASEBOOK_EDITION"}
        | (environment or {}),
        capture_output=True,
        text=True,
        check=False,
    )
