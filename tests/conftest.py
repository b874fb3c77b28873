"""Builds the real site from a temporary copy, and small test roots, with Sphinx's own test app."""

import pickle
import re
import shutil
import sys
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from sphinx.testing.util import SphinxTestApp

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
# The test roots use the checkout's own extensions.
sys.path.insert(0, str(REPO / "_ext"))
# One page of each kind the site has, for the checks that run page by page in the browser.
KINDS_OF_PAGE = [
    "index.html",
    "research/index.html",
    "research/papers/vogg2024computer.html",
    "theses/index.html",
    "theses/offers/transformers-retina.html",
    "teaching/index.html",
    "teaching/courses/seminar-recent-deep-learning-papers.html",
    "people/index.html",
    "people/vystrcilova.html",
    "topics/index.html",
    "topics/retina.html",
    "search.html?q=retina",
    "404.html",
]
PLAIN_TEXT = find_plugin("pybtex.backends", "text")()


def plain(latex: str) -> str:
    """A BibTeX field's text as a reader sees it: braces and accents resolved, spaces folded."""
    return " ".join(Text.from_latex(latex).render(PLAIN_TEXT).split())


# What a copy of the site leaves out: builds, caches, tooling and the tests themselves.
NOT_SITE = shutil.ignore_patterns(
    "_build", ".git", ".nox", ".pytest_cache", "__pycache__", ".venv", "venv", "node_modules", "tests"
)


def uncoloured(text: str) -> str:
    """Sphinx's console output without its colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


class Build:
    """A finished Sphinx build: its warnings, and its pages parsed with BeautifulSoup."""

    def __init__(self, srcdir: Path, buildername: str = "html"):
        self.srcdir = srcdir
        self.buildername = buildername
        self.rebuild(fresh=True)

    def rebuild(self, fresh: bool = False) -> "Build":
        """Builds again, as sphinx-build run again does: only what changed, unless fresh."""
        self.status, self.warning_stream = StringIO(), StringIO()
        app = SphinxTestApp(
            self.buildername,
            srcdir=self.srcdir,
            status=self.status,
            warning=self.warning_stream,
            freshenv=fresh,
        )
        try:
            app.build()
            self.outdir = Path(app.outdir)
            self.env = app.env  # what the build kept, for the tests of what it loaded
            self.doctreedir = Path(app.doctreedir)
        finally:
            # Two live apps in one process register Sphinx's nodes twice, and warn: one at a time.
            app.cleanup()
        return self

    def edit(self, path: str, old: str, new: str) -> None:
        """Replaces text in one source file, as a contributor's edit does."""
        target = self.srcdir / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {path}"
        target.write_text(text.replace(old, new), encoding="utf-8")

    @property
    def formatted_entries(self) -> set[tuple]:
        """What the cache of formatted entries holds: (key, digest, style, ...) of each."""
        return set(pickle.loads((self.doctreedir / "formatted-entries.pickle").read_bytes()))

    @property
    def written(self) -> list[str]:
        """The pages the last build wrote."""
        return re.findall(r"writing output\.\.\. \[[ \d]+%\] (\S+)", uncoloured(self.status.getvalue()))

    @property
    def warnings(self) -> str:
        return uncoloured(self.warning_stream.getvalue())

    def soup(self, page: str) -> BeautifulSoup:
        """The built page (e.g. "research/index") parsed."""
        html = (self.outdir / f"{page}.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser")

    def article(self, page: str):
        """The page's main content, without Furo's navigation."""
        return self.soup(page).select_one("article[role=main]")


def copy_site(destination: Path) -> Path:
    shutil.copytree(REPO, destination, ignore=NOT_SITE)
    return destination


def copy_root(name: str, destination: Path, **files: str) -> Path:
    """A copy of tests/roots/test-<name>, with the given files (path=text) written over it."""
    shutil.copytree(ROOTS / f"test-{name}", destination)
    for path, text in files.items():
        target = destination / path.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return destination


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real site, built once, strictly, from a temporary copy of the checkout."""
    return Build(copy_site(tmp_path_factory.mktemp("site") / "src"))


@pytest.fixture
def build_root(tmp_path):
    """Builds a copy of a test root with some files replaced: build_root("minimal", **{"refs.bib": ...})."""

    def make(name: str, **files: str) -> Build:
        return Build(copy_root(name, tmp_path / "src", **files))

    return make


# -- The real browser ---------------------------------------------------------
# Debian's chromium, driven by Playwright; Playwright's own browser where it is installed.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root
    "--disable-gpu",
    "--disable-background-networking",  # no network here: it would only fail, many times a second
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def served_site(site):
    """The built site on http://127.0.0.1:<port>/, as a static host serves it."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site.outdir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site):
    """Chromium, headless; in CI a missing browser fails the tests rather than skipping them."""
    import os

    # The site is built before the browser starts, and the browser lives only as long as one
    # test module: a module's pages are all from one build.

    sync_api = pytest.importorskip("playwright.sync_api")
    playwright = sync_api.sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(args=CHROMIUM_ARGS)
    except sync_api.Error:
        if not Path(CHROMIUM).exists():
            playwright.stop()
            message = f"no browser: install Debian's chromium ({CHROMIUM})"
            pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def page(browser, served_site):
    """A new tab on the site that fails the test on any script error or console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=served_site)
    tab = context.new_page()
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield tab
    context.close()
    assert errors == []
