"""mkdocs-macros module: registers the casebook blocks for trusted pages (render_macros: true).

Each macro is a plain function in ``casebook.pages.blocks``; this file only binds them to the
collection the casebook plugin loaded.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from casebook.pages import blocks
from casebook.site.state import current_collection

MACROS = (
    "figures",
    "newest_cases",
    "course_list",
    "guideline_list",
    "summary_table",
    "outcomes_table",
    "chart",
    "coverage",
)


def define_env(env: Any) -> None:
    collection = current_collection()
    for name in MACROS:
        env.macro(partial(getattr(blocks, name), collection), name)
