"""A small content tree under git with current, outdated and missing translations."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from casebook.documents import read_document
from casebook.translate import original_kind, translation_path, translation_text

MINI = Path(__file__).parent / "fixtures" / "mini" / "content"
LANGUAGES = "default: en\nlanguages: [en, fr, zh, ar]\n"
KENYA = "cases/kenya-solar-irrigation.md"
CHINA = "cases/china-textile-platform.md"
GUIDELINE = "guidelines/solar-sandbox.md"
COURSE = "courses/intro-course/index.md"
ASSESSMENT = "assessments/mini-readiness.md"

# The mini assessment's words in French (its ids, scores and band starts stay the original's).
ASSESSMENT_FR = {
    "A small readiness check for tests": "Un petit diagnostic de préparation",
    "Two dimensions of one or two questions each, enough to exercise scoring, bands and "
    "recommendations.": "Deux dimensions d'une ou deux questions chacune, de quoi éprouver "
    "le calcul des scores, les niveaux et les recommandations.",
    "label: Starting": "label: Débutant",
    "The basics come first.": "Il faut commencer par les bases.",
    "label: Advanced": "label: Avancé",
    "Keep improving.": "Continuez à progresser.",
    "Power and connection": "Énergie et connexion",
    "Where does your power come from?": "D'où vient votre électricité\u00a0?",
    "text: A generator": "text: Un groupe électrogène",
    "Solar with storage": "Le solaire, avec stockage",
    "Did anyone take digital training this year?": "Quelqu'un a-t-il suivi une formation "
    "numérique cette année ?",
    "text: Everyone": "text: Tout le monde",
    "A short introduction for the tests.": "Une courte introduction pour les tests.",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=Fixture", "-c", "user.email=f@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    (root / "languages.yml").write_text(LANGUAGES, encoding="utf-8")
    return root


def translate(root: Path, relative: str, lang: str, title: str) -> Path:
    """Start the translation of ``relative`` into ``lang``, with ``title`` as its title."""
    path = root / relative
    doc = read_document(path, relative).document
    assert doc is not None
    text = translation_text(original_kind(path, root), doc, lang)
    original_title = doc.front_matter["title"]
    target = translation_path(path, lang)
    target.write_text(text.replace(f"title: {original_title}", f"title: {title}"), "utf-8")
    return target


def translate_assessment(root: Path) -> Path:
    """The French translation of the mini assessment, partly in French."""
    target = translate(root, ASSESSMENT, "fr", "A small readiness check for tests")
    text = target.read_text("utf-8")
    for english, french in ASSESSMENT_FR.items():
        assert english in text, english
        text = text.replace(english, french)
    target.write_text(text, "utf-8")
    return target


def translated_tree(tmp_path: Path) -> Path:
    """Per language one current, one outdated translation and the rest missing:
    fr: guideline and assessment current, Kenya case outdated; zh: course current, Kenya outdated;
    ar: China case current, Kenya outdated."""
    root = copy_tree(tmp_path)
    git(root, "init", "-q")
    commit(root, "originals")
    translate(root, KENYA, "fr", "Pompes d'irrigation solaires pour petits exploitants")
    translate(root, KENYA, "zh", "面向小农户的太阳能灌溉泵")
    translate(root, KENYA, "ar", "مضخات ري تعمل بالطاقة الشمسية لصغار المزارعين")
    kenya = root / KENYA
    kenya.write_text(
        kenya.read_text("utf-8").replace("Yields rose", "Dry-season yields rose"), "utf-8"
    )
    commit(root, "the Kenya case changes after its translations")
    translate(root, GUIDELINE, "fr", "Bac à sable pour l'énergie solaire")
    translate(root, COURSE, "zh", "数字工具入门")
    translate(root, CHINA, "ar", "منصة رقمية لصناعة النسيج")
    translate_assessment(root)
    commit(root, "translations")
    return root
