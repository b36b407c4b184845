"""JSON Schema checks with contributor-grade messages.

Each content type has a draft 2020-12 schema in ``schemas/``; they share
``vocabularies.schema.json``, which is embedded as a bundled resource so that no ``$ref`` is
ever fetched. A compiled Rust validator answers "valid?" for every file (fast enough for
10,000 cases); only a file it rejects is walked again with ``jsonschema`` to explain each
problem with its field, line and fix.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jsonschema_rs
import pycountry

from casebook.documents import Document, field_name
from casebook.problems import Problem, error
from casebook.vocabularies import (
    SCHEMA_DIR,
    VOCABULARY_FILE,
    is_country_code,
    suggest_country,
    suggest_term,
)

if TYPE_CHECKING:
    import jsonschema

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_BCP47 = re.compile(r"^(?P<lang>[a-zA-Z]{2,3})(?:-[a-zA-Z0-9]{1,8})*$")


def _is_date(value: object) -> bool:
    if not isinstance(value, str) or not _DATE.match(value):
        return not isinstance(value, str)  # non-strings are the "type" keyword's business
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_email(value: object) -> bool:
    return not isinstance(value, str) or bool(_EMAIL.match(value))


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or ("://" in value and " " not in value)


def _is_language(value: object) -> bool:
    if not isinstance(value, str):
        return True
    match = _BCP47.match(value)
    if not match:
        return False
    return match["lang"].lower() in language_codes()


@cache
def language_codes() -> frozenset[str]:
    """ISO 639 codes (alpha-2 and alpha-3) as pycountry knows them, read from its database file:
    ``pycountry.languages`` makes an object of each of 7,900 languages first, which costs every
    build with a course 40 ms. A test holds the two equal."""
    entries = json.loads(
        (Path(pycountry.DATABASE_DIR) / "iso639-3.json").read_text(encoding="utf-8")
    )["639-3"]
    return frozenset(
        code for entry in entries for key in ("alpha_2", "alpha_3") if (code := entry.get(key))
    )


def _is_country(value: object) -> bool:
    return not isinstance(value, str) or is_country_code(value)


FORMATS: dict[str, Callable[[object], bool]] = {
    "date": _is_date,
    "email": _is_email,
    "uri": _is_uri,
    "bcp47": _is_language,
    "country-code": _is_country,
}


@dataclass(frozen=True)
class SchemaChecker:
    name: str
    schema: dict[str, Any]
    bundled: dict[str, Any]  # the schema with the vocabularies embedded
    fast: Any  # jsonschema_rs validator

    @cached_property
    def detailed(self) -> jsonschema.Draft202012Validator:
        """The explaining validator, made (and jsonschema imported) only once a file fails."""
        import jsonschema

        format_checker = jsonschema.FormatChecker(formats=())
        for fmt, func in FORMATS.items():
            format_checker.checks(fmt)(func)
        return jsonschema.Draft202012Validator(self.bundled, format_checker=format_checker)

    @property
    def properties(self) -> tuple[str, ...]:
        return tuple(self.schema.get("properties", {}))

    def check(self, document: Document) -> list[Problem]:
        if self.fast.is_valid(document.front_matter):
            return []
        problems = [
            _to_problem(err, document)
            for err in sorted(self.detailed.iter_errors(document.front_matter), key=_error_order)
        ]
        # A web address without a scheme fails both the "uri" format and the http(s) pattern:
        # one problem, the one that says what to add.
        schemeless = {(p.line, p.field) for p in problems if p.code == "url-scheme"}
        return [p for p in problems if p.code != "bad-url" or (p.line, p.field) not in schemeless]


@cache
def checker(name: str) -> SchemaChecker:
    """The checker for ``schemas/<name>.schema.json`` (case, course, module, guideline)."""
    schema = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    bundled = copy.deepcopy(schema)
    vocab = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    bundled.setdefault("$defs", {})["vocabularies"] = vocab
    fast = jsonschema_rs.validator_for(bundled, formats=FORMATS, validate_formats=True)
    return SchemaChecker(name, schema, bundled, fast)


def _error_order(err: jsonschema.ValidationError) -> tuple[str, ...]:
    return (*(str(p) for p in err.absolute_path), str(err.validator))


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{_clip(value)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of 'key: value' lines"
    return "nothing" if value is None else type(value).__name__


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a set of 'key: value' lines",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _to_problem(err: jsonschema.ValidationError, doc: Document) -> Problem:
    location = tuple(err.absolute_path)
    path, line = doc.display_path, doc.line_of(location)
    name = field_name(location)
    kind = str(err.validator)
    schema: dict[str, Any] = cast(dict[str, Any], err.schema)
    value: Any = err.instance
    if kind == "additionalProperties":
        allowed = tuple(schema.get("properties", {}))
        extra = sorted(k for k in value if k not in allowed)
        key = str(extra[0]) if extra else ""
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed keys: {', '.join(allowed)}"
        full = (*location, key)
        return error(
            path,
            doc.line_of(full),
            "unknown-field",
            field_name(full),
            f"unknown key '{key}': {hint}",
        )
    if kind == "required":
        missing = next((k for k in schema["required"] if k not in value), "")
        full = (*location, missing)
        return error(
            path,
            line,
            "missing-field",
            field_name(full),
            f"required key '{missing}' is missing: add it{_expected_hint(schema, missing)}",
        )
    if kind == "type":
        expected = schema["type"]
        wanted = " or ".join(
            _TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected)
        )
        fix = ""
        if expected == "array" and isinstance(value, (str, int)) and not isinstance(value, bool):
            item: object = value
            if location == ("countries",) and isinstance(value, str) and not is_country_code(value):
                country_hint = suggest_country(value)
                item = (
                    country_hint.rsplit(" ", 1)[-1]
                    if country_hint and country_hint.startswith("'")
                    else value
                )
            fix = f": write it as a list, e.g. [{item}]"
        return error(
            path, line, "wrong-type", name, f"expected {wanted}, found {_describe(value)}{fix}"
        )
    if kind == "enum":
        terms = tuple(str(t) for t in schema["enum"])
        term_hint = suggest_term(value, terms, schema.get("x-synonyms"))
        what = schema.get("title", "value").lower()
        message = f"{_describe(value)} is not a known {what}"
        message += f": {term_hint}" if term_hint else f"; expected one of: {', '.join(terms)}"
        return error(path, line, "not-in-vocabulary", name, message)
    if kind == "format":
        return _format_problem(path, line, name, schema["format"], value)
    if kind == "pattern":
        if "https?" in schema["pattern"]:
            message = (
                f"{_describe(value)} is not a web address: only http:// and https:// links are allowed"
                if "://" in value
                else f"{_describe(value)} has no scheme: add https:// at the start "
                f"(https://{_clip(value.strip())})"
            )
            return error(path, line, "url-scheme", name, message)
        return error(
            path,
            line,
            "bad-slug",
            name,
            f"{_describe(value)} is not a slug: use lowercase letters, digits and single hyphens",
        )
    if kind in ("minLength", "maxLength"):
        size, limit = len(value), schema[kind]
        code, relation = (
            ("too-short", "at least") if kind == "minLength" else ("too-long", "at most")
        )
        return error(
            path,
            line,
            code,
            name,
            f"{size} character{'s' * (size != 1)}; expected {relation} {limit}",
        )
    if kind in ("minItems", "maxItems"):
        limit = schema[kind]
        code, relation = (
            ("too-few-items", "at least") if kind == "minItems" else ("too-many-items", "at most")
        )
        return error(path, line, code, name, f"{len(value)} item(s); expected {relation} {limit}")
    if kind == "uniqueItems":
        counts = Counter(json.dumps(v, ensure_ascii=False) for v in value)
        dupes = [text for text, count in counts.items() if count > 1]
        return error(
            path,
            line,
            "duplicate-item",
            name,
            f"{', '.join(dupes)} is listed more than once: list each value once",
        )
    if kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        bounds = (
            f"from {low} to {high}"
            if low is not None and high is not None
            else (f"at least {low}" if low is not None else f"at most {high}")
        )
        return error(
            path, line, "out-of-range", name, f"{value} is out of range; expected {bounds}"
        )
    return error(path, line, "schema-violation", name, err.message)


def _expected_hint(schema: dict[str, Any], key: str) -> str:
    prop = schema.get("properties", {}).get(key, {})
    if "$ref" in prop:
        return f" ({prop['$ref'].rsplit('/', 1)[-1]})"
    kind = prop.get("type")
    return f" ({_TYPE_NAMES.get(kind, kind)})" if isinstance(kind, str) else ""


def _format_problem(path: str, line: int, name: str, fmt: str, value: Any) -> Problem:
    if fmt == "country-code":
        hint = suggest_country(str(value))
        message = (
            hint
            or f"'{value}' is not an ISO 3166-1 alpha-2 country code: use a code such as KE, ZA or CN"
        )
        return error(path, line, "unknown-country", name, message)
    if fmt == "date":
        return error(
            path,
            line,
            "bad-date",
            name,
            f"'{value}' is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31",
        )
    if fmt == "email":
        return error(path, line, "bad-email", name, f"'{value}' is not an e-mail address")
    if fmt == "bcp47":
        return error(
            path,
            line,
            "bad-language",
            name,
            f"'{value}' is not a BCP 47 language tag: e.g. en, fr, zh-Hans, sw-KE",
        )
    return error(path, line, "bad-url", name, f"'{value}' is not a valid web address")


def iter_schema_names() -> Iterator[str]:
    yield from ("case", "course", "module", "guideline")
