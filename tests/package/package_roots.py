"""The package's test roots (roots/test-<name>/): small sites made for the machinery, with fixed data."""

import shutil
from pathlib import Path

from builds import REPO

ROOTS = Path(__file__).resolve().parent / "roots"
CORPUS = Path(__file__).resolve().parent / "corpus"
# What a root without a conf.py of its own takes from the repository's site: its configuration.
MACHINERY = ["conf.py", "_static"]
NOT_MACHINERY = shutil.ignore_patterns("__pycache__")


def copy_root(name: str, destination: Path, **files: str) -> Path:
    """A copy of roots/test-<name> (or another folder of roots), with the given files (path=text) written over it.

    A root without a conf.py is content only: it is built with the site's own configuration, as the real site is.
    """
    root = ROOTS / f"test-{name}" if (ROOTS / f"test-{name}").is_dir() else Path(name)
    if not (root / "conf.py").exists():
        destination.mkdir(parents=True, exist_ok=True)
        for part in MACHINERY:
            if (REPO / part).is_dir():
                shutil.copytree(REPO / part, destination / part, ignore=NOT_MACHINERY)
            elif (REPO / part).exists():
                shutil.copy2(REPO / part, destination / part)
    shutil.copytree(root, destination, dirs_exist_ok=True)
    for path, text in files.items():
        target = destination / path.replace("__", "/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return destination
