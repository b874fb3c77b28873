"""The package's tests, on small sites made for them (roots/test-<name>/), where counts are known and exact."""

import pytest

from builds import Build
from package_roots import copy_root


@pytest.fixture
def build_root(tmp_path):
    """Builds a copy of a test root with some files replaced: build_root("minimal", **{"refs.bib": ...})."""

    def make(name: str, **files: str) -> Build:
        return Build(copy_root(name, tmp_path / "src", **files))

    return make


@pytest.fixture(scope="session")
def lab_site(tmp_path_factory) -> Build:
    """A fictional lab's site (roots/test-lab), of every kind of page, built once."""
    return Build(copy_root("lab", tmp_path_factory.mktemp("lab") / "src"))
