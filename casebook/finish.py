"""Finishing the engine's output: what must not pass through Markdown or the search index.

A generated page's parts that search does not index (``Slot.searchable``) reach the engine
as markers (``casebook.docs_tree``); here they go into the built pages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from casebook.docs_tree import TreePage, fill_fragments, has_marker


class FinishError(Exception):
    pass


def finish_site(site_dir: Path, pages: Iterable[TreePage]) -> None:
    """Put each page's fragments in place of its markers."""
    for page in pages:
        path = site_dir / page.output_uri
        try:
            built = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FinishError(f"the engine wrote no {page.output_uri}") from None
        if has_marker(built):
            path.write_text(fill_fragments(built, page.fragments), encoding="utf-8")
        elif page.fragments[0] not in built:
            # Neither markers nor this build's fragments: an engine cache served a page older
            # than its source. Never publish it half-old.
            raise FinishError(f"{page.output_uri} was not rebuilt: delete the docs tree and build")
