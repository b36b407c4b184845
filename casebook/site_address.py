"""The public address of the site, and whether an edition may carry it.

Citations, the feed, the open-data URLs and the PDF cover of an edition are built from the
site address, and a published edition is frozen: an edition must never be published with the
placeholder address that ``mkdocs.yml`` ships with, or with none. The address comes from
``CASEBOOK_SITE_URL`` when set, else from ``site_url`` in the configuration file (read without
the engine by ``casebook.engine_config.load_config``, ``!ENV [NAME, default]`` resolved as the
build resolves it, so an edition is checked against the address the build hands the engine).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from casebook.engine_config import ConfigError, load_config

SITE_URL_VARIABLE = "CASEBOOK_SITE_URL"
PLACEHOLDER_HOST = "casebook.example.org"
# Names reserved for documentation and testing (RFC 2606, RFC 6761): never a real site.
_RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
_RESERVED_SUFFIXES = (".example", ".invalid", ".test", ".localhost", ".local")


class SiteAddressError(Exception):
    """The site address cannot be used for an edition; the message names the setting."""


def configured_site_url(config_file: Path, environ: Mapping[str, str] | None = None) -> str:
    """``CASEBOOK_SITE_URL`` if set, else the configuration's ``site_url`` ("" when none)."""
    environ = os.environ if environ is None else environ
    if environ.get(SITE_URL_VARIABLE, "").strip():
        return environ[SITE_URL_VARIABLE].strip()
    for _ in range(10):  # a configuration may INHERIT another one (MkDocs' rule)
        try:
            config = load_config(config_file.read_text(encoding="utf-8"), other_tags_as_none=True)
        except (OSError, yaml.YAMLError, ConfigError) as exc:
            raise SiteAddressError(
                f"cannot read the site address from {config_file}: {exc}"
            ) from exc
        if not isinstance(config, dict):
            return ""
        if config.get("site_url") or not config.get("INHERIT"):
            return str(config.get("site_url") or "").strip()
        config_file = config_file.parent / str(config["INHERIT"])
    return ""


def check_site_address(site_url: str, config_file: Path) -> str:
    """``site_url`` ending in ``/`` if an edition may carry it; otherwise ``SiteAddressError``
    saying which setting to change."""
    fix = (
        f"set {SITE_URL_VARIABLE} (or site_url in {config_file.name}) to the address the site "
        f"is served from, e.g. {SITE_URL_VARIABLE}=https://<owner>.github.io/<repository>/"
    )
    if not site_url:
        raise SiteAddressError(f"the site address is not set: {fix}")
    parts = urlsplit(site_url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise SiteAddressError(f"the site address '{site_url}' is not a web address: {fix}")
    if host == PLACEHOLDER_HOST or _reserved(host):
        raise SiteAddressError(
            f"the site address is the placeholder {site_url}: an edition's citations, feed, "
            f"open-data addresses and PDF cover carry it for good; {fix}"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


def is_public_address(site_url: str) -> bool:
    """Whether ``site_url`` is a web address the site can be served from (not the placeholder,
    a reserved example domain or unset): what ``check_site_address`` accepts."""
    try:
        check_site_address(site_url, Path("mkdocs.yml"))
    except SiteAddressError:
        return False
    return True


def _reserved(host: str) -> bool:
    return (
        host == "localhost"
        or host.endswith(_RESERVED_SUFFIXES)
        or any(host == d or host.endswith("." + d) for d in _RESERVED_DOMAINS)
    )
