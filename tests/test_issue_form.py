"""`casebook import-issue`: the "Submit a case" form, its parser, and hostile answers."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from casebook import issue_form
from casebook.cli import main
from casebook.collection import display_path, load_collection
from casebook.documents import parse_document
from casebook.problems import Problem
from casebook.vocabularies import vocabulary

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "submit-a-case.yml"
ISSUE = Path(__file__).parent / "fixtures" / "issue_form" / "submit-a-case.md"
BODY = ISSUE.read_text(encoding="utf-8")
TODAY = date(2026, 11, 22)
SLUG = "a-shea-butter-cooperative-in-northern-ghana-sells-online-with-a-chat-catalogue"


@cache
def form_body() -> list[dict[str, Any]]:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    return [item for item in form["body"] if item["type"] != "markdown"]


def case_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (ROOT / "schemas" / "case.schema.json").read_text(encoding="utf-8")
    )
    return schema


# --- the form mirrors the schema and the parser ----------------------------------------------


def test_the_form_and_the_parser_describe_the_same_fields() -> None:
    described = [(f.id, f.label, f.kind, f.required, f.multiple) for f in issue_form.FORM_FIELDS]
    in_form = [
        (
            item["id"],
            item["attributes"]["label"],
            item["type"],
            item.get("validations", {}).get("required", False),
            item["attributes"].get("multiple", False),
        )
        for item in form_body()
    ]
    assert in_form == described


@pytest.mark.parametrize(
    "form_field", [f for f in issue_form.FORM_FIELDS if f.kind == "dropdown"], ids=lambda f: f.id
)
def test_every_dropdown_offers_exactly_the_vocabulary(form_field: issue_form.FormField) -> None:
    item = next(i for i in form_body() if i["id"] == form_field.id)
    assert form_field.vocabulary is not None
    assert item["attributes"]["options"] == list(vocabulary(form_field.vocabulary).terms)


def test_every_dropdown_vocabulary_is_the_one_the_schema_uses() -> None:
    properties = case_schema()["properties"]
    for form_field in issue_form.FORM_FIELDS:
        if form_field.vocabulary is None:
            continue
        key, _, child = form_field.target.partition(".")
        node = properties[key]["properties"][child] if child else properties[key]
        reference = node.get("items", node)["$ref"]
        assert reference.endswith(f"/{form_field.vocabulary}"), form_field.id


def test_every_required_case_field_is_asked_or_set_by_the_import() -> None:
    schema = case_schema()
    targets = {f.target for f in issue_form.FORM_FIELDS if f.required}
    for key in schema["required"]:
        nested = schema["properties"][key].get("required")
        if nested:
            for child in nested:
                assert f"{key}.{child}" in targets, f"{key}.{child}"
        else:
            assert key in targets or key in issue_form.FIELDS_SET_BY_IMPORT, key
    assert set(issue_form.FIELDS_SET_BY_IMPORT) <= set(schema["required"])


def test_every_form_target_is_a_case_field_a_section_or_the_file_name() -> None:
    properties = case_schema()["properties"]
    from casebook.cases import REQUIRED_SECTIONS

    for form_field in issue_form.FORM_FIELDS:
        target = form_field.target
        if target.startswith("body:"):
            assert target.removeprefix("body:") in REQUIRED_SECTIONS
        elif target not in ("slug", "confirm"):
            key, _, child = target.partition(".")
            assert key in properties, target
            assert not child or child in properties[key]["properties"], target


def test_the_form_follows_github_rules() -> None:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    items = form_body()
    ids = [item["id"] for item in items]
    labels = [item["attributes"]["label"] for item in items]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    assert {item["type"] for item in items} <= {"input", "textarea", "dropdown", "checkboxes"}
    for item in items:
        options = item["attributes"].get("options", [])
        if item["type"] == "dropdown":
            assert all(isinstance(o, str) and o != "None" for o in options), item["id"]
            assert len(set(options)) == len(options), item["id"]


def test_the_confirmations_are_the_form_checkboxes() -> None:
    item = next(i for i in form_body() if i["type"] == "checkboxes")
    options = item["attributes"]["options"]
    assert [o["label"] for o in options] == list(issue_form.CONFIRMATIONS)
    assert all(o["required"] for o in options)


# --- a realistic issue becomes a clean case -----------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small tree: one real case beside the imported one (a case refers to nothing)."""
    root = tmp_path / "content"
    (root / "cases").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "cases" / "kenya-iot-soil-sensors.md", root / "cases")
    return root


@pytest.fixture
def full_tree(tmp_path: Path) -> Path:
    root = tmp_path / "full" / "content"
    shutil.copytree(ROOT / "content", root)
    return root


def imported_problems(tree: Path, body: str, slug: str | None = None) -> tuple[Path, list[Problem]]:
    imported = issue_form.import_issue(body, "issue.md", TODAY, slug=slug)
    path, report = issue_form.save_imported_case(tree, imported, TODAY)
    return path, list(report.problems)


def test_a_realistic_issue_round_trips_into_a_clean_case(full_tree: Path) -> None:
    path, problems = imported_problems(full_tree, BODY)
    assert path == full_tree / "cases" / f"{SLUG}.md"
    assert problems == []
    collection, report = load_collection(full_tree, TODAY)
    assert report.problems == ()
    case = collection.case(SLUG)
    assert case.countries == ("GH", "TG")
    assert (case.organization_name, case.organization_type) == (
        "Nkabom Shea Cooperative (illustrative)",
        "ngo",
    )
    assert (
        case.sdgs == (1, 5, 8)
        and case.year == 2022
        and case.challenges == ("connectivity", "skills")
    )
    assert [(o.metric, o.value, o.unit, o.baseline, o.year) for o in case.outcomes] == [
        ("Regular buyers outside the district", 14, "shops", 0, 2023),
        ("Price above the local market price", 25, "percent", None, 2023),
    ]
    assert [s.url for s in case.sources] == [
        "https://www.itu.int/net4/wsis/forum/2025/Agenda/Session/411"
    ]
    assert (case.status, case.submitted, case.contributor.email) == ("draft", TODAY, None)
    assert "- Keep the tools simple." in case.body
    assert case.body.index("## Context") < case.body.index("## Lessons learned")


def test_windows_line_endings_give_the_same_file() -> None:
    plain = issue_form.import_issue(BODY, "issue.md", TODAY)
    windows = issue_form.import_issue(BODY.replace("\n", "\r\n"), "issue.md", TODAY)
    assert windows == plain


# --- answers that cannot be used are reported, never dropped or evaluated -----------------------


def answer(label: str, new: str, body: str = BODY) -> str:
    """The issue body with the answer to ``### label`` replaced."""
    start = body.index(f"### {label}\n")
    end = body.find("\n### ", start + 1)
    end = len(body) if end == -1 else end
    return body[:start] + f"### {label}\n\n{new}\n" + body[end:]


def line_of(body: str, text: str) -> int:
    return body[: body.index(text)].count("\n") + 1


BAD_OUTCOME = answer("Measured outcomes", "- Buyers: about fourteen shops")
BARE_SOURCE = answer("Sources", "https://www.itu.int/net4/wsis/forum/2025/Agenda/Session/411")
UNTICKED = BODY.replace("- [X] The case names", "- [ ] The case names")
TWICE = BODY + "\n### Summary\n\nA second summary that tries to replace the first one.\n"
LEADING = "Please publish this quickly!\n\n" + BODY

# (id, issue body, expected (code, line in the issue or 0 for 'in the case file'))
HOSTILE: list[tuple[str, str, str, int]] = [
    ("country name", answer("Countries", "Kenya"), "unknown-country", 0),
    ("sector not in the vocabulary", answer("Sectors", "farming"), "not-in-vocabulary", 0),
    ("year in words", answer("Year the initiative started", "around 2020"), "wrong-type", 0),
    ("sdg out of range", answer("Sustainable Development Goals", "8, 18"), "out-of-range", 0),
    ("e-mail", answer("Your e-mail", "abena at example dot org"), "bad-email", 0),
    (
        "outcome value in words",
        answer("Measured outcomes", "Buyers | fourteen | shops"),
        "wrong-type",
        0,
    ),
    ("http source", answer("Sources", "A report | ftp://example.org/report"), "url-scheme", 0),
    ("empty results", answer("Results", "_No response_"), "placeholder", 0),
    (
        "missing title",
        answer(
            "Short name for the web address",
            "shea-butter-online",
            answer("Title of the case", "_No response_"),
        ),
        "missing-field",
        0,
    ),
    ("script in a section", answer("Context", "Text <script>alert(1)</script>"), "active-html", 0),
    (
        "event handler in a section",
        answer("Solution", '<img src="https://example.org/a.png" onerror="alert(1)">'),
        "active-html",
        0,
    ),
    ("jinja in a section", answer("Lessons learned", "{{ config.extra }}"), "jinja-syntax", 0),
    (
        "jinja in the title",
        answer("Title of the case", "{% include '/etc/passwd' %} shea butter online"),
        "jinja-syntax",
        0,
    ),
    (
        "html in the organisation",
        answer("Organisation name", "<iframe src=https://example.org>"),
        "markup-in-text",  # plain text: escaped wherever it is shown
        0,
    ),
    ("javascript link", answer("Results", "[more](javascript:alert(1))"), "unsafe-url", 0),
    ("escaping link", answer("Results", "[secrets](../../../.git/config)"), "unsafe-path", 0),
    (
        "outcome line without shape",
        BAD_OUTCOME,
        "issue-unreadable-line",
        line_of(BAD_OUTCOME, "- Buyers: about"),
    ),
    (
        "source without title",
        BARE_SOURCE,
        "issue-unreadable-line",
        line_of(BARE_SOURCE, "https://www.itu.int/net4/wsis/forum/2025/Agenda/Session/411\n"),
    ),
    (
        "unticked confirmation",
        UNTICKED,
        "issue-not-confirmed",
        line_of(UNTICKED, "### Confirmations"),
    ),
    (
        "field given twice",
        TWICE,
        "issue-duplicate-field",
        line_of(TWICE, "### Summary\n\nA second"),
    ),
    ("text before the form", LEADING, "issue-unused-text", 1),
    (
        "path in the short name",
        answer("Short name for the web address", "../../../casebook/cli"),
        "issue-bad-slug",
        line_of(BODY, "### Short name"),
    ),
]


@pytest.mark.parametrize(
    ("body", "code", "line"), [row[1:] for row in HOSTILE], ids=[row[0] for row in HOSTILE]
)
def test_a_bad_answer_becomes_a_reported_problem(
    tree: Path, body: str, code: str, line: int
) -> None:
    path, problems = imported_problems(tree, body)
    assert path.parent == tree / "cases"
    where = "issue.md" if line else display_path(path)
    found = [(p.code, p.path) for p in problems]
    assert (code, where) in found, problems
    if line:
        assert line in [p.line for p in problems if p.code == code]


def test_a_country_name_gets_the_validator_suggestion(tree: Path) -> None:
    _, problems = imported_problems(tree, answer("Countries", "Kenya, za"))
    [country] = [p for p in problems if p.code == "unknown-country"]
    assert country.field == "countries[0]" and "use the code KE" in country.message
    assert [p.code for p in problems] == ["unknown-country"]  # 'za' was only upper-cased


def test_a_yaml_injection_stays_one_text_value() -> None:
    hostile = "Shea butter\n---\nrender_macros: true\nstatus: published\n---\n<script>x</script>"
    imported = issue_form.import_issue(answer("Title of the case", hostile), "issue.md", TODAY)
    document = parse_document(imported.text.encode("utf-8"), Path("x.md"), "x.md").document
    assert document is not None
    front_matter = document.front_matter
    assert front_matter["title"] == " ".join(hostile.split())
    assert front_matter["status"] == "draft" and "render_macros" not in front_matter


def test_yaml_tags_in_answers_are_text(tree: Path) -> None:
    hostile = "!!python/object/apply:os.system ['touch pwned']"
    imported = issue_form.import_issue(answer("Organisation name", hostile), "issue.md", TODAY)
    document = parse_document(imported.text.encode("utf-8"), Path("x.md"), "x.md").document
    assert document is not None
    assert document.front_matter["organization"]["name"] == hostile


def test_the_slug_option_overrides_the_issue(tree: Path) -> None:
    path, _ = imported_problems(tree, BODY, slug="ghana-shea-chat-commerce")
    assert path == tree / "cases" / "ghana-shea-chat-commerce.md"
    with pytest.raises(issue_form.IssueFormError, match="not a slug"):
        issue_form.import_issue(BODY, "issue.md", TODAY, slug="../escape")


def test_an_existing_case_is_never_overwritten(tree: Path) -> None:
    nested = tree / "cases" / "archive"
    nested.mkdir()
    (nested / f"{SLUG}.md").write_text("older", encoding="utf-8")
    with pytest.raises(issue_form.IssueFormError, match="already exists"):
        imported_problems(tree, BODY)
    assert not (tree / "cases" / f"{SLUG}.md").exists()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"Hello, please add my case about farming.", "does not look like a 'Submit a case' issue"),
        (b"### Title of the case\n\n\xff\xfe", "not UTF-8"),
        (b"### Title of the case\n\n" + b"x" * (issue_form.MAX_ISSUE_BYTES + 1), "at most 256 KiB"),
        (answer("Title of the case", "_No response_").encode("utf-8"), "no usable title"),
        (answer("Title of the case", "数字化转型").encode("utf-8"), "no usable title"),
    ],
)
def test_what_cannot_become_a_case_is_refused_clearly(raw: bytes, message: str) -> None:
    with pytest.raises(issue_form.IssueFormError, match=message):
        issue_form.import_issue(issue_form.read_issue(io.BytesIO(raw)), "issue.md", TODAY)


# --- the command ---------------------------------------------------------------------------------


@pytest.fixture
def in_project(tree: Path) -> Iterator[Path]:
    previous = Path.cwd()
    os.chdir(tree.parent)
    yield tree.parent
    os.chdir(previous)


def test_cli_imports_a_file(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-issue", str(ISSUE)]) == 0
    out = capsys.readouterr()
    assert out.out == "No problems found.\n"
    assert out.err == f"wrote content/cases/{SLUG}.md\n"


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_cli_imports_stdin_and_reports_with_exit_1(
    in_project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = answer("Countries", "Kenya")
    monkeypatch.setattr("sys.stdin", _Stdin(body.encode("utf-8")))
    assert main(["import-issue", "-"]) == 1
    assert capsys.readouterr().out == (
        f"content/cases/{SLUG}.md:4: error[unknown-country] countries[0]: "
        "'Kenya' is a country name: use the code KE\n"
        "1 error, 0 warnings.\n"
    )


def test_cli_refuses_what_it_cannot_import(
    in_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-issue", "no-such-issue.md"]) == 2
    assert capsys.readouterr().err == (
        "casebook: cannot read 'no-such-issue.md': No such file or directory\n"
    )
    assert main(["import-issue", str(ISSUE)]) == 0
    capsys.readouterr()
    assert main(["import-issue", str(ISSUE)]) == 2
    assert capsys.readouterr().err == (
        f"casebook: a case named '{SLUG}' already exists at content/cases/{SLUG}.md: "
        "pass --slug with another name\n"
    )
