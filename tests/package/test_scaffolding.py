"""`nox -s new` writes pages that build without warnings and show up in their overviews, or refuses, writing nothing."""

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builds import Build
from content import card_facts
from groupsite.cli.format_bib import format_bibliography
from groupsite.cli.new import TEMPLATES, slug
from groupsite.data.dates import clock
from package_roots import copy_root

OFFER = "Adaptive lenses: small telescopes in a windy night"
COURSE = "Machine Learning"
RELATED = "turing2023fog"


def new(site: Path, *args: str) -> subprocess.CompletedProcess:
    """Runs `groupsite new` in the copy, as `nox -s new -- ...` does."""
    return subprocess.run(
        [sys.executable, "-m", "groupsite", "new", *args], cwd=site, capture_output=True, text=True, timeout=60
    )


def text_of(element) -> str:
    return " ".join(element.get_text().split())


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory) -> Build:
    """A copy of the site with a new person, an offer they supervise, a course and the example publication."""
    site = copy_root("lab", tmp_path_factory.mktemp("scaffolded") / "src")
    for args in (
        ("person", "Rosalind Franklin", "--role", "Postdoc"),
        ("thesis", OFFER, "--supervisor", "Rosalind Franklin", "--topic", "imaging", "--related", RELATED),
        ("course", COURSE, "--term", "Summer term 2025", "--lecturer", "A. Lovelace", "--lecturer", "franklin"),
    ):  # fmt: skip
        result = new(site, *args)
        assert result.returncode == 0, result.stderr
    example = (TEMPLATES / "publication.bib").read_text(encoding="utf-8")
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n" + example)
    return Build(site)


def test_the_new_pages_build_without_warnings(scaffolded):
    assert scaffolded.warnings == ""


def test_files_are_named_in_ascii_after_title_term_and_family_name(scaffolded):
    assert (scaffolded.srcdir / "theses/offers/adaptive-lenses-small-telescopes-windy-night.md").is_file()
    assert (scaffolded.srcdir / "teaching/courses/machine-learning-summer-2025.md").is_file()
    assert (scaffolded.srcdir / "people/franklin.md").is_file()


def test_the_offer_is_a_card_in_the_overview_and_a_page(scaffolded):
    [link] = scaffolded.article("theses/index").select(
        'a.sd-stretched-link[href="offers/adaptive-lenses-small-telescopes-windy-night.html"]'
    )
    card = link.find_parent("div", class_="sd-card")
    assert text_of(card.select_one(".sd-card-title")) == OFFER
    assert card_facts(card) == "Supervisor: Rosalind Franklin"
    page = scaffolded.article("theses/offers/adaptive-lenses-small-telescopes-windy-night")
    assert text_of(page.find("h1")).rstrip("¶ ") == OFFER
    facts = {
        text_of(dt).rstrip(" :"): dd
        for dt, dd in zip(page.select("dl.page-facts dt"), page.select("dl.page-facts dd"), strict=True)
    }
    assert facts["Supervisor"].select_one("a")["href"] == "../../people/franklin.html"
    assert facts["Topics"].select_one("a")["href"] == "../../topics/imaging.html"
    # The paper's title, to its page, then its citation, to its entry in the list.
    title, citation = facts["Related papers"].select("a")[:2]
    assert title["href"] == "../../research/papers/turing2023fog.html"
    assert citation["href"].endswith("#pub-turing2023fog")


def test_the_templates_notes_are_not_shown(scaffolded):
    for page in ("theses/offers/adaptive-lenses-small-telescopes-windy-night", "people/franklin"):
        assert "In place of these notes" not in scaffolded.article(page).get_text()


def test_the_course_is_listed_under_its_term_with_its_lecturers_names_as_on_their_pages(scaffolded):
    [link] = scaffolded.article("teaching/index").select(
        'a.sd-stretched-link[href="courses/machine-learning-summer-2025.html"]'
    )
    card = link.find_parent("div", class_="sd-card")
    assert text_of(card.find_parent("section").find("h2")).rstrip("¶ ") == "Summer term 2025"
    assert card_facts(card) == "Lecturers: Ada Lovelace, Rosalind Franklin"


def test_the_person_is_a_card_and_their_page_lists_their_offer_and_course(scaffolded):
    [link] = scaffolded.article("people/index").select('a.sd-stretched-link[href="franklin.html"]')
    card = link.find_parent("div", class_="sd-card")
    assert text_of(card.select_one(".sd-card-title")) == "Rosalind Franklin"
    assert card_facts(card).startswith("Postdoc, 1 thesis offer, 1 course")
    listed = {a["href"] for a in scaffolded.article("people/franklin").select("section li a")}
    assert "../theses/offers/adaptive-lenses-small-telescopes-windy-night.html" in listed
    assert "../teaching/courses/machine-learning-summer-2025.html" in listed


def test_the_example_publication_is_listed_and_formatted(scaffolded):
    [item] = scaffolded.article("research/index").select("li.publication#pub-lovelace2024engines")
    assert "Analytical engines as models of the mind" in text_of(item)
    example = (TEMPLATES / "publication.bib").read_text(encoding="utf-8")
    assert format_bibliography(example) == example


# -- Refusals: a clear message, and nothing written -------------------------------


@pytest.fixture
def site(tmp_path) -> Path:
    return copy_root("lab", tmp_path / "src")


def files(site: Path) -> set[Path]:
    return {path for path in site.rglob("*.md")}


@pytest.mark.parametrize(
    "args, what",
    [
        (("thesis", "A thesis", "--supervisor", "Rachel Carson"), "supervisor"),
        (
            ("course", "A course", "--term", "Summer term 2025", "--lecturer", "Lovelace", "--lecturer", "Carson"),
            "lecturer",
        ),
    ],
)
def test_an_unknown_person_is_refused_naming_the_known_ones_and_how_to_add_one(site, args, what):
    before = files(site)
    result = new(site, *args)
    assert result.returncode == 1
    name = "Rachel Carson" if what == "supervisor" else "Carson"
    assert f"there is no person '{name}' to be the {what}" in result.stderr
    assert "Ada Lovelace, Alan Turing, Charles Babbage, Emmy Noether, Grace Hopper, Marie Curie" in result.stderr
    assert f'nox -s new -- person "{name}"' in result.stderr
    assert files(site) == before


def test_an_existing_page_is_never_overwritten(site):
    page = site / "theses/offers/imaging-fog.md"
    text = page.read_text(encoding="utf-8")
    result = new(site, "thesis", "Fog", "--supervisor", "Lovelace", "--file", "imaging-fog")
    assert result.returncode == 1
    assert "theses/offers/imaging-fog.md exists already" in result.stderr
    assert page.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    "args, message",
    [
        (("course", "A course", "--term", "Sometime in 2025", "--lecturer", "Lovelace"), "write 'Summer term 2025', "),
        (("thesis", "A thesis", "--supervisor", "Lovelace", "--topic", "astrology"), "there is no topic 'astrology'"),
        (
            ("thesis", "A thesis", "--supervisor", "Lovelace", "--related", "nobody2099"),
            "refs.bib has no entry 'nobody2099'",
        ),
        (("person", "Ada Lovelace"), "Ada Lovelace has a page already: people/lovelace.md"),
        (("news", "News", "--date", "15.01.2027"), "the date '15.01.2027' is not a date: write it as 2027-01-15"),
        (("news", "News", "--person", "Nobody Here"), "there is no person 'Nobody Here' to be the person of the news"),
        (("event", "Talk", "--date", "2027-01-15", "--time", "2pm"), "the start time '2pm' is not a time of day"),
        (("event", "Talk", "--date", "2027-01-15", "--end", "15:00"), "an event with an --end needs its start too"),
        (("event", "Talk", "--date", "2027-01-15", "--timezone", "Berlin"), "the time zone 'Berlin' is not in the"),
    ],
)
def test_other_mistakes_are_refused_with_what_to_do(site, args, message):
    before = files(site)
    result = new(site, *args)
    assert result.returncode == 1
    assert result.stderr.startswith("Nothing was written: ")
    assert message in result.stderr
    assert files(site) == before


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Lenses as predictive models of the sky", "lenses-predictive-models-sky"),
        ("Straße über Łódź: Ærø's fjord", "strasse-uber-lodz-aeros-fjord"),
        ("Dvořák", "dvorak"),
        ("One two three four five six seven eight", "one-two-three-four-five-six"),
    ],
)
def test_file_names_are_ascii_words(text, expected):
    assert slug(text) == expected


def test_a_page_goes_into_a_folder_the_site_does_not_have_yet(tmp_path):
    site = copy_root("minimal", tmp_path / "src")
    shutil.rmtree(site / "teaching" / "courses")
    result = new(site, "course", "Optics", "--term", "WS 2025/26", "--lecturer", "Ada Lovelace")
    assert result.returncode == 0, result.stderr
    assert (site / "teaching" / "courses" / "optics-winter-2025.md").is_file()


def test_a_refs_bib_that_cannot_be_read_is_reported_as_the_build_reports_it(tmp_path):
    site = copy_root("minimal", tmp_path / "src")
    with (site / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{turing2023cortex,\n  title = {The same key again},\n  year = {2025},\n}\n")
    before = files(site)
    result = new(site, "thesis", "Retinal codes", "--supervisor", "Ada Lovelace", "--related", "lovelace2024retina")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Nothing was written: refs.bib cannot be read as it is (")
    assert "turing2023cortex" in result.stderr and "`nox -s docs` names each problem with its line" in result.stderr
    assert files(site) == before


def test_news_is_dated_today_and_an_event_keeps_its_times_as_written(site):
    assert new(site, "news", "A new lens", "--person", "Ada Lovelace").returncode == 0
    today = dt.date.today().isoformat()
    news = (site / f"news/{today}-new-lens.md").read_text(encoding="utf-8")
    assert f"\ndate: {today}\n" in news and "\npeople: [Ada Lovelace]" in news
    result = new(
        site, "event", "Lenses", "--date", "2027-01-15", "--time", "9:05", "--end", "10:00", "--speaker", "A Guest"
    )
    assert result.returncode == 0, result.stderr
    event = yaml.safe_load((site / "events/2027-01-15-lenses.md").read_text(encoding="utf-8").split("---\n")[1])
    assert (clock(event["start"]), clock(event["end"])) == (dt.time(9, 5), dt.time(10, 0))  # as YAML reads them
    assert event["speakers"] == ["A Guest"] and event["date"] == dt.date(2027, 1, 15)
