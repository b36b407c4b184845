"""A deterministic synthetic collection for scale benchmarks and offline search tests.

``build_corpus`` computes every file of a content tree (cases, courses with modules,
guidelines) in memory from ``(cases, seed, today)``; ``write_corpus`` writes it out;
``generate_corpus`` does both. The same arguments always give byte-identical files: all
randomness comes from one ``random.Random(seed)`` and nothing reads the clock.

The tree is valid by construction (``load_collection`` reports nothing) and realistic in
shape: every vocabulary term of a case is used by published cases, countries cycle through
every UN M49 region, bodies carry the four required sections with varied prose, and one
made-up word appears in exactly one case body so search tests have a known single hit.
"""

from __future__ import annotations

import random
import shutil
import string
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from casebook.rules import MAX_SLUG
from casebook.vocabularies import countries, vocabulary

DEFAULT_TODAY = date(2026, 1, 1)
# Enough published cases to use every SDG (the longest case vocabulary) at least once.
MIN_CASES = 20
DRAFT_SHARE = 0.05
CASES_PER_COURSE = 500
CASES_PER_GUIDELINE = 100
MIN_GUIDELINES = 4
GENERATED_FOLDERS = ("cases", "courses", "guidelines")
EXCLUDED_REGIONS = ("Unknown region", "Antarctica")
EARLIEST_SUBMISSION = date(2019, 1, 1)

_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _FrontMatterDumper(_BaseDumper):  # type: ignore[misc]
    """Safe dumping as a contributor writes: short lists inline, mappings as blocks, and never
    an anchor or alias (the loader refuses them)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_list(dumper: Any, data: list[Any]) -> Any:
    inline = all(
        isinstance(item, int) or (isinstance(item, str) and len(item) <= 24) for item in data
    )
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=inline)


def _represent_dict(dumper: Any, data: dict[str, Any]) -> Any:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


_FrontMatterDumper.add_representer(list, _represent_list)
_FrontMatterDumper.add_representer(dict, _represent_dict)


class CorpusExistsError(Exception):
    """The output folder already holds files and replacing them was not asked for."""


@dataclass(frozen=True)
class CorpusSummary:
    cases: int
    drafts: int
    courses: int
    modules: int
    guidelines: int
    distinctive_word: str  # occurs in exactly one file of the tree: a case body
    distinctive_case: str  # the slug of that (published) case

    @property
    def published_cases(self) -> int:
        return self.cases - self.drafts


@dataclass(frozen=True)
class Corpus:
    """Every file of the tree: path relative to the content root (POSIX) -> text."""

    files: dict[str, str] = field(repr=False)
    summary: CorpusSummary


# --- Word banks -------------------------------------------------------------------------------
# Small on purpose: prose is drawn from them so bodies vary like real text while every
# generated file stays free of markup the validator refuses. No entry contains "zx" (see
# _invent_word).

# fmt: off
_ADJECTIVES = (
    "affordable", "shared", "local", "rural", "urban", "small", "regional", "open", "secure",
    "reliable", "low-cost", "digital", "mobile", "community", "practical", "informal", "new",
    "seasonal", "independent", "women-led", "youth-led", "cooperative", "public", "private",
    "simple", "remote", "coastal", "growing", "trusted", "basic", "weekly", "daily",
)
_NOUNS = (
    "farmers", "traders", "clinics", "schools", "sensors", "payments", "records", "drivers",
    "suppliers", "customers", "buyers", "shops", "workshops", "cooperatives", "technicians",
    "nurses", "teachers", "students", "developers", "mentors", "lenders", "regulators", "operators",
    "households", "markets", "warehouses", "routes", "orders", "invoices", "devices", "networks",
    "towers", "platforms", "dashboards", "apps", "reports", "loans", "harvests", "deliveries",
    "repairs", "lessons", "licences", "permits", "standards", "partners", "officials", "owners",
    "families", "villages", "districts", "ports", "kiosks",
)
_VERBS = (
    "adopted", "tested", "shared", "built", "measured", "reduced", "expanded", "trained",
    "connected", "replaced", "tracked", "negotiated", "improved", "financed", "supported",
    "simplified", "monitored", "recorded", "delivered", "reached", "linked", "digitised",
    "automated", "compared", "reviewed", "redesigned", "scaled", "funded", "advised", "served",
)
_PREPOSITIONS = (
    "across", "for", "with", "beyond", "through", "near", "among", "without", "after", "before",
)
_DETERMINERS = (
    "the", "some", "many", "their", "several", "most", "other", "these", "more", "fewer",
)
_OPENERS = (
    "In the first year,", "After the pilot,", "Within six months,", "At the same time,",
    "From the start,", "Over two seasons,", "By the second year,", "In practice,",
    "According to the team,", "Despite weak connectivity,", "With help from partners,",
)
_THINGS = (
    "platform", "network", "service", "toolkit", "pilot", "marketplace", "hub", "programme", "app",
    "system",
)
_AUDIENCES = {
    "agriculture": ("smallholder farmers", "farm cooperatives", "agro-dealers"),
    "manufacturing": ("small factories", "garment workshops", "metal workshops"),
    "health": ("rural clinics", "community health workers", "pharmacies"),
    "education": ("secondary schools", "vocational colleges", "adult learners"),
    "finance": ("market traders", "savings groups", "microfinance lenders"),
    "commerce": ("home businesses", "township shops", "small retailers"),
    "logistics": ("trucking firms", "delivery riders", "freight forwarders"),
    "energy": ("off-grid households", "solar kiosks", "mini-grid operators"),
    "tourism": ("community lodges", "tour guides", "craft sellers"),
    "public-services": ("municipal offices", "local councils", "permit applicants"),
    "ict": ("software startups", "internet cafes", "repair shops"),
    "other": ("artisans", "fishing crews", "cultural groups"),
}
_GOALS = (
    "cut costs", "reach new customers", "get paid faster", "reduce losses", "plan ahead",
    "meet buyer standards", "keep better records", "find finance", "save time", "serve more people",
)
_PLACE_WORDS = (
    "Savanna", "Harbour", "Highland", "Riverside", "Lakeside", "Sunrise", "Baobab", "Coral",
    "Summit", "Meridian", "Valley", "Delta", "Horizon", "Compass", "Cedar", "Monsoon",
)
_ORGANIZATION_WORDS = {
    "startup": ("Labs", "Technologies", "Ventures"),
    "sme": ("Traders", "Enterprises", "Works"),
    "large-enterprise": ("Group", "Holdings", "Industries"),
    "public-sector": ("Agency", "Authority", "Directorate"),
    "ngo": ("Foundation", "Trust", "Initiative"),
    "cooperative": ("Cooperative", "Growers' Union", "Producers' Society"),
    "academia": ("Polytechnic", "University Lab", "Institute"),
    "telecom-operator": ("Telecom", "Mobile", "Networks"),
    "acceleration-centre": ("Acceleration Centre", "Innovation Hub", "Incubator"),
}
_ORGANIZATION_PHRASES = {
    "startup": "startup",
    "sme": "small business",
    "large-enterprise": "large company",
    "public-sector": "public agency",
    "ngo": "non-profit organisation",
    "cooperative": "cooperative",
    "academia": "university lab",
    "telecom-operator": "telecom operator",
    "acceleration-centre": "acceleration centre",
}
_FIRST_NAMES = (
    "Amina", "Wanjiru", "Thabo", "Li", "Mei", "Carlos", "Ana", "Ivan", "Priya", "Arjun", "Fatima",
    "Kwame", "Lucia", "Tomasz", "Aroha", "Sione", "Nadia", "Omar", "Grace", "Diego",
)
_LAST_NAMES = (
    "Okafor", "Mwangi", "Nkosi", "Wang", "Chen", "Silva", "Rojas", "Petrov", "Sharma", "Rao",
    "Haddad", "Mensah", "Fernandez", "Kowalski", "Ngata", "Tupou", "Karimi", "Saleh", "Banda",
)
_METRICS = (
    ("Firms using the service", "firms"), ("Monthly active users", "users"),
    ("Reduction in delivery time", "percent"), ("Average cost saving per firm", "USD per month"),
    ("Loans granted", "loans"), ("People trained", "people"), ("Water saved", "percent"),
    ("Downtime avoided", "hours per month"), ("New jobs", "jobs"),
    ("Sales through digital channels", "percent"),
)
_COURSE_TOPICS = (
    "Digital payments", "Data and AI", "Connectivity", "Cybersecurity", "Selling online",
    "Smart farming", "Cloud tools", "Regulatory sandboxes", "Digital skills", "IoT in practice",
)
_MODULE_TOPICS = (
    "Why it matters", "Understanding the customer", "Choosing the tools", "Costs and funding",
    "Working with partners", "Measuring results", "Managing risks", "Scaling up", "Data protection",
    "Next steps",
)
_LANGUAGES = (
    "en", "en", "en", "fr", "es", "pt",
)
# fmt: on
_SECTIONS = ("Context", "Solution", "Results", "Lessons learned")
_GUIDELINE_SECTIONS = ("Recommendation", "Why", "How to implement", "Evidence from the collection")


class _Deck:
    """Draws every term once per round, in a fresh shuffled order each round: terms are all
    used after ``len(terms)`` draws, and two vocabularies of the same size do not move in step."""

    def __init__(self, terms: Sequence[Any], rng: random.Random) -> None:
        self._terms = list(terms)
        self._rng = rng
        self._hand: list[Any] = []

    def draw(self) -> Any:
        if not self._hand:
            self._hand = self._rng.sample(self._terms, len(self._terms))
        return self._hand.pop()


def build_corpus(cases: int, seed: int, today: date = DEFAULT_TODAY) -> Corpus:
    """Every file of a synthetic tree with ``cases`` cases; the same arguments, the same bytes."""
    if cases < MIN_CASES:
        raise ValueError(
            f"at least {MIN_CASES} cases are needed to use every vocabulary term, got {cases}"
        )
    rng = random.Random(seed)
    files: dict[str, str] = {}
    distinctive_word = _invent_word(rng)
    case_items = _build_cases(rng, cases, today, distinctive_word)
    published = [slug for slug, fm, _ in case_items if fm["status"] == "published"]
    distinctive_case = next(slug for slug, _, body in case_items if distinctive_word in body)
    for slug, front_matter, body in case_items:
        files[f"cases/{slug}.md"] = _page(front_matter, body)
    guideline_items = _build_guidelines(rng, cases, published, today)
    for slug, front_matter, body in guideline_items:
        files[f"guidelines/{slug}.md"] = _page(front_matter, body)
    guideline_slugs = [slug for slug, _, _ in guideline_items]
    module_count = 0
    course_count = max(1, cases // CASES_PER_COURSE)
    for course_slug, index_page, modules in _build_courses(
        rng, course_count, published, guideline_slugs
    ):
        files[f"courses/{course_slug}/index.md"] = index_page
        for stem, text in modules:
            files[f"courses/{course_slug}/{stem}.md"] = text
        module_count += len(modules)
    summary = CorpusSummary(
        cases=cases,
        drafts=cases - len(published),
        courses=course_count,
        modules=module_count,
        guidelines=len(guideline_items),
        distinctive_word=distinctive_word,
        distinctive_case=distinctive_case,
    )
    return Corpus(files, summary)


def write_corpus(corpus: Corpus, out_dir: Path, replace: bool = False) -> None:
    """Write ``corpus`` under ``out_dir``. A folder that already holds files is refused unless
    ``replace``; then only the generated folders (cases, courses, guidelines) are removed
    first, so a smaller corpus never leaves stale pages behind."""
    if out_dir.exists() and any(out_dir.iterdir()):
        if not replace:
            raise CorpusExistsError(
                f"'{out_dir}' is not empty: choose an empty folder or replace its content"
            )
        for name in GENERATED_FOLDERS:
            if (out_dir / name).is_dir():
                shutil.rmtree(out_dir / name)
    folders = sorted({str(Path(relative).parent) for relative in corpus.files})
    for folder in folders:
        (out_dir / folder).mkdir(parents=True, exist_ok=True)
    for relative, text in corpus.files.items():
        (out_dir / relative).write_bytes(text.encode("utf-8"))


def generate_corpus(
    out_dir: Path, cases: int, seed: int, today: date = DEFAULT_TODAY, replace: bool = False
) -> CorpusSummary:
    """Build and write a synthetic tree into ``out_dir`` (the folder ``load_collection`` reads)."""
    corpus = build_corpus(cases, seed, today)
    write_corpus(corpus, out_dir, replace)
    return corpus.summary


def write_translations(content: Path, languages: Sequence[str], every: int = 10) -> int:
    """Translations of every ``every``-th case (by path) into each of ``languages``, written
    by ``casebook translate`` with the title marked by its language, and a ``languages.yml``
    naming them (English the default): the multilingual build's benchmark corpus. Returns
    the number of files written."""
    from casebook.documents import read_document
    from casebook.translate import translation_path, translation_text

    (content / "languages.yml").write_text(
        f"default: en\nlanguages: [{', '.join(['en', *languages])}]\n", encoding="utf-8"
    )
    originals = sorted(
        path for path in (content / "cases").rglob("*.md") if path.stem.count(".") == 0
    )[::every]
    written = 0
    for path in originals:
        doc = read_document(path, str(path)).document
        if doc is None:
            continue
        for lang in languages:
            text = translation_text("case", doc, lang)
            title = f"title: {doc.front_matter['title']}"
            marked = text.replace(title, f"{title} [{lang}]", 1) if title in text else text
            translation_path(path, lang).write_text(marked, encoding="utf-8")
            written += 1
    return written


# --- Cases ------------------------------------------------------------------------------------


def _build_cases(
    rng: random.Random, count: int, today: date, distinctive_word: str
) -> list[tuple[str, dict[str, Any], str]]:
    drafts = set(rng.sample(range(count), max(1, round(count * DRAFT_SHARE))))
    published_positions = [i for i in range(count) if i not in drafts]
    distinctive_at = rng.choice(published_positions)
    country_cycle = _country_cycle(rng)
    decks = {
        name: _Deck(vocabulary(name).terms, rng)
        for name in ("organization-type", "sector", "technology", "stage", "challenge", "license")
    }
    decks["sdg"] = _Deck(range(1, 18), rng)
    slugs: set[str] = set()
    items = []
    published_seen = 0
    for position in range(count):
        is_draft = position in drafts
        if is_draft:
            pick = _random_pick(rng)
            primary_country = rng.choice(country_cycle)
        else:
            pick = {name: deck.draw() for name, deck in decks.items()}
            # A tenth of published cases name no challenge: the field is optional.
            if published_seen % 10 == 9:
                pick["challenge"] = None
            primary_country = country_cycle[published_seen % len(country_cycle)]
            published_seen += 1
        front_matter, body = _case(
            rng,
            pick,
            primary_country,
            "draft" if is_draft else "published",
            today,
            distinctive_word if position == distinctive_at else None,
        )
        slug = _unique_slug(_slugify(front_matter["title"]), slugs)
        items.append((slug, front_matter, body))
    return items


def _random_pick(rng: random.Random) -> dict[str, Any]:
    pick: dict[str, Any] = {
        name: rng.choice(vocabulary(name).terms)
        for name in ("organization-type", "sector", "technology", "stage", "challenge", "license")
    }
    pick["sdg"] = rng.randint(1, 17)
    return pick


def _country_cycle(rng: random.Random) -> list[str]:
    """Every country of a known M49 region, regions interleaved so that even a small corpus
    spans all of them."""
    queues = [rng.sample(codes, len(codes)) for codes in _countries_by_region().values()]
    cycle: list[str] = []
    while any(queues):
        for queue in queues:
            if queue:
                cycle.append(queue.pop())
    return cycle


def _with_extras(rng: random.Random, first: Any, terms: Sequence[Any], most: int) -> list[Any]:
    extras = rng.sample([t for t in terms if t != first], rng.randint(0, most))
    return [first, *extras]


def _case(
    rng: random.Random,
    pick: dict[str, Any],
    primary_country: str,
    status: str,
    today: date,
    distinctive_word: str | None,
) -> tuple[dict[str, Any], str]:
    sector, technology, kind = pick["sector"], pick["technology"], pick["organization-type"]
    region = countries()[primary_country].region
    neighbours = [code for code in _countries_by_region()[region] if code != primary_country]
    country_codes = [primary_country]
    if rng.random() < 0.15:
        country_codes += rng.sample(neighbours, rng.randint(1, 2))
    country_name = countries()[primary_country].name
    audience = rng.choice(_AUDIENCES[sector])
    technology_label = vocabulary("technology").label(technology)
    title = (
        f"{rng.choice(_ADJECTIVES).capitalize()} {technology_label} {rng.choice(_THINGS)} "
        f"for {audience} in {country_name}"
    )
    organization_name = (
        f"{rng.choice(_PLACE_WORDS)} {rng.choice(_PLACE_WORDS)} "
        f"{rng.choice(_ORGANIZATION_WORDS[kind])} (illustrative)"
    )
    summary = _summary(rng, kind, country_name, technology_label, audience)
    submitted = today - timedelta(days=rng.randint(0, (today - EARLIEST_SUBMISSION).days))
    year = rng.randint(max(1995, submitted.year - 8), submitted.year)
    challenges = (
        []
        if pick["challenge"] is None
        else _with_extras(rng, pick["challenge"], _terms("challenge"), 2)
    )
    front_matter: dict[str, Any] = {
        "title": title,
        "summary": summary,
        "countries": country_codes,
        "organization": {"name": organization_name, "type": kind},
        "sectors": _with_extras(rng, sector, _terms("sector"), 1),
        "technologies": _with_extras(rng, technology, _terms("technology"), 2),
        "sdgs": _with_extras(rng, pick["sdg"], range(1, 18), 2),
        "year": year,
        "stage": pick["stage"],
    }
    if challenges:
        front_matter["challenges"] = challenges
    outcomes = [_outcome(rng, year, submitted.year) for _ in range(rng.randint(1, 3))]
    front_matter["outcomes"] = outcomes
    front_matter["sources"] = [
        {
            "title": f"{organization_name.removesuffix(' (illustrative)')} report {number}",
            "url": f"https://example.org/reports/{_slugify(organization_name)}/{year}-{number}",
        }
        for number in range(1, rng.randint(1, 2) + 1)
    ]
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    contributor: dict[str, Any] = {"name": f"{first} {last}"}
    if rng.random() < 0.5:
        contributor["organization"] = organization_name
    if rng.random() < 0.3:
        contributor["email"] = f"{first.lower()}.{last.lower()}@example.org"
    front_matter["contributor"] = contributor
    front_matter["license"] = pick["license"]
    front_matter["status"] = status
    front_matter["submitted"] = submitted.isoformat()
    if rng.random() < 0.3:
        updated = submitted + timedelta(days=rng.randint(0, (today - submitted).days))
        front_matter["updated"] = updated.isoformat()
    front_matter["example"] = True
    body = _case_body(rng, country_name, audience, sector, outcomes, distinctive_word)
    return front_matter, body


def _terms(name: str) -> tuple[str, ...]:
    return vocabulary(name).terms


@cache
def _countries_by_region() -> dict[str, tuple[str, ...]]:
    """Country codes of every known M49 region, both in sorted order."""
    by_region: dict[str, list[str]] = {}
    for code in sorted(countries()):
        region = countries()[code].region
        if region not in EXCLUDED_REGIONS:
            by_region.setdefault(region, []).append(code)
    return {region: tuple(codes) for region, codes in sorted(by_region.items())}


def _summary(
    rng: random.Random, kind: str, country_name: str, technology_label: str, audience: str
) -> str:
    text = (
        f"An illustrative {_ORGANIZATION_PHRASES[kind]} in {country_name} uses {technology_label} "
        f"to help {audience} {rng.choice(_GOALS)}."
    )
    # About 200 characters, the length of a real summary, and always within the 50-400 bounds.
    while len(text) < 170:
        text += " " + _sentence(rng)
    return text if len(text) <= 400 else text[:399].rsplit(" ", 1)[0] + "."


def _outcome(rng: random.Random, first_year: int, last_year: int) -> dict[str, Any]:
    metric, unit = rng.choice(_METRICS)
    outcome: dict[str, Any] = {"metric": metric}
    if unit == "percent":
        outcome["value"] = round(rng.uniform(2, 60), 1)
    else:
        outcome["value"] = rng.randint(3, 5000)
    outcome["unit"] = unit
    if rng.random() < 0.5:
        outcome["baseline"] = 0
    if rng.random() < 0.7:
        outcome["year"] = rng.randint(first_year, last_year)
    return outcome


def _case_body(
    rng: random.Random,
    country_name: str,
    audience: str,
    sector: str,
    outcomes: list[dict[str, Any]],
    distinctive_word: str | None,
) -> str:
    # Sections end on a whole sentence, so the prose lands between about 150 and 300 words.
    total_words = rng.randint(135, 255)
    shares = [rng.uniform(0.8, 1.2) for _ in _SECTIONS]
    targets = [max(20, round(total_words * share / sum(shares))) for share in shares]
    sector_label = vocabulary("sector").label(sector).lower()
    openings = {
        "Context": f"This illustrative case is set in {country_name}, where {audience} work in {sector_label}.",
        "Solution": f"The team worked with {audience} to design the service step by step.",
        "Results": "The first results were measured against the situation before the project.",
        "Lessons learned": f"The main lesson is that {audience} adopt tools they already trust.",
    }
    parts = []
    for section, target in zip(_SECTIONS, targets, strict=True):
        parts.append(f"## {section}\n\n{_paragraphs(rng, openings[section], target)}\n")
        if section == "Results":
            parts.append(
                "\n".join(f"- {o['metric']}: {o['value']} {o['unit']}" for o in outcomes) + "\n"
            )
            if distinctive_word:
                parts.append(f"Staff now call the new routine {distinctive_word}.\n")
            if rng.random() < 0.3:
                parts.append(
                    "More detail is in the [project report](https://example.org/reports).\n"
                )
    return "\n" + "\n".join(parts)


def _paragraphs(rng: random.Random, opening: str, target_words: int) -> str:
    sentences, words = [opening], len(opening.split())
    while words < target_words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        words += len(sentence.split())
    # Two to four sentences to a paragraph, as people write.
    paragraphs, start = [], 0
    while start < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[start : start + size]))
        start += size
    return "\n\n".join(paragraphs)


def _sentence(rng: random.Random) -> str:
    phrases = _noun_phrases()
    parts = [_pick(rng, _OPENERS)] if rng.random() < 0.25 else []
    parts += (_pick(rng, phrases), _pick(rng, _VERBS), _pick(rng, phrases))
    for _ in range(int(rng.random() * 3)):
        parts += (_pick(rng, _PREPOSITIONS), _pick(rng, phrases))
    text = " ".join(parts)
    return text[0].upper() + text[1:] + "."


def _pick(rng: random.Random, words: Sequence[str]) -> str:
    # One call to random() per word: several times faster than rng.choice, and prose is
    # most of what the generator draws.
    return words[int(rng.random() * len(words))]


@cache
def _noun_phrases() -> tuple[str, ...]:
    """Every "determiner (adjective) noun" phrase, with and without an adjective equally likely."""
    bare = [f"{d} {n}" for d in _DETERMINERS for n in _NOUNS]
    described = [f"{d} {a} {n}" for d in _DETERMINERS for a in _ADJECTIVES for n in _NOUNS]
    return tuple(bare * len(_ADJECTIVES) + described)


# --- Guidelines -------------------------------------------------------------------------------


def _build_guidelines(
    rng: random.Random, cases: int, published: list[str], today: date
) -> list[tuple[str, dict[str, Any], str]]:
    instruments = _terms("instrument")
    count = max(MIN_GUIDELINES, len(instruments), round(cases / CASES_PER_GUIDELINE))
    instrument_deck = _Deck(instruments, rng)
    audience_deck = _Deck(_terms("policy-audience"), rng)
    slugs: set[str] = set()
    items = []
    for _ in range(count):
        instrument = instrument_deck.draw()
        label = vocabulary("instrument").label(instrument)
        title = f"{label}: {rng.choice(_GOALS)} for {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
        evidence = rng.sample(published, min(len(published), rng.randint(2, 6)))
        front_matter: dict[str, Any] = {
            "title": title,
            "summary": _guideline_summary(rng, label),
            "instrument": instrument,
            "audience": _with_extras(rng, audience_deck.draw(), _terms("policy-audience"), 2),
            "evidence": evidence,
            "sdgs": sorted(rng.sample(range(1, 18), rng.randint(1, 3))),
            "status": "published",
            "updated": (today - timedelta(days=rng.randint(0, 720))).isoformat(),
            "example": True,
        }
        body = "\n" + "\n".join(
            f"## {section}\n\n{_paragraphs(rng, _sentence(rng), rng.randint(40, 90))}\n"
            for section in _GUIDELINE_SECTIONS
        )
        items.append((_unique_slug(_slugify(title), slugs), front_matter, body))
    return items


def _guideline_summary(rng: random.Random, label: str) -> str:
    text = f"Governments and partners should use {label.lower()} so that small firms can {rng.choice(_GOALS)}."
    while len(text) < 170:
        text += " " + _sentence(rng)
    return text if len(text) <= 400 else text[:399].rsplit(" ", 1)[0] + "."


# --- Courses ----------------------------------------------------------------------------------


def _build_courses(
    rng: random.Random, count: int, published: list[str], guidelines: list[str]
) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    level_deck = _Deck(_terms("level"), rng)
    slugs: set[str] = set()
    for _ in range(count):
        topic = rng.choice(_COURSE_TOPICS)
        title = f"{topic} for {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
        slug = _unique_slug(_slugify(title), slugs)
        front_matter: dict[str, Any] = {
            "title": title,
            "summary": f"A course on {topic.lower()} for people who run or advise small firms. "
            + " ".join(_sentence(rng) for _ in range(3)),
            "level": level_deck.draw(),
            "audience": rng.sample(_terms("learner-audience"), rng.randint(1, 3)),
            "language": rng.choice(_LANGUAGES),
            "provider": f"{rng.choice(_PLACE_WORDS)} Acceleration Centre (illustrative)",
            "outcomes": [_sentence(rng) for _ in range(rng.randint(3, 6))],
            "license": rng.choice(_terms("license")),
            "status": "published",
            "example": True,
        }
        front_matter["summary"] = front_matter["summary"][:400].rsplit(".", 1)[0] + "."
        index_page = _page(front_matter, "\n" + _paragraphs(rng, _sentence(rng), 120) + "\n")
        topics = rng.sample(_MODULE_TOPICS, rng.randint(4, 8))
        modules = [
            _module(rng, number, module_topic, published, guidelines)
            for number, module_topic in enumerate(topics, start=1)
        ]
        yield slug, index_page, modules


def _module(
    rng: random.Random, number: int, topic: str, published: list[str], guidelines: list[str]
) -> tuple[str, str]:
    front_matter: dict[str, Any] = {
        "title": topic,
        "duration_minutes": rng.choice((15, 20, 30, 45, 60, 90)),
        "objectives": [_sentence(rng) for _ in range(rng.randint(2, 4))],
        "cases": rng.sample(published, min(len(published), rng.randint(2, 5))),
    }
    if rng.random() < 0.7:
        front_matter["guidelines"] = rng.sample(guidelines, rng.randint(1, 2))
    quiz = []
    for _ in range(rng.randint(0, 3)):
        options = [_sentence(rng) for _ in range(rng.randint(2, 4))]
        quiz.append(
            {
                "question": f"Which statement about {topic.lower()} is supported by the cases?",
                "options": options,
                "answer": rng.randrange(len(options)),
                "explanation": _sentence(rng),
            }
        )
    if quiz:
        front_matter["quiz"] = quiz
    body = "\n" + "\n".join(
        f"## {heading}\n\n{_paragraphs(rng, _sentence(rng), rng.randint(60, 120))}\n"
        for heading in ("Overview", "In the cases", "Try it yourself")
    )
    return f"{number:02d}-{_slugify(topic)}", _page(front_matter, body)


# --- Text helpers -----------------------------------------------------------------------------


def _page(front_matter: dict[str, Any], body: str) -> str:
    dumped = yaml.dump(
        front_matter,
        Dumper=_FrontMatterDumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
    )
    return f"---\n{dumped}---\n{body}"


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = "".join(c if c.isalnum() else " " for c in ascii_text.lower()).split()
    slug = ""
    for word in words:
        # Leave room for a "-NNNNN" suffix that makes a repeated title unique.
        if len(slug) + len(word) + 1 > MAX_SLUG - 6:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _unique_slug(base: str, taken: set[str]) -> str:
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug


def _invent_word(rng: random.Random) -> str:
    # No word bank entry, country name or vocabulary label contains "zx", so the word cannot
    # turn up anywhere but where it is put.
    return "zx" + "".join(rng.choice(string.ascii_lowercase) for _ in range(8))
