"""Paper pages in Sphinx's search index, found by the words of their titles."""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import new_document

from groupsite import build_state
from groupsite.data.bib_store import stored_entries
from groupsite.data.latex import plain_text
from groupsite.internals import fed_to_search_index, put_in_search_index
from groupsite.model.domain import paper_page
from groupsite.versioning import digest

# What each entry's page gave the index, by (key, entry digest, search language); and the words of all of them,
# word -> pages, kept apart so that a build where no entry changed loads only those: feeding thousands of
# pages on every build would take longer than the rest of a rebuild.
FED = "paper-search-fed.pickle"
INDEX = "paper-search-index.pickle"


def title_of(entry) -> str:
    return plain_text(entry.fields.get("title", entry.key))


def paper_doctree(entry, page: str) -> nodes.document:
    """What the index reads of a paper's page: its title.

    Its authors, venue and abstract are in the list, which the index holds. Sphinx reads, prunes and
    writes every word of every page on each build: at 5,039 entries the titles cost a rebuild about
    0.08 s; the authors, venues and abstracts would add about 0.25 s more.
    """
    doctree = new_document(page)
    doctree += nodes.section("", nodes.title(text=title_of(entry)))
    return doctree


def inverted(fed: dict) -> tuple[dict, dict, dict]:
    """The pages' titles, and each word's pages, from what each page gave the index."""
    pages, words, title_words = {}, {}, {}
    for page, title, filename, _, page_words, page_title_words in fed.values():
        # Not among the titles a query may spell out in full: their words find the page, and 5,000 titles
        # there would add a third to the index that every build reads and writes.
        pages[page] = (title, filename, [])
        for word in page_words:
            words.setdefault(word, []).append(page)
        for word in page_title_words:
            title_words.setdefault(word, []).append(page)
    return pages, words, title_words


def index_paper_pages(app: Sphinx) -> list:
    """Feeds the index the pages of new and changed entries, and puts in every paper's page as last fed."""
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return []
    state = build_state.current()
    stored = stored_entries(app.env.get_domain("cite"))
    language = digest(app.config.html_search_language, app.config.html_search_options)
    memos = {key: (key, stored.fact(key).digest, language) for key in stored}
    fingerprint = digest(list(memos.values()))
    kept = state.cache(INDEX)
    if kept.get("fingerprint") != fingerprint:
        fed = state.cache(FED)
        new = {paper_page(key): key for key, memo in memos.items() if memo not in fed}
        source = app.config.bibtex_bibfiles[0]  # the page's source, as a document's is its file
        papers = [(page, source, title_of(stored[key]), paper_doctree(stored[key], page)) for page, key in new.items()]
        found = fed_to_search_index(indexer, papers)
        fed.update((memos[new[page]], (page, *record)) for page, record in found.items())
        fed = {memo: fed[memo] for memo in memos.values()}  # without the entries that changed or left
        kept = {"fingerprint": fingerprint, "index": inverted(fed)}
        state.keep(FED, fed)
        state.keep(INDEX, kept)
    put_in_search_index(indexer, *kept["index"])
    return []


def register(app: Sphinx) -> None:
    # Before navigation forgets the words no page has (900): the papers' words have their pages again by then.
    app.connect("html-collect-pages", index_paper_pages, priority=800)
