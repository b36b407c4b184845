"""Zensical: ``zensical build`` on the docs tree, with the same mkdocs.yml settings."""

from __future__ import annotations

import re
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


_PROGRESS = ("Build started", "Build finished in", "No issues found")
# Its command line ends a failed build with a Python traceback; the last line says why.
_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n)*", re.MULTILINE)


# It draws its problems in terminal colours, whatever NO_COLOR says: plain text in the log.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def tidy(output: str) -> str:
    return _COLOUR.sub("", _TRACEBACK.sub("", output))


def chatter(line: str) -> bool:
    return not line.strip() or line.startswith(_PROGRESS)


ENGINE = Engine("zensical", adapt, command, chatter=chatter, tidy=tidy)
