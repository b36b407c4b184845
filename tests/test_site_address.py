"""The site address an edition carries: read without the engine, refused while a placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.engine_config import read_site_config
from casebook.site_address import SiteAddressError, check_site_address, configured_site_url

CONFIG = Path("mkdocs.yml")


@pytest.mark.parametrize(
    ("site_url", "expected"),
    [
        ("https://dt-cases.github.io/casebook", "https://dt-cases.github.io/casebook/"),
        ("https://cases.itu.int/", "https://cases.itu.int/"),
        ("http://intranet.ministry.gov.ke/cases/", "http://intranet.ministry.gov.ke/cases/"),
    ],
)
def test_a_real_address_is_accepted_with_its_final_slash(site_url: str, expected: str) -> None:
    assert check_site_address(site_url, CONFIG) == expected


@pytest.mark.parametrize(
    ("site_url", "reason"),
    [
        ("", "the site address is not set"),
        ("https://casebook.example.org/", "the site address is the placeholder"),
        ("https://example.com/cases/", "the site address is the placeholder"),
        ("https://docs.example.net", "the site address is the placeholder"),
        ("http://localhost:8000/", "the site address is the placeholder"),
        ("https://casebook.test/", "the site address is the placeholder"),
        ("casebook.org", "is not a web address"),
        ("ftp://casebook.org/", "is not a web address"),
    ],
)
def test_placeholders_and_non_addresses_are_refused_naming_the_setting(
    site_url: str, reason: str
) -> None:
    with pytest.raises(SiteAddressError) as refused:
        check_site_address(site_url, CONFIG)
    assert reason in str(refused.value)
    assert "set CASEBOOK_SITE_URL (or site_url in mkdocs.yml)" in str(refused.value)


def test_the_environment_wins_over_the_configuration(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: https://from-config.org/\n", encoding="utf-8")
    assert configured_site_url(config, {"CASEBOOK_SITE_URL": "https://from-env.org/"}) == (
        "https://from-env.org/"
    )
    assert configured_site_url(config, {"CASEBOOK_SITE_URL": "  "}) == "https://from-config.org/"


def test_env_tags_and_inherited_configurations_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parent = tmp_path / "base.yml"
    parent.write_text(
        'site_url: !ENV [OTHER_URL, "https://casebook.example.org/"]\n'
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    child = tmp_path / "mkdocs.yml"
    child.write_text("INHERIT: base.yml\nsite_name: x\n", encoding="utf-8")
    monkeypatch.delenv("OTHER_URL", raising=False)
    assert configured_site_url(child, {}) == "https://casebook.example.org/"
    monkeypatch.setenv("OTHER_URL", "https://other.org/")
    assert configured_site_url(child, {}) == "https://other.org/"


@pytest.mark.parametrize("value", [None, "", "https://other.org/"])
def test_the_edition_check_reads_the_address_the_build_hands_the_engine(
    value: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One reader of mkdocs.yml (casebook.engine_config.load_config): a variable set but empty
    # is the empty address for both, not the default.
    config = tmp_path / "mkdocs.yml"
    config.write_text('site_url: !ENV [OTHER_URL, "https://casebook.example.org/"]\n', "utf-8")
    if value is None:
        monkeypatch.delenv("OTHER_URL", raising=False)
    else:
        monkeypatch.setenv("OTHER_URL", value)
    expected = value if value is not None else "https://casebook.example.org/"
    assert configured_site_url(config, {}) == read_site_config(config)["site_url"] == expected


def test_a_malformed_env_tag_is_a_site_address_error(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: !ENV {OTHER_URL: x}\n", encoding="utf-8")
    with pytest.raises(SiteAddressError, match=r"cannot read the site address .*!ENV needs"):
        configured_site_url(config, {})


def test_the_project_configuration_ships_the_placeholder() -> None:
    root = Path(__file__).resolve().parent.parent
    site_url = configured_site_url(root / "mkdocs.yml", {})
    with pytest.raises(SiteAddressError, match="placeholder"):
        check_site_address(site_url, root / "mkdocs.yml")
