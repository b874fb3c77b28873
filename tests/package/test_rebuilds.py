"""Incremental rebuilds, as in a live preview, never show stale content."""

import json
import re
import subprocess
import sys

import pytest

from builds import Build
from package_roots import copy_root


def test_a_citation_follows_an_edit_of_refs_bib(build_root):
    build = build_root("minimal")
    offer = "theses/offers/retina"
    assert "2024" in build.article(offer).select_one("span.bibtex-citation").get_text()
    build.edit("refs.bib", "year = {2024}", "year = {2021}")
    build.rebuild()
    assert build.warnings == ""
    assert "2021" in build.article(offer).select_one("span.bibtex-citation").get_text()
    assert build.article("research/index").find(id="year-2021").select_one("li#pub-lovelace2024retina")


def test_the_overview_follows_an_edited_added_and_removed_offer(build_root):
    build = build_root("minimal")
    build.edit("theses/offers/retina.md", "supervisor: Ada Lovelace", "supervisor: Alan Turing")
    build.rebuild()
    footers = [card.get_text(" ", strip=True) for card in build.article("theses/index").select(".sd-card-footer")]
    assert footers == ["Supervisor: Alan Turing"]

    (build.srcdir / "theses/offers/cortex.md").write_text(
        "---\ntitle: B cortex offer\nsummary: S.\nsupervisor: Ada Lovelace\n---\n", encoding="utf-8"
    )
    build.rebuild()
    titles = [card.get_text(" ", strip=True) for card in build.article("theses/index").select(".sd-card-title")]
    assert titles == ["A retina offer", "B cortex offer"]

    (build.srcdir / "theses/offers/retina.md").unlink()
    build.rebuild()
    titles = [card.get_text(" ", strip=True) for card in build.article("theses/index").select(".sd-card-title")]
    assert titles == ["B cortex offer"]


def test_an_unrelated_edit_rewrites_only_that_page(build_root):
    build = build_root("minimal")
    build.edit("teaching/courses/seminar.md", "Papers, presented", "Papers, read, presented")
    build.rebuild()
    assert build.warnings == ""
    assert "research/index" not in build.written
    assert "teaching/courses/seminar" in build.written


def test_a_new_person_page_is_linked_from_the_list_at_once(build_root):
    build = build_root("minimal")
    build.edit("refs.bib", "Turing, Alan M. and", "Turing, Alan M. and Babbage, Charles and")
    build.rebuild()

    def linked():
        return [
            a.get_text().replace("\xa0", " ") for a in build.article("research/index").select("#pub-turing2023cortex a")
        ]

    assert "C. Babbage" not in linked()
    (build.srcdir / "people/babbage.md").write_text("---\ntitle: Charles Babbage\n---\n", encoding="utf-8")
    build.rebuild()
    assert build.warnings == ""
    assert "C. Babbage" in linked()
    assert build.article("people/babbage").select("a.paper-link")


def test_a_name_variant_added_to_a_person_page_links_that_spelling(build_root):
    build = build_root("minimal")
    build.edit("refs.bib", "Turing, Alan M. and Lovelace, Ada", "Turing, Alan M. and Byron, A.")
    build.rebuild()
    assert not build.article("research/index").select("#pub-turing2023cortex a[href$='lovelace.html']")
    build.edit(
        "people/lovelace.md", 'aliases: ["Lovelace, Augusta Ada"]', 'aliases: ["Lovelace, Augusta Ada", "Ada Byron"]'
    )
    build.rebuild()
    assert build.article("research/index").select("#pub-turing2023cortex a[href$='lovelace.html']")


# -- refs.bib edited between builds: every page made from it follows ----------

NEW_ENTRY = """
@misc{lovelace2025fovea,
  author = {Lovelace, Ada},
  title = {A new paper on the fovea},
  howpublished = {bioRxiv},
  keywords = {retina},
  year = {2025},
}
"""


def pages_showing(build, key: str) -> dict[str, bool]:
    """Where the entry shows: the list, its authors' pages, its topic's page, its own page, the sitemap and feed."""
    paper = build.outdir / f"research/papers/{key}.html"
    sitemap = (build.outdir / "sitemap.xml").read_text(encoding="utf-8")
    feed = json.loads((build.outdir / "publications.json").read_text(encoding="utf-8"))
    return {
        "list": build.article("research/index").find(id=f"pub-{key}") is not None,
        "person": any(
            a["href"].endswith(f"{key}.html") for a in build.article("people/lovelace").select("a.paper-link")
        ),
        "topic": any(a["href"].endswith(f"{key}.html") for a in build.article("topics/retina").select("a.paper-link")),
        "paper page": paper.exists(),
        "sitemap": f"research/papers/{key}.html" in sitemap,
        "CSL-JSON": any(item["id"] == key for item in feed),
    }


def titles_shown(build, key: str) -> set[str]:
    """The entry's title as the list, the person's page, the topic's page and its own page show it."""
    titles = [
        build.article(page).select_one(f"a.paper-link[href$='{key}.html']").get_text()
        for page in ("research/index", "people/lovelace", "topics/retina")
    ]
    titles.append(build.article(f"research/papers/{key}").h1.get_text().rstrip("¶"))
    return {title.rstrip(".") for title in titles}


def test_an_edited_title_shows_everywhere_at_the_next_build(build_root):
    build = build_root("minimal")
    assert titles_shown(build, "lovelace2024retina") == {"CNNs of the retina"}
    build.edit("refs.bib", "{CNNs} of the retina", "{CNNs} of the fovea")
    build.rebuild()
    assert build.warnings == ""
    assert titles_shown(build, "lovelace2024retina") == {"CNNs of the fovea"}
    assert "CNNs of the fovea" in (build.outdir / "publications.atom").read_text(encoding="utf-8")


def test_an_added_entry_shows_everywhere_and_a_deleted_one_nowhere(build_root):
    build = build_root("minimal")
    assert not any(pages_showing(build, "lovelace2025fovea").values())
    with (build.srcdir / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(NEW_ENTRY)
    build.rebuild()
    assert build.warnings == ""
    assert all(pages_showing(build, "lovelace2025fovea").values()), pages_showing(build, "lovelace2025fovea")

    build.edit("refs.bib", NEW_ENTRY, "")
    build.rebuild()
    assert build.warnings == ""
    assert not any(pages_showing(build, "lovelace2025fovea").values()), pages_showing(build, "lovelace2025fovea")
    assert not (build.outdir / "_bib/lovelace2025fovea.bib").exists()


def test_a_renamed_key_moves_its_entry_and_its_page(build_root):
    build = build_root("minimal")
    build.edit("refs.bib", "@article{turing2023cortex,", "@article{turing2023visual,")
    build.rebuild()
    assert build.warnings == ""
    shown = pages_showing(build, "turing2023visual")
    assert shown.pop("topic") is False  # the entry has no keywords
    assert all(shown.values()), shown
    assert not any(pages_showing(build, "turing2023cortex").values())


def test_a_deleted_entry_that_a_page_still_cites_fails_the_build(build_root):
    build = build_root("minimal")
    text = (build.srcdir / "refs.bib").read_text(encoding="utf-8")
    build.edit("refs.bib", text[: text.index("@article")], "")
    build.rebuild()
    assert "lovelace2024retina" in build.warnings
    assert "theses/offers/retina" in build.warnings


def test_an_entry_edit_rewrites_the_pages_that_show_that_entry_and_no_other(build_root):
    build = build_root("minimal")
    build.edit("refs.bib", "{CNNs} of the retina", "{CNNs} of the fovea")
    build.rebuild()
    # The list, the author, the topic, the offer that cites it, and the people overview that counts papers.
    assert {"research/index", "people/lovelace", "topics/retina", "theses/offers/retina"} <= set(build.written)
    assert "people/turing" not in build.written  # Turing is no author of it
    build.edit("refs.bib", "The visual cortex in {V4}", "The visual cortex in {V1}")
    build.rebuild()
    assert {"research/index", "people/lovelace", "people/turing"} <= set(build.written)
    assert not {"topics/retina", "theses/offers/retina"} & set(build.written)
    assert build.warnings == ""


def test_another_citation_style_reformats_the_pages_that_list_entries(build_root):
    build = build_root("minimal")
    assert build.article("research/index").select_one("#pub-turing2023cortex strong a.paper-link")
    with (build.srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nbibtex_default_style = "plain"\n')
    build.rebuild()
    assert {"research/index", "people/turing"} <= set(build.written)
    for page in ("research/index", "people/turing"):
        item = build.article(page).select_one("li.publication")
        assert not item.select("strong a.paper-link"), page  # pybtex's plain style has no bold title
    # What was formatted in the group's style can no longer be used, and is not kept.
    assert {memo[2] for memo in build.formatted_entries} == {"plain"}


FAILS_AFTER_THE_GENERATED_PAGES = """\
def fail(app):
    raise RuntimeError("a build that fails once its generated pages are written")
    yield


def setup(app):
    app.connect("html-collect-pages", fail, priority=900)
"""


def test_pages_written_by_a_build_that_failed_are_written_again(tmp_path):
    """Its record of pages is not saved: the old one must not vouch for pages the failed build wrote."""
    build = Build(copy_root("lab", tmp_path / "src"))
    paper = "research/papers/lovelace2024analytical"
    conf = (build.srcdir / "conf.py").read_text(encoding="utf-8")
    (build.srcdir / "fails.py").write_text(FAILS_AFTER_THE_GENERATED_PAGES, encoding="utf-8")
    extension = 'import sys\nsys.path.insert(0, __file__.rpartition("/")[0])\nextensions.append("fails")\n'
    (build.srcdir / "conf.py").write_text(conf + 'html_title = "Another title"\n' + extension)
    with pytest.raises(RuntimeError, match="once its generated pages are written"):
        build.rebuild()
    assert "Another title" in build.soup(paper).title.get_text()
    (build.srcdir / "conf.py").write_text(conf)  # everything as it was before
    build.rebuild()
    assert "Another title" not in build.soup(paper).title.get_text()


def test_sphinx_build_E_writes_every_generated_page_again(tmp_path):
    source = copy_root("lab", tmp_path / "src")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", "_build/doctrees", ".", "_build/html"]
    subprocess.run(command, cwd=source, check=True, capture_output=True)
    page = source / "_build/html/research/papers/lovelace2024analytical.html"
    page.write_text("changed by hand", encoding="utf-8")
    subprocess.run(command, cwd=source, check=True, capture_output=True)
    assert page.read_text(encoding="utf-8") == "changed by hand"  # a rebuild trusts what it wrote
    subprocess.run([*command[:3], "-E", *command[3:]], cwd=source, check=True, capture_output=True)
    assert "Analytical engines see light" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "page, mistake, warning",
    [
        # Found as the page is written: a reference to no one.
        ("index.md", "\nSee {person}`babbage`.\n", "index.md:11: WARNING: unknown person 'babbage'"),
        # Found as the page is read: a supervisor without a page.
        ("theses/offers/retina.md", None, "retina.md:1: WARNING: unknown person 'Charles Babbage' as supervisor"),
    ],
    ids=["written", "read"],
)
def test_a_build_after_a_failed_one_fails_again_until_the_page_is_fixed(build_root, page, mistake, warning):
    """Build, fail, build: the second build warns again, though the page did not change since."""
    build = build_root("minimal")
    assert build.warnings == ""
    path = build.srcdir / page
    good = path.read_text(encoding="utf-8")
    bad = good + mistake if mistake else re.sub(r"supervisor: .*", "supervisor: Charles Babbage", good)
    path.write_text(bad, encoding="utf-8")
    for _ in range(2):
        build.rebuild()
        assert warning in build.warnings
    path.write_text(good, encoding="utf-8")
    build.rebuild()
    assert build.warnings == ""
    build.rebuild()
    assert build.warnings == ""
