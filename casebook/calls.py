"""The call for cases: ``content/call-for-cases.yml`` (title, dates, threshold), checked like
every other content file, and the gaps it asks contributors to fill.

The gaps come from the coverage report (``casebook.aggregate.coverage_report``) plus the
countries with no published case. Each gap gets a link that opens the repository's "Submit a
case" issue form with the matching field filled in: GitHub issue forms take field values as
URL query parameters keyed by the field's ``id`` (``.github/ISSUE_TEMPLATE/submit-a-case.yml``).
The repository is the site's one setting (``casebook.repository_address``), not the call's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from casebook import i18n
from casebook.aggregate import REGIONS, coverage_report, dimension
from casebook.cases import Case
from casebook.documents import Document, parse_document
from casebook.i18n import _
from casebook.problems import Problem, error
from casebook.repository_address import REPOSITORY_VARIABLE, SETTING, issue_form_url
from casebook.schemas import checker
from casebook.vocabularies import countries

CALL_FILE = "call-for-cases.yml"


@dataclass(frozen=True)
class Call:
    title: str
    opens: date
    closes: date
    threshold: int

    def status(self, today: date) -> str:
        """``"upcoming"``, ``"open"`` or ``"closed"`` on ``today``."""
        if today < self.opens:
            return "upcoming"
        return "open" if today <= self.closes else "closed"


def is_call_file(relative_parts: tuple[str, ...]) -> bool:
    return relative_parts == (CALL_FILE,)


def load_call(root: Path) -> tuple[Call | None, tuple[Problem, ...]]:
    """The call of ``root/call-for-cases.yml`` and its problems; no file means no call."""
    path = root / CALL_FILE
    if not path.is_file():
        return None, ()
    from casebook.collection import display_path  # the collection module imports this one

    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, (
            error(shown, 1, "unreadable-file", "", f"cannot read the file: {exc.strerror}"),
        )
    # Read as front matter, with the same strict YAML rules; lines shift by the added fence.
    result = parse_document(b"---\n" + raw.removeprefix(b"\xef\xbb\xbf") + b"\n---\n", path, shown)
    last_line = max(1, raw.count(b"\n"))  # YAML may notice an error at the added fence
    problems = [replace(p, line=min(max(1, p.line - 1), last_line)) for p in result.problems]
    if result.document is None:
        return None, tuple(problems)
    document = _ConfigDocument(
        result.document.path,
        shown,
        result.document.front_matter,
        result.document.front_matter_text,
        "",
        1,
    )
    fm = document.front_matter
    if "repository" in fm:
        # The call once named its own repository; now every link comes from one setting.
        problems.append(
            error(
                shown,
                document.line_of(("repository",)),
                "moved-setting",
                "repository",
                f"the call's links now open the issue form of the site's repository ({SETTING} "
                f"in mkdocs.yml, or {REPOSITORY_VARIABLE}): remove this line",
            )
        )
    problems += [p for p in checker("call").check(document) if p.field != "repository"]
    if problems:
        return None, tuple(problems)
    opens, closes = date.fromisoformat(fm["opens"]), date.fromisoformat(fm["closes"])
    if closes < opens:
        problems.append(
            error(
                shown,
                document.line_of(("closes",)),
                "date-order",
                "closes",
                f"{closes} is before the call opens ({opens}): 'closes' cannot come first",
            )
        )
    if problems:
        return None, tuple(problems)
    return Call(str(fm["title"]), opens, closes, int(fm.get("threshold", 1))), ()


def check_call(root: Path) -> tuple[Problem, ...]:
    return load_call(root)[1]


class _ConfigDocument(Document):
    """The config seen as front matter: report lines of the file itself."""

    def line_of(self, location: tuple[str | int, ...]) -> int:
        return max(1, super().line_of(location) - 1)


# -- the gaps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    value: str  # the term, code, goal number or region
    label: str
    cases: int  # published cases with it
    field: str  # the issue form's field id it fills ("" for a region: only the title says it)


@dataclass(frozen=True)
class GapList:
    dimension: str  # "region", "country", "sector", "technology", "sdg"
    title: str
    gaps: tuple[Gap, ...]


FORM_FIELDS = {
    "country": "countries",
    "sector": "sectors",
    "technology": "technologies",
    "sdg": "sdgs",
}


def gaps(cases: Sequence[Case], threshold: int) -> tuple[GapList, ...]:
    """What the collection lacks: regions, sectors, technologies and SDGs with ``threshold``
    published cases or fewer (coverage report order), and countries with none, by region."""
    report = coverage_report(cases, threshold)
    lists = []
    for name, coverage in (
        ("region", report.regions),
        ("sector", report.sectors),
        ("technology", report.technologies),
        ("sdg", report.sdgs),
    ):
        order = {str(value): i for i, value in enumerate(dimension(name).every_value())}
        found = sorted(
            (v for v in (*coverage.missing, *coverage.few) if v.value != "other"),  # no gap
            key=lambda v: order[v.value],
        )
        lists.append(
            GapList(
                name,
                coverage.title,
                tuple(Gap(v.value, v.label, v.cases, FORM_FIELDS.get(name, "")) for v in found),
            )
        )
    with_cases = {code for case in cases for code in case.countries}
    lists.insert(
        1,
        GapList(
            "country",
            _("Country"),
            tuple(
                sorted(
                    (
                        Gap(c.code, i18n.country_name(c.code), 0, "countries")
                        for c in countries().values()
                        if c.region in REGIONS and c.code not in with_cases
                    ),
                    key=lambda gap: gap.label.casefold(),
                )
            ),
        ),
    )
    return tuple(lists)


def submit_url(repository: str, gap: Gap) -> str:
    """``repository``'s issue form with ``gap`` filled in (and the issue's title naming it)."""
    fields = {"title": f"[Case] {gap.label}: "}
    if gap.field:
        fields[gap.field] = gap.value
    return issue_form_url(repository, fields)
