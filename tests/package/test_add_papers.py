"""`nox -s add`: papers from identifiers, export files and ORCID records, replayed from the services' recorded answers.

The answers in tests/corpus/responses/ were recorded from the real services by public projects
(SOURCES.md there says which); the network is blocked throughout (pytest-socket).
"""

import io
import json
from argparse import Namespace
from pathlib import Path

import pytest
import requests
import responses
from pybtex.database import parse_file, parse_string

from builds import Build
from groupsite.cli import add as add_papers
from groupsite.cli import paper_sources
from groupsite.cli.format_bib import write_atomically
from package_roots import CORPUS, copy_root

RESPONSES = Path(__file__).parent / "corpus" / "responses"
CSL = "application/vnd.citationstyles.csl+json"
PAIR = ("noether2022invariant", "noether2024invariant")  # an arXiv preprint and its journal paper


def answer(name: str) -> str:
    return (RESPONSES / name).read_text(encoding="utf-8")


def run(site: Path, *items: str, **options) -> tuple[int, str]:
    """The command on a site, with no one to ask (as a script runs it); what it printed."""
    args = Namespace(bib=site / "refs.bib", site=site, orcid=False, all=False, yes=True, versions="ask", summary=None)
    args.__dict__.update(options)
    out = io.StringIO()
    status = add_papers.add(list(items), args, out)
    return status, out.getvalue()


@pytest.fixture
def site(tmp_path) -> Path:
    """A lab's site: its refs.bib and topics, as a member's checkout has them."""
    return copy_root("lab", tmp_path / "site")


@pytest.fixture
def recorded():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.mark.parametrize(
    "given, expected",
    [
        ("10.1101/2021.08.15.21262067", ("doi", "10.1101/2021.08.15.21262067")),
        ("doi:10.1038/s41586-020-2649-2", ("doi", "10.1038/s41586-020-2649-2")),
        ("https://doi.org/10.1038/s41586-020-2649-2", ("doi", "10.1038/s41586-020-2649-2")),
        ("https://doi.org/10.48550/arXiv.2401.16424", ("arxiv", "2401.16424")),
        ("arXiv:2401.16424", ("arxiv", "2401.16424")),
        ("https://arxiv.org/abs/2401.16424v2", ("arxiv", "2401.16424")),
        ("https://arxiv.org/pdf/2401.16424.pdf", ("arxiv", "2401.16424")),
        ("math/0211159", ("arxiv", "math/0211159")),
        ("38012345", ("pmid", "38012345")),
        ("PMID: 38012345", ("pmid", "38012345")),
        ("https://pubmed.ncbi.nlm.nih.gov/38012345/", ("pmid", "38012345")),
        ("zotero-export.ris", ("file", "zotero-export.ris")),
    ],
)
def test_an_identifier_is_read_in_any_form(given, expected):
    assert paper_sources.identify(given) == expected


def test_anything_else_is_refused_saying_what_is_wanted():
    with pytest.raises(ValueError, match=r"is no DOI \(10.1234/abc\), arXiv id"):
        paper_sources.identify("Computer vision for primates")


def test_a_biorxiv_style_preprint_doi_becomes_a_house_entry(site, recorded):
    doi = "10.1101/2021.08.15.21262067"
    body = answer("crossref-csl-posted-content-10.1101_2021.08.15.21262067.json")
    recorded.get(f"https://doi.org/{doi}", body=body, content_type=CSL)
    status, printed = run(site, doi)
    assert status == 0, printed
    entries = parse_file(site / "refs.bib").entries
    [key] = [key for key, entry in entries.items() if entry.fields.get("doi") == doi]
    assert key == "canaday2021significant"
    entry = entries[key]
    assert entry.type == "misc"
    assert entry.fields["howpublished"] == "medRxiv"
    assert entry.fields["year"] == "2021"
    assert str(entry.persons["author"][0]) == "Canaday, David H."  # full names, as the source has them
    assert entry.fields["abstract"].startswith("High COVID-19 mortality among nursing home (NH) residents")
    assert "<jats" not in entry.fields["abstract"]
    # The authors' ORCID iDs, by place, in the field the site keeps private.
    assert entry.fields["author-orcids"].startswith("1=0000-0001-5503-7888")
    assert f"added    {key} from {doi}" in printed


def test_a_journal_article_follows_doi_orgs_redirect_to_crossref(site, recorded):
    doi = "10.1126/science.169.3946.635"
    crossref = "https://api.crossref.org/v1/works/10.1126%2Fscience.169.3946.635/transform"
    recorded.get(f"https://doi.org/{doi}", status=302, headers={"Location": crossref})
    body = answer("crossref-transform-csl-journal-article-10.1126_science.169.3946.635.json")
    recorded.get(crossref, body=body, content_type=CSL)
    status, printed = run(site, f"https://doi.org/{doi}")
    entry = next(e for e in parse_file(site / "refs.bib").entries.values() if e.fields.get("doi") == doi)
    assert entry.type == "article"
    assert entry.fields["journal"] == "Science"
    assert entry.fields["year"] == "1970"


def test_an_arxiv_preprint_with_its_published_doi(site, recorded):
    recorded.get("https://export.arxiv.org/api/query", body=answer("arxiv-atom-2019-1710.08557.xml"))
    status, printed = run(site, "arXiv:1710.08557")
    entry = next(e for e in parse_file(site / "refs.bib").entries.values() if e.fields.get("eprint") == "1710.08557")
    assert entry.fields["howpublished"] == "arXiv preprint arXiv:1710.08557"
    assert entry.fields["archiveprefix"] == "arXiv"
    assert entry.fields["title"].startswith("On Neuromechanical Approaches for the Study of Biological Grasp")


def test_a_pubmed_id(site, recorded):
    recorded.get(
        "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi",
        body=answer("ncbi-eutils-efetch-pubmed-21813367-structured-abstract.xml"),
    )
    status, printed = run(site, "21813367")
    assert status == 0, printed
    [added] = [line for line in printed.splitlines() if line.startswith("added")]
    key = added.split()[1]
    entry = parse_file(site / "refs.bib").entries[key]
    assert added.endswith("from 21813367")
    assert entry.type == "article"
    assert entry.fields["journal"] and entry.fields["year"].isdigit()
    # A structured abstract keeps its parts' labels.
    assert entry.fields["abstract"].startswith(("Background: ", "Objective: ", "Objectives: ", "Purpose: "))


def test_an_unknown_doi_fails_cleanly_and_changes_nothing(site, recorded):
    before = (site / "refs.bib").read_bytes()
    recorded.get("https://doi.org/10.1126/foo", status=404, body=answer("doi-org-404-not-found-10.1126_foo.html"))
    status, printed = run(site, "10.1126/foo")
    assert status == 1
    assert "failed   10.1126/foo: doi.org knows no DOI 10.1126/foo" in printed
    assert (site / "refs.bib").read_bytes() == before


def test_offline_every_identifier_fails_in_one_line_and_refs_bib_is_untouched(site, recorded):
    before = (site / "refs.bib").read_bytes()
    for url in ("https://doi.org/10.1101/2021.08.15.21262067", "https://export.arxiv.org/api/query",
                "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"):  # fmt: skip
        recorded.get(url, body=requests.ConnectionError("Name or service not known"))
    status, printed = run(site, "10.1101/2021.08.15.21262067", "arXiv:2401.16424", "21813367")
    assert status == 1
    failed = [line for line in printed.splitlines() if line.startswith("failed")]
    assert failed == [
        "failed   10.1101/2021.08.15.21262067: doi.org could not be reached (ConnectionError): check the network",
        "failed   arXiv:2401.16424: The arXiv API could not be reached (ConnectionError): check the network",
        "failed   21813367: NCBI's E-utilities could not be reached (ConnectionError): check the network",
    ]
    assert "Traceback" not in printed
    assert (site / "refs.bib").read_bytes() == before


def test_what_resolved_is_added_and_what_did_not_is_reported_apart(site, recorded):
    recorded.get("https://export.arxiv.org/api/query", body=answer("arxiv-atom-2019-1710.08557.xml"))
    recorded.get("https://doi.org/10.1126/foo", body=requests.ConnectionError("down"))
    status, printed = run(site, "10.1126/foo", "arXiv:1710.08557")
    assert status == 0
    assert [line.split()[0] for line in printed.splitlines()[:2]] == ["added", "failed"]
    assert printed.splitlines()[-1] == "refs.bib: 1 added, 0 updated, 0 skipped; 1 could not be looked up"


def test_an_export_of_50_entries_adds_only_the_new_ones_builds_strictly_and_adds_nothing_again(site, tmp_path):
    """A Mendeley export of 54 real entries, with three of refs.bib's papers in it under other keys."""
    listed = parse_file(site / "refs.bib").entries
    again = [listed["lovelace2024analytical"], listed["hopper2022compilers"], listed["babbage2019engines"]]
    export = tmp_path / "export.bib"
    text = (CORPUS / "real/mendeley-carreau.bib").read_text(encoding="utf-8")
    for number, entry in enumerate(again):
        copy = parse_string(
            f"@{entry.type}{{Exported{number},\n"
            + ",\n".join(f"  {name} = {{{value}}}" for name, value in entry.fields.items())
            + ",\n  author = {"
            + " and ".join(str(p) for p in entry.persons["author"])
            + "}\n}\n",
            "bibtex",
        )
        text += copy.to_string("bibtex")
    export.write_text(text, encoding="utf-8")
    exported = len(parse_string(text, "bibtex").entries)
    assert exported >= 57

    status, printed = run(site, str(export))
    assert status == 0, printed
    lines = printed.splitlines()
    skipped = [line for line in lines if line.startswith("skipped")]
    assert [line.split()[1:3] for line in skipped if "Exported" in line] == [
        ["export.bib:", "Exported0:"], ["export.bib:", "Exported1:"], ["export.bib:", "Exported2:"]
    ]  # fmt: skip
    assert "already in refs.bib as lovelace2024analytical" in skipped[-3]
    added = [line for line in lines if line.startswith("added")]
    assert len(added) == len(parse_file(site / "refs.bib").entries) - len(listed)
    assert len(added) + len(skipped) == exported
    # The site builds with its strict settings.
    build = Build(site)
    assert build.warnings == "", build.warnings
    # And again: nothing new, refs.bib byte for byte as it was.
    before = (site / "refs.bib").read_bytes()
    status, printed = run(site, str(export))
    assert printed.splitlines()[-1] == f"refs.bib: 0 added, 0 updated, {exported} skipped; refs.bib is unchanged"
    assert (site / "refs.bib").read_bytes() == before


def test_ris_and_csl_json_exports(site):
    status, printed = run(site, str(RESPONSES / "ris-export-sciencedirect-10.1016_j.actamat.2016.09.028.ris"),
                          str(RESPONSES / "zotero-better-csl-json-export-pandoc-citation.json"))  # fmt: skip
    entries = parse_file(site / "refs.bib").entries
    ris = next(e for e in entries.values() if e.fields.get("doi") == "10.1016/j.actamat.2016.09.028")
    assert ris.type == "article"
    assert ris.fields["journal"] == "Acta Materialia"
    assert ris.fields["pages"] == "310--324"
    assert ris.fields["year"] == "2016"
    assert [str(p) for p in ris.persons["author"]][:2] == ["Ghosh, Chanchal", "Basu, Joysurya"]
    assert "abstract" not in ris.fields  # the export's abstract says only "Abstract"
    assert sum(line.startswith("added") for line in printed.splitlines()) == 5


def test_the_listed_preprint_and_its_journal_paper_are_recognised_and_left_as_they_are(site):
    """refs.bib holds noether2022invariant (arXiv) and noether2024invariant (its journal paper) on purpose."""
    library = add_papers.Library((site / "refs.bib").read_text(encoding="utf-8"))
    preprint, published = (library.entries[key] for key in PAIR)
    assert add_papers.is_preprint(preprint) and not add_papers.is_preprint(published)
    assert add_papers.likely_versions(preprint, published)
    # Adding the journal paper again adds nothing and changes neither.
    export = site / "invariant.bib"
    export.write_text(
        "@article{x, author = {Noether, Emmy and Turing, Alan M.},\n"
        "title = {Invariant features of scattered light},\n"
        "journal = {Transactions on Imaginary Optics}, year = {2024}}\n",
        encoding="utf-8",
    )
    before = (site / "refs.bib").read_bytes()
    status, printed = run(site, str(export))
    assert "skipped  invariant.bib: x: already in refs.bib as noether2024invariant (the same title)" in printed
    assert (site / "refs.bib").read_bytes() == before
    # The build lets both be; the report names the pair, saying that both may be meant.
    from groupsite.cli.report import report

    [remark] = [line for line in report(site, ["refs.bib"]) if "preprint of" in line]
    assert "'noether2022invariant' looks like the preprint of 'noether2024invariant'" in remark
    assert "fine if meant" in remark


def published_version(site: Path) -> Path:
    """A journal version of the listed arXiv preprint turing2023fog, as an export has it."""
    export = site / "published.bib"
    export.write_text(
        "@article{Turing2025, author = {Turing, Alan M. and Noether, Emmy},\n"
        "title = {Imaging Through Fog With Learned Priors},\n"
        "journal = {Journal of Imaginary Optics}, year = {2025}, doi = {10.1234/jio.2025.017}}\n",
        encoding="utf-8",
    )
    return export


def test_a_published_version_updates_its_preprint_in_place_keeping_the_key(site):
    status, printed = run(site, str(published_version(site)), versions="update")
    assert "published.bib: Turing2025 looks like the published version of turing2023fog" in printed
    assert "updated  turing2023fog with published.bib: Turing2025 (the key stays)" in printed
    entries = parse_file(site / "refs.bib").entries
    assert "Turing2025" not in entries and "turing2025imaging" not in entries
    updated = entries["turing2023fog"]
    assert (updated.type, updated.fields["journal"], updated.fields["doi"]) == (
        "article", "Journal of Imaginary Optics", "10.1234/jio.2025.017"
    )  # fmt: skip
    assert updated.fields["keywords"] == "imaging, machine learning, scattering"  # the member's keywords stay
    assert Build(site).warnings == ""


def test_a_published_version_kept_beside_its_preprint_or_skipped(site):
    status, printed = run(site, str(published_version(site)))  # no one to ask: skipped, saying how to decide
    assert (
        "skipped  published.bib: Turing2025: a version of turing2023fog; run again with --versions update or both"
        in printed
    )
    status, printed = run(site, str(published_version(site)), versions="both")
    assert "added    turing2025imaging from published.bib: Turing2025" in printed
    assert {"turing2023fog", "turing2025imaging"} <= set(parse_file(site / "refs.bib").entries)


def test_keys_follow_the_house_scheme_and_never_collide(site):
    entry = parse_string("@misc{x, author={Dvo{\\v{r}}{\\'a}k, A.}, title={The {LED}s of the lab}, year=2024}",
                         "bibtex").entries["x"]  # fmt: skip
    assert add_papers.key_for(entry, set()) == "dvorak2024leds"
    assert add_papers.key_for(entry, {"dvorak2024leds"}) == "dvorak2024ledsb"
    assert add_papers.key_for(entry, {"Dvorak2024LEDs", "dvorak2024ledsb"}) == "dvorak2024ledsc"


def test_keywords_are_suggested_from_the_topics_and_written_only_when_asked(site, recorded):
    recorded.get("https://export.arxiv.org/api/query", body=answer("arxiv-atom-2019-1710.08557.xml"))
    (site / "topics" / "robotics.md").write_text("---\ntitle: Robotics\nkeywords: [grasp]\n---\n", encoding="utf-8")
    status, printed = run(site, "arXiv:1710.08557")  # --yes: shown, not written
    assert "suggested keywords, not written: Robotics" in printed
    entry = next(e for e in parse_file(site / "refs.bib").entries.values() if e.fields.get("eprint") == "1710.08557")
    assert "keywords" not in entry.fields


def test_the_same_doi_twice_fails_the_build_naming_both_keys(build_root):
    twice = (
        "@article{one2024, author={A, B}, title={One}, journal={J}, year={2024}, doi={10.1234/ABC}}\n"
        "@article{two2024, author={A, B}, title={Two}, journal={J}, year={2024}, doi={https://doi.org/10.1234/abc}}\n"
        "@misc{three2024, author={A, B}, title={Three}, howpublished={arXiv}, year={2024},\n"
        "  eprint={2401.00001}, archiveprefix={arXiv}}\n"
        "@misc{four2024, author={A, B}, title={Four}, howpublished={arXiv preprint arXiv:2401.00001}, year={2024}}\n"
        "@misc{lovelace2024retina, author={Lovelace, Ada}, title={CNNs of the retina}, year={2024}}\n"  # the offer's
    )  # fmt: skip
    build = build_root("minimal", **{"refs.bib": twice})
    assert (
        "refs.bib:2: WARNING: entry 'two2024' has the DOI 10.1234/abc of 'one2024' (line 1): one paper, one entry"
        in (build.warnings)
    )
    assert "entry 'four2024' has the arXiv id 2401.00001 of 'three2024' (line 3)" in build.warnings


def test_orcid_lists_the_works_refs_bib_lacks(site, recorded):
    person = site / "people" / "turing.md"
    person.write_text(person.read_text(encoding="utf-8").replace("title:", "orcid: 0000-0002-9341-7985\ntitle:", 1),
                      encoding="utf-8")  # fmt: skip
    recorded.get("https://pub.orcid.org/v3.0/0000-0002-9341-7985/works",
                 body=answer("orcid-v3-works-0000-0002-9341-7985.json"), content_type="application/json")  # fmt: skip
    works = paper_sources.works_of(json.loads(answer("orcid-v3-works-0000-0002-9341-7985.json")))
    before = (site / "refs.bib").read_bytes()
    status, printed = run(site, orcid=True)  # without --all and with no one to ask: listed, not added
    assert (
        f"people/turing.md: ORCID 0000-0002-9341-7985 lists {len(works)} works, {len(works)} not in refs.bib" in printed
    )
    assert "  10.3233/ISU-130714  " in printed
    assert (site / "refs.bib").read_bytes() == before


def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "refs.bib"
    path.write_text("@misc{a, title={A}}\n", encoding="utf-8")

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", full_disk)
    with pytest.raises(OSError):
        write_atomically(path, "@misc{a, title={A}}\n@misc{b, title={B}}\n")
    assert path.read_text(encoding="utf-8") == "@misc{a, title={A}}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]  # no half-written file left beside it


def test_the_recorded_answers_say_where_they_came_from():
    sources = (RESPONSES / "SOURCES.md").read_text(encoding="utf-8")
    for path in RESPONSES.iterdir():
        if path.name != "SOURCES.md":
            assert f"`{path.name}`" in sources, path.name


def test_the_weekly_orcid_run_writes_its_pull_request_body(site, recorded, tmp_path):
    """As .github/workflows/orcid.yml runs it: --orcid --all --yes --summary, with ORCID's recorded answer."""
    person = site / "people" / "turing.md"
    person.write_text(person.read_text(encoding="utf-8").replace("title:", "orcid: 0000-0002-9341-7985\ntitle:", 1),
                      encoding="utf-8")  # fmt: skip
    recorded.get("https://pub.orcid.org/v3.0/0000-0002-9341-7985/works",
                 body=answer("orcid-v3-works-0000-0002-9341-7985.json"), content_type="application/json")  # fmt: skip
    works = paper_sources.works_of(json.loads(answer("orcid-v3-works-0000-0002-9341-7985.json")))
    with_doi = [work["doi"] for work in works if work.get("doi")]
    for doi in with_doi:  # doi.org's answer for a DOI it does not know, as recorded
        recorded.get(f"https://doi.org/{doi}", status=404, body=answer("doi-org-404-not-found-10.1126_foo.html"))
    body = tmp_path / "orcid.md"
    before = (site / "refs.bib").read_bytes()
    status, printed = run(site, orcid=True, all=True, summary=body)
    assert (site / "refs.bib").read_bytes() == before
    text = body.read_text(encoding="utf-8")
    assert text.startswith("`nox -s add` looked up the works on people's ORCID records that refs.bib lacked.")
    assert "## Not found" in text and "## Added" not in text
    assert [line for line in text.splitlines() if line.startswith("- ")] == [
        f"- {doi}: doi.org knows no DOI {doi}" for doi in with_doi
    ]


def test_a_pull_request_body_lists_each_paper_with_its_suggested_keywords(site, recorded, tmp_path):
    recorded.get("https://export.arxiv.org/api/query", body=answer("arxiv-atom-2019-1710.08557.xml"))
    (site / "topics" / "robotics.md").write_text("---\ntitle: Robotics\nkeywords: [grasp]\n---\n", encoding="utf-8")
    body = tmp_path / "body.md"
    run(site, "arXiv:1710.08557", summary=body)
    text = body.read_text(encoding="utf-8")
    [line] = [line for line in text.splitlines() if line.startswith("- ")]
    assert line.startswith("- ") and "from arXiv:1710.08557" in line
    assert line.endswith("suggested keywords, not written: Robotics")
    assert "give it the keywords of its topics" in text
