"""A number for the code that makes the site: this package's source and the versions of what it builds on."""

import hashlib
from functools import cache
from importlib.metadata import version
from pathlib import Path

PACKAGE = Path(__file__).parent
# What the site's output depends on besides its sources and this package: a new version of one
# of these may read or format entries differently.
DEPENDENCIES = ("sphinx", "sphinxcontrib-bibtex", "pybtex", "pybtex-docutils")


@cache
def code_version() -> int:
    """Changes whenever a file of this package, or the version of a dependency, changes."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for name in DEPENDENCIES:
        digest.update(f"{name}=={version(name)}".encode())
    return int(digest.hexdigest()[:15], 16)
