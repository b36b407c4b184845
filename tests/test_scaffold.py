"""`casebook new`: answers checked at once, files that fail only on their placeholders."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from casebook import scaffold
from casebook.cli import main
from casebook.collection import display_path, load_collection
from casebook.problems import Severity

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 22)
PLACEHOLDER = re.compile(r"\[\[TODO: [^\]]+\]\]")

# Enough answers for each kind that nothing needs asking.
GIVEN: dict[str, dict[str, str | list[str]]] = {
    "case": {
        "title": "Solar kiosks for rural shops in Kenya",
        "country": ["KE", "za"],
        "organization_type": "startup",
        "sector": ["energy, commerce"],
        "technology": ["iot"],
        "sdg": ["7", "8"],
        "year": "2022",
        "stage": "pilot",
    },
    "course": {"slug": "data-for-cooperatives", "level": "beginner", "audience": ["trainers"]},
    "module": {
        "course": "digital-transformation-for-smes",
        "title": "Why data matters",
        "duration": "30",
    },
    "guideline": {
        "title": "Share passive infrastructure to lower the cost of rural coverage",
        "instrument": "infrastructure-cost-sharing",
        "audience": ["regulators", "telecom-operators"],
        "evidence": ["south-africa-shared-infrastructure-rural-broadband"],
    },
}
EXPECTED_PATH = {
    "case": "cases/solar-kiosks-for-rural-shops-in-kenya.md",
    "course": "courses/data-for-cooperatives/index.md",
    "module": "courses/digital-transformation-for-smes/08-why-data-matters.md",
    "guideline": "guidelines/share-passive-infrastructure-to-lower-the-cost-of-rural-coverage.md",
}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    return root


@pytest.fixture(scope="module")
def context() -> scaffold.Context:
    """The real content, read once: answers are checked against it, nothing is written."""
    return scaffold.read_context(ROOT / "content", TODAY)


@pytest.fixture
def in_project(tree: Path) -> Iterator[Path]:
    previous = Path.cwd()
    os.chdir(tree.parent)
    yield tree.parent
    os.chdir(previous)


def write(tree: Path, kind: str) -> Path:
    answers = scaffold.collect_answers(kind, GIVEN[kind], scaffold.read_context(tree, TODAY))
    path = scaffold.target_path(tree, answers)
    scaffold.write_new_file(path, scaffold.render(answers, TODAY))
    return path


@pytest.mark.parametrize("kind", scaffold.KINDS)
def test_a_new_file_fails_only_on_its_placeholders(tree: Path, kind: str) -> None:
    path = write(tree, kind)
    assert path == tree / EXPECTED_PATH[kind]
    _, report = load_collection(tree, TODAY)
    mine = [p for p in report.problems if p.path == display_path(path)]
    assert {p.code for p in mine if p.severity is Severity.ERROR} == {"placeholder"}
    assert {p.code for p in mine if p.severity is Severity.WARNING} == (
        {"missing-sources"} if kind == "case" else set()
    )
    assert [p for p in report.problems if p not in mine] == []
    placeholders = PLACEHOLDER.findall(path.read_text(encoding="utf-8"))
    assert len(placeholders) == len([p for p in mine if p.code == "placeholder"])


def test_all_kinds_together_leave_the_real_content_clean(tree: Path) -> None:
    written = {display_path(write(tree, kind)) for kind in scaffold.KINDS}
    _, report = load_collection(tree, TODAY)
    assert {p.path for p in report.problems} == written


def test_the_case_file_is_exact(context: scaffold.Context) -> None:
    answers = scaffold.collect_answers(
        "case",
        {**GIVEN["case"], "contributor": "Amina Odhiambo", "challenge": ["skills"]},
        context,
    )
    assert scaffold.render(answers, TODAY) == (
        "---\n"
        "title: Solar kiosks for rural shops in Kenya\n"
        "summary: '[[TODO: two or three plain sentences, 50 to 400 characters: who did what,"
        " where, and what changed]]'\n"
        "countries: [KE, ZA]\n"
        "organization:\n"
        "  name: '[[TODO: the name of the organisation]]'\n"
        "  type: startup\n"
        "sectors: [energy, commerce]\n"
        "technologies: [iot]\n"
        "sdgs: [7, 8]\n"
        "year: 2022\n"
        "stage: pilot\n"
        "challenges: [skills]\n"
        "sources: []\n"
        "contributor:\n"
        "  name: Amina Odhiambo\n"
        "license: CC-BY-4.0\n"
        "status: draft\n"
        "submitted: 2026-11-22\n"
        "---\n"
        "\n"
        "## Context\n"
        "\n"
        "[[TODO: the situation before the project: who, where, which problem, and why it"
        " mattered]]\n"
        "\n"
        "## Solution\n"
        "\n"
        "[[TODO: what was done, with which technology, by whom, and how it reached people]]\n"
        "\n"
        "## Results\n"
        "\n"
        "[[TODO: what changed, with figures and dates where you have them; put measured figures"
        " in the outcomes list of the front matter and the reports that back them in sources"
        " (a title and an https address each)]]\n"
        "\n"
        "## Lessons learned\n"
        "\n"
        "[[TODO: what worked, what did not, and what others should know before trying the"
        " same]]\n"
    )


@pytest.mark.parametrize(
    ("kind", "option", "value", "reason"),
    [
        (
            "case",
            "country",
            ["Kenya"],
            "--country: 'Kenya' is not a country code: 'Kenya' is a country name: use the code KE",
        ),
        (
            "case",
            "country",
            ["XX"],
            "--country: 'XX' is not a country code: use an ISO 3166-1 alpha-2 code",
        ),
        (
            "case",
            "sector",
            ["agricultur"],
            "--sector: 'agricultur' is not a known sector: did you mean 'agriculture'?",
        ),
        (
            "case",
            "technology",
            ["Public Services"],
            "--technology: 'Public Services' is not a known technology",
        ),
        ("case", "sdg", ["18"], "--sdg: 18 is out of range: write 1 to 17"),
        ("case", "sdg", ["eight"], "--sdg: 'eight' is not a whole number from 1 to 17"),
        ("case", "year", ["1989"], "--year: 1989 is out of range: write 1990 to 2027"),
        ("case", "year", ["2028"], "--year: 2028 is out of range: write 1990 to 2027"),
        ("case", "stage", ["growing"], "--stage: 'growing' is not a known stage"),
        ("case", "title", ["Too short"], "--title: 9 characters; write 10 to 150"),
        ("case", "title", ["A {{ config }} title for a case"], "--title: write plain text"),
        ("case", "title", ["<script>alert(1)</script> in Kenya"], "--title: write plain text"),
        ("case", "email", ["not-an-address"], "--email: 'not-an-address' is not an e-mail address"),
        (
            "case",
            "slug",
            ["kenya-iot-soil-sensors"],
            "--slug: 'kenya-iot-soil-sensors' is already taken",
        ),
        ("case", "slug", ["../escape"], "--slug: '../escape' is not a slug"),
        (
            "case",
            "slug",
            ["Solar_Kiosks"],
            "--slug: 'Solar_Kiosks' is not a slug: lowercase letters, digits and single hyphens, at most 80 characters: try 'solar-kiosks'",
        ),
        ("case", "level", ["beginner"], "--level does not apply to a case"),
        ("course", "language", ["english"], "--language: 'english' is not a BCP 47 language tag"),
        (
            "course",
            "slug",
            ["digital-transformation-for-smes"],
            "--slug: 'digital-transformation-for-smes' is already taken",
        ),
        (
            "module",
            "course",
            ["no-such-course"],
            "--course: 'no-such-course' is not a course folder; courses: digital-transformation-for-smes",
        ),
        ("module", "number", ["3"], "--number: module 03 already exists in this course"),
        ("module", "duration", ["1000"], "--duration: 1000 is out of range: write 5 to 600"),
        (
            "guideline",
            "evidence",
            ["kenya-iot-soil-sensor"],
            "--evidence: 'kenya-iot-soil-sensor' is not a published case: did you mean 'kenya-iot-soil-sensors'?",
        ),
        (
            "guideline",
            "evidence",
            ["egypt-ai-radiology-triage"],
            "--evidence: 'egypt-ai-radiology-triage' is not a published case",
        ),
        (
            "guideline",
            "instrument",
            ["sandbox"],
            "--instrument: 'sandbox' is not a known policy instrument",
        ),
    ],
)
def test_a_bad_option_is_refused_with_its_fix(
    context: scaffold.Context, kind: str, option: str, value: list[str], reason: str
) -> None:
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.collect_answers(kind, {**GIVEN[kind], option: value}, context)
    assert [r for r in caught.value.reasons if r.startswith(reason)] != [], caught.value.reasons


def test_every_missing_answer_is_reported_at_once(context: scaffold.Context) -> None:
    with pytest.raises(scaffold.ScaffoldError) as caught:
        scaffold.collect_answers("case", {"country": ["KE"]}, context)
    assert [r.split(":")[0] for r in caught.value.reasons] == [
        "--title or --slug is needed",
        "--organization-type is needed",
        "--sector is needed",
        "--technology is needed",
        "--sdg is needed",
        "--year is needed",
        "--stage is needed",
    ]
    assert "one of: startup, sme, large-enterprise" in caught.value.reasons[1]


def test_defaults_fill_what_can_be_known(context: scaffold.Context) -> None:
    module = scaffold.collect_answers(
        "module", {"title": "Paying suppliers", "duration": "45"}, context
    )
    assert (module["course"], module["number"], module["slug"]) == (
        "digital-transformation-for-smes",
        8,
        "paying-suppliers",
    )
    course = scaffold.collect_answers("course", GIVEN["course"], context)
    assert (course["language"], course["license"], course["provider"]) == ("en", "CC-BY-4.0", None)


class Conversation:
    """A contributor at a terminal, answering from a script."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = replies
        self.prompts: list[str] = []
        self.told: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self.replies:
            raise EOFError
        return self.replies.pop(0)

    def tell(self, message: str) -> None:
        self.told.append(message)


def test_interactive_answers_are_asked_again_until_valid(context: scaffold.Context) -> None:
    talk = Conversation(
        [
            "Solar kiosks for rural shops in Kenya",  # title
            "",  # slug: take the one made from the title
            "Kenya, ZA",  # countries: a name is refused...
            "ke, ZA",  # ...codes in any letter case are fine
            "Jua Kiosks",  # organisation name
            "start-up",  # organisation type: refused
            "startup",
            "energy",  # sectors
            "iot",  # technologies
            "7",  # SDGs
            "2031",  # year: refused
            "2022",
            "pilot",  # stage
            "",  # challenges: optional
            "Amina Odhiambo",  # contributor
            "",  # e-mail: optional
            "",  # licence: the default
        ]
    )
    answers = scaffold.collect_answers("case", {}, context, ask=talk.ask, tell=talk.tell)
    assert talk.replies == []
    assert answers["slug"] == "solar-kiosks-for-rural-shops-in-kenya"
    assert answers["country"] == ("KE", "ZA")
    assert (answers["organization_type"], answers["year"], answers["challenge"]) == (
        "startup",
        2022,
        (),
    )
    assert answers["license"] == "CC-BY-4.0"
    refusals = [m.strip() for m in talk.told if m.startswith("  ")]
    assert refusals == [
        "'Kenya' is not a country code: 'Kenya' is a country name: use the code KE",
        "'start-up' is not a known organisation type: did you mean 'startup'?",
        "2031 is out of range: write 1990 to 2027",
    ]
    assert (
        "Organisation type, one of: startup, sme, large-enterprise, public-sector, ngo, cooperative, academia, telecom-operator, acceleration-centre"
        in talk.told
    )
    assert talk.prompts[1].endswith("[solar-kiosks-for-rural-shops-in-kenya]: ")


def test_options_given_are_not_asked_again(context: scaffold.Context) -> None:
    talk = Conversation(["", "Jua Kiosks", "", "Amina Odhiambo", "", ""])
    scaffold.collect_answers("case", GIVEN["case"], context, ask=talk.ask, tell=talk.tell)
    assert [p.split(" (")[0].split(" [")[0] for p in talk.prompts] == [
        "Slug: the permanent file name",
        "Organisation name",
        "Challenges",
        "Your name",
        "Your e-mail",
        "Licence",
    ]


def test_a_required_answer_cannot_be_skipped(context: scaffold.Context) -> None:
    talk = Conversation(["", "", "beginner", "", "", ""])  # title, level twice, the defaults
    answers = scaffold.collect_answers(
        "course",
        {k: v for k, v in GIVEN["course"].items() if k != "level"},
        context,
        talk.ask,
        talk.tell,
    )
    assert answers["level"] == "beginner"
    assert "  an answer is needed" in talk.told


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Solar kiosks for rural shops in Kenya", "solar-kiosks-for-rural-shops-in-kenya"),
        ("Café digital à Dakar: l'expérience", "cafe-digital-a-dakar-l-experience"),
        ("  5G -- smart port   ", "5g-smart-port"),
        ("数字化转型", ""),
        ("a" * 50 + " " + "b" * 50, "a" * 50),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert scaffold.slugify(title) == slug


def test_writing_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "cases" / "x.md"
    scaffold.write_new_file(path, "first")
    with pytest.raises(scaffold.ScaffoldError, match="refusing to overwrite"):
        scaffold.write_new_file(path, "second")
    assert path.read_text(encoding="utf-8") == "first"


def cli_options(kind: str) -> list[str]:
    options: list[str] = [kind]
    for name, value in GIVEN[kind].items():
        for item in [value] if isinstance(value, str) else value:
            options += ["--" + name.replace("_", "-"), item]
    return options


def test_cli_writes_the_file(
    in_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The project's virtualenv, with casebook not on PATH (not activated): the hint names the
    # script by its path from here, and make serve, as the project has a Makefile.
    monkeypatch.setattr(sys, "executable", str(in_project / ".venv" / "bin" / "python"))
    monkeypatch.setenv("PATH", "/nonexistent")
    (in_project / "Makefile").write_text("serve:\n", encoding="utf-8")
    assert main(["new", *cli_options("case"), "--yes"]) == 0
    written = "content/cases/solar-kiosks-for-rural-shops-in-kenya.md"
    assert capsys.readouterr().out == (
        f"wrote {written}\n"
        "next: replace every [[TODO: ...]], then check it with: "
        f".venv/bin/casebook validate {written}\n"
        "then preview it, drafts included, at http://127.0.0.1:8000 with: make serve\n"
    )
    assert main(["validate", written]) == 1
    assert main(["new", *cli_options("case"), "--slug", "another-name", "--yes"]) == 0


def test_cli_hint_works_from_anywhere(
    in_project: Path, tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    """Outside the project (another content folder, no Makefile) the hint is the absolute
    script and names the content folder, and it runs as printed."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    os.chdir(elsewhere)
    content = in_project / "content"
    assert main(["new", *cli_options("case"), "--content", str(content), "--yes"]) == 0
    written = content / "cases" / "solar-kiosks-for-rural-shops-in-kenya.md"
    script = Path(sys.executable).parent / "casebook"
    hint = f"{script} validate --content {content} {written}"
    assert capsys.readouterr().out == (
        f"wrote {written}\nnext: replace every [[TODO: ...]], then check it with: {hint}\n"
    )
    done = subprocess.run(hint.split(), capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "error[placeholder]" in done.stdout


def test_help_lists_each_vocabulary_whole(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "--organization-type TYPE Organisation type; one of: startup, sme, large-enterprise, "
        "public-sector, ngo, cooperative, academia, telecom-operator, acceleration-centre (case)"
    ) in text
    assert "--stage STAGE Stage; one of: pilot, scaling, mature (case)" in text
    assert "for a course, one of: sme-owners," in text
    assert "for a guideline, one of: policymakers, regulators, telecom-operators," in text
    for name in ("sector", "technology", "challenge", "license", "level", "instrument"):
        assert ", ".join(scaffold.vocabulary(name).terms) in text, name


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--technology",
            "Mobile Money",
            "--technology: 'Mobile Money' is not a known technology: for mobile money, use "
            "'digital-payments'",
        ),
        (
            "--organization-type",
            "co-op",
            "--organization-type: 'co-op' is not a known organisation type: for co-op, use "
            "'cooperative'",
        ),
        (
            "--sector",
            "farming",
            "--sector: 'farming' is not a known sector: for farming, use 'agriculture'",
        ),
    ],
)
def test_common_words_are_mapped_to_the_vocabulary(
    in_project: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    options = cli_options("case")
    options[options.index(option) + 1] = value
    assert main(["new", *options, "--yes"]) == 2
    assert capsys.readouterr().err == f"casebook: nothing written:\n  {message}\n"


def test_cli_refuses_bad_answers_with_exit_2(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "new",
                "case",
                "--title",
                "Solar kiosks for rural shops in Kenya",
                "--country",
                "Kenya",
                "--sector",
                "energy",
                "--technology",
                "iot",
                "--sdg",
                "7",
                "--year",
                "2022",
                "--stage",
                "pilot",
                "--organization-type",
                "startup",
                "--yes",
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        "casebook: nothing written:\n"
        "  --country: 'Kenya' is not a country code: 'Kenya' is a country name: use the code KE\n"
    )
    assert not (in_project / "content/cases/solar-kiosks-for-rural-shops-in-kenya.md").exists()


def test_cli_refuses_to_overwrite(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = in_project / "content/courses/digital-transformation-for-smes/03-data-ai-and-iot.md"
    before = target.read_bytes()
    assert (
        main(
            [
                "new",
                "module",
                "--title",
                "Data, AI and IoT",
                "--number",
                "3",
                "--duration",
                "30",
                "--yes",
            ]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        "casebook: nothing written:\n  --number: module 03 already exists in this course: choose another\n"
    )
    assert target.read_bytes() == before


def test_every_answer_has_an_option_with_help() -> None:
    import argparse

    from casebook.commands import _parser

    parser: Any = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    new = commands.choices["new"]
    options = {a.dest: a for a in new._actions}
    for name in scaffold.option_names():
        assert options[name].help, name
        assert isinstance(options[name], argparse._AppendAction) == scaffold.many_valued(name)


# --- CONTRIBUTING.md is tested like code --------------------------------------------------------

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", CONTRIBUTING, re.MULTILINE | re.DOTALL)


def test_the_worked_example_validates_clean(tree: Path) -> None:
    [example] = [block for block in code_blocks("markdown") if block.startswith("---\n")]
    (tree / "cases" / "ghana-shea-chat-commerce.md").write_text(example, encoding="utf-8")
    collection, report = load_collection(tree, TODAY)
    assert report.problems == ()
    assert collection.case("ghana-shea-chat-commerce").example


def test_the_documented_new_command_writes_the_documented_file(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shlex

    [command] = [
        block for block in code_blocks("sh") if block.startswith(".venv/bin/casebook new case --")
    ]
    words = shlex.split(command.replace("\\\n", " "))
    assert main(words[1:]) == 0
    assert "content/cases/solar-kiosks-for-rural-shops-in-kenya.md" in CONTRIBUTING
    assert (in_project / "content/cases/solar-kiosks-for-rural-shops-in-kenya.md").is_file()
