"""Pages made from refs.bib rather than from a document: written again only when what they show has changed."""

import hashlib
import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import CONFIG_NEW

import site_index

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
    # Before the theme's own handler (500) asks for the navigation.
    app.connect("html-page-context", shared_navigation, priority=400)
    # After every extension has noted the pages it wrote (at the default, 500).
    app.connect("build-finished", save_digests, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
