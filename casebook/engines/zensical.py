"""Zensical: ``zensical build`` on the docs tree, with the same mkdocs.yml settings."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casebook.engines import Engine, EngineRun, program


def adapt(config: Mapping[str, Any], run: EngineRun) -> dict[str, Any]:
    return dict(config)


def command(config_file: Path, run: EngineRun) -> list[str]:
    return [program("zensical"), "build", "--config-file", str(config_file)] + (
        ["--strict"] if run.strict else []
    )


ENGINE = Engine("zensical", adapt, command)
