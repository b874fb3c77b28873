"""A long publication list: the newest years on the list's page, each older year on a page of its own."""

import copy
import json
import posixpath
import re

import feedparser
import pytest
from bs4 import BeautifulSoup, Comment, NavigableString
from sphinx.errors import SphinxError

from builds import Build
from generate_entries import entries
from package_roots import copy_root

PAGED = "\ngroupsite_list_entries = 1\n"  # the list's own page shows one year, however few entries


@pytest.fixture
def paged(build_root):
    """The minimal site, its list limited to one year; the 2023 entry is cited by the offer too."""
    build = build_root("minimal")
    with (build.srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(PAGED)
    build.edit(
        "theses/offers/retina.md", "related: [lovelace2024retina]", "related: [lovelace2024retina, turing2023cortex]"
    )
    return build.rebuild(fresh=True)


def test_older_years_move_to_pages_of_their_own(paged):
    assert paged.warnings == ""
    article = paged.article("research/index")
    assert [li["id"] for li in article.select("li.publication")] == ["pub-lovelace2024retina"]
    assert [a["href"] for a in article.select("#earlier-years .publication-years a")] == ["2023.html"]
    year = paged.article("research/2023")
    assert year.h1.get_text().rstrip("¶") == "Publications of 2023"
    assert [li["id"] for li in year.select("li.publication")] == ["pub-turing2023cortex"]
    # Each entry on a year page has what it has on the list: its BibTeX and its download.
    assert year.select_one("li.publication .publication-bibtex-text pre")
    assert (paged.outdir / "_bib/turing2023cortex.bib").exists()
    assert "research/2023.html" in (paged.outdir / "sitemap.xml").read_text(encoding="utf-8")


def test_links_to_an_entry_go_to_the_page_of_its_year(paged):
    cited = {a.get_text(): a["href"] for a in paged.article("theses/offers/retina").select(".bibtex-citation a")}
    assert sorted(cited.values()) == [
        "../../research/2023.html#pub-turing2023cortex",
        "../../research/index.html#pub-lovelace2024retina",
    ]
    listed = paged.article("research/papers/turing2023cortex").select_one("a.listed-link, dd a[href*='#pub-']")
    assert listed["href"] == "../2023.html#pub-turing2023cortex"


def test_a_year_page_follows_its_entries_and_is_left_alone_otherwise(paged):
    page = paged.outdir / "research/2023.html"
    written = page.stat().st_mtime_ns
    paged.edit("teaching/courses/seminar.md", "Papers, presented", "Papers, read, presented")
    paged.rebuild()
    assert page.stat().st_mtime_ns == written
    paged.edit("refs.bib", "The visual cortex in {V4}", "The visual cortex in {V1}")
    paged.rebuild()
    assert paged.warnings == ""
    assert "The visual cortex in V1" in paged.article("research/2023").get_text()
    assert "research/index" not in paged.written  # it shows 2024 only
    paged.edit("refs.bib", "year = {2023}", "year = {2024}")
    paged.rebuild()
    assert not page.exists()  # no entry of 2023 is left
    assert not paged.article("research/index").select("#earlier-years")


def test_hundreds_of_entries_are_each_shown_once_and_the_first_page_stays_short(build_root):
    build = build_root("minimal")
    with (build.srcdir / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n" + entries(400, site=build.srcdir))  # some by its people, on its topics
    build.rebuild(fresh=True)
    assert build.warnings == ""
    main = build.article("research/index")
    shown = [li["id"] for li in main.select("li.publication")]
    assert 0 < len(shown) <= 150
    for link in main.select("#earlier-years .publication-years a"):
        shown += [
            li["id"] for li in build.article("research/" + link["href"].removesuffix(".html")).select("li.publication")
        ]
    keys = re.findall(r"^@\w+\{([^,]+),", (build.srcdir / "refs.bib").read_text(encoding="utf-8"), re.MULTILINE)
    assert sorted(shown) == sorted(f"pub-{key.lower()}" for key in keys)
    # The feed holds the newest hundred; the CSL-JSON, every entry.
    feed = feedparser.parse((build.outdir / "publications.atom").read_bytes())
    assert len(feed.entries) == 100
    items = json.loads((build.outdir / "publications.json").read_text(encoding="utf-8"))
    assert sorted(item["id"] for item in items) == sorted(keys)
    newest = [item["issued"]["date-parts"][0][0] for item in items][:100]
    assert [entry.published_parsed.tm_year for entry in feed.entries] == newest


# Docutils' SmartQuotes curls the quotes of the pages it reads; the year pages are written directly.
STRAIGHT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def shape(element) -> tuple:
    """An element as a reader sees it: tags, attributes (classes as a set) and text; spacing left out."""
    if isinstance(element, NavigableString):
        return ("text", " ".join(element.translate(STRAIGHT).split()))
    attributes = {name: frozenset(value) if name == "class" else value for name, value in element.attrs.items()}
    children = [shape(child) for child in element.children if not isinstance(child, Comment)]
    return (element.name, sorted(attributes.items()), [child for child in children if child != ("text", "")])


def test_an_entry_on_a_year_page_is_the_entry_the_list_shows(lab_site, tmp_path):
    """Year pages are written as HTML directly: each entry must read as the list's own page shows it."""
    source = copy_root("lab", tmp_path / "src")
    with (source / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(PAGED)
    paged = Build(source)
    assert paged.warnings == ""
    listed = {li["id"]: li for li in lab_site.article("research/index").select("li.publication")}
    compared = 0
    for link in paged.article("research/index").select("#earlier-years .publication-years a"):
        for li in paged.article("research/" + link["href"].removesuffix(".html")).select("li.publication"):
            assert shape(li) == shape(listed[li["id"]]), li["id"]
            compared += 1
    assert compared == len(listed) - len(paged.article("research/index").select("li.publication")) > 30


def test_links_follow_an_entry_whose_year_moves_onto_the_list(paged):
    """No entry of 2023 changes, yet 2023 moves onto the list: its paper page and the offer citing it follow."""
    paged.edit("refs.bib", "year = {2024}", "year = {2022}")
    paged.rebuild()
    assert paged.warnings == ""
    listed = paged.article("research/papers/turing2023cortex").select_one("dd a[href*='#pub-']")
    assert listed["href"] == "../index.html#pub-turing2023cortex"
    cited = {a["href"] for a in paged.article("theses/offers/retina").select(".bibtex-citation a")}
    assert "../../research/index.html#pub-turing2023cortex" in cited


def test_a_renamed_key_on_a_year_page_renames_its_links_and_download(paged):
    paged.edit("theses/offers/retina.md", ", turing2023cortex]", "]")
    paged.edit("refs.bib", "@article{turing2023cortex,", "@article{turing2023visual,")
    paged.rebuild()
    assert paged.warnings == ""
    [item] = paged.article("research/2023").select("li.publication")
    assert item["id"] == "pub-turing2023visual"
    assert item.select_one("a.paper-link")["href"] == "papers/turing2023visual.html"
    assert item.select_one("a.publication-download")["href"] == "../_bib/turing2023visual.bib"
    assert (paged.outdir / "_bib/turing2023visual.bib").exists()
    assert (paged.outdir / "research/papers/turing2023visual.html").exists()


def site_paths(page: str, li):
    """A copy of the entry with its links made site-absolute: the same link reads alike from any folder."""
    li = copy.copy(li)
    for a in li.select("a[href]"):
        a["href"] = posixpath.normpath(posixpath.join(posixpath.dirname(page), a["href"]))
    return li


def as_current(li, page: str):
    """The entry as it reads on the page its link goes to: there, that link is marked, not followed."""
    for a in li.select(f'a[href="{page}.html"]'):
        span = BeautifulSoup("", "html.parser").new_tag("span")
        span["class"] = [c for c in a["class"] if c not in ("reference", "internal")] + ["current"]
        span.extend(list(a.contents))
        a.replace_with(span)
    return li


@pytest.mark.parametrize("page", ["people/lovelace", "topics/imaging", "topics/adaptive-optics"])
def test_an_entry_on_a_person_or_topic_page_is_the_entry_the_list_shows(lab_site, page):
    """People's and topics' pages are written as HTML directly: each entry reads as on the list, shortened."""
    site = lab_site
    listed = {}
    for li in site.article("research/index").select("li.publication"):
        short = site_paths("research/index", li)
        del short["id"]
        # Without the line of buttons and what they open; the topics stay, in a paragraph of their own.
        for part in short.select(":scope > .publication-panel, .authors-more"):
            part.decompose()
        for folded in short.select(".author-folded"):
            folded.unwrap()
        buttons = short.select_one(":scope > div.publication-links")
        topics = buttons.select_one(".publication-topics")
        if topics:
            topics.name = "p"
            buttons.replace_with(topics)
        else:
            buttons.decompose()
        short = BeautifulSoup(str(short), "html.parser").li  # its texts joined again, as a parser reads them
        listed[short.select_one("a.paper-link")["href"]] = as_current(short, page)
    items = site.article(page).select("li.publication")
    for li in items:
        li = site_paths(page, li)
        assert shape(li) == shape(listed[li.select_one("a.paper-link")["href"]])
    assert len(items) >= 5
    # The page's own name or topic, where an entry has it, is marked and not a link.
    assert site.article(page).select("li.publication .current")


def site_of_many_pages(destination, conf: str = ""):
    """The lab's site with 200 generated entries: enough pages for a second process to write half of them."""
    source = copy_root("lab", destination)
    with (source / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n" + entries(200, site=source))
    with (source / "conf.py").open("a", encoding="utf-8") as conf_py:
        conf_py.write(PAGED + conf)
    return source


def files_of(build: Build) -> dict:
    return {path.relative_to(build.outdir): path.read_bytes() for path in build.outdir.rglob("*") if path.is_file()}


def test_two_processes_write_the_same_site_as_one(tmp_path):
    """A second process writes some years' pages and paper pages: nothing may differ from one process."""
    builds = {n: Build(site_of_many_pages(tmp_path / str(n), f"groupsite_processes = {n}\n")) for n in (1, 2)}

    def same_site_and_formatted_entries():
        assert builds[1].warnings == builds[2].warnings == ""
        built = {n: files_of(build) for n, build in builds.items()}
        assert built[2].keys() == built[1].keys()
        assert [path for path in built[1] if built[2][path] != built[1][path]] == []
        assert len([path for path in built[1] if path.parts[:2] == ("research", "papers")]) > 200
        # What the helper formatted is kept for later builds too (conf.py differs: so do the settings).
        kept = {n: {memo[:2] for memo in build.formatted_entries} for n, build in builds.items()}
        assert kept[2] == kept[1]

    def started_a_helper(build: Build) -> bool:
        return "writing generated pages in 2 processes" in build.status.getvalue()

    # A first build: the helper starts with the documents.
    assert [started_a_helper(build) for build in builds.values()] == [False, True]
    same_site_and_formatted_entries()
    # Every title edited: the helper starts once 100 outdated pages are found.
    for build in builds.values():
        build.edit("refs.bib", "title = {", "title = {New: ")
        build.rebuild()
    assert [started_a_helper(build) for build in builds.values()] == [False, True]
    same_site_and_formatted_entries()
    # An entry edit writes a few pages: too few to start a helper for.
    build = builds[2]
    build.edit("refs.bib", "{New: Analytical engines see light", "{New: Analytical engines see the light")
    build.rebuild()
    assert not started_a_helper(build) and build.warnings == ""
    assert "see the light" in build.soup("research/papers/lovelace2024analytical").h1.get_text()


HELPER_DIES = """\
import os

from groupsite.pages.generated_pages import generated_pages


def die_in_helper(app):
    if generated_pages(app).in_helper:
        os._exit(3)  # as the out-of-memory killer would end it
    yield from ()


def setup(app):
    app.connect("generated-pages", die_in_helper)
"""


def test_a_helper_that_dies_fails_the_build_with_a_message(tmp_path):
    """As the out-of-memory killer would end it: the build fails, and says what to do."""
    extension = 'import sys\nsys.path.insert(0, __file__.rpartition("/")[0])\nextensions.append("helper_dies")\n'
    source = site_of_many_pages(tmp_path / "src", extension)
    (source / "helper_dies.py").write_text(HELPER_DIES, encoding="utf-8")
    with pytest.raises(SphinxError, match="stopped unexpectedly; set groupsite_processes = 1 in conf.py"):
        Build(source)
