"""Paper pages written from the page shell are, byte for byte, the pages Sphinx's own handle_page writes."""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import copy_root, uncoloured
from groupsite.model.site_links import key_slug
from groupsite.pages import paper_pages

# Titles, venues, abstracts and keys that the page must escape, strip of tags, or make file names of.
AWKWARD = r"""
@article{smith:2024/a+b,
  author = {Sm{\"\i}th, J. and Ørsted, H. C.},
  title = {Fish \& chips: <b>bold</b> "quoted" 'single' über 日本 &amp; A<B>C {\'e}t{\'e}},
  journal = {Journal of <Tags> \& "Quotes"},
  year = {2024},
  abstract = {An abstract with <script>alert(1)</script> & more.},
}

@misc{müller2023ß,
  author = {Müller, A.},
  title = {Ä title of non-ASCII letters: naïve café — “curly” ‘quotes’},
  howpublished = {bioRxiv},
  year = {2023},
}
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The seed's site and the awkward entries, built strictly, with the Sphinx app still open to render pages."""
    srcdir = copy_root("seed", tmp_path_factory.mktemp("shell") / "src")
    with (srcdir / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(AWKWARD)
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=warnings, freshenv=True)
    try:
        app.build()
        assert uncoloured(warnings.getvalue()) == ""
        yield app, warnings
    finally:
        app.cleanup()


def papers(app) -> list[tuple[str, dict]]:
    """(page, context) of every paper, as collect_paper_pages makes them."""
    citing = paper_pages.cited_by(app.env)
    entries = app.env.get_domain("cite").bibdata.data.entries.values()
    pages = [(entry, paper_pages.paper_page(entry.key)) for entry in entries]
    return [(page, paper_pages.paper_context(app, entry, page, citing.get(entry.key, []))) for entry, page in pages]


@pytest.fixture
def sphinx_highlighting(live, monkeypatch):
    """Code is highlighted as stock Sphinx does it, with a new formatter for each block."""
    highlighter = live[0].builder.highlighter
    monkeypatch.setattr(highlighter, "formatter", highlighter.html_formatter)


def theme_bytes(app, page: str, context: dict, folder) -> bytes:
    """The file Sphinx's handle_page writes for the page."""
    path = folder / "theme.html"
    app.builder.handle_page(page, context, "page.html", outfilename=path)
    return path.read_bytes()


def test_every_paper_page_the_build_wrote_is_the_page_sphinx_writes(live, sphinx_highlighting, tmp_path):
    app, _ = live
    pages = papers(app)
    files = sorted(path.stem for path in (app.builder.outdir / "research/papers").glob("*.html"))
    assert files == sorted(page.rpartition("/")[2] for page, _ in pages)
    for page, context in pages:
        assert (app.builder.outdir / f"{page}.html").read_bytes() == theme_bytes(app, page, context, tmp_path), page


def test_the_shell_itself_makes_every_paper_page(live, sphinx_highlighting, tmp_path):
    app, _ = live
    shell = paper_pages.paper_shell(app)
    for page, context in papers(app):
        text = shell.text(page, context)
        assert text is not None, page
        assert text.encode(shell.encoding, "xmlcharrefreplace") == theme_bytes(app, page, context, tmp_path), page
    # An empty title could take another branch of the template than the stand-in took: the theme renders it.
    assert shell.text(page, {**context, "title": ""}) is None


def test_the_awkward_entries_are_escaped_stripped_and_named_as_the_theme_does(live):
    app, _ = live
    soup = BeautifulSoup((app.builder.outdir / "research/papers/smith-2024-a-b.html").read_bytes(), "html.parser")
    assert soup.title.get_text().startswith("Fish & chips: bold \"quoted\" 'single' über 日本 & AC été - ")
    [meta] = soup.select('meta[name="citation_title"]')
    assert meta["content"] == "Fish & chips: <b>bold</b> \"quoted\" 'single' über 日本 &amp; A<B>C été"
    assert soup.select_one('link[rel="canonical"]')["href"].endswith("/research/papers/smith-2024-a-b.html")
    assert soup.select_one('meta[property="og:url"]')["content"].endswith("/research/papers/smith-2024-a-b.html")
    assert soup.select_one("section#bibtex div.highlight pre")["tabindex"] == "0"
    # A key outside ASCII: transliterated, and told apart by a digest of itself.
    assert (app.builder.outdir / f"research/papers/{key_slug('müller2023ß')}.html").exists()
    assert key_slug("müller2023ß").startswith("muller2023-")


def test_a_handler_changing_bodies_behind_the_shells_back_sends_every_page_to_the_theme(live):
    app, warnings = live

    def bold_headings(app, pagename, templatename, context, doctree):
        if "body" in context:
            context["body"] = context["body"].replace("<h2>", "<h2 class='bold'>")

    listener = app.connect("html-page-context", bold_headings)
    try:
        shell = paper_pages.paper_shell(app)
        assert all(shell.text(page, context) is None for page, context in papers(app))
    finally:
        app.disconnect(listener)
    assert "page shell of research/papers/: the page research/papers/" in uncoloured(warnings.getvalue())
