"""Read one contributed Markdown file: bytes -> front matter mapping + body, safely.

Contributed files are untrusted. Reading is bounded (size, nesting depth) and strict: YAML
aliases, duplicate keys and tabs are refused, and only JSON-like values come out (dates stay
strings, ``no``/``yes`` stay strings so that Norway's code ``NO`` is not read as false).
Every failure becomes a ``Problem`` with the file's line; nothing here raises for bad content.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import yaml
import yaml_rs

from casebook.problems import Problem, error

# A case is a few KiB; the limit keeps the worst text (one long paragraph of "&") within a
# second of rendering and sanitising (make bench measures it).
MAX_FILE_BYTES = 128 * 1024
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_DEPTH = 24
FENCE = "---"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
# A line that opens with a long run of indentation or compact "- - -" nesting, or many flow
# brackets: only then is the exact (slower, event-based) depth check worth running.
_DEEP_INDENT = "\n" + " " * (MAX_DEPTH - 1)


class _Refused(yaml.YAMLError):
    def __init__(self, code: str, message: str, line: int) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
# Numbers every output can hold: JSON (and the explorer's JavaScript) counts exactly to 2**53.
MAX_EXACT_INTEGER = 2**53


class StrictLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loading that refuses aliases and duplicate keys, keeps dates as strings, and reads
    booleans the YAML 1.2 way (only true/false)."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {
        first: [
            (tag, rx)
            for tag, rx in resolvers
            if not tag.endswith(("timestamp", "bool", "int", "float"))
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node.tag not in _PLAIN_TAGS:
            # !!binary would become bytes and !!set a set, which no JSON holds; !!python/...
            # would run code in an unsafe loader. A contribution is plain values only.
            raise _Refused(
                "yaml-tag",
                f"the YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed: "
                "write the plain value (text, a number, true/false, a list or key: value lines)",
                node.start_mark.line + 1,
            )
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _Refused(
                "yaml-alias",
                "YAML anchors and aliases (&name / *name) are not allowed: write each value out",
                node.start_mark.line + 1,
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise _Refused(
                    "yaml-syntax",
                    f"keys must be names, found {key!r}: write a name such as 'title' (quote it if needed)",
                    key_node.start_mark.line + 1,
                )
            if key in seen:
                raise _Refused(
                    "yaml-duplicate-key",
                    f"key '{key}' appears twice (first on line {seen[key]}): keep one",
                    key_node.start_mark.line + 1,
                )
            seen[key] = key_node.start_mark.line + 2  # a file line
        # Keys were constructed above; clear them so the parent's check does not see aliases.
        for key_node, _ in node.value:
            self.constructed_objects.pop(key_node, None)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = str(self.construct_scalar(node))
        if value.startswith(("0o", "0x")):
            return int(value[2:], 8 if value[1] == "o" else 16)
        return int(value, 10)


# YAML 1.2 core schema, as yaml-rs reads it: 010 is ten, 1e3 a number, 1:30 and yes are text.
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)


@dataclass(frozen=True)
class Document:
    """One contributed file, read and split. ``front_matter`` is JSON-like."""

    path: Path
    display_path: str
    front_matter: dict[str, Any]
    front_matter_text: str
    body: str
    body_line: int  # the file line on which the body starts

    def line_of(self, location: tuple[str | int, ...]) -> int:
        """The file line of the key at ``location`` (the nearest existing parent), else line 1."""
        return locate_line(self.front_matter_text, location)


@dataclass(frozen=True)
class ReadResult:
    document: Document | None
    problems: tuple[Problem, ...]


def read_document(path: Path, display_path: str) -> ReadResult:
    """Read ``path``; on any problem return it instead of a document."""
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)  # never more than the limit in memory
            if len(raw) > MAX_FILE_BYTES:
                size = os.fstat(file.fileno()).st_size
                return _fail(
                    display_path,
                    1,
                    "file-too-large",
                    f"the file is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB: "
                    "shorten it or move material to linked sources",
                )
    except OSError as exc:
        return _fail(display_path, 1, "unreadable-file", f"cannot read the file: {exc.strerror}")
    return parse_document(raw, path, display_path)


def parse_document(raw: bytes, path: Path, display_path: str) -> ReadResult:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return _fail(
            display_path,
            line,
            "not-utf8",
            f"byte {exc.start} is not UTF-8: save the file as UTF-8 (in most editors: "
            "'Save with encoding' > UTF-8)",
        )
    text = text.removeprefix("\ufeff")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            return _fail(
                display_path,
                text.count("\n", 0, text.find("\r")) + 1,
                "line-endings",
                "the file ends its lines with a carriage return alone (old Mac style): save it "
                "with LF or CRLF line endings (in most editors: 'Line endings' > 'LF (Unix)')",
            )
    if not text.startswith(FENCE + "\n"):
        return _fail(
            display_path,
            1,
            "missing-front-matter",
            "the file must start with a line '---', then the YAML front matter, then '---'",
        )
    end = text.find("\n" + FENCE + "\n", len(FENCE))
    if end == -1:
        if text.endswith("\n" + FENCE):
            end = len(text) - len(FENCE) - 1
        elif (fence := _fence_with_trailing_blanks(text)) is not None:
            return _fail(
                display_path,
                fence,
                "front-matter-fence",
                "this '---' line has spaces or tabs after it, so it does not close the front "
                "matter: delete them",
            )
        else:
            return _fail(
                display_path,
                1,
                "unclosed-front-matter",
                "the front matter opened on line 1 is never closed: add a line '---' after it",
            )
    front = text[len(FENCE) + 1 : end + 1]
    body = text[end + len(FENCE) + 2 :]
    body_line = front.count("\n") + 3
    if len(front) > MAX_FRONT_MATTER_BYTES:
        return _fail(
            display_path,
            1,
            "file-too-large",
            f"the front matter is over {MAX_FRONT_MATTER_BYTES // 1024} KiB",
        )
    document_end = ("\n" + front).find("\n...\n")
    if document_end != -1:
        return _fail(
            display_path,
            front.count("\n", 0, document_end) + 2,
            "yaml-document-end",
            "'...' ends the YAML here, so the lines after it would be lost: delete this line",
        )
    control = _CONTROL.search(front)
    if control:
        return _fail(
            display_path,
            front.count("\n", 0, control.start()) + 2,
            "yaml-syntax",
            f"an invisible control character (U+{ord(control.group()):04X}) in the front matter: delete it",
        )
    tab_at = front.find("\t")
    if tab_at != -1:
        return _fail(
            display_path,
            front.count("\n", 0, tab_at) + 2,
            "yaml-tab",
            "a tab character in the front matter: YAML allows only spaces for indentation",
        )
    too_deep = _depth_problem(front, display_path)
    if too_deep:
        return ReadResult(None, (too_deep,))
    data = _load_fast(front)
    if data is _NOT_LOADED:
        return _load_strict(front, path, display_path, body, body_line)
    return _document(data, path, display_path, front, body, body_line)


# The front matter is read by yaml-rs (Rust, ~10x faster than PyYAML here) whenever the text
# can mean only one thing to both (YAML 1.2 core schema); anything else -- a rejection, or
# text with tags, anchors, aliases or complex keys -- is
# read by the strict PyYAML loader, which also explains every problem with its line.
# yaml-rs also reads 1_000 as a number; YAML 1.2 core (and the strict loader) does not.
_DIGIT_UNDERSCORE = re.compile(r"\d_\d")
# Within one line ("[ \t-]", not "\s", which would run on across line breaks: quadratic).
_COMPLEX_KEY = re.compile(r"^[ \t-]*\?(?:[ \t]|$)", re.MULTILINE)
_NOT_LOADED = object()
_NO_ALIASES = yaml_rs.AliasLimits(max_total_replayed_events=0, max_alias_expansions_per_anchor=0)


def _load_fast(front: str) -> Any:
    if (
        any(marker in front for marker in "&*!")
        or ("?" in front and _COMPLEX_KEY.search(front))
        or ("_" in front and _DIGIT_UNDERSCORE.search(front))
    ):
        return _NOT_LOADED
    try:
        data = yaml_rs.loads(
            front,
            parse_datetime=False,
            alias_limits=_NO_ALIASES,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )
    except (yaml_rs.YAMLDecodeError, ValueError, TypeError, RecursionError):
        return _NOT_LOADED
    return data if _has_text_keys(data) else _NOT_LOADED


def _has_text_keys(value: Any) -> bool:
    """JSON-like: every mapping key is text (yaml-rs turns {{ x }} into a frozenset key)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if type(item) is dict:
            for key, inner in item.items():
                if type(key) is not str:
                    return False
                if type(inner) is dict or type(inner) is list:
                    pending.append(inner)
        elif type(item) is list:
            pending.extend(inner for inner in item if type(inner) is dict or type(inner) is list)
    return True


def load_strict(front: str) -> Any:
    """PyYAML with the strict rules; raises ``yaml.YAMLError`` (or ``_Refused``) on problems."""
    return yaml.load(front, Loader=StrictLoader)


def _load_strict(
    front: str, path: Path, display_path: str, body: str, body_line: int
) -> ReadResult:
    try:
        data = load_strict(front)
    except _Refused as exc:
        return _fail(display_path, exc.line + 1, exc.code, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        detail = exc.problem or "invalid YAML"
        return _fail(
            display_path,
            line,
            "yaml-syntax",
            f"YAML syntax error: {detail}; check indentation, colons and quotes "
            "(text with ':' or '#' must be quoted)",
        )
    except yaml.YAMLError as exc:
        return _fail(display_path, 1, "yaml-syntax", f"YAML syntax error: {exc}")
    return _document(data, path, display_path, front, body, body_line)


def _document(
    data: Any, path: Path, display_path: str, front: str, body: str, body_line: int
) -> ReadResult:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return _fail(
            display_path,
            2,
            "front-matter-not-mapping",
            f"the front matter must be 'key: value' lines, found a {_yaml_kind(data)}",
        )
    numbers = _number_problems(data, front, display_path)
    if numbers:
        return ReadResult(None, tuple(numbers))
    return ReadResult(Document(path, display_path, data, front, body, body_line), ())


def _fence_with_trailing_blanks(text: str) -> int | None:
    """The file line of a '---' line with trailing blanks, if the front matter has one."""
    position = 0
    while (at := text.find("\n---", position)) != -1:
        line_end = text.find("\n", at + 1)
        rest = text[at + 4 : line_end if line_end != -1 else len(text)]
        if rest and not rest.strip(" \t"):
            return text.count("\n", 0, at) + 2
        position = at + 4
    return None


def _number_problems(data: dict[str, Any], front: str, display_path: str) -> list[Problem]:
    """Numbers no output can hold exactly (NaN, infinities, integers beyond 2**53) are
    problems; whole numbers written as decimals (2.0) become integers, as the schema reads them.
    """
    problems = []
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        container, location = pending.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in list(items):
            where = (*location, key)
            if isinstance(value, dict | list):
                pending.append((value, where))
            elif isinstance(value, float):
                if value != value:
                    problems.append(_number_problem(front, display_path, where, "is not a number"))
                elif value in (float("inf"), float("-inf")):
                    problems.append(_number_problem(front, display_path, where, "is infinite"))
                elif value.is_integer():
                    if abs(value) > MAX_EXACT_INTEGER:
                        problems.append(_number_problem(front, display_path, where, "is too large"))
                    else:
                        container[key] = int(value)
            elif (
                isinstance(value, int)
                and not isinstance(value, bool)
                and abs(value) > MAX_EXACT_INTEGER
            ):
                problems.append(_number_problem(front, display_path, where, "is too large"))
    return problems


def _number_problem(
    front: str, display_path: str, location: tuple[str | int, ...], what: str
) -> Problem:
    return error(
        display_path,
        locate_line(front, location),
        "number-out-of-range",
        field_name(location),
        f"the value {what}: write a finite number of at most {MAX_EXACT_INTEGER:,}",
    )


def _depth_problem(front: str, display_path: str) -> Problem | None:
    # libyaml's composer recurses in C and crashes the interpreter on very deep nesting, so
    # deep documents are measured with the event parser before they are composed. PyYAML's own
    # (pure Python, iterative) parser measures: libyaml's scanner stops at its own depth limit
    # with an error that differs between releases (6.0.4 added it).
    # Nesting deeper than MAX_DEPTH needs that many brackets, "- " or "? " indicators, or a
    # line indented that far: cheap counts rule it out for ordinary front matter.
    if (
        front.count("[") + front.count("{") < MAX_DEPTH
        and front.count("- ") < MAX_DEPTH
        and front.count("? ") < MAX_DEPTH
        and _DEEP_INDENT not in front
    ):
        return None
    depth = 0
    try:
        for event in yaml.parse(front, Loader=yaml.BaseLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return error(
                        display_path,
                        mark.line + 2 if mark is not None else 1,
                        "yaml-too-deep",
                        "",
                        f"values are nested more than {MAX_DEPTH} levels deep",
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # the real load reports the syntax error with its line
    return None


def _fail(display_path: str, line: int, code: str, message: str) -> ReadResult:
    return ReadResult(None, (error(display_path, line, code, "", message),))


def _yaml_kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    return "single value" if not isinstance(value, dict) else "mapping"


def locate_line(front_matter_text: str, location: tuple[str | int, ...]) -> int:
    """Line (in the file) of the deepest node on ``location`` that exists; 1 if none."""
    try:
        node = yaml.compose(front_matter_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return 1
    line = 1
    for step in location:
        found = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == step:
                    line, found = key_node.start_mark.line + 2, value_node
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            found = node.value[step]
            line = found.start_mark.line + 2
        if found is None:
            break
        node = found
    return line


def iter_strings(
    value: Any, location: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string in a JSON-like value, with its location."""
    if isinstance(value, str):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from iter_strings(item, (*location, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from iter_strings(item, (*location, index))


def field_name(location: tuple[str | int, ...] | list[str | int]) -> str:
    name = ""
    for step in location:
        name += f"[{step}]" if isinstance(step, int) else (f".{step}" if name else str(step))
    return name
