"""Languages: the configuration, every label in every shipped language, country names."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.collection import load_collection
from casebook.languages import (
    SECTIONS,
    country_name,
    label,
    labels,
    load_languages,
    missing_labels,
    sdg_title,
    text_direction,
)
from casebook.vocabularies import vocabularies

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = load_languages(ROOT / "content")[0]


def test_the_shipped_languages() -> None:
    assert SHIPPED.tags == ("en", "ar", "zh", "fr", "ru", "es")
    assert SHIPPED.default.tag == "en"
    assert {language.tag: language.direction for language in SHIPPED.all} == {
        "en": "ltr",
        "ar": "rtl",
        "zh": "ltr",
        "fr": "ltr",
        "ru": "ltr",
        "es": "ltr",
    }
    assert [language.name for language in SHIPPED.translated] == [
        "العربية",
        "中文",
        "français",
        "русский",
        "español",
    ]


@pytest.mark.parametrize("tag", ["en", "ar", "zh", "fr", "ru", "es"])
def test_a_shipped_language_lacks_no_label(tag: str) -> None:
    assert missing_labels(tag) == []
    found = labels(tag)
    for name, vocabulary in vocabularies().items():
        for term in vocabulary.terms:
            assert found.label(name, term) != term or tag == "en" or term in ("5G",)
    assert len(found.section_names("case")) == len(SECTIONS["case"])


def test_labels_are_not_english_in_other_languages() -> None:
    english = {name: v.labels for name, v in vocabularies().items()}
    for tag in ("ar", "zh", "ru"):
        same = [
            f"{name}.{term}"
            for name, terms in english.items()
            for term, text in terms.items()
            if label(name, term, tag) == text and term not in ("5g",) and "CC0" not in text
        ]
        assert same == [], (tag, same)


@pytest.mark.parametrize(
    ("tag", "goal", "title"),
    [
        ("en", 9, "Industry, Innovation and Infrastructure"),
        ("fr", 2, "Faim « zéro »"),
        ("es", 13, "Acción por el clima"),
        ("ru", 4, "Качественное образование"),
        ("zh", 17, "促进目标实现的伙伴关系"),
        ("ar", 1, "القضاء على الفقر"),
    ],
)
def test_sdg_short_titles(tag: str, goal: int, title: str) -> None:
    assert sdg_title(goal, tag) == title


@pytest.mark.parametrize(
    ("code", "tag", "name"),
    [
        ("KE", "en", "Kenya"),
        ("KE", "fr", "Kenya"),
        ("KE", "es", "Kenia"),
        ("KE", "ru", "Кения"),
        ("KE", "zh", "肯尼亚"),
        ("KE", "ar", "كينيا"),
        ("CN", "zh-Hant", "中國"),  # the region CLDR finds most likely: zh_TW
        ("CN", "fr-CA", "Chine"),  # a region falls back to its language
        ("KE", "tlh", "Kenya"),  # no catalogue: the English name
    ],
)
def test_country_names_come_from_pycountry(code: str, tag: str, name: str) -> None:
    assert country_name(code, tag) == name


def test_text_direction_from_babel() -> None:
    assert [text_direction(t) for t in ("ar", "fa", "he", "ur", "zh", "pt-BR")] == [
        "rtl",
        "rtl",
        "rtl",
        "rtl",
        "ltr",
        "ltr",
    ]


def test_a_region_variant_uses_its_language_labels() -> None:
    assert missing_labels("fr-CA") == []
    assert label("sector", "health", "fr-CA") == "Santé"


def test_without_a_configuration_the_site_is_english_only(tmp_path: Path) -> None:
    languages, problems = load_languages(tmp_path)
    assert (languages.tags, problems) == (("en",), ())


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("default: en\nlanguages: [en, tlh]\n", "unknown-language", 2),  # ISO 639, not in CLDR
        ("default: en\nlanguages:\n  - en\n  - de\n", "missing-label", 4),  # no labels file
        ("default: fr\nlanguages: [en]\n", "default-language-not-listed", 1),
        ("default: en\nlanguages: [en, english]\n", "bad-language", 2),
        ("default: en\nlanguage: [en]\n", "unknown-field", 2),
    ],
)
def test_configuration_problems(tmp_path: Path, text: str, code: str, line: int) -> None:
    (tmp_path / "languages.yml").write_text(text, encoding="utf-8")
    _, report = load_collection(tmp_path)
    assert (code, line) in [(p.code, p.line) for p in report.problems], report.problems
    assert all(p.path.endswith("languages.yml") for p in report.problems)
