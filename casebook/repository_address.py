"""The source repository's address: one setting, every link made from it.

The site links its source repository in the footer ("Submit a case", "How to contribute",
"Source code"), on the home and about pages, and in every "Submit a case about this" link of
the call for cases (each opens the repository's issue form, pre-filled). All of them come from
``extra.repository`` in ``mkdocs.yml``, which ``CASEBOOK_REPOSITORY`` overrides, as
``CASEBOOK_SITE_URL`` overrides ``site_url``. ``mkdocs.yml`` ships with a placeholder: a site
may be built with it, but never published (``casebook.publishing``), since a published site
would send contributors to a repository that is not the project's.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, MutableMapping
from html import escape
from typing import Any
from urllib.parse import urlencode

REPOSITORY_VARIABLE = "CASEBOOK_REPOSITORY"
SETTING = "extra.repository"
PLACEHOLDER_REPOSITORY = "https://github.com/casebook-collection/casebook"
ISSUE_FORM = "submit-a-case.yml"  # .github/ISSUE_TEMPLATE/
_GITHUB_REPOSITORY = re.compile(r"^https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


class RepositoryAddressError(Exception):
    """The repository address is missing, malformed or the placeholder; the message names the
    setting to change."""


def _fix(config_name: str) -> str:
    return (
        f"set {REPOSITORY_VARIABLE} (or {SETTING} in {config_name}) to the project's GitHub "
        f"repository, e.g. {REPOSITORY_VARIABLE}=https://github.com/<owner>/<name>"
    )


def configured_repository(
    site: Mapping[str, Any],
    config_name: str = "mkdocs.yml",
    environ: Mapping[str, str] | None = None,
) -> str:
    """``CASEBOOK_REPOSITORY`` if set, else ``extra.repository`` of the configuration (read),
    without a trailing slash; ``RepositoryAddressError`` unless it is a GitHub repository's
    address (the placeholder is allowed here: builds may carry it, publishing may not)."""
    environ = os.environ if environ is None else environ
    extra = site.get("extra")
    configured = extra.get("repository") if isinstance(extra, Mapping) else None
    address = (environ.get(REPOSITORY_VARIABLE, "").strip() or str(configured or "")).strip()
    if not address:
        raise RepositoryAddressError(f"the source repository is not set: {_fix(config_name)}")
    address = address.rstrip("/")
    if not _GITHUB_REPOSITORY.match(address):
        raise RepositoryAddressError(
            f"the source repository '{address}' is not a GitHub repository address: "
            + _fix(config_name)
        )
    return address


def check_repository(address: str, config_name: str = "mkdocs.yml") -> str:
    """``address`` if a published site may link it; ``RepositoryAddressError`` for the
    placeholder."""
    if address.rstrip("/").lower() == PLACEHOLDER_REPOSITORY:
        raise RepositoryAddressError(
            f"the source repository is the placeholder {PLACEHOLDER_REPOSITORY}: the site's "
            '"Submit a case" links, footer and call for cases would send contributors there; '
            + _fix(config_name)
        )
    return address


def apply_repository(
    site: MutableMapping[str, Any],
    config_name: str = "mkdocs.yml",
    environ: Mapping[str, str] | None = None,
) -> str:
    """Put the configured repository into ``site`` (the configuration the engine gets) as
    ``extra.repository``, where the footer, the macros and the call for cases read it."""
    address = configured_repository(site, config_name, environ)
    extra = site.get("extra")
    site["extra"] = {**(extra if isinstance(extra, Mapping) else {}), "repository": address}
    return address


def with_footer_links(config: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """``config`` (one language's, its ``copyright`` already translated) with the links to
    its ``extra.repository`` after the footer's text, in the active language: the footer's
    translation holds words only, never an address."""
    extra = config.get("extra")
    address = extra.get("repository") if isinstance(extra, Mapping) else None
    if address:
        licence = str(config.get("copyright") or "").strip()
        config["copyright"] = " ".join(filter(None, (licence, footer_links(str(address)))))
    return config


def issue_form_url(address: str, fields: Mapping[str, str] | None = None) -> str:
    """The repository's "Submit a case" issue form, with ``fields`` (field id or ``title`` ->
    value) filled in: GitHub issue forms take field values as URL query parameters."""
    return f"{address}/issues/new?{urlencode({'template': ISSUE_FORM, **(fields or {})})}"


def contributing_url(address: str) -> str:
    return f"{address}/blob/main/CONTRIBUTING.md"


def footer_links(address: str) -> str:
    """The footer's links (HTML): submit a case, how to contribute, the source code."""
    from casebook.i18n import _

    links = (
        (issue_form_url(address), _("Submit a case")),
        (contributing_url(address), _("How to contribute")),
        (address, _("Source code")),
    )
    return " · ".join(f'<a href="{escape(href)}">{escape(text)}</a>' for href, text in links)
