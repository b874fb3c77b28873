"""The facts of the group's first site (tests/roots/test-seed) are still on the real site, unless removed on purpose.

Removing a paper, closing an offer or a course, or a person's page leaving, deletes its source: that is on
purpose, and the test says so as a skip. A fact whose source is still there must still be shown: a paper under
its year with its title (a typo may be fixed), an offer or course in its overview, a person on the People page.
"""

import difflib
from pathlib import Path

import pytest

from content import Content, fold_text, listed, plain, text_of
from groupsite.model.domain import entry_anchor

SEED = Content(Path(__file__).resolve().parent / "seed")


def alike(shown: str, seeded: str) -> bool:
    """The same text, but for a fixed typo or a changed spelling."""
    return difflib.SequenceMatcher(None, fold_text(shown), fold_text(seeded)).ratio() >= 0.8


@pytest.fixture(scope="module")
def shown(site):
    return listed(site)


@pytest.mark.parametrize("seeded", SEED.entries, ids=lambda entry: entry.key)
def test_each_seed_paper_is_listed_under_its_year_with_its_title(shown, content, seeded):
    if seeded.key not in content.bibliography.entries:
        pytest.skip(f"{seeded.key} was removed from refs.bib")
    item, year = shown[entry_anchor(seeded.key)]
    assert year == seeded.fields["year"]
    assert alike(text_of(item.find("p").find("strong")), plain(seeded.fields["title"]))


@pytest.mark.parametrize("stem", SEED.offers)
def test_each_seed_offer_is_a_card_in_the_overview(site, content, stem):
    if stem not in content.offers:
        pytest.skip(f"theses/offers/{stem}.md was removed (the offer is closed)")
    [card] = site.article("theses/index").select(f'div.sd-card:has(a.sd-stretched-link[href="offers/{stem}.html"])')
    assert alike(text_of(card.select_one(".sd-card-title")), SEED.offers[stem]["title"])


@pytest.mark.parametrize("stem", SEED.courses)
def test_each_seed_course_is_a_card_under_its_term(site, content, stem):
    if stem not in content.courses:
        pytest.skip(f"teaching/courses/{stem}.md was removed")
    [card] = site.article("teaching/index").select(f'div.sd-card:has(a.sd-stretched-link[href="courses/{stem}.html"])')
    term = text_of(card.find_parent("section").find("h2")).rstrip("¶ ")
    assert term == SEED.courses[stem]["term"]


@pytest.mark.parametrize("stem", SEED.people)
def test_each_seed_person_is_on_the_people_page(site, content, stem):
    if stem not in content.people:
        pytest.skip(f"people/{stem}.md was removed")
    [card] = site.article("people/index").select(f'div.sd-card:has(a.sd-stretched-link[href="{stem}.html"])')
    assert alike(text_of(card.select_one(".sd-card-title")), SEED.people[stem]["title"])
