"""Fingerprints: of what a page or an entry is made from, and of the code that makes the site."""

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


def digest(*parts) -> str:
    """A short fingerprint of what a page shows, or of what an entry is made from."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
