"""``casebook serve``: build, serve the output, rebuild when a source changes.

Whichever engine builds, the preview is the pipeline's own: a change under ``content/``,
``pages/``, ``schemas/``, ``macros/`` or ``mkdocs.yml`` runs ``casebook.build`` again. While
the content does not validate (or the build fails), the terminal shows the problems and every
page the browser asks for is a page that lists them, so the browser never seems to hang.

Live reload: every HTML page the preview serves gets one ``<script src>`` (the built files on
disk never hold it, so no published site, bundle or edition can), which asks the server every
second which build is current and reloads the page after a rebuild, a failed one included.
It is a script file from the site's own origin, which the pages' Content-Security-Policy
allows, and it learns the build by loading a tiny script, not by ``fetch``: the same way the
site's own data reaches its pages. Nothing depends on the engine.
"""

from __future__ import annotations

import html
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from casebook.build import BuildError, BuildOptions, build

WATCHED = ("content", "pages", "schemas", "macros", "mkdocs.yml")
POLL_SECONDS = 0.5
# Served by the preview alone, at the root of its address (it serves the site at "/").
PREVIEW_PATH = "/__casebook/"
RELOAD_SCRIPT_URL = PREVIEW_PATH + "live-reload.js"
BUILD_SCRIPT_URL = PREVIEW_PATH + "build.js"
RELOAD_SCRIPT = Path(__file__).resolve().parent / "site" / "preview" / "live-reload.js"


@dataclass
class PreviewState:
    """The last build's failure (None when the served site is current) and how many builds
    have finished, failed ones included (the pages' live reload compares it)."""

    problem: str | None = None
    generation: int = 0


def reload_hook(generation: int) -> str:
    """The script element the preview adds to each page it serves from build ``generation``."""
    return (
        f'<script src="{RELOAD_SCRIPT_URL}" data-build="{generation}" '
        f'data-poll="{BUILD_SCRIPT_URL}"></script>'
    )


def with_reload_hook(page: bytes, generation: int) -> bytes:
    """``page`` with the live-reload script at the end of its body."""
    hook = reload_hook(generation).encode()
    at = page.rfind(b"</body>")
    return page[:at] + hook + page[at:] if at != -1 else page + hook


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
        "<p>Fix the problems below and save: the preview rebuilds and this page reloads.</p>"
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
    else:
        state.problem = None
        say(f"built with {options.engine} in {time.perf_counter() - started:.1f} s")
    finally:
        state.generation += 1  # open pages reload, to the new site or to the problems


_HTML = "text/html; charset=utf-8"


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        problem, generation = self.state.problem, self.state.generation
        path = urllib.parse.unquote(self.path.split("?", 1)[0].split("#", 1)[0])
        if path == RELOAD_SCRIPT_URL:
            self._send(200, "text/javascript; charset=utf-8", RELOAD_SCRIPT.read_bytes())
        elif path == BUILD_SCRIPT_URL:
            answer = f"casebookPreviewBuild({generation});\n".encode()
            self._send(200, "text/javascript; charset=utf-8", answer)
        elif problem is not None and (path.endswith((".html", "/")) or "." not in path):
            self._send(500, _HTML, with_reload_hook(error_page(problem), generation))
        elif (page := self._html_file(path)) is not None:
            self._send(200, _HTML, with_reload_hook(page.read_bytes(), generation))
        else:
            super().do_GET()

    def _html_file(self, path: str) -> Path | None:
        """The HTML file a request for ``path`` is answered with, if it is one."""
        file = Path(self.translate_path(path))
        if file.is_dir():
            if not path.endswith("/"):
                return None  # the base class redirects to the folder's address
            file = file / "index.html"
        return file if file.suffix == ".html" and file.is_file() else None

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

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
