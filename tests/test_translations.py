"""Translations: one row per problem a translation can have, its models and its text."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from translation_tree import (
    ASSESSMENT,
    CHINA,
    COURSE,
    GUIDELINE,
    KENYA,
    commit,
    copy_tree,
    translate,
    translated_tree,
)

from casebook.collection import load_collection
from casebook.problems import Severity
from casebook.scoring import score_answers
from casebook.translations import (
    CURRENT,
    FALLBACK,
    OUTDATED,
    localize,
    missing_languages,
    split_translation_name,
    translation_status,
)

TODAY = date(2026, 11, 22)
KENYA_FR = "cases/kenya-solar-irrigation.fr.md"
CHINA_AR = "cases/china-textile-platform.ar.md"
GUIDELINE_FR = "guidelines/solar-sandbox.fr.md"
ASSESSMENT_FR = "assessments/mini-readiness.fr.md"


def edit(root: Path, relative: str, old: str, new: str) -> str:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path.read_text("utf-8")


def line_of(root: Path, relative: str, needle: str) -> int:
    lines = (root / relative).read_text("utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def copy_as(root: Path, source: str, target: str) -> None:
    (root / target).write_text((root / source).read_text("utf-8"), "utf-8")


def change_and_commit(root: Path, relative: str, old: str, new: str) -> None:
    edit(root, relative, old, new)
    commit(root, f"{relative} changes")


# (id, change to the tree, file, code, needle of the reported line (None: line 1), severity)
Change = Callable[[Path], object]
ROWS: list[tuple[str, Change, str, str, str | None, Severity]] = [
    (
        "a fact in a translation",
        lambda r: edit(r, CHINA_AR, "fingerprint:", "countries: [CN]\nfingerprint:"),
        CHINA_AR,
        "fact-in-translation",
        "countries:",
        Severity.ERROR,
    ),
    (
        "a nested fact (the organisation's type)",
        lambda r: edit(r, CHINA_AR, "  name: ", "  type: startup\n  name: "),
        CHINA_AR,
        "fact-in-translation",
        "type: startup",
        Severity.ERROR,
    ),
    (
        "a section under its English heading",
        lambda r: edit(r, CHINA_AR, "## السياق", "## Context"),
        CHINA_AR,
        "missing-section",
        "---\n",  # reported where the body starts
        Severity.ERROR,
    ),
    (
        "a language the site does not have",
        lambda r: copy_as(r, KENYA_FR, "cases/kenya-solar-irrigation.de.md"),
        "cases/kenya-solar-irrigation.de.md",
        "unknown-language",
        None,
        Severity.ERROR,
    ),
    (
        "a translation into the original's language",
        lambda r: copy_as(r, KENYA_FR, "cases/kenya-solar-irrigation.en.md"),
        "cases/kenya-solar-irrigation.en.md",
        "translation-in-original-language",
        None,
        Severity.ERROR,
    ),
    (
        "a fingerprint of no version of the original",
        lambda r: edit(r, GUIDELINE_FR, "fingerprint: ", "fingerprint: 0123456789abcdef\n# "),
        GUIDELINE_FR,
        "unknown-fingerprint",
        "fingerprint:",
        Severity.ERROR,
    ),
    (
        "an outdated translation",
        lambda r: None,
        KENYA_FR,
        "outdated-translation",
        "fingerprint:",
        Severity.WARNING,
    ),
    (
        "a translation without its original",
        lambda r: copy_as(r, KENYA_FR, "cases/nowhere.fr.md"),
        "cases/nowhere.fr.md",
        "orphan-translation",
        None,
        Severity.ERROR,
    ),
    (
        "one outcome too many",
        lambda r: edit(r, KENYA_FR, "outcomes:\n", "outcomes:\n- metric: Extra\n  unit: farmers\n"),
        KENYA_FR,
        "translation-mismatch",
        "outcomes:",
        Severity.ERROR,
    ),
    (
        "an empty title (the translation's own schema)",
        lambda r: edit(r, GUIDELINE_FR, "title: Bac", "title: ''\nx: Bac"),
        GUIDELINE_FR,
        "too-short",
        "title:",
        Severity.ERROR,
    ),
    (
        "markup the sanitiser removes, in the body",
        lambda r: edit(r, GUIDELINE_FR, "Open a sandbox.", "Open <script>x()</script> it."),
        GUIDELINE_FR,
        "active-html",
        "Open <script>",
        Severity.ERROR,
    ),
    # A self-assessment: its ids, scores and band starts are facts; its words are not.
    (
        "an assessment translation with its own score",
        lambda r: edit(
            r,
            ASSESSMENT_FR,
            "    - text: Tout le monde\n",
            "    - text: Tout le monde\n      score: 1\n",
        ),
        ASSESSMENT_FR,
        "fact-in-translation",
        "score: 1",
        Severity.ERROR,
    ),
    (
        "an assessment translation with a question id",
        lambda r: edit(r, ASSESSMENT_FR, "  - text: D'où", "  - id: power-source\n    text: D'où"),
        ASSESSMENT_FR,
        "fact-in-translation",
        "id: power-source",
        Severity.ERROR,
    ),
    (
        "an assessment translation with a band start",
        lambda r: edit(r, ASSESSMENT_FR, "- label: Avancé\n", "- label: Avancé\n  from: 50\n"),
        ASSESSMENT_FR,
        "fact-in-translation",
        "from: 50",
        Severity.ERROR,
    ),
    (
        "an assessment translation with a dimension's terms",
        lambda r: edit(
            r,
            ASSESSMENT_FR,
            "- title: Énergie",
            "- points_to: {sectors: [energy]}\n  title: Énergie",
        ),
        ASSESSMENT_FR,
        "fact-in-translation",
        "points_to:",
        Severity.ERROR,
    ),
    (
        "an assessment translation with one option too few",
        lambda r: edit(r, ASSESSMENT_FR, "    - text: Un groupe électrogène\n", ""),
        ASSESSMENT_FR,
        "translation-mismatch",
        "  options:",  # the first question's options
        Severity.ERROR,
    ),
    (
        "an assessment translation with a question more",
        lambda r: edit(
            r,
            ASSESSMENT_FR,
            "  - text: D'où",
            "  - text: Une question de trop ?\n    options:\n    - text: Non\n    - text: Oui\n"
            "  - text: D'où",
        ),
        ASSESSMENT_FR,
        "translation-mismatch",
        "  questions:",  # the first dimension's
        Severity.ERROR,
    ),
    (
        "an assessment translation with help the original lacks",
        lambda r: edit(
            r,
            ASSESSMENT_FR,
            "    options:\n    - text: Un",
            "    help: Une aide.\n    options:\n    - text: Un",
        ),
        ASSESSMENT_FR,
        "translation-mismatch",
        "help: Une aide.",
        Severity.ERROR,
    ),
    (
        "an assessment translation with a fingerprint of no version",
        lambda r: edit(r, ASSESSMENT_FR, "fingerprint: ", "fingerprint: 0123456789abcdef\n# "),
        ASSESSMENT_FR,
        "unknown-fingerprint",
        "fingerprint:",
        Severity.ERROR,
    ),
    (
        "an assessment translation whose original's words changed",
        lambda r: change_and_commit(r, ASSESSMENT, "Keep improving.", "Keep getting better."),
        ASSESSMENT_FR,
        "outdated-translation",
        "fingerprint:",
        Severity.WARNING,
    ),
]


@pytest.mark.parametrize(
    ("change", "relative", "code", "needle", "severity"),
    [row[1:] for row in ROWS],
    ids=[row[0] for row in ROWS],
)
def test_translation_problem_has_code_file_and_line(
    tmp_path: Path,
    change: Change,
    relative: str,
    code: str,
    needle: str | None,
    severity: Severity,
) -> None:
    root = translated_tree(tmp_path)
    change(root)
    os.chdir(tmp_path)
    _, report = load_collection(Path("content"), today=TODAY)
    if needle is None:
        line = 1
    elif needle == "---\n":
        line = (root / relative).read_text("utf-8").split("\n").index("---", 1) + 2
    else:
        line = line_of(root, relative, needle)
    found = [(p.path, p.code, p.line, p.severity) for p in report.problems]
    assert (f"content/{relative}", code, line, severity) in found, found


def test_the_translated_tree_is_valid_but_for_the_outdated_warnings(tmp_path: Path) -> None:
    root = translated_tree(tmp_path)
    _, report = load_collection(root, today=TODAY)
    assert report.errors == ()
    assert sorted(p.path.rsplit("/", 1)[-1] for p in report.warnings) == [
        "kenya-solar-irrigation.ar.md",
        "kenya-solar-irrigation.fr.md",
        "kenya-solar-irrigation.zh.md",
    ]


def test_outside_git_a_changed_original_is_said_to_be_unverifiable(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    translate(root, KENYA, "fr", "Pompes solaires")
    edit(root, KENYA, "Yields rose", "Dry-season yields rose")
    collection, report = load_collection(root, today=TODAY)
    assert [(p.code, p.severity) for p in report.problems] == [
        ("translation-unverified", Severity.WARNING)
    ]
    assert "not in a git checkout" in report.problems[0].message
    assert translation_status(collection.case("kenya-solar-irrigation"), "fr") == OUTDATED


def test_a_translation_changed_after_a_commit_stays_current(tmp_path: Path) -> None:
    root = translated_tree(tmp_path)
    edit(root, GUIDELINE_FR, "Open a sandbox.", "Ouvrir un bac à sable.")
    commit(root, "translated text")
    collection, report = load_collection(root, today=TODAY)
    assert report.errors == ()
    guideline = collection.guideline("solar-sandbox")
    assert translation_status(guideline, "fr") == CURRENT
    assert "Ouvrir un bac à sable." in localize(guideline, "fr").rendered.html


def test_models_carry_translations_and_localize_keeps_the_facts(tmp_path: Path) -> None:
    root = translated_tree(tmp_path)
    collection, _ = load_collection(root, today=TODAY)
    kenya = collection.case("kenya-solar-irrigation")
    assert {t.lang: t.status for t in kenya.translations} == {
        "fr": OUTDATED,
        "zh": OUTDATED,
        "ar": OUTDATED,
    }
    china = collection.case("china-textile-platform")
    assert translation_status(china, "ar") == CURRENT
    assert translation_status(china, "fr") == FALLBACK
    arabic = localize(china, "ar")
    assert arabic.title == "منصة رقمية لصناعة النسيج"
    assert (arabic.countries, arabic.sdgs, arabic.year) == (china.countries, china.sdgs, china.year)
    assert [s.url for s in arabic.sources] == [s.url for s in china.sources]
    assert "<h2" in arabic.rendered.html and "السياق" in arabic.rendered.html
    assert localize(china, "fr") is china
    assert collection.languages is not None
    assert missing_languages(china, collection.languages, "en") == ("fr", "zh")
    assert missing_languages(kenya, collection.languages, "en") == ()
    course = collection.courses[0]
    chinese = localize(course, "zh")
    assert chinese.title == "数字工具入门"
    assert [m.title for m in chinese.modules] == [m.title for m in course.modules]


def test_an_assessment_in_french_scores_as_the_original(tmp_path: Path) -> None:
    root = translated_tree(tmp_path)
    collection, _ = load_collection(root, today=TODAY)
    original = collection.assessments[0]
    assert translation_status(original, "fr") == CURRENT
    assert translation_status(original, "zh") == FALLBACK
    french = localize(original, "fr")
    assert french.title == "Un petit diagnostic de préparation"
    assert [b.label for b in french.bands] == ["Débutant", "Avancé"]
    assert french.dimensions[0].title == "Énergie et connexion"
    assert french.dimensions[1].title == "Skills and people"  # left in English by the fixture
    assert french.questions[0].text == "D'où vient votre électricité\u00a0?"
    assert [o.text for o in french.questions[0].options] == [
        "Un groupe électrogène",
        "The grid",
        "Le solaire, avec stockage",
    ]
    assert "Une courte introduction pour les tests." in french.rendered.html
    # The facts are the original's: ids, scores, band starts, the terms each dimension points to.
    assert [(b.id, b.start) for b in french.bands] == [(b.id, b.start) for b in original.bands]
    assert [(d.id, d.challenges, d.technologies, d.sectors) for d in french.dimensions] == [
        (d.id, d.challenges, d.technologies, d.sectors) for d in original.dimensions
    ]
    assert [(q.id, [o.score for o in q.options]) for q in french.questions] == [
        (q.id, [o.score for o in q.options]) for q in original.questions
    ]
    assert (french.slug, french.version, french.status) == (
        original.slug,
        original.version,
        original.status,
    )
    answers = {"power-source": 1, "power-backup": 1, "skills-training": 2}
    assert score_answers(french, answers) == score_answers(original, answers)
    assert localize(original, "zh") is original


def test_an_assessment_s_scores_change_without_outdating_its_translation(tmp_path: Path) -> None:
    root = translated_tree(tmp_path)
    change_and_commit(root, ASSESSMENT, '"Everyone", score: 4', '"Everyone", score: 3')
    collection, report = load_collection(root, today=TODAY)
    assert report.errors == ()
    assert [p.code for p in report.warnings if "mini-readiness" in p.path] == []
    original = collection.assessments[0]
    assert translation_status(original, "fr") == CURRENT
    assert [o.score for o in localize(original, "fr").questions[-1].options] == [0, 2, 3]


def test_links_in_a_translation_lead_to_the_same_language(tmp_path: Path) -> None:
    root = translated_tree(tmp_path)
    edit(
        root, GUIDELINE_FR, "Open a sandbox.", "Voir [le cas](../cases/kenya-solar-irrigation.md)."
    )
    commit(root, "a link")
    collection, report = load_collection(root, today=TODAY)
    assert report.errors == ()
    html = localize(collection.guideline("solar-sandbox"), "fr").rendered.html
    assert 'href="../cases/kenya-solar-irrigation.html"' in html  # both under fr/


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kenya.fr.md", ("kenya", "fr")),
        ("01-why.zh.md", ("01-why", "zh")),
        ("index.pt-BR.md", ("index", "pt-BR")),
        ("kenya.md", None),
        ("kenya.fr.txt", None),
        ("a.b.c.md", None),
    ],
)
def test_translation_file_names(name: str, expected: tuple[str, str] | None) -> None:
    assert split_translation_name(name) == expected


def test_course_and_china_scaffolds_are_valid_translations(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    for relative in (CHINA, COURSE, "courses/intro-course/01-why.md", GUIDELINE, ASSESSMENT):
        translate(root, relative, "zh", "标题")
    _, report = load_collection(root, today=TODAY)
    assert report.problems == ()


def test_a_fingerprint_that_looks_like_a_number_stays_text(tmp_path: Path) -> None:
    root = copy_tree(tmp_path)
    target = translate(root, KENYA, "fr", "Pompes solaires")
    text = target.read_text("utf-8")
    written = text.split('fingerprint: "', 1)[1][:16]
    target.write_text(text.replace(written, "12e4567890123456"), "utf-8")
    _, report = load_collection(root, today=TODAY)
    assert [p.code for p in report.problems] == ["translation-unverified"]  # a string, not 1.2e4566
