"""The source repository: one setting (extra.repository, CASEBOOK_REPOSITORY) that every link
to it comes from, and that publishing refuses while it is the placeholder."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from builds import build_site

from casebook.repository_address import (
    PLACEHOLDER_REPOSITORY,
    RepositoryAddressError,
    apply_repository,
    check_repository,
    configured_repository,
    issue_form_url,
    with_footer_links,
)

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
REAL = "https://github.com/dt-cases/casebook"


@pytest.mark.parametrize(
    ("extra", "environ", "expected"),
    [
        ({"repository": REAL + "/"}, {}, REAL),
        (
            {"repository": REAL},
            {"CASEBOOK_REPOSITORY": "https://github.com/o/r"},
            "https://github.com/o/r",
        ),
        ({"repository": REAL}, {"CASEBOOK_REPOSITORY": "  "}, REAL),  # blank: not set
    ],
)
def test_the_variable_overrides_the_configuration(
    extra: dict[str, str], environ: dict[str, str], expected: str
) -> None:
    assert configured_repository({"extra": extra}, "mkdocs.yml", environ) == expected


@pytest.mark.parametrize(
    ("site", "message"),
    [
        ({}, "the source repository is not set: set CASEBOOK_REPOSITORY (or extra.repository "),
        (
            {"extra": {"repository": "https://gitlab.com/o/r"}},
            "the source repository 'https://gitlab.com/o/r' is not a GitHub repository address",
        ),
        (
            {"extra": {"repository": "javascript:alert(1)"}},
            "is not a GitHub repository address",
        ),
    ],
)
def test_a_missing_or_foreign_repository_names_the_setting(
    site: dict[str, object], message: str
) -> None:
    with pytest.raises(RepositoryAddressError, match=re.escape(message)):
        configured_repository(site, "mkdocs.yml", {})


def test_only_publishing_refuses_the_placeholder() -> None:
    assert configured_repository({"extra": {"repository": PLACEHOLDER_REPOSITORY}}, environ={})
    assert check_repository(REAL) == REAL
    for address in (PLACEHOLDER_REPOSITORY, PLACEHOLDER_REPOSITORY.upper() + "/"):
        with pytest.raises(
            RepositoryAddressError, match=re.escape("extra.repository in mkdocs.yml")
        ):
            check_repository(address)


def test_the_shipped_configuration_names_the_placeholder_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casebook.engine_config import read_site_config

    monkeypatch.delenv("CASEBOOK_REPOSITORY", raising=False)
    assert configured_repository(read_site_config(ROOT / "mkdocs.yml")) == PLACEHOLDER_REPOSITORY
    for path in (ROOT / "mkdocs.yml", *(ROOT / "content").rglob("*.y*ml")):
        text = path.read_text(encoding="utf-8")
        assert text.count("github.com/casebook-collection") == (path.name == "mkdocs.yml"), path
    monkeypatch.setenv("CASEBOOK_REPOSITORY", REAL)
    assert configured_repository(read_site_config(ROOT / "mkdocs.yml")) == REAL


def test_the_footer_links_are_made_from_the_setting() -> None:
    from casebook.i18n import activate

    site: dict[str, object] = {"copyright": "Texts: CC BY 4.0.", "extra": {"repository": "x"}}
    assert apply_repository(site, environ={"CASEBOOK_REPOSITORY": REAL}) == REAL
    assert site["extra"] == {"repository": REAL}
    assert with_footer_links(dict(site))["copyright"] == (
        f'Texts: CC BY 4.0. <a href="{REAL}/issues/new?template=submit-a-case.yml">Submit a '
        f'case</a> · <a href="{REAL}/blob/main/CONTRIBUTING.md">How to contribute</a> · '
        f'<a href="{REAL}">Source code</a>'
    )
    # In another language the words are translated; the addresses are the setting's, never
    # a translator's copy of them.
    with activate("fr"):
        french = str(with_footer_links(dict(site))["copyright"])
    assert f'<a href="{REAL}/issues/new?template=submit-a-case.yml">Proposer un cas</a>' in french
    assert f'<a href="{REAL}">Code source</a>' in french
    assert issue_form_url(REAL, {"sectors": "tourism", "title": "[Case] A & B"}) == (
        f"{REAL}/issues/new?template=submit-a-case.yml&sectors=tourism&title=%5BCase%5D+A+%26+B"
    )


@pytest.fixture(scope="module")
def site_with_a_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("repository")
    content = base / "content"
    shutil.copytree(MINI, content)
    # Open whenever the test runs, so its page has its links.
    (content / "call-for-cases.yml").write_text(
        "title: Call for cases\nopens: 2020-01-01\ncloses: 2099-12-31\n", encoding="utf-8"
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CASEBOOK_REPOSITORY", "https://github.com/other-org/cases/")
        result = build_site(content, base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


def test_every_link_to_the_repository_comes_from_the_setting(site_with_a_repository: Path) -> None:
    links: dict[str, list[str]] = {}
    for page in site_with_a_repository.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "casebook-collection" not in html, page
        found = [unescape(h) for h in re.findall(r'href="(https://github\.com/[^"]*)"', html)]
        links[page.relative_to(site_with_a_repository).as_posix()] = found
    assert all(
        link.startswith("https://github.com/other-org/cases")
        for found in links.values()
        for link in found
    )
    # The footer of every page, the home page's buttons, the call's pre-filled links.
    footer = "https://github.com/other-org/cases/issues/new?template=submit-a-case.yml"
    assert all(footer in found for found in links.values())
    assert links["index.html"].count(footer) == 2  # the footer and "Submit a case"
    call = [link for link in links["call-for-cases.html"] if "&title=" in link]
    assert call and all(
        link.startswith("https://github.com/other-org/cases/issues/new?template=submit-a-case.yml&")
        for link in call
    )
