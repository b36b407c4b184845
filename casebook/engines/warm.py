"""The engine imported once, before its work is known; a process forked from it per run.

``python -P -m casebook.engines.warm ENTRY [MODULE ...]`` imports ENTRY's module
(``module:function``, what the engine's own program runs) and each MODULE (what the engine
imports as it builds), then reads orders on its standard input, a line of JSON each:
``{"id": n, "argv": [...], "cwd": "...", "env": {...}, "exec": false, "output": "path"}``.
For each it forks a process that writes its output to ``output`` and runs ENTRY as the
engine's program would have run with that command line, in that folder, with that
environment (``"exec": true``: a command that is not the engine's own, executed as it is).
On its standard output it says ``started ID PID`` and ``ended ID CODE`` (CODE as
``subprocess.Popen.returncode`` gives it: negative for a signal). At the end of its input it
waits for its processes, says how they ended, and exits.

The build starts it while it still validates the content and writes the docs tree, so the
engine's start (about a third of a second of imports for MkDocs) is neither waited for once
the tree is ready nor paid again for each process: a shard, another language. Nothing here
knows an engine: the adapter names its entry and modules (``Engine.entry``, ``preload``).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any, Protocol


def main(arguments: list[str]) -> int:
    module_name, _, function = arguments[0].partition(":")
    entry = getattr(importlib.import_module(module_name), function)
    for preload in arguments[1:]:
        # Only a head start: the engine imports what it needs itself.
        with contextlib.suppress(ImportError):
            importlib.import_module(preload)
    # What is imported lives as long as every run: kept out of the cycle collector's full
    # passes in each forked run (and out of the pages its reference counts would copy).
    gc.freeze()
    return _serve(entry)


def _serve(entry: Callable[[], object]) -> int:
    """Fork a process per order read, and say when each starts and ends."""
    woken, wake = os.pipe()
    os.set_blocking(woken, False)
    os.set_blocking(wake, False)
    signal.set_wakeup_fd(wake)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)  # wakes the select below
    running: dict[int, int] = {}  # pid -> order id
    pending = b""
    reading = True
    while reading or running:
        try:
            ready, _, _ = select.select([0, woken] if reading else [woken], [], [], 1.0)
        except InterruptedError:
            ready = []
        if 0 in ready:
            data = os.read(0, 65536)
            reading = bool(data)
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                if line.strip():
                    order = json.loads(line)
                    pid = os.fork()
                    if pid == 0:
                        _run_order(order, entry, (woken, wake))
                    running[pid] = order["id"]
                    _say(f"started {order['id']} {pid}")
        with contextlib.suppress(BlockingIOError):
            os.read(woken, 4096)
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            _say(f"ended {running.pop(pid)} {_returncode(status)}")
    return 0


def _run_order(order: dict[str, Any], entry: Callable[[], object], pipes: tuple[int, int]) -> None:
    """In the forked process: become the engine's run the order asks for. Never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        for descriptor in pipes:
            os.close(descriptor)
        output = os.open(order["output"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        nothing = os.open(os.devnull, os.O_RDONLY)
        os.dup2(nothing, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.close(output)
        os.close(nothing)
        os.chdir(order["cwd"])
        os.environ.clear()
        os.environ.update(order["env"])
        argv = order["argv"]
        if order.get("exec"):
            os.execve(argv[0], argv, order["env"])
        sys.argv = argv
        result = entry()
        code = result if isinstance(result, int) else 0
    except SystemExit as exc:  # how a command-line program ends
        if exc.code is None or isinstance(exc.code, int):
            code = exc.code or 0
        else:
            print(exc.code, file=sys.stderr)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _returncode(status: int) -> int:
    return -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)


def _say(line: str) -> None:
    os.write(1, f"{line}\n".encode())


class EngineProcess(Protocol):
    """What the build uses of an engine process (``subprocess.Popen`` is one)."""

    @property
    def returncode(self) -> int | Any: ...

    def poll(self) -> int | None: ...

    def wait(self, timeout: float | None = None) -> int: ...

    def kill(self) -> None: ...


class WarmProcesses:
    """The parent's side: the process that imports the engine, started ahead (``start``),
    and a run forked from it each time the build needs one (``take``, then ``run``); it ends
    with the build (``close``)."""

    def __init__(self, entry: str, preload: tuple[str, ...], env: dict[str, str]) -> None:
        # -P: the build's folder is not put on the module path, as for the engine's program.
        self._command = [sys.executable, "-P", "-m", __name__, entry, *preload]
        self._env = env  # PYTHONPATH among it: it sets the module path at the start
        self._server: subprocess.Popen[bytes] | None = None
        self._runs: dict[int, ForkedRun] = {}
        self._said = b""

    def same_as(self, other: WarmProcesses) -> bool:
        """Whether ``other`` would be this same process: the same engine, modules imported
        ahead and environment."""
        return self._command == other._command and self._env == other._env

    def start(self) -> None:
        """Start the process (once)."""
        if self._server is None:
            self._server = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,  # its runs write to their own files
                env=self._env,
            )
            assert self._server.stdout is not None
            os.set_blocking(self._server.stdout.fileno(), False)

    def take(self) -> tuple[ForkedRun, IO[bytes]] | None:
        """A run to be, and the file its output goes to; None when the process was not
        started or has ended (the build then starts the engine itself)."""
        if self._server is None or self._server.poll() is not None:
            return None
        output = tempfile.NamedTemporaryFile(prefix="casebook-engine-")  # noqa: SIM115
        run = ForkedRun(self, len(self._runs), output)
        self._runs[run.id] = run
        return run, output

    def order(self, run: ForkedRun, order: dict[str, Any]) -> bool:
        """Send ``order`` for ``run``; False if the process can no longer take it."""
        assert self._server is not None and self._server.stdin is not None
        try:
            self._server.stdin.write(json.dumps({**order, "id": run.id}).encode() + b"\n")
            self._server.stdin.flush()
        except OSError:  # a broken pipe: the process has ended
            return False
        return True

    def hear(self, wait: float = 0) -> None:
        """Take in what the process has said (waiting up to ``wait`` seconds for a line)."""
        assert self._server is not None and self._server.stdout is not None
        stream = self._server.stdout.fileno()
        if wait:
            select.select([stream], [], [], wait)
        try:
            data = os.read(stream, 65536)
        except BlockingIOError:
            return
        if not data:  # it has ended: a run it never said had ended never will
            for run in self._runs.values():
                if run.returncode is None:
                    run.returncode = 1
            return
        self._said += data
        while b"\n" in self._said:
            line, self._said = self._said.split(b"\n", 1)
            what, number, value = line.decode().split()
            run = self._runs[int(number)]
            if what == "started":
                run.pid = int(value)
            else:
                run.returncode = int(value)

    def close(self) -> None:
        if self._server is None:
            return
        server, self._server = self._server, None
        for run in self._runs.values():
            if run.pid is not None and run.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(run.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            assert server.stdin is not None
            server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        assert server.stdout is not None
        server.stdout.close()

    def __enter__(self) -> WarmProcesses:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ForkedRun:
    """A run of the engine in a process forked by ``WarmProcesses``: as much of
    ``subprocess.Popen`` as the build uses."""

    def __init__(self, server: WarmProcesses, number: int, output: IO[bytes]) -> None:
        self._server = server
        self.id = number
        self.output = output  # the file its output goes to (the taker closes it)
        self.pid: int | None = None
        self.returncode: int | None = None
        self.ordered = False

    def poll(self) -> int | None:
        if self.returncode is None and self.ordered:
            self._server.hear()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if not self.ordered:
                raise RuntimeError("an engine run waited for before it was ordered")
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"engine run {self.id}", timeout or 0)
            self._server.hear(wait=0.1)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        while self.ordered and self.pid is None and self.poll() is None:
            self._server.hear(wait=0.1)  # it says its pid as soon as it has forked
        if self.pid is not None and self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def run(
    process: EngineProcess,
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    *,
    own_program: bool,
) -> bool:
    """Have a run taken from ``WarmProcesses`` run ``argv`` (the engine's program when
    ``own_program``) in ``cwd`` with ``env``, its output written to the file ``take`` gave
    with it. False if it can no longer be done (the process has ended); the caller then
    starts the command itself."""
    if not isinstance(process, ForkedRun):
        return False
    order = {
        "argv": argv,
        "cwd": str(cwd),
        "env": env,
        "exec": not own_program,
        "output": process.output.name,
    }
    process.ordered = process._server.order(process, order)
    return process.ordered


if __name__ == "__main__":
    status = main(sys.argv[1:])
    # Every run has ended and been reported (with os.write: nothing is buffered). The
    # interpreter's own teardown, with the engine's modules loaded, is a tenth of a second
    # or more that the build would wait for.
    os._exit(status)
