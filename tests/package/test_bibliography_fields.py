"""What BibTeX and biblatex accept reads as their own styles show it: entry types, editors, dates, crossrefs."""

import json
from pathlib import Path

import pytest

from groupsite.cli.report import report
from groupsite.data import bib_store, entry_fields
from groupsite.data.latex import PLAIN_TEXT
from groupsite.data.publisher_markup import without_html
from groupsite.model import bib_checks
from groupsite.rendering import group_style
from package_roots import ROOTS


def read(tmp_path: Path, bib: str) -> dict:
    path = tmp_path / "refs.bib"
    path.write_text(bib, encoding="utf-8")
    bibdata, errors = bib_store.read([path], "utf-8", None, bib_checks.prepare)
    assert errors == []
    return bibdata.data.entries


def shown(tmp_path: Path, bib: str) -> list[str]:
    """Each entry as the list shows it, as plain text."""
    group_style.register()
    style = group_style.GroupStyle()
    entries = read(tmp_path, bib)
    return [style.format_entry(key, entries[key]).text.render(PLAIN_TEXT) for key in entries]


CASES = {
    "phdthesis": ("@phdthesis{a,\n author={Hopper, Grace}, title={T}, school={Uni G{\\\"o}ttingen}, year=2020}",
                  "G. Hopper. T. PhD thesis, Uni Göttingen, 2020."),
    "mastersthesis": ("@mastersthesis{a,\n author={Hopper, Grace}, title={T}, school={Uni}, year=2020}",
                      "G. Hopper. T. Master's thesis, Uni, 2020."),
    "techreport": ("@techreport{a,\n author={Hopper, Grace}, title={T}, institution={Inst}, number={12}, year=2020}",
                   "G. Hopper. T. Technical report 12, Inst, 2020."),
    "biblatex thesis": ("@thesis{a,\n author={Hopper, Grace}, title={T}, institution={Uni}, type={phdthesis},"
                        " date={2021-03-04}}", "G. Hopper. T. PhD thesis, Uni, 2021."),
    "patent": ("@patent{a,\n author={Hopper, Grace}, title={T}, number={US 123}, year=2022}",
               "G. Hopper. T. Patent US 123, 2022."),
    "editors": ("@book{a,\n editor={Lovelace, Ada and Turing, Alan}, title={T}, publisher={Press}, year=2023}",
                "A. Lovelace, A. Turing (eds.). T. Press, 2023."),
    "one editor": ("@book{a,\n editor={Lovelace, Ada}, title={T}, publisher={Press}, year=2023}",
                   "A. Lovelace (ed.). T. Press, 2023."),
    "journaltitle and date": ("@article{a,\n author={Hopper, Grace}, title={T}, journaltitle={J}, date={2021-03}}",
                              "G. Hopper. T. J, 2021."),
    "year range": ("@article{a,\n author={Hopper, Grace}, title={T}, journal={J}, year={1982/83}}",
                   "G. Hopper. T. J, 1982/83."),
    "online": ("@online{a,\n author={Hopper, Grace}, title={T}, url={https://a.org}, urldate={2024-01-02}, year=2024}",
               "G. Hopper. T. 2024."),
}  # fmt: skip


@pytest.mark.parametrize("bib, text", CASES.values(), ids=CASES.keys())
def test_an_entry_reads_as_bibtex_styles_show_it(tmp_path, bib, text):
    assert shown(tmp_path, bib) == [text]


def test_a_year_range_or_a_date_is_filed_under_its_first_year(tmp_path):
    entries = read(tmp_path, "@misc{a, title={T}, year={1982/83}}\n@misc{b, title={T}, date={2021-03-04}}")
    assert [entry_fields.year_of(entries[key]) for key in entries] == [1982, 2021]


def test_a_crossref_gives_its_fields_as_bibtex_does(tmp_path):
    bib = (
        "@inproceedings{child, author={Hopper, Grace}, title={Child}, crossref={proc}}\n"
        "@proceedings{proc, title={Proceedings of Tests}, editor={Lovelace, Ada}, year={2020}, publisher={P}}\n"
    )
    child = read(tmp_path, bib)["child"]
    assert child.fields["booktitle"] == "Proceedings of Tests" and child.fields["year"] == "2020"
    assert shown(tmp_path, bib)[0] == "G. Hopper. Child. Proceedings of Tests, 2020."


def test_a_crossref_to_a_missing_entry_fails_naming_both(build_root):
    bib = "\n@inproceedings{hopper2022child, author={Hopper, Grace}, title={Child}, year=2022, crossref={nowhere}}\n"
    build = build_root("minimal", **{"refs.bib": (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8") + bib})
    assert "entry 'hopper2022child' has a crossref to 'nowhere', which refs.bib does not have" in build.warnings


@pytest.mark.parametrize(
    "keywords, expected",
    [
        ("{Neurons, cortical}", ["Neurons, cortical"]),
        ("fMRI{\\;} resting state; retina", ["fMRI{\\;} resting state", "retina"]),
        ("a, b;c", ["a", "b", "c"]),
        ("{{Nested}}, x", ["Nested", "x"]),
    ],
)
def test_keywords_are_split_outside_braces(tmp_path, keywords, expected):
    [entry] = read(tmp_path, f"@misc{{a, title={{T}}, keywords={{{keywords}}}}}").values()
    assert entry_fields.keywords(entry) == expected


@pytest.mark.parametrize(
    "field, value, links",
    [
        ("url", "http://a.org/x http://b.org/y", [("Web page", "http://a.org/x"), ("Web page", "http://b.org/y")]),
        ("url", "https://doi.org/10.1145%2F3140241", [("Web page", "https://doi.org/10.1145%2F3140241")]),
        ("doi", "10.1007/978-3-031-50535-5\\_7", [("DOI", "https://doi.org/10.1007/978-3-031-50535-5_7")]),
        ("url", "https://a.org/?x=1\\&y=2", [("Web page", "https://a.org/?x=1&y=2")]),
        ("arxiv", "2101.00001", [("arXiv", "https://arxiv.org/abs/2101.00001")]),
        ("code", "https://github.com/a/b", [("Code", "https://github.com/a/b")]),
        ("url", "javascript:alert(1)", []),
    ],
)
def test_link_fields_are_verbatim_and_only_web_addresses_link(tmp_path, field, value, links):
    [entry] = read(tmp_path, f"@misc{{a, title={{T}}, {field}={{{value}}}}}").values()
    assert entry_fields.links_of(entry) == links


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_file_not_in_utf8_reads_right_and_fails_naming_the_encoding_to_save_in(build_root, encoding):
    bib = "\n@article{latin2020,\n  author = {Müller, Jürgen},\n  title = {Café cortex},\n  journal = {J},\n"
    bib += "  year = {2020},\n}\n"
    build = build_root("minimal")
    path = build.srcdir / "refs.bib"
    path.write_bytes(path.read_bytes() + bib.encode(encoding))
    build.rebuild(fresh=True)
    line = path.read_bytes().count(b"\n", 0, path.read_bytes().index("ü".encode(encoding))) + 1
    assert f"refs.bib:{line}: WARNING: refs.bib is not saved as UTF-8: byte 0xFC on this line" in build.warnings
    assert "save it as UTF-8" in build.warnings
    item = build.article("research/index").select_one("li#pub-latin2020")
    assert "J. Müller. Café cortex." in " ".join(item.p.get_text().split())
    assert build.rebuild().warnings == build.warnings  # reported on every build until it is saved as UTF-8


def test_private_fields_stay_out_of_every_bibtex_download(build_root):
    bib = (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8")
    bib += "\n@article{hopper2022,\n  author = {Hopper, Grace},\n  title = {T},\n  journal = {J},\n  year = {2022},\n"
    bib += "  file = {C:/Users/grace/paper.pdf},\n  bibtex_show = {true},\n  url = {https://a.org},\n}\n"
    build = build_root("minimal", **{"refs.bib": bib})
    with (build.srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\ngroupsite_private_fields = ["file", "bibtex_show"]\n')
    build.rebuild(fresh=True)
    assert build.warnings == ""
    downloads = [
        build.outdir / "_bib/hopper2022.bib",
        build.outdir / "refs.bib",
    ]
    shown = build.article("research/index").select_one("li#pub-hopper2022 .publication-bibtex-text").get_text()
    for text in [path.read_text(encoding="utf-8") for path in downloads] + [shown]:
        assert "paper.pdf" not in text and "bibtex_show" not in text
        assert "https://a.org" in text
    assert "lovelace2024retina" in downloads[1].read_text(encoding="utf-8")  # every entry is still there


@pytest.mark.parametrize(
    "abstract, text",
    [
        ("<jats:p>Neurons <jats:italic>in vivo</jats:italic> fire.</jats:p>", "Neurons in vivo fire."),
        ("{$<$}p{$>$}Mendeley's paragraph.{$<$}/p{$>$}", "Mendeley's paragraph."),
        ("For <Formula><TexMath><![CDATA[$k$]]></TexMath></Formula> tasks", "For $k$ tasks"),
        ("A <inline-formula><tex-math>$x^2$</tex-math></inline-formula> law", "A $x^2$ law"),
        ("Keeps 3 < 4 and a > b", "Keeps 3 < 4 and a > b"),
    ],
)
def test_publisher_markup_leaves_abstracts_and_the_text_stays(abstract, text):
    assert without_html(abstract) == text


def test_csl_json_keeps_editors_types_and_leaves_an_undated_entry_undated(build_root):
    bib = (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8")
    bib += "\n@book{edited2023, editor={Hopper, Grace}, title={Edited}, publisher={P}, year=2023}\n"
    bib += "@online{undated, author={Hopper, Grace}, title={A page}, url={https://a.org}}\n"
    bib += "@thesis{thesis2021, author={Hopper, Grace}, title={T}, institution={U}, date={2021-03-04}}\n"
    build = build_root("minimal", **{"refs.bib": bib})
    items = {item["id"]: item for item in json.loads((build.outdir / "publications.json").read_text(encoding="utf-8"))}
    assert items["edited2023"]["editor"] == [{"family": "Hopper", "given": "Grace"}]
    assert items["edited2023"]["author"] == [] and items["edited2023"]["type"] == "book"
    assert "issued" not in items["undated"] and items["undated"]["type"] == "webpage"
    assert items["thesis2021"]["type"] == "thesis" and items["thesis2021"]["issued"] == {"date-parts": [[2021]]}


def test_al_folio_fields_are_used_selected_abbr_and_a_pdf_by_file_name(build_root):
    bib = (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8")
    bib += "\n@inproceedings{hopper2022, author={Hopper, Grace}, title={Selected}, booktitle={NeurIPS}, year=2022,\n"
    bib += "  abbr={NeurIPS}, selected={true}, pdf={hopper2022.pdf}}\n"
    index = (ROOTS / "test-minimal/index.md").read_text(encoding="utf-8") + "\n```{selected-publications}\n```\n"
    build = build_root("minimal", **{"refs.bib": bib, "index.md": index, "_static/pdf/hopper2022.pdf": "%PDF-1.4"})
    with (build.srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nhtml_static_path = ["_static"]  # as the site\'s own conf.py\n')
    build.rebuild(fresh=True)
    assert build.warnings == ""
    selected = build.article("index").select_one("section#selected-publications")
    assert [a["href"] for a in selected.select("a.paper-link")] == ["research/papers/hopper2022.html"]
    item = build.article("research/index").select_one("li#pub-hopper2022")
    assert item.select_one(".publication-abbr").get_text() == "NeurIPS"
    [pdf] = [a for a in build.article("research/papers/hopper2022").select("dd a") if a.get_text() == "PDF"]
    assert (build.outdir / "research/papers" / pdf["href"]).resolve().is_file()


def test_no_selected_publication_no_section(build_root):
    index = (ROOTS / "test-minimal/index.md").read_text(encoding="utf-8") + "\n```{selected-publications}\n```\n"
    build = build_root("minimal", **{"index.md": index})
    assert build.warnings == ""
    assert build.article("index").select_one("#selected-publications") is None


def test_a_pdf_named_but_missing_is_reported(build_root):
    bib = (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8")
    bib += "\n@misc{hopper2022, author={Hopper, Grace}, title={T}, howpublished={Web}, year=2022, pdf={gone.pdf}}\n"
    build = build_root("minimal", **{"refs.bib": bib})
    assert [line.split(": ", 1)[1] for line in report(build.srcdir, ["refs.bib"])] == [
        "entry 'hopper2022' names the pdf 'gone.pdf', which is not in _static/pdf/: add the file there"
    ]
