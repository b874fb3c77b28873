"""Each private interface of another library that the site uses (groupsite/internals.py) still works as relied on."""

from sphinx.search import IndexBuilder, js_index

from groupsite.internals import forget_words_of_no_page


def test_sphinx_keeps_its_search_index_words_as_word_to_pages(build_root):
    build = build_root("minimal")
    indexer = IndexBuilder(build.env, "en", {}, "")
    with (build.outdir / "searchindex.js").open(encoding="utf-8") as index:
        indexer.load(index, js_index)
    mappings = [getattr(indexer, name, None) for name in ("_mapping", "_title_mapping")]
    assert all(isinstance(mapping, dict) and mapping for mapping in mappings), (
        "Sphinx's IndexBuilder no longer keeps _mapping and _title_mapping (word -> pages): "
        "groupsite.internals.forget_words_of_no_page must follow it"
    )
    word, pages = next(iter(indexer._mapping.items()))
    assert isinstance(pages, set)
    pages.clear()
    forget_words_of_no_page(indexer)
    assert word not in indexer._mapping
    assert all(indexer._mapping.values()) and all(indexer._title_mapping.values())
