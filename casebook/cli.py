"""The ``casebook`` program: its commands are ``casebook.commands``.

This module is what runs first, so it imports little: for a build, the engine's process is
started before the commands' own imports (``casebook.engine_start``), so that the engine's
imports run on another core while they do.
Exit codes: 0 clean, 1 problems found, 2 usage or internal error.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

from casebook.engine_start import start_ahead
from casebook.engines.warm import WarmProcesses


def main(argv: Sequence[str] | None = None, ahead: WarmProcesses | None = None) -> int:
    """Run the command ``argv`` asks for (default: this process's arguments); its exit code."""
    from casebook.commands import run_command

    return run_command(argv, ahead)


def run() -> None:
    """The ``casebook`` program: ``main`` with this process's arguments, then exit."""
    arguments = sys.argv[1:]
    ahead = start_ahead(arguments)
    try:
        code = main(arguments, ahead)
    finally:
        if ahead is not None:
            ahead.close()
    # The process ends here: the cycle collector's last pass over all it holds (a whole
    # collection, after a build) would only delay the exit.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
