"""Site pages as Markdown text, generated from the loaded collection.

This package decides what pages exist and what they say; it knows no engine. The pipeline
(``casebook.build``, ``casebook.docs_tree``) writes the pages for the engine. Contributed
values are escaped here, and contributed bodies arrive rendered and sanitised, never as
templates.
"""

from __future__ import annotations

from casebook.pages.markdown import GeneratedPage
from casebook.pages.site import site_pages

__all__ = ["GeneratedPage", "site_pages"]
