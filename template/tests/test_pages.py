"""Thesis offers, courses and citations on the real site, checked against their front matter and refs.bib."""

import re
from pathlib import Path

from content import card_facts, text_of
from groupsite.model.domain import entry_anchor


def facts(article) -> dict[str, str]:
    """The page's facts (Supervisor, Lecturers, ...) as label: text."""
    page_facts = article.select_one("dl.page-facts")
    pairs = zip(page_facts.select("dt"), page_facts.select("dd"), strict=True)
    return {text_of(dt).rstrip(" :"): text_of(dd) for dt, dd in pairs}


def test_each_offer_page_shows_title_summary_and_supervisor(site, content, offer):
    data = content.offers[offer]
    article = site.article(f"theses/offers/{offer}")
    assert text_of(article.find("h1")).rstrip("¶ ") == data["title"]
    assert text_of(article.select_one("p.lead")) == data["summary"]
    assert facts(article)["Supervisor"] == data["supervisor"]


def test_each_offer_is_a_card_in_the_overview(site, content, offer):
    data = content.offers[offer]
    cards = site.article("theses/index").select("div.sd-card")
    [card] = [card for card in cards if card.select_one("a.sd-stretched-link")["href"] == f"offers/{offer}.html"]
    assert text_of(card.select_one(".sd-card-title")) == data["title"]
    assert text_of(card.select_one(".sd-card-body p")) == data["summary"]
    assert card_facts(card) == f"Supervisor: {data['supervisor']}"


def test_the_overview_has_one_card_per_offer(site, content):
    assert len(site.article("theses/index").select("div.sd-card")) == len(content.offers)


def test_each_course_appears_under_its_term_with_its_lecturers(site, content, course):
    data = content.courses[course]
    overview = site.article("teaching/index")
    [link] = overview.select(f'a.sd-stretched-link[href="courses/{course}.html"]')
    card = link.find_parent("div", class_="sd-card")
    term = card.find_parent("section")
    assert text_of(term.find("h2")).rstrip("¶ ") == data["term"]
    assert text_of(card.select_one(".sd-card-title")) == data["title"]
    assert card_facts(card) == "Lecturers: " + ", ".join(data["lecturers"])
    page = site.article(f"teaching/courses/{course}")
    assert facts(page)["Lecturers"] == ", ".join(data["lecturers"])
    assert facts(page)["Term"] == data["term"]


def term_order(term: str) -> tuple[int, int]:
    """When a term starts: "Summer term 2024" in April 2024, "Winter term 2023/2024" in October 2023."""
    season, year = re.fullmatch(r"(Summer|Winter) term (\d{4})(?:/\d{4})?", term).groups()
    return int(year), 4 if season == "Summer" else 10


def test_each_term_once_newest_first(site, content):
    terms = [text_of(h2).rstrip("¶ ") for h2 in site.article("teaching/index").select("section > h2")]
    assert terms == sorted({data["term"] for data in content.courses.values()}, key=term_order, reverse=True)


def test_related_papers_link_to_their_entry_in_the_list(site, content):
    pages = {f"theses/offers/{stem}": data for stem, data in content.offers.items()}
    pages |= {f"teaching/courses/{stem}": data for stem, data in content.courses.items()}
    for page, data in pages.items():
        links = site.article(page).select("span.bibtex-citation a")
        assert len(links) == len(data.get("related", [])), page
        for key, link in zip(data.get("related", []), links, strict=True):
            path, anchor = link["href"].split("#")
            target = (site.outdir / Path(page).parent / path).resolve().relative_to(site.outdir.resolve())
            # The list's page, or the page of the entry's year once the list is long.
            assert target.parent.as_posix() == "research", link["href"]
            assert anchor == entry_anchor(key)
            assert site.article(target.with_suffix("").as_posix()).find(id=anchor).name == "li"


def test_every_citation_on_the_site_resolves(site):
    pages = [path.relative_to(site.outdir).with_suffix("").as_posix() for path in site.outdir.rglob("*.html")]
    for page in pages:
        for citation in site.soup(page).select("span.bibtex-citation"):
            assert citation.find("a"), f"{page}: {citation} does not link to its entry"


def test_navigation_reaches_every_section(site):
    links = {text_of(a): a["href"] for a in site.soup("index").select(".sidebar-tree a.reference")}
    assert links["Research"] == "research/index.html"
    assert links["Teaching"] == "teaching/index.html"
    assert links["Bachelor’s and Master’s theses"] == "theses/index.html"
