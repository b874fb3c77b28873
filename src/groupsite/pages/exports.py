"""The publications for other tools (refs.bib, CSL-JSON for Zotero, Atom), and a sitemap and robots.txt for crawlers."""

import html
import json
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator
from sphinx.application import Sphinx

from groupsite import build_state
from groupsite.data import entry_fields
from groupsite.data.bib_store import entry_digest, stored_entries
from groupsite.data.entry_fields import doi_of, links_of
from groupsite.data.latex import plain_text
from groupsite.model import site_index
from groupsite.model.domain import paper_page
from groupsite.options import _
from groupsite.pages.generated_pages import generated_pages
from groupsite.pages.languages import site_urls, sitemap_alternates
from groupsite.pages.publications import formatting_style
from groupsite.rendering.entry_html import written_bibtex
from groupsite.versioning import digest

FEED = "publications.atom"
SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # a page's alternates in other languages
CSL_JSON = "publications.json"
CSL_CACHE = "csl-items.pickle"  # beside Sphinx's own cache
# A feed reader wants what is new; every entry is in refs.bib and publications.json.
FEED_ENTRIES = 100
BIBTEX = "refs.bib"
MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# BibTeX entry types as CSL types (https://docs.citationstyles.org/en/stable/specification.html#appendix-iii-types)
CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "incollection": "chapter",
    "inbook": "chapter",
    "book": "book",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "techreport": "report",
    "unpublished": "manuscript",
    "misc": "article",
    # biblatex's types
    "thesis": "thesis",
    "report": "report",
    "patent": "patent",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
    "collection": "book",
    "proceedings": "book",
    "manual": "report",
    "booklet": "pamphlet",
}


def published(entry) -> datetime:
    """The entry's date: its year, and its month where it has one."""
    date = re.match(r"\d{4}-(\d{2})", entry.fields.get("date", "").strip())  # biblatex: 2021-03-04
    month = entry.fields.get("month", "").strip().lower()[:3] or (date.group(1).lstrip("0") if date else "")
    month_number = MONTHS.get(month) or (int(month) if month.isdigit() and 1 <= int(month) <= 12 else 1)
    return datetime(max(entry_fields.year_of(entry), 1), month_number, 1, tzinfo=UTC)


def authors(entry, role: str = "author") -> list:
    return [person for person in entry.persons.get(role, []) if str(person) != "others"]


def csl_names(persons) -> list[dict]:
    return [
        {
            "family": plain_text(" ".join(person.prelast_names + person.last_names)),
            "given": plain_text(" ".join(person.first_names + person.middle_names)),
        }
        for person in persons
    ]


def csl_item(entry, url: str) -> dict:
    """One entry as CSL-JSON, the format Zotero, Mendeley and citeproc read."""
    item = {
        "id": entry.key,
        "type": CSL_TYPES.get(entry.type, "article"),
        "title": plain_text(entry.fields.get("title", "")),
        "author": csl_names(authors(entry)),
    }
    if authors(entry, "editor"):
        item["editor"] = csl_names(authors(entry, "editor"))
    if entry_fields.year_of(entry):  # an undated entry has no date, not the year 0
        item["issued"] = {"date-parts": [[entry_fields.year_of(entry)]]}
    item["URL"] = url
    venue = entry_fields.venue_of(entry)
    if venue:
        item["container-title"] = plain_text(entry.fields[venue])
    if doi_of(entry):
        item["DOI"] = doi_of(entry)
    if "abstract" in entry.fields:
        item["abstract"] = plain_text(entry.fields["abstract"])
    if entry_fields.keywords(entry):
        item["keyword"] = ", ".join(map(plain_text, entry_fields.keywords(entry)))
    return item


def csl_lines(app: Sphinx, entries: list, url) -> list[str]:
    """Each entry as a line of CSL-JSON; kept between builds, so that an edit converts only what it changed."""
    state = build_state.current()
    known, lines = state.cache(CSL_CACHE), {}
    for entry in entries:
        memo = (entry.key, entry_digest(entry), url(entry), site_index.fingerprint())
        # One item a line: json's indent would make it use its pure-Python encoder, seconds for 5,000 items.
        lines[memo] = known.get(memo) or json.dumps(csl_item(entry, url(entry)), ensure_ascii=False)
    state.keep(CSL_CACHE, lines)
    return list(lines.values())


def write_exports(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    outdir = Path(app.builder.outdir)
    base = app.config.html_baseurl.rstrip("/") + "/"
    domain = app.env.get_domain("cite")
    sources = [Path(path).read_bytes() for path in domain.bibdata.bibfiles]
    exported = digest(sources, app.builder.build_info.config_hash, site_index.fingerprint())
    pages = generated_pages(app)
    if not any([pages.outdated(name, exported, suffix="") for name in (BIBTEX, CSL_JSON, FEED, "robots.txt")]):
        return  # refs.bib and the settings are as they were when these files were written
    entries = list(formatting_style(app.config.bibtex_default_style).sort(domain.bibdata.data.entries.values()))

    # refs.bib as it is, unless an entry has a private field: then each entry without them.
    stored = domain.bibdata.data.entries
    if any(stored.facts[key.lower()].fields & build_state.settings().private_fields for key in stored):
        public = "\n\n".join(written_bibtex(stored[key], leave_out=set()) for key in stored)
        (outdir / BIBTEX).write_text(public + "\n", encoding="utf-8")
    else:
        for path in domain.bibdata.bibfiles:
            shutil.copyfile(path, outdir / BIBTEX)

    def url(entry) -> str:
        return base + app.builder.get_target_uri(paper_page(entry.key))

    lines = ",\n".join(csl_lines(app, entries, url))
    (outdir / CSL_JSON).write_text(f"[\n{lines}\n]\n", encoding="utf-8")

    list_page = build_state.settings().publication_list
    feed = FeedGenerator()
    feed.id(base + app.builder.get_target_uri(list_page))
    feed.title(_("Publications of the {group}").format(group=app.config.project))
    feed.author({"name": app.config.project})
    feed.link(href=base + FEED, rel="self")
    feed.link(href=base + app.builder.get_target_uri(list_page), rel="alternate")
    feed.language(app.config.language or "en")
    # The newest paper's date, not the time of the build: two builds of one commit give the same feed.
    feed.updated(max((published(entry) for entry in entries), default=datetime(1970, 1, 1, tzinfo=UTC)))
    # Newest first by date: an entry with a month comes before the entries of its year that have none.
    for entry in sorted(entries, key=published, reverse=True)[:FEED_ENTRIES]:
        item = feed.add_entry(order="append")
        item.id(url(entry))
        item.title(
            plain_text(entry.fields.get("title", "")) or entry.key
        )  # an empty title fails the build, not the feed
        item.link(href=url(entry), rel="alternate")
        for label, link in links_of(entry):
            item.link(
                href=link if link.startswith(("https://", "http://")) else base + link, rel="related", title=label
            )
        item.published(published(entry))
        item.updated(published(entry))
        item.author([{"name": plain_text(str(person))} for person in authors(entry)] or [{"name": app.config.project}])
        if "abstract" in entry.fields:
            item.summary(plain_text(entry.fields["abstract"]))
        for keyword in entry_fields.keywords(entry):
            item.category(term=plain_text(keyword))
    feed.atom_file(str(outdir / FEED), pretty=True)

    (outdir / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n", encoding="utf-8")


def write_sitemap(app: Sphinx, exception) -> None:
    """sitemap.xml: every page of the site, whichever of them this build wrote."""
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    pages = sorted(app.env.found_docs)
    # the years with a page of their own
    pages += sorted(set(build_state.current().listed_on.values()) - {build_state.settings().publication_list})
    pages += [paper_page(key) for key in stored_entries(app.env.get_domain("cite"))]
    languages = site_urls(app)
    if not generated_pages(app).outdated("sitemap.xml", digest(base, app.builder.name, pages, languages), suffix=""):
        return
    urls = "".join(
        f"<url><loc>{escape(base + target)}</loc>{sitemap_alternates(languages, target)}</url>"
        for target in map(app.builder.get_target_uri, pages)
    )
    sitemap = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{SITEMAP_NAMESPACE}" xmlns:xhtml="{XHTML}">'
        f"{urls}</urlset>\n"
    )
    (Path(app.builder.outdir) / "sitemap.xml").write_text(sitemap, encoding="utf-8")


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page tells browsers and feed readers where the publication feed is."""
    href = context["pathto"](FEED, 1)
    title = html.escape(_("Publications"))
    link = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'
    context["metatags"] = context.get("metatags", "") + link + "\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", link_feed)
    app.connect("build-finished", write_exports)
    app.connect("build-finished", write_sitemap)
