"""Every page's sidebar and previous/next links follow the pages there are, in an incremental build too.

Sphinx reads again only the pages that changed and the toctree that lists them, and writes only
those: after a page is added, removed or retitled, every other page would keep its old sidebar and
its neighbours their old previous/next links (a clean build is right). Here a change of the site's
navigation writes every page again from its saved doctree, without reading it again; the output
of a removed page is deleted, and the search index forgets words no page has any more, as a
clean build would never have written them.
"""

import json
from pathlib import Path

from sphinx.application import Sphinx

from groupsite.internals import forget_words_of_no_page, toctree_includes
from groupsite.model.domain import records
from groupsite.rendering.design import OverviewContents
from groupsite.versioning import digest


def navigation(env) -> str:
    """What the sidebar and the previous/next links are made from: the pages, their titles, the toctrees."""
    return digest(
        sorted(env.found_docs),
        sorted((docname, title.astext()) for docname, title in env.titles.items()),
        toctree_includes(env),
        sorted(env.glob_toctrees),
        sorted(env.numbered_toctrees),
    )


def pages_whose_navigation_changed(app: Sphinx, env) -> list[str]:
    """After reading: every page, when the navigation is not what the last build wrote into the pages."""
    kept = records(env)
    now, before = navigation(env), kept["navigation"]
    kept["navigation"] = now
    return sorted(env.found_docs) if before not in (None, now) else []


# The pages the last build wrote, beside Sphinx's own cache: a fresh environment (-E) knows no earlier build.
DOCUMENTS = "documents-written.json"


def delete_removed_pages(app: Sphinx, env, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """A removed page's HTML and copied source leave the output folder, where a clean build has none."""
    if app.builder.format == "html" and hasattr(app.builder, "get_outfilename"):
        try:
            before = set(json.loads(Path(app.doctreedir, DOCUMENTS).read_text(encoding="utf-8")))
        except (OSError, ValueError):
            before = set()
        outdir = Path(app.builder.outdir)
        for docname in removed | (before - env.found_docs):
            Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)
            for source in (outdir / "_sources").glob(f"{docname}.*.txt"):
                source.unlink()
    return []


def note_documents_written(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        written = json.dumps(sorted(app.env.found_docs))
        Path(app.doctreedir, DOCUMENTS).write_text(written, encoding="utf-8")


def forget_removed_words(app: Sphinx):
    """The search index holds the words of the pages there are, as a clean build's does."""
    if getattr(app.builder, "indexer", None) is not None:
        forget_words_of_no_page(app.builder.indexer)
    return []


def register(app: Sphinx) -> None:
    app.add_transform(OverviewContents)
    app.connect("env-updated", pages_whose_navigation_changed)
    app.connect("env-get-outdated", delete_removed_pages)
    app.connect("build-finished", note_documents_written)
    # Last of the extra pages, just before Sphinx writes the search index.
    app.connect("html-collect-pages", forget_removed_words, priority=900)
