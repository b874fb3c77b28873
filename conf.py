"""Sphinx configuration for the Neural Data Science group's website."""

import sys
from pathlib import Path

# Our own extensions live in _ext/, one module per concern.
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# -- Project information -----------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#project-information

project = "Neural Data Science Group"
author = "Neural Data Science Group, University of Göttingen"
copyright = "Neural Data Science Group, University of Göttingen"

# -- General configuration ---------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#general-configuration

extensions = [
    # third-party
    "myst_parser",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    # ours
    "publications",
    "people",
    "topics",
    "theses",
    "teaching",
]

# The repository root is the source folder: keep everything that is not a page out.
exclude_patterns = [
    "_build",
    ".*",
    "**/.*",
    "venv",
    "env",
    "tests",
    "README.md",
    "CONTRIBUTING.md",
]

# Every reference must resolve; a broken one is an error, not a silent plain text.
nitpicky = True

# -- Options for HTML output -------------------------------------------------
# https://www.sphinx-doc.org/en/master/usage/configuration.html#options-for-html-output

html_theme = "furo"
html_title = "Neural Data Science Group"
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False

# -- Options for MyST --------------------------------------------------------
# https://myst-parser.readthedocs.io/en/latest/configuration.html

myst_enable_extensions = [
    "colon_fence",  # ::: fences, so sphinx-design directives nest readably
    "deflist",
]
# Content pages carry their title in the front matter, next to their other facts.
myst_title_to_header = True
myst_heading_anchors = 3

# -- Options for sphinxcontrib-bibtex ----------------------------------------
# https://sphinxcontrib-bibtex.readthedocs.io/en/latest/usage.html#configuration

bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "group"  # registered by _ext/publications.py
bibtex_reference_style = "author_year"
# Stable anchors: a paper's link is its key, whatever else changes in the list.
bibtex_cite_id = "pub-{key}"
# Tooltips format every cited entry a second time on every build.
bibtex_tooltips = False

# -- Options for sphinx-copybutton -------------------------------------------
# https://sphinx-copybutton.readthedocs.io/en/latest/use.html

copybutton_selector = "div.highlight pre"
