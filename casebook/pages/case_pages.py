"""The page of one case: title, illustrative note, metadata panel, body, outcomes, sources."""

from __future__ import annotations

from casebook.cases import Case
from casebook.pages.markdown import GeneratedPage, front_matter, link, number, table, text, url
from casebook.pages.urls import case_uri, term_uri
from casebook.vocabularies import country, label, sdg_title

ILLUSTRATIVE_NOTE = (
    '!!! note "Illustrative example"\n'
    "    This case is illustrative content written to show how the collection works. "
    "It describes no real organisation.\n\n"
)


def render_case_page(case: Case) -> GeneratedPage:
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
    return GeneratedPage(uri, "".join(parts))


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
