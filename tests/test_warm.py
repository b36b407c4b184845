"""The engine imported ahead (``casebook.engines.warm``): one process imports it first, then
forks a process per run, which runs the command it is given, in its folder and environment,
as the engine's program would."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest

from casebook.engine_config import read_site_config
from casebook.engine_start import MACROS_READ, engine_processes, start_ahead
from casebook.engines import ENGINES, engine_named
from casebook.engines.warm import ForkedRun, WarmProcesses, run

ENGINE = """
import os, sys
def cli():
    print("argv", sys.argv[1:], "cwd", os.getcwd(), "x", os.environ.get("X"), "path", "" in sys.path)
    print("pid", os.getpid())
    return 3
"""
# A module the engine would import as it builds: it says when it was imported.
PRELOAD = """
import os, time
with open(os.environ["IMPORTED"], "a") as file:
    file.write(str(time.time()) + chr(10))
"""


@pytest.fixture
def modules(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "fake_engine.py").write_text(ENGINE, encoding="utf-8")
    (folder / "fake_preload.py").write_text(PRELOAD, encoding="utf-8")
    return {
        **os.environ,
        "PYTHONPATH": str(folder),
        "IMPORTED": str(tmp_path / "imported"),
    }


def _output(process_and_output: tuple[object, object]) -> str:
    _, output = process_and_output
    output.seek(0)  # type: ignore[attr-defined]
    return output.read().decode()  # type: ignore[attr-defined, no-any-return]


def test_a_warm_process_imports_ahead_then_runs_the_engine_as_told(
    modules: dict[str, str], tmp_path: Path
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    with WarmProcesses("fake_engine:cli", ("fake_preload", "no_such_module"), modules) as warm:
        warm.start()
        ready = warm.take()
        assert ready is not None
        imported = Path(modules["IMPORTED"])
        deadline = time.monotonic() + 30
        while not imported.exists():  # imported before it is told anything
            assert ready[0].poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        told = time.time()
        env = {**modules, "X": "told"}
        assert run(
            ready[0], ["/bin/fake-engine", "build", "-f", "c.yml"], work, env, own_program=True
        )
        assert ready[0].wait(timeout=30) == 3
    assert float(imported.read_text()) < told  # one line: imported once
    shown = _output(ready)
    assert "argv ['build', '-f', 'c.yml']" in shown
    assert f"cwd {work}" in shown and "x told" in shown
    assert "path False" in shown  # the build's folder is not on the module path


def test_a_command_not_the_engines_own_is_executed_as_it_is(
    modules: dict[str, str], tmp_path: Path
) -> None:
    with WarmProcesses("fake_engine:cli", (), modules) as warm:
        warm.start()
        ready = warm.take()
        assert ready is not None
        command = ["/bin/sh", "-c", 'echo "sh in $(pwd) with $X"; exit 4']
        assert run(ready[0], command, tmp_path, {**modules, "X": "y"}, own_program=False)
        assert ready[0].wait(timeout=30) == 4
    assert f"sh in {tmp_path} with y" in _output(ready)


def _warm_children() -> set[int]:
    """This process's children that are warm engine processes (Linux's /proc)."""
    return {
        pid
        for pid, ppid, command in _processes()
        if ppid == os.getpid() and b"engines.warm" in command
    }


def _processes() -> list[tuple[int, int, bytes]]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        found.append((int(entry.name), ppid, command))
    return found


def test_one_process_imports_once_and_every_run_is_forked_from_it(
    modules: dict[str, str], tmp_path: Path
) -> None:
    with WarmProcesses("fake_engine:cli", ("fake_preload",), modules) as warm:
        warm.start()
        warm.start()  # started once: every run is forked from it
        (server,) = _warm_children()
        taken = [warm.take(), warm.take(), warm.take()]
        for ready in taken:
            assert ready is not None
            assert run(ready[0], ["/bin/fake-engine"], tmp_path, modules, own_program=True)
        assert [ready[0].wait(timeout=30) for ready in taken if ready] == [3, 3, 3]
        pids = {int(_output(ready).split("pid ")[1].split()[0]) for ready in taken if ready}
        assert len(pids) == 3 and server not in pids and os.getpid() not in pids
        assert len(Path(modules["IMPORTED"]).read_text().splitlines()) == 1
    assert not _warm_children() and warm.take() is None


def _sleeping(
    warm: WarmProcesses, seconds: int, folder: Path, env: dict[str, str]
) -> tuple[ForkedRun, IO[bytes]]:
    """A run of ``sleep`` (a foreign command) forked by ``warm``, once started."""
    warm.start()
    ready = warm.take()
    assert ready is not None
    assert run(ready[0], ["/bin/sleep", str(seconds)], folder, env, own_program=False)
    return ready


def test_a_run_can_be_killed_and_one_whose_process_died_is_refused(
    modules: dict[str, str], tmp_path: Path
) -> None:
    with WarmProcesses("fake_engine:cli", (), modules) as warm:
        ready = _sleeping(warm, 30, tmp_path, modules)
        ready[0].kill()
        assert ready[0].wait(timeout=30) == -9
        (server,) = _warm_children()
        os.kill(server, 9)
        deadline = time.monotonic() + 30
        while warm.take() is not None:  # once it has ended, nothing more is taken
            assert time.monotonic() < deadline
            time.sleep(0.02)


def test_a_run_whose_process_died_before_saying_how_it_ended_has_failed(
    modules: dict[str, str], tmp_path: Path
) -> None:
    with WarmProcesses("fake_engine:cli", (), modules) as warm:
        ready = _sleeping(warm, 2, tmp_path, modules)
        (server,) = _warm_children()
        deadline = time.monotonic() + 30
        while ready[0].pid is None:  # it has forked the run
            ready[0].poll()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.kill(server, 9)
        assert ready[0].wait(timeout=30) == 1


def _mini_build(
    folder: Path, monkeypatch: pytest.MonkeyPatch, ahead: WarmProcesses | None = None
) -> tuple[list[bool], dict[str, bytes]]:
    """The fixture site built in English; whether each engine process was a warm one."""
    from casebook import build as build_module
    from casebook.build import BuildOptions, build

    taken: list[bool] = []

    def counted(*args: Any, **keywords: Any) -> bool:
        taken.append(run(*args, **keywords))
        return taken[-1]

    monkeypatch.setattr(build_module, "run_warm", counted)
    root = Path(__file__).resolve().parent.parent
    site = folder / "site"
    build(
        BuildOptions(
            project=root,
            content=root / "tests" / "fixtures" / "mini" / "content",
            site_dir=site,
            tree_dir=folder / "docs",
            languages=("en",),
            processes=1,
        ),
        ahead=ahead,
    )
    files = {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }
    return taken, files


def test_a_build_with_no_process_ready_starts_the_engine_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fewer processes started ahead than the build needs (the count is an estimate): the
    engine is started when the tree is ready, and the site is the same."""
    from casebook import build as build_module

    warm_taken, warm_site = _mini_build(tmp_path / "warm", monkeypatch)
    monkeypatch.setattr(build_module.WarmProcesses, "start", lambda self: None)
    cold_taken, cold_site = _mini_build(tmp_path / "cold", monkeypatch)
    assert warm_taken == [True] and cold_taken == []
    assert cold_site == warm_site and "index.html" in cold_site


def test_the_modules_named_to_import_ahead_exist() -> None:
    """An import ahead that fails is ignored (the engine imports what it needs itself): a
    module renamed must not silently leave its process cold."""
    for name in ENGINES:
        engine = engine_named(name)
        for module in (*engine.preload, *engine.macros_preload, *MACROS_READ):
            importlib.import_module(module)


ROOT = Path(__file__).resolve().parent.parent


def test_the_program_imports_little_before_it_starts_the_engine() -> None:
    """``casebook.cli`` runs first: what it imports delays the engine's start ahead."""
    code = "import sys, casebook.cli; print(' '.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stdout.split())
    assert "casebook.engine_start" in loaded
    assert not loaded & {"casebook.commands", "casebook.build", "casebook.collection", "numpy"}


def test_the_engine_is_started_ahead_only_for_a_build_it_can_tell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("ENGINE", "mkdocs")
    assert start_ahead(["validate"]) is None
    assert start_ahead(["build", "--engine", "no-such-engine"]) is None
    site = read_site_config(ROOT / "mkdocs.yml")
    for arguments, name in [
        (["build"], "mkdocs"),
        (["build", "-d", "out", "--engine=zensical"], "zensical"),
        (["build", "--engine", "zensical"], "zensical"),
    ]:
        ahead = start_ahead(arguments)
        assert ahead is not None
        with ahead:
            for other in ENGINES:
                wanted = engine_processes(engine_named(other), ROOT, site)
                assert ahead.same_as(wanted) == (other == name), (arguments, other)
    monkeypatch.chdir(tmp_path)  # no mkdocs.yml here: the build will say so
    assert start_ahead(["build"]) is None


def test_a_build_takes_the_engine_started_ahead_or_ends_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casebook import build as build_module

    started: list[WarmProcesses] = []
    start = build_module.WarmProcesses.start

    def counted(self: WarmProcesses) -> None:
        if self._server is None:
            started.append(self)
        start(self)

    monkeypatch.setattr(build_module.WarmProcesses, "start", counted)
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("ENGINE", "mkdocs")
    ahead = start_ahead(["build"])
    assert ahead is not None and started == [ahead]
    taken, site = _mini_build(tmp_path / "same", monkeypatch, ahead)
    assert taken == [True] and started == [ahead]  # its run was forked from the one ahead
    assert ahead._server is None  # ended with the build

    other = start_ahead(["build", "--engine", "zensical"])
    assert other is not None
    taken, again = _mini_build(tmp_path / "other", monkeypatch, other)
    assert other._server is None  # not the build's engine: ended
    assert taken == [True] and len(started) == 3 and again == site
