"""Work on many independent items spread over the machine's cores, results in item order.

The build's per-page steps after the engine (finishing each page, reading it for search) are
independent of one another; the engine itself runs on one core. ``map_in_processes`` deals
the items out to one part per core as cards are dealt (item i to part i mod n, so that a run
of large items, which callers put first, is shared rather than given to one part), computes
the first part in this process and the others in forked children, and returns every result
in the items' order, so the output is the same whatever the number of cores. Forking (Linux)
shares the parent's memory, so neither the function nor the items are pickled: only the
results come back, pickled. Where there is
no fork, or one core, or few items, or this process runs other threads (``casebook serve``'s
web server: a fork copies only the calling thread, and a lock another thread holds would
stay held in the child), it is a plain loop.

An exception in a child is raised here, as it was raised there.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items per process, a fork costs more than it saves.
MIN_ITEMS_PER_PROCESS = 200


def cores() -> int:
    """The cores this process may run on (a CI container's share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def other_threads() -> bool:
    """Whether this process runs threads besides the calling one."""
    return threading.active_count() > 1


def map_in_processes(
    function: Callable[[Item], Result],
    items: Sequence[Item],
    processes: int | None = None,
) -> list[Result]:
    """``[function(item) for item in items]``, computed over up to ``processes`` processes
    (default: ``cores()``)."""
    wanted = cores() if processes is None else processes
    count = max(1, min(wanted, len(items) // MIN_ITEMS_PER_PROCESS))
    if count == 1 or not sys.platform.startswith("linux") or other_threads():
        return [function(item) for item in items]
    context = multiprocessing.get_context("fork")
    children: list[tuple[BaseProcess, Connection]] = []
    for part in range(1, count):
        receiving, sending = context.Pipe(duplex=False)
        chunk = items[part::count]
        child: BaseProcess = context.Process(
            target=_run, args=(function, chunk, sending), daemon=True
        )
        child.start()
        sending.close()
        children.append((child, receiving))
    try:
        results: list[Result] = [None] * len(items)  # type: ignore[list-item]
        results[::count] = [function(item) for item in items[::count]]
        for part, (child, receiving) in enumerate(children, start=1):
            failed, value = _receive(receiving, child)
            if failed:
                raise value
            results[part::count] = value
    finally:
        for child, receiving in children:
            receiving.close()
            child.join(timeout=5)
            if child.is_alive():
                child.kill()
                child.join()
    return results


def call_in_process(function: Callable[[], Result]) -> Result:
    """``function()``, computed in a forked child where one can be forked, so that the memory
    it takes goes back to the system when the child ends: a process keeps the memory it has
    freed, and an edition's report (about 1 GB of layout at 10,000 cases) would otherwise stay
    held under every page the build makes next. A plain call where ``map_in_processes`` would
    make a plain loop (no fork, or other threads)."""
    return start_in_process(function)()


def start_in_process(function: Callable[[], Result]) -> Callable[[], Result]:
    """``function()`` started in a forked child, to be computed while this process goes on;
    returns the call that waits for the result and returns it (or raises what the child
    raised). Where ``map_in_processes`` would make a plain loop, that call computes it then."""
    if not sys.platform.startswith("linux") or other_threads():
        return function
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    # Not a daemon: it may share its own work out with map_in_processes. Its result is always
    # waited for (an interrupted build's children get the terminal's Ctrl-C as well).
    child: BaseProcess = context.Process(
        target=_run, args=(lambda _: function(), [None], sending), daemon=False
    )
    child.start()
    sending.close()

    def result() -> Result:
        try:
            failed, value = _receive(receiving, child)
        finally:
            receiving.close()
            child.join()
        if failed:
            raise value
        return value[0]  # type: ignore[no-any-return]

    return result


def _run(function: Callable[[Item], Result], chunk: Sequence[Item], sending: Connection) -> None:
    try:
        outcome: tuple[bool, object] = (False, [function(item) for item in chunk])
    except BaseException as exc:  # every failure goes back to the parent, which raises it
        outcome = (True, exc)
    try:
        data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an unpicklable exception: its text still reaches the parent
        data = pickle.dumps((True, RuntimeError(f"{type(outcome[1]).__name__}: {exc}")))
    sending.send_bytes(data)
    sending.close()


def _receive(receiving: Connection, child: BaseProcess) -> tuple[bool, Any]:
    try:
        data = receiving.recv_bytes()
    except EOFError:
        child.join()
        ended = f"a worker process ended without a result (exit code {child.exitcode})"
        return True, RuntimeError(ended)
    failed, value = pickle.loads(data)
    return bool(failed), value
