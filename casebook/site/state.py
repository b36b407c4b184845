"""The collection of the current build, for the macros module (``macros/``), and whether this
build is a preview (drafts included, and the files a pull request changes) and which editions
there are.

``casebook build`` loads the collection once and hands it, with the preview and the editions,
to the engine's process as a file (``COLLECTION_VARIABLE``); the macros module reads it from
there, once per process (Zensical calls the module's ``define_env`` for every page it
renders). Tests set it directly.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from casebook.collection import Collection
from casebook.pages.edition_pages import EditionsView


@dataclass(frozen=True)
class Preview:
    include_drafts: bool = False
    changed_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildState:
    """What ``casebook build`` hands the engine's process."""

    collection: Collection
    preview: Preview = Preview()
    editions: EditionsView | None = None


COLLECTION_VARIABLE = "CASEBOOK_COLLECTION"
# The language the engine's process builds (the macros speak it: casebook.i18n).
LANGUAGE_VARIABLE = "CASEBOOK_LANGUAGE"
_current: BuildState | None = None


def set_collection(
    collection: Collection, preview: Preview | None = None, editions: EditionsView | None = None
) -> None:
    global _current
    _current = BuildState(collection, preview or Preview(), editions)


def write_state(path: Path, state: BuildState) -> None:
    path.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))


def _state() -> BuildState:
    global _current
    if _current is None:
        path = os.environ.get(COLLECTION_VARIABLE)
        if not path:
            raise RuntimeError("no collection: build the site with 'casebook build'")
        # Written by this build's own process just before it started the engine.
        _current = pickle.loads(Path(path).read_bytes())  # noqa: S301
    return _current


def current_collection() -> Collection:
    return _state().collection


def current_preview() -> Preview:
    return _state().preview


def current_editions() -> EditionsView | None:
    return _state().editions
