"""The publication list: every refs.bib entry under its year, with its abstract, BibTeX and .bib download."""

import html
import json
import re
from collections import Counter
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _ as sphinx_label
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.bibtex.directives import BibliographyDirective

from groupsite import build_state
from groupsite.data import entry_fields
from groupsite.data.bib_store import stored_entries
from groupsite.data.front_matter import counted
from groupsite.data.latex import plain_text
from groupsite.internals import forget_dependencies, reuse_pygments_formatters
from groupsite.model import site_index
from groupsite.model.bib_dependencies import Selection, entries_shown
from groupsite.model.domain import domain, object_xref, records, year_page
from groupsite.options import _
from groupsite.pages.generated_pages import generated_pages
from groupsite.rendering import group_style
from groupsite.rendering.entry_html import entries_html, entry_plain_text
from groupsite.rendering.formatted_entries import formatting_style
from groupsite.translations import generated, written_as
from groupsite.versioning import digest

logger = logging.getLogger(__name__)


def year_slug(year: int) -> str:
    """The year in page names and anchors: "2019", "undated"."""
    return str(year) if year else "undated"


def year_title(year: int) -> str:
    """The year as headings show it: "2019", "Undated"."""
    return str(year) if year else _("Undated")


def list_pages(years, limit: int) -> dict[int, str]:
    """year -> the page of the list showing it: the newest years on the list itself, older ones on their own pages.

    years: the year of each entry.
    """
    counts = Counter(years)
    pages, shown, on_list = {}, 0, True
    list_page = build_state.settings().publication_list
    for year in sorted(counts, reverse=True):  # undated (0) last
        on_list = on_list and (not pages or shown + counts[year] <= limit)
        pages[year] = list_page if on_list else year_page(year_slug(year))
        shown += counts[year]
    return pages


@generated
class PublicationListDirective(SphinxDirective):
    """Every entry of refs.bib, in one section per year, newest first; the oldest years on pages of their own."""

    @staticmethod
    def is_exports_paragraph(node: nodes.Node) -> bool:
        """The paragraph only the full list has: where the filter goes."""
        return isinstance(node, nodes.paragraph) and "publication-exports" in node["classes"]

    def run(self) -> list[nodes.Node]:
        pages = list_layout(self.env)
        # The page depends on the layout of the years, and on the entries of its own years only.
        records(self.env)["bib_list_layouts"][self.env.docname] = pages
        list_page = build_state.settings().publication_list
        shown = ",".join(str(year) for year, page in pages.items() if page == list_page)
        entries = publications_of(self.env, Selection("years", shown))
        # {cite} needs a bibliography to link to: this one holds the cited entries, which
        # sphinxcontrib-bibtex formats on every build. The list itself is made here, once per
        # change of refs.bib, and CitedEntries drops the bibliography's copy of the cited ones.
        bibliography = BibliographyDirective(
            "bibliography",
            [],
            {},
            StringList(),
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()
        # It made the page depend on refs.bib as a whole; bib_dependencies knows which entries the
        # page shows, and has it read again only when one of those changes.
        forget_dependencies(self.env, self.env.docname, set(self.env.get_domain("cite").bibdata.bibfiles))
        sections = year_sections(self.env, entries)
        older = sorted({year for year, page in pages.items() if page != list_page}, reverse=True)
        return [*bibliography, exports_paragraph(), filter_labels(), *sections, *earlier_years(older)]


@generated
class SelectedPublicationsDirective(SphinxDirective):
    """The entries refs.bib marks selected (al-folio's selected = {true}), newest first; nothing when none is."""

    def run(self) -> list[nodes.Node]:
        entries = publications_of(self.env, Selection("selected"))
        if not entries:
            return []  # a section with nothing to show is no section
        section = nodes.section(ids=["selected-publications"], names=["selected publications"])
        section += nodes.title("", _("Selected publications"))
        section += entry_list(
            keys=[entry.key for entry in formatting_style(self.config.bibtex_default_style).sort(entries)]
        )
        return [section]


@generated
class NewestPublicationsDirective(SphinxDirective):
    """The newest few entries (three, or the number given), short, with a link to the whole list."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        count = int(self.arguments[0]) if self.arguments else 3
        stored = stored_entries(self.env.get_domain("cite"))
        years = sorted((stored.fact(key).year for key in stored), reverse=True)
        if not years:
            return []
        # The entries of the newest years that hold `count` of them: only those are read.
        since = years[min(count, len(years)) - 1]
        entries = publications_of(self.env, Selection("since", str(since)))
        newest = formatting_style(self.config.bibtex_default_style).sort(entries)[:count]
        section = nodes.section(ids=["newest-publications"], names=["newest publications"])
        section += nodes.title("", _("Newest publications"))
        section += entry_list(keys=[entry.key for entry in newest], full=False)
        section += nodes.paragraph(
            "",
            "",
            addnodes.pending_xref(
                "",
                nodes.inline("", _("All publications")),
                refdoc=self.env.docname,
                refdomain="std",
                reftype="doc",
                reftarget=f"/{build_state.settings().publication_list}",
                refexplicit=True,
                refwarn=True,
            ),
        )
        self.state.document.note_implicit_target(section)
        return [section]


def list_layout(env) -> dict[int, str]:
    """year -> the page of the list that shows it, as refs.bib now is."""
    stored = stored_entries(env.get_domain("cite"))
    return list_pages([stored.fact(key).year for key in stored], build_state.settings().list_entries)


def pages_of_changed_layout(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The list's pages, when refs.bib's years now fall on other pages of the list than when they were read."""
    kept = records(env)
    if not kept["bib_list_layouts"]:
        return []
    now = list_layout(env)
    outdated = [docname for docname, layout in kept["bib_list_layouts"].items() if layout != now]
    if outdated:  # citations link to the page of the list that shows the entry: that may have changed
        outdated += [docname for docname, selections in kept["bib_selections"].items()
                     if any(selection.kind == "cited" for selection in selections)]  # fmt: skip
    return [docname for docname in outdated if docname in env.found_docs]


def by_year(env, entries: list) -> dict[int, list]:
    """The entries by year, newest year first, each year's in the style's order."""
    years: dict[int, list] = {}
    for entry in formatting_style(env.config.bibtex_default_style).sort(entries):
        years.setdefault(entry_fields.year_of(entry), []).append(entry)
    return years


def year_section(year: int, items: nodes.Element, prefix: str) -> nodes.section:
    """A year's section, titled with the year, holding its list of entries."""
    title, slug = year_title(year), year_slug(year)
    section = nodes.section(ids=[f"{prefix}-{slug}"], names=[f"{prefix} {slug}"])
    section += nodes.title(title, title)
    section += items
    return section


def year_sections(env, entries: list) -> list[nodes.section]:
    """The entries as the list shows them, one section per year, newest first; written when the page is."""
    return [
        year_section(year, entry_list(keys=[entry.key for entry in of_year], full=True), "year")
        for year, of_year in by_year(env, entries).items()
    ]


def earlier_years(years: list[int]) -> list[nodes.section]:
    """Links to the pages of the years the list itself does not show."""
    if not years:
        return []
    section = nodes.section(ids=["earlier-years"], names=["earlier years"])
    section += nodes.title("", _("Earlier years"))
    links = nodes.paragraph(classes=["publication-years"])
    for i, year in enumerate(years):
        if i:
            links += nodes.Text(" · ")
        links += object_xref("year", year_slug(year), year_title(year))
    section += links
    return [section]


def exports_paragraph() -> nodes.paragraph:
    """Links to the whole list for other tools, written by the exports extension."""
    paragraph = nodes.paragraph("", _("All publications: "), classes=["publication-exports"])
    exports = [
        ("refs.bib", "BibTeX"),
        ("publications.json", _("CSL-JSON (Zotero, Mendeley)")),
        ("publications.atom", "Atom"),
    ]
    for i, (name, label) in enumerate(exports):
        if i:
            paragraph += nodes.Text(" · ")
        paragraph += object_xref("file", name, str(label))
    return paragraph


def filter_labels() -> nodes.raw:
    """The filter's labels in the site's language, for publication-filter.js, which builds the filter."""
    labels = {
        "form": _("Filter the publications"),
        "placeholder": _("Title, author, venue…"),
        "search": _("Search"),
        "year": _("Year"),
        "allYears": _("All years"),
        "topic": _("Topic"),
        "allTopics": _("All topics"),
        "author": _("Author"),
        "allAuthors": _("All authors"),
        "count": _("{shown} of {total} publications"),
    }
    script = json.dumps(labels, ensure_ascii=False).replace("</", "<\\/")
    return nodes.raw("", f'<script type="application/json" class="publication-filter-labels">{script}</script>',
                     format="html")  # fmt: skip


def publications_of(env, selection: Selection) -> list:
    """The refs.bib entries the selection selects; the page asking is read again when one of them changes."""
    site_index.note_index_dependency(env)  # authors link to people, badges to topics
    return entries_shown(env, selection)


def related_papers(facts, keys: list[str]) -> list[nodes.Node]:
    """Papers an offer or course names: each title, linking to its page, then its citation ("Smith et al. [2024]").

    The citation stays a {cite:t} reference, so that a key missing from refs.bib is reported as any other.
    """
    shown = {entry.key: entry for entry in publications_of(facts.env, Selection("cited", ",".join(keys)))}
    result: list[nodes.Node] = []
    for key in keys:
        if result:
            result.append(nodes.Text("; "))
        citation = facts.citation(key)
        if key in shown:
            title = plain_text(shown[key].fields.get("title", key))
            result += [written_as(object_xref("paper", key, title)), nodes.Text(" (")]
            result += [citation, nodes.Text(")")]
        else:
            result.append(citation)
    return result


class entry_list(nodes.General, nodes.Element):
    """A year's entries, by key, in full (the list) or short (people's and topics' pages); written with the page.

    Through docutils, each of thousands of entries cost its nodes, SmartQuotes, post-transforms
    and translation, when the page was read and again when it was written.
    """


class written_html(nodes.Element):
    """HTML written by this extension, with its text as the node's text: Sphinx indexes that for search.

    A raw node would do, but the search index takes raw HTML's entities for words ("amp").
    """


def visit_written_html(translator, node: written_html) -> None:
    translator.body.append(node["html"])
    raise nodes.SkipNode


def publications_listing(transform, entries: list) -> list[nodes.section]:
    """A "Publications" section of these entries by year, for a page's facts transform; nothing for none."""
    if not entries:
        return []
    section = transform.titled_section(_("Publications"), "publications")
    transform.counts.append(counted(len(entries), "{n} publication", "{n} publications"))
    for year, of_year in by_year(transform.env, entries).items():
        section += year_section(year, entry_list(keys=[entry.key for entry in of_year]), "publications")
    return [section]


# Tags within a line of text: the text around them is one, "Lovelace, A." (other tags part words).
INLINE_TAG = re.compile(r"</?(a|span|strong|em|i|b|code|sub|sup)\b[^>]*>")
# The BibTeX blocks: code, not text, for a search or a page's description.
CODE_BLOCK = re.compile(r"<pre\b.*?</pre>", re.DOTALL)


def write_entry_lists(app: Sphinx, doctree: nodes.Element, docname: str) -> None:
    """Writes each list of entries on the page, its links resolved from the page: entry_html renders them all."""
    stored = stored_entries(app.env.get_domain("cite"))
    for placeholder in list(doctree.findall(entry_list)):
        entries = [stored[key] for key in placeholder["keys"]]
        if app.builder.format == "html":
            html_list = entries_html(app, docname, entries, placeholder.get("full", False))
            # Tags are not text; no-break spaces are spaces to a search or a description.
            words = re.sub(INLINE_TAG, "", re.sub(CODE_BLOCK, " ", html_list))
            text = html.unescape(re.sub(r"<[^>]*>", " ", words)).replace("\xa0", " ")
            placeholder.replace_self(written_html("", nodes.Text(text), html=html_list))
        else:  # text, linkcheck, ...: each entry as plain text
            items = [
                nodes.list_item("", nodes.paragraph(text=entry_plain_text(app.config, entry))) for entry in entries
            ]
            placeholder.replace_self(nodes.bullet_list("", *items, classes=["publication-list"]))


class CitedEntries(SphinxPostTransform):
    """Drops the bibliography of cited entries from the list's page: the list shows them already."""

    # After sphinxcontrib-bibtex's BibliographyTransform (5) made the entries.
    default_priority = 6

    def run(self, **kwargs) -> None:
        if not self.document.next_node(PublicationListDirective.is_exports_paragraph):
            return
        for citation in list(self.document.findall(nodes.citation)):
            container = citation.parent
            container.remove(citation)
            if not container.children:
                container.parent.remove(container)


class CitationLinks(SphinxPostTransform):
    """Citations link to the entry on whichever page of the list shows its year."""

    # After Sphinx resolved the citations (10); the site links are resolved as the page is written.
    default_priority = 11

    def run(self, **kwargs) -> None:
        keys = {citation.citation_id: citation.key for citation in self.env.get_domain("cite").citations}
        group = domain(self.env)
        for citation in self.document.findall(nodes.inline):
            if "bibtex-citation" not in citation["classes"]:
                continue
            for reference in citation.findall(nodes.reference):
                anchor = reference.get("refuri", "").rpartition("#")[2]
                if anchor in keys:
                    listed = group.target("listed", keys[anchor])
                    reference["refuri"] = group.uri(build_state.current().app.builder, self.env.docname, listed)
                    reference["classes"].append(listed.css_class)


def note_list_pages(app: Sphinx, env) -> list[str]:
    """Tells the site links which page of the list shows each entry, as refs.bib now is."""
    stored = stored_entries(env.get_domain("cite"))
    pages = list_layout(env)
    build_state.current().listed_on = {key: pages[stored.fact(key).year] for key in stored}
    return []


def collect_year_pages(app: Sphinx):
    """The pages of the years the list itself does not show, written when one of their entries changed."""
    if app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    stored = stored_entries(app.env.get_domain("cite"))
    keys_by_year: dict[int, list[str]] = {}
    for key in stored:
        keys_by_year.setdefault(stored.fact(key).year, []).append(key)
    pages = list_layout(app.env)
    generated = generated_pages(app)
    list_page, paper_pages = build_state.settings().publication_list, build_state.settings().paper_pages
    folder = list_page.rpartition("/")[0]
    # A year page shows its entries under their keys (anchors, links, .bib files): entry digests leave keys out.
    shown = {key: stored.fact(key).digest for key in stored}
    if generated.unchanged(folder, digest(generated.site, pages, shown)):
        return
    for year, page in sorted(pages.items(), reverse=True):
        if page == list_page:
            continue
        if not generated.outdated(page, digest(generated.site, [(k, shown[k]) for k in keys_by_year[year]]), year=year):
            continue
        style = formatting_style(app.config.bibtex_default_style)
        of_year = style.sort([stored[key] for key in keys_by_year[year]])  # unpickled only for the pages written again
        title = _("Publications of {year}").format(year=year) if year else _("Undated publications")
        context = {"title": title, "body": year_page_body(app, page, title, year, of_year)}
        context.update({"display_toc": False, "toc": "", "meta": {"hide-toc": ""}})
        yield page, context, "page.html"
    for page in generated.gone(f"{folder}/".lstrip("/")):
        if not page.startswith(paper_pages + "/"):
            Path(app.builder.outdir, page + ".html").unlink(missing_ok=True)  # that year has no entries now


def year_page_body(app: Sphinx, page: str, title: str, year: int, entries: list) -> str:
    """The page of one year: its entries as the list shows them, written as HTML with their .bib files."""
    anchor = f"year-{year_slug(year)}"
    back = html.escape(app.builder.get_relative_uri(page, build_state.settings().publication_list))
    all_years = html.escape(_("all years"))
    part_of = html.escape(_("Part of the publication list; see {all_years}.")).format(
        all_years=f'<a class="reference internal" href="{back}">{all_years}</a>'
    )
    return (
        f'<section id="{anchor}">\n<h1>{html.escape(title)}<a class="headerlink" href="#{anchor}" '
        f'title="{html.escape(sphinx_label("Link to this heading"))}">¶</a></h1>\n'
        f"<p>{part_of}</p>\n"
        f"{entries_html(app, page, entries, full=True)}</section>\n"
    )


def reuse_formatters(app: Sphinx) -> None:
    """Sphinx's highlighter makes each Pygments formatter once, not once for each entry's BibTeX block."""
    highlighter = getattr(app.builder, "highlighter", None)
    if highlighter is not None:
        reuse_pygments_formatters(highlighter)


def focusable_code(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Code blocks (BibTeX) scroll sideways on narrow screens: keyboard users must be able to reach them."""
    if "body" in context:
        context["body"] = context["body"].replace(
            '<div class="highlight"><pre>', '<div class="highlight"><pre tabindex="0">'
        )


def add_filter(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The filter's script, on the pages that hold a publication list (and only there)."""
    if doctree is not None and doctree.next_node(PublicationListDirective.is_exports_paragraph):
        app.add_js_file("publication-filter.js", loading_method="defer")


def register(app: Sphinx) -> None:
    group_style.register()
    app.add_directive("publication-list", PublicationListDirective)
    app.add_directive("selected-publications", SelectedPublicationsDirective)
    app.add_directive("newest-publications", NewestPublicationsDirective)
    app.add_node(written_html, html=(visit_written_html, None))
    app.add_post_transform(CitedEntries)
    app.add_post_transform(CitationLinks)
    app.connect("builder-inited", reuse_formatters)
    app.connect("env-updated", note_list_pages)
    app.connect("env-get-outdated", pages_of_changed_layout)
    app.connect("generated-pages", collect_year_pages)
    app.connect("doctree-resolved", write_entry_lists)
    app.connect("html-page-context", add_filter)
    app.connect("html-page-context", focusable_code)
