"""Generated pages go through Sphinx's handle_page, and every extension's html-page-context handler sees them; the
page shell writes them byte for byte as the theme would, and leaves to the theme what it cannot."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from builds import Build
from groupsite.data.folding import key_slug
from groupsite.rendering import page_shell
from package_roots import copy_root

# Titles, venues, abstracts and keys that the page must escape, strip of tags, or make file names of; and
# entries of older years, which get pages of their own (groupsite_list_entries below).
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

@book{older2001,
  author = {Babbage, Charles},
  title = {An older book},
  publisher = {Press},
  year = {2001},
}

@book{oldest1999,
  author = {Babbage, Charles},
  title = {The oldest book},
  publisher = {Press},
  year = {1999},
}
"""
CONF = '\ngroupsite_list_entries = 3\nhtml_baseurl = "https://example.org/"\n'
# An extension that changes every generated page's body, and gives each paper page an announcement of its own.
HANDLERS = """
import hashlib


def announce(app, pagename, templatename, context, doctree):
    if doctree is None and pagename.startswith("research/papers/"):
        context["theme_announcement"] = "Body " + hashlib.sha256(context["body"].encode()).hexdigest()[:12]
    if doctree is None and "body" in context:
        context["body"] = context["body"].replace("<h1>", '<h1 class="marked">')


def setup(app):
    app.connect("html-page-context", announce)
    return {"parallel_write_safe": True}
"""
EXTENSION = 'import sys\nsys.path.insert(0, __file__.rpartition("/")[0])\nextensions.append("handlers")\n'


def site(folder: Path, conf: str = "", **files: str) -> Path:
    source = copy_root("minimal", folder / "src", **files)
    with (source / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(AWKWARD)
    with (source / "conf.py").open("a", encoding="utf-8") as config:
        config.write(CONF + conf)
    return source


def generated_pages(build: Build) -> dict[str, bytes]:
    """Every page the package generated: the papers' and the older years'."""
    outdir = build.outdir
    pages = [*outdir.glob("research/papers/*.html"), *outdir.glob("research/[0-9]*.html")]
    return {path.relative_to(outdir).as_posix(): path.read_bytes() for path in sorted(pages)}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The same site built with the shell, and with every generated page rendered by the theme."""
    with_shell = Build(site(tmp_path_factory.mktemp("shell")))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(page_shell, "generated_folders", set)  # no folder's pages from the shell
        by_theme = Build(site(tmp_path_factory.mktemp("theme")))
    return with_shell, by_theme


def test_every_generated_page_is_byte_for_byte_the_theme_s(builds):
    with_shell, by_theme = builds
    assert with_shell.warnings == by_theme.warnings == ""
    shell_pages, theme_pages = generated_pages(with_shell), generated_pages(by_theme)
    assert "research/2001.html" in shell_pages and len(shell_pages) == 6 + 3  # six papers, three older years
    assert shell_pages.keys() == theme_pages.keys()
    for page, written in shell_pages.items():
        assert written == theme_pages[page], page
    # Each folder's first page is also rendered by the theme, to check the shell; the others only by the shell.
    log = with_shell.status.getvalue()
    assert "page shell of research/papers/: pages from the shell 6, from the theme 0" in log
    assert "page shell of research/: pages from the shell 3, from the theme 0" in log


def test_the_awkward_entries_are_escaped_stripped_and_named_as_the_theme_does(builds):
    outdir = builds[0].outdir
    soup = BeautifulSoup((outdir / "research/papers/smith-2024-a-b.html").read_bytes(), "html.parser")
    assert soup.title.get_text().startswith("Fish & chips: bold \"quoted\" 'single' über 日本 & AC été - ")
    [meta] = soup.select('meta[name="citation_title"]')
    assert meta["content"] == "Fish & chips: <b>bold</b> \"quoted\" 'single' über 日本 &amp; A<B>C été"
    assert soup.select_one('link[rel="canonical"]')["href"].endswith("/research/papers/smith-2024-a-b.html")
    assert soup.select_one('meta[property="og:url"]')["content"].endswith("/research/papers/smith-2024-a-b.html")
    assert soup.select_one("section#bibtex div.highlight pre")["tabindex"] == "0"
    # A key outside ASCII: transliterated, and told apart by a digest of itself.
    assert (outdir / f"research/papers/{key_slug('müller2023ß')}.html").exists()
    assert key_slug("müller2023ß").startswith("muller2023ss-")


def test_another_extension_s_handler_sees_every_generated_page_and_its_changes_show(tmp_path):
    build = Build(site(tmp_path, EXTENSION, **{"handlers.py": HANDLERS}))
    assert build.warnings == ""
    announcements = []
    for page in generated_pages(build):
        soup = build.soup(page.removesuffix(".html"))
        headings = soup.select("article h1")
        assert headings and all("marked" in heading.get("class", []) for heading in headings), page
        if page.startswith("research/papers/"):
            announcements.append(soup.select_one(".announcement-content").get_text(strip=True))
    # Each paper's own, from its own body: a context the shell does not share, so the theme renders each.
    assert len(set(announcements)) == len(announcements) == 6
    assert "page shell of research/papers/: pages from the shell 1, from the theme 5" in build.status.getvalue()
    assert all(announcement.startswith("Body ") for announcement in announcements)


def test_sphinx_sitemap_lists_every_generated_page(tmp_path):
    sitemap = 'extensions.append("sphinx_sitemap")\n'
    sitemap += 'sitemap_filename = "sphinx-sitemap.xml"  # beside the site\'s own sitemap.xml\n'
    sitemap += 'sitemap_url_scheme = "{link}"\n'
    build = Build(site(tmp_path, sitemap))
    assert build.warnings == ""
    listed = {
        loc.get_text().removeprefix("https://example.org/")
        for loc in BeautifulSoup((build.outdir / "sphinx-sitemap.xml").read_text(encoding="utf-8"), "xml")("loc")
    }
    assert set(generated_pages(build)) <= listed
