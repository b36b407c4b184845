"""How drafts look where a preview build shows them.

A preview build (``include_drafts`` in ``casebook.pages.site_pages``) gives drafts pages; each
says so in a banner on its page and with a badge in every listing, so a reviewer never mistakes
one for published content. Drafts never reach the open data, feeds, editions or offline copies:
those read ``Collection.published_*`` only.
"""

from __future__ import annotations

DRAFT_LABEL = "Draft — not published"
DRAFT_BANNER = (
    '<div class="admonition warning casebook-draft" role="note">\n'
    f'<p class="admonition-title">{DRAFT_LABEL}</p>\n'
    "<p>This page is a preview of a draft. It is not part of the published collection: not in "
    "the open data, the feed, the editions or the offline copies.</p>\n"
    "</div>"
)
DRAFT_BADGE = f'<strong class="casebook-draft-badge">{DRAFT_LABEL}</strong>'


def draft_badge(published: bool) -> str:
    """The mark after a draft's entry in a listing (a space and the badge), or nothing."""
    return "" if published else " " + DRAFT_BADGE
