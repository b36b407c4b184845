"""The synthetic corpus: valid, deterministic, covering every vocabulary term; and its script."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from casebook.cases import Case
from casebook.collection import Collection, load_collection
from casebook.guidelines import Guideline
from casebook.problems import Report
from casebook.synthetic import (
    DEFAULT_TODAY,
    MIN_CASES,
    CorpusExistsError,
    CorpusSummary,
    build_corpus,
    generate_corpus,
    write_translations,
)
from casebook.vocabularies import regions, vocabulary

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "generate_corpus.py"
SIZES = (40, 120)

Loaded = tuple[CorpusSummary, Path, Collection, Report]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Loaded]:
    """One written and loaded tree per size, shared by the read-only tests below."""
    result = {}
    for size in SIZES:
        out = tmp_path_factory.mktemp(f"corpus-{size}")
        summary = generate_corpus(out, size, seed=size)
        collection, report = load_collection(out, today=DEFAULT_TODAY)
        result[size] = (summary, out, collection, report)
    return result


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("size", SIZES)
def test_generated_tree_validates_without_any_problem(
    corpora: dict[int, Loaded], size: int
) -> None:
    _, _, _, report = corpora[size]
    assert report.problems == (), report.render_text()


@pytest.mark.parametrize("size", SIZES)
def test_generated_tree_is_also_valid_on_the_real_date(tmp_path: Path, size: int) -> None:
    # Dates are fixed, never taken from the clock, so a tree generated today stays valid later.
    generate_corpus(tmp_path, size, seed=3)
    _, report = load_collection(tmp_path)
    assert report.problems == (), report.render_text()


@pytest.mark.parametrize("size", SIZES)
def test_row_counts_match_the_summary(corpora: dict[int, Loaded], size: int) -> None:
    summary, _, collection, _ = corpora[size]
    assert len(collection.cases) == summary.cases == size
    assert len(collection.published_cases) == summary.published_cases
    assert summary.drafts == round(size * 0.05)
    assert len(collection.courses) == summary.courses == 1
    assert sum(len(c.modules) for c in collection.courses) == summary.modules
    assert all(4 <= len(c.modules) <= 8 for c in collection.courses)
    assert len(collection.guidelines) == summary.guidelines == len(vocabulary("instrument").terms)


def test_course_and_guideline_counts_grow_with_the_collection() -> None:
    summary = build_corpus(1_000, seed=1).summary
    assert (summary.courses, summary.guidelines) == (2, 10)


@pytest.mark.parametrize("size", SIZES)
def test_drafts_are_present_and_never_referenced(corpora: dict[int, Loaded], size: int) -> None:
    _, _, collection, _ = corpora[size]
    drafts = {c.slug for c in collection.cases if not c.published}
    assert len(drafts) == round(size * 0.05)
    referenced = {slug for g in collection.guidelines for slug in g.evidence}
    referenced |= {slug for c in collection.courses for m in c.modules for slug in m.cases}
    assert referenced and not referenced & drafts


def _case_terms(attribute: str) -> Callable[[Case], Iterable[object]]:
    def terms(case: Case) -> Iterable[object]:
        value = getattr(case, attribute)
        return value if isinstance(value, tuple) else (value,)

    return terms


CASE_VOCABULARIES = [
    ("organization-type", "organization_type"),
    ("sector", "sectors"),
    ("technology", "technologies"),
    ("stage", "stage"),
    ("challenge", "challenges"),
    ("license", "license"),
    ("sdg", "sdgs"),
]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(("name", "attribute"), CASE_VOCABULARIES)
def test_published_cases_use_every_term(
    corpora: dict[int, Loaded], size: int, name: str, attribute: str
) -> None:
    _, _, collection, _ = corpora[size]
    used = {str(t) for c in collection.published_cases for t in _case_terms(attribute)(c)}
    assert used == set(vocabulary(name).terms)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    ("name", "terms_of"),
    [
        ("instrument", lambda g: (g.instrument,)),
        ("policy-audience", lambda g: g.audience),
    ],
)
def test_guidelines_use_every_term(
    corpora: dict[int, Loaded],
    size: int,
    name: str,
    terms_of: Callable[[Guideline], Iterable[str]],
) -> None:
    _, _, collection, _ = corpora[size]
    used = {t for g in collection.guidelines for t in terms_of(g)}
    assert used == set(vocabulary(name).terms)


@pytest.mark.parametrize("size", SIZES)
def test_cases_span_every_inhabited_region_and_many_countries(
    corpora: dict[int, Loaded], size: int
) -> None:
    _, _, collection, _ = corpora[size]
    cases = collection.published_cases
    assert {r for c in cases for r in c.regions} == set(regions()) - {"Antarctica"}
    assert len({code for c in cases for code in c.countries}) >= len(cases) * 0.9


@pytest.mark.parametrize("size", SIZES)
def test_cases_look_like_real_ones(corpora: dict[int, Loaded], size: int) -> None:
    _, _, collection, _ = corpora[size]
    cases = collection.cases
    assert all(c.example and c.outcomes and 1 <= len(c.sources) <= 2 for c in cases)
    assert all(s.url.startswith("https://example.org/") for c in cases for s in c.sources)
    assert 40 <= sum(len(c.title) for c in cases) / len(cases) <= 90
    assert 150 <= sum(len(c.summary) for c in cases) / len(cases) <= 260
    words = [len(c.body.split()) for c in cases]
    assert min(words) >= 150 and max(words) <= 400
    assert len({c.body for c in cases}) == len(cases)


@pytest.mark.parametrize("size", SIZES)
def test_the_distinctive_word_is_in_one_published_case_only(
    corpora: dict[int, Loaded], size: int
) -> None:
    summary, out, collection, _ = corpora[size]
    word = summary.distinctive_word.encode()
    holders = [path for path, data in _files(out).items() if word in data]
    assert holders == [f"cases/{summary.distinctive_case}.md"]
    assert collection.case(summary.distinctive_case).published


def test_same_arguments_write_the_same_bytes(tmp_path: Path) -> None:
    generate_corpus(tmp_path / "first", 40, seed=5)
    generate_corpus(tmp_path / "second", 40, seed=5)
    first = _files(tmp_path / "first")
    assert len(first) > 40
    assert first == _files(tmp_path / "second")


@pytest.mark.parametrize(
    ("cases", "seed", "least_changed_share"),
    [
        (40, 6, 0.9),  # another seed: another corpus
        (41, 5, 0.01),  # one more case: still a different corpus
    ],
)
def test_other_arguments_write_other_files(
    cases: int, seed: int, least_changed_share: float
) -> None:
    reference = build_corpus(40, seed=5)
    other = build_corpus(cases, seed=seed)
    changed = [p for p, text in other.files.items() if reference.files.get(p) != text]
    assert len(changed) >= least_changed_share * len(other.files)
    assert other.files != reference.files


CASE_KEY_ORDER = [
    "title", "summary", "countries", "organization", "sectors", "technologies", "sdgs", "year",
    "stage", "challenges", "outcomes", "sources", "contributor", "license", "status", "submitted",
    "updated", "example",
]  # fmt: skip


def test_front_matter_has_no_anchors_and_keeps_one_key_order() -> None:
    corpus = build_corpus(MIN_CASES, seed=1)
    for path, text in corpus.files.items():
        front = text.split("\n---\n", 1)[0]
        assert "&" not in front and "*" not in front, path
        if path.startswith("cases/"):
            keys = [line.split(":", 1)[0] for line in front.splitlines() if line[:1].isalpha()]
            assert keys == [k for k in CASE_KEY_ORDER if k in keys], path


@pytest.mark.parametrize("cases", [0, MIN_CASES - 1])
def test_too_few_cases_to_cover_the_vocabularies_are_refused(cases: int) -> None:
    with pytest.raises(ValueError, match=f"at least {MIN_CASES} cases"):
        build_corpus(cases, seed=1)


def test_a_folder_with_files_is_refused_unless_replaced(tmp_path: Path) -> None:
    generate_corpus(tmp_path, 120, seed=1)
    with pytest.raises(CorpusExistsError):
        generate_corpus(tmp_path, 40, seed=1)
    generate_corpus(tmp_path, 40, seed=1, replace=True)
    collection, report = load_collection(tmp_path, today=DEFAULT_TODAY)
    assert report.problems == ()
    assert len(collection.cases) == 40


# --- The script -------------------------------------------------------------------------------


def _expected_line(template: str, out: Path, cases: int, seed: int) -> str:
    """The exact line, with the few values only the generator knows filled in."""
    s = build_corpus(cases, seed).summary
    return template.format(
        out=out, modules=s.modules, word=s.distinctive_word, slug=s.distinctive_case
    )


def test_script_writes_a_valid_tree_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    command = [sys.executable, str(SCRIPT), "--cases", "40", "--seed", "7", "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == _expected_line(
        "Wrote 40 cases (2 drafts), 1 course ({modules} modules) and 9 guidelines to {out}; "
        "'{word}' appears only in cases/{slug}.md\n",
        out,
        40,
        7,
    )
    _, report = load_collection(out, today=DEFAULT_TODAY)
    assert report.problems == ()


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("arguments", "prepare", "exit_code", "stdout", "stderr"),
    [
        (
            ["--cases", "5"],
            None,
            2,
            "",
            "generate_corpus.py: at least 20 cases are needed to use every vocabulary term, got 5\n",
        ),
        (
            ["--cases", "40"],
            "notes.txt",
            2,
            "",
            "generate_corpus.py: '{out}' is not empty: choose an empty folder or replace its content\n",
        ),
        (
            ["--cases", "20", "--force"],
            "notes.txt",
            0,
            "Wrote 20 cases (1 draft), 1 course ({modules} modules) and 9 guidelines to {out}; "
            "'{word}' appears only in cases/{slug}.md\n",
            "",
        ),
    ],
)
def test_script_exit_codes_and_messages(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    prepare: str | None,
    exit_code: int,
    stdout: str,
    stderr: str,
) -> None:
    out = tmp_path / "corpus"
    if prepare:
        out.mkdir()
        (out / prepare).write_text("kept\n", encoding="utf-8")
    main: Any = _script().main
    assert main([*arguments, "--seed", "2", "--out", str(out)]) == exit_code
    captured = capsys.readouterr()
    expected_out = _expected_line(stdout, out, 20, 2) if stdout else ""
    assert (captured.out, captured.err) == (expected_out, stderr.format(out=out))
    if prepare:
        assert (out / prepare).read_text(encoding="utf-8") == "kept\n"


def test_synthetic_translations_validate_and_reach_every_tenth_case(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate_corpus(content, 40, seed=3)
    assert write_translations(content, ["ar", "zh", "fr", "ru", "es"]) == 20
    collection, report = load_collection(content, today=DEFAULT_TODAY)
    assert report.problems == ()
    translated = [case for case in collection.cases if case.translations]
    assert len(translated) == 4
    assert sorted(t.lang for t in translated[0].translations) == ["ar", "es", "fr", "ru", "zh"]
    assert translated[0].translations[0].title.endswith(f"[{translated[0].translations[0].lang}]")
