"""Words and queries are compared without their accents: "Vystrcilova" finds "Vystrčilová", and the other way round."""

from sphinx.search import js_index
from sphinx.search.en import SearchEnglish

from conftest import Build
from groupsite.pages.search_language import fold


def search_index(build: Build) -> dict:
    """searchindex.js as the search page reads it."""
    return js_index.loads((build.outdir / "searchindex.js").read_text(encoding="utf-8"))


def pages_with(index: dict, word: str, titles: bool = False) -> set[str]:
    """The pages the browser's search finds for one typed word: in their text, or in their titles."""
    term = SearchEnglish({}).stem(word.lower())
    found = index["titleterms" if titles else "terms"].get(term, [])
    return {index["docnames"][number] for number in ([found] if isinstance(found, int) else found)}


def test_names_with_marks_are_found_by_their_words_without_marks(build_root):
    build = build_root("incremental")
    assert build.warnings == ""
    index = search_index(build)
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
