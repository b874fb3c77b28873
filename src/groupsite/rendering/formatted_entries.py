"""Entries formatted in the group's style, kept between builds: formatting is most of what an entry costs."""

import pickle
from functools import lru_cache
from pathlib import Path

from pybtex.plugin import find_plugin
from pybtex.richtext import BaseMultipartText, HRef, Protected, Tag, Text
from sphinx.application import Sphinx
from sphinx.util import logging

from groupsite import build_state
from groupsite.data.bib_store import entry_digest, stored_entries
from groupsite.model import site_index
from groupsite.model.domain import site_link
from groupsite.versioning import digest

# Where they are kept, beside Sphinx's own cache. Formatting depends, besides the entry, the style and
# the people, on the code, all of it, and the versions of pybtex and others: the build state sees to that.
CACHE = "formatted-entries.pickle"
logger = logging.getLogger(__name__)


@lru_cache
def formatting_style(name: str):
    """The pybtex style, made once: finding its plugins scans every installed package's entry points."""
    return find_plugin("pybtex.style.formatting", name)()


def with_parts(text: BaseMultipartText, parts: list) -> BaseMultipartText:
    """A text of the same kind (tag, link, protected) holding other parts, made with pybtex's constructors."""
    if isinstance(text, Tag):
        return Tag(text.name, *parts)
    if isinstance(text, HRef):
        return HRef(text.url, *parts, external=text.external)
    if isinstance(text, Protected):
        return Protected(*parts)
    return Text(*parts)


def with_title_link(text: Text, key: str) -> Text:
    """The formatted entry with its title (the style's first <strong>) linking to the paper's page."""
    for i, part in enumerate(text.parts):  # where the group's style puts it: no need to copy the rest
        if isinstance(part, Tag) and part.name == "strong":
            title = Tag("strong", HRef(site_link("paper", key), *part.parts))
            return with_parts(text, [*text.parts[:i], title, *text.parts[i + 1 :]])
    linked = False

    def link(part):
        nonlocal linked
        if linked or not isinstance(part, BaseMultipartText):
            return part
        if isinstance(part, Tag) and part.name == "strong":
            linked = True
            return Tag("strong", HRef(site_link("paper", key), *part.parts))
        return with_parts(part, [link(child) for child in part.parts])

    return link(text)


class FormattedEntries:
    """Each entry's formatted text, pickled, by what it was formatted from; kept between builds by the build state."""

    def __init__(self, state: build_state.BuildState):
        self.state = state
        self.kept: dict[tuple, bytes] = state.cache(CACHE)
        self.new: dict[tuple, bytes] = {}  # what this build formatted
        self.formatted = 0  # how many, for the tests
        # A style may be defined or changed in conf.py under the name it had; "et al." reads in the build's language.
        conf = Path(state.app.confdir or ".", "conf.py") if state.app else None
        language = state.app.config.language if state.app else ""
        self.settings = digest(conf.read_bytes() if conf and conf.is_file() else b"", language)

    def get(self, style: str, entry) -> Text:
        memo = (entry.key, entry_digest(entry), style, site_index.fingerprint(), self.settings)
        if memo not in self.kept:
            try:
                text = with_title_link(formatting_style(style).format_entry(entry.key, entry).text, entry.key)
            except Exception as error:  # noqa: BLE001 - one entry's surprise is that entry's warning, not a crash
                logger.warning(
                    f"entry {entry.key!r} of refs.bib could not be formatted ({type(error).__name__}: {error}); "
                    "check its fields, or report the entry",
                    type="publications",
                    subtype="bad_entry",
                )
                text = Text(Tag("strong", HRef(site_link("paper", entry.key), entry.key)))
            self.kept[memo] = self.new[memo] = pickle.dumps(text, protocol=pickle.HIGHEST_PROTOCOL)
            self.formatted += 1
            return text
        return pickle.loads(self.kept[memo])

    def take(self, new: dict[tuple, bytes]) -> None:
        """Keeps what another process (a -j helper) formatted."""
        self.kept.update(new)
        self.new.update(new)

    def save(self, env) -> None:
        """Keeps what refs.bib still has, as it now is and as it is now formatted; written after a change only."""
        if not self.new:
            return
        stored = stored_entries(env.get_domain("cite"))
        current = {(key, stored.fact(key).digest) for key in stored}
        formatted_as = (env.config.bibtex_default_style, site_index.fingerprint(), self.settings)
        kept = {memo: text for memo, text in self.kept.items() if memo[:2] in current and memo[2:] == formatted_as}
        self.state.keep(CACHE, kept)


def this_build() -> FormattedEntries:
    """This build's formatted entries, loaded when a page first needs one."""
    state = build_state.current()
    if state.formatted_entries is None:
        state.formatted_entries = FormattedEntries(state)
    return state.formatted_entries


def formatted_text(config, entry) -> Text:
    """The entry in the site's citation style, its title linking to the paper's page."""
    return this_build().get(config.bibtex_default_style, entry)


def formatted_this_build() -> int:
    formatted = build_state.current().formatted_entries
    return formatted.formatted if formatted else 0


def formatted_in_helper() -> dict[tuple, bytes]:
    formatted = build_state.current().formatted_entries
    return formatted.new if formatted else {}


def keep_from_helper(new: dict[tuple, bytes]) -> None:
    this_build().take(new)


def save(app: Sphinx, exception) -> None:
    formatted = build_state.current().formatted_entries
    if exception is None and formatted is not None:
        formatted.save(app.env)


def register(app: Sphinx) -> None:
    app.connect("build-finished", save)
