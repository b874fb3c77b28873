"""The publication list on the real site, checked entry by entry against refs.bib."""

import re
import urllib.parse

import pytest
from pybtex.database import parse_string

from content import listed, plain, shown_abstract, text_of
from groupsite.model.domain import entry_anchor


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
    assert sorted(shown) == sorted(entry_anchor(entry.key) for entry in content.entries)


def test_each_entry_sits_under_its_year(shown, entry):
    item, year = shown[entry_anchor(entry.key)]
    assert year == entry.fields["year"]


def test_years_are_newest_first(publications, content):
    years = [int(section["id"].removeprefix("year-")) for section in publications.select("section[id^=year-]")]
    assert years == sorted(set(years), reverse=True)
    assert years[0] == max(int(entry.fields["year"]) for entry in content.entries)


def test_each_entry_shows_authors_title_venue_and_year(items, entry):
    item = items[entry_anchor(entry.key)]
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
    toggles = items[entry_anchor(entry.key)].select("details.publication-abstract")
    if "abstract" not in entry.fields:
        assert toggles == []
        return
    [toggle] = toggles
    assert not toggle.has_attr("open")
    # Its label while closed, and once open (site.css shows one of the two).
    assert [text_of(label) for label in toggle.summary.select(".when-closed, .when-open")] == [
        "Abstract",
        "Hide abstract",
    ]
    [text] = items[entry_anchor(entry.key)].select(f"#{toggle.summary['aria-controls']}.publication-abstract-text")
    assert text_of(text) == shown_abstract(entry)


def test_bibtex_is_collapsed_copyable_and_downloadable(site, items, entry):
    item = items[entry_anchor(entry.key)]
    # The abstract is on the page; fields only a tool needs are nobody's business (conf.py lists them).
    left_out = {"abstract", *(name.lower() for name in site.env.config.groupsite_private_fields)}
    [toggle] = item.select("details.publication-bibtex")
    assert not toggle.has_attr("open")
    # sphinx-copybutton adds its button to exactly these blocks.
    block = item.select_one(f"#{toggle.summary['aria-controls']} div.highlight pre")
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
            name: str(value) for name, value in entry.fields.items() if name.lower() not in left_out
        }
        assert [str(person) for person in copy.persons["author"]] == [str(person) for person in entry.persons["author"]]


def test_every_entry_leads_to_the_paper(items, entry):
    """Each link field refs.bib gives is a link on the entry; one with none gets a search for its exact title."""
    links = [a["href"] for a in items[entry_anchor(entry.key)].select(".publication-links a.publication-link")]
    # Addresses as meant: BibTeX's escapes (\_ \& \%) undone.
    given = {
        name: re.sub(r"\\([_&%#])", r"\1", entry.fields[name].strip())
        for name in ("doi", "url", "eprint")
        if entry.fields.get(name)
    }
    for name, value in given.items():
        assert any(value.removeprefix("https://doi.org/") in href for href in links), (name, value, links)
    if not given and not entry.fields.get("pdf") and not entry.fields.get("arxiv"):
        [search] = links
        assert search.startswith("https://scholar.google.com/scholar?q=")
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(search).query)["q"] == [f'"{plain(entry.fields["title"])}"']
