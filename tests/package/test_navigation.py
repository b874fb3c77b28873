"""After a page is added, removed or retitled, an incremental build writes the site a clean build writes.

Every page's sidebar and previous/next links follow, the removed page's output is gone, and the
search index holds no word of it; the other pages are written again but not read again.
"""

import re
import shutil

import pytest

from builds import Build, uncoloured
from package_roots import copy_root

NEW_OFFER = "---\ntitle: A new offer\nsummary: Something new.\nsupervisor: Ada Lovelace\n---\n"


def output(build: Build) -> dict:
    return {path.relative_to(build.outdir): path.read_bytes() for path in build.outdir.rglob("*") if path.is_file()}


def read(build: Build) -> list[str]:
    """The pages the last build read."""
    return re.findall(r"reading sources\.\.\. \[[ \d]+%\] (\S+)", uncoloured(build.status.getvalue()))


def assert_as_clean(build: Build, tmp_path) -> None:
    shutil.copytree(build.srcdir, tmp_path / "clean", ignore=shutil.ignore_patterns("_build"))
    clean = Build(tmp_path / "clean")
    assert clean.warnings == build.warnings == ""
    incremental, fresh = output(build), output(clean)
    assert sorted(map(str, incremental.keys() ^ fresh.keys())) == []
    assert sorted(str(path) for path in incremental if incremental[path] != fresh[path]) == []


@pytest.fixture
def lab(tmp_path):
    return Build(copy_root("lab", tmp_path / "src"))


def test_an_added_offer_is_in_every_page_s_sidebar(lab, tmp_path):
    (lab.srcdir / "theses/offers/zzz-new-offer.md").write_text(NEW_OFFER, encoding="utf-8")
    lab.rebuild()
    assert {"theses/index", "theses/offers/zzz-new-offer"} <= set(read(lab))
    assert "research/index" in lab.written and "research/index" not in read(lab)  # written again, not read
    assert [a["href"] for a in lab.soup("people/lovelace").select(".sidebar-tree a[href$='zzz-new-offer.html']")]
    assert_as_clean(lab, tmp_path)


def test_a_removed_offer_leaves_no_page_no_link_and_no_word(lab, tmp_path):
    (lab.srcdir / "theses/offers/laser-classroom.md").unlink()
    lab.rebuild()
    assert not (lab.outdir / "theses/offers/laser-classroom.html").exists()
    assert not lab.soup("people/turing").select("a[href$='laser-classroom.html']")
    assert_as_clean(lab, tmp_path)


def test_a_retitled_course_is_retitled_in_every_sidebar(lab, tmp_path):
    lab.edit("teaching/courses/reading-group-summer-2025.md", "Reading group", "Reading circle")
    lab.rebuild()
    assert "Reading circle" in lab.soup("topics/imaging").select_one(".sidebar-tree").get_text()
    assert_as_clean(lab, tmp_path)
