"""The casebook command: exact output and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.cli import main

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
ROOT = Path(__file__).resolve().parent.parent
CASE = "content/cases/kenya-solar-irrigation.md"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "content")
    os.chdir(tmp_path)
    return tmp_path


def break_case(project: Path) -> None:
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    text = text.replace("stage: scaling", "stage: scalling").replace(
        "countries: [KE]", "countries: [Kenya]"
    )
    path.write_text(text, encoding="utf-8")


def test_clean_tree(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out == "No problems found.\n"


def test_text_output_is_exact(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_case(project)
    assert main(["validate"]) == 1
    assert capsys.readouterr().out == (
        f"{CASE}:4: error[unknown-country] countries[0]: 'Kenya' is a country name: use the code KE\n"
        f"{CASE}:12: error[not-in-vocabulary] stage: the text 'scalling' is not a known stage: did you mean 'scaling'?\n"
        "2 errors, 0 warnings.\n"
    )


def test_a_web_address_without_scheme_gets_one_message_with_the_fix(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / CASE
    text = path.read_text(encoding="utf-8").replace(
        "https://example.org/solar", "example.org/solar"
    )
    path.write_text(text, encoding="utf-8")
    assert main(["validate"]) == 1
    assert capsys.readouterr().out == (
        f"{CASE}:22: error[url-scheme] sources[0].url: the text 'example.org/solar' has no scheme: "
        "add https:// at the start (https://example.org/solar)\n"
        "1 error, 0 warnings.\n"
    )


def test_common_words_are_mapped_to_vocabulary_terms(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "technologies: [iot, digital-payments]", "technologies: [iot, mobile money]"
    )
    text = text.replace("type: startup", "type: co-operative")
    path.write_text(text, encoding="utf-8")
    assert main(["validate"]) == 1
    assert capsys.readouterr().out == (
        f"{CASE}:7: error[not-in-vocabulary] organization.type: the text 'co-operative' is not a "
        "known organisation type: for co-operative, use 'cooperative'\n"
        f"{CASE}:9: error[not-in-vocabulary] technologies[1]: the text 'mobile money' is not a "
        "known technology: for mobile money, use 'digital-payments'\n"
        "2 errors, 0 warnings.\n"
    )


def test_github_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_case(project)
    assert main(["validate", "--format", "github"]) == 1
    out = capsys.readouterr()
    assert out.out.splitlines()[1] == (
        f"::error file={CASE},line=12::[not-in-vocabulary] stage: the text 'scalling' is not a known stage: "
        "did you mean 'scaling'?"
    )
    assert out.err == "2 errors, 0 warnings.\n"


def test_json_format(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    break_case(project)
    assert main(["validate", "--format", "json"]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["valid"] is False and payload["errors"] == 2
    assert [(p["code"], p["line"], p["field"]) for p in payload["problems"]] == [
        ("unknown-country", 4, "countries[0]"),
        ("not-in-vocabulary", 12, "stage"),
    ]


def test_paths_restrict_the_report_but_references_use_the_whole_tree(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_case(project)
    assert main(["validate", "content/courses/intro-course/01-why.md"]) == 0
    assert capsys.readouterr().out == "No problems found.\n"
    assert main(["validate", CASE]) == 1


def test_strict_turns_warnings_into_errors(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / CASE
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "sources:\n  - title: Fixture source\n    url: https://example.org/solar\n", ""
        ),
        encoding="utf-8",
    )
    assert main(["validate"]) == 0
    assert main(["validate", "--strict"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "0 errors, 1 warning."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["validate", "content/cases/nope.md"],
            "casebook: 'content/cases/nope.md' does not exist\n",
        ),
        (
            ["validate", "--content", "elsewhere"],
            "casebook: content folder 'elsewhere' not found: run from the project folder or pass --content\n",
        ),
    ],
)
def test_usage_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(args) == 2
    assert capsys.readouterr().err == message


def test_console_script_never_prints_a_traceback(project: Path) -> None:
    (project / "content" / "cases" / "bad.md").write_bytes(b"---\ntitle: \xff\n---\n")
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "content/cases/bad.md:2: error[not-utf8]" in result.stdout


@pytest.mark.parametrize(
    ("edition", "code", "error"),
    [
        ("2026", 0, ""),
        ("2099", 2, "casebook: edition '2099' is not in content/editions.yml (listed: 2026)\n"),
        (
            "$(shell touch pwned)",
            2,
            "casebook: edition '$(shell touch pwned)' is not in content/editions.yml (listed: 2026)\n",
        ),
    ],
)
def test_edition_check_lets_only_a_listed_edition_through(
    edition: str,
    code: int,
    error: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A real site address: the check also refuses the placeholder (test_editions.py).
    monkeypatch.setenv("CASEBOOK_SITE_URL", "https://dt-cases.github.io/casebook/")
    monkeypatch.setenv("CASEBOOK_REPOSITORY", "https://github.com/dt-cases/casebook")
    monkeypatch.chdir(ROOT)
    assert main(["edition", "check", "--content", str(ROOT / "content"), "--", edition]) == code
    assert capsys.readouterr().err == error


def test_edition_check_prints_the_address_the_edition_will_carry(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "content" / "editions.yml").write_text(
        "editions:\n  - id: 2026\n    title: 2026 edition\n    published: 2026-03-31\n"
        "    editors: [Ada Editor]\n",
        encoding="utf-8",
    )
    (project / "content" / "editions").mkdir()
    (project / "content" / "editions" / "2026.md").write_text("Foreword.\n", encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        'site_url: !ENV [CASEBOOK_SITE_URL, "https://casebook.example.org/"]\n', encoding="utf-8"
    )
    monkeypatch.setenv("CASEBOOK_SITE_URL", "https://dt-cases.github.io/casebook")
    monkeypatch.delenv("CASEBOOK_REPOSITORY", raising=False)
    # This configuration names no repository: "Submit a case" would lead nowhere.
    assert main(["edition", "check", "2026"]) == 2
    assert capsys.readouterr().err == (
        "casebook: refusing to publish edition '2026': the source repository is not set: set "
        "CASEBOOK_REPOSITORY (or extra.repository in mkdocs.yml) to the project's GitHub "
        "repository, e.g. CASEBOOK_REPOSITORY=https://github.com/<owner>/<name>\n"
    )
    monkeypatch.setenv("CASEBOOK_REPOSITORY", "https://github.com/dt-cases/casebook")
    assert main(["edition", "check", "2026"]) == 0
    assert capsys.readouterr().out == (
        "edition 2026 can be published; it will carry the address "
        "https://dt-cases.github.io/casebook/2026/\n"
    )
    monkeypatch.delenv("CASEBOOK_SITE_URL")
    assert main(["edition", "check", "2026"]) == 2
    assert capsys.readouterr().err == (
        "casebook: refusing to publish edition '2026': the site address is the placeholder "
        "https://casebook.example.org/: an edition's citations, feed, open-data addresses and "
        "PDF cover carry it for good; set CASEBOOK_SITE_URL (or site_url in mkdocs.yml) to the "
        "address the site is served from, e.g. "
        "CASEBOOK_SITE_URL=https://<owner>.github.io/<repository>/\n"
    )
    assert main(["edition", "check", "2030"]) == 2
    assert capsys.readouterr().err == (
        "casebook: edition '2030' is not in content/editions.yml (listed: 2026)\n"
    )


@pytest.mark.parametrize(
    ("configuration", "message"),
    [
        (b"site_name: [unclosed\n", "mkdocs.yml: while parsing a flow sequence"),
        (
            b"# The site\nsite_name: Caf\xe9\n",
            "mkdocs.yml:2: not UTF-8 text (byte 0xe9): save the file as UTF-8",
        ),
    ],
)
def test_a_broken_configuration_stops_the_program_with_a_message(
    project: Path, configuration: bytes, message: str
) -> None:
    """The program reads mkdocs.yml before anything else (to start the engine ahead), and the
    build reads it again: neither may end in a traceback."""
    (project / "mkdocs.yml").write_bytes(configuration)
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "-d", str(project / "site")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("casebook: ") and message in result.stderr


def test_build_jobs_are_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    for given in ("0", "two"):
        with pytest.raises(SystemExit):
            main(["build", "-j", given])
        assert f"'{given}' is not a number of processes (1 or more)" in capsys.readouterr().err
