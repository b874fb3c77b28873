"""People's and topics' pages: profiles, plain-text builds, and what a bad profile gets (on test roots)."""

from urllib.parse import unquote

from conftest import REPO, ROOTS, Build, copy_root
from content import Content, plain

SEED = Content(ROOTS / "test-seed")


def test_a_full_profile_shows_photo_and_links_and_refuses_other_schemes(build_root):
    photo = (REPO / "_static" / "favicon.svg").read_text(encoding="utf-8")
    profile = (
        "---\ntitle: Alan Turing\nrole: Postdoc\nemail: alan@example.org\norcid: 0000-0002-1825-0097\n"
        "homepage: https://example.org/turing\ngithub: aturing\nscholar: javascript:alert(1)\nphoto: turing.svg\n---\n"
    )
    build = build_root("minimal", **{"people/turing.md": profile, "people/turing.svg": photo})
    assert "turing.md:1: WARNING: this person has a scholar that is not a web address: 'javascript:alert(1)'" in (
        build.warnings
    )
    article = build.article("people/turing")
    links = {
        dt.get_text().rstrip(":"): unquote(dd.a["href"])
        for dt, dd in zip(article.select("dt"), article.select("dd"), strict=True)
        if dd.a
    }
    assert links == {
        "Email": "mailto:alan@example.org",
        "Homepage": "https://example.org/turing",
        "ORCID": "https://orcid.org/0000-0002-1825-0097",
        "GitHub": "https://github.com/aturing",
    }
    assert article.select_one("img.person-photo")["alt"] == "Alan Turing"
    assert (build.outdir / article.select_one("img.person-photo")["src"].replace("../", "")).exists()


def test_a_plain_text_build_lists_a_persons_publications_too(tmp_path):
    """Builders that do not write HTML get the entries of people's pages as plain text."""
    build = Build(copy_root("seed", tmp_path / "src"), "text")
    assert build.warnings == ""
    # Compared without spaces: the text builder wraps lines, after hyphens too.
    text = "".join((build.outdir / "people/ecker.txt").read_text(encoding="utf-8").split())
    titles = ["".join(plain(entry.fields["title"]).split()) for entry in SEED.authored_by("ecker")]
    assert len(titles) == 28
    assert all(title in text for title in titles)
