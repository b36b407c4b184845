"""The collection loaded for the current build, shared by the plugin and the macros module.

MkDocs loads plugins and the macros module separately; both read the one collection the
plugin loaded in ``on_config`` instead of reading the tree twice.
"""

from __future__ import annotations

from casebook.collection import Collection

_current: Collection | None = None


def set_collection(collection: Collection) -> None:
    global _current
    _current = collection


def current_collection() -> Collection:
    if _current is None:
        raise RuntimeError("the casebook plugin must be listed before macros in mkdocs.yml")
    return _current
