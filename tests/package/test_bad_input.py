"""Mistakes contributors make: what the site cannot show fails the strict build, naming the file, line or key;
what BibTeX itself accepts builds, and `nox -s report` lists what it likely lacks."""

import json
import re

import pytest

from groupsite.cli.report import report
from package_roots import ROOTS

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
    items = build.article("research/index").select("li.publication")
    assert [item["id"] for item in items] == ["pub-lovelace2024retina", "pub-turing2023cortex"]
    text = " ".join(items[0].find("p").get_text().split())
    assert text.startswith("A. Lovelace, et al. CNNs of the retina. bioRxiv, 2024.")
    assert "über" in items[0].select_one(".publication-abstract-text").get_text()


def test_a_duplicate_key_fails_naming_both_lines_and_keeps_every_other_entry(build_root):
    duplicate = ENTRY_2022.replace("hopper2022compilers", "Turing2023cortex")
    bib = bib_with(duplicate + ENTRY_2022)
    build = build_root("minimal", **{"refs.bib": bib})
    [warning] = build.warnings.strip().splitlines()
    line = bib.splitlines().index("@article{Turing2023cortex,") + 1
    first = bib.splitlines().index("@article{turing2023cortex,") + 1
    assert f"refs.bib:{line}: WARNING: the key 'Turing2023cortex' is used again (first at line {first})" in warning
    # The entry after the repeated one is not dropped, as pybtex alone would drop it.
    assert build.article("research/index").select_one("li#pub-hopper2022compilers")


def test_a_syntax_error_fails_naming_the_line_and_the_entries_around_it(build_root):
    broken = ENTRY_2022.replace("title = {Compilers for the cortex},", "title = {Compilers for the cortex,")
    build = build_root("minimal", **{"refs.bib": bib_with(broken + ENTRY_2022.replace("hopper2022", "hopper2021"))})
    assert "WARNING: syntax error in line" in build.warnings
    assert "Check the entries" in build.warnings and "'hopper2022compilers'" in build.warnings
    assert "Traceback" not in build.warnings


@pytest.mark.parametrize("month", ["apr", "{11}", "{Spring}", "{DEC 16}", "{Jan-Mar}", "{17--23 Jul}"])
def test_a_month_in_any_form_builds_as_bibtex_takes_it(build_root, month):
    build = build_root("minimal", **{"refs.bib": bib_with(ENTRY_2022.replace("  year", f"  month = {month},\n  year"))})
    assert build.warnings == ""


@pytest.mark.parametrize("field", ["url", "pdf", "code"])
@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.org/a.pdf"]
)
def test_link_fields_other_than_http_are_never_links_and_are_reported(build_root, field, value):
    build = build_root(
        "minimal", **{"refs.bib": bib_with(ENTRY_2022.replace("  year", f"  {field} = {{{value}}},\n  year"))}
    )
    assert build.warnings == ""
    assert f"refs.bib:{HOPPER_LINE}: entry 'hopper2022compilers' has a {field} that is not a web address" in "\n".join(
        report(build.srcdir, ["refs.bib"])
    )
    for page in ("research/index", "research/papers/hopper2022compilers"):
        hrefs = [a["href"] for a in build.soup(page).select("a[href]")]
        assert not [href for href in hrefs if href.startswith(("javascript:", "data:", "ftp:"))], page


def test_a_doi_that_is_not_one_is_no_link_and_is_reported(build_root):
    bib = bib_with(ENTRY_2022.replace("  year", "  doi = {javascript:alert(1)},\n  year"))
    build = build_root("minimal", **{"refs.bib": bib})
    assert build.warnings == ""
    assert not build.soup("research/papers/hopper2022compilers").select("a[href^='javascript:'], a[href*='alert']")
    assert "has a doi that is not a DOI" in "\n".join(report(build.srcdir, ["refs.bib"]))


def test_markup_in_bibtex_fields_is_shown_as_text_never_run(build_root):
    evil = ENTRY_2022.replace("Compilers for the cortex", "<script>alert(1)</script> & <b>bold</b>")
    build = build_root("minimal", **{"refs.bib": bib_with(evil)})
    assert build.warnings == ""
    for page in ("research/index", "research/papers/hopper2022compilers", "people/lovelace"):
        soup = build.soup(page)
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert not [s for s in scripts if "alert" in (s.string or "")], page
        assert not soup.select("article b"), page
    title = build.article("research/index").select_one("#pub-hopper2022compilers strong").get_text()
    assert title.startswith("<script>alert(1)</script> & <b>bold</b>")
    # In the paper's JSON-LD the title is data, and "</" cannot close the script element early.
    [json_ld] = build.soup("research/papers/hopper2022compilers").select('script[type="application/ld+json"]')
    assert json.loads(json_ld.string)["headline"].startswith("<script>alert(1)</script>")
    assert "</script>" not in json_ld.string


def test_an_entry_without_year_is_listed_as_undated_and_reported(build_root):
    build = build_root("minimal", **{"refs.bib": bib_with(ENTRY_2022.replace("  year = {2022},\n", ""))})
    assert build.warnings == ""
    assert build.article("research/index").select_one("#year-undated li#pub-hopper2022compilers")
    assert report(build.srcdir, ["refs.bib"]) == [f"refs.bib:{HOPPER_LINE}: entry 'hopper2022compilers' has no year"]


def test_an_entry_without_venue_or_author_builds_as_bibtex_shows_it_and_is_reported(build_root):
    entry = ENTRY_2022.replace("  journal = {Journal of Tests},\n", "").replace("  author = {Hopper, Grace},\n", "")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert build.warnings == ""
    shown = build.article("research/index").select_one("li#pub-hopper2022compilers p").get_text()
    assert " ".join(shown.split()) == "Compilers for the cortex. 2022."
    remarks = "\n".join(report(build.srcdir, ["refs.bib"]))
    assert f"refs.bib:{HOPPER_LINE}: entry 'hopper2022compilers' has no author" in remarks
    assert f"refs.bib:{HOPPER_LINE}: entry 'hopper2022compilers' has no venue" in remarks


@pytest.mark.parametrize("title", ["{}", "{{}}", "{ }"])
def test_an_empty_title_fails_naming_the_key(build_root, title):
    entry = re.sub(r"title = \{.*\},", f"title = {title},", ENTRY_2022, count=1)
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert f"refs.bib:{HOPPER_LINE}: WARNING: entry 'hopper2022compilers' has no title" in build.warnings


def test_an_offer_without_supervisor_fails_naming_the_file(build_root):
    offer = "---\ntitle: An offer\nsummary: Something to do.\n---\n"
    build = build_root("minimal", **{"theses/offers/unsupervised.md": offer})
    assert re.search(r"unsupervised\.md:1: WARNING: this thesis offer has no 'supervisor'", build.warnings)


def test_a_course_with_an_unreadable_term_fails_naming_the_file(build_root):
    course = "---\ntitle: A course\nterm: Sometime in 2024\nlecturers: [Ada Lovelace]\n---\n"
    build = build_root("minimal", **{"teaching/courses/spring.md": course})
    assert re.search(r"spring\.md:1: WARNING: this course has the term 'Sometime in 2024'", build.warnings)


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
    build = build_root("minimal", **{"research__index.md": page})
    assert re.search(r"research/index\.md:5: WARNING: unknown person 'babbage'", build.warnings)
    links = build.article("research/index").select("section > p a.person-link")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Ada Lovelace", "../people/lovelace.html"),
        ("Alan Turing", "../people/turing.html"),
    ]


def test_a_keyword_that_names_no_topic_is_a_tag_and_a_near_miss_is_reported(build_root):
    entry = ENTRY_2022.replace(
        "  year = {2022},", "  keywords = {retina, cortex; retnia, {Neurons, cortical}},\n  year = {2022},"
    )
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert build.warnings == ""
    item = build.article("research/index").select_one("li#pub-hopper2022compilers")
    assert [a.get_text() for a in item.select(".publication-topics a.topic-link")] == ["Retina"]
    assert [tag.get_text() for tag in item.select(".publication-topics .publication-tag")] == [
        "cortex",
        "retnia",
        "Neurons, cortical",
    ]
    remark = "has the keyword 'retnia': did you mean the topic 'Retina'?"
    assert report(build.srcdir, ["refs.bib"]) == [f"refs.bib:{HOPPER_LINE}: entry 'hopper2022compilers' {remark}"]


def test_a_topic_page_may_name_the_keywords_that_mean_it(build_root):
    entry = ENTRY_2022.replace("  year = {2022},", "  keywords = {Photoreceptors},\n  year = {2022},")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    build.edit("topics/retina.md", "title: Retina", "title: Retina\nkeywords: [photoreceptors]")
    build.rebuild()
    assert build.warnings == ""
    item = build.article("research/index").select_one("li#pub-hopper2022compilers")
    assert [a["href"] for a in item.select(".publication-topics a.topic-link")] == ["../topics/retina.html"]


def test_an_unknown_topic_in_an_offer_fails_naming_the_file(build_root):
    offer = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelace\ntopics: [retina, cortex]\n---\n"
    build = build_root("minimal", **{"theses/offers/topical.md": offer})
    assert re.search(r"topical\.md:1: WARNING: unknown topic 'cortex'", build.warnings)


def test_name_variants_from_front_matter_link_authors(build_root):
    entry = ENTRY_2022.replace("Hopper, Grace", r"Lovelace, Augusta Ada and Lov{\'e}lace, A. and Lovelace, B.")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert build.warnings == ""
    authors = build.article("research/index").find(id="pub-hopper2022compilers").find("p")
    names = [a.get_text().replace("\xa0", " ") for a in authors.select("a.person-link")]
    assert names == ["A. A. Lovelace", "A. Lovélace"]
    page = build.article("people/lovelace")
    assert {a["href"] for a in page.select("a.paper-link")} == {
        "../research/papers/lovelace2024retina.html",
        "../research/papers/turing2023cortex.html",
        "../research/papers/hopper2022compilers.html",
    }


def test_a_problem_in_refs_bib_fails_every_build_until_it_is_fixed(build_root):
    duplicate = ENTRY_2022.replace("hopper2022compilers", "Turing2023cortex")
    bib = bib_with(duplicate + ENTRY_2022.replace("Compilers for the cortex", "{}"))
    build = build_root("minimal", **{"refs.bib": bib})
    first = build.warnings
    assert "is used again" in first and "has no title" in first
    # A second build reads nothing again, but reports the same problems: it must fail as well.
    assert build.rebuild().warnings == first
    build.edit("refs.bib", "title = {{}}", "title = {Compilers}")
    assert "is used again" in build.rebuild().warnings
    assert "has no title" not in build.warnings


def test_keys_outside_ascii_each_keep_their_entry_page_and_download(build_root):
    keys = ["최2014", "김2014", "Müller2020", "Muller2020"]
    bib = bib_with("".join(ENTRY_2022.replace("hopper2022compilers", key) for key in keys))
    build = build_root("minimal", **{"refs.bib": bib})
    assert build.warnings == ""
    items = build.article("research/index").select("li.publication")
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == len(keys) + 2
    papers = [a["href"] for item in items for a in item.select("a.paper-link")]
    downloads = [a["href"] for item in items for a in item.select("a.publication-download")]
    assert len(set(papers)) == len(set(downloads)) == len(keys) + 2
    for paper, download in zip(papers, downloads, strict=True):
        assert (build.outdir / "research" / paper).is_file() and (build.outdir / "research" / download).is_file()
    bibtex = {
        (build.outdir / "research" / download).read_text(encoding="utf-8").split(",")[0] for download in downloads
    }
    assert {f"@article{{{key}" for key in keys} <= bibtex


def test_names_bibtex_cannot_read_fail_naming_the_entry(build_root):
    entry = ENTRY_2022.replace("Hopper, Grace", "Hopper, G.; Lovelace, A.; Turing, A.")
    build = build_root("minimal", **{"refs.bib": bib_with(entry)})
    assert (
        f"refs.bib:{HOPPER_LINE + 1}: WARNING: the entry 'hopper2022compilers' has a list of names that BibTeX "
        "cannot read, 'Hopper, G.; Lovelace, A.; Turing, A.': write it as 'Last, First and Last, First'"
    ) in build.warnings
