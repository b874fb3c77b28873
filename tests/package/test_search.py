"""The search index holds each paper's page, found by the words of its title, and every word without its accents."""

import shutil
from pathlib import Path

from sphinx.search import js_index
from sphinx.search.en import SearchEnglish

from builds import Build
from groupsite.pages.search_language import fold
from package_roots import ROOTS

PAPER = "research/papers/vystrcilova2024retina"
TITLE = "Convolutional neural network models of the primate retina"
# An entry whose title has letters with marks, and one without a mark to take off (ł).
ACCENTED = """
@misc{lovelace2020gottingen,
  author = {Lovelace, A.},
  title = {Retinas of G{\\"o}ttingen and Łódź},
  howpublished = {bioRxiv},
  keywords = {retina},
  year = {2020},
}
"""


def search_index(build: Build) -> dict:
    """searchindex.js as the search page reads it."""
    return js_index.loads((build.outdir / "searchindex.js").read_text(encoding="utf-8"))


def pages_with(index: dict, word: str, titles: bool = False) -> set[str]:
    """The pages the browser's search finds for one typed word: in their text, or in their titles."""
    term = SearchEnglish({}).stem(word.lower())
    found = index["titleterms" if titles else "terms"].get(term, [])
    return {index["docnames"][number] for number in ([found] if isinstance(found, int) else found)}


def title_of(index: dict, page: str) -> str:
    return index["titles"][index["docnames"].index(page)]


def refs_with(entry: str) -> dict[str, str]:
    """The root's refs.bib with one entry more, as build_root's files."""
    return {"refs.bib": (ROOTS / "test-incremental/refs.bib").read_text(encoding="utf-8") + entry}


def test_a_word_of_a_paper_s_title_finds_its_page_under_the_paper_s_title(build_root):
    build = build_root("incremental")
    assert build.warnings == ""
    index = search_index(build)
    assert PAPER in pages_with(index, "primate", titles=True)
    assert title_of(index, PAPER) == TITLE
    # A paper's page is found by its title, not by the words of other papers.
    assert PAPER not in pages_with(index, "macaque", titles=True) | pages_with(index, "macaque")


def test_words_are_indexed_without_their_accents(build_root):
    build = build_root("incremental", **refs_with(ACCENTED))
    assert build.warnings == ""
    index = search_index(build)
    paper = "research/papers/lovelace2020gottingen"
    assert title_of(index, paper) == "Retinas of Göttingen and Łódź"
    assert paper in pages_with(index, "gottingen", titles=True) & pages_with(index, "lodz", titles=True)
    # Names with marks, in the list and on people's pages: the word without its marks finds them.
    assert {"research/index", "people/vystrcilova"} <= pages_with(index, "vystrcilova") | pages_with(
        index, "vystrcilova", titles=True
    )
    assert "people/lueddecke" in pages_with(index, "luddecke", titles=True)
    # No word keeps its marks: a query is folded alike, so "Vystrčilová" looks up "vystrcilova".
    assert all(term == fold(term) for term in [*index["terms"], *index["titleterms"]])


def test_the_browser_s_query_is_folded_as_the_index_is(build_root):
    build = build_root("incremental")
    language_data = (build.outdir / "_static/language_data.js").read_text(encoding="utf-8")
    assert "var splitQuery" in language_data and '"ł": "l"' in language_data


def test_fold_takes_off_marks_and_spells_out_letters_that_carry_them():
    written = "Vystrčilová Lüddecke Łukasiewicz Weiß Ødegaard Çelik"
    assert fold(written) == "Vystrcilova Luddecke Lukasiewicz Weiss Odegaard Celik"


def test_after_an_edit_the_index_holds_what_a_clean_build_holds(build_root, tmp_path):
    build = build_root("incremental", **refs_with(ACCENTED))
    paper = "research/papers/lovelace2020gottingen"
    build.edit("refs.bib", "title = {Retinas of", "title = {Lemurs of")
    build.rebuild()
    index = search_index(build)
    assert paper in pages_with(index, "lemurs", titles=True)
    assert paper not in pages_with(index, "retinas", titles=True)

    build.edit("refs.bib", ACCENTED.replace("Retinas of", "Lemurs of"), "")
    build.rebuild()
    assert build.warnings == ""
    index = search_index(build)
    assert paper not in index["docnames"]
    assert pages_with(index, "lemurs", titles=True) == set()
    assert PAPER in pages_with(index, "primate", titles=True)

    clean = Build(Path(shutil.copytree(build.srcdir, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))))
    assert search_index(clean) == index
