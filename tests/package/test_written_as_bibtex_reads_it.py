"""What BibTeX accepts reads as written: a percent sign, an odd dollar, braces in a DOI, every form of arXiv id.

No LaTeX markup or brace that is markup reaches a reader, a meta tag, the feed or the exports.
"""

import json

import feedparser
import pytest
from pybtex.database import Entry

from groupsite.data.entry_fields import arxiv_id
from groupsite.model.domain import entry_anchor
from package_roots import ROOTS

ENTRIES = r"""
@article{percent2024,
  author = {Curie, Marie},
  title = {A 50% cut in {DNA} errors},
  journal = {Journal of Tests},
  year = {2024},
  doi = {10.1162/netn{_}a{_}00137},
  abstract = {We found a 10% increase in mean
absolute error, and a $20.000 bounty. Then $x^2$ stays math.},
}

@misc{braces2023,
  author = {Noether, Emmy},
  title = {{k,k}-equivelar maps and $\{3,6\}$ tilings},
  howpublished = {arXiv},
  year = {2023},
  eprint = {9810003},
  archiveprefix = {arXiv},
  primaryclass = {hep-th},
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from conftest import Build, copy_root

    refs = (ROOTS / "test-minimal" / "refs.bib").read_text(encoding="utf-8") + ENTRIES
    return Build(copy_root("minimal", tmp_path_factory.mktemp("accepted") / "src", **{"refs.bib": refs}))


def test_what_bibtex_accepts_builds_without_a_warning(built):
    assert built.warnings == ""


def test_a_percent_sign_and_an_odd_dollar_read_as_written(built):
    entry = built.article("research/index").select_one(f"li#{entry_anchor('percent2024')}")
    abstract = " ".join(entry.select_one(".publication-abstract-text").get_text().split())
    assert abstract.startswith("We found a 10% increase in mean absolute error, and a $20.000 bounty. Then ")
    assert entry.select_one(".publication-abstract-text math") is not None  # paired dollars stay math
    assert "A 50% cut in DNA errors." in entry.p.get_text()


def meta(built, key: str, name: str) -> str:
    return built.soup(f"research/papers/{key}").select_one(f'meta[name="{name}"]')["content"]


def test_a_doi_written_with_braces_is_the_doi_everywhere(built):
    assert meta(built, "percent2024", "citation_doi") == "10.1162/netn_a_00137"
    links = [a["href"] for a in built.article("research/index").select(f"li#{entry_anchor('percent2024')} a")]
    assert "https://doi.org/10.1162/netn_a_00137" in links
    items = json.loads((built.outdir / "publications.json").read_text(encoding="utf-8"))
    assert next(item["DOI"] for item in items if item["id"] == "percent2024") == "10.1162/netn_a_00137"


def test_braces_that_are_markup_go_and_braces_that_are_characters_stay(built):
    title = "k,k-equivelar maps and {3,6} tilings"
    assert meta(built, "braces2023", "citation_title") == title
    feed = feedparser.parse((built.outdir / "publications.atom").read_text(encoding="utf-8"))
    assert title in [item.title for item in feed.entries]
    for item in feed.entries:
        assert "\\" not in item.title + item.get("summary", "") and "{k" not in item.title


def test_mendeley_s_old_style_arxiv_id_links_to_its_paper(built):
    links = [a["href"] for a in built.article("research/index").select(f"li#{entry_anchor('braces2023')} a")]
    assert "https://arxiv.org/abs/hep-th/9810003" in links
    assert meta(built, "braces2023", "citation_arxiv_id") == "hep-th/9810003"


@pytest.mark.parametrize(
    "fields, identifier",
    [
        ({"eprint": "2401.16424", "archiveprefix": "arXiv"}, "2401.16424"),
        ({"eprint": "2401.16424v2", "archiveprefix": "arXiv"}, "2401.16424v2"),
        ({"eprint": "arXiv:2401.16424", "archiveprefix": "arXiv"}, "2401.16424"),
        ({"eprint": "hep-th/9810003", "archiveprefix": "arXiv"}, "hep-th/9810003"),
        ({"eprint": "9810003", "archiveprefix": "arXiv", "primaryclass": "hep-th"}, "hep-th/9810003"),
        ({"eprint": "9810003v1", "archiveprefix": "arXiv", "primaryclass": "hep-th"}, "hep-th/9810003v1"),
        ({"eprint": "math/0309136", "eprinttype": "arxiv"}, "math/0309136"),
        ({"arxiv": "2401.16424"}, "2401.16424"),
        ({"arxiv": "hep-th/9810003"}, "hep-th/9810003"),
        ({"journal": "arXiv preprint arXiv:2101.00001"}, "2101.00001"),
        ({"journal": "arXiv preprint arXiv:hep-th/9810003v2"}, "hep-th/9810003v2"),
        ({"note": "arXiv: 2101.00001"}, "2101.00001"),
        ({"url": "https://arxiv.org/abs/hep-th/9810003"}, "hep-th/9810003"),
        ({"url": "http://arxiv.org/pdf/2101.00001v3"}, "2101.00001v3"),
        ({"journal": "Nature", "url": "https://example.org/2101.00001"}, None),
    ],
)
def test_every_form_of_an_arxiv_id_is_read(fields, identifier):
    assert arxiv_id(Entry("misc", fields=fields)) == identifier
