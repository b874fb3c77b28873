"""The site's refs.bib is laid out as `nox -s bib-format` lays it out: a pull request shows only real changes."""

from groupsite.cli.format_bib import format_bibliography


def test_refs_bib_is_formatted(content):
    text = (content.source / "refs.bib").read_text(encoding="utf-8")
    assert format_bibliography(text) == text, "refs.bib is not formatted: run `nox -s bib-format`"
