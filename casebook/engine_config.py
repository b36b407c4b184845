"""The engine's configuration, derived from ``mkdocs.yml`` (the file people edit).

``mkdocs.yml`` names the site, theme, nav, Markdown extensions and plugins; the pipeline
(``casebook.build``) points the engine at the docs tree it wrote and at the output folder, and
each engine adapter (``casebook.engines``) adapts the rest to what its engine reads. Reading
the file needs no engine: plain YAML with MkDocs' ``!ENV`` tag.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
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


class _SettingLoader(_Loader):
    """For reading a setting without the engine: any other tag (an extension's
    ``!!python/name:``, which only the engine can resolve) is read as nothing."""


def _other_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_SettingLoader.add_multi_constructor("!", _other_tag)
_SettingLoader.add_multi_constructor("tag:yaml.org,2002:python/", _other_tag)


def load_config(text: str, *, other_tags_as_none: bool = False) -> Any:
    """``mkdocs.yml``'s text as the engine reads it, ``!ENV`` resolved; ``other_tags_as_none``
    for reading one setting from a file whose other tags only the engine knows. Raises
    ``yaml.YAMLError``, or ``ConfigError`` for a malformed ``!ENV``."""
    return yaml.load(text, Loader=_SettingLoader if other_tags_as_none else _Loader)


def read_site_config(path: Path) -> dict[str, Any]:
    try:
        loaded = load_config(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}:{line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}): save the file "
            "as UTF-8"
        ) from exc
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
    engine shares. ``site_url`` overrides the configured address (mike's versioned URL; "" for none).
    Outside a ``versioned`` (mike) build the version selector is left out: it would ask for a
    ``versions.json`` that only a versioned deployment has."""
    config = {key: value for key, value in site.items() if key not in PIPELINE_KEYS}
    if not versioned and isinstance(config.get("extra"), dict) and "version" in config["extra"]:
        config["extra"] = {k: v for k, v in config["extra"].items() if k != "version"}
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    if site_url is not None:
        config["site_url"] = site_url or None  # "": the site has no address yet
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


# What mkdocs.yml says to readers, translated per language (``casebook.i18n``; extracted for
# translators by ``extract_site_strings``).
_TRANSLATED_KEYS = ("site_name", "site_description", "copyright")


def language_config(site: Mapping[str, Any], tag: str, tags: tuple[str, ...]) -> dict[str, Any]:
    """``site`` for the pages of ``tag``: the theme's language and direction (its own words
    and layout, right to left for Arabic), the site's name and nav in that language, and the
    theme's language selector listing ``tags`` (``casebook.page_languages`` points its links
    at the page being read)."""
    from casebook.i18n import _, language_name, text_direction

    config = dict(site)
    for key in _TRANSLATED_KEYS:
        if isinstance(config.get(key), str):
            config[key] = _(config[key])
    theme = dict(config.get("theme") or {})
    theme["language"] = tag
    theme["direction"] = text_direction(tag)
    config["theme"] = theme
    if isinstance(config.get("nav"), list):
        config["nav"] = [_nav_entry(entry, _) for entry in config["nav"]]
    if isinstance(config.get("markdown_extensions"), list):
        config["markdown_extensions"] = [
            _permalink_title(entry, _("Permanent link")) for entry in config["markdown_extensions"]
        ]
    extra = dict(config.get("extra") or {})
    if len(tags) > 1:
        extra["alternate"] = [
            {"name": language_name(other), "link": "index.html", "lang": other} for other in tags
        ]
    config["extra"] = extra
    return config


def _permalink_title(entry: Any, title: str) -> Any:
    """The ``toc`` extension's heading link titled in the language (Python-Markdown's
    ``permalink_title``; English by default)."""
    if isinstance(entry, dict) and isinstance(entry.get("toc"), dict):
        return {**entry, "toc": {**entry["toc"], "permalink_title": title}}
    return entry


def _nav_entry(entry: Any, translate: Any) -> Any:
    if isinstance(entry, dict):
        return {
            translate(str(title)): _nav_entry(target, translate) for title, target in entry.items()
        }
    if isinstance(entry, list):
        return [_nav_entry(item, translate) for item in entry]
    return entry


def extract_site_strings(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extraction method for mkdocs.yml (``locales/babel.cfg``): the site's name,
    description, footer and nav titles, for ``make translations``."""
    loaded = load_config(fileobj.read().decode("utf-8"))
    if not isinstance(loaded, dict):
        return
    for key in _TRANSLATED_KEYS:
        if isinstance(loaded.get(key), str):
            yield 1, None, loaded[key], [f"mkdocs.yml {key}"]
    yield from _nav_titles(loaded.get("nav"))


def _nav_titles(entry: Any) -> Iterator[tuple[int, str | None, str, list[str]]]:
    if isinstance(entry, dict):
        for title, target in entry.items():
            yield 1, None, str(title), ["mkdocs.yml nav"]
            yield from _nav_titles(target)
    elif isinstance(entry, list):
        for item in entry:
            yield from _nav_titles(item)
