"""Incremental rebuilds, as in a live preview, never show stale content."""


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
