"""casebook translate: the file it starts, and the status report's exact output."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from translation_tree import KENYA, copy_tree, translated_tree

from casebook.cli import main

STATUS = """\
fr (français): 3 translated (2 current, 1 outdated), 6 missing, of 9
  current   content/assessments/mini-readiness.fr.md
  missing   content/assessments/readiness-draft.fr.md
  missing   content/cases/china-textile-platform.fr.md
  missing   content/cases/draft-peru-tourism.fr.md
  outdated  content/cases/kenya-solar-irrigation.fr.md
  missing   content/courses/intro-course/01-why.fr.md
  missing   content/courses/intro-course/02-how.fr.md
  missing   content/courses/intro-course/index.fr.md
  current   content/guidelines/solar-sandbox.fr.md
zh (中文): 2 translated (1 current, 1 outdated), 7 missing, of 9
  missing   content/assessments/mini-readiness.zh.md
  missing   content/assessments/readiness-draft.zh.md
  missing   content/cases/china-textile-platform.zh.md
  missing   content/cases/draft-peru-tourism.zh.md
  outdated  content/cases/kenya-solar-irrigation.zh.md
  missing   content/courses/intro-course/01-why.zh.md
  missing   content/courses/intro-course/02-how.zh.md
  current   content/courses/intro-course/index.zh.md
  missing   content/guidelines/solar-sandbox.zh.md
ar (العربية): 2 translated (1 current, 1 outdated), 7 missing, of 9
  missing   content/assessments/mini-readiness.ar.md
  missing   content/assessments/readiness-draft.ar.md
  current   content/cases/china-textile-platform.ar.md
  missing   content/cases/draft-peru-tourism.ar.md
  outdated  content/cases/kenya-solar-irrigation.ar.md
  missing   content/courses/intro-course/01-why.ar.md
  missing   content/courses/intro-course/02-how.ar.md
  missing   content/courses/intro-course/index.ar.md
  missing   content/guidelines/solar-sandbox.ar.md
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    translated_tree(tmp_path)
    os.chdir(tmp_path)
    return tmp_path


def test_status_text_is_exact(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--status"]) == 0
    assert capsys.readouterr().out == STATUS


def test_status_of_one_language(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--status", "--lang", "ar"]) == 0
    assert capsys.readouterr().out == STATUS[STATUS.index("ar (") :]


def test_status_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["translate", "--status", "--lang", "fr", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert list(payload) == ["fr"]
    assert payload["fr"]["name"] == "français"
    assert payload["fr"]["counts"] == {
        "translated": 3,
        "current": 2,
        "outdated": 1,
        "missing": 6,
        "total": 9,
    }
    assert payload["fr"]["items"][0] == {
        "original": "content/assessments/mini-readiness.md",
        "translation": "content/assessments/mini-readiness.fr.md",
        "status": "current",
    }
    assert payload["fr"]["items"][4] == {
        "original": "content/cases/kenya-solar-irrigation.md",
        "translation": "content/cases/kenya-solar-irrigation.fr.md",
        "status": "outdated",
    }


def test_status_with_a_broken_translation_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "content/guidelines/solar-sandbox.fr.md"
    path.write_text(path.read_text("utf-8").replace("fingerprint:", "sdgs: [7]\nfingerprint:"))
    assert main(["translate", "--status", "--lang", "fr"]) == 1
    out = capsys.readouterr()
    assert "  missing   content/guidelines/solar-sandbox.fr.md\n" in out.out
    assert out.err == (
        "1 error, 3 warnings. Files with errors count as missing: run casebook validate\n"
    )


def test_translate_writes_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_tree(tmp_path)
    os.chdir(tmp_path)
    assert main(["translate", f"content/{KENYA}", "--lang", "fr"]) == 0
    assert capsys.readouterr().out == (
        "wrote content/cases/kenya-solar-irrigation.fr.md: translate its text, keep its fingerprint\n"
    )
    text = (tmp_path / "content/cases/kenya-solar-irrigation.fr.md").read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    assert head.splitlines()[3:] == [
        'fingerprint: "704bf03e42607906"',
        "title: Solar irrigation pumps for smallholders",
        "summary: A fictional startup rents solar-powered pumps to smallholder farmers and "
        "collects payments by mobile money.",
        "organization:",
        "  name: Jua Maji (fixture)",
        "outcomes:",
        "- metric: Farmers served",
        "  unit: farmers",
        "sources:",
        "- title: Fixture source",
    ]
    assert [line for line in body.splitlines() if line.startswith("## ")] == [
        "## Contexte",
        "## Solution",
        "## Résultats",
        "## Enseignements",
    ]
    assert main(["validate"]) == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [f"content/{KENYA}", "--lang", "de"],
            "casebook: 'de' is not one of the site's languages (en, fr, zh, ar): "
            "add it to content/languages.yml first\n",
        ),
        ([f"content/{KENYA}", "--lang", "en"], "casebook: 'en' is the language of the originals\n"),
        (
            ["content/cases/kenya-solar-irrigation.fr.md", "--lang", "zh"],
            "casebook: content/cases/kenya-solar-irrigation.fr.md is not an original page: "
            "give the .md file to translate\n",
        ),
        (
            ["--status", f"content/{KENYA}"],
            "casebook: --status reports on the whole collection: give no PATH\n",
        ),
        (
            [f"content/{KENYA}"],
            "casebook: give the original to translate and --lang (or use --status)\n",
        ),
    ],
)
def test_translate_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    copy_tree(tmp_path)
    os.chdir(tmp_path)
    assert main(["translate", *args]) == 2
    assert capsys.readouterr().err == message


def test_translate_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy_tree(tmp_path)
    os.chdir(tmp_path)
    assert main(["translate", f"content/{KENYA}", "--lang", "fr"]) == 0
    assert main(["translate", f"content/{KENYA}", "--lang", "fr"]) == 2
    assert capsys.readouterr().err == (
        "casebook: content/cases/kenya-solar-irrigation.fr.md already exists: "
        "edit it, or delete it to start again\n"
    )


def test_translate_writes_an_assessment_s_words_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_tree(tmp_path)
    os.chdir(tmp_path)
    assert main(["translate", "content/assessments/mini-readiness.md", "--lang", "zh"]) == 0
    assert capsys.readouterr().out == (
        "wrote content/assessments/mini-readiness.zh.md: translate its text, keep its fingerprint\n"
    )
    text = (tmp_path / "content/assessments/mini-readiness.zh.md").read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    # No id, score, band start or vocabulary term: those are the original's.
    assert head.splitlines()[4:] == [
        "title: A small readiness check for tests",
        "summary: Two dimensions of one or two questions each, enough to exercise scoring, "
        "bands and recommendations.",
        "bands:",
        "- label: Starting",
        "  description: The basics come first.",
        "- label: Advanced",
        "  description: Keep improving.",
        "dimensions:",
        "- title: Power and connection",
        "  description: Whether the business has the energy and connection it needs.",
        "  questions:",
        "  - text: Where does your power come from?",
        "    options:",
        "    - text: A generator",
        "    - text: The grid",
        "    - text: Solar with storage",
        "  - text: Do you have a backup when power fails?",
        "    options:",
        "    - text: 'No'",
        "    - text: 'Yes'",
        "- title: Skills and people",
        "  description: Whether staff can use digital tools.",
        "  questions:",
        "  - text: Did anyone take digital training this year?",
        "    options:",
        "    - text: 'No'",
        "    - text: Some people",
        "    - text: Everyone",
    ]
    assert body == "\nA short introduction for the tests.\n"
    assert main(["validate"]) == 0
