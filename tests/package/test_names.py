"""Every spelling of a member's name matches them, and no one else's does."""

import unicodedata

import pytest
from pybtex.database import Person

from groupsite.model.names import Name
from groupsite.model.site_index import Member, People

ECKER = Name.parse("Alexander Ecker")
VYSTRCILOVA = Name.parse("Michaela Vystrčilová")


@pytest.mark.parametrize(
    "spelling",
    [
        "A. S. Ecker",
        "A. Ecker",
        "Alexander Ecker",
        "Ecker, Alexander S.",
        "Ecker, A.",
        "ECKER, A",
        "Alexander S. Ecker",
    ],
)
def test_spellings_of_ecker_match(spelling):
    assert ECKER.matches(Name.parse(spelling))


@pytest.mark.parametrize(
    "spelling",
    [
        r"Vystr{\v{c}}ilov{\'a}, Michaela",
        r"M. Vystr\v{c}ilov\'{a}",
        "M. Vystrčilová",
        unicodedata.normalize("NFD", "Michaela Vystrčilová"),
        "Vystrcilova, M.",
    ],
)
def test_latex_accents_and_unicode_forms_match(spelling):
    assert VYSTRCILOVA.matches(Name.parse(spelling))


@pytest.mark.parametrize("spelling", ["B. Ecker", "Andreas Ecker", "A. Eckert", "Ecker-Smith, A.", "T. Lüddecke"])
def test_other_people_do_not_match(spelling):
    assert not ECKER.matches(Name.parse(spelling))


def test_particles_belong_to_the_family_name():
    van_delden = Name.parse("Jan van Delden")
    assert van_delden.matches(Name.parse("van Delden, J."))
    assert van_delden.matches(Name.parse("J. van Delden"))
    assert not van_delden.matches(Name.parse("J. Delden"))


def test_a_member_is_found_by_name_variants_and_never_when_ambiguous():
    members = [
        Member("lueddecke", "Timo Lüddecke", "", (Name.parse("Timo Lüddecke"), Name.parse("Lueddecke, Timo"))),
        Member("ecker", "Alexander Ecker", "Group leader", (ECKER,)),
    ]
    people = People(members)
    assert people.match(Person("Lueddecke, T.")).ident == "lueddecke"
    assert people.match(Person('T. L{\\"u}ddecke')).ident == "lueddecke"
    assert people.find("ecker").ident == "ecker"
    assert people.find("Ecker, A. S.").ident == "ecker"
    assert people.match(Person("F. Wörgötter")) is None
    twins = People([*members, Member("ecker2", "Anna Ecker", "", (Name.parse("Anna Ecker"),))])
    assert twins.match(Person("A. Ecker")) is None  # two members could be meant: link neither
    assert twins.match(Person("Anna Ecker")).ident == "ecker2"
