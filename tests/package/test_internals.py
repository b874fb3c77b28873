"""Each private interface of another library that the site uses (groupsite/internals.py) still works as relied on."""

import os
import time
from types import SimpleNamespace

import pytest
from docutils import nodes
from pybtex.database import BibliographyData
from sphinx import addnodes
from sphinx.highlighting import PygmentsBridge
from sphinx.search import IndexBuilder, js_index
from sphinx.testing.util import SphinxTestApp
from sphinx.util.docutils import new_document
from sphinxcontrib.bibtex import builder_inited_cite
from sphinxcontrib.bibtex.bibfile import BibData
from sphinxcontrib.bibtex.citation_target import CitationTarget
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CitationRef

from builds import Build
from groupsite.data.bib_store import StoredEntries
from groupsite.internals import (
    PAGE_TEXT,
    bib_file_as_of_now,
    fed_to_search_index,
    forget_dependencies,
    forget_words_of_no_page,
    helper_process,
    pages_depending_on,
    put_in_search_index,
    reuse_pygments_formatters,
    settings_digest,
    template_writing_text,
    toctree_includes,
    use_bibdata,
)
from package_roots import ROOTS, copy_root

# -- Sphinx -------------------------------------------------------------------


def test_sphinx_keeps_its_search_index_words_as_word_to_pages(build_root):
    build = build_root("minimal")
    indexer = IndexBuilder(build.env, "en", {}, "")
    with (build.outdir / "searchindex.js").open(encoding="utf-8") as index:
        indexer.load(index, js_index)
    mappings = [getattr(indexer, name, None) for name in ("_mapping", "_title_mapping")]
    assert all(isinstance(mapping, dict) and mapping for mapping in mappings), (
        "Sphinx's IndexBuilder no longer keeps _mapping and _title_mapping (word -> pages): "
        "groupsite.internals.forget_words_of_no_page must follow it"
    )
    word, pages = next(iter(indexer._mapping.items()))
    assert isinstance(pages, set)
    pages.clear()
    forget_words_of_no_page(indexer)
    assert word not in indexer._mapping
    assert all(indexer._mapping.values()) and all(indexer._title_mapping.values())


def test_sphinx_keeps_what_it_is_fed_in_its_index_builder_and_prunes_to_the_documents(build_root):
    build = build_root("minimal")
    fix = "groupsite.internals.fed_to_search_index and put_in_search_index must follow it"
    indexer = IndexBuilder(build.env, "en", {}, "")
    with (build.outdir / "searchindex.js").open(encoding="utf-8") as index:
        indexer.load(index, js_index)
    doctree = new_document("extra")
    doctree += nodes.section("", nodes.title(text="Lemurs of Madagascar"), nodes.paragraph(text="Counted lemurs."))
    fed = fed_to_search_index(indexer, [("extra", "extra.html", "Lemurs of Madagascar", doctree)])
    assert "extra" not in indexer._titles, f"feeding a copy of Sphinx's IndexBuilder fed the index itself: {fix}"
    title, filename, _, words, title_words = fed["extra"]
    assert (title, filename) == ("Lemurs of Madagascar", "extra.html")
    assert "lemur" in title_words and "count" in words, f"Sphinx's IndexBuilder keeps a page's words elsewhere: {fix}"
    put_in_search_index(indexer, {"extra": (title, filename, [])}, {"count": ["extra"]}, {"lemur": ["extra"]})
    indexer.prune(build.env.all_docs)  # as the builder does before writing the index
    frozen = indexer.freeze()
    number = frozen["docnames"].index("extra")
    assert frozen["titles"][number] == "Lemurs of Madagascar", f"Sphinx's prune dropped the page: {fix}"
    for terms, word in ((frozen["titleterms"], "lemur"), (frozen["terms"], "count")):
        assert number in (terms[word] if isinstance(terms[word], list) else [terms[word]])
    assert set(build.env.all_docs) < set(frozen["docnames"])


def test_sphinx_reads_a_page_again_when_a_file_in_its_dependencies_changes(build_root, tmp_path):
    build = build_root("minimal")
    env = build.env
    extra = tmp_path / "extra.txt"
    extra.write_text("noted", encoding="utf-8")
    later = time.time() + 3600
    os.utime(extra, (later, later))
    fix = "groupsite.internals.forget_dependencies must follow it"
    env.note_dependency(extra, docname="index")
    assert "index" in env.get_outdated_files(config_changed=False)[1]
    forget_dependencies(env, "index", {extra})
    assert "index" not in env.get_outdated_files(config_changed=False)[1], (
        f"Sphinx no longer keeps a page's dependencies in BuildEnvironment.dependencies: {fix}"
    )


def test_sphinx_makes_a_pygments_formatter_for_each_block_through_its_highlighter_s_formatter_attribute():
    blocks = ["@article{a,\n  title = {A},\n}", "@misc{b,\n  year = {2020},\n}"]
    expected = [PygmentsBridge("html").highlight_block(block, "bibtex") for block in blocks]
    highlighter = PygmentsBridge("html")
    fix = "groupsite.internals.reuse_pygments_formatters must follow it"
    make = getattr(highlighter, "formatter", None)
    assert callable(make), f"Sphinx's PygmentsBridge no longer has a formatter attribute: {fix}"
    made = []

    def counted(**options):
        made.append(options)
        return make(**options)

    highlighter.formatter = counted
    reuse_pygments_formatters(highlighter)
    assert [highlighter.highlight_block(block, "bibtex") for block in blocks * 2] == expected * 2, (
        f"Sphinx's highlighter writes other HTML with a Pygments formatter used again: {fix}"
    )
    assert len(made) == 1, (
        f"Sphinx's PygmentsBridge made {len(made)} Pygments formatters for four blocks, not one: it no longer "
        f"makes them by calling its formatter attribute: {fix}"
    )


def test_sphinx_lists_a_page_s_noted_dependencies_in_its_environment(build_root, tmp_path):
    build = build_root("minimal")
    extra = tmp_path / "extra.txt"
    extra.write_text("noted", encoding="utf-8")
    build.env.note_dependency(extra, docname="index")
    assert pages_depending_on(build.env, lambda path: path.resolve() == extra.resolve()) == ["index"], (
        "Sphinx no longer keeps a page's dependencies in BuildEnvironment.dependencies: "
        "groupsite.internals.pages_depending_on must follow it"
    )


def test_sphinx_keeps_which_pages_each_toctree_lists(build_root):
    build = build_root("minimal")
    included = dict(toctree_includes(build.env))
    assert "people/index" in included.get("index", ()), (
        "Sphinx no longer keeps BuildEnvironment.toctree_includes: groupsite.internals.toctree_includes must follow it"
    )


@pytest.fixture
def html_app(tmp_path):
    """A Sphinx HTML build of one page, alive for the test (Build cleans its application up)."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('html_title = "One"\n', encoding="utf-8")
    (source / "index.rst").write_text("One\n===\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=source)
    app.build()
    yield app
    app.cleanup()


def test_sphinx_s_html_builder_keeps_its_settings_digest_in_build_info(html_app):
    fix = "groupsite.internals.settings_digest must follow it"
    config_hash, tags_hash = settings_digest(html_app.builder)
    assert isinstance(config_hash, str) and config_hash and isinstance(tags_hash, str) and tags_hash, (
        f"Sphinx's HTML builder no longer keeps build_info.config_hash and tags_hash: {fix}"
    )
    assert config_hash in (html_app.outdir / ".buildinfo").read_text(encoding="utf-8"), (
        f"Sphinx's build_info.config_hash is not what it writes to .buildinfo: {fix}"
    )


def test_a_template_object_given_for_a_name_renders_through_sphinx_s_template_bridge(html_app):
    template = template_writing_text(html_app.builder.templates)
    assert html_app.builder.templates.render(template, {PAGE_TEXT: "<p>Written as it is &amp;</p>"}) == (
        "<p>Written as it is &amp;</p>"
    ), (
        "Sphinx's template bridge no longer renders a Jinja Template given in place of a name, or its environment "
        "escapes: groupsite.internals.template_writing_text must follow it"
    )


def test_sphinx_s_parallel_tasks_run_a_task_in_another_process_and_hand_its_result_back():
    helper = helper_process()
    if helper is None:
        pytest.skip("this machine cannot fork")
    results = []
    helper.add_task(os.getpid, result_func=lambda _arg, pid: results.append(pid))
    helper.join()
    assert results and results[0] != os.getpid(), (
        "Sphinx's ParallelTasks no longer runs add_task's function in another process and hands its result "
        "to result_func: groupsite.internals.helper_process must follow it"
    )


# -- sphinxcontrib-bibtex -----------------------------------------------------

CITING_PAGE = "# Citing\n\nCited in the text: {cite:t}`turing2023cortex`.\n"
UNCITED_ENTRY = """
@article{doe2022uncited,
  author = {Doe, Jane},
  title = {Never cited},
  journal = {J},
  year = {2022},
}
"""


@pytest.fixture(scope="module")
def citing_site(tmp_path_factory) -> Build:
    """The minimal site with an entry cited in a page's text, one cited by front matter, one not cited."""
    index = (ROOTS / "test-minimal" / "index.md").read_text(encoding="utf-8").replace("```\n", "citing\n```\n")
    refs = (ROOTS / "test-minimal" / "refs.bib").read_text(encoding="utf-8") + UNCITED_ENTRY
    files = {"index.md": index, "refs.bib": refs, "citing.md": CITING_PAGE}
    return Build(copy_root("minimal", tmp_path_factory.mktemp("citing") / "src", **files))


def test_the_citing_site_builds_without_warnings(citing_site):
    assert citing_site.warnings == ""


def test_sphinxcontrib_bibtex_keeps_bibdata_it_finds_fresh_in_its_domain_at_builder_inited(tmp_path):
    path = (tmp_path / "refs.bib").resolve()
    path.write_text(UNCITED_ENTRY, encoding="utf-8")
    bibdata = BibData(encoding="utf-8", bibfiles={path: bib_file_as_of_now(path)}, data=BibliographyData())
    domain = BibtexDomain(SimpleNamespace(domaindata={}))
    use_bibdata(domain, bibdata)
    # sphinxcontrib-bibtex's own builder-inited handler, given what it reads of the application.
    config = SimpleNamespace(bibtex_reference_style="label", bibtex_bibfiles=["refs.bib"], bibtex_encoding="utf-8")
    env = SimpleNamespace(get_domain=lambda name: domain)
    builder_inited_cite(SimpleNamespace(env=env, config=config, confdir=str(tmp_path)))
    assert domain.bibdata is bibdata, (
        "sphinxcontrib-bibtex read refs.bib again at builder-inited, though its domain held it as read just now: "
        "groupsite.internals.use_bibdata and bib_file_as_of_now must follow it"
    )


def test_sphinxcontrib_bibtex_keeps_the_bibdata_the_site_read_at_builder_inited(citing_site):
    fix = "groupsite.internals.use_bibdata and bib_file_as_of_now must follow it"
    for reading in ("whole", "after an edit, only the entry edited"):
        if reading != "whole":
            citing_site.edit("refs.bib", "Never cited", "Still never cited")
            citing_site.rebuild()
            assert "parsing bibtex file" not in citing_site.status.getvalue()  # the site read only the entry
        assert "checking bibtex cache... up to date" in citing_site.status.getvalue(), (
            f"sphinxcontrib-bibtex read refs.bib again after the site had read it ({reading}): {fix}"
        )
        assert isinstance(citing_site.env.get_domain("cite").bibdata.data.entries, StoredEntries), (
            f"sphinxcontrib-bibtex does not hold refs.bib as the site read it ({reading}): {fix}"
        )


def citation_xref_ids(build: Build, docname: str) -> list[str]:
    doctree = build.env.get_doctree(docname)
    return [xref["ids"][0] for xref in doctree.findall(addnodes.pending_xref) if xref["refdomain"] == "cite"]


def test_sphinxcontrib_bibtex_notes_a_citation_as_a_citationref_in_its_domain(citing_site):
    domain = citing_site.env.get_domain("cite")
    fix = "groupsite.internals.note_citation must follow it"
    [by_role] = [ref for ref in domain.citation_refs if ref.docname == "citing"]
    assert (
        type(by_role) is CitationRef
        and by_role.citation_ref_id == citation_xref_ids(citing_site, "citing")[0]
        and by_role.targets == [CitationTarget(key="turing2023cortex", pre="", post="")]
    ), f"sphinxcontrib-bibtex's cite role no longer notes a citation as a CitationRef in citation_refs: {fix}"
    by_front_matter = [ref for ref in domain.citation_refs if ref.docname == "theses/offers/retina"]
    assert [ref.citation_ref_id for ref in by_front_matter] == citation_xref_ids(citing_site, "theses/offers/retina"), (
        f"the citations of a page's front matter are not noted in sphinxcontrib-bibtex's citation_refs: {fix}"
    )
    [bibliography] = [key for key in domain.bibliographies if key.docname == "research/index"]
    cited = [key for key, _ in BibtexDomain.get_filtered_entries(domain, bibliography)]
    assert cited == ["lovelace2024retina", "turing2023cortex"], (
        f"sphinxcontrib-bibtex's 'cited' filter no longer takes the entries of the CitationRefs in citation_refs: {fix}"
    )
