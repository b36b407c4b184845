"""Engine adapters: the only code that knows a static-site engine.

Each adapter is one small module that turns the shared engine configuration
(``casebook.engine_config``) into what its engine reads, names the command that builds it, and
says what the engine cannot do for this site. The engine always runs as a subprocess on the
docs tree (``casebook.docs_tree``); nothing outside this package imports an engine.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENGINES = ("mkdocs", "zensical")


@dataclass(frozen=True)
class EngineRun:
    """What the pipeline asks of an engine run."""

    offline: bool = False
    strict: bool = True


@dataclass(frozen=True)
class Engine:
    name: str
    # The engine's configuration from the shared one (``engine_config``).
    adapt: Callable[[Mapping[str, Any], EngineRun], dict[str, Any]]
    # The command that builds with the configuration file given.
    command: Callable[[Path, EngineRun], list[str]]
    # What this engine does not do for the site, said in every build's output.
    limitations: Callable[[Mapping[str, Any], EngineRun], tuple[str, ...]] = field(
        default=lambda config, run: ()
    )
    # Environment the engine needs (on top of the caller's).
    environment: Mapping[str, str] = field(default_factory=dict)
    # Lines of the engine's output that tell a newcomer nothing (progress, plugin chatter).
    chatter: Callable[[str], bool] = field(default=lambda line: not line.strip())
    # The engine's output made readable (before ``chatter`` drops lines).
    tidy: Callable[[str], str] = field(default=lambda output: output)
    # The program ``command`` runs and its Python entry ("module:function"), and modules it
    # imports as it builds: its processes can then start while the build still writes the
    # docs tree (``casebook.engines.warm``). No entry: started when the tree is ready.
    program: str = ""
    entry: str = ""
    preload: tuple[str, ...] = ()
    # What the engine imports for the site's own pages' macros (its macros plugin): imported
    # ahead with ``preload`` when the site has macros.
    macros_preload: tuple[str, ...] = ()

    def report(self, output: str) -> list[str]:
        """What of the engine's output to show: warnings and errors, not chatter."""
        return [line for line in self.tidy(output).splitlines() if not self.chatter(line)]


class UnknownEngine(ValueError):
    pass


def engine_named(name: str) -> Engine:
    if name == "mkdocs":
        from casebook.engines.mkdocs import ENGINE
    elif name == "zensical":
        from casebook.engines.zensical import ENGINE
    else:
        raise UnknownEngine(f"unknown engine '{name}': choose one of {', '.join(ENGINES)}")
    return ENGINE


def program(name: str) -> str:
    """An executable installed beside this interpreter (make and tests may not have the
    virtualenv on PATH)."""
    return str(Path(sys.executable).parent / name)


def set_plugin_option(
    plugins: list[dict[str, Any]], name: str, option: str, value: object
) -> list[dict[str, Any]]:
    return [
        {key: {**options, option: value} if key == name else options}
        for entry in plugins
        for key, options in entry.items()
    ]
