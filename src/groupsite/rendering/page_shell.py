"""Generated pages of one folder, written from the theme's page rendered once per build with stand-ins."""

import re
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

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


def theme_page(builder, pagename: str, context: dict, template: str) -> str:
    """The page as handle_page writes it, written into a folder of its own and read back; the site is untouched."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "page.html")
        builder.handle_page(pagename, context, template, outfilename=path)
        return path.read_text(encoding=builder.config.html_output_encoding)


class PageShell:
    """The theme's page for one folder's generated pages, rendered once with stand-ins and then filled in per page.

    Every html-page-context handler runs on the shell only: handlers that change the body run again on
    each page's own body (body_handlers, called with a context that holds only the body), and a handler
    that notes each page it sees would see none of them. The first page is also rendered by the theme
    and compared, so that a handler changing pages unnoticed sends every page back to the theme.
    """

    def __init__(self, app: Sphinx, folder: str, template: str = "page.html", body_handlers=()):
        self.app, self.builder, self.folder, self.template = app, app.builder, folder, template
        self.body_handlers = list(body_handlers)
        self.filters = self.builder.templates.environment.filters
        self.encoding = self.builder.config.html_output_encoding  # as handle_page writes pages
        self.parts: list | None = None  # literal text, and (slot, filter chain) where a value goes
        self.usable = True

    def write(self, pagename: str, context: dict) -> bool:
        """Writes the page from the shell; False if the shell cannot make it, and the theme must."""
        text = self.text(pagename, context)
        if text is None:
            return False
        path = self.builder.get_output_path(pagename)
        path.parent.mkdir(parents=True, exist_ok=True)
        # As handle_page writes, so that the bytes are the same.
        path.write_text(text, encoding=self.encoding, errors="xmlcharrefreplace")
        return True

    def text(self, pagename: str, context: dict) -> str | None:
        """The page's HTML from the shell; None if the shell cannot make it."""
        folder, _, name = pagename.rpartition("/")
        if not self.usable or folder != self.folder or not PLAIN_NAME.fullmatch(name):
            return None
        slots = [slot for slot in SLOTS if slot in context]
        # An empty value could take another branch of the template than the stand-in took.
        if not all(isinstance(context[slot], str) and context[slot] for slot in slots):
            return None
        shared = {key: value for key, value in context.items() if key not in SLOTS}
        if self.parts is None:
            self.render(slots, shared)
            return self.checked(pagename, context) if self.usable else None
        if slots != self.slots or shared != self.shared:
            return None
        return self.fill(pagename, context)

    def render(self, slots: list[str], shared: dict) -> None:
        """Renders the shell with a stand-in for each slot, and finds where and how each one is shown."""
        self.slots, self.shared = slots, shared
        stand_ins = {slot: stand_in(slot) for slot in slots}
        name = f"{MARK}-{PAGE_NAME}"
        text = theme_page(self.builder, f"{self.folder}/{name}", {**shared, **stand_ins}, self.template)
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

    def checked(self, pagename: str, context: dict) -> str | None:
        """The first page from the shell, if the theme renders it the same."""
        text = self.fill(pagename, context)
        theme = theme_page(self.builder, pagename, context, self.template)
        # The theme's page was read back from its file, where characters the encoding lacks are references.
        if text.encode(self.encoding, errors="xmlcharrefreplace") == theme.encode(self.encoding):
            return text
        self.give_up(f"the page {pagename} differs from the theme's: a handler changes what the shell does not know")
        return None

    def give_up(self, reason: str) -> None:
        """From now on every page is left to the theme: slower, but right."""
        logger.warning("page shell of %s/: %s; the theme renders every page", self.folder, reason, type="page_shell")
        self.usable = False

    def filtered(self, value: str, chain: tuple[str, ...]) -> str:
        """The value as the template shows it through these Jinja filters."""
        for name in chain:
            value = self.filters[name](value)
        return str(value)

    def fill(self, pagename: str, context: dict) -> str:
        """The shell with this page's values in place of the stand-ins."""
        values = {slot: context[slot] for slot in self.slots}
        for handler in self.body_handlers:
            page_context = {"body": values["body"]}
            handler(self.app, pagename, self.template, page_context, None)
            values["body"] = page_context["body"]
        values[PAGE_NAME] = pagename.rpartition("/")[2]
        shown = {part: self.filtered(values[part[0]], part[1]) for part in self.parts[1::2]}
        return "".join(part if isinstance(part, str) else shown[part] for part in self.parts)
