"""Pages that gave a warning are read again by the next build: a strict build fails again until they are fixed.

Sphinx warns about a page while it reads or writes it, and a later build that finds the page unchanged
reads and writes nothing, warns nothing, and exits 0: a member who builds twice would push a broken page.
Each build notes the pages its warnings name (beside Sphinx's cache: the environment is saved before
pages are written, where unresolved references are found), and the next one reads them again.
"""

import json
import logging
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, get_node_location, is_suppressed_warning

from groupsite import build_state

RECORD = "pages-with-warnings.json"  # beside Sphinx's own cache


class PagesWithWarnings(logging.Handler):
    """Notes the page each warning is about, as Sphinx's own warning handler would name it."""

    def __init__(self, app: Sphinx):
        super().__init__(level=logging.WARNING)
        self.app, self.pages = app, set()

    def emit(self, record: logging.LogRecord) -> None:
        suppressed = self.app.config.suppress_warnings
        if is_suppressed_warning(getattr(record, "type", ""), getattr(record, "subtype", ""), suppressed):
            return
        page = self.page_of(getattr(record, "location", None))
        if page:
            self.pages.add(page)

    def page_of(self, location) -> str | None:
        """The page a warning's location names: (page, line), a node, "path:line", or a page's name."""
        env = self.app.env
        if isinstance(location, tuple):
            return location[0] or None
        if location is not None and not isinstance(location, str):
            location = get_node_location(location)
        if not location:
            return None
        if location in env.all_docs:
            return location
        path = location.rsplit(":", 1)[0] if location.rpartition(":")[2].isdigit() else location.rstrip(":")
        return env.path2doc(path)


def watch(app: Sphinx) -> None:
    handler = PagesWithWarnings(app)
    logging.getLogger(NAMESPACE).addHandler(handler)
    build_state.current().memos["warnings"]["handler"] = handler


def outdated_pages_with_warnings(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """The pages the last build warned about, read again."""
    try:
        pages = json.loads(Path(app.doctreedir, RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return sorted(page for page in pages if page in env.found_docs)


def note_pages_with_warnings(app: Sphinx, exception) -> None:
    handler = build_state.current().memos["warnings"].pop("handler", None)
    if handler is None:
        return
    logging.getLogger(NAMESPACE).removeHandler(handler)
    record = Path(app.doctreedir, RECORD)
    if handler.pages or record.exists():
        record.write_text(json.dumps(sorted(handler.pages)), encoding="utf-8")


def register(app: Sphinx) -> None:
    app.connect("builder-inited", watch)
    app.connect("env-get-outdated", outdated_pages_with_warnings)
    # Last: the warnings of every other handler of build-finished are noted too.
    app.connect("build-finished", note_pages_with_warnings, priority=1000)
