"""Reading front matter: the fast (yaml-rs) and strict (PyYAML) readers must agree."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.documents import _NOT_LOADED, _load_fast, load_strict, parse_document
from casebook.synthetic import build_corpus

ROOT = Path(__file__).resolve().parent.parent

SNIPPETS = [
    "a: no\nb: NO\nc: yes\nd: off\ne: true\nf: False",
    "a: 2024-01-01\nb: 2024-01-01T10:00:00",
    "a: 010\nb: 0o17\nc: 0x1F\nd: -5\ne: +3",
    "a: 1e3\nb: 1.5\nc: .5\nd: .inf\ne: -.inf\nf: 1.",
    "a: 1:30\nb: 190:20:30",
    "a: ~\nb: null\nc:\nd: Null",
    "a: 'quoted: text'\nb: \"esc\\u00e9 \\x3c\"\nc: plain text # comment",
    "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
    "a: [KE, ZA, NO]\nb: {name: X, type: startup}\nc:\n  - x: 1\n    y: [1, 2]",
    "a: 1_000",
    "a: &x 1\nb: *x",
    "a: !!str 5",
    "? complex\n: key",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_fast_reader_agrees_with_strict_reader(text: str) -> None:
    fast = _load_fast(text + "\n")
    try:
        strict = load_strict(text + "\n")
    except Exception:
        assert fast is _NOT_LOADED  # whatever the strict reader refuses never takes the fast path
        return
    if fast is not _NOT_LOADED:
        assert fast == strict
        assert [type(v) for v in fast.values()] == [type(v) for v in strict.values()]


def front_matters() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*.md"))]
    texts += list(build_corpus(60, seed=7).files.values())
    return [t[4 : t.find("\n---\n", 3) + 1] for t in texts if t.startswith("---\n")]


def test_both_readers_agree_on_real_and_synthetic_content() -> None:
    fronts = front_matters()
    fast = [_load_fast(front) for front in fronts]
    assert sum(result is not _NOT_LOADED for result in fast) >= len(fronts) * 0.9
    for front, result in zip(fronts, fast, strict=True):
        if result is not _NOT_LOADED:
            assert result == load_strict(front), front[:80]


def test_yaml_1_2_numbers_and_text() -> None:
    raw = b"---\na: 010\nb: 1:30\nc: yes\nd: 1e3\n---\nbody\n"
    result = parse_document(raw, Path("x.md"), "x.md")
    assert result.document is not None
    assert result.document.front_matter == {"a": 10, "b": "1:30", "c": "yes", "d": 1000.0}


@pytest.mark.parametrize(
    "front", ["1: y", "organization: {2: 3}", "true: x", "? [a]\n: 1", "{{ config }}"]
)
def test_keys_must_be_names(front: str) -> None:
    result = parse_document(f"---\n{front}\n---\n".encode(), Path("x.md"), "x.md")
    assert [p.code for p in result.problems] == ["yaml-syntax"]
