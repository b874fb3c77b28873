"""Pages made from refs.bib rather than from a document: written again only when what they show has changed."""

import json
import os
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util import logging

from groupsite import build_state
from groupsite.internals import helper_process, settings_digest, toctree_includes
from groupsite.model import site_index
from groupsite.rendering import formatted_entries
from groupsite.versioning import digest

logger = logging.getLogger(__name__)

# How many pages must be found outdated before a helper process is worth starting: forking a
# build that holds 10,000 entries, and its first pages, take about as long as writing 100 pages.
SPLIT_AFTER = 100
# The record's key for the digest of what every page shows.
SITE = "*"


def odd(year: int) -> bool:
    return year % 2 == 1


def two_in_three(year: int) -> bool:
    return year % 3 != 0


# Where the digests of the written pages are kept between builds: beside Sphinx's own cache.
DIGESTS = "generated-pages.json"


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
        settings_digest(builder),
        builder.templates.newest_template_mtime(),
        static,
        navigation,
        toctree_includes(env),
        site_index.fingerprint(),
    )


class GeneratedPages:
    """The digest each generated page was last written with, so that unchanged pages are skipped.

    When many pages are to be written and every extension may write in parallel, a helper process
    writes the pages of some years (year pages and their papers), this one the others: a full
    build of 5,039 entries took 9.2 s so, and 12.7 s in one process. Both processes note every
    page's digest, so that the record saved here is whole.
    """

    def __init__(self, app: Sphinx):
        self.app = app
        self.site = site_digest(app)  # once per build, for every generated page
        self.outdir = Path(app.builder.outdir)
        self.path = Path(app.doctreedir, DIGESTS)
        try:
            self.before = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.before = {}  # a first build, or a cleaned one: write everything
        # -E: everything is made again, these pages too; what is gone since is still taken away.
        self.written = {} if build_state.current().fresh else self.before
        self.forgotten = False  # whether the record on disk is gone, as pages are being written
        self.now: dict[str, str] = {SITE: self.site}
        # Only where every extension's page handlers may run in another process, as Sphinx's own -j asks.
        safe = all(getattr(extension, "parallel_write_safe", True) for extension in app.extensions.values())
        self.split = app.config.groupsite_processes > 1 and safe
        self.outdated_pages = 0
        self.helper = None
        self.in_helper = False
        self.helper_takes = odd  # the years whose pages the helper writes

    @property
    def all_outdated(self) -> bool:
        """Whether every page will be written: a first build, or a change every page shows (conf.py, theme)."""
        return self.written.get(SITE) != self.site

    def start_helper(self, helper_takes: Callable[[int], bool]) -> None:
        self.helper = helper_process()
        if self.helper is None:
            self.split = False
            return
        logger.info("writing generated pages in 2 processes")
        self.helper_takes = helper_takes
        self.helper.add_task(write_share, self.app, self.take_back)

    def outdated(self, page: str, page_digest: str, suffix: str = ".html", year: int | None = None) -> bool:
        """Whether this process must write the page: it is new, it changed, or its file is gone.

        year: the year the page belongs to, for pages that may be split between two processes.
        """
        self.now[page] = page_digest
        if self.written.get(page) == page_digest and (self.outdir / (page + suffix)).exists():
            return False
        if not self.forgotten:
            # Until this build saves its record, the old one would vouch for pages written anew: should
            # the build fail and its inputs come back as they were, those pages would be kept as they are.
            self.path.unlink(missing_ok=True)
            self.forgotten = True
        return year is None or self.mine(year)

    def mine(self, year: int) -> bool:
        if self.in_helper:
            return self.helper_takes(year)
        if self.helper is None:
            self.outdated_pages += 1
            if not self.split or self.outdated_pages < SPLIT_AFTER:
                return True
            # The helper starts from the first page: it writes the odd years' pages written so far again.
            self.start_helper(odd)
            if self.helper is None:
                return True
        return not self.helper_takes(year)

    def take_back(self, app: Sphinx, formatted: dict) -> None:
        """What the helper formatted is kept, for later builds, as what this process formatted."""
        formatted_entries.keep_from_helper(formatted)

    def join_helper(self) -> None:
        """Waits for the helper, if one was started: its log and pages come back to this process."""
        if self.helper is None:
            return
        try:
            self.helper.join()
        except EOFError:  # it ended without a word: killed, or out of memory
            raise SphinxError(
                "the second process writing generated pages stopped unexpectedly; "
                "set groupsite_processes = 1 in conf.py to see why"
            ) from None

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
        return [page for page in self.before if page.startswith(prefix) and page not in self.now]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.now, sort_keys=True), encoding="utf-8")


def generated_pages(app: Sphinx) -> GeneratedPages:
    """This build's record of generated pages, made on first use."""
    state = build_state.current()
    if state.generated_pages is None:
        state.generated_pages = GeneratedPages(app)
    return state.generated_pages


def save_digests(app: Sphinx, exception) -> None:
    pages = build_state.current().generated_pages
    if exception is None and pages is not None:
        pages.save()


def write_generated_pages(app: Sphinx):
    """Runs each extension's writer of generated pages (handlers of generated-pages), and yields their pages.

    Sphinx writes each page it is given as it writes a document's (handle_page): every extension's
    html-page-context handler sees it.
    """
    if app.builder.format != "html":
        return
    pages = generated_pages(app)
    try:
        for writer in app.events.emit("generated-pages"):
            yield from writer
    except BaseException:
        if pages.helper is not None:
            pages.helper.terminate()  # this process failed first: the helper stops too
        raise
    pages.join_helper()


def start_with_the_documents(app: Sphinx, doctree, docname: str) -> None:
    """When every generated page will be written, the helper starts as the documents are written.

    It then writes two years in three, while this process writes the documents and the rest.
    """
    if app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    pages = generated_pages(app)
    if not (pages.split and pages.helper is None and not pages.in_helper and pages.all_outdated):
        return
    # A page per entry at least: a small site's pages are written sooner than a helper starts.
    if len(app.env.get_domain("cite").bibdata.data.entries) >= SPLIT_AFTER:
        pages.start_helper(two_in_three)


def stop_helper(app: Sphinx, exception) -> None:
    """A build that failed before the generated pages stops the helper too: nothing would read its result."""
    pages = build_state.current().generated_pages
    if exception is not None and pages is not None and pages.helper is not None:
        pages.helper.terminate()


def write_share(app: Sphinx) -> dict:
    """In the forked helper: writes its years' pages as Sphinx writes any page; hands back what it formatted."""
    pages = generated_pages(app)
    pages.helper, pages.in_helper = None, True
    for writer in app.events.emit("generated-pages"):
        for pagename, context, template in writer:
            app.builder.handle_page(pagename, context, template)
    return formatted_entries.formatted_in_helper()


def shared_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Generated pages of one folder share their navigation: it is made once per build, not once per page.

    They are not in any table of contents, so the theme's navigation tree is the same for all
    of them; making it means resolving the site's whole toctree, about 50 ms a page.
    """
    folder = pagename.rpartition("/")[0]
    # Pages at the root (search, 404) may have navigation of their own, with absolute links.
    if doctree is not None or not folder or "toctree" not in context:
        return
    made = build_state.current().memos["shared navigation"]
    toctree = context["toctree"]

    def navigation(**kwargs) -> str:
        key = (folder, tuple(sorted(kwargs.items())))
        if key not in made:
            made[key] = toctree(**kwargs)
        return made[key]

    context["toctree"] = navigation


def register(app: Sphinx) -> None:
    # Extensions connect their writers of generated pages here, each a generator like html-collect-pages'.
    app.add_event("generated-pages")
    app.connect("html-collect-pages", write_generated_pages)
    # The first document written: the builder is ready for pages by then.
    app.connect("doctree-resolved", start_with_the_documents)
    app.connect("build-finished", stop_helper)
    # Before the theme's own handler (500) asks for the navigation.
    app.connect("html-page-context", shared_navigation, priority=400)
    # After every extension has noted the pages it wrote (at the default, 500).
    app.connect("build-finished", save_digests, priority=900)
