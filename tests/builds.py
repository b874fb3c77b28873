"""Builds of a site, parsed with BeautifulSoup, and the real browser that visits them: what the tests share.

A site is built from a temporary copy (never in place), with Sphinx's own test application, and its
pages are read as HTML. The browser is Debian's chromium driven by Playwright (Playwright's own browser
where there is no /usr/bin/chromium).
"""

import contextlib
import functools
import http.server
import os
import pickle
import re
import shutil
import threading
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

# The site's repository: the folder above tests/.
REPO = Path(__file__).resolve().parent.parent
# What a copy of the site leaves out: builds, caches, tooling and the tests themselves.
NOT_SITE = shutil.ignore_patterns(
    "_build", ".git", ".nox", ".pytest_cache", "__pycache__", ".venv", "venv", "node_modules", "tests"
)


def uncoloured(text: str) -> str:
    """Sphinx's console output without its colour codes."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@contextlib.contextmanager
def site_language(language: str):
    """SITE_LANGUAGE as `nox -s docs` sets it for each other language: conf.py reads it."""
    before = os.environ.pop("SITE_LANGUAGE", None)
    if language:
        os.environ["SITE_LANGUAGE"] = language
    try:
        yield
    finally:
        os.environ.pop("SITE_LANGUAGE", None)
        if before is not None:
            os.environ["SITE_LANGUAGE"] = before


class Build:
    """A finished Sphinx build: its warnings, and its pages parsed with BeautifulSoup."""

    def __init__(self, srcdir: Path, buildername: str = "html", language: str = "", folder: str = ""):
        """language: another of the site's languages than its pages', built as `nox -s docs` builds it (SITE_LANGUAGE),
        into a folder of its own (_build/<language>/html); folder: another folder than _build for the build and its
        cache (a builder whose cache is of another kind, gettext's)."""
        self.srcdir = srcdir
        self.buildername = buildername
        self.language = language
        self.folder = folder or language
        self.rebuild(fresh=True)

    def rebuild(self, fresh: bool = False) -> "Build":
        """Builds again, as sphinx-build run again does: only what changed, unless fresh."""
        self.status, self.warning_stream = StringIO(), StringIO()
        with site_language(self.language):
            app = SphinxTestApp(
                self.buildername,
                srcdir=self.srcdir,
                builddir=self.srcdir / "_build" / self.folder if self.folder else None,
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
        _, kept = pickle.loads((self.doctreedir / "formatted-entries.pickle").read_bytes())  # (code version, cache)
        return set(kept)

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


def english_labels(language: str) -> set[str]:
    """The labels of Sphinx's, the theme's and groupsite's catalogs that the language says otherwise."""
    import sphinx
    from babel.messages.pofile import read_po

    from groupsite.options import LOCALE

    def first(text):  # a message's text, or its singular
        return text if isinstance(text, str) else text[0]

    catalogs = [*(LOCALE / language / "LC_MESSAGES").glob("*.po")]
    translated = [Path(sphinx.__file__).parent / f"locale/{language}/LC_MESSAGES/sphinx.po", *catalogs]
    said = {}
    for path in translated:
        with path.open("rb") as file:
            said.update({first(m.id): first(m.string) for m in read_po(file) if m.id and first(m.string)})
    labels = set()
    for path in [Path(sphinx.__file__).parent / "locale/sphinx.pot", *catalogs]:
        with path.open("rb") as file:
            labels |= {first(m.id).strip() for m in read_po(file) if m.id}
    return {label for label in labels if label and not re.search(r"[{%<]", label) and said.get(label) != label}


def english_in(soup: BeautifulSoup, labels: set[str]) -> set[str]:
    """The labels a page shows (as an element's own text, or its aria-label, title or placeholder), outside what
    stays as written (lang="en")."""
    found = set()
    for element in soup.find_all(True):
        if element.name == "script" or element.get("lang") == "en" or element.find_parent(attrs={"lang": "en"}):
            continue
        own = " ".join(text.strip() for text in element.find_all(string=True, recursive=False) if text.strip())
        values = [own] + [element.get(attribute, "") for attribute in ("aria-label", "title", "placeholder")]
        found |= {value.strip() for value in values if value.strip() in labels}
    return found


def unresolved_links(folder: Path, alternates: bool = True) -> list[str]:
    """Each link between the pages in a built site's folder whose file or anchor does not exist; and each page that
    links to no other. alternates=False leaves out the links to a page in another language (`hreflang`)."""
    from urllib.parse import urldefrag, urlparse

    pages = {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in folder.rglob("*.html")}
    problems = []
    for path, page in pages.items():
        internal = 0
        for a in page.select("a[href]"):
            url, anchor = urldefrag(a["href"])
            if urlparse(url).scheme or (not alternates and a.get("hreflang")):  # another site, email or phone
                continue
            # The 404 page links from the site's root, as it is served for any address.
            base = folder if url.startswith("/") else path.parent
            target = (base / url.lstrip("/")).resolve() if url else path
            name = path.relative_to(folder).as_posix()
            if not target.exists():
                problems.append(f"{name}: {a['href']}")
            elif anchor and target.suffix == ".html" and not pages[target].find(id=anchor):
                problems.append(f"{name}: {a['href']}")
            internal += 1
        if not internal:
            problems.append(f"{path.relative_to(folder).as_posix()} links to no other page of the site")
    return problems


def copy_site(destination: Path, source: Path = REPO) -> Path:
    """A copy of a site's repository (this one by default) without builds, caches and tests."""
    shutil.copytree(source, destination, ignore=NOT_SITE)
    return destination


# -- The real browser ---------------------------------------------------------

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


@contextlib.contextmanager
def serving(build: Build):
    """A built site on http://127.0.0.1:<port>/, as a static host serves it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=build.outdir))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def launched_browser():
    """Chromium, headless, for one test module; in CI a missing browser fails the tests rather than skipping them."""
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


@contextlib.contextmanager
def tab(browser, url: str):
    """A new tab on a served site that fails the test on any script error or console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    assert errors == []
