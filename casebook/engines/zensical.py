"""Zensical: ``zensical build`` on the docs tree, with the same mkdocs.yml settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from casebook.engines import Engine, EngineRun, program


def adapt(config: Mapping[str, Any], run: EngineRun) -> dict[str, Any]:
    adapted = dict(config)
    # Zensical turns its own search on unless told otherwise; the site has its own
    # (casebook.search), which the finishing step indexes for either engine.
    plugins = list(adapted.get("plugins", []))
    if not any("search" in entry for entry in plugins):
        plugins.append({"search": {"enabled": False}})
    adapted["plugins"] = plugins
    return adapted


# The MkDocs plugins Zensical reads from mkdocs.yml (zensical.config, 0.0.73); it leaves any
# other out without a word, and runs no plugin's Python code.
SUPPORTED_PLUGINS = frozenset(
    {
        "api-autonav", "autorefs", "awesome-nav", "blog", "callouts", "exclude",
        "gh-admonitions", "glightbox", "include-markdown", "literate-nav", "llmstxt", "macros",
        "mkdocs-nav-weight", "markdown-exec", "markdownextradata", "meta", "mike", "minify",
        "mkdocs-audio", "mkdocs-autoapi", "mkdocs-video", "mkdocstrings", "offline", "privacy",
        "redirects", "rss", "search", "social", "table-reader", "tags",
    }
)  # fmt: skip
_SEARCH_OPTIONS = frozenset({"enabled", "separator"})
# Of MkDocs' validation settings, Zensical checks links to missing pages and anchors only.
_VALIDATION_READ = frozenset({"links", "not_found", "anchors"})


def limitations(config: Mapping[str, Any], run: EngineRun) -> tuple[str, ...]:
    """What of mkdocs.yml Zensical does not do, said in the build output."""
    notes = []
    for entry in config.get("plugins", []):
        for name, options in entry.items():
            plain = name.removeprefix("material/").split("/")[0]
            if plain not in SUPPORTED_PLUGINS:
                notes.append(f"plugin '{name}' is not run: Zensical runs no MkDocs plugin code")
            elif plain == "search":
                ignored = sorted(
                    key
                    for key, value in options.items()
                    if key not in _SEARCH_OPTIONS
                    and not (key == "lang" and value in ("en", ["en"]))
                )
                if ignored:
                    notes.append(f"search options not read: {', '.join(ignored)}")
    validation = config.get("validation")
    if isinstance(validation, dict):
        unread = sorted(set(validation) - _VALIDATION_READ)
        if unread:
            notes.append(
                f"validation settings not read: {', '.join(unread)} (Zensical checks links to "
                "missing pages and anchors only)"
            )
    if (config.get("theme") or {}).get("custom_dir"):
        notes.append("theme overrides (custom_dir) are rendered by Zensical's template engine")
    return tuple(notes)


def command(config_file: Path, run: EngineRun) -> list[str]:
    return [program("zensical"), "build", "--config-file", str(config_file)] + (
        ["--strict"] if run.strict else []
    )


_PROGRESS = ("Build started", "Build finished in", "No issues found")
# Its command line ends a failed build with a Python traceback; the last line says why.
_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):\n(?:[ \t].*\n)*", re.MULTILINE)


# It draws its problems in terminal colours, whatever NO_COLOR says: plain text in the log.
_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def tidy(output: str) -> str:
    return _COLOUR.sub("", _TRACEBACK.sub("", output))


def chatter(line: str) -> bool:
    return not line.strip() or line.startswith(_PROGRESS)


ENGINE = Engine(
    "zensical",
    adapt,
    command,
    limitations,
    chatter=chatter,
    tidy=tidy,
    program="zensical",
    entry="zensical.main:cli",
)
