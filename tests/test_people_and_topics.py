"""People and topic pages on the real site list exactly what front matter and refs.bib say is theirs."""

import json
import unicodedata
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest
import yaml
from docutils.nodes import make_id
from pybtex.database import parse_file
from pybtex.richtext import Text

from conftest import PLAIN_TEXT, REPO, Build, copy_site, plain
from site_links import key_slug

BIB = parse_file(REPO / "refs.bib", bib_format="bibtex")


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def pages(folder: str) -> dict[str, dict]:
    return {path.stem: front_matter(path) for path in sorted((REPO / folder).glob("*.md")) if path.stem != "index"}


PEOPLE, OFFERS, COURSES, TOPICS = pages("people"), pages("theses/offers"), pages("teaching/courses"), pages("topics")


@cache
def simple(text: str) -> str:
    """Text without accents or case, independently of the site's own name matching."""
    text = Text.from_latex(text).render(PLAIN_TEXT)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def is_named(person, title: str) -> bool:
    """Whether a BibTeX author has the family name and first initial of a person page's title."""
    given, family = title.split()[0], title.split()[-1]
    if family == "Delden":
        family = "van Delden"
    return (
        simple(" ".join(person.prelast_names + person.last_names)) == simple(family)
        and bool(person.first_names)
        and simple(person.first_names[0])[0] == simple(given)[0]
    )


def authored_by(title: str) -> set[str]:
    """The keys of the entries one of whose authors has this family name and first initial."""
    return {key for key, entry in BIB.entries.items() if any(is_named(p, title) for p in entry.persons["author"])}


def linked_keys(article) -> set[str]:
    """The publications a page lists, by the paper pages its entries link to."""
    keys = {key_slug(key): key for key in BIB.entries}
    return {keys[Path(a["href"]).stem] for a in article.select("li.publication a.paper-link")}


def test_the_seed_names_eight_people_one_group_leader():
    assert len(PEOPLE) == 8
    assert [data["title"] for data in PEOPLE.values() if data.get("role") == "Group leader"] == ["Alexander Ecker"]


@pytest.mark.parametrize("ident", PEOPLE)
def test_each_person_page_lists_exactly_their_offers_courses_and_papers(site, ident):
    name = PEOPLE[ident]["title"]
    article = site.article(f"people/{ident}")
    offers = {Path(a["href"]).stem for a in article.select("section#thesis-offers li a")}
    assert offers == {stem for stem, data in OFFERS.items() if data["supervisor"] == name}
    courses = {Path(a["href"]).stem for a in article.select("section#courses li a")}
    assert courses == {stem for stem, data in COURSES.items() if name in data["lecturers"]}
    assert linked_keys(article) == authored_by(name)


def test_known_counts_from_the_seed(site):
    # The seed's research page names Ecker in 28 author lists, Lüddecke in 9, Vystrčilová in 3.
    assert len(linked_keys(site.article("people/ecker"))) == 28
    assert len(linked_keys(site.article("people/lueddecke"))) == 9
    assert len(linked_keys(site.article("people/vystrcilova"))) == 3


@pytest.mark.parametrize("ident", PEOPLE)
def test_a_person_s_papers_are_grouped_by_year_newest_first(site, ident):
    years = [
        int(s["id"].removeprefix("publications-"))
        for s in site.article(f"people/{ident}").select("section[id^=publications-]")
    ]
    assert years == sorted(years, reverse=True)


def test_members_are_linked_and_highlighted_in_the_publication_list(site):
    article = site.article("research/index")
    for key, entry in BIB.entries.items():
        item = article.find(id=f"pub-{make_id(key)}")
        linked = [Path(a["href"]).stem for a in item.find("p").select("a.person-link")]
        expected = [
            ident
            for person in entry.persons["author"]
            for ident, data in PEOPLE.items()
            if str(person) != "others" and is_named(person, data["title"])
        ]
        assert linked == expected, key


def test_supervisors_and_lecturers_link_to_their_pages(site):
    for stem, data in OFFERS.items():
        [link] = site.article(f"theses/offers/{stem}").select("dl.page-facts a.person-link")
        assert site.article(f"people/{Path(link['href']).stem}").find("h1").get_text().rstrip("¶") == data["supervisor"]
    for stem, data in COURSES.items():
        links = site.article(f"teaching/courses/{stem}").select("dl.page-facts a.person-link")
        assert [a.get_text() for a in links] == data["lecturers"]


def test_the_people_overview_shows_everyone_leader_first(site):
    cards = site.article("people/index").select("div.sd-card")
    titles = [card.select_one(".sd-card-title").get_text(strip=True) for card in cards]
    assert titles[0] == "Alexander Ecker"
    assert sorted(titles) == sorted(data["title"] for data in PEOPLE.values())


@pytest.mark.parametrize("ident", TOPICS)
def test_each_topic_page_lists_its_papers_and_offers(site, ident):
    title = TOPICS[ident]["title"]
    article = site.article(f"topics/{ident}")
    tagged = {
        key
        for key, entry in BIB.entries.items()
        if title.lower() in [w.strip().lower() for w in entry.fields.get("keywords", "").split(",")]
    }
    assert tagged, f"no paper has the topic {title}"
    assert linked_keys(article) == tagged
    offers = {Path(a["href"]).stem for a in article.select("section#thesis-offers li a")}
    assert offers == {
        stem for stem, data in OFFERS.items() if title.lower() in [t.lower() for t in data.get("topics", [])]
    }


def test_list_entries_show_their_topics_as_badges_linking_to_topic_pages(site):
    article = site.article("research/index")
    for key, entry in BIB.entries.items():
        badges = article.find(id=f"pub-{make_id(key)}").select("p.publication-topics a.sd-badge")
        words = [w.strip() for w in entry.fields.get("keywords", "").split(",") if w.strip()]
        assert [badge.get_text().lower() for badge in badges] == [w.lower() for w in words]
        for badge in badges:
            assert (site.outdir / "research" / badge["href"]).resolve().parent.name == "topics"


def test_every_internal_link_on_the_site_resolves(site):
    """Every href to a page of the site names a file that exists, and an anchor that exists on it."""
    soups = {
        path: site.soup(path.relative_to(site.outdir).with_suffix("").as_posix())
        for path in site.outdir.rglob("*.html")
    }
    checked = 0
    for path, page in soups.items():
        for a in page.select("a[href]"):
            url, anchor = urldefrag(a["href"])
            if "://" in url or url.startswith(("mailto:", "javascript:")):
                continue
            # The 404 page links from the site's root, as it is served for any address.
            base = site.outdir if url.startswith("/") else path.parent
            target = (base / url.lstrip("/")).resolve() if url else path
            assert target.exists(), f"{path.name}: {a['href']}"
            if anchor and target.suffix == ".html":
                assert soups[target].find(id=anchor), f"{path.name}: {a['href']}"
            checked += 1
    assert checked > 500


def test_a_full_profile_shows_photo_and_links_and_refuses_other_schemes(build_root):
    from conftest import ROOTS

    photo = (ROOTS.parent.parent / "_static" / "favicon.svg").read_text(encoding="utf-8")
    profile = (
        "---\ntitle: Alan Turing\nrole: Postdoc\nemail: alan@example.org\norcid: 0000-0002-1825-0097\n"
        "homepage: https://example.org/turing\ngithub: aturing\nscholar: javascript:alert(1)\nphoto: turing.svg\n---\n"
    )
    build = build_root("minimal", **{"people/turing.md": profile, "people/turing.svg": photo})
    assert "turing.md:1: WARNING: this person has a scholar that is not a web address: 'javascript:alert(1)'" in (
        build.warnings
    )
    article = build.article("people/turing")
    links = {
        dt.get_text().rstrip(":"): unquote(dd.a["href"])
        for dt, dd in zip(article.select("dt"), article.select("dd"), strict=True)
        if dd.a
    }
    assert links == {
        "Email": "mailto:alan@example.org",
        "Homepage": "https://example.org/turing",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
        "GitHub": "https://github.com/aturing",
    }
    assert article.select_one("img.person-photo")["alt"] == "Alan Turing"
    assert (build.outdir / article.select_one("img.person-photo")["src"].replace("../", "")).exists()


def test_a_plain_text_build_lists_a_persons_publications_too(tmp_path):
    """Builders that do not write HTML get the entries of people's pages through docutils."""
    build = Build(copy_site(tmp_path / "src"), "text")
    assert build.warnings == ""
    # Compared without spaces: the text builder wraps lines, after hyphens too.
    text = "".join((build.outdir / "people/ecker.txt").read_text(encoding="utf-8").split())
    titles = ["".join(plain(BIB.entries[key].fields["title"]).split()) for key in authored_by(PEOPLE["ecker"]["title"])]
    assert len(titles) > 5
    assert all(f"**{title}" in text for title in titles)


@pytest.mark.parametrize("page", ["people/ecker", "people/vystrcilova", "topics/retina", "topics/computer-vision"])
def test_a_person_or_topic_page_is_described_by_what_it_lists(site, page):
    """Search engines and link previews get who or what the page is about, and how much it lists."""
    soup, article = site.soup(page), site.article(page)
    [description] = soup.select('meta[name="description"]')
    assert soup.select_one('meta[property="og:description"]')["content"] == description["content"]
    role = [dt.find_next("dd").get_text(strip=True) for dt in article.select(".page-facts dt") if "Role" in dt.text]
    who = ", ".join([article.h1.get_text().rstrip("¶"), *role])
    assert description["content"].startswith(who + ":")
    papers = len(article.select("li.publication"))
    assert f" {papers} publication{'s' if papers > 1 else ''}." in description["content"]
    offers = article.select("#thesis-offers li")
    assert (f"{len(offers)} thesis offer" in description["content"]) == bool(offers)


def test_the_entries_of_people_and_topics_pages_are_found_by_search(site):
    """Sphinx indexes their HTML as text: words of a title are found, the HTML's entities are not words."""
    script = (site.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    pages_of = {term: {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}
                for term, found in index["terms"].items()}  # fmt: skip
    assert "topics/retina" in pages_of["ganglion"] and "people/vystrcilova" in pages_of["ganglion"]
    assert not {"nbsp", "amp", "ndash", "quot"} & pages_of.keys()
