"""Thesis offers, courses and citations on the real site, checked against their front matter and refs.bib."""

from pathlib import Path

import pytest
import yaml
from docutils.nodes import make_id

from conftest import REPO


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


OFFERS = sorted((REPO / "theses" / "offers").glob("*.md"))
COURSES = sorted((REPO / "teaching" / "courses").glob("*.md"))


def text_of(element) -> str:
    return " ".join(element.get_text().split())


def facts(article) -> dict[str, str]:
    """The page's facts (Supervisor, Lecturers, ...) as label: text."""
    page_facts = article.select_one("dl.page-facts")
    pairs = zip(page_facts.select("dt"), page_facts.select("dd"), strict=True)
    return {text_of(dt).rstrip(" :"): text_of(dd) for dt, dd in pairs}


def test_the_seed_offers_and_courses_are_all_there():
    assert len(OFFERS) == 11
    assert len(COURSES) == 3


@pytest.mark.parametrize("path", OFFERS, ids=lambda path: path.stem)
def test_each_offer_page_shows_title_summary_and_supervisor(site, path):
    data = front_matter(path)
    article = site.article(f"theses/offers/{path.stem}")
    assert text_of(article.find("h1")).rstrip("¶ ") == data["title"]
    assert text_of(article.select_one("p.lead")) == data["summary"]
    assert facts(article)["Supervisor"] == data["supervisor"]


@pytest.mark.parametrize("path", OFFERS, ids=lambda path: path.stem)
def test_each_offer_is_a_card_in_the_overview(site, path):
    data = front_matter(path)
    cards = site.article("theses/index").select("div.sd-card")
    [card] = [card for card in cards if card.select_one("a.sd-stretched-link")["href"] == f"offers/{path.stem}.html"]
    assert text_of(card.select_one(".sd-card-title")) == data["title"]
    assert text_of(card.select_one(".sd-card-body p")) == data["summary"]
    assert text_of(card.select_one(".sd-card-footer")) == f"Supervisor: {data['supervisor']}"


def test_the_overview_has_one_card_per_offer(site):
    assert len(site.article("theses/index").select("div.sd-card")) == len(OFFERS)


@pytest.mark.parametrize("path", COURSES, ids=lambda path: path.stem)
def test_each_course_appears_under_its_term_with_its_lecturers(site, path):
    data = front_matter(path)
    overview = site.article("teaching/index")
    [link] = overview.select(f'a.sd-stretched-link[href="courses/{path.stem}.html"]')
    card = link.find_parent("div", class_="sd-card")
    term = card.find_parent("section")
    assert text_of(term.find("h2")).rstrip("¶ ") == data["term"]
    assert text_of(card.select_one(".sd-card-title")) == data["title"]
    assert text_of(card.select_one(".sd-card-footer")) == "Lecturers: " + ", ".join(data["lecturers"])
    page = site.article(f"teaching/courses/{path.stem}")
    assert facts(page)["Lecturers"] == ", ".join(data["lecturers"])
    assert facts(page)["Term"] == data["term"]


def test_terms_are_newest_first(site):
    terms = [text_of(h2).rstrip("¶ ") for h2 in site.article("teaching/index").select("section > h2")]
    assert terms == ["Summer term 2024", "Winter term 2023/2024"]


def cited_pages():
    return [f"theses/offers/{path.stem}" for path in OFFERS if front_matter(path).get("related")]


@pytest.mark.parametrize("page", cited_pages())
def test_related_papers_link_to_their_entry_in_the_list(site, page):
    data = front_matter(REPO / f"{page}.md")
    links = site.article(page).select("span.bibtex-citation a")
    assert len(links) == len(data["related"])
    publications = site.article("research/index")
    for key, link in zip(data["related"], links, strict=True):
        path, anchor = link["href"].split("#")
        assert (site.outdir / Path(page).parent / path).resolve() == (site.outdir / "research/index.html").resolve()
        assert anchor == f"pub-{make_id(key)}"
        assert publications.find(id=anchor).name == "li"


def test_every_citation_on_the_site_resolves(site):
    pages = [path.relative_to(site.outdir).with_suffix("").as_posix() for path in site.outdir.rglob("*.html")]
    citations = [link for page in pages for link in site.soup(page).select("span.bibtex-citation")]
    assert citations, "the site cites its papers"
    for citation in citations:
        assert citation.find("a"), f"{citation} does not link to its entry"


def test_navigation_reaches_every_section(site):
    links = {text_of(a): a["href"] for a in site.soup("index").select(".sidebar-tree a.reference")}
    assert links["Research"] == "research/index.html"
    assert links["Teaching"] == "teaching/index.html"
    assert links["Bachelor’s and Master’s theses"] == "theses/index.html"
