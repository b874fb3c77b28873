"""Where the site relies on another library's private interface: each use here, each checked by tests/test_internals.py.

When a library changes, the test of the use it breaks names the library and what it no longer does.
"""

from sphinx.search import IndexBuilder


def forget_words_of_no_page(indexer: IndexBuilder) -> None:
    """Drops from Sphinx's search index the words that no page has any more.

    An incremental build loads the last index and prunes the pages it writes again, leaving their
    words with no page (a clean build has no such words): searchindex.js would differ from a clean
    build's. Sphinx 9 keeps the words in IndexBuilder._mapping and ._title_mapping, word -> pages.
    """
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]
