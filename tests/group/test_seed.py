"""The group's content as the first site published it (tests/roots/test-seed), with the exact counts the seed gives.

The seed is fixed data: these counts never change when the group adds a paper or an offer to the real site.
"""

import json
from pathlib import Path

import feedparser
import pytest
from docutils.nodes import make_id

from content import Content, listed, text_of
from groupsite.data.folding import key_slug

SEED = Content(Path(__file__).resolve().parent / "seed")


@pytest.fixture(scope="module")
def seed(seed_site):
    assert seed_site.warnings == ""
    return seed_site


def papers_on(build, page: str) -> int:
    return len(build.article(page).select("li.publication a.paper-link"))


def test_the_seed_holds_39_publications_11_with_abstracts_5_on_arxiv():
    assert len(SEED.entries) == 39
    assert sum("abstract" in entry.fields for entry in SEED.entries) == 11
    assert sum(entry.fields.get("archiveprefix") == "arXiv" for entry in SEED.entries) == 5


def test_the_seed_holds_11_offers_3_courses_8_people_one_group_leader_8_topics():
    assert (len(SEED.offers), len(SEED.courses), len(SEED.people), len(SEED.topics)) == (11, 3, 8, 8)
    assert [data["title"] for data in SEED.people.values() if data.get("role") == "Group leader"] == ["Alexander Ecker"]


def test_the_list_shows_39_entries_in_six_years(seed):
    shown = listed(seed)
    assert len(shown) == 39
    years = sorted({year for _, year in shown.values()}, reverse=True)
    assert years == ["2024", "2023", "2022", "2021", "2020", "2019"]
    assert len(seed.article("research/index").select("details.publication-abstract")) == 11


def test_the_overviews_show_11_offers_and_3_courses_in_two_terms_newest_first(seed):
    assert len(seed.article("theses/index").select("div.sd-card")) == 11
    teaching = seed.article("teaching/index")
    assert len(teaching.select("div.sd-card")) == 3
    terms = [text_of(h2).rstrip("¶ ") for h2 in teaching.select("section > h2")]
    assert terms == ["Summer term 2024", "Winter term 2023/2024"]


def test_the_people_page_shows_eight_people_the_group_leader_first(seed):
    titles = [text_of(card.select_one(".sd-card-title")) for card in seed.article("people/index").select("div.sd-card")]
    assert len(titles) == 8
    assert titles[0] == "Alexander Ecker"


def test_the_seed_names_ecker_in_28_author_lists_lueddecke_in_9_vystrcilova_in_3(seed):
    assert papers_on(seed, "people/ecker") == 28
    assert papers_on(seed, "people/lueddecke") == 9
    assert papers_on(seed, "people/vystrcilova") == 3
    assert len(seed.article("research/index").select("li.publication a.person-link")) == sum(
        len(SEED.authored_by(person)) for person in SEED.people
    )


def test_every_topic_of_the_seed_has_papers(seed):
    counts = {topic: papers_on(seed, f"topics/{topic}") for topic in SEED.topics}
    assert counts == {
        "computer-vision": 13,
        "graph-machine-learning": 2,
        "neuronal-morphology": 3,
        "primate-behaviour": 1,
        "remote-sensing": 3,
        "retina": 5,
        "robotics": 2,
        "visual-cortex": 16,
    }


def test_arxiv_papers_link_to_arxiv(seed):
    links = [
        a["href"]
        for entry in SEED.entries
        for a in seed.article(f"research/papers/{key_slug(entry.key)}").select("a.reference.external")
        if "arxiv.org" in a["href"]
    ]
    assert len(links) == 5
    assert all(link.startswith("https://arxiv.org/abs/") for link in links)


def test_the_feed_and_csl_json_hold_the_seed(seed):
    feed = feedparser.parse((seed.outdir / "publications.atom").read_bytes())
    assert len(feed.entries) == 39
    assert sum(bool(item.get("summary")) for item in feed.entries) == 11
    assert "CNNs efficiently learn long-range dependencies" in {item.title for item in feed.entries}
    items = json.loads((seed.outdir / "publications.json").read_text(encoding="utf-8"))
    lurz = next(item for item in items if item["id"] == "lurz2021generalization")
    assert lurz["type"] == "paper-conference"
    assert lurz["container-title"] == "International Conference on Learning Representations"
    assert lurz["issued"] == {"date-parts": [[2021]]}


def test_related_papers_cited_by_offers_link_to_the_list(seed):
    cited = {
        Path(page).stem: [a["href"] for a in seed.article(f"theses/offers/{page}").select(".bibtex-citation a")]
        for page in SEED.offers
    }
    assert cited["transformers-retina"] == [f"../../research/index.html#pub-{make_id('vystrvcilova2024convolutional')}"]
    assert sum(map(len, cited.values())) == sum(len(data.get("related", [])) for data in SEED.offers.values())


def test_the_seed_site_has_more_than_500_internal_links(seed):
    links = [
        a["href"]
        for path in seed.outdir.rglob("*.html")
        for a in seed.soup(path.relative_to(seed.outdir).with_suffix("").as_posix()).select("a[href]")
        if "://" not in a["href"] and not a["href"].startswith(("mailto:", "#"))
    ]
    assert len(links) > 500


def test_the_entries_of_people_and_topics_pages_are_found_by_search(seed):
    """Sphinx indexes their HTML as text: words of a title are found, the HTML's entities are not words."""
    script = (seed.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    pages_of = {term: {index["docnames"][i] for i in ([found] if isinstance(found, int) else found)}
                for term, found in index["terms"].items()}  # fmt: skip
    assert "topics/retina" in pages_of["ganglion"] and "people/vystrcilova" in pages_of["ganglion"]
    assert not {"nbsp", "amp", "ndash", "quot"} & pages_of.keys()


def test_a_long_author_list_folds_on_the_list_and_not_on_the_paper_page(seed):
    """Of 17 authors the list shows the first three, the last and the group's members; "+12 more" opens the rest."""
    entry = seed.article("research/index").select_one("#pub-vogg2024computer > p")
    folded = "".join(span.get_text() for span in entry.select(".author-folded")).replace("\xa0", " ")
    assert folded.split(", ")[1:] == [
        "M. Nuske", "V. Hassler", "D. Murphy", "J. Fischer", "J. Ostner", "O. Schülke",
        "P. Kappeler", "C. Fichtel", "A. Gail", "S. Treue", "H. Scherberger", "F. Wörgötter",
    ]  # fmt: skip
    more = entry.select_one(".authors-more")
    assert more.label.get_text() == "+12 more"
    assert more.label["for"] == more.input["id"] == "pub-vogg2024computer-authors"
    for span in [more, *entry.select(".author-folded")]:
        span.decompose()
    assert " ".join(entry.get_text().split()).startswith("R. Vogg, T. Lüddecke, J. Henrich, S. Dey, A. Ecker.")
    authors = seed.article("research/papers/vogg2024computer").select_one(".paper-authors")
    assert not authors.select(".author-folded, .authors-more")
    assert "M.\xa0Nuske" in authors.get_text() and "F.\xa0Wörgötter" in authors.get_text()
    # Eight authors or fewer never fold.
    assert not seed.article("research/index").select("#pub-vystrvcilova2024convolutional .authors-more")
