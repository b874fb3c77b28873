"""An entry as every page shows it, written as HTML: the list and its years, people's and topics' pages, paper pages.

One citation style (group_style), one HTML backend (SiteHTML) and, for text, one plain-text
backend (data.latex.PLAIN_TEXT). Written directly, not through docutils: through docutils each
entry cost about 5 ms (nodes, post-transforms, translation), and a long list holds thousands.
"""

import html
import os
import urllib.parse

from pybtex.backends.html import Backend
from sphinx.util.osutil import relative_uri

from groupsite import build_state
from groupsite.data import entry_fields
from groupsite.data.bib_store import entry_digest
from groupsite.data.entry_fields import links_of
from groupsite.data.folding import key_slug
from groupsite.data.latex import PLAIN_TEXT, plain_text, rich
from groupsite.model import site_index
from groupsite.model.domain import INTERNAL, KINDS, domain, entry_anchor
from groupsite.options import _
from groupsite.rendering.design import ABBR, BADGE, BUTTON, TAG, panel, toggle
from groupsite.rendering.formatted_entries import formatted_text
from groupsite.translations import in_their_language

# Left out of the BibTeX block and the .bib file: the abstract is on the page already.
SHOWN_ELSEWHERE = {"abstract"}


def bibtex_of(entry) -> str:
    """The entry as BibTeX, without the fields the page shows anyway; the list, its year and its page show the same."""
    return build_state.current().memo("bibtex", (entry.key, entry_digest(entry)), lambda: written_bibtex(entry))


def bibtex_name(person) -> str:
    """A name as BibTeX reads it unambiguously: "van Beethoven, Jr., Ludwig", as pybtex's own writer writes it."""
    family = " ".join(part for part in (person.get_part_as_text("prelast"), person.get_part_as_text("last")) if part)
    lineage = person.get_part_as_text("lineage")
    given = " ".join(part for part in (person.get_part_as_text("first"), person.get_part_as_text("middle")) if part)
    return family + (f", {lineage}" if lineage else "") + (f", {given}" if given else "")


def written_bibtex(entry, leave_out: set[str] | None = None) -> str:
    """The entry as BibTeX, without the private fields and those in leave_out (the abstract, by default).

    Each value as refs.bib wrote it (it is LaTeX already), in {braces}, as Scholar and Zotero write them.
    """
    left_out = build_state.settings().private_fields | (SHOWN_ELSEWHERE if leave_out is None else leave_out)
    lines = [f"@{entry.original_type}{{{entry.key}"]
    for role, persons in entry.persons.items():
        if persons:
            lines.append(f"    {role} = {{{' and '.join(bibtex_name(person) for person in persons)}}}")
    lines += [f"    {name} = {{{value}}}" for name, value in entry.fields.items() if name.lower() not in left_out]
    return ",\n".join(lines) + "\n}"


def bib_filename(key: str) -> str:
    """The name of the entry's .bib download."""
    return key_slug(key) + ".bib"


def site_link_html(builder, page: str, kind: str, name: str, text: str, css_classes: str = "") -> str:
    """A link to an object of the site's domain ("person:lovelace"), as its roles would resolve; text is HTML already.

    A person's name on their own page is marked, but is no link to where the reader already is.
    """
    group = domain(builder.env)
    target = group.target(kind, name)
    if target is None:
        return text  # generated text links only to what the site has: nothing to link is nothing to show
    classes = f"{css_classes} {target.css_class}".strip()
    if target.page == page and not target.anchor:
        return f'<span class="{classes} current">{text}</span>'
    title = f' title="{html.escape(target.title)}"' if kind == "person" else ""
    uri = html.escape(group.uri(builder, page, target))
    return f'<a class="{classes} reference internal" href="{uri}"{title}>{text}</a>'


MATHML = '<math xmlns="http://www.w3.org/1998/Math/MathML"'  # how latex2mathml starts its math


class SiteHTML(Backend):
    """pybtex's HTML backend, with site links ("person:lovelace") resolved from the page the text is written on."""

    # As docutils writes them, not as entities: Sphinx's search index would take "nbsp" for a word.
    symbols = {**Backend.symbols, "ndash": "\u2013", "nbsp": "\u00a0"}

    def __init__(self, builder, page: str, fold_authors: str = ""):
        """fold_authors: the entry's anchor, where a long author list folds (the list); empty, where it does not."""
        super().__init__()
        self.builder, self.page, self.fold_authors = builder, page, fold_authors

    def format_folded_authors(self, text: str) -> str:
        return f'<span class="author-folded">{text}</span>' if self.fold_authors else text

    def format_more_authors(self, count: str) -> str:
        """ "+12 more", which opens the folded authors; a checkbox, so that it works without JavaScript too."""
        if not self.fold_authors:
            return ""
        ident = f"{self.fold_authors}-authors"
        label = html.escape(_("+{count} more").format(count=count))
        return (
            f'<span class="authors-more">, <input type="checkbox" class="authors-toggle" id="{ident}">'
            f'<label for="{ident}">{label}</label></span>'
        )

    def format_protected(self, text):
        return text  # {Braces} keep a title's casing; the list marks them no further

    def format_href(self, url, text, external=False):
        kind, colon, ident = url.partition(":")
        if (kind not in KINDS and kind not in INTERNAL) or not ident:
            return super().format_href(url, text, external)
        return site_link_html(self.builder, self.page, kind, ident, text)

    def format_math(self, source: str, text: str) -> str:
        """Math as MathML, written here: browsers render it, and no script or other host is needed."""
        from latex2mathml.converter import convert  # 50 ms to import: only where a page shows math

        try:
            # alttext: the Unicode reading, for what cannot show MathML (and for copying the text)
            mathml = convert(source)
            return mathml.replace(MATHML, f'{MATHML} alttext="{html.escape(text)}"', 1)
        except Exception:  # noqa: BLE001 - TeX that latex2mathml cannot read is shown as its Unicode reading
            return self.format_str(text)


def topic_badges(builder, page: str, entry, element: str = "p") -> str:
    """The entry's topics as sphinx-design badges, each linking to the topic's page; its other keywords as tags."""
    topics = site_index.topics()
    links = []
    if entry.fields.get("abbr", "").strip():  # al-folio's short venue name: "NeurIPS"
        links.append(f'<span class="{ABBR} publication-abbr">{html.escape(plain_text(entry.fields["abbr"]))}</span> ')
    for ident in site_index.topics_of(entry):
        links.append(site_link_html(builder, page, "topic", ident, html.escape(topics.titles[ident]), BADGE) + " ")
    for tag in site_index.tags_of(entry):
        links.append(f'<span class="{TAG} publication-tag">{html.escape(tag)}</span> ')
    if not links:
        return ""
    return f'<{element} class="publication-topics">{"".join(links).rstrip()}</{element}>' + (
        "\n" if element == "p" else ""
    )


def list_item(app, page: str, entry) -> str:
    """The entry as the list shows it: formatted, then one line of buttons (abstract, BibTeX, .bib, links, topics).

    The abstract and the BibTeX open below that line; the entry's .bib download is written here.
    """
    anchor = entry_anchor(entry.key)
    backend = SiteHTML(app.builder, page, fold_authors=anchor)
    formatted = formatted_text(app.config, entry).render(backend)
    buttons, panels = [], []
    if "abstract" in entry.fields:
        abstract = rich(entry.fields["abstract"]).render(backend)
        buttons.append(toggle(_("Abstract"), _("Hide abstract"), "publication-abstract", f"{anchor}-abstract"))
        panels.append(
            panel(f"<p{in_their_language()}>{abstract}</p>", "publication-abstract-text", f"{anchor}-abstract")
        )
    bibtex, bib_file = bibtex_of(entry), f"{build_state.settings().bib_downloads}/{bib_filename(entry.key)}"
    write_bib_file(app.builder.outdir, bib_file, bibtex)
    code = highlighted(app.builder.highlighter, bibtex)
    buttons.append(toggle(_("BibTeX"), _("Hide BibTeX"), "publication-bibtex", f"{anchor}-bibtex"))
    panels.append(panel(f'<div class="highlight-bibtex notranslate">{code}</div>', "publication-bibtex-text",
                        f"{anchor}-bibtex"))  # fmt: skip
    download = html.escape(relative_uri(app.builder.get_target_uri(page), bib_file))
    title = html.escape(_("Download the BibTeX entry {key}").format(key=entry.key))
    buttons.append(f'<a class="{BUTTON} publication-download reference external" href="{download}" '
                   f'title="{title}">.bib</a>')  # fmt: skip
    buttons += paper_links(app.builder, page, entry, BUTTON)
    topics = topic_badges(app.builder, page, entry, element="span")
    return (
        f'<li class="publication" id="{anchor}"><p{in_their_language()}>{formatted}</p>\n'
        f'<div class="publication-links">{" ".join(buttons)}{" " + topics if topics else ""}</div>\n'
        f"{''.join(panels)}</li>\n"
    )


def paper_links(builder, page: str, entry, css_class: str = "") -> list[str]:
    """Every link the entry has (DOI, web page, arXiv, PDF, code, ...); one that has none, a search for its title."""
    classes = f"{css_class} publication-link reference external".strip()
    links = []
    for label, url in links_of(entry):
        if not url.startswith(("https://", "http://")):  # a PDF kept in the site
            url = relative_uri(builder.get_target_uri(page), url)
        links.append(f'<a class="{classes}" href="{html.escape(url)}">{html.escape(_(label))}</a>')
    if not links:
        links.append(f'<a class="{classes} publication-search" href="{html.escape(title_search(entry))}">'
                     f"{html.escape(_(TITLE_SEARCH))}</a>")  # fmt: skip
    return links


TITLE_SEARCH = "Search Google Scholar"  # what an entry without links offers instead


def title_search(entry) -> str:
    """A search for the entry's exact title, in quotes: the paper is the first result."""
    return "https://scholar.google.com/scholar?q=" + urllib.parse.quote_plus(
        f'"{plain_text(entry.fields.get("title", ""))}"'
    )


def short_item(app, page: str, entry) -> str:
    """The entry as people's and topics' pages show it: formatted, with its topics."""
    formatted = formatted_text(app.config, entry).render(SiteHTML(app.builder, page))
    badges = topic_badges(app.builder, page, entry)
    return f'<li class="publication"><p{in_their_language()}>{formatted}</p>\n{badges}</li>\n'


def highlighted(highlighter, bibtex: str) -> str:
    """The BibTeX block as Sphinx highlights it; an entry's year page and its own page show the same."""
    memos, memo = build_state.current().memos["highlighted"], (id(highlighter), bibtex)
    if memo not in memos:
        memos[memo] = highlighter.highlight_block(bibtex, "bibtex")
    return memos[memo]


def write_bib_file(outdir: str, bib_file: str, bibtex: str) -> None:
    """Writes an entry's .bib download."""
    try:
        target = open(os.path.join(outdir, bib_file), "w", encoding="utf-8")
    except FileNotFoundError:  # the first of the build: its folder is made once
        os.makedirs(os.path.join(outdir, os.path.dirname(bib_file)), exist_ok=True)
        target = open(os.path.join(outdir, bib_file), "w", encoding="utf-8")
    with target:
        target.write(bibtex + "\n")


def entries_html(app, page: str, entries: list, full: bool) -> str:
    """The entries as a list on the page: in full (the list and its years), or short (people's and topics' pages)."""
    items = "".join(list_item(app, page, entry) if full else short_item(app, page, entry) for entry in entries)
    # docutils marks a list "simple" when each item is one paragraph: a short one without topics.
    simple = (
        "" if full or any(entry_fields.keywords(entry) or entry.fields.get("abbr") for entry in entries) else " simple"
    )
    return f'<ul class="publication-list{simple}">\n{items}</ul>\n'


def entry_plain_text(config, entry) -> str:
    """The entry in the site's citation style as plain text: for builders other than HTML."""
    return formatted_text(config, entry).render(PLAIN_TEXT)
