"""What every built page of one language says about languages: its ``<html lang>``, a language
switcher that leads to the same page in each language, and whether its text is translated.

The theme draws the switcher (Material's and Zensical's language selector, ``extra.alternate``),
but it links every language's home page; here each link is pointed at the same page in that
language, relative, so it works from ``file://`` as well. Every page exists in every language
(``casebook.localized``), so the link always leads somewhere. The page's ``<article>`` carries
``data-translation-status`` (``current``, ``fallback`` or ``outdated``); a fallback or outdated
page opens with a notice, in its own language, that links the original.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from casebook.i18n import _, locale, text_direction
from casebook.translations import CURRENT, FALLBACK, OUTDATED

STATUS_ATTRIBUTE = "data-translation-status"

_SWITCH_LINK = re.compile(
    r'<a href="[^"]*" hreflang="([^"]+)" class="md-select__link"(?: lang="[^"]*")?'
    r'(?: aria-current="true")?>'
)
_HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="([^"]+)">')
_HTML_LANG = re.compile(r'<html lang="[^"]*"(?: dir="[a-z]*")?')
_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"')
_OLD_STATUS = re.compile(rf' {STATUS_ATTRIBUTE}="[a-z]*"')


@dataclass(frozen=True)
class PageLanguages:
    """The languages of one build's pages: ``lang`` (the one being built) among ``tags``."""

    lang: str
    default: str
    tags: tuple[str, ...]
    # output URI ("cases/x.html") -> CURRENT, FALLBACK or OUTDATED; a page not listed is
    # written by the site in the language itself: current.
    statuses: Mapping[str, str] = field(default_factory=dict)

    def folder(self, tag: str) -> str:
        """Where ``tag``'s pages live, relative to the site root."""
        return "" if tag == self.default else f"{tag}/"

    def status(self, uri: str) -> str:
        return self.statuses.get(uri, CURRENT)

    def href(self, uri: str, tag: str) -> str:
        """From this language's page ``uri`` to the same page in ``tag``."""
        up = "../" * (uri.count("/") + (self.lang != self.default))
        return up + self.folder(tag) + uri

    def notice(self, uri: str) -> str:
        """The notice a fallback or outdated page opens with (HTML), else ""."""
        status = self.status(uri)
        if status not in (FALLBACK, OUTDATED):
            return ""
        original = html.escape(self.href(uri, self.default))
        language = html.escape(locale().languages.get(self.default, self.default))
        if status == FALLBACK:
            title = _("Not yet translated")
            text = _("This page has not been translated yet: it shows the original, in {language}.")
        else:
            title = _("Translation out of date")
            text = _(
                "The original of this page has changed since it was translated: this "
                "translation may no longer say the same."
            )
        link = _("Read the original")
        return (
            f'<div class="admonition info casebook-translation-notice" data-search-exclude>'
            f'<p class="admonition-title">{html.escape(title)}</p>'
            f"<p>{html.escape(text.format(language=language))} "
            f'<a href="{original}" hreflang="{html.escape(self.default)}">{html.escape(link)}</a>'
            f"</p></div>"
        )

    def finish(self, page: str, uri: str) -> str:
        """``page`` (built HTML at ``uri``) with its language, switcher links and status."""
        page = _HTML_LANG.sub(
            f'<html lang="{html.escape(self.lang)}" dir="{text_direction(self.lang)}"',
            page,
            count=1,
        )

        def switch(link: re.Match[str]) -> str:
            tag = html.unescape(link.group(1))
            current = ' aria-current="true"' if tag == self.lang else ""
            return (
                f'<a href="{html.escape(self.href(uri, tag))}" hreflang="{link.group(1)}" '
                f'class="md-select__link" lang="{link.group(1)}"{current}>'
            )

        def alternate(link: re.Match[str]) -> str:
            tag = html.unescape(link.group(1))
            return (
                f'<link rel="alternate" href="{html.escape(self.href(uri, tag))}" '
                f'hreflang="{link.group(1)}">'
            )

        page = _SWITCH_LINK.sub(switch, page)
        page = _HEAD_ALTERNATE.sub(alternate, page)
        article = _ARTICLE.search(page)
        if article is not None:
            # An engine's cache may keep a page finished by an earlier build: its status is
            # replaced, never doubled.
            after = _OLD_STATUS.match(page, article.end())
            end = after.end() if after else article.end()
            status = f' {STATUS_ATTRIBUTE}="{self.status(uri)}"'
            page = page[: article.end()] + status + page[end:]
        return page
