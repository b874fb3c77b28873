"""The group's citation style: "A. Author, B. Author. Title. Venue, year.", whatever an entry lacks."""

import pytest
from pybtex.database import Entry, Person
from pybtex.plugin import find_plugin

from groupsite.rendering import group_style
from groupsite.rendering.formatted_entries import formatting_style

group_style.register()
STYLE = formatting_style("group")
PLAIN = find_plugin("pybtex.backends", "text")()
HTML = find_plugin("pybtex.backends", "html")()


def entry(fields: dict, authors=("Ecker, Alexander S.", "Doe, Jane")) -> Entry:
    return Entry("article", fields=fields, persons={"author": [Person(name) for name in authors]})


# Each entry, and how it reads: as plain.bst's sentences read, a missing field leaving no gap or stray comma.
ODD_ENTRIES = {
    "everything": (entry({"title": "A {CNN} title", "journal": "Nature", "year": "2024"}),
                   "A. S. Ecker, J. Doe. A CNN title. Nature, 2024."),
    "no title": (entry({"journal": "Nature", "year": "2024"}), "A. S. Ecker, J. Doe. Nature, 2024."),
    "empty title": (entry({"title": "", "journal": "Nature", "year": "2024"}), "A. S. Ecker, J. Doe. Nature, 2024."),
    "a title ending in a period": (entry({"title": "Done.", "journal": "Nature", "year": "2024"}),
                                   "A. S. Ecker, J. Doe. Done. Nature, 2024."),
    "no venue": (entry({"title": "T", "year": "2024"}), "A. S. Ecker, J. Doe. T. 2024."),
    "no year": (entry({"title": "T", "journal": "Nature"}), "A. S. Ecker, J. Doe. T. Nature."),
    "title only": (entry({"title": "T"}, authors=()), "T."),
    "nothing": (entry({}, authors=()), ""),
    "one author": (entry({"title": "T", "year": "2024"}, authors=("Ecker, Alexander S.",)), "A. S. Ecker. T. 2024."),
    "and others": (entry({"title": "T", "year": "2024"}, authors=("Ecker, Alexander S.", "others")),
                   "A. S. Ecker, et al. T. 2024."),
    "a booktitle": (Entry("inproceedings", fields={"title": "T", "booktitle": "NeurIPS", "year": "2021"}),
                    "T. NeurIPS, 2021."),
    "LaTeX everywhere": (entry({"title": r"V\"{o}gel \& {DNA}", "journal": r"J. \emph{Neuro}", "year": "2020"}),
                         "A. S. Ecker, J. Doe. Vögel & DNA. J. Neuro, 2020."),
    "a thesis": (Entry("phdthesis", fields={"title": "T", "school": "University of Tübingen", "year": "2019"},
                       persons={"author": [Person("Doe, Jane")]}),
                 "J. Doe. T. PhD thesis, University of Tübingen, 2019."),
    "editors only": (Entry("book", fields={"title": "T", "publisher": "P", "year": "2020"},
                           persons={"editor": [Person("Doe, Jane")]}),
                     "J. Doe (ed.). T. P, 2020."),
}  # fmt: skip


@pytest.mark.parametrize("name", ODD_ENTRIES)
def test_an_odd_entry_reads_as_the_style_says(name):
    bib_entry, expected = ODD_ENTRIES[name]
    assert STYLE.format_entry(name, bib_entry).text.render(PLAIN) == expected


def test_the_title_is_the_entry_s_one_strong_part():
    bib_entry, _ = ODD_ENTRIES["everything"]
    written = STYLE.format_entry("everything", bib_entry).text.render(HTML)
    assert (
        written.count("<strong>") == 1
        and '<strong>A <span class="bibtex-protected">CNN</span> title.</strong>' in written
    )
