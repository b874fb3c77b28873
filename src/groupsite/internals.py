"""Where the site relies on another library's private interface: each use here, each checked by tests/test_internals.py.

When a library changes, the test of the use it breaks names the library and what it no longer does.
Each use is here because the library has no public interface that does the same; its docstring says
what it relies on, in which version.
"""

import copy
from pathlib import Path

from sphinx.highlighting import PygmentsBridge
from sphinx.search import IndexBuilder
from sphinxcontrib.bibtex.bibfile import BibData, BibFile, get_mtime
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.roles import CitationRef

# -- Sphinx -------------------------------------------------------------------


def forget_words_of_no_page(indexer: IndexBuilder) -> None:
    """Drops from Sphinx's search index the words that no page has any more.

    An incremental build loads the last index and prunes the pages it writes again, leaving their
    words with no page (a clean build has no such words): searchindex.js would differ from a clean
    build's. Sphinx 9 keeps the words in IndexBuilder._mapping and ._title_mapping, word -> pages.
    """
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]


# Where Sphinx 9's IndexBuilder keeps what it was fed: page -> title, file, section titles, index entries;
# word -> pages, for the words of the text and of the titles.
SEARCH_INDEX_PARTS = ("_titles", "_filenames", "_all_titles", "_index_entries", "_mapping", "_title_mapping")


def fed_to_search_index(indexer: IndexBuilder, pages) -> dict[str, tuple]:
    """What Sphinx's search index takes of each page when fed it: (title, file, section titles, words, title words).

    pages: (page, file, title, doctree) as IndexBuilder.feed takes them. A copy of the indexer,
    with nothing in it, is fed: the words each page gave are then all the words it holds. Sphinx 9
    keeps them in the IndexBuilder attributes SEARCH_INDEX_PARTS names; nothing public tells a page's words.
    """
    scratch = copy.copy(indexer)
    for part in SEARCH_INDEX_PARTS:
        setattr(scratch, part, {})
    for page in pages:
        scratch.feed(*page)
    words: dict[str, list[str]] = {page: [] for page in scratch._titles}
    title_words: dict[str, list[str]] = {page: [] for page in scratch._titles}
    for mapping, found in ((scratch._mapping, words), (scratch._title_mapping, title_words)):
        for word, fed in mapping.items():
            for page in fed:
                found[page].append(word)
    return {
        page: (title, scratch._filenames[page], scratch._all_titles[page], words[page], title_words[page])
        for page, title in scratch._titles.items()
    }


def put_in_search_index(indexer: IndexBuilder, pages: dict[str, tuple], words: dict, title_words: dict) -> None:
    """Puts pages that are not documents into Sphinx's search index, as fed_to_search_index found them.

    pages: page -> (title, file, section titles); words and title_words: word -> the pages it is in.
    Sphinx 9's builder prunes the index to the documents (env.all_docs) just before it writes it
    (StandaloneHTMLBuilder.dump_search_index calls IndexBuilder.prune): the indexer's prune keeps
    these pages too. The builder makes a new indexer, and prunes the pages of the last build, as it
    prepares to write: each build puts them in again.
    """
    for page, (title, filename, titles) in pages.items():
        indexer._titles[page], indexer._filenames[page], indexer._all_titles[page] = title, filename, list(titles)
    for mapping, found in ((indexer._mapping, words), (indexer._title_mapping, title_words)):
        for word, in_pages in found.items():
            mapping.setdefault(word, set()).update(in_pages)
    prune, kept = indexer.prune, set(pages)
    indexer.prune = lambda docnames: prune(kept.union(docnames))


def forget_dependencies(env, docname: str, paths: set[Path]) -> None:
    """Takes back files noted as dependencies of a page (by env.note_dependency, as another extension did).

    Sphinx 9.0 keeps what note_dependency notes in BuildEnvironment.dependencies, docname -> a set of
    paths (srcdir / the file), and reads a page again when one of them is newer than the page's last
    reading. Only note_dependency is documented; nothing public takes a dependency back.
    """
    dependencies = env.dependencies[docname]
    dependencies -= {dependency for dependency in dependencies if Path(dependency) in paths}


def pages_depending_on(env, depends) -> list[str]:
    """The pages among whose noted dependencies (env.note_dependency) is a file for which depends(path) is true.

    Sphinx 9.0 keeps them in BuildEnvironment.dependencies, docname -> paths relative to the source
    folder; nothing public lists them.
    """
    return [
        docname
        for docname, files in env.dependencies.items()
        if docname in env.found_docs and any(depends(Path(env.srcdir, file)) for file in files)
    ]


def settings_digest(builder) -> tuple[str, str]:
    """What Sphinx itself compares to tell whether every page must be written again: the HTML settings and tags.

    Sphinx 9.0's HTML builder keeps them in build_info (BuildInfo.config_hash and tags_hash), which it
    writes to .buildinfo; neither attribute is documented.
    """
    return builder.build_info.config_hash, builder.build_info.tags_hash


def toctree_includes(env) -> list[tuple[str, tuple[str, ...]]]:
    """Which pages each table of contents lists: what the navigation is made of besides the titles.

    Sphinx 9.0 keeps it in BuildEnvironment.toctree_includes, docname -> the docnames its toctrees include.
    """
    return sorted((docname, tuple(included)) for docname, included in env.toctree_includes.items())


def helper_process():
    """One process beside this one that runs a task and hands its result back (Sphinx's own -j machinery).

    Sphinx 9.0's sphinx.util.parallel.ParallelTasks forks, runs add_task's function, and calls its
    result function here with what it returned; join() waits, terminate() stops it. Its use by
    extensions is not documented; parallel_available says whether this machine can fork.
    """
    from sphinx.util.parallel import ParallelTasks, parallel_available

    return ParallelTasks(1) if parallel_available else None


def as_rendered(context: dict) -> dict:
    """The page's context as Sphinx renders it once every html-page-context handler has run: its assets in order.

    Sphinx 9.0's handle_page sorts script_files and css_files by their priority after the event and before it
    renders the template; a handler that renders the page itself must see them so.
    """
    ordered = dict(context)
    for name in ("script_files", "css_files"):
        try:
            ordered[name] = sorted(context[name], key=lambda asset: asset.priority)
        except (KeyError, AttributeError, TypeError):
            pass  # absent, or set by hand without priorities: as Sphinx leaves them
    return ordered


# The context's value that template_writing_text() writes.
PAGE_TEXT = "groupsite_page_text"


def template_writing_text(templates):
    """A template that writes context[PAGE_TEXT] as it is: what an html-page-context handler returns for a name.

    Sphinx 9.0's handle_page passes what the handler returns to its template bridge's render(), which
    (BuiltinTemplateLoader.render) passes it to Jinja's Environment.get_template; Jinja documents that a
    Template object given there is returned as it is. Sphinx documents only template names.
    """
    return templates.environment.from_string(f"{{{{ {PAGE_TEXT} }}}}")


def reuse_pygments_formatters(highlighter: PygmentsBridge) -> None:
    """Has Sphinx's highlighter make each Pygments formatter once, not once per code block.

    Every entry has a BibTeX block, and a new formatter works out its style each time: 3.5 s of a
    build at 5,000 entries. Sphinx 9.0's PygmentsBridge.get_formatter calls the bridge's
    ``formatter`` attribute (the formatter class, set in its __init__) for every block; that is
    not documented, and Sphinx offers no way to share formatters between blocks: html_formatter,
    which a comment invites to override, is a class too, made again for every block.
    """
    make, made = highlighter.formatter, {}

    def formatter(**options):
        memo = repr(sorted(options.items()))
        if memo not in made:
            made[memo] = make(**options)
        return made[memo]

    highlighter.formatter = formatter


# -- sphinxcontrib-bibtex -----------------------------------------------------


def bib_file_as_of_now(path: Path) -> BibFile:
    """sphinxcontrib-bibtex's record of a .bib file read now, its keys yet to be added: fresh until the file changes.

    sphinxcontrib-bibtex 2.7 reads the files again when is_bibdata_outdated finds a BibFile.mtime
    other than bibfile.get_mtime(path) (the file's lstat().st_mtime). BibFile and the check are
    documented; get_mtime, and which time of the file the check compares, are not.
    """
    return BibFile(mtime=get_mtime(path), keys={})


def use_bibdata(domain, bibdata: BibData) -> None:
    """Has sphinxcontrib-bibtex use refs.bib as the site has read it, rather than read it again.

    sphinxcontrib-bibtex 2.7 keeps its BibData in its domain's data["bibdata"] (the domain's bibdata
    property has no setter), and at builder-inited (priority 500) parses the files again only when
    is_bibdata_outdated finds that BibData stale. It has no public way to be handed data read elsewhere.
    """
    domain.data["bibdata"] = bibdata


def note_citation(env, citation_ref_id: str, key: str, line: int) -> None:
    """Tells sphinxcontrib-bibtex that the page being read cites the entry, as its cite role would.

    sphinxcontrib-bibtex 2.7's cite role appends a CitationRef (the id of its reference node, the
    page, the line, the keys as CitationTargets) to its domain's citation_refs, which its "cited"
    filter and its citations' back-references read. The two types are documented; that appending
    one is how a citation is noted is not, and nothing public notes a citation other than the role
    written in a page's text.
    """
    env.get_domain("cite").citation_refs.append(
        CitationRef(
            citation_ref_id=citation_ref_id,
            docname=env.docname,
            line=line,
            targets=[CitationTarget(key=key, pre="", post="")],
        )
    )
