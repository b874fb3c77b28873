"""BibTeX as Zotero, Mendeley, JabRef and Google Scholar export it builds cleanly, every entry shown."""

from pathlib import Path

import pytest
from pybtex.database import parse_file

CORPUS = Path(__file__).parent / "corpus"
EXPORTS = sorted(CORPUS.glob("*.bib"))
# The minimal site's offer cites a paper of the minimal refs.bib, which these files replace.
UNCITED_OFFER = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelace\n---\n"


def build_with(build_root, export: Path):
    files = {"refs.bib": export.read_text(encoding="utf-8"), "theses/offers/retina.md": UNCITED_OFFER}
    return build_root("minimal", **files)


def text_of(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("export", EXPORTS, ids=lambda path: path.stem)
def test_each_export_builds_cleanly_with_every_entry(build_root, export):
    build = build_with(build_root, export)
    assert build.warnings == ""
    shown = {item["id"] for item in build.article("research/index").select("li.publication")}
    keys = parse_file(export, bib_format="bibtex").entries
    assert len(shown) == len(keys) > 0
    for key in keys:
        assert (build.outdir / f"research/papers/{key}.html").exists()


def test_zotero_accents_particles_dois_and_month_macros(build_root):
    build = build_with(build_root, CORPUS / "zotero.bib")
    entry = build.article("research/index").select_one("#pub-muller-retinal-2021")
    assert text_of(entry.find("p")).startswith("A. Müller, J. de la Cruz, J. Smith.")
    abstract = entry.select_one(".publication-abstract-text")
    assert text_of(abstract) == "We record <5% of cells & model them with CNNs."
    links = [a["href"] for a in build.article("research/papers/muller_retinal_2021").select("a.reference.external")]
    assert "https://doi.org/10.1038/s41467-021-00001-1" in links
    group = build.article("research/index").select_one("#pub-smith-preprint-2023 p")
    assert "Neural Data Science Group" in text_of(group)


def test_mendeley_html_debris_and_doi_urls(build_root):
    build = build_with(build_root, CORPUS / "mendeley.bib")
    abstract = build.article("research/index").select_one("#pub-muller2021 .publication-abstract-text")
    assert text_of(abstract) == "Cells respond. We show that retinal cells adapt."
    page = build.article("research/papers/Muller2021")
    links = [a["href"] for a in page.select("a.reference.external")]
    assert "https://doi.org/10.1101/2024.03.06.583740" in links
    assert "https://arxiv.org/abs/2401.16424" in links
    assert text_of(page.select_one(".paper-authors")) == "A. Müller, M. Vystrčilová"


def test_jabref_string_macros_theses_and_reports(build_root):
    build = build_with(build_root, CORPUS / "jabref.bib")
    listed = build.article("research/index")
    assert "Nature Communications, 2020." in text_of(listed.select_one("#pub-smith2020 p"))
    assert "J.-P. de la Cruz" in text_of(listed.select_one("#pub-smith2020 p")).replace("\xa0", " ")
    assert "University of Göttingen, 2019." in text_of(listed.select_one("#pub-smith2019 p"))
    assert "A report on U-Nets & CNNs." in text_of(listed.select_one("#pub-smith2018 p"))


def test_scholar_math_others_and_odd_whitespace(build_root):
    build = build_with(build_root, CORPUS / "scholar.bib")
    listed = build.article("research/index")
    math = text_of(listed.select_one("#pub-smith2022math p"))
    assert "J. Smith, A. Müller, et al." in math.replace("\xa0", " ")
    assert "The α-divergence of β responses in V1." in math
    assert "Odd spacing and a line break." in text_of(listed.select_one("#pub-smith2017odd p"))
