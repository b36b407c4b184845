"""MkDocs with Material: ``mkdocs build --strict`` on the docs tree.

mkdocs.yml's ``macros`` plugin becomes ``casebook-macros`` (``casebook.engines.mkdocs_macros``):
mkdocs-macros, sparing the thousands of generated pages its per-page work.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casebook.engines import Engine, EngineRun, program


def adapt(config: Mapping[str, Any], run: EngineRun) -> dict[str, Any]:
    adapted = dict(config)
    plugins = [
        {"casebook-macros" if name == "macros" else name: options}
        for entry in config.get("plugins", [])
        for name, options in entry.items()
    ]
    adapted["plugins"] = plugins
    adapted["strict"] = run.strict
    return adapted


def command(config_file: Path, run: EngineRun) -> list[str]:
    # Not --quiet: MkDocs 1.6 then stops counting warnings, and --strict lets them pass.
    return [program("mkdocs"), "build", "--config-file", str(config_file)] + (
        ["--strict"] if run.strict else []
    )


def chatter(line: str) -> bool:
    """INFO lines (progress, and mkdocs-macros listing its variables): the build output
    keeps warnings and errors."""
    return not line.strip() or line.startswith("INFO ")


ENGINE = Engine(
    "mkdocs",
    adapt,
    command,
    # MkDocs 1.6 prints a notice about MkDocs 2.0 on every run unless told not to.
    environment={"NO_MKDOCS_2_WARNING": "1"},
    chatter=chatter,
    program="mkdocs",
    entry="mkdocs.__main__:cli",
    # What every MkDocs process of the build imports (a shard's too): most of its start.
    preload=("mkdocs.commands.build", "mkdocs.config.defaults", "markdown.extensions.toc"),
    macros_preload=("casebook.engines.mkdocs_macros",),
)
