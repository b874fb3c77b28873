"""Entries formatted in the group's style, kept between builds: formatting is most of what an entry costs."""

import pickle
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from pybtex.plugin import find_plugin
from pybtex.richtext import BaseMultipartText, HRef, Protected, Tag, Text
from sphinx.application import Sphinx

from groupsite.data.bib_store import entry_digest, stored_entries
from groupsite.model import site_index
from groupsite.model.site_links import site_link
from groupsite.versioning import code_version, digest

DOCUTILS = find_plugin("pybtex.backends", "docutils")()  # found once: the lookup scans every package
# Where they are kept: beside Sphinx's own cache.
CACHE = "formatted-entries.pickle"
# What formatting depends on besides the entry, the style and the people: the code, all of it (the
# style calls on the name matching, the links, the LaTeX reading) and the versions of pybtex and others.
CODE = digest(code_version())


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
    """Each entry's formatted text, pickled, by what it was formatted from; loaded when a page needs it."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.kept: dict[tuple, bytes] = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            self.kept = {}  # a first build, or a cleaned one
        self.new: dict[tuple, bytes] = {}  # what this build formatted
        self.formatted = 0  # how many, for the tests

    def get(self, style: str, entry) -> Text:
        memo = (entry.key, entry_digest(entry), style, site_index.fingerprint(), _settings)
        if memo not in self.kept:
            text = with_title_link(formatting_style(style).format_entry(entry.key, entry).text, entry.key)
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
        formatted_as = (env.config.bibtex_default_style, site_index.fingerprint(), _settings)
        kept = {memo: text for memo, text in self.kept.items() if memo[:2] in current and memo[2:] == formatted_as}
        self.path.write_bytes(pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL))


# This build's formatted entries, loaded from _path when a page first needs one.
_current: FormattedEntries | None = None
_path = Path(CACHE)
_settings = CODE


def open_cache(app: Sphinx) -> None:
    global _current, _path, _settings
    _current, _path = None, Path(app.doctreedir, CACHE)
    if app.fresh_env_used:
        _path.unlink(missing_ok=True)  # a fresh environment (-E, or none saved) formats every entry again
    # A style may be defined or changed in conf.py under the name it had.
    conf = Path(app.confdir or ".", "conf.py")
    _settings = digest(CODE, conf.read_bytes() if conf.is_file() else b"")


def formatted_text(config, entry) -> Text:
    """The entry in the site's citation style, its title linking to the paper's page."""
    global _current
    if _current is None:
        _current = FormattedEntries(_path)
    return _current.get(config.bibtex_default_style, entry)


def formatted_entry(env, entry) -> nodes.paragraph:
    """The formatted entry as a docutils paragraph: the list's own page, and builders other than HTML."""
    return nodes.paragraph("", "", *formatted_text(env.config, entry).render(DOCUTILS))


def formatted_this_build() -> int:
    return _current.formatted if _current else 0


def formatted_in_helper() -> dict[tuple, bytes]:
    return _current.new if _current else {}


def keep_from_helper(new: dict[tuple, bytes]) -> None:
    global _current
    if _current is None:
        _current = FormattedEntries(_path)
    _current.take(new)


def save(app: Sphinx, exception) -> None:
    if exception is None and _current is not None:
        _current.save(app.env)


def register(app: Sphinx) -> None:
    app.connect("builder-inited", open_cache)
    app.connect("build-finished", save)
