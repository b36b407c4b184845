"""mkdocs-macros module: registers the casebook blocks for trusted pages (render_macros: true).

Each macro is a plain function in ``casebook.pages.blocks``; this file only binds them to the
collection that ``casebook build`` loaded (``casebook.site.state``). Both engines load it
(MkDocs' mkdocs-macros, Zensical's ``macros`` extension, which calls ``define_env`` again for
each page it renders).
"""

from __future__ import annotations

import functools
import html
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casebook import i18n
from casebook.collection import Collection
from casebook.i18n import _
from casebook.pages import blocks
from casebook.site.state import (
    LANGUAGE_VARIABLE,
    current_collection,
    current_editions,
    current_preview,
)

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
    "assessment_list",
    "call_for_cases_link",
)


def _bound(block: Callable[..., str], collection: Collection) -> Callable[..., str]:
    # A closure, not functools.partial: mkdocs-macros prints every macro into its debug log,
    # and a partial's text would include the whole collection (megabytes at 10,000 cases).
    @functools.wraps(block)
    def macro(*args: Any, **kwargs: Any) -> str:
        return block(collection, *args, **kwargs)

    return macro


def download_link() -> str:
    """A link to the offline bundles where this build has them: the Download page of an
    offline build (written after the build, so a plain HTML link), or an edition's page."""
    if os.environ.get("CASEBOOK_OFFLINE", "").lower() in ("1", "true", "yes"):
        target = "download.html"
    elif os.environ.get("CASEBOOK_EDITION"):
        target = "edition.html"
    else:
        return ""
    label = html.escape(_("Download for offline use"))
    return f'<p><a class="md-button" href="{target}">{label}</a></p>\n'


def define_env(env: Any) -> None:
    # The language this engine process builds: every block speaks it.
    i18n.use(os.environ.get(LANGUAGE_VARIABLE) or i18n.SOURCE_LANGUAGE)
    collection = current_collection()
    preview = current_preview()
    for name in MACROS:
        env.macro(_bound(getattr(blocks, name), collection), name)
    # Lists of pages show drafts in a preview build, marked as drafts.
    for name in ("course_list", "guideline_list", "assessment_list"):
        block = functools.partial(getattr(blocks, name), include_drafts=preview.include_drafts)
        env.macro(_bound(block, collection), name)
    notice = functools.partial(
        blocks.preview_notice,
        include_drafts=preview.include_drafts,
        changed_files=preview.changed_files,
    )
    env.macro(_bound(notice, collection), "preview_notice")
    env.macro(functools.partial(blocks.latest_edition, current_editions()), "latest_edition")
    env.macro(download_link)
    # The summary CSV is the editor's file, named relative to the pages folder.
    docs = Path(env.conf["docs_dir"])
    env.macro(lambda path: blocks.survey_summary(collection, docs / path), "survey_summary")
    repository = str((env.conf.get("extra") or {}).get("repository", ""))
    env.macro(lambda: blocks.contribute_links(repository), "contribute_links")
