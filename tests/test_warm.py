"""Engine processes started ahead (``casebook.engines.warm``): they import first, then run the
command they are given, in its folder and environment, as the engine's program would."""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from casebook.build import MACROS_READ
from casebook.engines import ENGINES, engine_named
from casebook.engines.warm import WarmProcesses, run

ENGINE = """
import os, sys
def cli():
    print("argv", sys.argv[1:], "cwd", os.getcwd(), "x", os.environ.get("X"), "path", "" in sys.path)
    print("first", "fake_first" in sys.modules)
    return 3
"""
# A module the engine would import as it builds: it says when it was imported.
PRELOAD = """
import os, time
with open(os.environ["IMPORTED"], "w") as file:
    file.write(str(time.time()))
"""


@pytest.fixture
def modules(tmp_path: Path) -> dict[str, str]:
    folder = tmp_path / "modules"
    folder.mkdir()
    (folder / "fake_engine.py").write_text(ENGINE, encoding="utf-8")
    (folder / "fake_preload.py").write_text(PRELOAD, encoding="utf-8")
    (folder / "fake_first.py").write_text("", encoding="utf-8")
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
        warm.start(1)
        ready = warm.take()
        assert ready is not None and warm.take() is None
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
    assert float(imported.read_text()) < told
    shown = _output(ready)
    assert "argv ['build', '-f', 'c.yml']" in shown
    assert f"cwd {work}" in shown and "x told" in shown
    assert "path False" in shown  # the build's folder is not on the module path


def test_a_command_not_the_engines_own_is_executed_as_it_is(
    modules: dict[str, str], tmp_path: Path
) -> None:
    with WarmProcesses("fake_engine:cli", (), modules) as warm:
        warm.start(1)
        ready = warm.take()
        assert ready is not None
        command = ["/bin/sh", "-c", 'echo "sh in $(pwd) with $X"; exit 4']
        assert run(ready[0], command, tmp_path, {**modules, "X": "y"}, own_program=False)
        assert ready[0].wait(timeout=30) == 4
    assert f"sh in {tmp_path} with y" in _output(ready)


def _warm_children() -> set[int]:
    """This process's children that are warm engine processes (Linux's /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == os.getpid() and b"casebook.engines.warm" in command:
            found.add(int(entry.name))
    return found


def test_processes_never_taken_are_ended_and_a_dead_one_is_refused(
    modules: dict[str, str], tmp_path: Path
) -> None:
    warm = WarmProcesses("fake_engine:cli", (), modules)
    warm.start(2)
    warm.start(2)  # two are ready: none more
    taken = warm.take()
    assert taken is not None
    taken[0].kill()
    taken[0].wait()
    taken[1].close()
    assert not run(taken[0], [sys.executable], tmp_path, modules, own_program=True)
    assert len(_warm_children()) == 1
    warm.close()
    assert warm.take() is None and not _warm_children()


def _mini_build(
    folder: Path, monkeypatch: pytest.MonkeyPatch
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
        )
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
    monkeypatch.setattr(build_module, "_engine_processes_expected", lambda *_: 0)
    cold_taken, cold_site = _mini_build(tmp_path / "cold", monkeypatch)
    assert warm_taken == [True] and cold_taken == []
    assert cold_site == warm_site and "index.html" in cold_site


def test_the_first_process_in_line_also_imports_what_the_main_tree_needs(
    modules: dict[str, str], tmp_path: Path
) -> None:
    """The build gives the first process it takes the main tree (the site's own pages, whose
    macros need more modules): that one imports them ahead, the others do not."""
    shown = []
    with WarmProcesses("fake_engine:cli", (), modules, first_preload=("fake_first",)) as warm:
        for _language in range(2):  # each language's processes, started as the last are taken
            warm.start(2)
            taken = [warm.take(), warm.take()]
            for ready in taken:
                assert ready is not None
                assert run(ready[0], ["/bin/fake-engine"], tmp_path, modules, own_program=True)
                assert ready[0].wait(timeout=30) == 3
                shown.append(_output(ready))
    assert ["first True" in output for output in shown] == [True, False, True, False]


def test_the_modules_named_to_import_ahead_exist() -> None:
    """An import ahead that fails is ignored (the engine imports what it needs itself): a
    module renamed must not silently leave its process cold."""
    for name in ENGINES:
        engine = engine_named(name)
        for module in (*engine.preload, *engine.macros_preload, *MACROS_READ):
            importlib.import_module(module)
