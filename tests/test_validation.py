"""One row per validator problem code: the code, the file and the line it is reported at."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from casebook.collection import load_collection
from casebook.problems import Severity

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
TODAY = date(2026, 11, 22)
CASE = "cases/kenya-solar-irrigation.md"
BASE = (MINI / CASE).read_text(encoding="utf-8")
MODULE = "courses/intro-course/01-why.md"
BASE_MODULE = (MINI / MODULE).read_text(encoding="utf-8")
CALL = "title: Call for cases 2027\nopens: 2026-11-01\ncloses: 2027-03-31\nthreshold: 1\n"
ASSESSMENT = "assessments/mini-readiness.md"
BASE_ASSESSMENT = (MINI / ASSESSMENT).read_text(encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    return root


def edit(old: str, new: str, base: str = BASE) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


# (id, file to write, its text or bytes, expected code, expected line)
ROWS: list[tuple[str, str, str | bytes, str, int]] = [
    ("no front matter", "cases/plain.md", "Just text\n", "missing-front-matter", 1),
    (
        "unclosed front matter",
        "cases/open.md",
        "---\ntitle: x\n\n## Context\n",
        "unclosed-front-matter",
        1,
    ),
    ("yaml syntax", CASE, edit("stage: scaling", "stage: [scaling"), "yaml-syntax", 13),
    ("tab", CASE, edit("  type: startup", "\ttype: startup"), "yaml-tab", 7),
    (
        "duplicate key",
        CASE,
        edit("stage: scaling", "stage: scaling\nstage: pilot"),
        "yaml-duplicate-key",
        13,
    ),
    (
        "alias",
        CASE,
        edit("sectors: [agriculture, energy]", "sectors: &s [agriculture]\nother: *s"),
        "yaml-alias",
        8,
    ),
    (
        "deep nesting",
        CASE,
        edit("stage: scaling", "stage: " + "[" * 40 + "]" * 40),
        "yaml-too-deep",
        12,
    ),
    ("not a mapping", "cases/list.md", "---\n- a\n- b\n---\n", "front-matter-not-mapping", 2),
    (
        "not utf-8",
        "cases/latin.md",
        BASE.replace("Smallholders", "Smallh\u00f6lders").encode("latin-1"),
        "not-utf8",
        36,
    ),
    ("oversized", "cases/huge.md", BASE + "word " * 60_000, "file-too-large", 1),
    (
        "unknown key",
        CASE,
        edit("stage: scaling", "stage: scaling\nrender_macros: true"),
        "unknown-field",
        13,
    ),
    ("missing key", CASE, edit("stage: scaling\n", ""), "missing-field", 1),
    ("wrong type", CASE, edit("countries: [KE]", "countries: KE"), "wrong-type", 4),
    (
        "vocabulary",
        CASE,
        edit("[agriculture, energy]", "[agriculure, energy]"),
        "not-in-vocabulary",
        8,
    ),
    (
        "too short",
        CASE,
        edit("title: Solar irrigation pumps for smallholders", "title: Solar"),
        "too-short",
        2,
    ),
    (
        "too long",
        CASE,
        edit("title: Solar irrigation pumps for smallholders", "title: " + "x" * 151),
        "too-long",
        2,
    ),
    ("too few", CASE, edit("sdgs: [2, 7]", "sdgs: []"), "too-few-items", 10),
    ("duplicate item", CASE, edit("sdgs: [2, 7]", "sdgs: [2, 2]"), "duplicate-item", 10),
    ("out of range", CASE, edit("sdgs: [2, 7]", "sdgs: [2, 18]"), "out-of-range", 10),
    ("year too late", CASE, edit("year: 2019", "year: 2031"), "out-of-range", 11),
    ("country name", CASE, edit("countries: [KE]", "countries: [Kenya]"), "unknown-country", 4),
    ("bad date", CASE, edit("submitted: 2025-01-15", "submitted: 15/01/2025"), "bad-date", 29),
    ("bad email", CASE, edit("editor@example.org", "editor-at-example"), "bad-email", 26),
    (
        "url scheme",
        CASE,
        edit("https://example.org/solar", "ftp://example.org/solar"),
        "url-scheme",
        22,
    ),
    (
        "future date",
        CASE,
        edit("submitted: 2025-01-15", "submitted: 2027-01-15"),
        "future-date",
        29,
    ),
    ("date order", CASE, edit("updated: 2025-02-01", "updated: 2024-02-01"), "date-order", 30),
    ("missing section", CASE, edit("## Results\n", "## Outcomes\n"), "missing-section", 33),
    (
        "section order",
        CASE,
        edit("## Context", "## Solution-x")
        .replace("## Solution\n", "## Context\n", 1)
        .replace("## Solution-x", "## Solution"),
        "section-order",
        34,
    ),
    ("bad file name", "cases/Bad_Name.md", BASE, "bad-file-name", 1),
    ("duplicate slug", "cases/2025/kenya-solar-irrigation.md", BASE, "duplicate-slug", 1),
    (
        "script tag",
        CASE,
        edit("Pumps are rented", "<script>alert(1)</script> Pumps are rented"),
        "active-html",
        40,
    ),
    (
        "event handler",
        CASE,
        edit("Pumps are rented", '<img src="x.png" onerror="alert(1)"> Pumps'),
        "active-html",
        40,
    ),
    (
        "html in title",  # shown as the text it is, everywhere; the contributor is told
        CASE,
        edit("title: Solar irrigation", "title: <script>x</script> Solar irrigation"),
        "markup-in-text",
        2,
    ),
    ("jinja in body", CASE, edit("Pumps are rented", "{{ config }} Pumps"), "jinja-syntax", 40),
    (
        "jinja in front matter",
        CASE,
        edit("name: Jua Maji (fixture)", 'name: "{% raw %}x"'),
        "jinja-syntax",
        6,
    ),
    (
        "javascript link",
        CASE,
        edit("Pumps are rented", "[x](javascript:alert(1)) Pumps"),
        "unsafe-url",
        40,
    ),
    (
        "http link",
        CASE,
        edit("Pumps are rented", "[x](http://example.org) Pumps"),
        "insecure-url",
        40,
    ),
    (
        "escaping link",
        CASE,
        edit("Pumps are rented", "![x](../../../etc/passwd) Pumps"),
        "unsafe-path",
        40,
    ),
    ("absolute path", CASE, edit("Pumps are rented", "[x](/etc/passwd) Pumps"), "unsafe-path", 40),
    ("broken link", CASE, edit("Pumps are rented", "[x](missing.md) Pumps"), "broken-link", 40),
    (
        "placeholder",
        CASE,
        edit("Pumps are rented", "[[TODO: describe the solution]]"),
        "placeholder",
        40,
    ),
    ("unexpected file", "cases/notes.txt", "notes", "unexpected-file", 1),
    (
        "dangling reference",
        MODULE,
        edit("cases: [kenya-solar-irrigation]", "cases: [kenya-solar-irigation]", BASE_MODULE),
        "dangling-reference",
        6,
    ),
    (
        "draft reference",
        MODULE,
        edit("cases: [kenya-solar-irrigation]", "cases: [draft-peru-tourism]", BASE_MODULE),
        "unpublished-reference",
        6,
    ),
    (
        "quiz answer",
        MODULE,
        edit("answer: 1", "answer: 2", BASE_MODULE),
        "quiz-answer-out-of-range",
        11,
    ),
    (
        "module number",
        "courses/intro-course/01-again.md",
        BASE_MODULE,
        "duplicate-module-number",
        1,
    ),
    ("module name", "courses/intro-course/three.md", BASE_MODULE, "bad-file-name", 1),
    (
        "bad slug reference",
        MODULE,
        edit("cases: [kenya-solar-irrigation]", "cases: [Kenya_Solar]", BASE_MODULE),
        "bad-slug",
        6,
    ),
    (
        "missing sources",
        CASE,
        edit("sources:\n  - title: Fixture source\n    url: https://example.org/solar\n", ""),
        "missing-sources",
        1,
    ),
    *[
        (name, ASSESSMENT, edit(old, new, BASE_ASSESSMENT), code, line)
        for name, old, new, code, line in [
            (
                "assessment: unknown challenge",
                "[affordability]",
                "[afordability]",
                "not-in-vocabulary",
                21,
            ),
            ("assessment: unknown sector", "[energy]", "[energie]", "not-in-vocabulary", 22),
            ("assessment: unknown technology", "[mobile]", "[mobiles]", "not-in-vocabulary", 40),
            ("assessment: score too high", "score: 4", "score: 5", "out-of-range", 47),
            (
                "assessment: negative score",
                "generator, score: 0",
                "generator, score: -1",
                "out-of-range",
                27,
            ),
            (
                "assessment: dimension without questions",
                "    questions:\n      - id: skills-training",
                "    questions: []\n    unused:\n      - id: skills-training",
                "too-few-items",
                41,
            ),
            (
                "assessment: duplicate question id",
                "id: power-backup",
                "id: power-source",
                "duplicate-id",
                30,
            ),
            ("assessment: bands out of order", "from: 60", "from: 0", "band-order", 14),
            ("assessment: first band above 0", "from: 0", "from: 10", "band-start", 10),
            (
                "assessment: question that cannot score",
                '{text: "Yes", score: 1}',
                '{text: "Yes", score: 0}',
                "question-cannot-score",
                32,
            ),
            (
                "assessment: dimension pointing nowhere",
                "    points_to:\n      challenges: [skills]\n      technologies: [mobile]\n",
                "    points_to: {}\n",
                "no-terms",
                38,
            ),
            (
                "assessment: unknown key",
                "      - id: power-backup\n",
                "      - id: power-backup\n        weight: 2\n",
                "unknown-field",
                31,
            ),
        ]
    ],
    *[
        (name, "call-for-cases.yml", CALL.replace(old, new, 1), code, line)
        for name, old, new, code, line in [
            (
                "call: closes before it opens",
                "closes: 2027-03-31",
                "closes: 2026-10-01",
                "date-order",
                3,
            ),
            ("call: not a date", "opens: 2026-11-01", "opens: 1 November 2026", "bad-date", 2),
            (
                # The links come from the site's one repository setting (extra.repository).
                "call: its own repository",
                "threshold: 1",
                "repository: https://github.com/o/r\nthreshold: 1",
                "moved-setting",
                4,
            ),
            ("call: unknown key", "threshold: 1", "treshold: 1", "unknown-field", 4),
            ("call: missing key", "closes: 2027-03-31\n", "", "missing-field", 1),
            ("call: yaml", "threshold: 1", "threshold: [1", "yaml-syntax", 4),
        ]
    ],
]


@pytest.mark.parametrize(
    ("relative", "content", "code", "line"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_problem_is_reported_with_code_file_and_line(
    tree: Path, relative: str, content: str | bytes, code: str, line: int
) -> None:
    target = tree / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    os.chdir(tree.parent)
    _, report = load_collection(Path("content"), today=TODAY)
    found = [(p.path, p.code, p.line) for p in report.problems]
    assert (f"content/{relative}", code, line) in found, found


def test_fixture_tree_is_clean() -> None:
    collection, report = load_collection(MINI, today=TODAY)
    assert report.problems == ()
    assert [c.slug for c in collection.published_cases] == [
        "china-textile-platform",
        "kenya-solar-irrigation",
    ]
    assert collection.courses[0].duration_minutes == 45


def test_every_problem_is_collected_in_one_run(tree: Path) -> None:
    broken = (
        edit("stage: scaling", "stage: scalling")
        .replace("sdgs: [2, 7]", "sdgs: [0]")
        .replace("## Results\n", "")
    )
    (tree / CASE).write_text(broken, encoding="utf-8")
    _, report = load_collection(tree, today=TODAY)
    assert {p.code for p in report.problems} == {
        "not-in-vocabulary",
        "out-of-range",
        "missing-section",
    }


def test_problems_are_sorted_and_missing_sources_is_a_warning(tree: Path) -> None:
    (tree / CASE).write_text(
        edit("sources:\n  - title: Fixture source\n    url: https://example.org/solar\n", ""),
        encoding="utf-8",
    )
    _, report = load_collection(tree, today=TODAY)
    assert [p.severity for p in report.problems] == [Severity.WARNING]
    assert report.is_valid() and not report.is_valid(strict=True)


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("countries: [Kenya]", "'Kenya' is a country name: use the code KE"),
        ("countries: [KEN]", "'KEN' is a country code: use the code KE"),
        ("countries: [Keyna]", "did you mean KE (Kenya)?"),
        ("countries: [ke]", "use the code KE"),
        ("countries: [NO]", None),  # Norway stays a country code, not the boolean false
    ],
)
def test_country_suggestions(tree: Path, value: str, hint: str | None) -> None:
    (tree / CASE).write_text(edit("countries: [KE]", value), encoding="utf-8")
    _, report = load_collection(tree, today=TODAY)
    messages = [p.message for p in report.problems]
    if hint is None:
        assert messages == []
    else:
        assert any(hint in m for m in messages), messages


def test_symlink_pointing_outside_is_rejected(tree: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(BASE, encoding="utf-8")
    (tree / "cases" / "linked.md").symlink_to(secret)
    _, report = load_collection(tree, today=TODAY)
    assert [p.code for p in report.problems] == ["unsafe-symlink"]


def test_alias_bomb_is_refused_quickly(tree: Path) -> None:
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
            for i in range(20)
        )
        + "---\n"
    )
    (tree / "cases" / "bomb.md").write_text(bomb, encoding="utf-8")
    _, report = load_collection(tree, today=TODAY)
    assert ("yaml-alias", 2) in [(p.code, p.line) for p in report.problems]


def test_very_deep_nesting_does_not_crash(tree: Path) -> None:
    deep: Callable[[int], str] = lambda n: "---\na: " + "[" * n + "]" * n + "\n---\n"  # noqa: E731
    (tree / "cases" / "deep.md").write_text(deep(30_000), encoding="utf-8")
    _, report = load_collection(tree, today=TODAY)
    assert [p.code for p in report.problems] == ["yaml-too-deep"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("metric: Farmers served", "metric: 'Data: farmers served'"),  # text may start "Data:"
        ("## Context", "## Context {#context}"),  # a Markdown heading id is not a Jinja comment
    ],
)
def test_valid_text_is_not_mistaken_for_code(tree: Path, old: str, new: str) -> None:
    (tree / CASE).write_text(edit(old, new), encoding="utf-8")
    _, report = load_collection(tree, today=TODAY)
    assert report.problems == ()


def test_a_draft_course_may_point_at_draft_cases(tree: Path) -> None:
    index = tree / "courses" / "intro-course" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    module = tree / MODULE
    module.write_text(
        edit("cases: [kenya-solar-irrigation]", "cases: [draft-peru-tourism]", BASE_MODULE),
        encoding="utf-8",
    )
    collection, report = load_collection(tree, today=TODAY)
    assert report.problems == ()
    assert collection.published_courses == ()


@pytest.mark.parametrize("fenced", [False, True])
def test_headings_and_their_lines(fenced: bool) -> None:
    from casebook.documents import parse_document
    from casebook.rules import headings

    fence = "```\n## Not a heading\n```\n" if fenced else ""
    raw = f"---\na: 1\n---\nintro\n## First\ntext\n### Sub\n{fence}## Second {{#second}}\n\n##Third\n".encode()
    document = parse_document(raw, Path("x.md"), "x.md").document
    assert document is not None
    shift = 3 if fenced else 0
    assert headings(document) == [("First", 5), ("Second", 8 + shift)]


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        ("## Context\n## Solution\n## Results\n## Lessons learned\n", []),
        (
            "## Solution\n## Context\n## Solution\n## Results\n## Lessons learned\n",
            ["section-order"],
        ),
        ("## context\n## Context\n## Solution\n## Results\n## Lessons learned\n", []),
        ("## Context\n## Solution\n## Lessons learned\n## Results\n", ["section-order"]),
        (
            "```\n## Context\n```\n## Solution\n## Results\n## Lessons learned\n",
            ["missing-section"],
        ),
    ],
)
def test_section_order_fast_and_full_paths_agree(body: str, codes: list[str]) -> None:
    from casebook.documents import parse_document
    from casebook.rules import check_sections

    raw = f"---\na: 1\n---\n{body}".encode()
    document = parse_document(raw, Path("x.md"), "x.md").document
    assert document is not None
    required = ("Context", "Solution", "Results", "Lessons learned")
    assert [p.code for p in check_sections(document, required)] == codes


def test_language_codes_are_pycountrys() -> None:
    import pycountry

    from casebook.schemas import language_codes

    codes = language_codes()
    expected = {
        code
        for language in pycountry.languages
        for code in (getattr(language, "alpha_2", None), language.alpha_3)
        if code
    }
    assert codes == expected
    assert {"en", "sw", "zul", "yue"} <= codes and not {"xx", "e", "engl"} & codes
