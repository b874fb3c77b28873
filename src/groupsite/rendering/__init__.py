"""How an entry reads: the citation style, its HTML, and the theme's page rendered once."""
