"""refs.bib read again after an edit: only the changed entries are parsed, with the result of a whole read."""

import pickle
import re
from pathlib import Path

import pytest

from builds import Build
from groupsite.data import bib_store
from groupsite.model import bib_checks
from groupsite.rendering import formatted_entries
from package_roots import ROOTS, copy_root

SOURCE = (ROOTS / "test-lab" / "refs.bib").read_text(encoding="utf-8")
FIRST_TITLE = "Analytical engines see light: an $\\ell_p$ view of the mind's eye"
NEW_ENTRY = """@article{added2025entry,
  author = {Lovelace, A.},
  title = {Added},
  journal = {J},
  year = {2025},
}
"""


def without_entry(text: str, key: str) -> str:
    start = text.rindex("@", 0, text.index("{" + key + ","))
    end = text.find("\n@", start + 1)
    return text[:start] + text[end + 1 :]


EDITS = {
    "title": lambda text: text.replace(FIRST_TITLE, "An edited title"),
    "added at the end": lambda text: text + "\n" + NEW_ENTRY,
    "added at the start": lambda text: NEW_ENTRY + "\n" + text,
    "deleted": lambda text: without_entry(text, "hopper2022compilers"),
    "key renamed": lambda text: text.replace("{hopper2022compilers,", "{hopper2022lasers,"),
    "key in other case": lambda text: text.replace("{hopper2022compilers,", "{Hopper2022Compilers,"),
    "two swapped": lambda text: (
        without_entry(text, "lovelace2024analytical") + text[: text.index("@misc{turing2023fog")]
    ),
    "a macro": lambda text: '@string{arxiv = "arXiv preprint"}\n' + text,
    "a syntax error": lambda text: text.replace(FIRST_TITLE + "}", FIRST_TITLE),
    "a repeated key": lambda text: text + "\n" + text[: text.index("@misc{turing2023fog")],
    "unreadable LaTeX": lambda text: text.replace(FIRST_TITLE, "50% of {it"),
}


def read(path: Path, previous=None):
    """refs.bib read as bib_checks reads it, and the entries as the next build finds them in the environment."""
    bibdata, errors = bib_store.read([path], "utf-8-sig", previous, bib_checks.prepare)
    return bibdata, errors, pickle.loads(pickle.dumps(bibdata.data.entries))


def read_after(tmp_path: Path, edit: str):
    """refs.bib read, edited, and read again with what the first reading kept: (path, before, data, errors)."""
    path = tmp_path / "refs.bib"
    path.write_text(SOURCE, encoding="utf-8")
    _, _, before = read(path)
    path.write_text(EDITS[edit](SOURCE), encoding="utf-8")
    again, errors, _ = read(path, before)
    return path, before, again, errors


@pytest.mark.parametrize("edit", EDITS)
def test_reading_again_gives_what_reading_the_whole_file_gives(tmp_path, edit):
    path, _, data, errors_again = read_after(tmp_path, edit)
    whole, errors_whole, _ = read(path)
    again = data.data.entries
    assert list(again) == list(whole.data.entries)
    assert data.bibfiles[path].keys == whole.bibfiles[path].keys
    for key, entry in whole.data.entries.items():
        assert again[key] == entry, key
        assert again.fact(key) == whole.data.entries.fact(key), key
    assert [str(error) for error in errors_again] == [str(error) for error in errors_whole]


def test_an_edited_title_is_the_only_entry_parsed_again(tmp_path):
    _, before, data, _ = read_after(tmp_path, "title")
    stored = data.data.entries
    parsed = [key for key in stored if stored.in_memory(key)]
    assert parsed == ["lovelace2024analytical"]
    assert stored.unpickled == 0
    assert stored["lovelace2024analytical"].fields["title"] == "An edited title"
    assert stored.fact("lovelace2024analytical").digest != before.fact("lovelace2024analytical").digest
    assert stored.fact("turing2023fog") == before.fact("turing2023fog")


@pytest.mark.parametrize("edit", ["a macro", "a syntax error", "a repeated key"])
def test_a_file_whose_entries_depend_on_each_other_is_read_whole(tmp_path, edit):
    _, _, data, _ = read_after(tmp_path, edit)
    stored = data.data.entries
    assert all(stored.in_memory(key) for key in stored)


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory):
    return copy_root("lab", tmp_path_factory.mktemp("store") / "src")


def test_a_rebuild_that_shows_no_entry_unpickles_only_the_cited_ones(site_copy):
    build = Build(site_copy)

    def unpickled() -> int:
        return build.env.get_domain("cite").bibdata.data.entries.unpickled

    # sphinxcontrib-bibtex formats the cited entries on every build, for the citations' labels; its filter
    # takes every entry, but reads only the keys of the others.
    domain = build.env.get_domain("cite")
    cited = {target.key for ref in domain.citation_refs for target in ref.targets}
    build.rebuild()
    assert unpickled() == len(cited) and formatted_entries.formatted_this_build() == 0
    # A page's edit: the entries the pages written again show, and no other (its overview, the home page,
    # is written again with it, and shows the newest papers).
    build.edit("teaching/index.md", "newest term first.", "newest term first, always.")
    build.rebuild()
    assert "teaching/index" in build.written
    shown = {
        a["href"].rpartition("/")[2].removesuffix(".html")
        for page in build.written
        for a in build.article(page).select("li.publication a.paper-link")
    }
    assert unpickled() == len(cited | shown) < 10
    text = (site_copy / "refs.bib").read_text(encoding="utf-8")
    build.edit("refs.bib", FIRST_TITLE, "An edited title")
    build.rebuild()
    assert build.warnings == ""
    # The list, its author's and topic's pages: never more than refs.bib holds.
    assert 0 < unpickled() <= len(re.findall(r"^@", text, re.MULTILINE))
    # The other entries on those pages are as the last build formatted them.
    assert formatted_entries.formatted_this_build() == 1
    assert "An edited title" in build.soup("research/papers/lovelace2024analytical").get_text()


def test_an_entry_read_with_an_error_is_read_again_after_any_edit(tmp_path):
    """pybtex keeps an entry cut short at a syntax error: the error must come back after other edits too."""
    path = tmp_path / "refs.bib"
    broken = EDITS["a syntax error"](SOURCE)
    path.write_text(broken, encoding="utf-8")
    _, errors, before = read(path)
    assert errors
    path.write_text(broken.replace("Bayesian Neural System", "Bayesian neural system"), encoding="utf-8")
    _, errors_again, _ = read(path, before)
    assert [str(error) for error in errors_again] == [str(error) for error in errors]
