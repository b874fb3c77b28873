"""A minimal site with the group's extensions, for testing them on small inputs."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "_ext"))

extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "publications", "theses", "teaching"]
exclude_patterns = ["_build"]
nitpicky = True
myst_title_to_header = True
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style = "group"
bibtex_reference_style = "author_year"
bibtex_cite_id = "pub-{key}"
bibtex_tooltips = False
