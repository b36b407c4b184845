"""``casebook serve``: build, serve the output, rebuild when a source changes.

Whichever engine builds, the preview is the pipeline's own: a change under ``content/``,
``pages/``, ``schemas/``, ``macros/`` or ``mkdocs.yml`` runs ``casebook.build`` again. While
the content does not validate (or the build fails), the terminal shows the problems and every
page the browser asks for is a page that lists them, so the browser never seems to hang.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from casebook.build import BuildError, BuildOptions, build

WATCHED = ("content", "pages", "schemas", "macros", "mkdocs.yml")
POLL_SECONDS = 0.5


@dataclass
class PreviewState:
    """The last build's failure, or None when the served site is current."""

    problem: str | None = None


def snapshot(paths: Iterable[Path]) -> dict[Path, tuple[int, int]]:
    """Every file under ``paths`` with its modification time and size."""
    files: dict[Path, tuple[int, int]] = {}
    for root in paths:
        candidates = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        for path in candidates:
            try:
                status = path.stat()
            except FileNotFoundError:
                continue
            if path.is_file():
                files[path] = (status.st_mtime_ns, status.st_size)
    return files


def error_page(problem: str) -> bytes:
    """The page served while the build fails: the problems, escaped, and how to go on."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>Build failed</title></head><body><main>"
        "<h1>The site could not be built</h1>"
        "<p>Fix the problems below and save: the preview rebuilds, then reload this page.</p>"
        f"<pre>{html.escape(problem)}</pre></main></body></html>\n"
    ).encode()


def rebuild(options: BuildOptions, state: PreviewState, say: Callable[[str], None]) -> None:
    started = time.perf_counter()
    try:
        build(options, say)
    except BuildError as exc:
        state.problem = str(exc)
        say(f"build failed:\n{exc}")
        return
    state.problem = None
    say(f"built with {options.engine} in {time.perf_counter() - started:.1f} s")


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        problem = self.state.problem
        path = self.path.split("?", 1)[0]
        if problem is not None and (path.endswith((".html", "/")) or "." not in path):
            body = error_page(problem)
            self.send_response(500)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows builds, not every request


def serve(options: BuildOptions, host: str, port: int, say: Callable[[str], None]) -> int:
    state = PreviewState()
    rebuild(options, state, say)
    options.site_dir.mkdir(parents=True, exist_ok=True)
    handler = partial(_Handler, directory=str(options.site_dir), state=state)
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(f"serving http://{host}:{port}/ (Ctrl+C stops)")
    watched = [options.project / name for name in WATCHED if name != "content"]
    watched.append(options.content)
    seen = snapshot(watched)
    try:
        while True:
            time.sleep(POLL_SECONDS)
            now = snapshot(watched)
            if now != seen:
                seen = now
                say("change seen: rebuilding")
                rebuild(options, state, say)
    except KeyboardInterrupt:
        return 0
    finally:
        server.shutdown()
