"""The group's style formats each entry exactly as its pybtex template says, only faster."""

import pytest
from pybtex.database import Entry, Person, parse_file, parse_string

from conftest import REPO
from generate_entries import entries
from groupsite.rendering import group_style
from groupsite.rendering.formatted_entries import formatting_style

group_style.register()
STYLE = formatting_style("group")


def by_template(entry):
    return STYLE.template.format_data({"entry": entry, "style": STYLE, "bib_data": None})


def entry(fields: dict, authors=("Ecker, Alexander S.", "Doe, Jane")) -> Entry:
    return Entry("article", fields=fields, persons={"author": [Person(name) for name in authors]})


ODD_ENTRIES = {
    "everything": entry({"title": "A {CNN} title", "journal": "Nature", "year": "2024"}),
    "no title": entry({"journal": "Nature", "year": "2024"}),
    "empty title": entry({"title": "", "journal": "Nature", "year": "2024"}),
    "a title ending in a period": entry({"title": "Done.", "journal": "Nature", "year": "2024"}),
    "no venue": entry({"title": "T", "year": "2024"}),
    "no year": entry({"title": "T", "journal": "Nature"}),
    "title only": entry({"title": "T"}, authors=()),
    "nothing": entry({}, authors=()),
    "one author": entry({"title": "T", "year": "2024"}, authors=("Ecker, Alexander S.",)),
    "and others": entry({"title": "T", "year": "2024"}, authors=("Ecker, Alexander S.", "others")),
    "a booktitle": Entry("inproceedings", fields={"title": "T", "booktitle": "NeurIPS", "year": "2021"}),
    "LaTeX everywhere": entry({"title": r"V\"{o}gel \& {DNA}", "journal": r"J. \emph{Neuro}", "year": "2020"}),
}


@pytest.mark.parametrize("name", ODD_ENTRIES)
def test_an_odd_entry_is_formatted_as_the_template_says(name):
    assert STYLE.format_entry(name, ODD_ENTRIES[name]).text == by_template(ODD_ENTRIES[name])


def test_every_entry_of_the_site_and_of_the_benchmark_is_formatted_as_the_template_says():
    site = parse_file(REPO / "refs.bib").entries
    generated = parse_string(entries(300), "bibtex").entries
    compared = 0
    for bib_entry in [*site.values(), *generated.values()]:
        assert STYLE.format_entry(bib_entry.key, bib_entry).text == by_template(bib_entry), bib_entry.key
        compared += 1
    assert compared == len(site) + 300
