"""An engine process started before its work is known.

``python -m casebook.engines.warm ENTRY [MODULE ...]`` imports ENTRY's module (``module:function``,
what the engine's own program runs) and each MODULE (what the engine imports as it builds), then
waits for one line on its standard input: the JSON of ``{"argv": [...], "cwd": "...", "env":
{...}}``. It then runs ENTRY as the engine's program would have run with that command line, in
that folder, with that environment. The build starts these processes while it still validates
the content and writes the docs tree, so the engine's start (about a quarter of a second of
imports for MkDocs) is no longer waited for once the tree is ready.

Nothing here knows an engine: the adapter names its entry and modules (``Engine.entry``,
``Engine.preload``). A command that is not the engine's own program (``"exec": true``) is
executed as it is. End of input without a line: the process was not needed, and exits.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO


def main(arguments: list[str]) -> int:
    module_name, _, function = arguments[0].partition(":")
    entry = getattr(importlib.import_module(module_name), function)
    for preload in arguments[1:]:
        # Only a head start: the engine imports what it needs itself.
        with contextlib.suppress(ImportError):
            importlib.import_module(preload)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    order = json.loads(line)
    os.chdir(order["cwd"])
    os.environ.clear()
    os.environ.update(order["env"])
    argv = order["argv"]
    if order.get("exec"):
        os.execve(argv[0], argv, order["env"])
    sys.argv = argv
    sys.stdin.close()
    sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115 (the process's own stdin)
    result = entry()
    return result if isinstance(result, int) else 0


class WarmProcesses:
    """The parent's side: engine processes started ahead (``start``), handed to the build as
    it needs them (``take``, then ``run``); those never taken are ended (``close``)."""

    def __init__(
        self,
        entry: str,
        preload: tuple[str, ...],
        env: dict[str, str],
        first_preload: tuple[str, ...] = (),
    ) -> None:
        # -P: the build's folder is not put on the module path, as for the engine's program.
        self._command = [sys.executable, "-P", "-m", __name__, entry, *preload]
        self._first_preload = first_preload
        self._env = env  # PYTHONPATH among it: it sets the module path at the start
        self._ready: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []

    def start(self, count: int) -> None:
        """Have ``count`` processes ready (no more are started than that). A process started
        when none is ready, the first to be taken, also imports ``first_preload``: the build
        gives its first process the main tree, whose own pages alone run macros."""
        while len(self._ready) < count:
            first = () if self._ready else self._first_preload
            output = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close(), or its taker)
            process = subprocess.Popen(
                [*self._command, *first],
                stdin=subprocess.PIPE,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=self._env,
            )
            self._ready.append((process, output))

    def take(self) -> tuple[subprocess.Popen[bytes], IO[bytes]] | None:
        """A started process and the file its output goes to, or None when none is ready."""
        return self._ready.pop(0) if self._ready else None

    def close(self) -> None:
        for process, output in self._ready:
            _end(process)
            output.close()
        self._ready.clear()

    def __enter__(self) -> WarmProcesses:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run(
    process: subprocess.Popen[bytes],
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    *,
    own_program: bool,
) -> bool:
    """Have a started process run ``argv`` (the engine's program when ``own_program``) in
    ``cwd`` with ``env``. False if the process can no longer take it (it ended); the caller
    then starts the command itself."""
    order = {"argv": argv, "cwd": str(cwd), "env": env, "exec": not own_program}
    assert process.stdin is not None
    try:
        process.stdin.write(json.dumps(order).encode("utf-8") + b"\n")
        process.stdin.close()
    except OSError:  # a broken pipe: the process has ended
        _end(process)
        return False
    return True


def _end(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()
    if process.stdin is not None and not process.stdin.closed:
        with contextlib.suppress(OSError):
            process.stdin.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
