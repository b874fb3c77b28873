"""The publication list on the real site, checked entry by entry against refs.bib."""

import re

import pytest
from docutils.nodes import make_id
from pybtex.database import parse_string

from content import listed, plain, shown_abstract, text_of


@pytest.fixture(scope="module")
def publications(site):
    return site.article("research/index")


@pytest.fixture(scope="module")
def shown(site):
    """Every listed entry, on the list's page or an earlier year's: (item, year) by id; each once."""
    return listed(site)


@pytest.fixture(scope="module")
def items(shown):
    return {ident: item for ident, (item, _) in shown.items()}


def test_the_site_builds_without_warnings(site):
    assert site.warnings == ""


def test_every_entry_appears_exactly_once(shown, content):
    assert sorted(shown) == sorted(f"pub-{make_id(entry.key)}" for entry in content.entries)


def test_each_entry_sits_under_its_year(shown, entry):
    item, year = shown[f"pub-{make_id(entry.key)}"]
    assert year == entry.fields["year"]


def test_years_are_newest_first(publications, content):
    years = [int(section["id"].removeprefix("year-")) for section in publications.select("section[id^=year-]")]
    assert years == sorted(set(years), reverse=True)
    assert years[0] == max(int(entry.fields["year"]) for entry in content.entries)


def test_each_entry_shows_authors_title_venue_and_year(items, entry):
    item = items[f"pub-{make_id(entry.key)}"]
    citation = item.find("p", recursive=False)
    # Titles keep the group's casing exactly: no sentence case.
    assert text_of(citation.find("strong")).rstrip(".?") == plain(entry.fields["title"]).rstrip(".?")
    text = text_of(citation)
    venue = next((entry.fields[name] for name in ("journal", "booktitle", "howpublished") if name in entry.fields), "")
    assert f"{plain(venue)}, {entry.fields['year']}." in text if venue else f"{entry.fields['year']}." in text
    for person in entry.persons["author"]:
        if str(person) == "others":
            assert re.search(r"et al\.", text)
        else:
            assert plain(" ".join(person.last_names)) in text.replace("\xa0", " ")
    assert "others" not in text


def test_abstracts_are_present_and_collapsed(items, entry):
    toggles = items[f"pub-{make_id(entry.key)}"].select("details.publication-abstract")
    if "abstract" not in entry.fields:
        assert toggles == []
        return
    [toggle] = toggles
    assert not toggle.has_attr("open")
    assert text_of(toggle.summary) == "Show abstract"
    assert text_of(toggle.select_one(".sd-summary-content")) == shown_abstract(entry)


def test_bibtex_is_collapsed_copyable_and_downloadable(site, items, entry):
    item = items[f"pub-{make_id(entry.key)}"]
    [toggle] = item.select("details.publication-bibtex")
    assert not toggle.has_attr("open")
    # sphinx-copybutton adds its button to exactly these blocks.
    block = toggle.select_one("div.highlight pre")
    shown = parse_string(block.get_text(), bib_format="bibtex")
    link = item.select_one("a.publication-download")
    downloaded = parse_string(
        (site.outdir / "research" / link["href"]).resolve().read_text(encoding="utf-8"), bib_format="bibtex"
    )
    for bibtex in (shown, downloaded):
        [(key, copy)] = bibtex.entries.items()
        assert key == entry.key
        assert copy.type == entry.type
        assert {name: str(value) for name, value in copy.fields.items()} == {
            name: str(value) for name, value in entry.fields.items() if name != "abstract"
        }
        assert [str(person) for person in copy.persons["author"]] == [str(person) for person in entry.persons["author"]]
