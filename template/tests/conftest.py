"""The site's tests: whatever the site's repository holds (``--site``, this one by default), built once, strictly,
from a temporary copy, and checked against its own refs.bib, front matter and settings.

They never count: adding a paper or an offer keeps them green. A test taking ``entry`` (or ``offer``,
``course``, ``person``, ``topic``) runs once for each.
"""

from pathlib import Path

import pytest

from builds import REPO, Build, copy_site, launched_browser, serving, tab
from content import Content


def pytest_addoption(parser):
    parser.addoption(
        "--site",
        type=Path,
        default=REPO,
        help="the repository whose site the tests build and check (default: this one)",
    )


# What the tests take one at a time from the site's repository, by name.
SITE_CONTENT = {
    "entry": lambda content: [pytest.param(entry, id=entry.key) for entry in content.entries],
    "offer": lambda content: list(content.offers),
    "course": lambda content: list(content.courses),
    "person": lambda content: list(content.people),
    "topic": lambda content: list(content.topics),
    "kind_of_page": lambda content: content.kinds_of_page(),
}


def pytest_generate_tests(metafunc):
    """A test of this folder taking `entry` (or `offer`, `course`, `person`, `topic`) runs once for each."""
    if metafunc.definition.path.parent != Path(__file__).parent:
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
    """The site (or the one --site names), built once, strictly, from a temporary copy."""
    return Build(copy_site(tmp_path_factory.mktemp("site") / "src", request.config.getoption("site")))


@pytest.fixture(scope="session")
def served_site(site):
    """The site, served."""
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Chromium, headless; the browser lives only as long as one test module: its pages are all from one build."""
    yield from launched_browser()


@pytest.fixture
def page(served_site, browser):
    """A tab on the site."""
    with tab(browser, served_site) as page:
        yield page
