"""The site in each of its other languages (conf.py's groupsite_languages), checked against its own catalogs:
every page at the same path, linked both ways, the front matter and the interface translated, in the browser too."""

import shutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from babel.messages.pofile import read_po

from builds import Build, english_in, english_labels, serving, tab, unresolved_links
from groupsite.options import site_settings

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def languages(request) -> tuple[str, str]:
    """The site's own language and its second (conf.py's groupsite_languages); a site in one has nothing to test."""
    first, *others = site_settings(request.config.getoption("site")).languages
    if not others:
        pytest.skip("the site is in one language")
    return first, others[0]


@pytest.fixture(scope="session")
def translated(site, languages) -> Build:
    """The site in its second language, built from the same copy as `nox -s docs` builds it."""
    return Build(site.srcdir, language=languages[1])


@pytest.fixture(scope="session")
def both_folder(site, translated, tmp_path_factory) -> Path:
    """Both languages as `nox -s docs` lays them out, the second in a folder of the first."""
    folder = tmp_path_factory.mktemp("both") / "html"
    shutil.copytree(site.outdir, folder)
    shutil.copytree(translated.outdir, folder / translated.language)
    return folder


@pytest.fixture(scope="session")
def both(both_folder):
    """Both languages, served."""
    with serving(SimpleNamespace(outdir=both_folder)) as url:
        yield url


def pages(build: Build) -> set[str]:
    return {path.relative_to(build.outdir).as_posix() for path in build.outdir.rglob("*.html")}


def translations(site: Build, language: str, page: str) -> dict[str, str]:
    """The page's catalog in the language: each sentence of the page with its translation, where it has one."""
    path = site.srcdir / "locales" / language / "LC_MESSAGES" / f"{page}.po"
    if not path.exists():
        return {}
    with path.open("rb") as file:
        return {m.id: m.string for m in read_po(file) if m.id and m.string and not m.fuzzy}


def text(element) -> str:
    return " ".join(element.get_text(" ").split())


def test_the_translated_site_builds_strictly(translated):
    assert translated.warnings == ""


def test_every_page_has_its_translation_at_the_same_path(site, translated):
    assert pages(site) == pages(translated)
    assert translated.soup("index").html["lang"] == translated.language


def test_every_page_pair_links_both_ways_with_the_source_as_default(site, translated, languages):
    first, second = languages
    base = site.soup("index").select_one("link[rel=canonical]")["href"].removesuffix("index.html")
    for page in sorted(pages(site)):
        expected = {first: base + page, second: f"{base}{second}/{page}", "x-default": base + page}
        for build in (site, translated):
            soup = build.soup(page.removesuffix(".html"))
            links = {link["hreflang"]: link["href"] for link in soup.select("link[rel=alternate][hreflang]")}
            assert links == expected, (build.language, page)


def test_offers_show_their_translated_title_and_summary_on_their_pages_and_cards(site, translated, content):
    cards = translated.article("theses/index")
    for name, data in content.offers.items():
        said = translations(site, translated.language, f"theses/offers/{name}")
        title, summary = said.get(data["title"]), said.get(str(data["summary"]).strip())
        page = translated.article(f"theses/offers/{name}")
        if title:
            assert text(page.select_one("h1")).removesuffix("¶").strip() == title
        if summary:
            assert text(page.select_one("p.lead")) == summary
        if str(data.get("status", "open")).lower() != "taken":
            card = next(c for c in cards.select(".sd-card") if c.select_one(f'a[href="offers/{name}.html"]'))
            assert all(part in text(card) for part in (title, summary) if part)


@pytest.fixture(scope="session")
def untranslated(site, translated) -> set[str]:
    """The sentences of the site's pages that no translator has reached yet (none, or fuzzy, in its catalogs, or no
    catalog at all): its content, not the interface's labels."""
    pages = Build(site.srcdir, "gettext", folder="gettext")
    sentences = set()
    for path in pages.outdir.rglob("*.pot"):
        with path.open("rb") as file:
            sentences |= {m.id for m in read_po(file) if m.id}
    done = set()
    for path in (site.srcdir / "locales" / translated.language / "LC_MESSAGES").rglob("*.po"):
        with path.open("rb") as file:
            done |= {m.id for m in read_po(file) if m.id and m.string and not m.fuzzy}
    return sentences - done


def test_the_interface_shows_no_english_label(translated, untranslated):
    labels = english_labels(translated.language) - untranslated
    found = {page: english_in(translated.soup(page.removesuffix(".html")), labels) for page in pages(translated)}
    assert {page: hits for page, hits in found.items() if hits} == {}


def test_papers_stay_as_written_marked_with_their_language(translated, languages):
    entries = translated.article("research/index").select("li.publication > p")
    assert all(entry.get("lang") == languages[0] for entry in entries)


def test_every_link_resolves_where_both_languages_are_laid_out(both_folder):
    assert unresolved_links(both_folder) == []


@pytest.mark.browser
def test_the_switcher_leads_to_the_same_page_in_the_other_language(both, browser, content, languages):
    first, second = languages
    offer = next(iter(content.offers), None)
    for page in ["index.html", "theses/index.html", *([f"theses/offers/{offer}.html"] if offer else [])]:
        with tab(browser, both) as tab_page:
            tab_page.goto(urljoin(both, page))
            tab_page.locator(f"nav.language-switcher a[hreflang={second}]").click()
            tab_page.wait_for_url(urljoin(both, f"{second}/{page}"))
            assert tab_page.locator("html").get_attribute("lang") == second
            tab_page.locator(f"nav.language-switcher a[hreflang={first}]").click()
            tab_page.wait_for_url(urljoin(both, page))
            assert tab_page.locator("html").get_attribute("lang") == first


@pytest.mark.browser
def test_axe_finds_no_violation_on_translated_pages(both, browser, content, languages):
    offer = next(iter(content.offers), None)
    for page in [
        "index",
        "theses/index",
        "people/index",
        "research/index",
        *([f"theses/offers/{offer}"] if offer else []),
    ]:
        with tab(browser, both) as tab_page:
            tab_page.goto(urljoin(both, f"{languages[1]}/{page}.html"))
            tab_page.add_script_tag(path=str(AXE))
            violations = tab_page.evaluate("axe.run(document).then(result => result.violations)")
            assert [(v["id"], [node["target"] for node in v["nodes"]]) for v in violations] == [], page
