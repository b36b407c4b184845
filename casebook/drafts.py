"""How drafts look where a preview build shows them.

A preview build (``include_drafts`` in ``casebook.pages.site_pages``) gives drafts pages; each
says so in a banner on its page and with a badge in every listing, so a reviewer never mistakes
one for published content. Drafts never reach the open data, feeds, editions or offline copies:
those read ``Collection.published_*`` only.
"""

from __future__ import annotations

from casebook.i18n import _


def draft_label() -> str:
    """``Draft — not published``, in the language being built."""
    return _("Draft — not published")


def draft_banner() -> str:
    """The banner at the top of a draft's page."""
    return (
        '<div class="admonition warning casebook-draft" role="note">\n'
        f'<p class="admonition-title">{draft_label()}</p>\n'
        "<p>"
        + _(
            "This page is a preview of a draft. It is not part of the published collection: "
            "not in the open data, the feed, the editions or the offline copies."
        )
        + "</p>\n</div>"
    )


def draft_badge(published: bool) -> str:
    """The mark after a draft's entry in a listing (a space and the badge), or nothing."""
    if published:
        return ""
    return f' <strong class="casebook-draft-badge">{draft_label()}</strong>'
