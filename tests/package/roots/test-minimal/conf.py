"""A minimal site with the group's extensions, for testing them on small inputs."""

# groupsite, installed (editable, from src/), with the extensions it sets up named too, as an older site would.
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "groupsite"]
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "group"
bibtex_reference_style = "author_year"
bibtex_cite_id = ""  # as the site's conf.py: the site makes the anchors
bibtex_tooltips = False
html_theme = "furo"
