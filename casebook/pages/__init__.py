"""Site pages as Markdown text, generated from the loaded collection.

This package decides what pages exist and what they say; it knows nothing of MkDocs. The site
layer (``casebook.site``) hands the pages to the engine. Contributed values are escaped here,
and contributed bodies are copied in as Markdown, never as templates.
"""

from __future__ import annotations

from casebook.pages.markdown import GeneratedPage
from casebook.pages.site import site_pages

__all__ = ["GeneratedPage", "site_pages"]
