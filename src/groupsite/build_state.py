"""What one build holds in memory, and the caches it keeps on disk beside Sphinx's own.

What the environment keeps between builds lives in the domain's data (``model/domain.py``), purged
and merged per page as any domain's. What a build computes once and shows many times lives here,
in a ``BuildState`` made anew as each build starts: nothing an earlier build computed is taken for
this one. pybtex makes styles without arguments, so the one context variable below carries it to
them; nothing else in the package keeps state between calls.
"""

import pickle
from collections import defaultdict
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from groupsite.options import Settings
from groupsite.versioning import code_version

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from groupsite.model.site_index import SiteIndex
    from groupsite.pages.generated_pages import GeneratedPages
    from groupsite.rendering.formatted_entries import FormattedEntries


class BuildState:
    """What one build holds in memory: the settings, people and topics, where each entry is listed, memos."""

    def __init__(self, app: "Sphinx | None" = None, settings: Settings | None = None):
        self.app = app
        self.settings = settings or (Settings.of(app.config) if app else Settings.read(lambda name, default: default))
        # A fresh environment (-E, none saved, or one made by other code) starts without caches.
        self.fresh = app is None or bool(app.fresh_env_used)
        self.site_index: SiteIndex | None = None  # people and topics, read as the build starts
        self.listed_on: dict[str, str] = {}  # key -> the page of the list that shows the entry
        self.formatted_entries: FormattedEntries | None = None  # loaded when a page first needs one
        self.generated_pages: GeneratedPages | None = None  # made when the first generated page is written
        # What this build computed once and shows many times: memos[name][key] (BibTeX, names, formatted entries, ...).
        self.memos: defaultdict[str, dict[Any, Any]] = defaultdict(dict)

    def path(self, name: str) -> Path:
        """A file kept beside Sphinx's own cache."""
        assert self.app is not None, "no build has started"
        return Path(self.app.doctreedir, name)

    def cache(self, name: str) -> dict:
        """A cache kept between builds: empty in a fresh environment or when the code that wrote it was other."""
        if self.fresh:
            self.path(name).unlink(missing_ok=True)
            return {}
        try:
            version, kept = pickle.loads(self.path(name).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return {}  # a first build, a cleaned one, or one written otherwise
        return kept if version == code_version() else {}

    def keep(self, name: str, kept: dict) -> None:
        self.path(name).write_bytes(pickle.dumps((code_version(), kept), protocol=pickle.HIGHEST_PROTOCOL))

    def memo(self, name: str, key, make):
        """make(), computed once per build for this key."""
        memos = self.memos[name]
        if key not in memos:
            memos[key] = make()
        return memos[key]


# The build being run; outside a build (the command line, tests of single modules), a build of nothing.
_build: ContextVar[BuildState | None] = ContextVar("groupsite_build", default=None)


def current() -> BuildState:
    """This build's state (a -j helper process has its own copy); outside a build, one of nothing."""
    state = _build.get()
    if state is None:
        state = BuildState()
        _build.set(state)
    return state


def settings() -> Settings:
    return current().settings


def use_settings(settings: Settings) -> BuildState:
    """Outside a build (the command line): a state of nothing but these settings."""
    state = BuildState(settings=settings)
    _build.set(state)
    return state


def begin(app: "Sphinx") -> None:
    _build.set(BuildState(app))


def register(app: "Sphinx") -> None:
    # First of all: everything else at builder-inited finds this build's state.
    app.connect("builder-inited", begin, priority=1)
