"""A page per publication at research/papers/<key>.html, with Google Scholar (Highwire) and schema.org metadata."""

import html
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from groupsite import build_state
from groupsite.data import entry_fields
from groupsite.data.bib_store import stored_entries
from groupsite.data.entry_fields import arxiv_id, doi_of, links_of
from groupsite.data.folding import key_slug
from groupsite.data.latex import plain_text, rich
from groupsite.model.domain import domain, listed_on, paper_page
from groupsite.options import _
from groupsite.pages.generated_pages import generated_pages
from groupsite.pages.publications import formatting_style
from groupsite.rendering import group_style
from groupsite.rendering.entry_html import (
    TITLE_SEARCH,
    SiteHTML,
    bib_filename,
    bibtex_of,
    highlighted,
    title_search,
    topic_badges,
)
from groupsite.translations import in_their_language
from groupsite.versioning import digest

logger = logging.getLogger(__name__)


def cited_by(env) -> dict[str, list[str]]:
    """For each key, the pages that cite it, in the order of the site."""
    pages: dict[str, list[str]] = {}
    for ref in env.get_domain("cite").citation_refs:
        for target in ref.targets:
            if ref.docname not in pages.setdefault(target.key, []):
                pages[target.key].append(ref.docname)
    return {key: sorted(docnames) for key, docnames in pages.items()}


def meta_tags(app: Sphinx, entry, page: str) -> str:
    """Highwire Press tags for Google Scholar, and a schema.org ScholarlyArticle, for the head of the page."""
    tags = [("citation_title", plain_text(entry.fields.get("title", "")))]
    authors = [person for person in entry.persons.get("author", []) if str(person) != "others"]
    tags += [("citation_author", plain_text(str(person))) for person in authors]
    year = entry.fields.get("year", "").strip()
    tags.append(("citation_publication_date", year))
    venue_field = entry_fields.venue_of(entry)
    venue = plain_text(entry.fields[venue_field]) if venue_field else ""
    if entry.type == "article" and venue:
        tags.append(("citation_journal_title", venue))
    elif entry.type == "inproceedings" and venue:
        tags.append(("citation_conference_title", venue))
    if doi_of(entry):
        tags.append(("citation_doi", doi_of(entry)))
    if arxiv_id(entry):
        tags.append(("citation_arxiv_id", arxiv_id(entry)))
    pdf = entry.fields.get("pdf", "").strip()
    if pdf.startswith(("https://", "http://")):
        tags.append(("citation_pdf_url", pdf))
    if "abstract" in entry.fields:
        tags.append(("citation_abstract", plain_text(entry.fields["abstract"])))
    article = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "@id": app.config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(page),
        "headline": plain_text(entry.fields.get("title", "")),
        "name": plain_text(entry.fields.get("title", "")),
        "author": [{"@type": "Person", "name": plain_text(str(person))} for person in authors],
        "datePublished": year,
    }
    if venue:
        article["isPartOf"] = {"@type": "Periodical" if entry.type == "article" else "CreativeWork", "name": venue}
    if doi_of(entry):
        article["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": doi_of(entry)}
    if "abstract" in entry.fields:
        article["abstract"] = plain_text(entry.fields["abstract"])
    keywords = [plain_text(word) for word in entry_fields.keywords(entry)]
    if keywords:
        article["keywords"] = keywords
    lines = [f'<meta name="{name}" content="{html.escape(value)}">' for name, value in tags if value]
    # sphinxext-opengraph describes pages made from documents; this page is made from refs.bib.
    description = plain_text(entry.fields.get("abstract", "")) or ", ".join(plain_text(str(p)) for p in authors)
    open_graph = {
        "og:title": article["headline"],
        "og:type": "article",
        "og:url": article["@id"],
        "og:site_name": app.config.project,
        "og:description": description[:200] + ("..." if len(description) > 200 else ""),
    }
    lines += [f'<meta property="{name}" content="{html.escape(value)}">' for name, value in open_graph.items()]
    # What a search engine shows under the link: the same short description.
    lines.append(f'<meta name="description" content="{html.escape(open_graph["og:description"])}">')
    lines += app.config.ogp_custom_meta_tags
    # "</" would end the script element early, whatever the JSON says.
    json_ld = json.dumps(article, ensure_ascii=False).replace("</", "<\\/")
    lines.append(f'<script type="application/ld+json">{json_ld}</script>')
    return "\n".join(lines) + "\n"


def link(href: str, text: str, css_class: str = "reference internal") -> str:
    """An HTML link; href and text are escaped here, so callers pass plain text."""
    return f'<a class="{css_class}" href="{html.escape(href)}">{html.escape(text)}</a>'


def page_body(app: Sphinx, entry, page: str, citing: list[str]) -> str:
    """The paper's page: title, authors, venue, topics, links, abstract, BibTeX and the pages that cite it."""
    style = formatting_style(app.config.bibtex_default_style)
    backend = SiteHTML(app.builder, page)
    context = {"entry": entry, "style": style, "bib_data": None}
    authors = group_style.author_list.format_data(context).render(backend)
    venue = group_style.venue.format_data(context).render(backend)
    year = html.escape(entry.fields.get("year", ""))
    uri = app.builder.get_relative_uri
    group = domain(app.env)

    def file_uri(name: str) -> str:
        return group.uri(app.builder, page, group.target("file", name))

    list_page = build_state.settings().publication_list
    facts = {
        _("Links"): ", ".join(
            link(url, _(label), "reference external")
            if url.startswith(("https://", "http://"))
            else link(file_uri(url), _(label), "reference download")
            for label, url in links_of(entry)
        )
        or link(title_search(entry), _(TITLE_SEARCH), "reference external publication-search"),
        _("Cited by"): ", ".join(link(uri(page, doc), app.env.titles[doc].astext()) for doc in citing),
        _("In the list"): link(group.uri(app.builder, page, group.target("listed", entry.key)),
                               app.env.titles[list_page].astext()),
    }  # fmt: skip
    download = file_uri(f"{build_state.settings().bib_downloads}/{bib_filename(entry.key)}")
    title = field_html(entry, "title", backend)
    link_label, abstract = html.escape(_("Link to this page")), html.escape(_("Abstract"))
    lang = in_their_language()  # a paper is shown as written, in whatever language the page is
    download_label = _("Download {file}").format(file=bib_filename(entry.key))
    return "\n".join(
        [
            f'<section id="{html.escape(key_slug(entry.key))}" class="paper">',
            f'<h1{lang}>{title}<a class="headerlink" href="#" title="{link_label}">¶</a></h1>',
            f'<p class="paper-authors"{lang}>{authors}</p>',
            f'<p class="paper-venue"{lang}>{venue}{", " if venue and year else ""}{year}</p>',
            topic_badges(app.builder, page, entry).rstrip("\n"),
            '<dl class="page-facts field-list simple">',
            *(
                f"<dt>{label}<span class='colon'>:</span></dt><dd><p>{value}</p></dd>"
                for label, value in facts.items()
                if value
            ),
            "</dl>",
            *(
                [
                    f'<section id="abstract"><h2>{abstract}</h2>',
                    f"<p{lang}>{field_html(entry, 'abstract', backend)}</p></section>",
                ]
                if "abstract" in entry.fields
                else []
            ),
            '<section id="bibtex"><h2>BibTeX</h2>',
            highlighted(app.builder.highlighter, bibtex_of(entry)),
            f"<p>{link(download, download_label, 'reference download')}</p>",
            "</section></section>",
        ]
    )


def field_html(entry, field: str, backend) -> str:
    """A field's LaTeX as HTML text: markup such as <script> is shown as text, never run."""
    return rich(entry.fields.get(field, "")).render(backend)


def paper_context(app: Sphinx, entry, page: str, citing: list[str]) -> dict:
    """What the theme's page template shows on the paper's page."""
    return {
        "title": plain_text(entry.fields.get("title", entry.key)),
        "body": page_body(app, entry, page, citing),
        "metatags": meta_tags(app, entry, page),
        "display_toc": False,
        "toc": "",
        "meta": {"hide-toc": ""},
    }


def collect_paper_pages(app: Sphinx):
    """Yields the page of each paper that is new or changed, for Sphinx to write (page_shell renders it fast)."""
    if app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    stored = stored_entries(app.env.get_domain("cite"))
    citing = cited_by(app.env)
    pages = generated_pages(app)
    # A page shows its entry, the pages citing it, and the page of the list that shows it.
    shown = {key: (stored.fact(key).digest, citing.get(key, []), listed_on(key)) for key in stored}
    folder, downloads = build_state.settings().paper_pages, build_state.settings().bib_downloads
    if pages.unchanged(folder, digest(pages.site, shown)):
        return
    for key in stored:
        page = paper_page(key)
        if not pages.outdated(page, digest(pages.site, *shown[key]), year=stored.fact(key).year):
            continue
        entry = stored[key]  # unpickled only for the pages written again
        yield page, paper_context(app, entry, page, citing.get(key, [])), "page.html"
    for page in pages.gone(folder + "/"):
        # The entry left refs.bib: its page and its .bib download go too.
        Path(app.builder.outdir, page + ".html").unlink(missing_ok=True)
        Path(app.builder.outdir, downloads, page.rpartition("/")[2] + ".bib").unlink(missing_ok=True)


def register(app: Sphinx) -> None:
    # Before the year pages (500): a page per entry, so that many outdated ones soon start a helper,
    # which then writes half of the year pages too.
    app.connect("generated-pages", collect_paper_pages, priority=400)
