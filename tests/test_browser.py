"""What a visitor does, in a real browser: toggles, copying, filtering, searching, dark mode, a phone's screen."""

import re

import pytest
from playwright.sync_api import expect

from conftest import KINDS_OF_PAGE

LIST = "research/index.html"


def count(page) -> str:
    return page.locator(".publication-count").text_content()


def test_the_abstract_toggle_opens_and_shows_the_abstract(page):
    page.goto(LIST)
    entry = page.locator("#pub-vogg2024computer")
    abstract = entry.locator("details.publication-abstract")
    expect(abstract.locator(".sd-summary-content")).to_be_hidden()
    abstract.locator("summary").click()
    expect(abstract.locator(".sd-summary-content")).to_be_visible()
    expect(abstract).to_contain_text("first-class citizen")


def test_the_bibtex_toggle_copies_the_entry_to_the_clipboard(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(LIST)
    bibtex = page.locator("#pub-lurz2021generalization details.publication-bibtex")
    bibtex.locator("summary").click()
    bibtex.locator("button.copybtn").click()
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


def test_without_javascript_the_whole_list_shows(browser, served_site):
    context = browser.new_context(java_script_enabled=False, base_url=served_site)
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
    expect(results.first.locator("a")).to_have_attribute("href", re.compile(r"research/index\.html"))


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


@pytest.mark.parametrize("path", KINDS_OF_PAGE)
def test_a_phone_screen_never_scrolls_sideways(browser, served_site, path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, base_url=served_site, is_mobile=True)
    page = context.new_page()
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{path} is {overflow}px too wide for a phone"
