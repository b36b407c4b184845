"""The collection loaded for the current build, shared by the plugin and the macros module.

MkDocs loads plugins and the macros module separately; both read the one collection the
plugin loaded in ``on_config`` instead of reading the tree twice, and whether this build is a
preview (drafts included, and the files a pull request changes).
"""

from __future__ import annotations

from dataclasses import dataclass

from casebook.collection import Collection
from casebook.pages.edition_pages import EditionsView


@dataclass(frozen=True)
class Preview:
    include_drafts: bool = False
    changed_files: tuple[str, ...] = ()


_current: Collection | None = None
_preview = Preview()
_editions: EditionsView | None = None


def set_collection(
    collection: Collection, preview: Preview | None = None, editions: EditionsView | None = None
) -> None:
    global _current, _preview, _editions
    _current = collection
    _preview = preview or Preview()
    _editions = editions


def current_collection() -> Collection:
    if _current is None:
        raise RuntimeError("the casebook plugin must be listed before macros in mkdocs.yml")
    return _current


def current_preview() -> Preview:
    return _preview


def current_editions() -> EditionsView | None:
    return _editions
