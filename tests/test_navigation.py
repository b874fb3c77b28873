"""After a page is added, removed or retitled, an incremental build writes the site a clean build writes.

Every page's sidebar and previous/next links follow, the removed page's output is gone, and the
search index holds no word of it; the other pages are written again but not read again.
"""

import re
import shutil

import pytest

from conftest import Build, copy_root, uncoloured

NEW_OFFER = "---\ntitle: A new offer\nsummary: Something new.\nsupervisor: Alexander Ecker\n---\n"


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
def seed(tmp_path):
    return Build(copy_root("seed", tmp_path / "src"))


def test_an_added_offer_is_in_every_page_s_sidebar(seed, tmp_path):
    (seed.srcdir / "theses/offers/zzz-new-offer.md").write_text(NEW_OFFER, encoding="utf-8")
    seed.rebuild()
    assert {"theses/index", "theses/offers/zzz-new-offer"} <= set(read(seed))
    assert "research/index" in seed.written and "research/index" not in read(seed)  # written again, not read
    assert [a["href"] for a in seed.soup("people/ecker").select(".sidebar-tree a[href$='zzz-new-offer.html']")]
    assert_as_clean(seed, tmp_path)


def test_a_removed_offer_leaves_no_page_no_link_and_no_word(seed, tmp_path):
    (seed.srcdir / "theses/offers/treewidth-positional-encodings.md").unlink()
    seed.rebuild()
    assert not (seed.outdir / "theses/offers/treewidth-positional-encodings.html").exists()
    assert not seed.soup("people/ritzert").select("a[href$='treewidth-positional-encodings.html']")
    assert_as_clean(seed, tmp_path)


def test_a_retitled_course_is_retitled_in_every_sidebar(seed, tmp_path):
    seed.edit("teaching/courses/seminar-recent-deep-learning-papers.md", "Recent deep learning papers", "Recent papers")
    seed.rebuild()
    assert "Recent papers" in seed.soup("topics/retina").select_one(".sidebar-tree").get_text()
    assert_as_clean(seed, tmp_path)
