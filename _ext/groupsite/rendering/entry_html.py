"""Entries as the list shows them, written as HTML directly: the older years of a long list hold thousands.

Through docutils, each entry cost about 5 ms (nodes, post-transforms, translation); this
writes the same markup, which tests/test_list_pages.py compares with the list's own page.
"""

import html
import os

from pybtex.backends.html import Backend
from sphinx.util.osutil import relative_uri
from sphinx_design.icons import get_octicon

from groupsite.data.latex import rich
from groupsite.model import site_index
from groupsite.model.site_links import TARGETS, entry_anchor, resolved
from groupsite.rendering.formatted_entries import formatted_text

CHEVRON = get_octicon("chevron-right", height="1.5em")  # sphinx-design's dropdown marker


def site_link_html(builder, page: str, kind: str, ident: str, text: str, css_classes: str = "") -> str:
    """A site link ("person:ecker") as resolve_site_links writes it; text is HTML already."""
    uri, css_class, title = resolved(builder, page, kind, ident)
    classes = f"{css_classes} {css_class}".strip()
    if uri is None:
        return f'<span class="{classes} current">{text}</span>'
    title = f' title="{html.escape(title)}"' if title else ""
    return f'<a class="{classes} reference internal" href="{html.escape(uri)}"{title}>{text}</a>'


class ListLinks(Backend):
    """pybtex's HTML backend, with site links ("person:ecker") written as the list's own page writes them."""

    # As docutils writes them, not as entities: Sphinx's search index would take "nbsp" for a word.
    symbols = {**Backend.symbols, "ndash": "\u2013", "nbsp": "\u00a0"}

    def __init__(self, builder, page: str):
        super().__init__()
        self.builder, self.page = builder, page

    def format_protected(self, text):
        return text  # {Braces} keep a title's casing; the list marks them no further

    def format_href(self, url, text, external=False):
        kind, _, ident = url.partition(":")
        if kind not in TARGETS or not ident:
            return super().format_href(url, text, external)
        return site_link_html(self.builder, self.page, kind, ident, text)


def dropdown(title: str, body: str, css_class: str) -> str:
    """A closed sphinx-design dropdown, as its transform and writer make it."""
    return (
        f'<details class="sd-sphinx-override sd-dropdown sd-card sd-mb-1 {css_class}">\n'
        '<summary class="sd-summary-title sd-card-header">\n'
        f'<span class="sd-summary-text">{title}</span>'
        f'<span class="sd-summary-state-marker sd-summary-chevron-right">{CHEVRON}</span></summary>'
        f'<div class="sd-summary-content sd-card-body docutils">\n{body}</div>\n</details>'
    )


def badges(builder, page: str, entry) -> str:
    """The entry's topics as sphinx-design badges, each linking to the topic's page."""
    topics = site_index.topics()
    links = []
    for ident in site_index.topics_of(entry):
        badge = "sd-badge sd-bg-secondary sd-bg-text-secondary"
        links.append(site_link_html(builder, page, "topic", ident, html.escape(topics.titles[ident]), badge) + " ")
    return f'<p class="publication-topics">{"".join(links)}</p>\n' if links else ""


def list_item(app, page: str, entry, bibtex: str, bib_file: str) -> str:
    """The entry as the list shows it: formatted, with its topics, abstract, BibTeX and .bib download."""
    backend = ListLinks(app.builder, page)
    formatted = formatted_text(app.config, entry).render(backend)
    parts = [
        f'<li class="publication" id="{entry_anchor(entry.key)}"><p>{formatted}</p>\n',
        badges(app.builder, page, entry),
    ]
    if "abstract" in entry.fields:
        abstract = rich(entry.fields["abstract"]).render(backend)
        parts.append(dropdown("Show abstract", f'<p class="sd-card-text">{abstract}</p>\n', "publication-abstract"))
    code = highlighted(app.builder.highlighter, bibtex)
    parts.append(dropdown("BibTeX", f'<div class="highlight-bibtex notranslate">{code}</div>\n', "publication-bibtex"))
    download = html.escape(relative_uri(app.builder.get_target_uri(page), bib_file))
    title = html.escape(f"Download the BibTeX entry {entry.key}")
    parts.append(f'<p class="publication-links"><a class="publication-download reference external" '
                 f'href="{download}" title="{title}">.bib</a></p>\n</li>\n')  # fmt: skip
    return "".join(parts)


def short_item(app, page: str, entry) -> str:
    """The entry as people's and topics' pages show it: formatted, with its topics."""
    formatted = formatted_text(app.config, entry).render(ListLinks(app.builder, page))
    return f'<li class="publication"><p>{formatted}</p>\n{badges(app.builder, page, entry)}</li>\n'


# Highlighted BibTeX by its text and highlighter: an entry's year page and its own page show the same.
_highlighted: dict[tuple, str] = {}


def highlighted(highlighter, bibtex: str) -> str:
    """The BibTeX block as Sphinx highlights it."""
    memo = (id(highlighter), bibtex)
    if memo not in _highlighted:
        _highlighted[memo] = highlighter.highlight_block(bibtex, "bibtex")
    return _highlighted[memo]


def forget_highlighted() -> None:
    _highlighted.clear()  # a new build has a highlighter of its own


def write_bib_file(outdir: str, bib_file: str, bibtex: str) -> None:
    """Writes an entry's .bib download; its folder is made by the caller, once."""
    with open(os.path.join(outdir, bib_file), "w", encoding="utf-8") as target:
        target.write(bibtex + "\n")
