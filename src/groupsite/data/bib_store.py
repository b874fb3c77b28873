"""refs.bib as the environment keeps it: each entry pickled on its own, unpickled when a page asks for it."""

import pickle
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import Parser
from sphinxcontrib.bibtex.bibfile import BibData, parse_bibdata

from groupsite.data import entry_fields
from groupsite.data.latex import plain_text
from groupsite.internals import bib_file_as_of_now
from groupsite.versioning import digest


@dataclass(frozen=True)
class Facts:
    """What builds ask of every entry, known without unpickling it."""

    digest: str  # everything a page may show of the entry (entry_digest)
    source: str  # the fingerprint of the entry's text in refs.bib, "" when it could not be told apart
    year: int
    unreadable: tuple[str, ...] = ()  # the fields and names bib_checks had to make readable
    fields: frozenset[str] = frozenset()  # the names of its fields, lower-case
    identifiers: tuple[str, ...] = ()  # "doi:10.1234/x" (lower-case), "arxiv:2401.16424": one paper, one entry
    title: str = ""  # as plain text: objects.inv lists every paper by it


class StoredEntry(Entry):
    """An entry of refs.bib as a build first meets it: its key at once, the rest unpickled when first read.

    sphinxcontrib-bibtex's filter of cited entries takes every entry of refs.bib on every build and reads
    only its key; unpickling 5,000 entries for that took 0.2 s of a 2 s rebuild.
    """

    def __init__(self, key: str, pickled: bytes, store: "StoredEntries"):
        self.key, self._pickled, self._store, self._entry = key, pickled, store, None

    def _loaded(self) -> Entry:
        if self._entry is None:
            self._entry = pickle.loads(self._pickled)
            self._store.unpickled += 1
        return self._entry

    type = property(lambda self: self._loaded().type)
    original_type = property(lambda self: self._loaded().original_type)
    fields = property(lambda self: self._loaded().fields)
    persons = property(lambda self: self._loaded().persons)

    def __getattr__(self, name):  # what else an entry keeps (its content digest)
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._loaded(), name)

    def __reduce__(self):
        return pickle.loads, (self._pickled,)  # pickled, it is the entry itself


class StoredEntries(MutableMapping):
    """pybtex's entries by key, pickled one by one, so that a build unpickles only the entries it shows.

    Loading 5,000 entries with the environment took longer than the rest of a rebuild; as
    bytes they load in milliseconds. Entries are not changed after refs.bib is read, so an
    entry's bytes are pickled once and kept for every later build. Keys are case-insensitive
    and kept in the order read, as in pybtex's own mapping of entries.
    """

    def __init__(self, entries=(), facts: dict[str, Facts] | None = None, stored: dict[str, bytes] | None = None):
        self.spelled: dict[str, str] = {}  # lower-case key -> the key as refs.bib writes it, in the order read
        self.loaded: dict[str, object] = {}  # lower-case key -> the entry, None while it is only pickled
        for key, entry in entries:
            self.spelled[key.lower()], self.loaded[key.lower()] = key, entry
        self.facts: dict[str, Facts] = facts or {}  # lower-case key -> facts
        self.stored: dict[str, bytes] = stored or {}  # lower-case key -> the pickled entry
        self.unpickled = 0  # how many entries this build has needed, for the tests
        self.memo: dict = {}  # what a build works out from all entries, for that build only

    def __getitem__(self, key):
        lower = key.lower()
        entry = self.loaded[lower]
        if entry is None:
            entry = self.loaded[lower] = StoredEntry(self.spelled[lower], self.stored[lower], self)
        return entry

    def __setitem__(self, key, entry):
        lower = key.lower()
        self.spelled[lower], self.loaded[lower] = key, entry
        self.stored.pop(lower, None)  # the bytes of the entry it replaces

    def __delitem__(self, key):
        lower = key.lower()
        del self.spelled[lower], self.loaded[lower]

    def __contains__(self, key):
        return key.lower() in self.loaded  # without unpickling the entry

    def __iter__(self):
        return iter(self.spelled.values())

    def __len__(self):
        return len(self.loaded)

    def __repr__(self):
        return f"{type(self).__name__}({list(self)})"  # the keys: the entries would all be unpickled

    def spelling(self, key: str) -> str:
        """The key as refs.bib writes it."""
        return self.spelled[key.lower()]

    def in_memory(self, key: str) -> bool:
        """Whether the entry is unpickled, or was never pickled (parsed by this build)."""
        entry = self.loaded[key.lower()]
        return entry is not None and (not isinstance(entry, StoredEntry) or entry._entry is not None)

    def take_over(self, previous: "StoredEntries", key: str) -> None:
        """The entry as an earlier reading of refs.bib kept it, with its facts, left pickled."""
        lower = key.lower()
        self.spelled[lower], self.loaded[lower] = previous.spelled[lower], None
        self.stored[lower], self.facts[lower] = previous.pickled(key), previous.facts[lower]

    def fact(self, key: str) -> Facts:
        return self.facts[key.lower()]

    def pickled(self, key: str) -> bytes:
        lower = key.lower()
        if lower not in self.stored:
            self.stored[lower] = pickle.dumps(self.loaded[lower], protocol=pickle.HIGHEST_PROTOCOL)
        return self.stored[lower]

    def __getstate__(self):
        keys = list(self)
        return {"keys": keys, "facts": self.facts, "stored": {key.lower(): self.pickled(key) for key in keys}}

    def __setstate__(self, state):
        self.__init__(((key, None) for key in state["keys"]), state["facts"], state["stored"])


def entry_digest(entry) -> str:
    """A fingerprint of everything of an entry that a page may show; made once per reading of refs.bib."""
    # Kept on the entry, which is pickled with it.
    if not hasattr(entry, "content_digest"):
        persons = [
            (role, [(p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names) for p in people])
            for role, people in entry.persons.items()
        ]
        entry.content_digest = digest(entry.type, list(entry.fields.items()), persons)
    return entry.content_digest


def stored_entries(domain) -> StoredEntries:
    """The entries of refs.bib as sphinxcontrib-bibtex's domain holds them, read by bib_checks."""
    return domain.bibdata.data.entries


# A line that starts an entry, as BibTeX tools write it: "@article{key,".
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)
# What makes an entry's meaning depend on the rest of the file; and has_crossrefs below.
SPECIAL = re.compile(r"^[ \t]*@[ \t]*(string|preamble|comment)\b", re.IGNORECASE | re.MULTILINE)


def has_crossrefs(text: str) -> bool:
    """Whether an entry takes fields from another (crossref = {...}), as written in any case.

    The word is looked for first: a case-blind pattern tried at every position of a
    5,000-entry file took 90 ms, the words 3 ms.
    """
    return any(word in text for word in ("rossref", "rossRef", "ROSSREF")) and bool(
        re.search(r"\bcrossref\s*=", text, flags=re.IGNORECASE)
    )


def pieces(text: str) -> list[tuple[str, str]] | None:
    """(key, text) of each entry of the file, from its first line to the next entry's.

    None when the file has what makes an entry depend on the rest of the file (@string
    macros, @preamble, @comment, a crossref, text before the first entry that pybtex would read,
    a key used twice): such a file is read whole on every change, as pybtex reads it.
    """
    starts = [(match.group(2), match.start()) for match in ENTRY_START.finditer(text)]
    if SPECIAL.search(text) or has_crossrefs(text) or "@" in text[: starts[0][1] if starts else len(text)]:
        return None
    ends = [start for _, start in starts[1:]] + [len(text)] * bool(starts)  # a new site's empty file has none
    found = [(key, text[start:end]) for (key, start), end in zip(starts, ends, strict=True)]
    if len({key.lower() for key, _ in found}) < len(found):
        return None
    return found


# What bib_checks does to each entry it reads; returns the fields and names it had to make readable.
Prepare = Callable[[object], list[str]]


def encoding_of(paths: list[Path], encoding: str) -> tuple[str, list[tuple[Path, int, int]]]:
    """The encoding the files are read in, and (path, line, byte) of the first byte each cannot decode.

    The configured one (UTF-8) when every file is in it; else Windows-1252, which older JabRef and
    BibDesk files are in, or Latin-1, which reads any byte: read right, and reported.
    """
    undecodable = []
    for path in paths:
        data = path.read_bytes() if path.is_file() else b""
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            undecodable.append((path, data.count(b"\n", 0, error.start) + 1, data[error.start]))
    if not undecodable:
        return encoding, []
    try:
        for path in paths:
            path.read_bytes().decode("cp1252") if path.is_file() else None
    except UnicodeDecodeError:
        return "latin-1", undecodable
    return "cp1252", undecodable


def read(paths: list[Path], encoding: str, previous, prepare: Prepare) -> tuple[BibData, list]:
    """refs.bib read again: only the entries whose text changed, when it can be told; else the whole file.

    Returns the data, and pybtex's errors (found only when the whole file is read).
    """
    texts = {path: path.read_text(encoding=encoding) for path in paths if path.is_file()}
    split = {path: pieces(text) for path, text in texts.items()}
    known = isinstance(previous, StoredEntries) and previous.facts and len(texts) == len(paths)
    if known and None not in split.values():
        bibdata = read_changed(paths, encoding, split, previous, prepare)
        if bibdata is not None:
            return bibdata, []
    with pybtex.errors.capture() as errors:
        bibdata = parse_bibdata(paths, encoding)
    entries = bibdata.data.entries
    inherit_crossrefs(entries)
    # Each entry's text, where the file can be cut into entries that are exactly pybtex's. Not after
    # errors: pybtex may have kept an entry cut short, which must be read (and reported) again.
    source = {}
    keys_read = [key.lower() for key in entries]
    if not errors and keys_read == [key.lower() for found in split.values() for key, _ in found or []]:
        source = {key.lower(): digest(text) for found in split.values() for key, text in found}
    stored = StoredEntries()
    for key, entry in entries.items():
        unreadable = prepare(entry)
        stored[key] = entry
        stored.facts[key.lower()] = facts_of(entry, source.get(key.lower(), ""), unreadable)
    bibdata.data.entries = stored
    return bibdata, list(errors)


def inherit_crossrefs(entries) -> None:
    """Each entry with a crossref takes the fields it lacks from the entry it names, as BibTeX does.

    A @proceedings' title is its children's booktitle; authors and editors are taken too. A crossref
    to an entry that is not there is left for bib_checks to report.
    """
    for entry in entries.values():
        parent = entries.get(entry.fields.get("crossref", "").strip())
        if parent is None or parent is entry:
            continue
        for name, value in parent.fields.items():
            if name.lower() == "title" and parent.type.lower() in ("proceedings", "book", "collection"):
                entry.fields.setdefault("booktitle", value)
            elif name.lower() not in ("crossref", "key", "keywords", "abstract") and name not in entry.fields:
                entry.fields[name] = value
        for role, persons in parent.persons.items():
            if role not in entry.persons:
                entry.persons[role] = list(persons)


def facts_of(entry, source: str, unreadable: list[str]) -> Facts:
    return Facts(
        entry_digest(entry),
        source,
        entry_fields.year_of(entry),
        tuple(unreadable),
        frozenset(name.lower() for name in entry.fields),
        identifiers(entry),
        plain_text(entry.fields.get("title", "")) or entry.key,
    )


def identifiers(entry) -> tuple[str, ...]:
    """What names the paper itself, whatever the entry's key: its DOI and its arXiv id."""
    doi, arxiv = entry_fields.doi_of(entry), entry_fields.arxiv_id(entry)
    return tuple(ident for ident in (doi and f"doi:{doi.lower()}", arxiv and f"arxiv:{arxiv}") if ident)


def read_changed(paths, encoding, split, previous: StoredEntries, prepare: Prepare) -> BibData | None:
    """The entries whose text is as before taken over, pickled; the others parsed. None when that cannot be trusted."""
    order = [(path, key, text, digest(text)) for path in paths for key, text in split[path]]
    if len({key.lower() for _, key, _, _ in order}) < len(order):
        return None  # a key in two files: pybtex names it
    changed = [
        (key, text) for _, key, text, source in order if previous.facts.get(key.lower(), FACTLESS).source != source
    ]
    parser = Parser(encoding)
    with pybtex.errors.capture() as errors:
        parser.parse_string("".join(text for _, text in changed))
    parsed = parser.data.entries
    if errors or [key.lower() for key in parsed] != [key.lower() for key, _ in changed]:
        return None  # read whole instead, for the errors' line numbers
    stored = StoredEntries()
    bibfiles = {path: bib_file_as_of_now(path) for path in paths}
    for path, key, _, source in order:
        lower = key.lower()
        if lower in parsed:
            entry = parsed[key]
            unreadable = prepare(entry)
            stored[key] = entry
            stored.facts[lower] = facts_of(entry, source, unreadable)
        else:
            stored.take_over(previous, key)
        bibfiles[path].keys[stored.spelling(key)] = None
    data = BibliographyData()
    data.entries = stored
    return BibData(encoding=encoding, bibfiles=bibfiles, data=data)


FACTLESS = Facts("", "", 0)
