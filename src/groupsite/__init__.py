"""The group's website as a Sphinx extension: publications from refs.bib, people, topics, offers and courses.

The package is in four layers, each importing only from the layers above it:

- ``data``: refs.bib read and stored; what an entry's fields say; front matter read and checked;
  LaTeX in BibTeX values.
- ``model``: who and what the site is about: people and their names, topics, the kinds of pages,
  where each thing is linked, which pages show which entries; refs.bib's entries checked against it.
- ``rendering``: how an entry reads: the citation style, its HTML, the theme's page rendered once.
- ``pages``: what is written: the list and its year pages, paper pages, people's, topics', offers'
  and courses' pages, the feed and the exports, and the pages generated besides the documents.

What a build keeps (the environment's records, the build's memory, caches on disk) has one owner,
``build_state``. ``setup()`` below registers them in that order; events where one part must run after another say
so with their priorities, next to the handler.
"""

from sphinx.application import Sphinx

from groupsite import build_state, garbage_collection
from groupsite.model import bib_checks, bib_dependencies, site_index, site_links
from groupsite.pages import (
    contact,
    exports,
    generated_pages,
    navigation,
    paper_pages,
    paper_search,
    people,
    publications,
    search_language,
    teaching,
    theses,
    topics,
)
from groupsite.rendering import formatted_entries, template_cache
from groupsite.versioning import code_version


def setup(app: Sphinx) -> dict:
    # Sphinx's and the other extensions the site builds on.
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinxext.opengraph")  # its Twitter tags go on paper pages too

    # What the site keeps of a build, before anything that keeps something.
    build_state.register(app)
    garbage_collection.register(app)
    # data, model
    site_links.register(app)
    site_index.register(app)
    bib_checks.register(app)
    bib_dependencies.register(app)
    # pages and what renders them
    generated_pages.register(app)
    formatted_entries.register(app)
    publications.register(app)
    paper_pages.register(app)
    paper_search.register(app)
    people.register(app)
    topics.register(app)
    theses.register(app)
    teaching.register(app)
    exports.register(app)
    contact.register(app)
    template_cache.register(app)
    navigation.register(app)
    search_language.register(app)
    return {
        "version": "1.0",
        # A saved environment made by other code, or with other versions of Sphinx, pybtex or
        # sphinxcontrib-bibtex, is thrown away, and every cache with it.
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
