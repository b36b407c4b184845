"""`casebook survey summarize`: exact output on a fixture folder of good, malformed and foreign
result files; small-group suppression; the page section and its macro."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from casebook.assessments import Assessment
from casebook.cli import main
from casebook.collection import load_collection
from casebook.pages.blocks import survey_summary
from casebook.survey import (
    Response,
    SurveyError,
    read_summary_csv,
    render_survey_section,
    summarize,
    summary_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini" / "content"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "content")
    shutil.copytree(FIXTURES / "survey", tmp_path / "results")
    os.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def mini() -> Assessment:
    collection, _ = load_collection(MINI, today=date(2026, 11, 22))
    return collection.assessments[0]


REJECTED = (
    "results/rejected/bad-fields.json:1: error[bad-answers] answers: the answer to 'power-source' is option 5, but it has options 0 to 2\n"
    'results/rejected/bad-fields.json:1: error[bad-date] date: "yesterday" is not a date written YYYY-MM-DD\n'
    "results/rejected/bad-fields.json:1: error[not-in-vocabulary] sector: \"agricultur\" is not a known sector: did you mean 'agriculture'?\n"
    'results/rejected/bad-fields.json:1: error[unknown-country] country: "Kenya" is not an ISO 3166-1 alpha-2 country code\n'
    'results/rejected/foreign.json:1: error[not-a-result] format: this is not a self-assessment result: exported results say "format": "casebook-assessment-result"\n'
    "results/rejected/malformed.json:5: error[not-json] the file is not valid JSON: Expecting ',' delimiter\n"
    "results/rejected/notes.txt:1: error[not-json] the file is not valid JSON: Expecting value\n"
    "results/rejected/old-version.json:1: error[other-version] assessment.version: this result answers version 1; the assessment is at version 2, whose questions differ\n"
    "results/rejected/other-assessment.json:1: error[other-assessment] assessment.slug: this is a result of 'another-check', not of 'mini-readiness'\n"
    "results/rejected/tampered.json:1: error[scores-mismatch] scores: the scores in the file are not the ones its answers give: it was changed after export, or made by another tool\n"
)

# 12 good results: Kenya 6 (2 without the skills question), China 3, Viet Nam 2, Peru 1.
HEADER = "assessment,version,group_by,group,dimension,respondents,scored,mean,median,min,max,band_starting,band_advanced\n"
SUMMARY_AT_5 = HEADER + (
    "mini-readiness,2,all,all,power,12,12,58.3,67,0,100,5,7\n"
    "mini-readiness,2,all,all,skills,12,10,50,50,0,100,7,3\n"
    "mini-readiness,2,all,all,overall,12,10,52,50.5,0,100,7,3\n"
    # Americas (1) is too small, so the next smallest region (Asia, 5) is hidden with it: the
    # suppressed row must not be a single respondent that "all minus Africa" would reveal.
    "mini-readiness,2,region,Africa,power,6,6,61.2,67,0,100,2,4\n"
    # 4 of Africa's 6 answered the skills question: counts only.
    "mini-readiness,2,region,Africa,skills,6,4,,,,,,\n"
    "mini-readiness,2,region,Africa,overall,6,4,,,,,,\n"
    "mini-readiness,2,region,(suppressed),,6,,,,,,,\n"
    # Agriculture (7) would be shown on its own, but only 4 Kenyan and 3 other respondents
    # share it: set beside Africa and the total, it splits the respondents into lots of 4, 2
    # and 3 (casebook.disclosure), so every sector is hidden.
    "mini-readiness,2,sector,(suppressed),,12,,,,,,,\n"
    "mini-readiness,2,country,KE,power,6,6,61.2,67,0,100,2,4\n"
    "mini-readiness,2,country,KE,skills,6,4,,,,,,\n"
    "mini-readiness,2,country,KE,overall,6,4,,,,,,\n"
    "mini-readiness,2,country,(suppressed),,6,,,,,,,\n"
)


def test_good_malformed_and_foreign_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["survey", "summarize", "results", "--out", "out"]) == 1
    captured = capsys.readouterr()
    assert captured.out == REJECTED + (
        "12 results summarised, 7 files left out; groups under 5 respondents suppressed.\n"
    )
    assert captured.err == (
        "wrote out/mini-readiness-summary.csv and out/mini-readiness-summary.html\n"
    )
    assert (project / "out" / "mini-readiness-summary.csv").read_text(encoding="utf-8") == (
        SUMMARY_AT_5
    )


def test_good_files_only_exit_0(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(project / "results" / "rejected")
    files = sorted(str(p.relative_to(project)) for p in (project / "results").glob("*.json"))
    assert main(["survey", "summarize", *files, "--out", "out"]) == 0
    assert capsys.readouterr().out == (
        "12 results summarised, 0 files left out; groups under 5 respondents suppressed.\n"
    )
    assert (project / "out" / "mini-readiness-summary.csv").read_text() == SUMMARY_AT_5


def test_threshold_is_configurable(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(project / "results" / "rejected")
    assert main(["survey", "summarize", "results", "--threshold", "2", "--out", "out"]) == 0
    assert capsys.readouterr().out.endswith("groups under 2 respondents suppressed.\n")
    rows = (project / "out" / "mini-readiness-summary.csv").read_text().splitlines()
    shown = sorted({tuple(row.split(",")[2:4]) for row in rows[1:]})
    assert shown == [
        ("all", "all"),
        ("country", "(suppressed)"),  # Peru (1) and the next smallest, Viet Nam (2)
        ("country", "CN"),
        ("country", "KE"),
        ("region", "(suppressed)"),  # the Americas (1) with the next smallest region, Asia
        ("region", "Africa"),
        ("sector", "agriculture"),
        ("sector", "commerce"),
        ("sector", "manufacturing"),
    ]


def test_every_group_is_suppressed_when_there_are_too_few(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["survey", "summarize", "results/pe-1.json", "results/vn-1.json", "--out", "o"]) == 0
    )
    assert (project / "o" / "mini-readiness-summary.csv").read_text() == HEADER + (
        "mini-readiness,2,all,(suppressed),,2,,,,,,,\n"
        "mini-readiness,2,region,(suppressed),,2,,,,,,,\n"
        "mini-readiness,2,sector,(suppressed),,2,,,,,,,\n"
        "mini-readiness,2,country,(suppressed),,2,,,,,,,\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["results/nope.json"], "casebook: 'results/nope.json' does not exist\n"),
        (["results", "--threshold", "0"], "casebook: the threshold must be 1 or more, got 0\n"),
        (
            ["results", "--assessment", "nope"],
            "casebook: no published assessment 'nope' in content: published ones are mini-readiness\n",
        ),
    ],
)
def test_usage_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["survey", "summarize", *args]) == 2
    assert capsys.readouterr().err == message


def test_console_script_never_prints_a_traceback(project: Path) -> None:
    (project / "results" / "binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (project / "results" / "list.json").write_text("[1, 2]", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "survey", "summarize", "results", "--out", "out"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert (
        "results/binary.json:1: error[not-json] the file is not UTF-8 text, so not JSON"
        in result.stdout
    )
    assert "results/list.json:1: error[not-a-result]" in result.stdout


def response(name: str, code: str, region: str, sector: str = "agriculture") -> Response:
    return Response(
        name,
        date(2026, 1, 1),
        sector,
        code,
        region,
        {"power": 50, "skills": 50, "overall": 50},
        {"power": "starting", "skills": "starting", "overall": "starting"},
    )


@pytest.mark.parametrize(
    ("sizes", "shown"),
    [
        ({"KE": 5, "NG": 5}, ["KE", "NG"]),
        ({"KE": 5, "NG": 4}, []),  # hiding NG alone would let KE's row reveal it
        ({"KE": 9, "NG": 5, "GH": 1}, ["KE"]),  # GH with the smallest other, NG
        ({"KE": 9, "NG": 3, "GH": 2}, ["KE"]),  # NG and GH together are not small
        ({"KE": 9, "CN": 9, "GH": 1}, ["CN"]),  # within Africa, KE must hide with GH
    ],
)
def test_complementary_suppression_of_countries(
    mini: Assessment, sizes: dict[str, int], shown: list[str]
) -> None:
    regions = {"KE": "Africa", "NG": "Africa", "GH": "Africa", "CN": "Asia"}
    people = [
        response(f"{code}-{n}", code, regions[code])
        for code, count in sizes.items()
        for n in range(count)
    ]
    summary = summarize(people, mini, threshold=5)
    countries = [g.group for g in summary.groups if g.group_by == "country" and g.distributions]
    assert countries == shown


def test_the_section_escapes_and_charts(mini: Assessment, tmp_path: Path) -> None:
    people = [response(f"r{n}", "KE", "Africa") for n in range(5)]
    text = summary_csv(summarize(people, mini))
    rows = read_summary_csv(text, "summary.csv")
    html = render_survey_section(rows, mini)
    assert "<strong>5</strong> respondents" in html
    assert '<table class="casebook-bars"' in html and "Mean score per dimension" in html
    assert "<td>Kenya</td>" in html
    rows[0]["group"] = "<script>alert(1)</script>"
    assert "<script>" not in render_survey_section(rows, mini)


def test_the_macro_reads_the_editors_csv(mini: Assessment, tmp_path: Path) -> None:
    collection, _ = load_collection(MINI, today=date(2026, 11, 22))
    people = [response(f"r{n}", "KE", "Africa") for n in range(5)]
    (tmp_path / "summary.csv").write_text(summary_csv(summarize(people, mini)), encoding="utf-8")
    assert "<strong>5</strong> respondents" in survey_summary(collection, tmp_path / "summary.csv")
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SurveyError, match="is not a survey summary"):
        survey_summary(collection, tmp_path / "other.csv")


# -- Differencing across groupings (casebook.disclosure) -------------------------------------

REGION_OF = {"KE": "Africa", "NG": "Africa", "CN": "Asia", "IN": "Asia", "PE": "Americas"}


def scored(name: str, code: str, sector: str, power: int) -> Response:
    band = "advanced" if power >= 60 else "starting"
    return Response(
        name,
        date(2026, 1, 1),
        sector,
        code,
        REGION_OF[code],
        {"power": power, "skills": power, "overall": power},
        {"power": band, "skills": band, "overall": band},
    )


def population(*lots: tuple[int, str, str, int]) -> list[Response]:
    """``count`` respondents of ``country`` and ``sector`` scoring ``power``, per lot."""
    return [
        scored(f"{code}-{sector}-{n}", code, sector, power)
        for count, code, sector, power in lots
        for n in range(count)
    ]


def attack(
    summary_text: str, plus: list[tuple[str, str]], minus: list[tuple[str, str]]
) -> tuple[int, int, tuple[int, int]] | None:
    """What an attacker reads off the published CSV for the respondents in the ``plus`` groups
    and not in the ``minus`` ones: their number, their power scores summed (mean times count,
    rounded) and their count per band; None when a figure it needs is not shown."""
    rows = {
        (r["group_by"], r["group"]): r
        for r in read_summary_csv(summary_text, "summary.csv")
        if r["dimension"] == "power"
    }
    count, total, bands = 0, 0.0, [0, 0]
    for groups, sign in ((plus, 1), (minus, -1)):
        for key in groups:
            row = rows.get(key)
            if row is None or not row["mean"]:
                return None
            count += sign * int(row["scored"])
            total += sign * int(row["scored"]) * float(row["mean"])
            bands[0] += sign * int(row["band_starting"])
            bands[1] += sign * int(row["band_advanced"])
    return count, round(total), (bands[0], bands[1])


# One SME in Africa outside agriculture, the only thing Africa (11) and agriculture (10)
# do not share; every group has 5 or more respondents, so hiding small groups and their
# complements (all that was done before) shows both.
REGION_MINUS_SECTOR = population(
    (6, "KE", "agriculture", 0),
    (4, "NG", "agriculture", 0),
    (1, "NG", "commerce", 100),  # the SME the attack singles out
    (5, "CN", "commerce", 0),
    (5, "IN", "commerce", 0),
)
# Three Peruvian SMEs (the Americas) are hidden, and Asia with them as its complement; but
# Asia's only country, China, is shown: all minus Africa minus China leaves the three.
TOTAL_MINUS_REGION_AND_COUNTRY = population(
    (3, "PE", "agriculture", 100),
    (6, "CN", "agriculture", 0),
    (5, "KE", "agriculture", 0),
    (10, "NG", "agriculture", 0),
)


@pytest.mark.parametrize(
    ("people", "plus", "minus", "revealed"),
    [
        (REGION_MINUS_SECTOR, [("region", "Africa")], [("sector", "agriculture")], (1, 100)),
        (
            TOTAL_MINUS_REGION_AND_COUNTRY,
            [("all", "all")],
            [("region", "Africa"), ("country", "CN")],
            (3, 300),
        ),
    ],
    ids=["region-minus-sector", "total-minus-region-and-country"],
)
def test_differencing_across_groupings_reveals_no_small_group(
    mini: Assessment,
    people: list[Response],
    plus: list[tuple[str, str]],
    minus: list[tuple[str, str]],
    revealed: tuple[int, int],
) -> None:
    # The attack works on the figures themselves (nothing hidden at threshold 1): it isolates
    # fewer than 5 respondents, their scores and their bands.
    count, total = revealed
    assert attack(summary_csv(summarize(people, mini, threshold=1)), plus, minus) == (
        count,
        total,
        (0, count),
    )
    # Published at threshold 5, the figures it needs are not all shown.
    published = summary_csv(summarize(people, mini, threshold=5))
    assert attack(published, plus, minus) is None
    # The total is still shown in full.
    assert f"mini-readiness,2,all,all,power,{len(people)},{len(people)}," in published


def _published_sets(people: list[Response], summary_text: str) -> list[frozenset[str]]:
    """The respondents behind every figure of ``power`` an attacker has: each shown group, and
    each grouping's hidden lot (its total minus its shown groups)."""
    rows = [r for r in read_summary_csv(summary_text, "s.csv") if r["dimension"] == "power"]
    key = {
        "all": lambda r: "all",
        "region": lambda r: r.region,
        "sector": lambda r: r.sector,
        "country": lambda r: r.country,
    }
    sets = []
    for group_by, of in key.items():
        shown = {r["group"] for r in rows if r["group_by"] == group_by and r["mean"]}
        if not shown:
            continue
        for group in shown:
            sets.append(frozenset(p.path for p in people if of(p) == group))
        sets.append(frozenset(p.path for p in people if of(p) not in shown))
    return [s for s in sets if s]


@pytest.mark.parametrize("seed", range(25))
def test_no_sum_or_difference_of_three_figures_isolates_a_small_group(
    mini: Assessment, seed: int
) -> None:
    """An attacker adding and subtracting up to three published figures (groups of any
    grouping, hidden lots) never isolates between 1 and 4 respondents."""
    import itertools
    import random

    chance = random.Random(seed)
    codes = list(REGION_OF)
    people = [
        scored(f"r{n}", chance.choice(codes), chance.choice(("agriculture", "commerce")), 50)
        for n in range(chance.randint(15, 60))
    ]
    sets = _published_sets(people, summary_csv(summarize(people, mini, threshold=5)))
    everyone = [p.path for p in people]
    for size in (1, 2, 3):
        for chosen in itertools.combinations(sets, size):
            for signs in itertools.product((1, -1), repeat=size - 1):
                weights = dict.fromkeys(everyone, 0)
                for members, sign in zip(chosen, (1, *signs), strict=True):
                    for name in members:
                        weights[name] += sign
                values = set(weights.values())
                isolated = sum(1 for w in weights.values() if w == 1)
                if values <= {0, 1}:
                    assert isolated == 0 or isolated >= 5, (seed, chosen, signs)
