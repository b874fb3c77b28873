"""A page of a collection shows its front matter: its lead, its facts under the title, and what it lists."""

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from groupsite import build_state
from groupsite.data.front_matter import Collection
from groupsite.internals import note_citation
from groupsite.model import page_kinds
from groupsite.model.domain import domain
from groupsite.options import _
from groupsite.translations import as_written


class PageFacts(SphinxTransform):
    """Shows, under the title of each page of a collection, its summary and its facts from the front matter."""

    # Before Sphinx collects the page's citations and metadata (doctree-read, 880).
    default_priority = 500
    kind: str  # the collection's kind in page_kinds: "offer", "course", "person", "topic"

    @property
    def collection(self) -> Collection:
        return page_kinds.by_kind(self.kind)

    @property
    def path(self) -> str:
        """The page's source file, for messages."""
        return str(self.env.doc2path(self.env.docname))

    def facts(self, data: dict) -> list[tuple[str, list[nodes.Node]]]:
        """The (label, content) pairs to show for this page."""
        raise NotImplementedError

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        collection = self.collection
        if not collection.holds(docname):
            return
        data = collection.front_matter(self.env, docname)
        section = next(self.document.findall(nodes.section), None)
        if section is None:
            return  # no title: front_matter() has warned already
        domain(self.env).note_page(docname, self.kind, str(data.get("title") or docname))
        written = {id(child) for child in section.children}  # by the page: all else is the package's
        facts = nodes.field_list(classes=["page-facts"])
        for label, content in self.facts(data):
            if content:
                facts += nodes.field(
                    "", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph("", "", *content))
                )
        # The page's summary (a person's short bio) leads, under the title.
        lead = str(data.get("summary") or data.get("bio") or "").strip()
        section.insert(1, facts)
        if lead:
            section.insert(1, nodes.paragraph(lead, lead, classes=["lead"]))
        self.counts: list[str] = []  # what the page lists, counted: "2 thesis offers"
        self.extend(section, data)
        self.describe(section, data, lead)
        # Translated where it comes from (the front matter, the package's catalog), not as the page's text.
        as_written([child for child in section.children if id(child) not in written])

    def describe(self, section: nodes.section, data: dict, lead: str) -> None:
        """A description for search engines and link previews: the lead, or who or what and how much the page lists.

        Without it, sphinxext-opengraph would describe the page by its first words, which are its
        facts' labels and values run together ("Role, Postdoc,, Office"): the entries are written
        into the page only as HTML.
        """
        who = ", ".join(value for value in self.who(data) if value)
        if lead:
            description = lead
        elif self.counts:
            *others, last = self.counts
            counts = _("{others} and {last}").format(others=", ".join(others), last=last) if others else last
            description = f"{who}: {counts}."
        elif who:
            description = f"{who}."
        else:
            return
        self.env.metadata[self.env.docname]["og:description"] = description
        if build_state.current().app.builder.name == "gettext":
            return  # a <meta> is always in the page's catalog; this one is made of what is translated elsewhere
        section += nodes.meta(name="description", content=description)

    def who(self, data: dict) -> list[str]:
        """Who or what the page is about, for its description: the title and, for a person, the role."""
        return [str(data.get(field) or "").strip() for field in ("title", "role")]

    def extend(self, section: nodes.section, data: dict) -> None:
        """Adds what the page lists besides its facts (a person's papers, a topic's offers); nothing by default."""

    def titled_section(self, title: str, ident: str) -> nodes.section:
        """A new section, as a heading in the page would make it."""
        section = nodes.section(ids=[ident], names=[nodes.fully_normalize_name(title)])
        section += nodes.title(title, title)
        self.document.note_implicit_target(section)
        return section

    def xref(self, domain: str, reftype: str, target: str, text: str, explicit: bool = True) -> addnodes.pending_xref:
        """A cross-reference as a role in the page would make it, resolved by Sphinx like any other."""
        return addnodes.pending_xref(
            text,
            nodes.inline(text, text),
            refdoc=self.env.docname,
            refdomain=domain,
            reftype=reftype,
            reftarget=target,
            refexplicit=explicit,
            refwarn=True,
        )

    def object_link(self, kind: str, target: str, text: str) -> addnodes.pending_xref:
        """A link to an object of the site's domain: a person, a topic, a paper, an offer, a course."""
        return self.xref("group", kind, target, text)

    def listing(self, title: str, count: str, kind: str, pages: list[tuple[str, dict]], detail=lambda data: ""):
        """A section listing links to these pages (objects of this kind), each followed by detail(data); none for none.

        count: what the page's description says of them ("2 thesis offers").
        """
        if not pages:
            return []
        self.counts.append(count)
        section = self.titled_section(title, nodes.make_id(title))
        items = nodes.bullet_list()
        for docname, data in pages:
            link = self.object_link(kind, docname.rpartition("/")[2], str(data.get("title", docname)))
            paragraph = nodes.paragraph("", "", link)
            if detail(data):
                paragraph += nodes.Text(f" ({detail(data)})")
            items += nodes.list_item("", paragraph)
        section += items
        return [section]

    def link(self, label: str, text: str) -> list[nodes.Node]:
        """A {ref} link to a label anywhere on the site."""
        return [self.xref("std", "ref", label, text)]

    def citation(self, key: str) -> addnodes.pending_xref:
        """A {cite:t} reference to the key, as if the page had written it."""
        xref = self.xref("cite", "t", key, key, explicit=False)
        self.document.note_explicit_target(xref, xref)
        note_citation(self.env, xref["ids"][0], key, line=1)
        return xref

    @staticmethod
    def text_fact(data: dict, field: str) -> list[nodes.Node]:
        """A front matter field shown as it is written; nothing when the page does not give it."""
        return [nodes.Text(str(data[field]))] if data.get(field) else []
