"""sphinx-design's markup, written in one place: cards through its own directives, dropdowns and badges as HTML.

Entries are written as HTML (``entry_html``), thousands to a page; their dropdowns and badges are
the markup sphinx-design's own directives and roles write, so that its CSS and script apply.
"""

import html

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx_design.icons import get_octicon

from groupsite.data.front_matter import Collection

CHEVRON = get_octicon("chevron-right", height="1.5em")  # sphinx-design's dropdown marker
BADGE = "sd-badge sd-bg-secondary sd-bg-text-secondary"  # as {bdg-secondary} writes it: a topic, linked
ABBR = "sd-badge sd-bg-primary sd-bg-text-primary"  # as {bdg-primary} writes it: the venue, as al-folio shows it
TAG = "sd-badge"  # a keyword, not linked: outlined by site.css, readable in light and dark


def dropdown(title: str, body: str, css_class: str, open_title: str = "") -> str:
    """A closed dropdown, as the {dropdown} directive and sphinx-design's writer make it; body is HTML.

    With open_title, the toggle says what it does once open ("Hide abstract"); site.css shows one of the two.
    """
    if open_title:
        title = (f'<span class="when-closed">{html.escape(title)}</span>'
                 f'<span class="when-open">{html.escape(open_title)}</span>')  # fmt: skip
    else:
        title = html.escape(title)
    return (
        f'<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-1 {css_class}">\n'
        '<summary class="sd-summary-title sd-card-header">\n'
        f'<span class="sd-summary-text">{title}</span>'
        f'<span class="sd-summary-state-marker sd-summary-chevron-right">{CHEVRON}</span></summary>'
        f'<div class="sd-summary-content sd-card-body docutils">\n{body}</div>\n</details>'
    )


def badge(title: str, refuri: str) -> nodes.reference:
    """A badge that links, as docutils nodes: in the facts of a page read from Markdown."""
    return nodes.reference(title, title, refuri=refuri, classes=BADGE.split())


class CardOverview(SphinxDirective):
    """Base for the directives that list a collection's pages as sphinx-design cards."""

    collection: Collection

    def pages(self) -> list[tuple[str, dict]]:
        """The collection's pages with their front matter; this page is rebuilt when one of them changes."""
        result = []
        for docname in self.collection.docnames(self.env):
            self.env.note_dependency(self.env.doc2path(docname))
            result.append((docname, self.collection.front_matter(self.env, docname)))
        return result

    def cards(self, pages: list[tuple[str, dict]], footer) -> list[nodes.Node]:
        """A grid of cards, one per page, each linking to it, parsed as if written in this page."""
        # Backtick fences, which MyST always reads, unlike ::: fences (an opt-in extension).
        lines = ["````{grid} 1 1 2 2", ":gutter: 3", ""]
        for docname, data in pages:
            title = data.get("title", docname)
            lines += [
                f"```{{grid-item-card}} {title}",
                f":link: /{docname}",
                ":link-type: doc",
                f":link-alt: {title}",
                *([f":footer: {footer(data)}"] if footer(data) else []),
                "",
                data.get("summary", ""),
                "```",
            ]
        lines.append("````")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, self.env.doc2path(self.env.docname)), self.content_offset, container)
        return container.children
