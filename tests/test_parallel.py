"""Work spread over processes gives the loop's results, in order, and its failures."""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from casebook import build as build_module
from casebook import parallel, shards
from casebook.build import BuildOptions, build
from casebook.collection import load_collection
from casebook.parallel import map_in_processes

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork even when the test process runs threads (Playwright's, after a browser test);
    the work here takes no lock another thread could hold."""
    monkeypatch.setattr(parallel, "other_threads", lambda: False)


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


def test_results_come_back_in_the_items_order_from_several_processes(
    monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 10)
    numbers = list(range(95))

    found = map_in_processes(_pid_and_square, numbers, processes=3)

    assert [square for _, square in found] == [n * n for n in numbers]
    # Dealt out to three processes, the first part computed here: the items a caller puts
    # first (the largest) are shared out, not given to one process.
    pids = [pid for pid, _ in found]
    assert pids[0] == os.getpid()
    assert len(set(pids[:3])) == 3
    assert pids == [pids[index % 3] for index in range(len(pids))]


def test_few_items_stay_in_this_process() -> None:
    found = map_in_processes(_pid_and_square, [1, 2, 3], processes=4)
    assert found == [(os.getpid(), 1), (os.getpid(), 4), (os.getpid(), 9)]


def test_a_process_running_threads_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 1)
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        found = map_in_processes(_pid_and_square, list(range(6)), processes=3)
    finally:
        stop.set()
        server.join()
    assert {pid for pid, _ in found} == {os.getpid()}


class _Refused(Exception):
    pass


def _refuse_seven(number: int) -> int:
    if number == 7:
        raise _Refused(f"no {number}")
    return number


def test_a_failure_in_a_child_process_is_raised_here(
    monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 2)
    with pytest.raises(_Refused, match="no 7"):
        map_in_processes(_refuse_seven, list(range(10)), processes=2)


_PARENT = os.getpid()


def _end_abruptly(number: int) -> int:
    if number == 9 and os.getpid() != _PARENT:  # never the test run itself
        os._exit(3)
    return number


def test_a_child_that_dies_is_an_error_not_missing_results(
    monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 2)
    with pytest.raises(RuntimeError, match="exit code 3"):
        map_in_processes(_end_abruptly, list(range(10)), processes=2)


def _site_files(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_site_built_by_several_processes_is_the_one_built_by_one(
    engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    """The engine in shards (``casebook.shards``) and the finishing step over processes give
    the same site, byte for byte, as one process does, and again when built a second time
    (Zensical keeps a cache); the fixture site is small, so the split is forced."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    # A second language, right to left: every process builds in the language being built.
    (content / "languages.yml").write_text("default: en\nlanguages: [en, ar]\n", "utf-8")
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 1)
    monkeypatch.setattr(shards, "MIN_PAGES_PER_SHARD", 1)
    plugins: list[list[str]] = []  # of each engine run: the main tree's, then the shards'
    run_engines = build_module._run_engines
    # Each process's output is finished as soon as it ends: the first build with three
    # processes has the main tree's engine end last, the second build has it end first. The
    # late ones start only once the others have ended (a file says so), whatever the load.
    late: list[str] = []
    ended: list[int] = []
    go = tmp_path / "go"

    def recording(*args: Any, **keywords: Any) -> list[str]:
        plugins.extend(
            [name for entry in run.config["plugins"] for name in entry] for run in args[2]
        )
        engine = args[1]
        go.unlink(missing_ok=True)

        def command(config_file: Path, run: Any) -> list[str]:
            shard = "-shard" in config_file.parent.name
            wait = late and (late[-1] == "main") != shard
            # At most 30 s: a wrong order then fails the assertions below rather than hangs.
            until = f"[ -e {go} ] || [ $n -ge 1500 ]" if wait else "true"
            pause = f"n=0; until {until}; do sleep 0.02; n=$((n + 1)); done"
            return ["/bin/sh", "-c", pause + '; exec "$@"', "sh", *engine.command(config_file, run)]

        def recorded(number: int, running: int) -> None:
            ended.append(number)
            keywords["ended"](number, running)
            if late and running == (1 if late[-1] == "main" else 2):
                go.touch()  # the ones to end first have ended

        delayed = dataclasses.replace(engine, command=command)
        return run_engines(args[0], delayed, *args[2:], **{**keywords, "ended": recorded})

    monkeypatch.setattr(build_module, "_run_engines", recording)
    # Every engine process was started ahead, importing while the docs tree was written.
    warm_runs: list[bool] = []
    run_warm = build_module.run_warm

    def counted(*args: Any, **keywords: Any) -> bool:
        warm_runs.append(run_warm(*args, **keywords))
        return warm_runs[-1]

    monkeypatch.setattr(build_module, "run_warm", counted)
    # Folders named as a person types them, relative to where the build runs.
    monkeypatch.chdir(tmp_path)
    sites: dict[int, dict[str, bytes]] = {}
    for processes, last in ((1, ""), (3, "main"), (3, "shards")):
        late[:] = [last] if last else []
        ended.clear()
        site = tmp_path / f"site-{processes}"
        options = BuildOptions(
            project=ROOT,
            content=content,
            site_dir=Path(f"site-{processes}"),
            tree_dir=Path(f"docs-{processes}"),
            engine=engine,
            processes=processes,
        )
        build(options)
        if last:  # per language: the main tree's output finished last, or first
            main_at = 2 if last == "main" else 0
            for language in (ended[:3], ended[3:]):
                assert sorted(language) == [0, 1, 2] and language[main_at] == 0
        built = _site_files(site)
        manifest = site / "search" / "en" / "manifest.js"
        earlier = tmp_path / f"manifest-{processes}"  # a second name of the file, if built
        if processes in sites:  # the second build into the same folders
            assert built == sites[processes]
            # The index was updated in place, not made anew (the engine empties its output).
            assert manifest.samefile(earlier)
        else:
            os.link(manifest, earlier)
        sites[processes] = built
    shard_trees = list(tmp_path.glob("docs-3-shard*/docs"))
    assert len(shard_trees) == 2
    moved = {path.name for tree in shard_trees for path in (tree / "cases").glob("*.md")}
    assert moved, "no case page went to a shard"
    assert not any((tmp_path / "docs-3" / "cases" / name).exists() for name in moved)
    assert any(path.startswith("search/") for path in sites[1])
    assert 'lang="ar" dir="rtl"' in sites[1]["ar/cases/kenya-solar-irrigation.html"].decode()
    assert sites[3] == sites[1]
    # A shard holds no page with macros: its engine does not load the collection for them.
    macros = "casebook-macros" if engine == "mkdocs" else "macros"
    assert macros in plugins[0]
    sharded = [names for names in plugins if macros not in names]
    assert len(sharded) == 2 * 2 * 2  # two shards, two languages, two builds with three
    assert warm_runs == [True] * len(plugins)


def test_the_output_of_a_process_that_ends_first_is_finished_beside_the_one_still_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    """The first engine process to end has its output finished by a process of its own: the
    build goes on watching the other, and finishes it as soon as it ends. Here the first
    finishing waits until the other has ended and been finished; done in the build's own
    process, it would wait in vain (30 s, then say so)."""
    content = tmp_path / "content"
    shutil.copytree(MINI, content)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 1)
    monkeypatch.setattr(shards, "MIN_PAGES_PER_SHARD", 1)
    all_finished = tmp_path / "all-finished"
    first = tmp_path / "first-finishing"
    run_engines = build_module._run_engines

    def recording(*args: Any, **keywords: Any) -> list[str]:
        def recorded(number: int, running: int) -> None:
            keywords["ended"](number, running)
            if running == 0:
                all_finished.touch()

        return run_engines(*args, **{**keywords, "ended": recorded})

    finish_site = build_module.finish_site

    def finishing(*args: Any, **keywords: Any) -> Any:
        if not first.exists():
            first.write_text(str(os.getpid()), encoding="utf-8")
            deadline = time.monotonic() + 30
            while not all_finished.exists():
                if time.monotonic() > deadline:
                    first.write_text("waited in vain", encoding="utf-8")
                    break
                time.sleep(0.02)
        return finish_site(*args, **keywords)

    monkeypatch.setattr(build_module, "_run_engines", recording)
    monkeypatch.setattr(build_module, "finish_site", finishing)
    build(
        BuildOptions(
            project=ROOT,
            content=content,
            site_dir=tmp_path / "site",
            tree_dir=tmp_path / "docs",
            processes=2,
        )
    )
    assert int(first.read_text(encoding="utf-8")) != os.getpid()
    assert (tmp_path / "site" / "cases" / "kenya-solar-irrigation.html").exists()


def _resident_kib() -> int:
    status = Path("/proc/self/status").read_text(encoding="ascii")
    return int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])


_CACHE: list[dict[str, int]] = []


def test_a_call_in_a_process_of_its_own_gives_back_its_memory(forking: None) -> None:
    def fill() -> tuple[int, int]:
        # A million small objects, one in fifty kept by a module-level cache (as a library
        # keeps some of what it made): in this process, some 200 MB would stay resident.
        made = [{"n": n} for n in range(1_000_000)]
        _CACHE.extend(made[::50])
        return os.getpid(), len(made)

    before = _resident_kib()
    pid, count = parallel.call_in_process(fill)
    assert pid != os.getpid() and count == 1_000_000
    assert _CACHE == [] and _resident_kib() - before < 40 * 1024


def test_a_call_in_a_process_of_its_own_raises_its_failure_here(forking: None) -> None:
    with pytest.raises(_Refused, match="no 7"):
        parallel.call_in_process(lambda: _refuse_seven(7))


def test_a_call_started_in_a_process_runs_while_this_one_goes_on(
    tmp_path: Path, forking: None
) -> None:
    go = tmp_path / "go"

    def wait_for_go() -> int | None:
        deadline = time.monotonic() + 10
        while not go.exists():
            if time.monotonic() > deadline:
                return None  # never told to go: this process waited for the call
            time.sleep(0.01)
        return os.getpid()

    result = parallel.start_in_process(wait_for_go)
    go.touch()  # only once start_in_process has returned
    pid = result()
    assert pid is not None and pid != os.getpid()


def test_a_call_started_in_a_process_raises_its_failure_when_its_result_is_asked(
    forking: None,
) -> None:
    result = parallel.start_in_process(lambda: _refuse_seven(7))
    with pytest.raises(_Refused, match="no 7"):
        result()


def test_a_call_in_a_process_running_threads_stays_here() -> None:
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert parallel.call_in_process(os.getpid) == os.getpid()
    finally:
        stop.set()
        server.join()


def test_a_collection_loaded_by_several_processes_is_the_one_loaded_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking: None
) -> None:
    """Reading, checking and rendering every file over processes gives the same collection
    and the same problems, the contributors' mistakes included."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    cases = content / "cases"
    first = sorted(cases.glob("*.md"))[0].read_text("utf-8")
    (cases / "broken-yaml.md").write_text("---\ntitle: [unclosed\n---\nBody\n", "utf-8")
    (cases / "too-large.md").write_bytes(b"---\ntitle: x\n---\n" + b"a" * 200_000)
    (cases / "a-broken-link.md").write_text(first + "\n[nowhere](missing-page.md)\n", "utf-8")
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_PROCESS", 1)

    alone, alone_report = load_collection(content, processes=1)
    together, together_report = load_collection(content, processes=3)

    assert together_report == alone_report
    codes = {problem.code for problem in alone_report.problems}
    # Found reading a file, and rendering one (after every file is known).
    assert {"yaml-syntax", "file-too-large", "broken-link"} <= codes, codes
    assert together == alone
    assert len(alone.cases) >= 5
