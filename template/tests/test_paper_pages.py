"""Each publication's own page, and its metadata for Google Scholar and schema.org, checked against refs.bib."""

import json
from pathlib import Path

from content import listed, plain, shown_abstract, text_of
from groupsite.data.folding import key_slug
from groupsite.model.domain import entry_anchor


def page_of(entry) -> str:
    return f"research/papers/{key_slug(entry.key)}"


def meta(soup, name: str) -> list[str]:
    return [tag["content"] for tag in soup.select(f'head meta[name="{name}"]')]


def test_scholar_meta_tags_match_refs_bib(site, entry):
    soup = site.soup(page_of(entry))
    assert meta(soup, "citation_title") == [plain(entry.fields["title"])]
    authors = [plain(str(person)) for person in entry.persons["author"] if str(person) != "others"]
    assert meta(soup, "citation_author") == authors
    assert meta(soup, "citation_publication_date") == [entry.fields["year"]]
    venue_tag = {"article": "citation_journal_title", "inproceedings": "citation_conference_title"}.get(entry.type)
    venue = entry.fields.get("journal") or entry.fields.get("booktitle")
    if venue_tag:
        assert meta(soup, venue_tag) == [plain(venue)]
    if entry.fields.get("archiveprefix") == "arXiv":
        assert meta(soup, "citation_arxiv_id") == [entry.fields["eprint"]]
    assert meta(soup, "citation_abstract") == ([shown_abstract(entry)] if "abstract" in entry.fields else [])


def test_json_ld_describes_the_scholarly_article(site, entry):
    soup = site.soup(page_of(entry))
    [script] = soup.select('script[type="application/ld+json"]')
    article = json.loads(script.string)
    assert article["@type"] == "ScholarlyArticle"
    assert article["headline"] == plain(entry.fields["title"])
    assert [author["name"] for author in article["author"]] == meta(soup, "citation_author")
    assert article["datePublished"] == entry.fields["year"]
    assert article["@id"] == soup.select_one('link[rel="canonical"]')["href"]


def test_the_page_shows_citation_abstract_bibtex_and_its_place_in_the_list(site, entry):
    article = site.article(page_of(entry))
    assert text_of(article.find("h1")).rstrip("¶") == plain(entry.fields["title"])
    assert bool(article.select("section#abstract")) == ("abstract" in entry.fields)
    assert f"{{{entry.key}," in article.select_one("section#bibtex div.highlight pre").get_text()
    [place] = [a for a in article.select("dl.page-facts a") if "#pub-" in a["href"]]
    _, year = listed(site)[entry_anchor(entry.key)]
    page = "index" if site.article("research/index").find(id=entry_anchor(entry.key)) else year
    assert place["href"] == f"../{page}.html#{entry_anchor(entry.key)}"
    download = article.select_one("section#bibtex a.download")["href"]
    assert (site.outdir / Path(page_of(entry)).parent / download).resolve().read_text().startswith(f"@{entry.type}")
    for link in article.select("a.reference.external"):
        assert link["href"].startswith(("https://", "http://"))


def test_list_entries_link_their_title_to_the_paper_page(site, content):
    shown = listed(site)
    for entry in content.entries:
        item, _ = shown[entry_anchor(entry.key)]
        [title] = item.select("p strong a.paper-link")
        assert title["href"] == f"papers/{key_slug(entry.key)}.html"


def test_cited_by_names_every_page_that_cites_the_paper(site, content):
    related = {stem: data.get("related", []) for stem, data in (content.offers | content.courses).items()}
    for entry in content.entries:
        citing = {stem for stem, keys in related.items() if entry.key in keys}
        facts = site.article(page_of(entry)).select_one("dl.page-facts")
        cited = {
            Path(a["href"]).stem
            for dt in facts.select("dt")
            if dt.get_text().startswith("Cited by")
            for a in dt.find_next_sibling("dd").select("a")
        }
        assert cited == citing, entry.key


def test_arxiv_papers_link_to_arxiv_over_https(site, entry):
    if entry.fields.get("archiveprefix", "").lower() != "arxiv":
        return
    links = [a["href"] for a in site.article(page_of(entry)).select("a.reference.external")]
    assert f"https://arxiv.org/abs/{entry.fields['eprint']}" in links


def test_every_page_has_open_graph_twitter_and_canonical_tags(site):
    for path in site.outdir.rglob("*.html"):
        if path.name in ("search.html", "genindex.html", "404.html"):
            continue
        soup = site.soup(path.relative_to(site.outdir).with_suffix("").as_posix())
        assert soup.select_one('meta[property="og:title"]')["content"], path
        assert soup.select_one('meta[property="og:url"]')["content"].startswith("http"), path
        assert soup.select_one('meta[name="twitter:card"]'), path
        # A description for search results, on every page: paper pages are made from refs.bib, not documents.
        [description] = soup.select('meta[name="description"]')
        assert description["content"].strip(), path
        assert soup.select_one('link[rel="canonical"]')["href"].endswith(path.relative_to(site.outdir).as_posix())


def test_a_paper_page_puts_the_links_of_its_list_entry_at_the_top(site, entry):
    """The same ways to the paper as its entry in the list: its links, or the search for its title."""
    listed = site.article("research/index").select_one(f"#{entry_anchor(entry.key)}")
    if listed is None:
        return  # listed on a year page of its own
    on_list = [a.get_text() for a in listed.select(".publication-links a.publication-link")]
    facts = site.article(page_of(entry)).select_one("dl.page-facts")
    [links] = [dt.find_next_sibling("dd") for dt in facts.select("dt") if dt.get_text().startswith("Links")]
    assert [a.get_text() for a in links.select("a")] == on_list
