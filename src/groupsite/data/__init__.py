"""refs.bib read and stored; what an entry's fields say; front matter read and checked; LaTeX in values."""
