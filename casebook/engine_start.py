"""The engine's process of a build (``casebook.engines.warm``): what it imports ahead, its
environment, and its start before anything else of ``casebook build``.

The engine's imports (half a second of CPU for MkDocs, with the macros' modules) run on a
core of their own while the build does its own work. Started by ``build`` itself, they began
only after the build's own imports (a third of a second on one core, the other idle); the
``casebook`` program (``casebook.cli.run``) therefore starts the process first, from what its
command line and the site's configuration say, with only this light module imported, and the
build adopts it when it is the process the build needs (``WarmProcesses.same_as``), else
starts its own. A wrong guess costs an unused process, never a different build.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from casebook.engine_config import ConfigError, read_site_config
from casebook.engines import ENGINES, Engine, engine_named
from casebook.engines.warm import WarmProcesses

# What the site's own pages' macros read (macros/ binds casebook.pages.blocks to the collection
# casebook.site.state loads).
MACROS_READ = ("casebook.site.state", "casebook.pages.blocks")
CONFIG_FILE = "mkdocs.yml"  # the configuration people edit, in the project's folder


def default_engine() -> str:
    """The engine ``casebook build`` uses without ``--engine``."""
    return os.environ.get("ENGINE") or "mkdocs"


def engine_processes(engine: Engine, project: Path, site: Mapping[str, Any]) -> WarmProcesses:
    """The engine's process (not started) for a build of ``project``, whose configuration is
    ``site``."""
    return WarmProcesses(
        engine.entry,
        engine.preload + _macros_preload(engine, site),
        engine_environment(project, engine),
    )


def engine_environment(project: Path, engine: Engine) -> dict[str, str]:
    """The environment of every engine process, but what each run adds."""
    env = {**os.environ, **engine.environment}
    # The macros module (macros/) is imported by name from the project folder.
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(project.resolve()), env.get("PYTHONPATH")])
    )
    return env


def _macros_preload(engine: Engine, site: Mapping[str, Any]) -> tuple[str, ...]:
    """What the engine imports for the site's own pages' macros: imported ahead with it."""
    if not any("macros" in entry for entry in site.get("plugins") or ()):
        return ()
    return engine.macros_preload + MACROS_READ


def start_ahead(arguments: Sequence[str]) -> WarmProcesses | None:
    """The engine's process, started, when ``arguments`` (the program's, without its name)
    ask for a build in this folder; None otherwise, or when what it would be cannot be told
    (the build then says why, or starts its own)."""
    if arguments[:1] != ["build"]:
        return None
    name = default_engine()
    for at, argument in enumerate(arguments):
        if argument == "--engine" and at + 1 < len(arguments):
            name = arguments[at + 1]
        elif argument.startswith("--engine="):
            name = argument.partition("=")[2]
    if name not in ENGINES:
        return None
    engine = engine_named(name)
    if not engine.entry:
        return None
    project = Path.cwd()
    try:
        site = read_site_config(project / CONFIG_FILE)
    except ConfigError:
        return None
    processes = engine_processes(engine, project, site)
    processes.start()
    return processes
