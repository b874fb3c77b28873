"""Generated pages rendered fast: the theme's page for a folder rendered once per build with stand-ins, then filled in.

Every generated page (a paper's, a year's) goes through Sphinx's ``handle_page``, so every
``html-page-context`` handler (Sphinx's, the theme's, another extension's, sphinx-sitemap's) sees each
page as it sees a document. The last handler is this module's: when a page's context differs from
the first page's of its folder only where the shell fills in (title, body, head tags, the page's
name), it gives the page the shell as its template, and rendering it is a substitution; the theme's
template took milliseconds a page. A page whose context differs anywhere else is left to the theme.
The first page of each folder is also rendered by the theme and compared, so that a template the
shell cannot reproduce sends every page back to the theme (and the build log says so).
"""

import re
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from groupsite import build_state
from groupsite.internals import PAGE_TEXT, as_rendered, template_writing_text

logger = logging.getLogger(__name__)

# What differs between the pages of one shell; the rest of their context must be the same for all of them.
SLOTS = ("title", "body", "metatags")
# How a template may show a value, as chains of Jinja filters: each turns a stand-in into a text of its own.
FILTER_CHAINS = ((), ("e",), ("striptags",), ("striptags", "e"))
# In every stand-in, so that a value shown in any other way is noticed.
MARK = "page-shell-4f1c"
# A page name of these characters is the same in a URL, in HTML and in JSON: it goes in as it is.
PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+")
PAGE_NAME = "name"  # the slot of the page's own name


def stand_in(slot: str) -> str:
    """A value that each filter chain changes differently: tags to strip, and characters to escape."""
    return f"{MARK}-{slot}<i>&amp;\"'</i>{MARK}"


class PageShell:
    """The theme's page for one folder's generated pages, found once, filled in for each page."""

    def __init__(self, app: Sphinx, folder: str):
        self.app, self.folder = app, folder
        self.filters = app.builder.templates.environment.filters
        self.parts: list | None = None  # literal text, and (slot, filter chain) where a value goes
        self.first: dict[str, Any] = {}  # the first page's context but for its slots and functions
        self.shared: dict[str, Any] = {}  # the same, its own name standing in for any page's
        self.usable = True
        self.made = self.left = 0  # pages made from the shell, and left to the theme

    def text(self, pagename: str, templatename: str, context: dict) -> str | None:
        """The page's HTML from the shell; None if the shell cannot make it, and the theme must."""
        name = pagename.rpartition("/")[2]
        if not self.usable or not PLAIN_NAME.fullmatch(name):
            return None
        # An empty value could take another branch of the template than the stand-in took.
        if not all(isinstance(context.get(slot), str) and context[slot] for slot in SLOTS):
            return None
        context = as_rendered(context)
        if self.parts is None:
            self.first = {key: value for key, value in context.items() if key not in SLOTS and not callable(value)}
            self.shared = self.shared_part(pagename, templatename, self.first)
            self.render(pagename, templatename, context, self.shared)
            text = self.checked(pagename, templatename, context) if self.usable else None
        else:
            text = self.fill(pagename, context) if self.shares(pagename, templatename, context) else None
        self.made, self.left = self.made + (text is not None), self.left + (text is None)
        return text

    def shares(self, pagename: str, templatename: str, context: dict) -> bool:
        """Whether the page's context is the first page's but for the slots: most values are the very same objects."""
        own = [(key, value) for key, value in context.items() if key not in SLOTS and not callable(value)]
        if len(own) != len(self.first) or templatename != self.shared["groupsite template"]:
            return False
        differing = {key: value for key, value in own if value is not self.first.get(key, self)}
        return not differing or all(
            self.shared_part(pagename, templatename, differing)[key] == self.shared.get(key, self) for key in differing
        )

    @staticmethod
    def shared_part(pagename: str, templatename: str, context: dict) -> dict[str, Any]:
        """What the shell takes as it is: the context without the slots, the page's name replaced by a stand-in.

        Functions (pathto, toctree) are made anew for each page; for pages of one folder they give the same.
        """
        own = f"{pagename.rpartition('/')[0]}/{MARK}-{PAGE_NAME}"
        return {
            key: value.replace(pagename, own) if isinstance(value, str) else value
            for key, value in context.items()
            if key not in SLOTS and not callable(value)
        } | {"groupsite template": templatename}

    def render(self, pagename: str, templatename: str, context: dict, shared: dict) -> None:
        """Renders the shell with a stand-in for each slot, and finds where and how each one is shown."""
        self.shared = shared
        name = f"{MARK}-{PAGE_NAME}"
        stand_ins = {slot: stand_in(slot) for slot in SLOTS}
        own = f"{pagename.rpartition('/')[0]}/{name}"
        named = {key: value.replace(pagename, own) if isinstance(value, str) else value
                 for key, value in context.items()}  # fmt: skip
        text = self.app.builder.templates.render(templatename, named | stand_ins)
        shown = {name: (PAGE_NAME, ())}
        for slot, value in stand_ins.items():
            for chain in FILTER_CHAINS:
                form = self.filtered(value, chain)
                if form in text:
                    shown[form] = (slot, chain)
        # The longest first: no stand-in's form is cut short by another's.
        pattern = re.compile("(" + "|".join(map(re.escape, sorted(shown, key=len, reverse=True))) + ")")
        pieces = pattern.split(text)
        self.parts = [piece if i % 2 == 0 else shown[piece] for i, piece in enumerate(pieces)]
        if any(MARK in piece for piece in pieces[::2]):
            self.give_up("the theme shows a page's title, body or head tags in a way the shell cannot reproduce")

    def checked(self, pagename: str, templatename: str, context: dict) -> str | None:
        """The first page from the shell, if the theme renders it the same."""
        text = self.fill(pagename, context)
        if text == self.app.builder.templates.render(templatename, context):
            return text
        self.give_up(f"the page {pagename} differs from the theme's")
        return None

    def give_up(self, reason: str) -> None:
        """From now on every page of the folder is left to the theme: slower, but right (a note, not a warning)."""
        logger.info("page shell of %s/: %s; the theme renders every page", self.folder, reason)
        self.usable = False

    def filtered(self, value: str, chain: tuple[str, ...]) -> str:
        """The value as the template shows it through these Jinja filters."""
        for name in chain:
            value = self.filters[name](value)
        return str(value)

    def fill(self, pagename: str, context: dict) -> str:
        """The shell with this page's values in place of the stand-ins."""
        values = {slot: context[slot] for slot in SLOTS}
        values[PAGE_NAME] = pagename.rpartition("/")[2]
        shown = {part: self.filtered(values[part[0]], part[1]) for part in self.parts[1::2]}
        return "".join(part if isinstance(part, str) else shown[part] for part in self.parts)


def generated_folders() -> set[str]:
    """The folders whose pages the package generates: the paper pages, and the list's years."""
    settings = build_state.settings()
    return {settings.paper_pages, settings.publication_list.rpartition("/")[0]}


def page_from_shell(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """The last html-page-context handler: a generated page gets its shell as its template, where it can."""
    folder = pagename.rpartition("/")[0]
    if doctree is not None or folder not in generated_folders():
        return None
    shells = build_state.current().memos["page shells"]
    if folder not in shells:
        shells[folder] = PageShell(app, folder)
    text = shells[folder].text(pagename, templatename, context)
    if text is None:
        return None
    context[PAGE_TEXT] = text
    return build_state.current().memo("page shell template", None, lambda: template_writing_text(app.builder.templates))


def tell(app: Sphinx, exception) -> None:
    """How many pages of each folder the shells made, in the build's log."""
    for folder, shell in sorted(build_state.current().memos["page shells"].items()):
        logger.info("page shell of %s/: pages from the shell %d, from the theme %d", folder, shell.made, shell.left)


def register(app: Sphinx) -> None:
    # After every other handler: they have all seen the page, and none returns a template after this one.
    app.connect("html-page-context", page_from_shell, priority=1000)
    app.connect("build-finished", tell)
