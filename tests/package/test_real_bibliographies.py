"""Real .bib files that groups publish (corpus/real/, and tests/corpus/) build strictly and read right.

Each file is appended to a small site's refs.bib, less the entries BibTeX itself rejects (REJECTED),
and built with warnings as errors. No page then shows raw LaTeX: no command, no $...$ and no brace in
visible text outside math, and none in the meta tags Scholar and link previews read.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils import nodes

from builds import REPO, Build
from package_roots import CORPUS, ROOTS, copy_root

# The package's corpus, and the two files the site's own test of the recipes adds.
REAL = {path.name: path for folder in (CORPUS / "real", REPO / "tests/corpus") for path in folder.glob("*.bib")}
FILES = sorted(REAL)
# Entries BibTeX reports as errors, by the line they start on; left out as BibTeX leaves them out.
REJECTED = {
    "jabref-ifn.bib": {
        1242: "@Book{Goodfellow2016, -- BibTeX: too many commas in the names 'Goodfellow, I.; Bengio, Y.; ...'",
        6231: "@Book{, -- no key (biber skips it; the site warns of a syntax error)",
        10302: "@Article{brostow2009, -- BibTeX: Repeated entry (Brostow2009 at line 7939; keys ignore case)",
    },
}
# One paper under two keys, in the file as its group published it (the same title and authors too):
# the build fails on each, naming both keys, until one is removed. key -> the key listed first.
TWICE_LISTED = {
    "jabref-ifn.bib": {"Ba2016a": "Ba2016"},
    "mendeley-carreau.bib": {
        "Betz2009b": "Betz2009a", "Morone2006a": "Morone2006", "Bretscher2013a": "Bretscher2013",
        "Chaigne2013a": "Chaigne2013",
    },
}  # fmt: skip
# Text that is what TeX shows too: {\textbackslash}mu is a backslash and "mu" (the file meant $\mu$).
AS_TEX_SHOWS_IT = {"hugo-academic-dblp.bib": ["\\mu Shield"]}
RAW_LATEX = re.compile(r"\\[A-Za-z]+|\$[^$\s][^$]*\$|[{}]")
META = "meta[name^=citation_], meta[name=description], meta[property^='og:']"


def accepted_by_bibtex(name: str) -> str:
    """The file's text without the entries BibTeX rejects: each runs from its @ to the next entry's."""
    lines = REAL[name].read_text(encoding="utf-8-sig").splitlines(keepends=True)
    starts = [number for number, line in enumerate(lines, 1) if re.match(r"[ \t]*@", line)] + [len(lines) + 1]
    dropped = set()
    for start in REJECTED.get(name, {}):
        end = next(number for number in starts if number > start)
        dropped |= set(range(start, end))
    return "".join(line for number, line in enumerate(lines, 1) if number not in dropped)


def raw_latex(text: str, allowed: list[str]) -> list[str]:
    for known in allowed:
        text = text.replace(known, "")
    return [text[max(0, found.start() - 40) : found.end() + 40] for found in RAW_LATEX.finditer(text)]


@pytest.fixture(scope="module", params=FILES)
def real(request, tmp_path_factory) -> tuple[str, Build]:
    bib = (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8") + "\n" + accepted_by_bibtex(request.param)
    source = copy_root("minimal", tmp_path_factory.mktemp("real") / "src", **{"refs.bib": bib})
    return request.param, Build(source)


def test_a_real_bibliography_builds_strictly(real):
    """Every entry builds; the only warnings are for a paper listed twice, each naming both keys."""
    name, build = real
    found = dict(re.findall(r"WARNING: entry '([^']+)' has the (?:DOI|arXiv id) \S+ of '([^']+)'", build.warnings))
    assert found == TWICE_LISTED.get(name, {}), name
    assert len(build.warnings.splitlines()) == len(found), build.warnings
    assert all("one paper, one entry; remove one" in line for line in build.warnings.splitlines())


def test_no_page_shows_raw_latex(real):
    name, build = real
    found = {}
    pages = [build.outdir / "research/index.html", *sorted((build.outdir / "research").glob("*/*.html"))]
    pages += sorted(Path(build.outdir, "research").glob("[0-9]*.html"))
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        for hidden in article.select("pre, code, script, style, math, .highlight"):
            hidden.decompose()
        shown = raw_latex(article.get_text(" "), AS_TEX_SHOWS_IT.get(name, []))
        shown += raw_latex(
            " ".join(meta.get("content", "") for meta in soup.select(META)), AS_TEX_SHOWS_IT.get(name, [])
        )
        if shown:
            found[page.relative_to(build.outdir).as_posix()] = shown[:3]
    assert len(pages) > 2
    assert found == {}, name


def test_every_entry_of_a_real_bibliography_has_its_page(real):
    name, build = real
    keys = re.findall(r"^[ \t]*@[ \t]*(?!string|comment|preamble)\w+[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,",
                      accepted_by_bibtex(name), re.M | re.I)  # fmt: skip
    listed = {li["id"] for page in build.outdir.glob("research/*.html") for li in
              BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("li.publication")}  # fmt: skip
    missing = [key for key in keys if nodes.make_id(f"pub-{key}") not in listed]
    assert keys and missing == [], name
