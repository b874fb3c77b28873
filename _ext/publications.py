"""The publication list: every refs.bib entry under its year, with its abstract, BibTeX and .bib download."""

from functools import lru_cache
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from pybtex.database import BibliographyData
from pybtex.database.output.bibtex import Writer
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri
from sphinx_design.shared import create_component
from sphinxcontrib.bibtex.directives import BibliographyDirective

import group_style
import site_index
from site_links import key_slug, site_link

logger = logging.getLogger(__name__)

# Where the per-entry .bib files go in the built site.
BIB_FOLDER = "_bib"
# Shown in the BibTeX block and the .bib file; the abstract is on the page already.
BIBTEX_SKIPPED_FIELDS = {"abstract"}


class publication_year(nodes.General, nodes.Element):
    """Where one year's entries go once sphinxcontrib-bibtex has formatted them."""


class BracedWriter(Writer):
    """pybtex's BibTeX writer, with {braces} around every value as Scholar and Zotero write them."""

    def quote(self, s):
        self.check_braces(s)
        return f"{{{s}}}"

    def _encode(self, text):
        # Values parsed from refs.bib are LaTeX already: encoding them again turns \& into \\&.
        return text


def bibtex_of(entry) -> str:
    """The entry as BibTeX, without the fields the page shows anyway."""
    fields = {name: value for name, value in entry.fields.items() if name.lower() not in BIBTEX_SKIPPED_FIELDS}
    single = type(entry)(entry.type, fields=fields, persons=entry.persons)
    return BracedWriter().to_string(BibliographyData(entries={entry.key: single})).strip()


def bib_filename(key: str) -> str:
    """The name of the entry's .bib download."""
    return key_slug(key) + ".bib"


class PublicationListDirective(SphinxDirective):
    """Every entry of refs.bib, in one section per year, newest first."""

    @staticmethod
    def is_exports_paragraph(node: nodes.Node) -> bool:
        """The paragraph only the full list has: where the filter goes."""
        return isinstance(node, nodes.paragraph) and "publication-exports" in node["classes"]

    def run(self) -> list[nodes.Node]:
        site_index.note_index_dependency(self.env)  # authors link to people, badges to topics
        entries = self.env.get_domain("cite").bibdata.data.entries.values()
        years = sorted({group_style.year_of(entry) for entry in entries}, reverse=True)
        # One bibliography for all entries keeps one anchor per key ("pub-<key>");
        # PublicationEntries moves each formatted entry into its year's section.
        bibliography = BibliographyDirective(
            "bibliography",
            [],
            {"all": None},
            StringList(),
            self.lineno,
            self.content_offset,
            self.block_text,
            self.state,
            self.state_machine,
        ).run()
        sections = []
        for year in years:
            title = str(year) if year else "Undated"
            section = nodes.section(ids=[f"year-{title.lower()}"], names=[title.lower()])
            section += nodes.title(title, title)
            section += publication_year(year=year)
            sections.append(section)
        return [*bibliography, exports_paragraph(), *sections]


def exports_paragraph() -> nodes.paragraph:
    """Links to the whole list for other tools, written by the exports extension."""
    paragraph = nodes.paragraph("", "All publications: ", classes=["publication-exports"])
    exports = [
        ("refs.bib", "BibTeX"),
        ("publications.json", "CSL-JSON (Zotero, Mendeley)"),
        ("publications.atom", "Atom"),
    ]
    for i, (name, label) in enumerate(exports):
        if i:
            paragraph += nodes.Text(" · ")
        paragraph += nodes.reference(label, label, refuri=site_link("file", name))
    return paragraph


def dropdown(title: str, body: list[nodes.Node], css_class: str) -> nodes.container:
    """A closed sphinx-design dropdown, as the {dropdown} directive would make it."""
    container = create_component(
        "dropdown",
        opened=False,
        type="dropdown",
        has_title=True,
        icon=None,
        chevron=None,
        container_classes=["sd-mb-1", css_class],
        title_classes=[],
        body_classes=[],
    )
    container += nodes.rubric(title, title)
    container.extend(body)
    return container


def link_title(element: nodes.Element, key: str) -> None:
    """Makes the entry's title (the style's first <strong>) a link to the paper's own page."""
    for title in element.findall(nodes.strong):
        link = nodes.reference("", "", *title.children, refuri=site_link("paper", key))
        title.clear()
        title += link
        return


def topic_badge(ident: str) -> list[nodes.Node]:
    """A topic as a sphinx-design badge that links to the topic's page, and the space after it."""
    title = site_index.topics().titles[ident]
    badge_classes = ["sd-badge", "sd-bg-secondary", "sd-bg-text-secondary"]
    return [nodes.reference(title, title, refuri=site_link("topic", ident), classes=badge_classes), nodes.Text(" ")]


def topic_badges(entry) -> list[nodes.Node]:
    """The entry's topics as sphinx-design badges, each linking to the topic's page."""
    links = []
    for keyword in site_index.keywords(entry):
        ident = site_index.topics().find(keyword)
        if ident:  # an unknown keyword fails the build in bib_checks
            links += topic_badge(ident)
    return [nodes.paragraph("", "", *links, classes=["publication-topics"])] if links else []


@lru_cache
def formatting_style(name: str):
    """The pybtex style, made once: finding its plugins scans every installed package's entry points."""
    return find_plugin("pybtex.style.formatting", name)()


def publications_of(env, belongs) -> list:
    """The refs.bib entries for which belongs(entry) holds; the page asking is rebuilt when refs.bib changes."""
    domain = env.get_domain("cite")
    for path in domain.bibdata.bibfiles:
        env.note_dependency(str(path))
    site_index.note_index_dependency(env)
    return [entry for entry in domain.bibdata.data.entries.values() if belongs(entry)]


def publication_sections(env, entries: list) -> list[nodes.section]:
    """The entries in the group's style, one section per year, newest first, each linking to its place in the list."""
    style = formatting_style(env.config.bibtex_default_style)
    backend = PublicationEntries.docutils_backend
    sections: dict[int, nodes.section] = {}
    for entry in style.sort(entries):
        year = group_style.year_of(entry)
        if year not in sections:
            title = str(year) if year else "Undated"
            sections[year] = nodes.section(ids=[f"publications-{title.lower()}"], names=[f"publications {title}"])
            sections[year] += nodes.title(title, title)
            sections[year] += nodes.bullet_list(classes=["publication-list"])
        paragraph = nodes.paragraph("", "", *style.format_entry(entry.key, entry).text.render(backend))
        link_title(paragraph, entry.key)
        sections[year][-1] += nodes.list_item("", paragraph, *topic_badges(entry), classes=["publication"])
    return list(sections.values())


def publications_listing(transform, entries: list) -> list[nodes.section]:
    """A "Publications" section of these entries by year, for a page's facts transform; nothing for none."""
    if not entries:
        return []
    section = transform.titled_section("Publications", "publications")
    section.extend(publication_sections(transform.env, entries))
    return [section]


class PublicationEntries(SphinxPostTransform):
    """Moves each formatted entry under its year, and adds its abstract, BibTeX and .bib download."""

    # After sphinxcontrib-bibtex's BibliographyTransform (5) made the entries,
    # before Sphinx resolves references (10), so that {cite} finds them.
    default_priority = 6
    docutils_backend = find_plugin("pybtex.backends", "docutils")()

    def run(self, **kwargs) -> None:
        placeholders = {node["year"]: node for node in self.document.findall(publication_year)}
        if not placeholders:
            return
        domain = self.env.get_domain("cite")
        citations = {(c.bibliography_key.docname, c.citation_id): c for c in domain.citations}
        lists = {year: nodes.bullet_list(classes=["publication-list"]) for year in placeholders}
        for citation_node in list(self.document.findall(nodes.citation)):
            citation = citations[(citation_node["docname"], citation_node["ids"][0])]
            lists[group_style.year_of(citation.entry)] += self.entry_item(citation, citation_node)
            container = citation_node.parent
            container.remove(citation_node)
            if not container.children:
                container.parent.remove(container)
        for year, placeholder in placeholders.items():
            placeholder.replace_self(lists[year])
        listed = sum(len(items) for items in lists.values())
        if listed != len(domain.bibdata.data.entries):
            logger.warning(
                "the publication list shows %d entries, but refs.bib has %d: an entry was lost on the way",
                listed,
                len(domain.bibdata.data.entries),
                location=self.document,
                type="publications",
                subtype="lost_entry",
            )

    def entry_item(self, citation, citation_node: nodes.citation) -> nodes.list_item:
        entry = citation.entry
        item = nodes.list_item(ids=citation_node["ids"], classes=["publication"])
        # The citation's first child is its label, which this site does not show.
        item += citation_node.children[1:]
        link_title(item, entry.key)
        item += topic_badges(entry)
        if "abstract" in entry.fields:
            abstract = Text.from_latex(entry.fields["abstract"]).render(self.docutils_backend)
            item += dropdown("Show abstract", [nodes.paragraph("", "", *abstract)], "publication-abstract")
        bibtex = bibtex_of(entry)
        item += dropdown("BibTeX", [nodes.literal_block(bibtex, bibtex, language="bibtex")], "publication-bibtex")
        download = nodes.reference(".bib", ".bib", bibkey=entry.key, bibtex=bibtex, classes=["publication-download"])
        item += nodes.paragraph("", "", download, classes=["publication-links"])
        return item


def write_bib_downloads(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Writes each listed entry's .bib file into the built site, and points its download link there."""
    if app.builder.format != "html":
        return
    page = app.builder.get_target_uri(docname)
    for link in doctree.findall(lambda node: isinstance(node, nodes.reference) and "bibkey" in node):
        key = link["bibkey"]
        filename = bib_filename(key)
        target = Path(app.builder.outdir, BIB_FOLDER, filename)
        target.parent.mkdir(exist_ok=True)
        target.write_text(link["bibtex"] + "\n", encoding="utf-8")
        link["refuri"] = relative_uri(page, f"{BIB_FOLDER}/{filename}")
        link["reftitle"] = f"Download the BibTeX entry {key}"


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


def note_bibliography_dependency(app: Sphinx, doctree: nodes.document) -> None:
    """Pages that cite a paper are rebuilt when refs.bib changes, so their citations stay right."""
    if any(node.get("refdomain") == "cite" for node in doctree.findall(nodes.Element)):
        for path in app.env.get_domain("cite").bibdata.bibfiles:
            app.env.note_dependency(str(path))


def setup(app: Sphinx) -> dict:
    app.setup_extension("site_index")
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    app.setup_extension("bib_checks")
    group_style.register()
    app.add_node(publication_year)
    app.add_directive("publication-list", PublicationListDirective)
    app.add_post_transform(PublicationEntries)
    app.connect("doctree-read", note_bibliography_dependency)
    app.connect("doctree-resolved", write_bib_downloads)
    app.connect("html-page-context", add_filter)
    app.connect("html-page-context", focusable_code)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
