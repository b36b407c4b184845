"""Controlled vocabularies and their labels, countries and UN M49 regions.

The vocabularies and labels live in ``schemas/vocabularies.schema.json`` (one place for the
validator and the site). Country names come from pycountry; UN M49 regions from the table that
country_converter ships, read as text (so Namibia's ``NA`` stays a code) without importing
country_converter, which imports pandas: a quarter of a second on every build.
"""

from __future__ import annotations

import csv
import difflib
import importlib.util
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
VOCABULARY_FILE = SCHEMA_DIR / "vocabularies.schema.json"

# country_converter's "continent" column, spelled as the UN M49 regions.
_M49_REGION = {
    "Africa": "Africa",
    "America": "Americas",
    "Asia": "Asia",
    "Europe": "Europe",
    "Oceania": "Oceania",
    "Antarctica": "Antarctica",
}


@dataclass(frozen=True)
class Vocabulary:
    name: str
    title: str
    labels: dict[str, str]  # term -> display label, in the vocabulary's order
    # common words -> term ("mobile money" -> "digital-payments"), for suggestions only
    synonyms: dict[str, str] = field(default_factory=dict)

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, term: str | int) -> str:
        return self.labels.get(str(term), str(term))


@cache
def vocabularies() -> dict[str, Vocabulary]:
    definitions = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))["$defs"]
    return {
        name: Vocabulary(
            name, d.get("title", name), dict(d["x-labels"]), dict(d.get("x-synonyms", {}))
        )
        for name, d in definitions.items()
        if "x-labels" in d
    }


def vocabulary(name: str) -> Vocabulary:
    return vocabularies()[name]


def label(name: str, term: str | int) -> str:
    return vocabulary(name).label(term)


def sdg_title(goal: int) -> str:
    return vocabulary("sdg").label(goal)


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    region: str  # UN M49 region, e.g. "Africa"
    subregion: str  # UN M49 sub-region, e.g. "Eastern Africa"


@cache
def _m49_table() -> dict[str, tuple[str, str]]:
    spec = importlib.util.find_spec("country_converter")  # finds it without running it
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("country_converter is not installed")
    table = Path(spec.origin).with_name("country_data.tsv")
    with table.open(encoding="utf-8", newline="") as rows:
        return {
            row["ISO2"]: (_M49_REGION.get(row["continent"], row["continent"]), row["UNregion"])
            for row in csv.DictReader(rows, delimiter="\t")
        }


@cache
def countries() -> dict[str, Country]:
    m49 = _m49_table()
    result = {}
    for entry in pycountry.countries:
        region, subregion = m49.get(entry.alpha_2, ("Unknown region", "Unknown sub-region"))
        name = getattr(entry, "common_name", None) or entry.name
        result[entry.alpha_2] = Country(entry.alpha_2, name, region, subregion)
    return result


def country(code: str) -> Country:
    return countries()[code]


def is_country_code(value: object) -> bool:
    return isinstance(value, str) and value in countries()


def suggest_country(value: str) -> str | None:
    """The fix for a near-miss country value: a name, a lowercase or alpha-3 code."""
    if not value:
        return None
    if value.upper() in countries():
        return f"'{value}' must be written in capitals: use the code {value.upper()}"
    try:
        match = pycountry.countries.lookup(value)
    except LookupError:
        names = {c.name.lower(): c.code for c in countries().values()}
        close = difflib.get_close_matches(value.lower(), list(names), n=1, cutoff=0.8)
        if not close:
            return None
        code = names[close[0]]
        return f"'{value}' is not a country code: did you mean {code} ({countries()[code].name})?"
    kind = "code" if value.upper() in (match.alpha_3, getattr(match, "numeric", "")) else "name"
    return f"'{value}' is a country {kind}: use the code {match.alpha_2}"


@cache
def regions() -> tuple[str, ...]:
    return tuple(sorted({c.region for c in countries().values()} - {"Unknown region"}))


def suggest_term(
    value: object, terms: tuple[str, ...], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """The fix for a value outside ``terms``: the term a common word stands for
    (``synonyms``: "mobile money" -> "digital-payments"), or the closest spelling."""
    if not isinstance(value, str):
        return None
    words = " ".join(value.strip().lower().replace("_", " ").split())
    meant = (synonyms or {}).get(words) or (synonyms or {}).get(words.replace("-", " "))
    if meant in terms:
        return f"for {words}, use '{meant}'"
    lowered = words.replace(" ", "-")
    if lowered in terms:
        return f"did you mean '{lowered}'?"
    close = difflib.get_close_matches(lowered, terms, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


@cache
def _language_names() -> dict[str, str]:
    """ISO 639 code (alpha-2 and alpha-3) -> English name, from pycountry's database file
    (as ``casebook.schemas.language_codes`` reads it, without building 7,900 objects)."""
    entries = json.loads(
        (Path(pycountry.DATABASE_DIR) / "iso639-3.json").read_text(encoding="utf-8")
    )["639-3"]
    names = {}
    for entry in entries:
        name = entry["name"].removesuffix(" (macrolanguage)")
        for key in ("alpha_2", "alpha_3"):
            if code := entry.get(key):
                names[code] = name
    return names


def language_name(tag: str) -> str:
    """A BCP 47 tag as readers say it: ``en`` "English", ``pt-BR`` "Portuguese (Brazil)";
    a tag pycountry does not know stays as written."""
    language, _, rest = tag.partition("-")
    name = _language_names().get(language.lower())
    if name is None:
        return tag
    region = rest.split("-")[-1] if rest else ""
    if len(region) == 2 and region.upper() in countries():
        return f"{name} ({country(region.upper()).name})"
    return name
