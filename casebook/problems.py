"""Validation problems as data: every check yields ``Problem`` objects, a ``Report`` holds them.

Codes are stable slugs that tests, CI annotations and contributors can rely on; the wording of
messages may improve over time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    code: str
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def render(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}: {self.severity}[{self.code}] {where}{self.message}"

    def render_github(self) -> str:
        # A workflow command's message escapes %, CR and LF; its properties (the file name, as
        # contributed) escape ':' and ',' too, or a file name could end the property list,
        # forge another annotation or stop them (GitHub's own toolkit escapes the same).
        text = f"[{self.code}] " + (f"{self.field}: " if self.field else "") + self.message
        path = _escape_command_data(self.path).replace(":", "%3A").replace(",", "%2C")
        return f"::{self.severity} file={path},line={self.line}::{_escape_command_data(text)}"


def _escape_command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def error(path: str, line: int, code: str, field: str, message: str) -> Problem:
    return Problem(path, line, code, field, message, Severity.ERROR)


def warning(path: str, line: int, code: str, field: str, message: str) -> Problem:
    return Problem(path, line, code, field, message, Severity.WARNING)


@dataclass(frozen=True)
class Report:
    """Every problem found in one run, sorted by file, line and code."""

    problems: tuple[Problem, ...] = field(default_factory=tuple)

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> Report:
        return cls(tuple(sorted(set(problems))))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    def is_valid(self, strict: bool = False) -> bool:
        return not (self.problems if strict else self.errors)

    def restricted_to(self, paths: Iterable[str]) -> Report:
        wanted = set(paths)
        return Report(tuple(p for p in self.problems if p.path in wanted))

    def render_text(self) -> str:
        lines = [p.render() for p in self.problems]
        lines.append(self.summary())
        return "\n".join(lines)

    def render_github(self) -> str:
        return "\n".join(p.render_github() for p in self.problems)

    def render_json(self) -> str:
        payload = {
            "valid": not self.errors,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [asdict(p) for p in self.problems],
        }
        return json.dumps(payload, indent=2, ensure_ascii=False)

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        if not self.problems:
            return "No problems found."
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}."


class ContentError(Exception):
    """Raised by the site build when the collection does not validate; carries the report."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.render_text())
        self.report = report
