"""The Atom feed lists entries newest first by their dates, months included, however the list orders them."""

import feedparser

from package_roots import ROOTS

REFS = (ROOTS / "test-minimal" / "refs.bib").read_text(encoding="utf-8")
DATED = """
@article{babbage2024undated,
  author = {Babbage, Charles},
  title = {Before it in the list, undated},
  journal = {Journal of Tests},
  year = {2024},
}

@article{zuse2024later,
  author = {Zuse, Konrad},
  title = {Zooming in: a paper of April 2024},
  journal = {Journal of Tests},
  year = {2024},
  month = apr,
}
"""


def test_an_entry_with_a_month_comes_before_the_undated_entries_of_its_year(build_root):
    build = build_root("minimal", **{"refs.bib": REFS + DATED})
    assert build.warnings == ""
    feed = feedparser.parse((build.outdir / "publications.atom").read_bytes())
    published = [(item.title, item.published[:10]) for item in feed.entries]
    assert published == [
        ("Zooming in: a paper of April 2024", "2024-04-01"),
        ("Before it in the list, undated", "2024-01-01"),
        ("CNNs of the retina", "2024-01-01"),
        ("The visual cortex in V4", "2023-01-01"),
    ]
