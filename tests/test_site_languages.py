"""The site in several languages, built end to end by each engine: a fixture with, in French,
Chinese and Arabic, a current, an outdated and a missing translation (tests/translation_tree)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from builds import build_site
from translation_tree import translated_tree

from casebook import i18n
from casebook.engines import ENGINES

LANGUAGES = ("en", "fr", "zh", "ar")
KENYA = "cases/kenya-solar-irrigation.html"  # outdated in fr, zh, ar
CHINA = "cases/china-textile-platform.html"  # current in ar, fallback in fr and zh
GUIDELINE = "guidelines/solar-sandbox.html"  # current in fr
COURSE = "courses/intro-course/index.html"  # current in zh
ASSESSMENT = "assessments/mini-readiness.html"  # current in fr, fallback in zh and ar

# The notices, as the catalogues translate them.
NOTICES = {
    "fr": ("Pas encore traduit", "Traduction à mettre à jour"),
    "zh": ("尚未翻译", "译文已过时"),
    "ar": ("لم تُترجم بعد", "الترجمة غير محدّثة"),
}


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp(f"languages-{request.param}")
    content = translated_tree(base)
    result = build_site(content, base / "site", engine=request.param)
    assert result.returncode == 0, result.stderr
    return base / "site"


def folder(site: Path, lang: str) -> Path:
    return site if lang == "en" else site / lang


def page(site: Path, lang: str, uri: str) -> str:
    return (folder(site, lang) / uri).read_text(encoding="utf-8")


def status(html: str) -> str:
    found = re.search(
        r'<article class="md-content__inner[^"]*" data-translation-status="(\w+)"', html
    )
    assert found, "no data-translation-status on the page's <article>"
    return found.group(1)


def test_every_language_has_every_page(site: Path) -> None:
    english = {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if p.relative_to(site).parts[0] not in LANGUAGES
    }
    assert KENYA in english and GUIDELINE in english
    for lang in LANGUAGES[1:]:
        assert {
            p.relative_to(site / lang).as_posix() for p in (site / lang).rglob("*.html")
        } == english


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_say_their_language_and_direction(site: Path, lang: str) -> None:
    direction = "rtl" if lang == "ar" else "ltr"
    for uri in ("index.html", KENYA, GUIDELINE, "explorer.html"):
        html = page(site, lang, uri)
        assert f'<html lang="{lang}" dir="{direction}"' in html, uri
        assert f'<body dir="{direction}"' in html, uri


def test_the_switcher_leads_to_the_same_page_in_each_language(site: Path) -> None:
    for lang in LANGUAGES:
        for uri in (KENYA, COURSE, "index.html", "countries/ke.html"):
            html = page(site, lang, uri)
            links = dict(
                re.findall(r'<a href="([^"]+)" hreflang="([^"]+)" class="md-select__link"', html)
            )
            assert sorted(links.values()) == sorted(LANGUAGES), uri
            for href, tag in links.items():
                target = (folder(site, lang) / uri).parent / href
                assert target.resolve() == (folder(site, tag) / uri).resolve(), (lang, uri, href)
                assert target.is_file()
            assert (
                f'hreflang="{lang}" class="md-select__link" lang="{lang}" aria-current="true"'
                in html
            )


def test_each_page_says_whether_it_is_translated(site: Path) -> None:
    assert {lang: status(page(site, lang, KENYA)) for lang in LANGUAGES} == {
        "en": "current",
        "fr": "outdated",
        "zh": "outdated",
        "ar": "outdated",
    }
    assert {lang: status(page(site, lang, CHINA)) for lang in LANGUAGES} == {
        "en": "current",
        "fr": "fallback",
        "zh": "fallback",
        "ar": "current",
    }
    assert status(page(site, "fr", GUIDELINE)) == "current"
    assert status(page(site, "zh", GUIDELINE)) == "fallback"
    assert status(page(site, "zh", COURSE)) == "current"
    # Pages the site writes itself are in the language itself.
    assert status(page(site, "ar", "countries/ke.html")) == "current"


@pytest.mark.parametrize("lang", ["fr", "zh", "ar"])
def test_fallback_and_outdated_pages_say_so_in_their_language(site: Path, lang: str) -> None:
    not_translated, out_of_date = NOTICES[lang]
    fallback = page(site, lang, GUIDELINE if lang != "fr" else CHINA)
    assert not_translated in fallback
    assert out_of_date not in fallback
    # The notice links the original, the page in the default language.
    original = re.search(r'casebook-translation-notice.*?<a href="([^"]+)" hreflang="en"', fallback)
    assert original and original.group(1).startswith("../../")
    outdated = page(site, lang, KENYA)
    assert out_of_date in outdated and not_translated not in outdated
    # The site's own pages (pages/) have no translation in the fixture: shown as fallbacks.
    assert status(page(site, lang, "coverage.html")) == "fallback"
    assert status(page(site, lang, "about.html")) == "current"  # pages/about.<lang>.md
    current = page(site, lang, CHINA if lang == "ar" else (GUIDELINE if lang == "fr" else COURSE))
    assert "casebook-translation-notice" not in current


def test_a_translation_shows_its_own_text_and_a_fallback_the_original_marked_as_such(
    site: Path,
) -> None:
    arabic = page(site, "ar", CHINA)
    assert "منصة رقمية لصناعة النسيج" in arabic
    french = page(site, "fr", CHINA)
    # The original's text, marked with its language for screen readers.
    assert '<div class="casebook-body" lang="en" dir="ltr">' in french
    assert 'class="casebook-body" lang=' not in arabic


def assessment_data(site: Path, lang: str) -> dict[str, Any]:
    script = folder(site, lang) / "assets" / "casebook" / "assessment-mini-readiness.js"
    text = script.read_text(encoding="utf-8")
    prefix = "window.casebookAssessmentData = "
    assert text.startswith(prefix) and text.endswith(";\n")
    data: dict[str, Any] = json.loads(text[len(prefix) : -2])
    return data


def test_the_assessment_page_in_french_shows_its_words_and_scores_the_same(site: Path) -> None:
    french = page(site, "fr", ASSESSMENT)
    assert status(french) == "current"
    for text in ("Un petit diagnostic de préparation", "Énergie et connexion", "Avancé"):
        assert text in french, text
    assert "vient votre électricité" in french and "Une courte introduction" in french
    assert "Power and connection" not in french
    chinese = page(site, "zh", ASSESSMENT)
    assert status(chinese) == "fallback"
    assert "Power and connection" in chinese
    # The script scores with the original's ids, scores and band starts in every language.
    data = {lang: assessment_data(site, lang)["assessment"] for lang in LANGUAGES}
    facts = {
        lang: (
            found["slug"],
            found["version"],
            [(b["id"], b["start"]) for b in found["bands"]],
            [(d["id"], d["questions"], d["challenges"], d["sectors"]) for d in found["dimensions"]],
        )
        for lang, found in data.items()
    }
    assert facts["fr"] == facts["en"] == facts["zh"] == facts["ar"]
    assert [b["label"] for b in data["fr"]["bands"]] == ["Débutant", "Avancé"]
    assert [b["label"] for b in data["en"]["bands"]] == ["Starting", "Advanced"]
    assert data["fr"]["dimensions"][0]["title"] == "Énergie et connexion"
    assert data["zh"]["dimensions"][0]["title"] == "Power and connection"


def test_the_interface_is_in_the_language(site: Path) -> None:
    french = page(site, "fr", "index.html")
    assert ">Accueil<" in french or "Accueil\n" in french
    assert "Recueil d\u2019études de cas sur la transformation numérique" in french
    assert "数字化转型案例集" in page(site, "zh", KENYA)


def test_each_language_has_its_own_search_index(site: Path) -> None:
    assert (site / "search" / "en" / "manifest.js").is_file()
    for lang in LANGUAGES[1:]:
        assert (site / lang / "search" / lang / "manifest.js").is_file()
        assert not (site / lang / "search" / "en").exists()
    assert not (site / "search" / "fr").exists()


def test_open_data_lists_each_case_s_translations(site: Path) -> None:
    data = json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))
    kenya = next(case for case in data["cases"] if case["slug"] == "kenya-solar-irrigation")
    assert sorted((t["lang"], t["status"]) for t in kenya["translations"]) == [
        ("ar", "outdated"),
        ("fr", "outdated"),
        ("zh", "outdated"),
    ]
    french = next(t for t in kenya["translations"] if t["lang"] == "fr")
    assert french["url"].endswith("/fr/cases/kenya-solar-irrigation.html")
    assert french["title"] == "Pompes d'irrigation solaires pour petits exploitants"
    rows = list(
        csv.DictReader(io.StringIO((site / "data" / "translations.csv").read_text("utf-8")))
    )
    assert {(r["slug"], r["lang"]) for r in rows} == {
        ("kenya-solar-irrigation", "fr"),
        ("kenya-solar-irrigation", "zh"),
        ("kenya-solar-irrigation", "ar"),
        ("china-textile-platform", "ar"),
    }
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert 'hreflang="ar"' in feed and "/ar/cases/china-textile-platform.html" in feed
    # Every language's folder carries the same data (a language's offline copy is whole).
    assert (site / "fr" / "data" / "cases.json").read_bytes() == (
        site / "data" / "cases.json"
    ).read_bytes()


def test_one_language_is_built_on_its_own(tmp_path: Path) -> None:
    content = translated_tree(tmp_path)
    site = tmp_path / "site"
    assert build_site(content, site, languages=("en",)).returncode == 0
    result = build_site(content, site, languages=("fr",))
    assert result.returncode == 0, result.stderr
    assert (site / "fr" / KENYA).is_file()
    # Building the default again keeps the other languages' folders.
    assert build_site(content, site, languages=("en",)).returncode == 0
    assert (site / "fr" / KENYA).is_file() and (site / KENYA).is_file()
    unknown = build_site(content, site, languages=("de",))
    assert unknown.returncode == 2
    assert "--lang de: not a language of the site" in unknown.stderr


def test_a_language_whose_catalogue_lacks_a_string_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    (locales / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "casebook.pot").write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "Home"\nmsgstr ""\n\nmsgid "Search"\nmsgstr ""\n',
        encoding="utf-8",
    )
    (locales / "fr" / "LC_MESSAGES" / "casebook.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Home"\nmsgstr "Accueil"\n\n'
        '#, fuzzy\nmsgid "Search"\nmsgstr "Chercher"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "LOCALES", locales)
    monkeypatch.setattr(i18n, "TEMPLATE", locales / "casebook.pot")
    i18n.read_catalogue.cache_clear()
    i18n._translations.cache_clear()
    try:
        # A guessed (fuzzy) translation is not a translation.
        assert i18n.missing_messages("fr") == ["Search"]
        assert i18n.missing_messages("en") == []
        assert i18n.missing_messages("es") == ["Home", "Search"]
        with i18n.activate("fr"):
            assert i18n._("Home") == "Accueil"
            assert i18n._("Search") == "Search"
    finally:
        i18n.read_catalogue.cache_clear()
        i18n._translations.cache_clear()


def test_every_shipped_language_translates_every_string() -> None:
    for lang in ("ar", "zh", "fr", "ru", "es"):
        assert i18n.missing_messages(lang) == [], lang


def test_offline_bundles_for_each_language(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    content = translated_tree(tmp_path)
    site = tmp_path / "site"
    assert build_site(content, site, offline=True).returncode == 0
    dist = tmp_path / "dist"
    done = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "offline", str(site), "--dist", str(dist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in dist.glob("*.zip"))
    assert names == sorted(
        f"{bundle}{suffix}.zip"
        for bundle in ("casebook-offline", "course-intro-course")
        for suffix in ("", "-fr", "-zh", "-ar")
    )
    with zipfile.ZipFile(dist / "casebook-offline-fr.zip") as bundle:
        files = bundle.namelist()
    # A language's whole-site bundle is that language's site alone, with its own search.
    assert "casebook-offline-fr/cases/kenya-solar-irrigation.html" in files
    assert "casebook-offline-fr/search/fr/manifest.js" in files
    assert not any(name.startswith("casebook-offline-fr/zh/") for name in files)
    with zipfile.ZipFile(dist / "casebook-offline.zip") as bundle:
        assert not any(name.startswith("casebook-offline/fr/") for name in bundle.namelist())
    download = (site / "fr" / "download.html").read_text(encoding="utf-8")
    assert "downloads/casebook-offline-fr.zip" in download
    assert "downloads/course-intro-course-fr.zip" in download
    assert '<html lang="fr"' in download
    assert 'href="../zh/download.html" hreflang="zh"' in download
    assert (site / "fr" / "downloads" / "casebook-offline-fr.zip").is_file()
