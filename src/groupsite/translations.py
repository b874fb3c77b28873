"""A site in other languages than its pages': front matter translated through each page's catalog, kept honest.

Sphinx translates what a page says through the page's catalog (``locales/<language>/LC_MESSAGES/<page>.po``),
but not its front matter, which the package shows on the page and on other pages (an offer's summary on the
theses' cards). The gettext builder gets those fields too, into the same page's catalog, and the package shows
their translations wherever it shows them. What the package writes into a page (cards, lists, facts) is not
for the catalogs: it is translated where it comes from. And a translation that loses a link, which MyST would
let pass (a reference-style link comes out as text), fails the build; a sentence left untranslated is marked
as the pages' language, for screen readers and search engines.
"""

import gettext
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from groupsite import build_state
from groupsite.options import LOCALE, Settings

logger = logging.getLogger(__name__)

# The front matter fields of each kind of page that say something in words, not names, dates or choices.
TRANSLATED_FIELDS = {
    "offer": ("title", "summary", "prerequisites", "start"),
    "course": ("title", "summary", "kind", "language", "schedule"),
    "person": ("role", "bio", "now"),
    "topic": ("title", "summary"),
    "news": ("title", "summary"),
    "event": ("title", "summary", "kind", "place"),
}
# What a sentence may hold that its translation must keep.
KEPT = (nodes.reference, addnodes.pending_xref, nodes.image, nodes.footnote_reference, nodes.citation_reference)


def catalog_file(settings: Settings, srcdir: str | Path, docname: str) -> Path | None:
    """The compiled catalog of the page in this build's language (Sphinx compiles each .po as a build starts)."""
    domain = docname_to_domain(docname, settings.gettext_compact)
    for folder in settings.locale_dirs:
        path = Path(srcdir, folder, settings.language, "LC_MESSAGES", f"{domain}.mo")
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=256)
def read_catalog(path: Path, _modified: int) -> gettext.GNUTranslations:
    """A compiled catalog, read again once it changes (a live preview rebuilds after a translator's edit)."""
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)


def page_translator(settings: Settings, srcdir: str | Path, docname: str) -> gettext.NullTranslations:
    if not settings.translating or (path := catalog_file(settings, srcdir, docname)) is None:
        return gettext.NullTranslations()
    return read_catalog(path, path.stat().st_mtime_ns)


def translated(settings: Settings, srcdir: str | Path, docname: str, data: dict, kind: str) -> dict:
    """The page's front matter with its words in this build's language, where its catalog translates them.

    The fields as written stay under "written": a role is sorted into the People page's sections by its words.
    """
    if not settings.translating:
        return data
    translator = page_translator(settings, srcdir, docname)
    result = {**data, "written": data}
    for field in TRANSLATED_FIELDS[kind]:
        if isinstance(data.get(field), str) and data[field].strip():
            result[field] = translator.gettext(data[field].strip())
    return result


def in_their_language() -> str:
    """The attribute that marks what stays as written (an entry's title, authors, abstract) in a translated page."""
    settings = build_state.settings()
    return f' lang="{settings.source_language}"' if settings.translating else ""


def written_as(node: nodes.Node) -> nodes.Node:
    """The node marked, in a translated page, as in the pages' own language: a paper's title, say."""
    settings = build_state.settings()
    if not settings.translating:
        return node
    return nodes.inline("", "", node, classes=[f"language-{settings.source_language}"])  # docutils writes lang=


def as_written(made: list[nodes.Node]) -> list[nodes.Node]:
    """Marks what the package writes into a page as no text of the page's catalog: it is translated at its source."""
    for node in made:
        for element in node.findall(nodes.Element):
            # Inline nodes are never translated on their own, and Sphinx unwraps any inline that has the attribute
            # (it takes them for a translation's placeholders); a <meta> would show it as an HTML attribute.
            if not isinstance(element, nodes.Inline | nodes.meta):
                element["translatable"] = False
    return made


def generated(directive: type) -> type:
    """A directive of the package's, whose output as_written() marks: cards, lists, sections it writes."""
    run = directive.run

    def run_and_mark(self) -> list[nodes.Node]:
        return as_written(run(self))

    directive.run = run_and_mark
    return directive


def kept(node: nodes.Element) -> int:
    return sum(1 for _ in node.findall(lambda n: isinstance(n, KEPT)))


class BeforeTranslation(SphinxTransform):
    """Counts the links of each sentence that Sphinx's translation (priority 20) may replace."""

    default_priority = 19

    def apply(self, **kwargs) -> None:
        if not build_state.settings().translating:
            return
        for node, message in extract_messages(self.document):
            if isinstance(node, nodes.TextElement):
                node["groupsite_kept"] = kept(node)
                node["groupsite_message"] = message


class AfterTranslation(SphinxTransform):
    """A translation that lost a link is an error; a sentence left untranslated is marked as the pages' language."""

    default_priority = 21

    def apply(self, **kwargs) -> None:
        settings = build_state.settings()
        if not settings.translating:
            return
        # the sentences a translator kept as they are (a name, a number): not untranslated
        confirmed = getattr(page_translator(settings, self.env.srcdir, self.env.docname), "_catalog", {})
        for node in list(self.document.findall(nodes.TextElement)):
            if "groupsite_kept" not in node:
                continue
            before = node.attributes.pop("groupsite_kept")
            message = node.attributes.pop("groupsite_message")
            if not node.get("translated") and message not in confirmed:
                # docutils writes a class "language-xx" as the element's lang attribute
                node["classes"].append(f"language-{settings.source_language}")
            elif kept(node) < before:
                logger.warning(
                    f"the {settings.language!r} translation of this text keeps {kept(node)} of its {before} links: "
                    "write each link in the translation as the text has it, [text](target) or {role}`target`, "
                    "in locales/" + settings.language + "/LC_MESSAGES/"
                    + docname_to_domain(self.env.docname, settings.gettext_compact) + ".po",
                    location=node,
                    type="groupsite",
                    subtype="translation",
                )  # fmt: skip


def add_theme_labels(app: Sphinx) -> None:
    """The labels the theme shows and Sphinx's own catalog lacks (Furo has none in German), from the package's."""
    if not app.config.language or not (LOCALE / app.config.language / "LC_MESSAGES" / "theme.mo").is_file():
        return
    labels = gettext.translation("theme", str(LOCALE), [app.config.language])
    translator = app.translator
    while translator is not None:  # once: a process may run many builds, all with Sphinx's one translator
        if translator is labels:
            return
        translator = getattr(translator, "_fallback", None)
    app.translator.add_fallback(labels)


def compile_catalogs(app: Sphinx) -> None:
    """The pages' catalogs compiled before the site's people and topics are read, in the build's language (Sphinx
    would compile them only as it reads the pages)."""
    if build_state.settings().translating and app.builder.use_message_catalog:
        app.builder.compile_update_catalogs()


def register(app: Sphinx) -> None:
    app.connect("builder-inited", compile_catalogs, priority=500)  # before the site index (550)
    app.add_transform(BeforeTranslation)
    app.add_transform(AfterTranslation)
    app.connect("builder-inited", add_theme_labels)
