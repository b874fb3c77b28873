"""This group's own content, against its first site as published (seed/): facts that must not go missing."""

from pathlib import Path

import pytest

from builds import Build, serving
from package_roots import copy_root

SEED = Path(__file__).resolve().parent / "seed"


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Build:
    """The group's content as the first site published it, built once with the site's configuration."""
    return Build(copy_root(str(SEED), tmp_path_factory.mktemp("seed") / "src"))


@pytest.fixture(scope="session")
def served_seed(seed_site):
    """The seed's site, served."""
    with serving(seed_site) as url:
        yield url
