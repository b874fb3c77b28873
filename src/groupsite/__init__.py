"""groupsite: a research group's website as a Sphinx extension: publications, people, topics, offers, courses.

The package is in four layers, each importing only from the layers above it:

- ``data``: the .bib files read and stored; what an entry's fields say; front matter read and checked;
  LaTeX in BibTeX values.
- ``model``: who and what the site is about: people and their names, topics, the kinds of pages,
  the domain that names them for cross-references, which pages show which entries.
- ``rendering``: how an entry reads: the citation style, its HTML, the theme's page rendered once.
- ``pages``: what is written: the list and its year pages, paper pages, people's, topics', offers'
  and courses' pages, the feed and the exports, and the pages generated besides the documents.

Above them, ``cli`` is the command line a site's contributors run (``groupsite add``, ``new``, ``report``,
``format-bib``). Importing a module imports nothing above its layer: ``setup()`` imports the layers
when Sphinx loads the extension, and registers them in order.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "1.0.0"


def setup(app: "Sphinx") -> dict:
    from groupsite import build_state, garbage_collection, options, translations, versioning, warned_pages
    from groupsite.model import bib_checks, bib_dependencies, domain, site_index
    from groupsite.pages import (
        contact,
        events,
        exports,
        generated_pages,
        languages,
        navigation,
        news,
        paper_pages,
        paper_search,
        people,
        publications,
        search_language,
        teaching,
        theme,
        theses,
        topics,
    )
    from groupsite.rendering import formatted_entries, page_shell, template_cache

    # The extensions the site builds on.
    app.setup_extension("myst_parser")
    app.setup_extension("sphinxcontrib.bibtex")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinxext.opengraph")  # its Twitter tags go on paper pages too

    # What a site may set in conf.py, and the message catalog of every label it shows.
    options.register(app)
    # What the site keeps of a build, before anything that keeps something.
    build_state.register(app)
    garbage_collection.register(app)
    warned_pages.register(app)
    translations.register(app)
    # data, model
    domain.register(app)
    site_index.register(app)
    bib_checks.register(app)
    bib_dependencies.register(app)
    # pages and what renders them
    theme.register(app)
    generated_pages.register(app)
    formatted_entries.register(app)
    publications.register(app)
    paper_pages.register(app)
    paper_search.register(app)
    people.register(app)
    topics.register(app)
    theses.register(app)
    teaching.register(app)
    news.register(app)
    events.register(app)
    exports.register(app)
    contact.register(app)
    template_cache.register(app)
    page_shell.register(app)
    navigation.register(app)
    search_language.register(app)
    languages.register(app)
    return {
        "version": __version__,
        # A saved environment made by other code, or with other versions of Sphinx, pybtex or
        # sphinxcontrib-bibtex, is thrown away, and every cache with it.
        "env_version": versioning.code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
