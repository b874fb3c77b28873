"""The publication list on the real site, checked entry by entry against refs.bib."""

import re

import pytest
from docutils.nodes import make_id
from pybtex.database import parse_file, parse_string

from conftest import REPO, plain

BIB = parse_file(REPO / "refs.bib", bib_format="bibtex")
ENTRIES = list(BIB.entries.values())


def text_of(element) -> str:
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def publications(site):
    return site.article("research/index")


@pytest.fixture(scope="module")
def items(publications):
    return {item["id"]: item for item in publications.select("li.publication")}


def test_the_site_builds_without_warnings(site):
    assert site.warnings == ""


def test_refs_bib_holds_the_groups_39_publications_11_with_abstracts():
    assert len(ENTRIES) == 39
    assert sum("abstract" in entry.fields for entry in ENTRIES) == 11


def test_every_entry_appears_exactly_once(publications):
    ids = [item["id"] for item in publications.select("li.publication")]
    assert sorted(ids) == sorted(f"pub-{make_id(entry.key)}" for entry in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.key)
def test_each_entry_sits_under_its_year(items, entry):
    item = items[f"pub-{make_id(entry.key)}"]
    section = item.find_parent("section")
    assert section["id"] == f"year-{entry.fields['year']}"
    assert text_of(section.find("h2")).startswith(entry.fields["year"])


def test_years_are_newest_first(publications):
    years = [int(section["id"].removeprefix("year-")) for section in publications.select("section[id^=year-]")]
    assert years == sorted(set(years), reverse=True)
    assert years[0] == max(int(entry.fields["year"]) for entry in ENTRIES)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.key)
def test_each_entry_shows_authors_title_venue_and_year(items, entry):
    item = items[f"pub-{make_id(entry.key)}"]
    citation = item.find("p", recursive=False)
    # Titles keep the group's casing exactly: no sentence case.
    assert text_of(citation.find("strong")).rstrip(".?") == plain(entry.fields["title"]).rstrip(".?")
    text = text_of(citation)
    venue = next(entry.fields[name] for name in ("journal", "booktitle", "howpublished") if name in entry.fields)
    assert f"{plain(venue)}, {entry.fields['year']}." in text
    for person in entry.persons["author"]:
        if str(person) == "others":
            assert re.search(r"et al\.", text)
        else:
            assert plain(" ".join(person.last_names)) in text.replace("\xa0", " ")
    assert "others" not in text


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.key)
def test_abstracts_are_present_and_collapsed(items, entry):
    toggles = items[f"pub-{make_id(entry.key)}"].select("details.publication-abstract")
    if "abstract" not in entry.fields:
        assert toggles == []
        return
    [toggle] = toggles
    assert not toggle.has_attr("open")
    assert text_of(toggle.summary) == "Show abstract"
    assert text_of(toggle.select_one(".sd-summary-content")) == plain(entry.fields["abstract"])


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.key)
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
