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
    offline: bool = False,
    python_options: tuple[str, ...] = (),
    prelude: str = "",
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of the real configuration over ``content`` into ``site``
    (``python_options``: for the interpreter, such as ``("-X", "importtime")``; ``prelude``:
    Python run in the build's process before MkDocs starts; ``environment``: more variables,
    such as ``CASEBOOK_PREVIEW``)."""
    env = {**os.environ, "CASEBOOK_CONTENT": str(content), "NO_MKDOCS_2_WARNING": "1"}
    if offline:
        env["CASEBOOK_OFFLINE"] = "true"
    env.update(environment or {})
    return subprocess.run(
        [
            sys.executable,
            *python_options,
            "-c",
            f"{prelude}\nfrom mkdocs.__main__ import cli\ncli(prog_name='mkdocs')",
            *("build", "--strict", "-q", "-d", str(site)),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
