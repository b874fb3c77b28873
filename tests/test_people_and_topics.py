"""People and topic pages on the real site list exactly what front matter and refs.bib say is theirs."""

from pathlib import Path

from builds import unresolved_links
from content import is_named, keywords, listed, plain, slug, text_of
from groupsite.data.folding import key_slug
from groupsite.model.domain import entry_anchor


def linked_keys(content, article) -> set[str]:
    """The publications a page lists, by the paper pages its entries link to."""
    keys = {key_slug(entry.key): entry.key for entry in content.entries}
    return {keys[Path(a["href"]).stem] for a in article.select("li.publication a.paper-link")}


def test_each_person_page_lists_exactly_their_offers_courses_and_papers(site, content, person):
    data = content.people[person]
    article = site.article(f"people/{person}")
    offers = {Path(a["href"]).stem for a in article.select("section#thesis-offers li a")}
    assert offers == {stem for stem, offer in content.offers.items() if offer["supervisor"] == data["title"]}
    courses = {Path(a["href"]).stem for a in article.select("section#courses li a")}
    assert courses == {stem for stem, course in content.courses.items() if data["title"] in course["lecturers"]}
    assert linked_keys(content, article) == {entry.key for entry in content.authored_by(person)}


def test_a_person_s_papers_are_grouped_by_year_newest_first(site, person):
    years = [
        int(s["id"].removeprefix("publications-"))
        for s in site.article(f"people/{person}").select("section[id^=publications-]")
    ]
    assert years == sorted(years, reverse=True)


def test_members_are_linked_and_highlighted_in_the_publication_list(site, content):
    shown = listed(site)
    for entry in content.entries:
        item, _ = shown[entry_anchor(entry.key)]
        linked = [Path(a["href"]).stem for a in item.find("p").select("a.person-link")]
        expected = [
            ident
            for author in entry.persons.get("author", [])
            for ident, data in content.people.items()
            if str(author) != "others" and is_named(author, data)
        ]
        assert linked == expected, entry.key


def test_supervisors_and_lecturers_link_to_their_pages(site, content):
    for stem, data in content.offers.items():
        [link] = site.article(f"theses/offers/{stem}").select("dl.page-facts a.person-link")
        assert text_of(site.article(f"people/{Path(link['href']).stem}").find("h1")).rstrip("¶") == data["supervisor"]
    for stem, data in content.courses.items():
        links = site.article(f"teaching/courses/{stem}").select("dl.page-facts a.person-link")
        assert [a.get_text() for a in links] == data["lecturers"]


def test_the_people_overview_shows_everyone_group_leaders_first(site, content):
    cards = site.article("people/index").select("div.sd-card")
    titles = [card.select_one(".sd-card-title").get_text(strip=True) for card in cards]
    assert sorted(titles) == sorted(data["title"] for data in content.people.values())
    leaders = {data["title"] for data in content.people.values() if data.get("role") == "Group leader"}
    assert set(titles[: len(leaders)]) == leaders


def test_each_topic_page_lists_its_papers_and_offers(site, content, topic):
    article = site.article(f"topics/{topic}")
    assert linked_keys(content, article) == {entry.key for entry in content.tagged(topic)}
    offers = {Path(a["href"]).stem for a in article.select("section#thesis-offers li a")}
    assert offers == {stem for stem, data in content.offers.items() if topic in map(slug, data.get("topics", []))}


def test_list_entries_show_their_topics_as_badges_linking_to_topic_pages(site, content):
    shown = listed(site)
    for entry in content.entries:
        item, _ = shown[entry_anchor(entry.key)]
        badges = item.select(".publication-topics a.sd-badge")
        named = [content.topic_named(word) for word in keywords(entry)]
        # A keyword that names a topic links to it; any other is a plain tag.
        assert [Path(badge["href"]).stem for badge in badges] == list(dict.fromkeys(filter(None, named)))
        tags = [text_of(tag) for tag in item.select(".publication-topics .publication-tag")]
        assert tags == [plain(word) for word, ident in zip(keywords(entry), named, strict=True) if ident is None]
        for badge in badges:
            assert (site.outdir / "research" / badge["href"]).resolve().parent.name == "topics"


def test_every_internal_link_on_the_site_resolves(site):
    """Every href to a page of the site names a file that exists, and an anchor that exists on it; the links to a
    page in the site's other languages go to another build (tests/test_translations.py follows them)."""
    assert unresolved_links(site.outdir, alternates=False) == []


def test_a_person_or_topic_page_is_described_by_what_it_lists(site, content):
    """Search engines and link previews get who or what the page is about, and how much it lists."""
    pages = {f"people/{ident}": data for ident, data in content.people.items()}
    pages |= {f"topics/{ident}": data for ident, data in content.topics.items()}
    for page, data in pages.items():
        soup, article = site.soup(page), site.article(page)
        if data.get("summary") or not article.select("li.publication, #thesis-offers li, #courses li"):
            continue  # described by its own summary, or by its first words, as any page
        [description] = soup.select('meta[name="description"]')
        assert soup.select_one('meta[property="og:description"]')["content"] == description["content"]
        role = [dt.find_next("dd").get_text(strip=True) for dt in article.select(".page-facts dt") if "Role" in dt.text]
        who = ", ".join([article.h1.get_text().rstrip("¶"), *role])
        assert description["content"].startswith(who), page
        papers = len(article.select("li.publication"))
        assert (f" {papers} publication{'s' if papers > 1 else ''}." in description["content"]) == bool(papers), page
        offers = article.select("#thesis-offers li")
        assert (f"{len(offers)} thesis offer" in description["content"]) == bool(offers), page
