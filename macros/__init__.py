"""mkdocs-macros module: registers the casebook blocks for trusted pages (render_macros: true).

Each macro is a plain function in ``casebook.pages.blocks``; this file only binds them to the
collection the casebook plugin loaded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from casebook.collection import Collection
from casebook.pages import blocks
from casebook.site.state import current_collection

MACROS = (
    "figures",
    "newest_cases",
    "course_list",
    "guideline_list",
    "summary_table",
    "outcomes_table",
    "outcomes_summary",
    "chart",
    "coverage",
)


def _bound(block: Callable[..., str], collection: Collection) -> Callable[..., str]:
    # A closure, not functools.partial: mkdocs-macros prints every macro into its debug log,
    # and a partial's text would include the whole collection (megabytes at 10,000 cases).
    @functools.wraps(block)
    def macro(*args: Any, **kwargs: Any) -> str:
        return block(collection, *args, **kwargs)

    return macro


def define_env(env: Any) -> None:
    collection = current_collection()
    for name in MACROS:
        env.macro(_bound(getattr(blocks, name), collection), name)
