"""Addresses between the pages of the built site (relative, so they work from file://)."""

from __future__ import annotations


def relative(from_uri: str, to_uri: str) -> str:
    """``to_uri`` relative to the folder of ``from_uri`` (both relative to the site root).

    Pure string work: ``posixpath.relpath`` asks the operating system for the working directory
    on every call, and a large site makes hundreds of thousands of links.
    """
    from_folders = from_uri.split("/")[:-1]
    to_parts = to_uri.split("/")
    common = 0
    while (
        common < len(from_folders)
        and common < len(to_parts) - 1
        and from_folders[common] == to_parts[common]
    ):
        common += 1
    return "/".join([".."] * (len(from_folders) - common) + to_parts[common:])
