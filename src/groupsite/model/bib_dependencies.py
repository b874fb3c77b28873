"""Which pages show which refs.bib entries: an edit of refs.bib reads again only the pages it changes."""

from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from groupsite.data import entry_fields
from groupsite.data.bib_store import StoredEntries, entry_digest, stored_entries
from groupsite.model import site_index
from groupsite.model.domain import records


@dataclass(frozen=True)
class Selection:
    """The entries a page shows, as data that can be asked again about the entries of an edited refs.bib."""

    # "all", "years" (ident: years, "2024,2023"), "author" (a person's page name), "topic" (a topic's
    # page name), "cited" (keys, "a,b"), "selected" (al-folio's selected = {true}), "since" (ident: a year,
    # the entries of that year and later: the newest few are among them)
    kind: str
    ident: str = ""

    def selects(self, entry) -> bool:
        if self.kind == "author":
            member = site_index.people().by_ident.get(self.ident)
            return member in site_index.people().authors_of(entry)
        if self.kind == "topic":
            return self.ident in site_index.topics_of(entry)
        if self.kind == "cited":
            return entry.key in self.ident.split(",")
        if self.kind == "years":
            return str(entry_fields.year_of(entry)) in self.ident.split(",")
        if self.kind == "selected":
            return entry_fields.is_selected(entry)
        if self.kind == "since":
            return entry_fields.year_of(entry) >= int(self.ident)
        raise ValueError(self.kind)


def entries_shown(env: BuildEnvironment, selection: Selection) -> list:
    """The entries of refs.bib that the selection selects, noted as shown on the page being read."""
    stored = bibliography(env)
    if selection.kind == "cited":  # a few keys: the other entries stay unread
        entries = [stored[key] for key in selection.ident.split(",") if key in stored]
        entries = [entry for entry in entries if selection.selects(entry)]
    elif selection.kind == "selected":  # only entries with a selected field are read
        candidates = [stored[key] for key in stored if "selected" in stored.fact(key).fields]
        entries = [entry for entry in candidates if selection.selects(entry)]
    elif selection.kind == "years":  # found by the years kept beside each entry: the others stay unread
        years = {int(year) for year in selection.ident.split(",") if year}
        entries = [stored[key] for key in stored if stored.fact(key).year in years]
    elif selection.kind == "since":
        entries = [stored[key] for key in stored if stored.fact(key).year >= int(selection.ident)]
    else:
        entries = [stored[key] for key in grouped(stored, selection.kind).get(selection.ident, [])]
    kept = records(env)
    kept["bib_selections"].setdefault(env.docname, set()).add(selection)
    kept["bib_shown"].setdefault(env.docname, {}).update((entry.key, entry_digest(entry)) for entry in entries)
    return entries


def grouped(stored: StoredEntries, kind: str) -> dict[str, list[str]]:
    """Each person's ("author") or topic's page name -> the keys of their entries, in one pass per build.

    Asking each of 17 topics in turn went through 5,000 entries 17 times.
    """
    memo = (kind, site_index.fingerprint())
    if memo not in stored.memo:
        groups: dict[str, list[str]] = {}
        for key, entry in stored.items():
            if kind == "author":
                members = site_index.people().authors_of(entry)
                idents = {member.ident for member in members if member}
            elif kind == "topic":
                idents = set(site_index.topics_of(entry))
            else:
                raise ValueError(kind)
            for ident in sorted(idents):
                groups.setdefault(ident, []).append(key)
        stored.memo[memo] = groups
    return stored.memo[memo]


def bibliography(env: BuildEnvironment) -> StoredEntries:
    return stored_entries(env.get_domain("cite"))


def note_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Pages that cite or link papers are read again when one of those entries changes, so that they stay right."""
    keys = sorted(
        {
            key.strip()
            for node in doctree.findall(nodes.Element)
            if node.get("refdomain") == "cite" or (node.get("refdomain") == "group" and node.get("reftype") == "paper")
            for key in node.get("reftarget", "").split(",")
        }
    )
    if keys:
        entries_shown(app.env, Selection("cited", ",".join(keys)))


def pages_of_changed_entries(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """The pages showing an entry that changed, went, or came and belongs to what they show."""
    # Pages format their entries as they are read: another style means reading them again.
    kept = records(env)
    style, kept["bib_style"] = kept["bib_style"], env.config.bibtex_default_style
    if style not in (None, kept["bib_style"]):
        return [docname for docname in kept["bib_selections"] if docname in env.found_docs]
    stored = bibliography(env)
    now = {key: stored.fact(key).digest for key in stored}
    before, kept["bib_digests"] = kept["bib_digests"], now
    if before is None or before == now:
        return []
    edited = {key for key in now.keys() | before.keys() if now.get(key) != before.get(key)}
    arrived = [stored[key] for key in edited if key in now]
    outdated = []
    for docname, selections in kept["bib_selections"].items():
        shown = kept["bib_shown"].get(docname, {})
        if edited & shown.keys() or any(selection.selects(entry) for selection in selections for entry in arrived):
            outdated.append(docname)
    return [docname for docname in outdated if docname in env.found_docs]


def register(app: Sphinx) -> None:
    # What each page selects and shows is kept in the domain's records, purged and merged per page.
    app.connect("doctree-read", note_citations)
    app.connect("env-get-outdated", pages_of_changed_entries)
