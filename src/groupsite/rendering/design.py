"""The site's markup for components, written in one place: cards through sphinx-design, badges and toggles as HTML.

Entries are written as HTML (``entry_html``), thousands to a page; their badges are
the markup sphinx-design's own roles write, so that its CSS applies; their toggles are the site's own.
"""

import html

from docutils import nodes
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from groupsite.model import page_kinds
from groupsite.model.domain import records
from groupsite.translations import generated

BADGE = "sd-badge sd-bg-secondary sd-bg-text-secondary"  # as {bdg-secondary} writes it: a topic, linked
ABBR = "sd-badge sd-bg-primary sd-bg-text-primary"  # as {bdg-primary} writes it: the venue, as al-folio shows it
TAG = "sd-badge"  # a keyword, not linked: outlined by site.css, readable in light and dark
BUTTON = "publication-button"  # a small button in an entry's line of buttons, styled by site.css


def toggle(title: str, open_title: str, css_class: str, controls: str) -> str:
    """A small button that opens the panel controls names (written by panel()); it says "open_title" once open.

    A <details> of its own: it opens without JavaScript, and says to assistive technology whether it is
    open. The panel sits below the line of buttons, shown by site.css while its toggle is open.
    """
    return (
        f'<details class="publication-toggle {css_class}"><summary class="{BUTTON}" aria-controls="{controls}">'
        f'<span class="when-closed">{html.escape(title)}</span>'
        f'<span class="when-open">{html.escape(open_title)}</span></summary></details>'
    )


def panel(body: str, css_class: str, ident: str) -> str:
    """What a toggle opens; body is HTML."""
    return f'<div class="publication-panel {css_class}" id="{ident}">\n{body}</div>\n'


@generated
class CardOverview(SphinxDirective):
    """Base for the directives that list a collection's pages as sphinx-design cards.

    Each also puts every page of its collection into the site's navigation, as a hidden toctree `folder/*`
    would, and so that an empty folder (a new group's) is no warning: run() adds contents() to its nodes.
    """

    kind: str  # the collection's kind in page_kinds: "offer", "course", "person", "topic"

    def run(self) -> list[nodes.Node]:
        return [*self.overview(), self.contents()]

    def overview(self) -> list[nodes.Node]:
        raise NotImplementedError

    def contents(self, docnames: list[str] | None = None) -> nodes.Node:
        """A hidden toctree of the collection's pages (or of these), in the order of a glob's; Sphinx re-reads this
        page when pages come or go, as for a glob."""
        if docnames is None:
            docnames = page_kinds.by_kind(self.kind).docnames(self.env)
        toctree = addnodes.toctree(
            parent=self.env.docname,
            entries=[(None, docname) for docname in docnames],
            maxdepth=-1,
            caption=None,
            glob=True,
            hidden=True,
            includehidden=False,
            numbered=0,
            titlesonly=False,
            overview=True,
        )
        toctree["includefiles"] = list(docnames)
        self.set_source_info(toctree)
        return nodes.compound("", toctree, classes=["toctree-wrapper"])

    def pages(self) -> list[tuple[str, dict]]:
        """The collection's pages with their front matter; this page is read again when one changes, comes or goes."""
        collection = page_kinds.by_kind(self.kind)
        records(self.env)["overviews"].setdefault(self.env.docname, set()).add(self.kind)
        result = []
        for docname in collection.docnames(self.env):
            self.env.note_dependency(self.env.doc2path(docname))
            result.append((docname, collection.front_matter(self.env, docname)))
        return result

    def cards(self, pages: list[tuple[str, dict]], footer) -> list[nodes.Node]:
        """A grid of cards, one per page, each linking to it, parsed as if written in this page; none for no page."""
        if not pages:
            return []  # sphinx-design's grid cannot be empty; a new site's folders are
        # Backtick fences, which MyST always reads, unlike ::: fences (an opt-in extension).
        lines = ["````{grid} 1 1 2 2", ":gutter: 3", ""]
        for docname, data in pages:
            title = data.get("title", docname)
            # A card without a summary shows its footer's facts as its text: no card is empty.
            if not data.get("summary") and not data.get("body"):
                data = {**data, "summary": footer(data)}
                footer_text = ""
            else:
                footer_text = footer(data)
            lines += [
                f"```{{grid-item-card}} {title}",
                f":link: /{docname}",
                ":link-type: doc",
                f":link-alt: {title}",
                *([f":footer: {footer_text}"] if footer_text else []),
                *([f":class-card: {' '.join(data['classes'])}"] if data.get("classes") else []),
                "",
                data.get("summary", ""),
                *(["", data["body"]] if data.get("body") else []),  # Markdown: badges under the summary
                "```",
            ]
        lines.append("````")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, self.env.doc2path(self.env.docname)), self.content_offset, container)
        return container.children

    @staticmethod
    def card_nodes(made: list[nodes.Node]) -> list[nodes.Element]:
        """The body of each card cards() made, in order: where a card gets more than its title and summary."""
        return [
            node for grid in made for node in grid.findall(nodes.container) if "sd-card-body" in node.get("classes", [])
        ]


class OverviewContents(SphinxTransform):
    """An overview's toctree gives way to one the page writes itself for the same pages (a glob of its folder,
    say, in a site made before overviews made their own): the sidebar then lists each page once."""

    default_priority = 500  # while the page is read, before Sphinx collects its toctrees

    def apply(self, **kwargs) -> None:
        toctrees = list(self.document.findall(addnodes.toctree))
        written = {name for toctree in toctrees if not toctree.get("overview") for name in toctree["includefiles"]}
        for toctree in toctrees:
            if toctree.get("overview") and set(toctree["includefiles"]) <= written:
                toctree.parent.parent.remove(toctree.parent)
