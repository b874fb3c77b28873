"""refs.bib read, checked and stored; front matter read and checked; LaTeX in BibTeX values."""
