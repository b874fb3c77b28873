"""latex.rich() reads every value exactly as pybtex's Text.from_latex does, only faster."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_file
from pybtex.richtext import Text
from pybtex.scanner import PybtexSyntaxError

from conftest import REPO
from content import PLAIN_TEXT
from groupsite.data.latex import rich

# Letters with and without accents, digits, LaTeX's special characters and all kinds of space.
ALPHABET = st.sampled_from(list("aZé ß-–'\"`,.!?<>{}\\$~%&#^_\t\n0") + ["--", "''", ",,", "  "])


def same_as_pybtex(latex: str) -> None:
    try:
        expected = Text.from_latex(latex)
    except (PybtexSyntaxError, UnicodeDecodeError) as error:  # unbalanced braces, a lone backslash
        with pytest.raises(type(error)):
            rich(latex)
        return
    assert rich(latex) == expected
    assert rich(latex).render(PLAIN_TEXT) == expected.render(PLAIN_TEXT)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=12).map("".join))
@example("O'Connor")
@example(" leading space")
@example("two  spaces")
@example("Hubel -- Wiesel")
def test_any_text_reads_as_pybtex_reads_it(latex):
    same_as_pybtex(latex)


def test_every_value_of_refs_bib_reads_as_pybtex_reads_it():
    bibliography = parse_file(REPO / "refs.bib")
    values = [value for entry in bibliography.entries.values() for value in entry.fields.values()]
    names = [
        name
        for entry in bibliography.entries.values()
        for person in entry.persons.get("author", [])
        for name in person.first_names + person.middle_names + person.prelast_names + person.last_names
    ]
    assert len(values) > 150 and len(names) > 150
    for value in values + names:
        same_as_pybtex(value)
