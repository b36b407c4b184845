"""The page of one case: title, illustrative note, metadata panel, body, outcomes, sources,
and how to cite it."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from casebook import i18n
from casebook.cases import Case
from casebook.connections import CaseConnections
from casebook.i18n import _
from casebook.pages import fragments
from casebook.pages.fragments import escape, illustrative_note, page_link
from casebook.pages.markdown import GeneratedPage, PageWriter, number, page_meta
from casebook.pages.urls import (
    EXPLORER_URI,
    case_uri,
    course_uri,
    guideline_uri,
    module_uri,
    term_uri,
)
from casebook.vocabularies import country


@dataclass(frozen=True)
class CitationContext:
    """Where a case is cited from: an edition's stable address, or the ``latest`` alias."""

    collection_title: str
    base_url: str  # ends in "/": https://example.org/2026/ or https://example.org/latest/
    edition_id: str | None = None  # None: the working collection, cited at ``latest``
    edition_title: str | None = None
    editors: tuple[str, ...] = ()


def render_case_page(
    case: Case,
    citation: CitationContext | None = None,
    connections: CaseConnections | None = None,
) -> GeneratedPage:
    """The title and the contributed body are Markdown; everything generated is HTML. Search
    indexes the title, summary and body (``Slot`` says why not the rest). ``connections``: the
    guidelines, modules and cases the page leads on to."""
    page = PageWriter(case_uri(case.slug), page_meta(case.title, description=case.summary))
    page.html(
        fragments.breadcrumbs(
            page.src_uri, [(escape(_("Cases")), EXPLORER_URI)], escape(case.title)
        ),
        searchable=False,
    )
    # No "# title" line: the theme prints the front-matter title as the page heading. Only the
    # body is Markdown; the parts before and after it need no slot marker (GeneratedPage).
    if not case.published:
        page.html(fragments.draft_banner())
    page.html(fragments.paragraph(f"<strong>{escape(case.summary)}</strong>"))
    if case.example:
        page.html(illustrative_note(), searchable=False)
    page.html(metadata_panel(case, page.src_uri), searchable=False)
    page.contributed(case.rendered)
    if case.outcomes:
        page.heading(_("Outcomes reported"), "casebook-outcomes", searchable=False)
        page.html(outcomes_table(case), searchable=False)
    page.heading(_("Sources"), "casebook-sources", searchable=False)
    if case.sources:
        page.html(
            fragments.bullet_list(
                fragments.web_link(escape(source.title), source.url) for source in case.sources
            ),
            searchable=False,
        )
    else:
        page.html(
            fragments.paragraph(escape(_("No sources were given for this case."))),
            searchable=False,
        )
    page.html(fragments.paragraph(f"<em>{contribution_note(case)}</em>"), searchable=False)
    if connections is not None and (
        connections.guidelines or connections.modules or connections.related
    ):
        page.heading(_("Where this case leads"), "casebook-connections", searchable=False)
        page.html(connections_html(connections, page.src_uri), searchable=False)
    if citation is not None:
        page.heading(_("Cite this case"), "casebook-cite", searchable=False)
        page.html(render_citation_html(case, citation), searchable=False)
    return page.page()


def connections_html(connections: CaseConnections, uri: str) -> str:
    """The guidelines citing the case, the modules using it and related cases, as a list of
    labelled groups (only the groups that have something)."""
    groups = []
    if connections.guidelines:
        groups.append(
            (
                escape(_("Policy guidelines that cite it")),
                [
                    page_link(escape(g.title), uri, guideline_uri(g.slug))
                    for g in connections.guidelines
                ],
            )
        )
    if connections.modules:
        module_item = escape(_("{module} (course {course})"))
        groups.append(
            (
                escape(_("Course modules that use it")),
                [
                    module_item.format(
                        module=page_link(
                            escape(module.title), uri, module_uri(course.slug, module.slug)
                        ),
                        course=page_link(escape(course.title), uri, course_uri(course.slug)),
                    )
                    for course, module in connections.modules
                ],
            )
        )
    if connections.related:
        related_item = escape(_("{case}: {summary}"))
        groups.append(
            (
                escape(_("Related cases (same country, sector or technology)")),
                [
                    related_item.format(
                        case=page_link(escape(other.title), uri, case_uri(other.slug)),
                        summary=escape(other.summary),
                    )
                    for other in connections.related
                ],
            )
        )
    return "\n".join(
        fragments.paragraph(f"<strong>{title}</strong>") + "\n" + fragments.bullet_list(items)
        for title, items in groups
    )


def contribution_note(case: Case) -> str:
    """Who contributed the case, when, under which licence (HTML)."""
    if case.contributor.organization:
        who = _("{name}, {organisation}").format(
            name=case.contributor.name, organisation=case.contributor.organization
        )
    else:
        who = case.contributor.name
    if case.updated:
        dates = _("submitted {submitted}, updated {updated}").format(
            submitted=fragments.shown_date(case.submitted),
            updated=fragments.shown_date(case.updated),
        )
    else:
        dates = _("submitted {submitted}").format(submitted=fragments.shown_date(case.submitted))
    return escape(
        _("Contributed by {who}; {dates}. Licence: {licence} ({code}).").format(
            who=who,
            dates=dates,
            licence=i18n.label("license", case.license),
            code=case.license,
        )
    )


def case_citation_url(case: Case, citation: CitationContext) -> str:
    return f"{citation.base_url}cases/{case.slug}.html"


def _citation_year(case: Case) -> int:
    return (case.updated or case.submitted).year


def _editor_list(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " & " + names[-1]


def _citation_source(citation: CitationContext) -> str:
    return (
        _("the {edition}, whose pages never change").format(edition=citation.edition_title)
        if citation.edition_title
        else _("the latest edition of the collection")
    )


def render_citation_html(case: Case, citation: CitationContext) -> str:
    """ "Cite this case" (below its heading) as HTML: APA 7 and BibTeX, every value escaped."""
    introduction, apa_source = _citation_html(citation)
    address = case_citation_url(case, citation)
    author = case.contributor.name.strip()
    apa = f"{escape(author)}{'' if author.endswith('.') else '.'} ({_citation_year(case)}). "
    apa += (
        f"<em>{escape(case.title)}</em>{apa_source}{fragments.web_link(escape(address), address)}"
    )
    return "\n".join(
        [
            introduction,
            fragments.paragraph("<strong>APA</strong>"),
            fragments.paragraph(apa),
            fragments.paragraph("<strong>BibTeX</strong>"),
            '<pre class="casebook-bibtex"><code>'
            + html.escape(render_bibtex(case, citation), quote=False)
            + "</code></pre>",
        ]
    )


def _citation_html(citation: CitationContext) -> tuple[str, str]:
    return _citation_html_in(citation, i18n.active())


@functools.lru_cache(maxsize=16)
def _citation_html_in(citation: CitationContext, language: str) -> tuple[str, str]:
    """What every case page of one edition says alike, made once per language: the opening
    paragraph, and the APA reference from after the case's title to before its address."""
    introduction = fragments.paragraph(
        escape(_("These citations point at {source}.").format(source=_citation_source(citation)))
    )
    apa = " " + escape(_("[Case study]. In")) + " "
    if citation.editors:
        editors = escape(_editor_list(citation.editors))
        apa += (
            escape(_("{editors} (Eds.),"))
            if len(citation.editors) > 1
            else escape(_("{editors} (Ed.),"))
        ).format(editors=editors) + " "
    apa += f"<em>{escape(citation.collection_title)}</em>"
    if citation.edition_title:
        apa += f" ({escape(citation.edition_title)})"
    return introduction, apa + ". "


_BIBTEX_SPECIAL = re.compile(r"[\\{}%&$#_^~]")
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_text(value: str) -> str:
    """A contributed value as inert BibTeX/LaTeX text on one line."""
    one_line = " ".join(value.split())
    return _BIBTEX_SPECIAL.sub(_bibtex_escape, one_line)


def _bibtex_escape(special: re.Match[str]) -> str:
    return _BIBTEX_ESCAPES.get(special.group(), "\\" + special.group())


def render_bibtex(case: Case, citation: CitationContext) -> str:
    key = f"{case.slug}-{citation.edition_id or 'latest'}"
    fields = [
        ("author", "{" + bibtex_text(case.contributor.name) + "}"),
        ("title", "{" + bibtex_text(case.title) + "}"),
        ("year", str(_citation_year(case))),
        *_bibtex_edition_fields(citation),
        # The site's own address and a slug: no character that BibTeX would read.
        ("url", case_citation_url(case, citation)),
        ("note", bibtex_text(_("Case study"))),
    ]
    body = ",\n".join([f"  {name} = {{{value}}}" for name, value in fields])
    return f"@misc{{{key},\n{body}\n}}\n"


@functools.lru_cache(maxsize=16)
def _bibtex_edition_fields(citation: CitationContext) -> tuple[tuple[str, str], ...]:
    """The BibTeX fields that name the edition: alike on every case page, so made once."""
    published_in = citation.collection_title + (
        f", {citation.edition_title}" if citation.edition_title else ""
    )
    fields = [("howpublished", bibtex_text(published_in))]
    if citation.editors:
        fields.append(
            ("editor", " and ".join("{" + bibtex_text(n) + "}" for n in citation.editors))
        )
    return tuple(fields)


def _label_html(vocabulary_name: str, term: str) -> str:
    return _label_html_in(vocabulary_name, term, i18n.active())


@functools.cache
def _label_html_in(vocabulary_name: str, term: str, language: str) -> str:
    """A vocabulary label as HTML: a few dozen labels, escaped once per language rather than
    on every page."""
    return escape(i18n.label(vocabulary_name, term))


def _term_link(from_uri: str, dimension: str, term: str | int) -> str:
    return _term_link_in(from_uri, dimension, term, i18n.active())


@functools.cache
def _term_link_in(from_uri: str, dimension: str, term: str | int, language: str) -> str:
    """The link to a term's page, as every case page in one folder writes it: made once per
    language."""
    if dimension == "country":
        # No emoji flag: Linux shows regional-indicator letters as empty boxes, Windows as
        # letters; the name says it.
        name = escape(i18n.country_name(str(term)))
    elif dimension == "sdg":
        name = escape(_("SDG {goal}: {title}").format(goal=term, title=i18n.sdg_title(int(term))))
    elif dimension == "region":
        name = escape(i18n.region_name(str(term)))
    else:
        name = escape(i18n.label(dimension, term))
    return page_link(name, from_uri, term_uri(dimension, term))


def metadata_panel(case: Case, uri: str) -> str:
    folder = uri.rsplit("/", 1)[0] + "/"  # links depend only on the page's folder

    def terms(dimension: str, values: tuple[str, ...] | tuple[int, ...]) -> str:
        return ", ".join([_term_link(folder, dimension, value) for value in values])

    countries, regions = _place_cells(folder, case.countries, case.regions)
    organisation_type = _label_html("organization-type", case.organization_type)
    rows = [
        (_("Countries"), countries),
        (_("Region"), regions),
        (_("Organisation"), f"{escape(case.organization_name)} ({organisation_type})"),
        (_("Sectors"), terms("sector", case.sectors)),
        (_("Technologies"), terms("technology", case.technologies)),
        (_("SDGs"), terms("sdg", case.sdgs)),
        (_("Stage"), _label_html("stage", case.stage)),
        (_("Started"), str(case.year)),
    ]
    if case.challenges:
        rows.append(
            (_("Challenges"), ", ".join([_label_html("challenge", c) for c in case.challenges]))
        )
    return fragments.metadata_panel(rows)


def _place_cells(
    folder: str, countries: tuple[str, ...], regions: tuple[str, ...]
) -> tuple[str, str]:
    return _place_cells_in(folder, countries, regions, i18n.active())


@functools.lru_cache(maxsize=4096)
def _place_cells_in(
    folder: str, countries: tuple[str, ...], regions: tuple[str, ...], language: str
) -> tuple[str, str]:
    """The panel's countries, and its regions (``Case.regions``) with their sub-regions: made
    once for each set of countries (which many cases share) and language."""
    subregions = ", ".join(
        dict.fromkeys(i18n.region_name(country(code).subregion) for code in countries)
    )
    return (
        ", ".join([_term_link(folder, "country", code) for code in countries]),
        ", ".join([_term_link(folder, "region", region) for region in regions])
        + f" ({escape(subregions)})",
    )


def outcomes_table(case: Case) -> str:
    rows = [
        [
            _repeated_html(o.metric),
            number(o.baseline) if o.baseline is not None else "\u2013",
            number(o.value),
            _repeated_html(o.unit),
            str(o.year) if o.year else "\u2013",
        ]
        for o in case.outcomes
    ]
    return fragments.table(
        [
            escape(_("Metric")),
            escape(_("Baseline")),
            escape(_("Value")),
            escape(_("Unit")),
            escape(_("Year")),
        ],
        rows,
        [False, True, True, False, True],
        label=_("Outcomes reported"),
    )


@functools.lru_cache(maxsize=4096)
def _repeated_html(value: str) -> str:
    """``escape(value)`` for the contributed values that many cases share (outcome metrics and
    units: "percent", "Farmers reached")."""
    return escape(value)
