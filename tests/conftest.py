"""Builds the real site from a temporary copy, and small test roots, with Sphinx's own test app.

Two kinds of tests use these builds:
- tests/site/ checks the content of whatever site it is given (``--site``, this checkout by default)
  against that site's own refs.bib and front matter, so that adding a paper or an offer never breaks it;
- the other tests check the machinery on test roots with fixed data (``tests/roots/test-<name>/``),
  where counts are known and exact. ``test-seed`` holds the group's content as the first site published it.
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

from content import Content

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
# What a root without a conf.py of its own takes from the checkout: the site's configuration, extensions,
# theme files, page templates and contributor tools.
MACHINERY = ["conf.py", "_static"]
NOT_MACHINERY = shutil.ignore_patterns("__pycache__")
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


def copy_site(destination: Path, source: Path = REPO) -> Path:
    """A copy of a site's repository (this checkout by default) without builds, caches and tests."""
    shutil.copytree(source, destination, ignore=NOT_SITE)
    return destination


def copy_root(name: str, destination: Path, **files: str) -> Path:
    """A copy of tests/roots/test-<name>, with the given files (path=text) written over it.

    A root without a conf.py is content only: it is built with the site's own configuration, theme
    files and templates, as the real site is.
    """
    root = ROOTS / f"test-{name}"
    if not (root / "conf.py").exists():
        destination.mkdir(parents=True, exist_ok=True)
        for part in MACHINERY:
            if (REPO / part).is_dir():
                shutil.copytree(REPO / part, destination / part, ignore=NOT_MACHINERY)
            else:
                shutil.copy2(REPO / part, destination / part)
    shutil.copytree(root, destination, dirs_exist_ok=True)
    for path, text in files.items():
        target = destination / path.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return destination


def pytest_addoption(parser):
    parser.addoption(
        "--site",
        type=Path,
        default=REPO,
        help="the repository whose site tests/site/ builds and checks (default: this checkout)",
    )


# What the tests of tests/site/ take one at a time from the site's repository, by name.
SITE_CONTENT = {
    "entry": lambda content: [pytest.param(entry, id=entry.key) for entry in content.entries],
    "offer": lambda content: list(content.offers),
    "course": lambda content: list(content.courses),
    "person": lambda content: list(content.people),
    "topic": lambda content: list(content.topics),
    "kind_of_page": lambda content: content.kinds_of_page(),
}


def pytest_generate_tests(metafunc):
    """A test of tests/site/ taking `entry` (or `offer`, `course`, `person`, `topic`) runs once for each."""
    if metafunc.definition.path.parent.name != "site":
        return
    content = Content(metafunc.config.getoption("site"))
    for name, each in SITE_CONTENT.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, each(content))


@pytest.fixture(scope="session")
def content(request) -> Content:
    """What the site's repository says its pages show."""
    return Content(request.config.getoption("site"))


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Build:
    """The real site (or the one --site names), built once, strictly, from a temporary copy."""
    return Build(copy_site(tmp_path_factory.mktemp("site") / "src", request.config.getoption("site")))


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Build:
    """The group's content as the first site published it (tests/roots/test-seed), built once."""
    return Build(copy_root("seed", tmp_path_factory.mktemp("seed") / "src"))


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


@pytest.fixture(scope="session")
def served_site(site):
    """The real site, served."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="session")
def served_seed(seed_site):
    """The seed's site, served."""
    with serving(seed_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Chromium, headless; in CI a missing browser fails the tests rather than skipping them."""
    # The browser lives only as long as one test module: a module's pages are all from one build.
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


@pytest.fixture
def page(served_site, browser):
    """A tab on the real site."""
    with tab(browser, served_site) as page:
        yield page
