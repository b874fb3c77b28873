"""People's and topics' pages: profiles, plain-text builds, and what a bad profile gets (on test roots)."""

import re
from urllib.parse import unquote

import pytest

from builds import Build
from content import Content, plain
from groupsite.data.front_matter import profile_link
from package_roots import ROOTS, copy_root

LAB = Content(ROOTS / "test-lab")


def test_a_full_profile_shows_photo_and_links_and_refuses_other_schemes(build_root):
    photo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>\n'
    profile = (
        "---\ntitle: Alan Turing\nrole: Postdoc\nemail: alan@example.org\norcid: 0000-0002-1825-0097\n"
        "homepage: https://example.org/turing\ngithub: aturing\nscholar: javascript:alert(1)\nphoto: turing.svg\n---\n"
    )
    build = build_root("minimal", **{"people/turing.md": profile, "people/turing.svg": photo})
    assert "turing.md:1: WARNING: this person has a scholar that is not a web address: 'javascript:alert(1)'" in (
        build.warnings
    )
    article = build.article("people/turing")
    links = {
        dt.get_text().rstrip(":"): unquote(dd.a["href"])
        for dt, dd in zip(article.select("dt"), article.select("dd"), strict=True)
        if dd.a
    }
    assert links == {
        "Email": "mailto:alan@example.org",
        "Homepage": "https://example.org/turing",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
        "GitHub": "https://github.com/aturing",
    }
    assert article.select_one("img.person-photo")["alt"] == "Alan Turing"
    assert (build.outdir / article.select_one("img.person-photo")["src"].replace("../", "")).exists()


def test_a_plain_text_build_lists_a_persons_publications_too(tmp_path):
    """Builders that do not write HTML get the entries of people's pages as plain text."""
    build = Build(copy_root("lab", tmp_path / "src"), "text")
    assert build.warnings == ""
    # Compared without spaces: the text builder wraps lines, after hyphens too.
    text = "".join((build.outdir / "people/lovelace.txt").read_text(encoding="utf-8").split())
    titles = ["".join(plain(entry.fields["title"]).split()) for entry in LAB.authored_by("lovelace")]
    assert len(titles) > 5
    assert all(title in text for title in titles)


# The fields that change what a page says of a person, each once given and once not.
OPTIONAL = {
    "role": "Postdoc",
    "office": "Room 2.104",
    "bio": "Studies how cortex computes.",
    "email": "grace@example.org",
    "alumni": "true",
    "now": "Lecturer elsewhere",
}


def combinations() -> list[dict[str, str]]:
    fields = list(OPTIONAL)
    return [{field: OPTIONAL[field] for i, field in enumerate(fields) if mask >> i & 1} for mask in range(2**6)]


@pytest.fixture(scope="module")
def everyone(tmp_path_factory):
    """A site with a person for every combination of the optional fields: Grace Hopper0 ... Grace Hopper63."""
    pages = {}
    for number, fields in enumerate(combinations()):
        lines = [f"title: Grace Hopper{number}", *(f"{field}: {value}" for field, value in fields.items())]
        pages[f"people/hopper{number}.md"] = "---\n" + "\n".join(lines) + "\n---\n"
    return Build(copy_root("minimal", tmp_path_factory.mktemp("everyone") / "src", **pages))


def test_every_combination_of_a_person_s_fields_builds(everyone):
    assert everyone.warnings == ""


@pytest.mark.parametrize("number", range(2**6))
def test_a_person_s_page_shows_exactly_the_fields_given_and_a_description_that_reads(everyone, number):
    fields = combinations()[number]
    article = everyone.article(f"people/hopper{number}")
    facts = {
        dt.get_text().rstrip(":"): dd.get_text().strip() for dt, dd in zip(article("dt"), article("dd"), strict=True)
    }
    expected = {"Role": fields.get("role"), "Office": fields.get("office"), "Email": fields.get("email")}
    if fields.get("alumni"):
        expected["Now"] = fields.get("now")
    assert facts == {label: value for label, value in expected.items() if value}
    lead = article.select_one("p.lead")
    assert (lead.get_text() if lead else None) == fields.get("bio")
    description = everyone.soup(f"people/hopper{number}").select_one('meta[name="description"]')["content"]
    assert (
        description == fields.get("bio")
        or description == ", ".join(value for value in (f"Grace Hopper{number}", fields.get("role")) if value) + "."
    )
    assert not re.search(r",\s*,|,\s*\.|:\s*\.|None|^\W", description)


def test_the_people_page_sections_and_card_footers_read_for_every_combination(everyone):
    people = everyone.article("people/index")
    for number, fields in enumerate(combinations()):
        card = people.select_one(f'div.sd-card:has(a.sd-stretched-link[href="hopper{number}.html"])')
        section = card.find_parent("section").find("h2").get_text().rstrip("¶")
        assert section == ("Alumni" if fields.get("alumni") else "Postdocs" if fields.get("role") else "Members")
        footer = card.select_one(".sd-card-footer, .sd-card-text")  # none for a person without role or papers
        footer = footer.get_text(" ", strip=True) if footer else ""
        assert not re.search(r"^,|,\s*,|,$", footer), footer


@pytest.mark.parametrize(
    "field, written, address, shown",
    [
        ("email", "ada@example.org", "mailto:ada@example.org", "ada@example.org"),
        ("email", "mailto:ada@example.org", "mailto:ada@example.org", "ada@example.org"),
        ("phone", "+49 551 39-12345", "tel:+495513912345", "+49 551 39-12345"),
        ("phone", "tel:+49 (551) 39 12345", "tel:+495513912345", "+49 (551) 39 12345"),
        ("homepage", "https://example.org/~ada", "https://example.org/~ada", "https://example.org/~ada"),
        ("homepage", "example.org/~ada", "https://example.org/~ada", "example.org/~ada"),
        ("homepage", "www.example.org", "https://www.example.org", "www.example.org"),
        ("orcid", "0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0097"),
        ("orcid", "https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097",
         "https://orcid.org/0000-0002-1825-0097"),
        ("github", "@ada", "https://github.com/ada", "@ada"),
        ("github", "https://github.com/ada", "https://github.com/ada", "https://github.com/ada"),
        ("scholar", "scholar.google.com/citations?user=x", "https://scholar.google.com/citations?user=x",
         "scholar.google.com/citations?user=x"),
    ],
)  # fmt: skip
def test_every_form_people_write_a_link_in_becomes_the_link(field, written, address, shown):
    assert profile_link(field, written) == (address, shown)


@pytest.mark.parametrize(
    "field, written",
    [
        ("email", "ada at example.org"),
        ("phone", "call me"),
        ("homepage", "javascript:alert(1)"),
        ("homepage", "my page"),
    ],
)
def test_what_is_no_link_is_refused(field, written):
    assert profile_link(field, written) is None
