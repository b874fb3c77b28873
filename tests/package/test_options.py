"""Every groupsite_* option: documented with its default in the package's README, and obeyed by a build that sets it."""

import json
import re

import pytest

from builds import REPO, Build
from groupsite.options import OPTIONS
from package_roots import copy_root

README = REPO / "src" / "groupsite" / "README.md"


def readme_rows() -> dict[str, list[str]]:
    """The options table of the package's README: option -> its cells."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        if line.startswith("| `groupsite_") and len(cells) == 4:
            rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_readme_lists_every_option_once_with_its_default():
    rows = readme_rows()
    assert sorted(rows) == sorted(option.name for option in OPTIONS)
    for option in OPTIONS:
        default, description, example = rows[option.name]
        assert description == option.description and example == f"`{option.example}`", option.name
        if option.name == "groupsite_processes":  # the machine's: 2, or 1 on one core
            assert default.startswith("`2`"), option.name
        elif isinstance(option.default, (str, int, dict)):  # lists are said in words
            assert default == f"`{json.dumps(option.default)}`", option.name


def test_every_option_a_build_registers_is_in_the_readme(options_site):
    registered = {value.name for value in options_site.env.config if value.name.startswith("groupsite_")}
    assert registered == set(readme_rows())


@pytest.fixture(scope="module")
def options_site(tmp_path_factory) -> Build:
    """A site that sets every option to something other than its default."""
    return Build(copy_root("options", tmp_path_factory.mktemp("options") / "src"))


def test_the_site_of_other_folders_builds_strictly(options_site):
    assert options_site.warnings == ""


def test_pages_are_where_the_options_put_them(options_site):
    outdir = options_site.outdir
    for page in ("members/rossi", "areas/lenses", "jobs/offers/adaptive-lenses", "lehre/optik", "publications",
                 "papers/rossi2021lenses", "2019"):  # fmt: skip
        assert (outdir / f"{page}.html").is_file(), page
    # One entry on the list's own page (groupsite_list_entries = 1); 2019 on a page of its own, beside it.
    assert [li["id"] for li in options_site.article("publications").select("li.publication")] == ["pub-rossi2021lenses"]
    assert options_site.article("2019").select_one("li.publication#pub-okafor2019light")
    assert (outdir / "bibtex" / "rossi2021lenses.bib").is_file()


def test_links_go_where_the_options_put_the_pages(options_site):
    home = options_site.article("index")
    assert home.select_one("a.person-link")["href"] == "members/rossi.html"
    entry = options_site.article("publications").select_one("li.publication")
    assert entry.select_one("a.paper-link")["href"] == "papers/rossi2021lenses.html"
    assert [a["href"] for a in entry.select("a.person-link")] == ["members/rossi.html", "members/okafor.html"]
    assert entry.select_one("a.topic-link")["href"] == "areas/lenses.html"


def test_a_private_field_of_the_site_s_own_is_in_no_download(options_site):
    bib = (options_site.outdir / "bibtex" / "rossi2021lenses.bib").read_text(encoding="utf-8")
    assert "Lenses that adapt" in bib and "note" not in bib


def test_the_people_page_has_the_site_s_own_sections(options_site):
    sections = options_site.article("members/index").select("section > section > h2")
    assert [re.sub(r"¶$", "", h2.get_text()).strip() for h2 in sections] == ["Principal investigators", "Researchers"]


def test_an_offer_takes_the_site_s_own_levels_and_their_subjects(options_site):
    offer = options_site.article("jobs/offers/adaptive-lenses")
    facts = {
        dt.get_text().rstrip(":"): dd.get_text(" ", strip=True) for dt, dd in zip(offer("dt"), offer("dd"), strict=True)
    }
    assert facts["Level"] == "PhD"
    [button] = offer.select("a.offer-email")
    assert button["href"] == "mailto:rossi@optics.example.org?subject=PhD%20position"


def test_a_term_as_written_in_german_reads_as_the_site_names_terms(options_site):
    term = options_site.article("lehre/index").select_one("section > section > h2")
    assert term.get_text().rstrip("¶") == "Winter term 2024/2025"


def test_the_group_file_fills_the_footer_and_the_favicon_draws_the_short_name_in_the_colour(options_site):
    footer = options_site.soup("index").select_one(".group-footer address")
    assert footer.get_text(" ", strip=True) == "Optics Lab University of Examples"
    favicon = (options_site.outdir / "_static" / "favicon.svg").read_text(encoding="utf-8")
    assert ">OL</text>" in favicon and 'fill="#336699"' in favicon
    assert options_site.soup("index").select_one('link[rel~="icon"]')["href"] == "_static/favicon.svg"


def test_news_and_events_are_in_their_folders_the_home_page_shows_one_item_and_times_are_the_site_s_zone(
    options_site,
):
    home = options_site.article("index")
    assert [a["href"] for a in home.select("section#news a.news-link")] == ["aktuelles/2025-01-10-lenses.html"]
    assert [a["href"] for a in home.select("section#upcoming-events a.event-link")] == ["talks/2099-02-01-lenses.html"]
    calendar = (options_site.outdir / "talks" / "2099-02-01-lenses.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Europe/Berlin:20990201T170000" in calendar
