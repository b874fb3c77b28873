"""The seed's list in a real browser, with the counts the seed gives: filters, toggles, copying and search."""

import pytest
from playwright.sync_api import expect

from builds import tab

pytestmark = pytest.mark.browser
LIST = "research/index.html"


@pytest.fixture
def page(served_seed, browser):
    """A tab on the seed's site."""
    with tab(browser, served_seed) as page:
        yield page


def count(page) -> str:
    return page.locator(".publication-count").text_content()


def test_the_abstract_toggle_opens_and_shows_the_abstract(page):
    page.goto(LIST)
    entry = page.locator("#pub-vogg2024computer")
    text = entry.locator(".publication-abstract-text")
    expect(text).to_be_hidden()
    entry.locator("details.publication-abstract summary").click()
    expect(text).to_be_visible()
    expect(text).to_contain_text("first-class citizen")


def test_the_bibtex_toggle_copies_the_entry_to_the_clipboard(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(LIST)
    entry = page.locator("#pub-lurz2021generalization")
    entry.locator("details.publication-bibtex summary").click()
    entry.locator(".publication-bibtex-text button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@inproceedings{lurz2021generalization,")
    assert "booktitle = {International Conference on Learning Representations}" in copied


def test_the_filter_narrows_the_list_and_says_how_many_match(page):
    page.goto(LIST)
    expect(page.locator(".publication-count")).to_have_text("39 of 39 publications")
    page.get_by_role("combobox", name="Topic").select_option(label="Retina")
    expect(page.locator(".publication-count")).to_have_text("5 of 39 publications")
    assert "topic=retina" in page.url
    page.get_by_role("searchbox", name="Search").fill("chromatic")
    expect(page.locator("li.publication:visible")).to_have_count(1)
    expect(page.locator("li.publication:visible")).to_contain_text("A chromatic feature detector in the retina")
    expect(page.locator("section#year-2024")).to_be_hidden()
    page.get_by_role("searchbox", name="Search").fill("")
    page.get_by_role("combobox", name="Topic").select_option("")
    page.get_by_role("combobox", name="Author").select_option(label="Michaela Vystrčilová")
    expect(page.locator(".publication-count")).to_have_text("3 of 39 publications")
    page.get_by_role("combobox", name="Author").select_option("")
    page.get_by_role("combobox", name="Year").select_option("2021")
    expect(page.locator(".publication-count")).to_have_text("5 of 39 publications")


def test_the_filter_works_by_keyboard_and_ignores_accents(page):
    page.goto(LIST)
    page.get_by_role("searchbox", name="Search").focus()
    page.keyboard.type("luddecke wörgötter")
    expect(page.locator(".publication-count")).to_have_text("4 of 39 publications")
    page.keyboard.press("Tab")
    expect(page.get_by_role("combobox", name="Year")).to_be_focused()


def test_a_filtered_address_opens_filtered(page):
    page.goto(LIST + "?topic=robotics")
    expect(page.locator(".publication-count")).to_have_text("2 of 39 publications")


def test_without_javascript_the_whole_list_shows(served_seed, browser):
    context = browser.new_context(java_script_enabled=False, base_url=served_seed)
    page = context.new_page()
    page.goto(LIST)
    expect(page.locator("li.publication:visible")).to_have_count(39)
    expect(page.locator("form.publication-filter")).to_have_count(0)
    context.close()


def test_furo_search_finds_a_paper_by_its_title(page):
    page.goto("search.html?q=Bipartite+invariance")
    results = page.locator("#search-results ul.search li")
    # Furo adds results one at a time: wait until the search says it is done.
    expect(page.locator("#search-results p.search-summary")).to_contain_text("match")
    # The paper's own page first, found in its title; then the list, which has the words in its text.
    expect(results.first.locator("a")).to_have_attribute("href", "research/papers/ding2023bipartite.html")
    expect(results.first.locator("a")).to_have_text("Bipartite invariance in mouse primary visual cortex")
    expect(results.locator("a[href='research/index.html']")).to_have_count(1)


def test_the_folded_authors_open_without_javascript_too(served_seed, browser):
    for javascript in (True, False):
        context = browser.new_context(base_url=served_seed, java_script_enabled=javascript)
        page = context.new_page()
        page.goto(LIST)
        entry = page.locator("#pub-vogg2024computer > p")
        assert "S. Dey, +12 more, A. Ecker." in " ".join(entry.inner_text().split())
        assert "Nuske" not in entry.inner_text()
        entry.get_by_text("+12 more").click()
        assert "S. Dey, M. Nuske, V. Hassler" in " ".join(entry.inner_text().split())
        expect(entry.get_by_text("+12 more")).to_be_hidden()
        context.close()


def test_an_entry_is_at_most_120_px_high_and_five_show_at_once(served_seed, browser):
    """At 1280×800, with nothing open: the first screen under the first year's heading shows five entries or more."""
    context = browser.new_context(base_url=served_seed, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(LIST)
    heights = page.eval_on_selector_all("li.publication", "items => items.map(i => i.getBoundingClientRect().height)")
    assert sorted(heights)[len(heights) // 2] <= 120
    page.locator("section[id^='year-'] h2").first.evaluate("heading => heading.scrollIntoView({behavior: 'instant'})")
    in_view = page.eval_on_selector_all(
        "li.publication", "items => items.filter(i => i.getBoundingClientRect().bottom <= innerHeight).length"
    )
    assert in_view >= 5
    context.close()
