"""What a visitor does on the real site, in a real browser: toggles, copying, filtering, searching, dark mode, a phone.

What each test expects is computed from refs.bib and from the list the build wrote, never a fixed total.
"""

import re
import unicodedata
from collections import Counter
from urllib.parse import quote_plus

import pytest
from playwright.sync_api import expect
from sphinx.search.en import SearchEnglish

from content import plain, shown_abstract
from groupsite.data.folding import key_slug
from groupsite.model.domain import entry_anchor

pytestmark = pytest.mark.browser
LIST = "research/index.html"
STOPWORDS = SearchEnglish.stopwords


def fold(text: str) -> str:
    """Text as the filter compares it: no accents, no case."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def on_list(site, content) -> list:
    """The entries of refs.bib that the list's own page shows (older years may have pages of their own)."""
    shown = {item["id"] for item in site.article("research/index").select("li.publication")}
    return [entry for entry in content.entries if entry_anchor(entry.key) in shown]


def counted(shown: int, on_list: list) -> str:
    return f"{shown} of {len(on_list)} publications"


def test_the_abstract_toggle_opens_and_shows_the_abstract(page, on_list):
    with_abstract = [entry for entry in on_list if "abstract" in entry.fields]
    if not with_abstract:
        pytest.skip("no entry on the list's page has an abstract")
    entry = with_abstract[0]
    page.goto(LIST)
    toggle = page.locator(f"#{entry_anchor(entry.key)} details.publication-abstract summary")
    text = page.locator(f"#{entry_anchor(entry.key)} .publication-abstract-text")
    expect(text).to_be_hidden()
    expect(toggle).to_have_accessible_name("Abstract")
    expect(toggle).to_have_attribute("aria-controls", text.get_attribute("id"))
    toggle.click()
    expect(text).to_be_visible()
    expect(toggle).to_have_accessible_name("Hide abstract")
    expect(text).to_contain_text(" ".join(shown_abstract(entry).split()[:6]))


def test_the_bibtex_toggle_copies_the_entry_to_the_clipboard(page, on_list):
    entry = on_list[0]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(LIST)
    item = page.locator(f"#{entry_anchor(entry.key)}")
    item.locator("details.publication-bibtex summary").click()
    item.locator(".publication-bibtex-text button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"@{entry.type}{{{entry.key},")


def test_the_filter_counts_by_topic_author_and_year(page, content, on_list):
    page.goto(LIST)
    expect(page.locator(".publication-count")).to_have_text(counted(len(on_list), on_list))
    topic = max(content.topics, key=lambda topic: len(content.tagged(topic)))
    tagged = [entry for entry in content.tagged(topic) if entry in on_list]
    page.get_by_role("combobox", name="Topic").select_option(label=content.topics[topic]["title"])
    expect(page.locator(".publication-count")).to_have_text(counted(len(tagged), on_list))
    assert f"topic={topic}" in page.url
    page.get_by_role("combobox", name="Topic").select_option("")
    person = max(content.people, key=lambda person: len(content.authored_by(person)))
    authored = [entry for entry in content.authored_by(person) if entry in on_list]
    page.get_by_role("combobox", name="Author").select_option(label=content.people[person]["title"])
    expect(page.locator(".publication-count")).to_have_text(counted(len(authored), on_list))
    page.get_by_role("combobox", name="Author").select_option("")
    year, of_year = Counter(entry.fields["year"] for entry in on_list).most_common(1)[0]
    page.get_by_role("combobox", name="Year").select_option(year)
    expect(page.locator(".publication-count")).to_have_text(counted(of_year, on_list))
    expect(page.locator("li.publication:visible")).to_have_count(of_year)


def test_the_filter_finds_a_title_and_hides_the_years_without_a_match(page, on_list):
    entry = on_list[-1]
    page.goto(LIST)
    page.get_by_role("searchbox", name="Search").fill(plain(entry.fields["title"]))
    expect(page.locator("#" + entry_anchor(entry.key))).to_be_visible()
    for year in {other.fields["year"] for other in on_list} - {entry.fields["year"]}:
        section = page.locator(f"section#year-{year}")
        if not section.locator("li.publication:visible").count():
            expect(section).to_be_hidden()


def test_the_filter_works_by_keyboard_and_ignores_accents(site, page, content):
    """A member's family name typed without its accents finds exactly the entries that name it."""
    names = [data["title"].split()[-1] for data in content.people.values()]
    name = next((name for name in names if fold(name) != name.lower()), names[0])
    items = site.article("research/index").select("li.publication")
    expected = sum(fold(name) in fold(item.find("p").get_text()) for item in items)
    page.goto(LIST)
    page.get_by_role("searchbox", name="Search").focus()
    page.keyboard.type(fold(name))
    expect(page.locator(".publication-count")).to_have_text(f"{expected} of {len(items)} publications")
    page.keyboard.press("Tab")
    expect(page.get_by_role("combobox", name="Year")).to_be_focused()


def test_a_filtered_address_opens_filtered(page, content, on_list):
    topic = min(
        (topic for topic in content.topics if content.tagged(topic)), key=lambda t: len(content.tagged(t)), default=None
    )
    if topic is None:
        pytest.skip("no paper names a topic")
    page.goto(f"{LIST}?topic={topic}")
    tagged = [entry for entry in content.tagged(topic) if entry in on_list]
    expect(page.locator(".publication-count")).to_have_text(counted(len(tagged), on_list))


def test_without_javascript_the_whole_list_shows(served_site, browser, on_list):
    context = browser.new_context(java_script_enabled=False, base_url=served_site)
    page = context.new_page()
    page.goto(LIST)
    expect(page.locator("li.publication:visible")).to_have_count(len(on_list))
    expect(page.locator("form.publication-filter")).to_have_count(0)
    context.close()


def test_furo_search_finds_a_paper_by_its_title(page, on_list):
    entry = on_list[0]
    words = [word for word in re.findall(r"\w{4,}", plain(entry.fields["title"]))][:3]
    page.goto("search.html?q=" + "+".join(words))
    # Furo adds results one at a time: wait until the search says it is done.
    expect(page.locator("#search-results p.search-summary")).to_contain_text("match")
    links = page.locator("#search-results ul.search li a")
    expect(links.first).to_be_visible()
    assert any("research/" in (links.nth(i).get_attribute("href") or "") for i in range(links.count()))


def search(page, query: str) -> list[tuple[str, str, str]]:
    """Furo's search: each result's link, title and snippet, once the search is done and every snippet is in."""
    page.goto("search.html?q=" + quote_plus(query))
    expect(page.locator("#search-results p.search-summary")).to_contain_text("match")
    results = page.locator("#search-results ul.search > li")
    # Each snippet comes when the result's page has been fetched, after the summary.
    expect(results.locator("p.context")).to_have_count(results.count())
    return [
        (
            result.locator("a").first.get_attribute("href"),
            result.locator("a").first.inner_text(),
            result.locator("p.context").inner_text(),
        )
        for result in results.all()
    ]


def test_a_word_of_a_paper_s_title_shows_its_page_titled_as_the_paper_and_snippets_read_as_text(page, on_list):
    titles = {
        entry.key: plain(entry.fields["title"]) for entry in on_list if not re.search(r"[\\$]", entry.fields["title"])
    }
    words = {
        key: [word for word in re.findall(r"[^\W\d_]{4,}", title) if word.lower() not in STOPWORDS]
        for key, title in titles.items()
    }
    papers_with = Counter(word.lower() for found in words.values() for word in set(found))
    # The rarest word of a title: the paper's page is among few results.
    key, word = min(
        ((key, word) for key, found in words.items() for word in found), key=lambda kw: papers_with[kw[1].lower()]
    )
    results = search(page, word)
    assert (f"research/papers/{key_slug(key)}.html", titles[key]) in {(link, title) for link, title, _ in results}
    assert "research/index.html" in {link for link, _, _ in results}
    for link, _, snippet in results:
        assert not re.search(r"\.bib\b|BibTeX|Hide abstract|\+\d+ more", snippet), f"{link}'s snippet: {snippet}"


def test_an_author_s_name_without_its_accents_finds_what_the_name_with_them_finds(page, on_list):
    names = {plain(" ".join(person.last_names)) for entry in on_list for person in entry.persons.get("author", [])}
    accented = sorted(name for name in names if fold(name) != name.lower() and re.fullmatch(r"[^\W\d_]+", name))
    if not accented:
        pytest.skip("no author on the list's page has a name with accents")
    found = {link for link, _, _ in search(page, fold(accented[0]))}
    assert "research/index.html" in found
    assert {link for link, _, _ in search(page, accented[0])} == found


def test_dark_mode_switches_and_stays(page):
    page.goto("index.html")
    body = page.locator("body")
    for _ in range(3):
        if body.get_attribute("data-theme") == "dark":
            break
        page.locator("button.theme-toggle:visible").first.click()
    expect(body).to_have_attribute("data-theme", "dark")
    page.goto(LIST)
    expect(page.locator("body")).to_have_attribute("data-theme", "dark")


def test_a_phone_screen_never_scrolls_sideways(served_site, browser, kind_of_page):
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=served_site, is_mobile=True)
    page = context.new_page()
    page.goto(kind_of_page)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{kind_of_page} is {overflow}px too wide for a phone"


@pytest.mark.parametrize("width", [1280, 375])
def test_card_grids_line_up_with_the_text_above_them(page, site, width):
    """The home page's and the overviews' cards start and end where the text does."""
    page.set_viewport_size({"width": width, "height": 900})
    with_cards = [name for name in ("index", "theses/index", "teaching/index", "people/index", "topics/index")
                  if site.article(name).select_one(".sd-card")]  # fmt: skip
    assert with_cards
    for name in with_cards:
        page.goto(f"{name}.html")
        text = page.locator("article section > p").first.bounding_box()
        cards = [card.bounding_box() for card in page.locator("article .sd-card").all()]
        assert abs(min(card["x"] for card in cards) - text["x"]) <= 1, name
        assert abs(max(card["x"] + card["width"] for card in cards) - (text["x"] + text["width"])) <= 1, name
