"""Pages described by their front matter: check it, show its facts on the page, and list the pages as cards."""

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from groupsite.internals import note_citation

logger = logging.getLogger(__name__)

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)


@lru_cache(maxsize=1024)
def parsed_front_matter(text: str) -> dict:
    """The YAML of a front matter; an overview reads each of its pages' front matter once per page that lists it."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None  # MyST reports the YAML error itself, with its line
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Collection:
    """A folder of pages of one kind (thesis offers, courses), each described by its front matter."""

    name: str  # what one page is, for messages: "thesis offer"
    folder: str  # docname prefix: "theses/offers/"
    overview: str  # the docname whose overview lists the pages
    required: tuple[str, ...]  # front matter fields every page must have
    lists: tuple[str, ...] = ()  # fields that hold lists

    def holds(self, docname: str) -> bool:
        return docname.startswith(self.folder) and docname != self.overview

    def docnames(self, env: BuildEnvironment) -> list[str]:
        return sorted(docname for docname in env.found_docs if self.holds(docname))

    def front_matter(self, env: BuildEnvironment, docname: str) -> dict:
        """The page's front matter, with a warning naming the file for each missing or malformed field."""
        return self.read(Path(env.doc2path(docname)))

    def read(self, path: Path, warn: bool = True) -> dict:
        """The front matter of the page at path; warn=False when the page will be checked as it is read."""
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        # A copy: the checks below normalise the caller's data.
        data = copy.deepcopy(parsed_front_matter(match.group(1))) if match else {}
        for field in self.required:
            if not data.get(field) and warn:
                self.warn(path, f"has no {field!r}: add a line `{field}: ...` to its front matter")
        for field in self.lists:
            value = data.get(field, [])
            if isinstance(value, str):
                value = [value]  # a single name is fine as it is
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                if warn:
                    self.warn(path, f"has a malformed {field!r}: write it as a list, e.g. `{field}: [a, b]`")
                value = []
            data[field] = value
        return data

    def pages_where(self, env: BuildEnvironment, belongs) -> list[tuple[str, dict]]:
        """The pages whose front matter satisfies belongs(data); the page asking is read again when one changes."""
        found = []
        for docname in self.docnames(env):
            env.note_dependency(env.doc2path(docname))
            data = self.read(Path(env.doc2path(docname)), warn=False)
            if belongs(data):
                found.append((docname, data))
        return found

    def pages(self, srcdir: Path) -> dict[str, dict]:
        """Every page of the collection in the source folder, by file name, read quietly before the build."""
        folder = Path(srcdir, self.folder)
        overview = Path(srcdir, self.overview + ".md")
        return {path.stem: self.read(path, warn=False) for path in sorted(folder.glob("*.md")) if path != overview}

    def warn(self, path: Path, message: str) -> None:
        logger.warning(
            f"this {self.name} {message}",
            location=f"{path}:1",
            type="front_matter",
            subtype=self.name.replace(" ", "_"),
        )


class PageFacts(SphinxTransform):
    """Shows, under the title of each page of a collection, its summary and its facts from the front matter."""

    # Before Sphinx collects the page's citations and metadata (doctree-read, 880).
    default_priority = 500
    collection: Collection

    @property
    def path(self) -> str:
        """The page's source file, for messages."""
        return str(self.env.doc2path(self.env.docname))

    def facts(self, data: dict) -> list[tuple[str, list[nodes.Node]]]:
        """The (label, content) pairs to show for this page."""
        raise NotImplementedError

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not self.collection.holds(docname):
            return
        data = self.collection.front_matter(self.env, docname)
        section = next(self.document.findall(nodes.section), None)
        if section is None:
            return  # no title: front_matter() has warned already
        facts = nodes.field_list(classes=["page-facts"])
        for label, content in self.facts(data):
            if content:
                facts += nodes.field(
                    "", nodes.field_name(label, label), nodes.field_body("", nodes.paragraph("", "", *content))
                )
        # The page's summary (a person's short bio) leads, under the title.
        lead = str(data.get("summary") or data.get("bio") or "")
        section.insert(1, facts)
        if lead:
            section.insert(1, nodes.paragraph(lead, lead, classes=["lead"]))
        self.counts: list[str] = []  # what the page lists, counted: "2 thesis offers"
        self.extend(section, data)
        if not lead and self.counts:
            self.describe(section, data)

    def describe(self, section: nodes.section, data: dict) -> None:
        """A description for search engines and link previews: who or what, and how much the page lists.

        Without it, sphinxext-opengraph would describe the page by its first words, which are
        headings here: the entries are written into the page only as HTML.
        """
        *others, last = self.counts
        counts = f"{', '.join(others)} and {last}" if others else last
        who = ", ".join(str(value) for value in (data.get("title"), data.get("role")) if value)
        description = f"{who}: {counts}."
        self.env.metadata[self.env.docname]["og:description"] = description
        section += nodes.meta(name="description", content=description)

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

    def link_to_doc(self, docname: str, text: str) -> addnodes.pending_xref:
        """A {doc} link to another page."""
        return self.xref("std", "doc", f"/{docname}", text)

    def listing(self, title: str, thing: str, pages: list[tuple[str, dict]], detail=lambda data: "") -> list:
        """A section listing links to these pages (each a thing), each followed by detail(data); nothing for none."""
        if not pages:
            return []
        self.counts.append(counted(len(pages), thing))
        section = self.titled_section(title, nodes.make_id(title))
        items = nodes.bullet_list()
        for docname, data in pages:
            paragraph = nodes.paragraph("", "", self.link_to_doc(docname, str(data.get("title", docname))))
            if detail(data):
                paragraph += nodes.Text(f" ({detail(data)})")
            items += nodes.list_item("", paragraph)
        section += items
        return [section]

    def link(self, label: str, text: str) -> list[nodes.Node]:
        """A {ref} link to a label anywhere on the site."""
        return [self.xref("std", "ref", label, text)]

    def citations(self, keys: list[str]) -> list[nodes.Node]:
        """{cite:t} references to these keys, as if the page had written them, "; " between them."""
        result: list[nodes.Node] = []
        for key in keys:
            if result:
                result.append(nodes.Text("; "))
            result.append(self.citation(key))
        return result

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


def is_web_address(value: str, also: tuple[str, ...] = ()) -> bool:
    """Whether a link from front matter or group.yaml may be shown: http(s) (or a scheme in also), no spaces."""
    return value.startswith(("https://", "http://", *also)) and not any(c.isspace() for c in value)


def counted(number: int, thing: str) -> str:
    """ "1 publication", "3 publications", "" for none."""
    return f"{number} {thing}{'' if number == 1 else 's'}" if number else ""


def outdated_overviews(collections: list[Collection]):
    """An env-get-outdated handler: when a page of a collection is added or removed, its overview is read again,
    and so is every page that read the collection's pages (a person's offers, the home page's count of them)."""

    def handler(app: Sphinx, env: BuildEnvironment, added: set, changed: set, removed: set) -> list[str]:
        touched = [collection for collection in collections if any(collection.holds(doc) for doc in added | removed)]
        if not touched:
            return []  # the common case, decided without looking at every page's dependencies
        folders = {Path(env.srcdir, collection.folder).resolve() for collection in touched}
        readers = [
            docname
            for docname, files in env.dependencies.items()
            if docname in env.found_docs and any(Path(env.srcdir, file).resolve().parent in folders for file in files)
        ]
        return [collection.overview for collection in touched] + readers

    return handler
