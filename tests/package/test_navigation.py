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


def sidebar(build: Build, page: str) -> list[str]:
    return [link["href"] for link in build.soup(page).select(".sidebar-tree a.reference")]


def test_a_new_site_with_no_page_in_its_folders_builds_strictly(tmp_path):
    """A group's first build: no person, topic, offer, course or paper yet, and no warning for it."""
    source = copy_root("minimal", tmp_path / "src", **{"refs.bib": ""})
    for folder in ("people", "topics", "theses/offers", "teaching/courses"):
        for page in (source / folder).glob("*.md"):
            if page.stem != "index":
                page.unlink()
    for index in ("people", "topics", "theses", "teaching"):  # as the template writes them: no glob
        path = source / index / "index.md"
        path.write_text(re.sub(r"```\{toctree\}\n:glob:\n\n\S+\n```\n", "", path.read_text()), encoding="utf-8")
    build = Build(source)
    assert build.warnings == ""
    assert build.article("theses/index").select_one("p.no-offers").get_text() == (
        "There are no open thesis offers at the moment."
    )
    assert not build.article("people/index").select(".sd-card")


def test_overviews_put_their_pages_in_the_navigation_once(tmp_path):
    """The overviews' pages are in the sidebar without a toctree; a page that keeps its own glob lists each once."""
    source = copy_root("minimal", tmp_path / "src")
    kept = Build(source)
    people = (source / "people/index.md").read_text(encoding="utf-8")
    assert ":glob:" in people
    (source / "people/index.md").write_text(re.sub(r"```\{toctree\}\n:glob:\n\n\*\n```\n", "", people))
    without = Build(source)
    assert kept.warnings == without.warnings == ""
    for build in (kept, without):
        links = sidebar(build, "people/index")
        assert len(links) == len(set(links))
        assert {"lovelace.html", "turing.html"} <= set(links)
