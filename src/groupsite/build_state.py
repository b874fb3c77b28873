"""All that the site keeps of a build, in one place: the environment's records, this build's memory, its caches.

- ``SiteRecords``, a domain: what the environment keeps between builds. Records of a page are
  purged when the page is read again and merged from parallel readers, as any domain's data.
- ``BuildState``: what one build holds in memory (the people and topics, where each entry is
  listed, formatted entries, memos). It is made anew as each build starts, so nothing an earlier
  build computed is taken for this one.
- Caches on disk beside Sphinx's own (``cache``): keyed on the package's code and its
  dependencies' versions, and ignored after ``-E`` or any other fresh environment.
"""

import pickle
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx
from sphinx.domains import Domain

from groupsite.versioning import code_version

if TYPE_CHECKING:
    from groupsite.model.site_index import SiteIndex
    from groupsite.rendering.formatted_entries import FormattedEntries


class SiteRecords(Domain):
    """The site's records in the environment; no roles or directives of its own."""

    name = "site"
    label = "Group site"
    # Records kept per page: purged with the page, merged from the process that read it.
    PER_PAGE = (
        "bib_selections",  # docname -> the Selections of refs.bib the page shows
        "bib_shown",  # docname -> {key: entry digest} of the entries it shows
        "bib_list_layouts",  # docname -> {year: page} of the list when the page was read
    )
    initial_data: dict[str, Any] = {
        **{name: {} for name in PER_PAGE},
        # Records of the whole site, as the last build left them.
        "bib_style": None,  # the citation style the pages were formatted in
        "bib_digests": None,  # {key: entry digest} of refs.bib as last read
        "bib_read_problems": [],  # what reading refs.bib found
        "bib_checked": None,  # (refs.bib's files and times, the site index) its entries were checked against
        "bib_entry_problems": [],  # what checking its entries found
        "bib_problems_of": {},  # (key, digest, file) -> that entry's problems
        "navigation": None,  # the digest of the navigation the pages were written with
    }

    def clear_doc(self, docname: str) -> None:
        for name in self.PER_PAGE:
            self.data[name].pop(docname, None)

    def merge_domaindata(self, docnames, otherdata: dict) -> None:
        for name in self.PER_PAGE:
            self.data[name].update(
                (docname, otherdata[name][docname]) for docname in docnames if docname in otherdata[name]
            )

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode) -> list:
        return []  # it has no objects: nothing of it is a target of a reference


def records(env) -> dict[str, Any]:
    """The site's records in the environment, as SiteRecords.initial_data lists them."""
    return env.get_domain(SiteRecords.name).data


class BuildState:
    """What one build holds in memory; pybtex makes styles without arguments, so they find it through current()."""

    def __init__(self, app: Sphinx | None = None):
        self.app = app
        # A fresh environment (-E, none saved, or one made by other code) starts without caches.
        self.fresh = app is None or bool(app.fresh_env_used)
        self.site_index: SiteIndex | None = None  # people and topics, read as the build starts
        self.listed_on: dict[str, str] = {}  # key -> the page of the list that shows the entry
        self.formatted_entries: FormattedEntries | None = None  # loaded when a page first needs one
        # What this build computed once and shows many times: memos[name][key] (BibTeX, names, ...).
        self.memos: defaultdict[str, dict] = defaultdict(dict)

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


_current = BuildState()


def current() -> BuildState:
    """This build's state (a -j helper process has its own copy)."""
    return _current


def begin(app: Sphinx) -> None:
    global _current
    _current = BuildState(app)


def register(app: Sphinx) -> None:
    app.add_domain(SiteRecords)
    # First of all: everything else at builder-inited finds this build's state.
    app.connect("builder-inited", begin, priority=1)
