"""Pages made from refs.bib rather than from a document: written again only when what they show has changed."""

import hashlib
import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import CONFIG_NEW
from sphinx.util import logging
from sphinx.util.parallel import ParallelTasks, parallel_available

import site_index

logger = logging.getLogger(__name__)

# Where the digests of the written pages are kept between builds: beside Sphinx's own cache.
DIGESTS = "generated-pages.json"


def digest(*parts) -> str:
    """A short fingerprint of what a page shows."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


def site_digest(app: Sphinx) -> str:
    """What every generated page depends on besides its own entry: settings, theme, navigation, people, topics."""
    builder, env = app.builder, app.env
    static = sorted(
        (str(path), path.stat().st_mtime_ns)
        for folder in app.config.html_static_path
        for path in Path(app.confdir, folder).rglob("*")
        if path.is_file()
    )
    navigation = sorted((docname, title.astext()) for docname, title in env.titles.items())
    return digest(
        builder.build_info.config_hash,
        builder.build_info.tags_hash,
        builder.templates.newest_template_mtime(),
        static,
        navigation,
        sorted(env.toctree_includes.items()),
        site_index.fingerprint(),
    )


class GeneratedPages:
    """The digest each generated page was last written with, so that unchanged pages are skipped."""

    def __init__(self, app: Sphinx):
        self.site = site_digest(app)  # once per build, for every generated page
        self.outdir = Path(app.builder.outdir)
        self.path = Path(app.doctreedir, DIGESTS)
        try:
            self.written = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.written = {}  # a first build, or a cleaned one: write everything
        if app.env.config_status == CONFIG_NEW:
            self.written = {}  # a fresh environment (-E): everything is made again, these pages too
        self.now: dict[str, str] = {}
        self.share = (0, 1)  # (which, of how many): the processes writing these pages split them by year

    def mine(self, year: int) -> bool:
        """Whether this process writes the pages of this year's entries (all of them, unless built with -j)."""
        which, processes = self.share
        return year % processes == which

    def outdated(self, page: str, page_digest: str, suffix: str = ".html") -> bool:
        """Whether the page must be written: it is new, it changed, or its file is gone."""
        self.now[page] = page_digest
        return self.written.get(page) != page_digest or not (self.outdir / (page + suffix)).exists()

    def unchanged(self, folder: str, folder_digest: str) -> bool:
        """Whether the generated pages in the folder were all written from this, and are all there.

        Then none of them is looked at again: a rebuild that changed nothing of refs.bib
        takes as long with 10,000 entries as with 40.
        """
        mark = f"{folder}/*"
        self.now[mark] = folder_digest
        pages = [page for page in self.written if page != mark and page.rpartition("/")[0] == folder]
        try:
            present = set(os.listdir(self.outdir / folder))
        except OSError:
            return False
        if self.written.get(mark) != folder_digest or not all(
            page[len(folder) + 1 :] + ".html" in present for page in pages
        ):
            return False
        self.now.update((page, self.written[page]) for page in pages)
        return True

    def gone(self, prefix: str) -> list[str]:
        """The pages under prefix written before that this build no longer makes."""
        return [page for page in self.written if page.startswith(prefix) and page not in self.now]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.now, sort_keys=True), encoding="utf-8")


def generated_pages(app: Sphinx) -> GeneratedPages:
    """This build's record of generated pages, made on first use."""
    if not hasattr(app.builder, "generated_pages"):
        app.builder.generated_pages = GeneratedPages(app)
    return app.builder.generated_pages


def save_digests(app: Sphinx, exception) -> None:
    if exception is None and hasattr(app.builder, "generated_pages"):
        app.builder.generated_pages.save()


def write_generated_pages(app: Sphinx):
    """Runs each extension's writer of generated pages; with -j, a second process writes half of the years.

    The writers (handlers of the generated-pages event) write what they can themselves, and
    yield the pages the theme must render. Both processes note every page's digest, so that
    the record saved is whole; only this one saves it.
    """
    if app.builder.format != "html":
        return
    pages = generated_pages(app)
    if app.parallel < 2 or not parallel_available:
        for writer in app.events.emit("generated-pages"):
            yield from writer
        return
    logger.info("writing generated pages in 2 processes")
    theirs: list[tuple] = []
    helper = ParallelTasks(1)
    helper.add_task(write_share, app, lambda app, rendered: theirs.extend(rendered))
    try:
        pages.share = (0, 2)
        for writer in app.events.emit("generated-pages"):
            yield from writer
        helper.join()
    finally:
        helper.terminate()  # the helper, if this process failed first
    yield from theirs


def write_share(app: Sphinx) -> list[tuple]:
    """In the forked helper: writes the other half of the years, and hands back what the theme must render."""
    generated_pages(app).share = (1, 2)
    return [page for writer in app.events.emit("generated-pages") for page in writer]


def shared_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Generated pages of one folder share their navigation: it is made once per build, not once per page.

    They are not in any table of contents, so the theme's navigation tree is the same for all
    of them; making it means resolving the site's whole toctree, about 50 ms a page.
    """
    folder = pagename.rpartition("/")[0]
    # Pages at the root (search, 404) may have navigation of their own, with absolute links.
    if doctree is not None or not folder or "toctree" not in context:
        return
    made = app.builder.__dict__.setdefault("shared_navigation", {})
    toctree = context["toctree"]

    def navigation(**kwargs) -> str:
        key = (folder, tuple(sorted(kwargs.items())))
        if key not in made:
            made[key] = toctree(**kwargs)
        return made[key]

    context["toctree"] = navigation


def setup(app: Sphinx) -> dict:
    app.setup_extension("site_index")
    # Extensions connect their writers of generated pages here, each a generator like html-collect-pages'.
    app.add_event("generated-pages")
    app.connect("html-collect-pages", write_generated_pages)
    # Before the theme's own handler (500) asks for the navigation.
    app.connect("html-page-context", shared_navigation, priority=400)
    # After every extension has noted the pages it wrote (at the default, 500).
    app.connect("build-finished", save_digests, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
