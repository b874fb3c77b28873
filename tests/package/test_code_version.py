"""The environment, and every cache made with it, is thrown away when the site's code or a dependency changes."""

import shutil
import subprocess
import sys

import pytest

import groupsite
from builds import REPO
from groupsite import versioning as module

VERSION = "from groupsite.versioning import code_version; print(code_version())"


def version_of(package_parent) -> int:
    """code_version() of a copy of the package, in a process of its own."""
    found = subprocess.run(
        [sys.executable, "-c", VERSION], cwd=package_parent, env={"PYTHONPATH": str(package_parent)},
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return int(found.stdout)


def test_any_change_to_the_package_changes_its_version(tmp_path):
    shutil.copytree(REPO / "src" / "groupsite", tmp_path / "groupsite", ignore=shutil.ignore_patterns("__pycache__"))
    before = version_of(tmp_path)
    assert before == module.code_version()
    style = tmp_path / "groupsite" / "rendering" / "group_style.py"
    style.write_text(style.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert version_of(tmp_path) != before


@pytest.mark.parametrize("dependency", module.DEPENDENCIES)
def test_another_version_of_a_dependency_changes_the_version(monkeypatch, dependency):
    before = module.code_version()
    real = module.version
    monkeypatch.setattr(module, "version", lambda name: "99.0" if name == dependency else real(name))
    module.code_version.cache_clear()
    try:
        assert module.code_version() != before
    finally:
        monkeypatch.undo()
        module.code_version.cache_clear()
    assert module.code_version() == before


def test_sphinx_throws_away_an_environment_made_by_other_code(build_root, monkeypatch):
    build = build_root("minimal")
    assert build.warnings == ""
    formatted = build.doctreedir / "formatted-entries.pickle"
    assert formatted.exists()
    monkeypatch.setattr(groupsite.versioning, "code_version", lambda: 12345)  # as a new commit would give
    build.rebuild()
    assert "build environment version not current" in build.status.getvalue()
    # Every page is read and written again, as in a clean build.
    assert "research/index" in build.written and "people/lovelace" in build.written


def poison(path) -> None:
    """Replaces every formatted entry kept in a cache with a text no build would make."""
    import pickle

    from pybtex.richtext import Text

    version, kept = pickle.loads(path.read_bytes())  # as build_state.BuildState.keep writes it
    path.write_bytes(pickle.dumps((version, {memo: pickle.dumps(Text("Stale text")) for memo in kept})))


def test_a_fresh_environment_formats_every_entry_again(build_root):
    build = build_root("minimal")
    poison(build.doctreedir / "formatted-entries.pickle")
    with (build.srcdir / "people/turing.md").open("a", encoding="utf-8") as page:
        page.write("\nAlan works on the visual cortex.\n")  # the page is written again, its entries are not
    build.rebuild()
    assert "Stale text" in build.article("people/turing").get_text()  # the cache is used, as it should be
    poison(build.doctreedir / "formatted-entries.pickle")
    build.rebuild(fresh=True)  # sphinx-build -E
    assert build.warnings == ""
    for page in ("research/index", "people/turing", "research/papers/turing2023cortex"):
        assert "Stale text" not in build.article(page).get_text(), page
