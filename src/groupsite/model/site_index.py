"""What the site holds, read from its people's and topics' folders as each build starts: its members and topics."""

from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import Person
from sphinx.application import Sphinx

from groupsite import build_state, translations
from groupsite.data import entry_fields
from groupsite.data.folding import slug
from groupsite.data.latex import plain_text
from groupsite.model import page_kinds
from groupsite.model.names import Name
from groupsite.options import Settings

# Where an entry gives its authors' ORCID iDs, by place in the list (as `nox -s add` writes them).
ORCID_FIELD = "author-orcids"


@dataclass(frozen=True)
class Member:
    """A person with a page in people/."""

    ident: str  # the page's file name: "lovelace"
    name: str
    role: str
    names: tuple[Name, ...]  # the name and its variants from the front matter
    orcid: str = ""  # their ORCID iD, from the front matter: an entry that gives authors' iDs is matched by it

    def is_named(self, name: Name) -> bool:
        return any(known.matches(name) for known in self.names)


class People:
    """Everyone with a page in people/, found by name however it is spelled."""

    def __init__(self, members: list[Member]):
        self.members = members
        self.by_ident = {member.ident: member for member in members}
        self.by_orcid = {member.orcid: member for member in members if member.orcid}
        # Every list asks about the same authors again and again: each spelling is matched once.
        self.matched: dict[tuple, Member | None] = {}

    @classmethod
    def load(cls, srcdir: Path, settings: Settings | None = None) -> "People":
        members = []
        for ident, data in page_kinds.people(settings).pages(srcdir, settings).items():
            written = data.get("written", data)  # names are matched as written, whatever the build's language
            spellings = [str(written.get("title") or ident), *data["aliases"]]
            members.append(
                Member(
                    ident,
                    spellings[0],
                    str(data.get("role", "")),
                    tuple(Name.parse(s) for s in spellings),
                    str(data.get("orcid") or "").strip().rpartition("/")[2],  # the iD, alone or in its address
                )
            )
        return cls(members)

    def match(self, person: Person) -> Member | None:
        """The member an author of a BibTeX entry is, if exactly one member has that name."""
        spelling = (*person.first_names, "|", *person.middle_names, "|", *person.prelast_names, "|", *person.last_names)
        if spelling not in self.matched:
            self.matched[spelling] = self._only(Name.of(person))
        return self.matched[spelling]

    def authors_of(self, entry, role: str = "author") -> list[Member | None]:
        """The member each author (or editor) is: by ORCID iD where the entry gives one (its author-orcids
        field, "2=0000-0002-1825-0097, ..."), else by name."""
        persons = entry.persons.get(role, [])
        given = entry.fields.get(ORCID_FIELD, "") if role == "author" and self.by_orcid else ""
        orcids = dict(part.strip().split("=", 1) for part in given.split(",") if "=" in part)
        found = []
        for place, person in enumerate(persons, 1):
            orcid = orcids.get(str(place), "").strip()
            found.append(self.by_orcid.get(orcid) if orcid in self.by_orcid else self.match(person))
        return found

    def find(self, text: str) -> Member | None:
        """The member named in front matter or a role: a page name ("lovelace") or a name in any spelling."""
        return self.by_ident.get(text.strip()) or self._only(Name.parse(text))

    def _only(self, name: Name) -> Member | None:
        found = [member for member in self.members if member.is_named(name)]
        return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Topics:
    """The topics with a page in topics/, by page name ("adaptive-optics"), with their titles.

    A keyword names a topic by its title, its page name, or one of the keywords its page declares
    (``keywords: [V1, striate cortex]``), however it is written.
    """

    titles: dict[str, str]
    named: dict[str, str] = field(default_factory=dict)  # topic_ident of a declared keyword -> the topic

    @classmethod
    def load(cls, srcdir: Path, settings: Settings | None = None) -> "Topics":
        pages = page_kinds.topics(settings).pages(srcdir, settings)
        named = {topic_ident(word): ident for ident, data in pages.items() for word in data["keywords"]}
        # a keyword that names a topic by its title as written, in a build in another language
        named |= {
            topic_ident(str(data["written"]["title"])): ident
            for ident, data in pages.items()
            if data.get("written", {}).get("title")
        }
        return cls({ident: str(data.get("title") or ident) for ident, data in pages.items()}, named)

    def find(self, text: str) -> str | None:
        """The topic a keyword or front matter value names: "Adaptive optics", "adaptive-optics"."""
        ident = topic_ident(text)
        return ident if ident in self.titles else self.named.get(ident)


def topic_ident(text: str) -> str:
    """The page name a topic would have: "Primate behaviour" -> "primate-behaviour"."""
    return slug(plain_text(text))


def topics_of(entry) -> list[str]:
    """The topics (their idents) the entry's keywords name, each once."""
    return list(dict.fromkeys(filter(None, map(topics().find, entry_fields.keywords(entry)))))


def tags_of(entry) -> list[str]:
    """The entry's other keywords, as plain text: free tags, shown on the entry and found by the filter."""
    return [plain_text(word) for word in entry_fields.keywords(entry) if topics().find(word) is None]


@dataclass(frozen=True)
class SiteIndex:
    people: People
    topics: Topics


# Before a build starts (tests, tools): a site of nobody and no topic.
NOBODY = SiteIndex(People([]), Topics({}))


def current() -> SiteIndex:
    """This build's index, made by load_site_index."""
    return build_state.current().site_index or NOBODY


def people() -> People:
    return current().people


def topics() -> Topics:
    return current().topics


def fingerprint() -> str:
    """Everything the index holds, for telling whether pages made from it are still up to date."""
    index = current()
    memos = build_state.current().memos["site index"]
    if memos.get("of") is not index:  # asked once per entry: made once per index
        members = [(m.ident, m.name, m.role, m.names, m.orcid) for m in index.people.members]
        memos["of"], memos["fingerprint"] = index, repr((members, index.topics.titles))
    return memos["fingerprint"]


def load_site_index(app: Sphinx) -> None:
    srcdir, settings = Path(app.srcdir), build_state.settings()
    build_state.current().site_index = SiteIndex(People.load(srcdir, settings), Topics.load(srcdir, settings))


def note_index_dependency(env) -> None:
    """The page being read links people and topics: it is read again when one of their pages changes, or, in a
    translated build, one of their catalogs (a topic's title, a person's role)."""
    settings = build_state.settings()
    for collection in (page_kinds.people(), page_kinds.topics()):
        for path in sorted(Path(env.srcdir, collection.folder).glob("*.md")):
            env.note_dependency(str(path))
            catalog = translations.catalog_file(settings, env.srcdir, collection.folder + path.stem)
            if settings.translating and catalog:
                env.note_dependency(str(catalog))


def register(app: Sphinx) -> None:
    # Before anything reads refs.bib's authors and keywords (publications checks them at 600).
    app.connect("builder-inited", load_site_index, priority=550)
