"""Sphinx configuration of the Neural Data Science Group's website."""

import os
from urllib.parse import urlparse

# -- Project information -----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information

project = "Neural Data Science Group"
author = "Neural Data Science Group, University of Göttingen"
copyright = author

# -- General configuration ---------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration

extensions = [
    # Publications, people, topics, thesis offers and courses; it sets up MyST, sphinxcontrib-bibtex,
    # sphinx-design and sphinxext-opengraph itself.
    "groupsite",
    # A copy button on each BibTeX block, and a 404 page.
    "sphinx_copybutton",
    "notfound.extension",
]

# The repository root is the source folder: keep everything that is not a page out.
exclude_patterns = [
    "_build",
    ".*",
    "**/.*",
    "venv",
    "env",
    "node_modules",  # the tests' checkers, installed by npm
    "tests",
    "[A-Z]*.md",  # README.md, CONTRIBUTING.md and the like: the repository's documents, not pages
]

# Every reference must resolve; a broken one is an error, not a silent plain text.
nitpicky = True

# The site's languages, the one its pages are written in first. Each other one is translated in
# locales/<language>/LC_MESSAGES/ (`nox -s translate`), and `nox -s docs` builds it beside the first.
groupsite_languages = ["en", "de"]
# This build's language: Read the Docs names it for each of its projects; `nox -s docs` for each build.
language = os.environ.get("READTHEDOCS_LANGUAGE") or os.environ.get("SITE_LANGUAGE") or groupsite_languages[0]

# -- Options for HTML output -------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-html-output

html_theme = "furo"
html_title = project
# Photos, PDFs and other files the pages link to. groupsite draws a favicon of the group's initials
# (groupsite_short_name) where html_favicon names none; html_logo adds a logo above the navigation.
html_static_path = ["_static"]
groupsite_timezone = "Europe/Berlin"  # the time zone of events' times
html_show_sourcelink = False
html_use_index = False  # no page has index entries: an empty "Index" page would help nobody
# Search stems the build's language; English with accents ignored, in the index and in queries:
# "Muller" finds "Müller" (groupsite's pages/search_language.py).
html_search_language = "en_folded" if language == "en" else language
# Where the site is served: canonical links, the sitemap, feeds and Scholar's metadata need it.
# Read the Docs says where, for each language; elsewhere SITE_URL does, each other language in a folder
# beside the pages' own (/de/); a local build points at the preview server.
_site_url = os.environ.get("SITE_URL") or "http://127.0.0.1:8000/"
html_baseurl = os.environ.get("READTHEDOCS_CANONICAL_URL") or (
    _site_url if language == groupsite_languages[0] else f"{_site_url.rstrip('/')}/{language}/"
)

# "Edit this page" links, where the repository is known (Read the Docs tells it).
_repository = os.environ.get("READTHEDOCS_GIT_CLONE_URL", "").removesuffix(".git")
if _repository.startswith("https://"):
    html_theme_options = {
        "source_repository": _repository + "/",
        "source_branch": os.environ.get("READTHEDOCS_GIT_IDENTIFIER", "main"),
        "source_directory": "",
    }

# -- Options for sphinx-notfound-page ----------------------------------------
# https://sphinx-notfound-page.readthedocs.io/en/latest/configuration.html

notfound_urls_prefix = urlparse(html_baseurl).path or "/"

# -- Options for sphinxext-opengraph -----------------------------------------
# https://sphinxext-opengraph.readthedocs.io/en/latest/#options

ogp_site_url = html_baseurl
ogp_site_name = project
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary">']
ogp_social_cards = {"enable": False}  # drawing cards needs matplotlib, and each image weighs more than a page

# -- Options for MyST --------------------------------------------------------
# https://myst-parser.readthedocs.io/en/latest/configuration.html

myst_enable_extensions = [
    "colon_fence",  # ::: fences, so sphinx-design directives nest readably
    "deflist",
]
# Raw HTML in Markdown is shown as text: a page that needs it opts in with
# `myst: {disable_syntax: []}` in its front matter, where a reviewer sees it.
myst_disable_syntax = ["html_block", "html_inline"]
myst_heading_anchors = 3

# -- Options for sphinxcontrib-bibtex ----------------------------------------
# https://sphinxcontrib-bibtex.readthedocs.io/en/latest/usage.html#configuration

# groupsite sets what else it needs: its citation style, author-year citations, no tooltips.
bibtex_bibfiles = ["refs.bib"]

# -- Options for sphinx-copybutton -------------------------------------------
# https://sphinx-copybutton.readthedocs.io/en/latest/use.html

copybutton_selector = "div.highlight pre"
