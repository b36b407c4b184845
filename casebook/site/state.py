"""The collection of the current build, for the macros module (``macros/``).

``casebook build`` loads the collection once and hands it to the engine's process as a file
(``casebook.build.COLLECTION_VARIABLE``); the macros module reads it from there, once per
process (Zensical calls the module's ``define_env`` for every page it renders). Tests set it
directly.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from casebook.collection import Collection

COLLECTION_VARIABLE = "CASEBOOK_COLLECTION"
_current: Collection | None = None


def set_collection(collection: Collection) -> None:
    global _current
    _current = collection


def current_collection() -> Collection:
    global _current
    if _current is None:
        path = os.environ.get(COLLECTION_VARIABLE)
        if not path:
            raise RuntimeError("no collection: build the site with 'casebook build'")
        # Written by this build's own process just before it started the engine.
        _current = pickle.loads(Path(path).read_bytes())  # noqa: S301
    return _current
