"""The engine's configuration, derived from ``mkdocs.yml`` (the file people edit).

``mkdocs.yml`` names the site, theme, nav, Markdown extensions and plugins; the pipeline
(``casebook.build``) points the engine at the docs tree it wrote and at the output folder, and
each engine adapter (``casebook.engines``) adapts the rest to what its engine reads. Reading
the file needs no engine: plain YAML with MkDocs' ``!ENV`` tag.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

# Keys the pipeline owns: where the engine reads and writes, and what the preview watches.
PIPELINE_KEYS = ("docs_dir", "site_dir", "watch")


class ConfigError(Exception):
    """mkdocs.yml cannot be read or lacks what the pipeline needs."""


class _Loader(yaml.SafeLoader):
    pass


def _environment(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    """MkDocs' ``!ENV [NAME, ..., default]`` (or ``!ENV NAME``): the first variable set, else
    the default read as YAML (as MkDocs does: ``false`` is a boolean)."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode) and node.value:
        items = [loader.construct_scalar(item) for item in node.value]
        names, default = items[:-1] or items, items[-1] if len(items) > 1 else None
    else:
        raise ConfigError(f"!ENV needs a name or a list, line {node.start_mark.line + 1}")
    for name in names:
        value = os.environ.get(str(name))
        if value is not None:
            return yaml.safe_load(value) if value else value
    return yaml.safe_load(str(default)) if default is not None else None


_Loader.add_constructor("!ENV", _environment)


def read_site_config(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if not isinstance(loaded, dict):
        raise ConfigError(f"{path}: not a mapping")
    return loaded


def plugin_entries(config: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``plugins:`` as (name, options) pairs, in order, whichever YAML form it is written in."""
    plugins = config.get("plugins") or []
    items = plugins.items() if isinstance(plugins, dict) else plugins
    entries: list[tuple[str, dict[str, Any]]] = []
    for item in items:
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, tuple):
            entries.append((str(item[0]), dict(item[1] or {})))
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
            entries.append((str(name), dict(options or {})))
        else:
            raise ConfigError(f"plugins: cannot read entry {item!r}")
    return entries


def engine_config(
    site: Mapping[str, Any],
    docs_dir: Path,
    site_dir: Path,
    *,
    site_url: str | None = None,
    versioned: bool = False,
) -> dict[str, Any]:
    """``site`` (mkdocs.yml, read) pointed at the docs tree and output folder: the part every
    engine shares. ``site_url`` overrides the configured address (mike's versioned URL).
    Outside a ``versioned`` (mike) build the version selector is left out: it would ask for a
    ``versions.json`` that only a versioned deployment has."""
    config = {key: value for key, value in site.items() if key not in PIPELINE_KEYS}
    if not versioned and isinstance(config.get("extra"), dict) and "version" in config["extra"]:
        config["extra"] = {k: v for k, v in config["extra"].items() if k != "version"}
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if site_url is not None:
        config["site_url"] = site_url
    config["plugins"] = [
        {name: _importable_macros(options) if name == "macros" else options}
        for name, options in plugin_entries(site)
    ]
    return config


def _importable_macros(options: Mapping[str, Any]) -> dict[str, Any]:
    """The macros module named by import (``modules``) rather than as a file beside the
    configuration (``module_name``): the engine's configuration is written next to the docs
    tree, and the build puts the project folder on the engine's ``PYTHONPATH``."""
    adapted = {key: value for key, value in options.items() if key != "module_name"}
    if "module_name" in options:
        adapted["modules"] = [*options.get("modules", []), options["module_name"]]
    return adapted


def option(site: Mapping[str, Any], plugin: str, name: str, default: Any = None) -> Any:
    """A plugin's option in mkdocs.yml (``default`` if the plugin or option is absent)."""
    for entry, options in plugin_entries(site):
        if entry == plugin:
            return options.get(name, default)
    return default
