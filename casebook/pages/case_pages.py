"""The page of one case: title, illustrative note, metadata panel, body, outcomes, sources,
and how to cite it."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from casebook.cases import Case
from casebook.pages.markdown import GeneratedPage, front_matter, link, number, table, text, url
from casebook.pages.urls import case_uri, term_uri
from casebook.vocabularies import country, label, sdg_title

ILLUSTRATIVE_NOTE = (
    '!!! note "Illustrative example"\n'
    "    This case is illustrative content written to show how the collection works. "
    "It describes no real organisation.\n\n"
)


@dataclass(frozen=True)
class CitationContext:
    """Where a case is cited from: an edition's stable address, or the ``latest`` alias."""

    collection_title: str
    base_url: str  # ends in "/": https://example.org/2026/ or https://example.org/latest/
    edition_id: str | None = None  # None: the working collection, cited at ``latest``
    edition_title: str | None = None
    editors: tuple[str, ...] = ()


def render_case_page(case: Case, citation: CitationContext | None = None) -> GeneratedPage:
    uri = case_uri(case.slug)
    parts = [front_matter(case.title, description=case.summary), f"# {text(case.title)}\n\n"]
    if case.example:
        parts.append(ILLUSTRATIVE_NOTE)
    parts.append(f"**{text(case.summary)}**\n\n")
    parts.append(
        '<div class="casebook-meta" markdown>\n\n' + metadata_table(case, uri) + "\n</div>\n\n"
    )
    parts.append(case.body.strip() + "\n\n")
    if case.outcomes:
        parts.append("## Outcomes reported\n\n" + outcomes_table(case) + "\n")
    parts.append("## Sources\n\n")
    if case.sources:
        parts.extend(f"- [{text(s.title)}]({url(s.url)})\n" for s in case.sources)
    else:
        parts.append("No sources were given for this case.\n")
    who = text(case.contributor.name)
    if case.contributor.organization:
        who += f", {text(case.contributor.organization)}"
    dates = f"submitted {case.submitted.isoformat()}"
    if case.updated:
        dates += f", updated {case.updated.isoformat()}"
    parts.append(
        f"\n*Contributed by {who}; {dates}. Licence: {text(label('license', case.license))} "
        f"({text(case.license)}).*\n"
    )
    if citation is not None:
        parts.append("\n" + render_citation_section(case, citation))
    return GeneratedPage(uri, "".join(parts))


def case_citation_url(case: Case, citation: CitationContext) -> str:
    return f"{citation.base_url}cases/{case.slug}.html"


def _citation_year(case: Case) -> int:
    return (case.updated or case.submitted).year


def _editor_list(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def render_citation_section(case: Case, citation: CitationContext) -> str:
    """ "Cite this case": APA 7 (as Markdown, escaped) and BibTeX (as an escaped code block)."""
    address = case_citation_url(case, citation)
    author = case.contributor.name.strip()
    apa = f"{text(author)}{'' if author.endswith('.') else '.'} ({_citation_year(case)}). "
    apa += f"*{text(case.title)}* \\[Case study\\]. In "
    if citation.editors:
        editors = _editor_list(citation.editors)
        apa += f"{text(editors)} (Ed{'s' * (len(citation.editors) > 1)}.), "
    apa += f"*{text(citation.collection_title)}*"
    if citation.edition_title:
        apa += f" ({text(citation.edition_title)})"
    apa += f". [{text(address)}]({url(address)})"
    where = (
        f"the {text(citation.edition_title)}, whose pages never change"
        if citation.edition_title
        else "the latest edition of the collection"
    )
    return (
        "## Cite this case\n\n"
        f"These citations point at {where}.\n\n"
        f"**APA**\n\n{apa}\n\n**BibTeX**\n\n"
        '<pre class="casebook-bibtex"><code>'
        + html.escape(render_bibtex(case, citation), quote=False)
        + "</code></pre>\n"
    )


_BIBTEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_text(value: str) -> str:
    """A contributed value as inert BibTeX/LaTeX text on one line."""
    one_line = " ".join(value.split())
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPES.get(m.group(), "\\" + m.group()), one_line)


def render_bibtex(case: Case, citation: CitationContext) -> str:
    key = f"{case.slug}-{citation.edition_id or 'latest'}"
    published_in = citation.collection_title + (
        f", {citation.edition_title}" if citation.edition_title else ""
    )
    fields = [
        ("author", "{" + bibtex_text(case.contributor.name) + "}"),
        ("title", "{" + bibtex_text(case.title) + "}"),
        ("year", str(_citation_year(case))),
        ("howpublished", bibtex_text(published_in)),
    ]
    if citation.editors:
        fields.append(
            ("editor", " and ".join("{" + bibtex_text(n) + "}" for n in citation.editors))
        )
    fields += [
        # The site's own address and a slug: no character that BibTeX would read.
        ("url", case_citation_url(case, citation)),
        ("note", "Case study"),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def metadata_table(case: Case, uri: str) -> str:
    def terms(dimension: str, vocabulary: str, values: tuple[str, ...]) -> str:
        return ", ".join(
            link(text(label(vocabulary, v)), uri, term_uri(dimension, v)) for v in values
        )

    countries = ", ".join(
        f"{country(code).flag} " + link(text(country(code).name), uri, term_uri("country", code))
        for code in case.countries
    )
    regions = ", ".join(
        link(text(region), uri, term_uri("region", region)) for region in case.regions
    )
    subregions = ", ".join(dict.fromkeys(country(code).subregion for code in case.countries))
    sdgs = ", ".join(
        link(f"SDG {goal}: {text(sdg_title(goal))}", uri, term_uri("sdg", goal))
        for goal in case.sdgs
    )
    rows = [
        ["**Countries**", countries],
        ["**Region**", f"{regions} ({text(subregions)})"],
        [
            "**Organisation**",
            f"{text(case.organization_name)} ({text(label('organization-type', case.organization_type))})",
        ],
        ["**Sectors**", terms("sector", "sector", case.sectors)],
        ["**Technologies**", terms("technology", "technology", case.technologies)],
        ["**SDGs**", sdgs],
        ["**Stage**", text(label("stage", case.stage))],
        ["**Started**", str(case.year)],
    ]
    if case.challenges:
        rows.append(
            ["**Challenges**", ", ".join(text(label("challenge", c)) for c in case.challenges)]
        )
    return table(["", ""], rows)


def outcomes_table(case: Case) -> str:
    rows = [
        [
            text(o.metric),
            number(o.baseline) if o.baseline is not None else "\u2013",
            number(o.value),
            text(o.unit),
            str(o.year) if o.year else "\u2013",
        ]
        for o in case.outcomes
    ]
    return table(["Metric", "Baseline", "Value", "Unit", "Year"], rows)
