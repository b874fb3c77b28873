"""Mistakes contributors make fail the strict build with a message that names the file, line or key."""

import re

from conftest import ROOTS

ENTRY_2022 = """
@article{hopper2022compilers,
  author = {Hopper, Grace},
  title = {Compilers for the cortex},
  journal = {Journal of Tests},
  year = {2022},
}
"""


def bib_with(extra: str) -> str:
    return (ROOTS / "test-minimal" / "refs.bib").read_text(encoding="utf-8") + extra


# The line on which ENTRY_2022 starts once added to the minimal refs.bib.
HOPPER_LINE = bib_with(ENTRY_2022).splitlines().index("@article{hopper2022compilers,") + 1


def test_the_minimal_root_builds_cleanly(build_root):
    build = build_root("minimal")
    assert build.warnings == ""
    items = build.article("research").select("li.publication")
    assert [item["id"] for item in items] == ["pub-lovelace2024retina", "pub-turing2023cortex"]
    text = " ".join(items[0].find("p").get_text().split())
    assert text.startswith("A. Lovelace, et al. CNNs of the retina. bioRxiv, 2024.")
    assert "über" in items[0].select_one("details.publication-abstract").get_text()


def test_a_duplicate_key_fails_the_build_naming_the_key(build_root):
    duplicate = ENTRY_2022.replace("hopper2022compilers", "turing2023cortex")
    build = build_root("minimal", **{"refs.bib": bib_with(duplicate + ENTRY_2022)})
    assert "refs.bib" in build.warnings
    assert "turing2023cortex" in build.warnings


def test_an_entry_without_year_fails_naming_file_line_and_key(build_root):
    build = build_root("minimal", **{"refs.bib": bib_with(ENTRY_2022.replace("  year = {2022},\n", ""))})
    [warning] = build.warnings.strip().splitlines()
    assert re.search(rf"refs\.bib:{HOPPER_LINE}: WARNING: entry 'hopper2022compilers' has no year", warning)


def test_an_entry_without_venue_or_author_fails_naming_the_key(build_root):
    entry = ENTRY_2022.replace("  journal = {Journal of Tests},\n", "").replace("  author = {Hopper, Grace},\n", "")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert f"refs.bib:{HOPPER_LINE}: WARNING: entry 'hopper2022compilers' has no author" in build.warnings
    assert f"refs.bib:{HOPPER_LINE}: WARNING: entry 'hopper2022compilers' has no venue" in build.warnings


def test_an_offer_without_supervisor_fails_naming_the_file(build_root):
    offer = "---\ntitle: An offer\nsummary: Something to do.\n---\n"
    build = build_root("minimal", **{"theses/offers/unsupervised.md": offer})
    assert re.search(r"unsupervised\.md:1: WARNING: this thesis offer has no 'supervisor'", build.warnings)


def test_a_course_with_an_unreadable_term_fails_naming_the_file(build_root):
    course = "---\ntitle: A course\nterm: Spring 2024\nlecturers: [Ada Lovelace]\n---\n"
    build = build_root("minimal", **{"teaching/courses/spring.md": course})
    assert re.search(r"spring\.md:1: WARNING: this course has the term 'Spring 2024'", build.warnings)


def test_malformed_lists_in_front_matter_fail_naming_the_file(build_root):
    course = "---\ntitle: A course\nterm: Summer term 2024\nlecturers: {Ada: Lovelace}\n---\n"
    build = build_root("minimal", **{"teaching/courses/odd.md": course})
    assert re.search(r"odd\.md:1: WARNING: this course has a malformed 'lecturers'", build.warnings)


def test_a_related_paper_missing_from_refs_bib_fails(build_root):
    offer = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelace\nrelated: [nobody2020nothing]\n---\n"
    build = build_root("minimal", **{"theses/offers/missing.md": offer})
    assert re.search(r"missing\.md.*WARNING: could not find bibtex key \"nobody2020nothing\"", build.warnings)


def test_a_misspelled_supervisor_fails_naming_the_file(build_root):
    offer = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelase\n---\n"
    build = build_root("minimal", **{"theses/offers/typo.md": offer})
    assert re.search(r"typo\.md:1: WARNING: unknown person 'Ada Lovelase' as supervisor", build.warnings)


def test_a_misspelled_lecturer_fails_naming_the_file(build_root):
    course = "---\ntitle: A course\nterm: Summer term 2024\nlecturers: [Ada Lovelace, Alan Turring]\n---\n"
    build = build_root("minimal", **{"teaching/courses/typo.md": course})
    assert re.search(r"typo\.md:1: WARNING: unknown person 'Alan Turring' as lecturer", build.warnings)


def test_the_person_role_links_and_an_unknown_person_fails_naming_file_and_line(build_root):
    page = (
        "# Research\n\nAsk {person}`lovelace` or {person}`Turing, Alan`.\n\n"
        "Not {person}`babbage`.\n\n```{publication-list}\n```\n"
    )
    build = build_root("minimal", **{"research.md": page})
    assert re.search(r"research\.md:5: WARNING: unknown person 'babbage'", build.warnings)
    links = build.article("research").select("section > p a.person-link")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Ada Lovelace", "people/lovelace.html"),
        ("Alan Turing", "people/turing.html"),
    ]


def test_an_unknown_keyword_fails_naming_file_line_and_key(build_root):
    entry = ENTRY_2022.replace("  year = {2022},", "  keywords = {retina, cortex},\n  year = {2022},")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    [warning] = build.warnings.strip().splitlines()
    assert re.search(
        rf"refs\.bib:{HOPPER_LINE}: WARNING: entry 'hopper2022compilers' has the keyword 'cortex', "
        r"which is no topic of the site: use one of retina, or add a page topics/cortex\.md",
        warning,
    )


def test_an_unknown_topic_in_an_offer_fails_naming_the_file(build_root):
    offer = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelace\ntopics: [retina, cortex]\n---\n"
    build = build_root("minimal", **{"theses/offers/topical.md": offer})
    assert re.search(r"topical\.md:1: WARNING: unknown topic 'cortex'", build.warnings)


def test_name_variants_from_front_matter_link_authors(build_root):
    entry = ENTRY_2022.replace("Hopper, Grace", r"Lovelace, Augusta Ada and Lov{\'e}lace, A. and Lovelace, B.")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert build.warnings == ""
    authors = build.article("research").find(id="pub-hopper2022compilers").find("p")
    names = [a.get_text().replace("\xa0", " ") for a in authors.select("a.person-link")]
    assert names == ["A. A. Lovelace", "A. Lovélace"]
    page = build.article("people/lovelace")
    assert {a["href"] for a in page.select("a.paper-link")} == {
        "../research/papers/lovelace2024retina.html",
        "../research/papers/turing2023cortex.html",
        "../research/papers/hopper2022compilers.html",
    }
