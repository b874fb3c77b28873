"""The group's domain: people, topics, papers, offers, courses, news and events, which roles name and objects.inv lists.

``{person}`lovelace```, ``{topic}`optics```, ``{paper}`Lovelace2019```, ``{offer}`adaptive-lenses```,
``{course}`deep-learning-summer-2025```, ``{news}`2025-03-01-new-lab``` and ``{event}`2025-11-05-talk```
(or with the domain's prefix, ``{group:person}``) link to their
pages; ``{any}`` finds them too; and objects.inv lists them, so that another Sphinx project links to a
person or a paper through intersphinx (``{external:group:paper}`Lovelace2019```). Entries' HTML, written
without docutils, asks the same ``target()`` for its links.

The domain's data is also what the environment keeps of the site between builds: records per page,
purged when a page is read again and merged from parallel readers, and records of the whole site.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.errors import ExtensionError
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from groupsite import build_state, versioning
from groupsite.data.folding import key_slug
from groupsite.internals import pages_depending_on
from groupsite.model import page_kinds, site_index
from groupsite.options import _

logger = logging.getLogger(__name__)

# The kinds of objects, and the internal targets that generated text links to but no role names.
KINDS = ("person", "topic", "paper", "offer", "course", "news", "event")
INTERNAL = ("listed", "year", "file")  # an entry on the list; a year's page; a file at the root of the site


@dataclass(frozen=True)
class Target:
    """Where a link goes: a page (a document or a generated page), an anchor on it, and the object's title."""

    page: str | None  # None: a file at the site's root, named by the anchor
    anchor: str
    title: str
    css_class: str


def entry_anchor(key: str) -> str:
    """The id of an entry in the list, where citations of it link: "pub-" and its key, as a page name."""
    return nodes.make_id(f"pub-{key_slug(key)}")


def paper_page(key: str) -> str:
    """The page of one paper: "research/papers/Lovelace2019"."""
    return f"{build_state.settings().paper_pages}/{key_slug(key)}"


def year_page(title: str) -> str:
    """The page of one year of the list: "research/2019"."""
    return f"{build_state.settings().publication_list.rpartition('/')[0]}/{title.lower()}".lstrip("/")


def listed_on(key: str) -> str:
    """The page of the list that shows the entry, as refs.bib was last read."""
    return build_state.current().listed_on.get(key, build_state.settings().publication_list)


class GroupRole(XRefRole):
    """A role of the domain, also registered without its prefix: {person}`lovelace` is {group:person}`lovelace`."""

    def run(self):
        self.name = f"{GroupDomain.name}:{self.name.rpartition(':')[2]}"
        return super().run()


class GroupDomain(Domain):
    """The site's objects and records; its roles resolve through resolve_xref, its objects go into objects.inv."""

    name = "group"
    label = "Research group"
    object_types = {
        "person": ObjType(_("person"), "person"),
        "topic": ObjType(_("topic"), "topic"),
        "paper": ObjType(_("paper"), "paper"),
        "offer": ObjType(_("thesis offer"), "offer"),
        "course": ObjType(_("course"), "course"),
        "news": ObjType(_("news item"), "news"),
        "event": ObjType(_("event"), "event"),
    }
    roles = {kind: GroupRole() for kind in KINDS}
    # Records kept per page: purged with the page, merged from the process that read it.
    PER_PAGE = (
        "pages",  # docname -> (kind, title) of the pages of offers, courses, people and topics
        "overviews",  # docname -> the kinds of pages its overviews list (thesis offers, courses, ...)
        "bib_selections",  # docname -> the Selections of refs.bib the page shows
        "bib_shown",  # docname -> {key: entry digest} of the entries it shows
        "bib_list_layouts",  # docname -> {year: page} of the list when the page was read
        "links",  # docname -> the kinds of objects its references name ({"person", "topic"})
        "contact",  # docname -> the digest of group.yaml when its {contact} section was read
        "events_split",  # docname -> the build's date its events were split by into upcoming and past
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

    def note_page(self, docname: str, kind: str, title: str) -> None:
        """The page being read is an object of the domain: a person's, a topic's, an offer's or a course's."""
        self.data["pages"][docname] = (kind, title)

    def target(self, kind: str, name: str) -> Target | None:
        """Where a link to the object goes; None when there is no such object."""
        settings = build_state.settings()
        if kind == "person":
            member = site_index.people().find(name)
            return member and Target(f"{settings.people}/{member.ident}", "", member.name, "person-link")
        if kind == "topic":
            ident = site_index.topics().find(name)
            return ident and Target(f"{settings.topics}/{ident}", "", site_index.topics().titles[ident], "topic-link")
        if kind in page_kinds.PAGE_OBJECTS:
            page = f"{page_kinds.by_kind(kind, settings).folder}{name.strip().removesuffix('.md')}"
            found = self.data["pages"].get(page)
            return found and found[0] == kind and Target(page, "", found[1], f"{kind}-link") or None
        if kind == "paper":
            key = self.bib_key(name)
            return key and Target(paper_page(key), "", self.paper_title(key), "paper-link")
        if kind == "listed":
            return Target(listed_on(name), entry_anchor(name), name, "listed-link")
        if kind == "year":
            return Target(year_page(name), "", name, "year-link")
        if kind == "file":
            return Target(None, name, name, "file-link")
        return None

    def entries(self):
        """refs.bib's entries, as sphinxcontrib-bibtex's domain holds them; none in a project without it (links.py)."""
        try:
            return self.env.get_domain("cite").bibdata.data.entries
        except ExtensionError:
            return {}

    def bib_key(self, name: str) -> str | None:
        """The key as refs.bib spells it, however the reference spells it (BibTeX keys are case-insensitive)."""
        entries = self.entries()
        key = name.strip()
        if key not in entries:
            return None
        return entries.spelling(key) if hasattr(entries, "spelling") else key

    def paper_title(self, key: str) -> str:
        entries = self.entries()
        return entries.fact(key).title if hasattr(entries, "fact") else key

    def uri(self, builder, fromdocname: str, target: Target) -> str:
        """The relative URI of a target from a page."""
        if target.page is None:
            return relative_uri(builder.get_target_uri(fromdocname), target.anchor)
        return builder.get_relative_uri(fromdocname, target.page) + (f"#{target.anchor}" if target.anchor else "")

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        found = self.target(typ, target)
        if found is None:
            return None
        if not node.get("refexplicit") and typ in KINDS:
            contnode = nodes.inline(found.title, found.title)  # the name or title, not the page name
        if found.page is None:
            reference = nodes.reference("", "", contnode, internal=True, refuri=self.uri(builder, fromdocname, found))
        else:
            # A person's full name as the link's title: author lists abbreviate it ("A. A. Lovelace").
            title = found.title if typ == "person" else None
            reference = make_refnode(builder, fromdocname, found.page, found.anchor, contnode, title)
        # The reference's own classes (a badge's), then the kind's.
        reference["classes"] += [name for name in [*node.get("classes", []), found.css_class]
                                 if name not in reference["classes"]]  # fmt: skip
        return reference

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for kind in KINDS:
            reference = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
            if reference is not None:
                found.append((f"{self.name}:{kind}", reference))
        return found

    def get_objects(self):
        """Every person, topic, offer, course and paper, for objects.inv; -1: not in the search's object results."""
        settings = build_state.settings()
        for member in site_index.people().members:
            yield member.ident, member.name, "person", f"{settings.people}/{member.ident}", "", -1
        for ident, title in site_index.topics().titles.items():
            yield ident, title, "topic", f"{settings.topics}/{ident}", "", -1
        for docname, (kind, title) in sorted(self.data["pages"].items()):
            if kind in page_kinds.PAGE_OBJECTS:
                yield Path(docname).name, title, kind, docname, "", -1
        entries = self.entries()
        for key in entries:
            yield key, self.paper_title(key), "paper", paper_page(key), "", -1


def domain(env) -> GroupDomain:
    return env.domains[GroupDomain.name]


def records(env) -> dict[str, Any]:
    """The site's records in the environment, as GroupDomain.initial_data lists them."""
    return domain(env).data


def object_xref(kind: str, name: str, text: str, classes: list[str] | None = None) -> addnodes.pending_xref:
    """A reference to an object of the domain, or to one of its internal targets, as a role would make it.

    classes: the link's own, besides the kind's ("topic-link").
    """
    return addnodes.pending_xref(
        text, nodes.Text(text), refdomain=GroupDomain.name, reftype=kind, reftarget=name,
        refexplicit=True, refwarn=True, classes=classes or [],
    )  # fmt: skip


def site_link(kind: str, name: str) -> str:
    """A link target in generated text ("person:lovelace"), resolved by target() where the text is written."""
    assert kind in KINDS or kind in INTERNAL
    return f"{kind}:{name}"


def unknown_target(app, domain, node) -> bool | None:
    """A reference to no object: one warning saying what the page can name instead, not Sphinx's generic one."""
    if domain is None or domain.name != GroupDomain.name:
        return None
    kind, target = node["reftype"], node["reftarget"]
    settings = build_state.settings()
    if kind == "person":
        known = ", ".join(sorted(member.ident for member in site_index.people().members)) or "none yet"
        advice = f"use the file name of a page in {settings.people}/ (known: {known}), or add a page for them"
    elif kind == "topic":
        known = ", ".join(sorted(site_index.topics().titles)) or "none yet"
        advice = f"use one of {known}, or add a page {settings.topics}/{Path(target).name}.md"
    elif kind == "paper":
        advice = "use a key of refs.bib, or add the paper to refs.bib first (groupsite add)"
    elif kind in page_kinds.PAGE_OBJECTS:
        advice = f"use the file name of a page in {page_kinds.by_kind(kind, settings).folder}, without .md"
    else:
        return None
    logger.warning(f"unknown {kind} {target!r}: {advice}", location=node, type="groupsite", subtype=f"unknown_{kind}")
    return True


def pages_of_changed_objects(app, env, added: set, changed: set, removed: set) -> list[str]:
    """When a person, topic, offer or course comes or goes, the pages that list or link them are read again.

    People and topics: the pages that show entries of refs.bib, whose authors and badges may link to them.
    Offers and courses: their overviews, people's and topics' pages, and every page that read them.
    """
    arrived_or_left = added | removed
    kinds = {kind for kind in ("person", "topic", *page_kinds.PAGE_OBJECTS)
             if any(page_kinds.by_kind(kind).holds(docname) for docname in arrived_or_left)}  # fmt: skip
    if not kinds:
        return []  # the common case, decided without looking at every page's dependencies
    kept = records(env)
    outdated: set[str] = set()
    if kinds & {"person", "topic"}:
        outdated |= set(kept["bib_selections"]) | set(pages_depending_on(env, lambda path: path.suffix == ".bib"))
    outdated |= {docname for docname, linked in kept["links"].items() if linked & kinds}
    if kinds & set(page_kinds.PAGE_OBJECTS):
        collections = [page_kinds.by_kind(kind) for kind in ("person", "topic")]
        outdated |= {docname for docname in env.found_docs if any(c.holds(docname) for c in collections)}
    folders = {Path(env.srcdir, page_kinds.by_kind(kind).folder).resolve() for kind in kinds}
    outdated |= {docname for docname, listed in kept["overviews"].items() if listed & kinds}
    outdated |= set(pages_depending_on(env, lambda path: path.resolve().parent in folders))
    return sorted(docname for docname in outdated if docname in env.found_docs)


def note_links(app, doctree) -> None:
    """Which kinds of objects the page links to: it is read again when one of them comes or goes."""
    kinds = {
        node["reftype"] for node in doctree.findall(addnodes.pending_xref) if node["refdomain"] == GroupDomain.name
    }
    if kinds & set(KINDS):
        records(app.env)["links"][app.env.docname] = kinds & set(KINDS)


def register(app) -> None:
    GroupDomain.data_version = versioning.code_version()  # an environment of other code is read afresh
    app.add_domain(GroupDomain)
    for kind in KINDS:  # without the prefix, as pages write them
        app.add_role(kind, GroupRole())
    app.connect("warn-missing-reference", unknown_target)
    app.connect("env-get-outdated", pages_of_changed_objects)
    app.connect("doctree-read", note_links)
