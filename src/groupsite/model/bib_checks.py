"""Checks of refs.bib: each problem is one warning naming the file, line and key, and what to do."""

import ast
import re
from pathlib import Path

from pybtex.database import InvalidNameString, Person
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.bibtex.bibfile import is_bibdata_outdated

from groupsite import build_state
from groupsite.data import bib_store, entry_fields
from groupsite.data.latex import plain_text
from groupsite.data.publisher_markup import without_html
from groupsite.internals import use_bibdata
from groupsite.model import site_index
from groupsite.model.domain import records

logger = logging.getLogger(__name__)

ENTRY_START = bib_store.ENTRY_START
NOT_ENTRIES = {"string", "comment", "preamble"}


def entry_lines(text: str) -> list[tuple[str, int]]:
    """(key, line) for each entry in the file's text, found without parsing it."""
    found, line, counted = [], 1, 0
    for match in ENTRY_START.finditer(text):
        # Counting from the previous entry on, not from the start: linear in the file's length.
        line += text.count("\n", counted, match.start())
        counted = match.start()
        if match.group(1).lower() not in NOT_ENTRIES:
            found.append((match.group(2), line))
    return found


def line_of(text: str, key: str) -> int:
    """The line on which the entry with this key starts, 0 when it cannot be found."""
    return next((line for found, line in entry_lines(text) if found == key), 0)


def near(text: str, lineno: int) -> str:
    """Where to look for a syntax error: the entries around the line where pybtex noticed it."""
    before = [(key, line) for key, line in entry_lines(text) if line <= lineno][-2:]
    if not before:
        return "Check the start of the file."
    names = " and ".join(f"{key!r} (line {line})" for key, line in reversed(before))
    return f"Check the entries {names}: every brace closed, every field followed by a comma."


# (location, message, warning subtype): kept in the environment, so that every build reports
# refs.bib's problems until they are fixed, not only the build that found them.
Problem = tuple[str, str, str]


def report(problems: list[Problem]) -> None:
    for location, message, subtype in problems:
        logger.warning(message, location=location, type="publications", subtype=subtype)


def read_bibliography(app: Sphinx) -> None:
    """Reads refs.bib for sphinxcontrib-bibtex, turning each error that would drop entries into a warning.

    pybtex raises at the first syntax error or repeated key, and sphinxcontrib-bibtex then
    keeps only the entries before it. Read here with pybtex's errors captured, the file is
    read whole, each problem is named with its line, and sphinxcontrib-bibtex finds its
    cache up to date. After an edit, only the entries whose text changed are parsed again.
    """
    domain = app.env.get_domain("cite")
    paths = [(Path(app.confdir) / name).resolve() for name in app.config.bibtex_bibfiles]
    if not is_bibdata_outdated(domain.bibdata, paths, app.config.bibtex_encoding):
        # Read by an earlier build, unchanged since: its problems are reported again, not looked for again.
        report(records(app.env)["bib_read_problems"])
        return
    encoding, undecodable = bib_store.encoding_of(paths, app.config.bibtex_encoding)
    problems_found: list[Problem] = []

    def warn(path: Path, line: int, message: str) -> None:
        problems_found.append((f"{path}:{line}", message, "unreadable_entry"))

    for path, line, byte in undecodable:
        expected = "UTF-8" if app.config.bibtex_encoding.lower().startswith("utf-8") else app.config.bibtex_encoding
        warn(path, line, f"{path.name} is not saved as {expected}: byte 0x{byte:02X} on this line is not "
                         f"{expected}. It is read as {encoding} for now; save it as {expected} "
                         "(JabRef: Library properties, Encoding; an editor: Save with encoding)")  # fmt: skip

    bibdata, errors = bib_store.read(paths, encoding, domain.bibdata.data.entries, prepare)
    # Read as the configured encoding says, to sphinxcontrib-bibtex, which would read it again otherwise.
    bibdata = bibdata._replace(encoding=app.config.bibtex_encoding)
    use_bibdata(domain, bibdata)
    stored = bib_store.stored_entries(domain)
    for path in paths:
        text = path.read_text(encoding=encoding) if path.is_file() else ""
        seen: dict[str, int] = {}
        for key, line in entry_lines(text):
            # BibTeX keys are case-insensitive: "Weis2021" and "weis2021" are one key.
            if key.lower() in seen:
                warn(path, line, f"the key {key!r} is used again (first at line {seen[key.lower()]}): "
                                 "give one of the two entries another key")  # fmt: skip
            elif key not in stored:
                warn(path, line, f"the entry {key!r} could not be read, so it would vanish from the site: "
                                 "check its first line, '@type{key,', and the entry before it")  # fmt: skip
            seen.setdefault(key.lower(), line)
            for field in stored.fact(key).unreadable if key in stored else ():
                warn(path, line, f"the entry {key!r} has a {field} whose braces do not pair up: close each {{ "
                                 "with a }}, or write a brace meant as a character as \\{{ or \\}}")  # fmt: skip
        for error in errors:
            if isinstance(error, PybtexSyntaxError) and str(error.filename) == str(path):
                warn(path, error.lineno, f"{error}. {near(text, error.lineno)}")
            elif isinstance(error, InvalidNameString) and (
                found := re.fullmatch(r"Too many commas in (.*)", str(error))
            ):
                # BibTeX stops on it too ("too many commas"): the names are read as one, wrongly.
                names = ast.literal_eval(found.group(1))
                line = text.count("\n", 0, max(text.find(names), 0)) + 1
                key = next((key for key, start in reversed(entry_lines(text)) if start <= line), "?")
                warn(path, line, f"the entry {key!r} has a list of names that BibTeX cannot read, {names[:80]!r}: "
                                 "write it as 'Last, First and Last, First'")  # fmt: skip
    records(app.env)["bib_read_problems"] = problems_found
    report(problems_found)


# pybtex's message for names it cannot read, with the names as Python writes a string.
TOO_MANY_COMMAS = re.compile(r"Too many commas in (.*)")


def prepare(entry) -> list[str]:
    """An entry as the site shows it: abstracts without HTML, unreadable LaTeX made plain; returns what was."""
    if "abstract" in entry.fields:
        entry.fields["abstract"] = without_html(entry.fields["abstract"])
    return make_readable(entry)


def readable(latex: str) -> bool:
    """Whether the text's braces pair up (escaped ones, \\{ and \\}, are characters): else it cannot be read as TeX."""
    return entry_fields.balanced(re.sub(r"\\[{}]", "", latex))


def make_readable(entry) -> list[str]:
    """Replaces the fields and names pybtex could not render, so that the build goes on; returns their names."""
    bad = []
    for name, value in list(entry.fields.items()):
        if name.lower() not in entry_fields.VERBATIM_FIELDS and not readable(value):
            entry.fields[name] = as_plain_latex(value)
            bad.append(name)
    for role, persons in entry.persons.items():
        for i, person in enumerate(persons):
            parts = (*person.first_names, *person.middle_names, *person.prelast_names, *person.last_names)
            if not all(readable(part) for part in (*parts, *person.lineage_names)):
                plain = as_plain_latex(str(person))
                try:
                    persons[i] = Person(plain)
                except PybtexError:  # e.g. "Too many commas": keep the whole name as a family name
                    persons[i] = Person(last=plain.replace(",", " "))
                bad.append(role)
    return sorted(set(bad))


def as_plain_latex(latex: str) -> str:
    """The text with its braces dropped and its % escaped: shown roughly, instead of stopping the build."""
    return re.sub(r"(?<!\\)%", r"\\%", latex.replace("{", "").replace("}", ""))


def check_entries(app: Sphinx) -> None:
    """After sphinxcontrib-bibtex has read refs.bib: each entry has what the site shows, and nothing unsafe."""
    domain = app.env.get_domain("cite")
    # The entries' problems depend on refs.bib, as last read, and on the site's topics.
    checked = (sorted((str(path), bibfile.mtime) for path, bibfile in domain.bibdata.bibfiles.items()),
               site_index.fingerprint())  # fmt: skip
    kept = records(app.env)
    if kept["bib_checked"] == checked:
        report(kept["bib_entry_problems"])
        return
    stored = bib_store.stored_entries(domain)
    # An entry's problems depend on the entry and the topics: unchanged entries keep theirs, unread.
    known = kept["bib_problems_of"] if kept["bib_checked"] and kept["bib_checked"][1] == checked[1] else {}
    problems_of: dict[tuple, list[str]] = {}
    problems_found: list[Problem] = []
    for path, bibfile in domain.bibdata.bibfiles.items():
        lines: dict[str, int] = {}
        text = path.read_text(encoding=bib_store.encoding_of([path], domain.bibdata.encoding)[0])
        has_crossrefs = bib_store.has_crossrefs(text)
        for key, line in entry_lines(text):
            lines.setdefault(key, line)  # a repeated key is reported at its first entry
        for key in bibfile.keys:
            if key not in lines and re.fullmatch(r"unnamed-\d+", key):
                continue  # pybtex's name for an entry without a key: its syntax error is reported already
            memo = (key, stored.fact(key).digest, path.name)
            found = problems_of[memo] = known[memo] if memo in known else problems(stored[key], path.name)
            # Whether the entry it names is there depends on the other entries: looked at every time.
            crossref = stored[key].fields.get("crossref", "").strip() if has_crossrefs else ""
            if crossref and crossref not in stored:  # BibTeX stops on it too
                found = [*found, f"has a crossref to {crossref!r}, which refs.bib does not have: "
                                 "add that entry, or remove the crossref"]  # fmt: skip
            for problem in found:
                problems_found.append((f"{path}:{lines.get(key, 0)}", f"entry {key!r} {problem}", "bad_entry"))
        problems_found += twice_listed(stored, bibfile.keys, path, lines)
    kept.update(bib_checked=checked, bib_entry_problems=problems_found, bib_problems_of=problems_of)
    report(problems_found)


def twice_listed(stored, keys, path: Path, lines: dict[str, int]) -> list[Problem]:
    """One paper under two keys: the same DOI or arXiv id (from the facts kept beside each entry, unread)."""
    first: dict[str, str] = {}
    found = []
    for key in keys:
        for ident in stored.fact(key).identifiers if key in stored else ():
            if ident in first:
                kind, _, value = ident.partition(":")
                found.append((f"{path}:{lines.get(key, 0)}",
                              f"entry {key!r} has the {'DOI' if kind == 'doi' else 'arXiv id'} {value} of "
                              f"{first[ident]!r} (line {lines.get(first[ident], 0)}): one paper, one entry; "
                              "remove one, or merge what each has into the other", "twice_listed"))  # fmt: skip
            first.setdefault(ident, key)
    return found


def problems(entry, filename: str) -> list[str]:
    """What stops the site from showing the entry, each as the end of a sentence that starts with its key.

    Only what BibTeX or biber would stop on, or what leaves nothing to show: everything else renders as
    well as it can, as BibTeX's own styles do, and ``nox -s report`` lists it (remarks below).
    """
    try:
        if not plain_text(entry.fields.get("title", "")):  # "{}" is no title
            return [f"has no title: add one (title = {{...}}), as in the other entries of {filename}"]
    except Exception as error:  # noqa: BLE001 - one entry's surprise is that entry's warning, not a crash
        return [f"could not be read ({type(error).__name__}: {error}): check its fields, or report this entry"]
    return []


def remarks(entry, site: Path | None = None) -> list[str]:
    """What the entry likely lacks or got wrong, for the report: it builds, but may not read as meant."""
    found = []
    pdf, folder = entry_fields.local_pdf(entry), build_state.settings().pdf_folder
    if pdf and site is not None and not (site / folder / pdf).is_file():
        found.append(f"names the pdf {pdf!r}, which is not in {folder}/: add the file there")
    if not entry.persons.get("author") and not entry.persons.get("editor"):
        found.append("has no author: the list shows it without names")
    for field, present in (
        ("year", bool(entry_fields.year_of(entry))),
        ("venue (journal, booktitle, howpublished, ...)", entry_fields.venue_of(entry) is not None),
    ):
        if not present:
            found.append(f"has no {field}")
    for field in entry_fields.LINK_FIELDS.keys() - {"doi", "arxiv"}:
        for value in entry_fields.addresses(entry.fields.get(field, "")):
            if not value.startswith(("https://", "http://")) and not (field == "pdf" and pdf):
                found.append(f"has a {field} that is not a web address, so it is not linked: {value[:80]!r}")
    doi = entry_fields.verbatim(entry.fields.get("doi", ""))
    if doi and entry_fields.doi_of(entry) is None:
        found.append(f"has a doi that is not a DOI, so it is not linked: {doi[:80]!r}")
    topics = site_index.topics()
    for keyword in site_index.tags_of(entry):
        near = [title for ident, title in topics.titles.items() if close(site_index.topic_ident(keyword), ident)]
        if near:
            found.append(f"has the keyword {keyword!r}: did you mean the topic {near[0]!r}?")
    return found


def close(a: str, b: str) -> bool:
    """Whether two names are one or two letters apart (added, dropped or changed), but not equal."""
    if a == b or abs(len(a) - len(b)) > 2:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        previous = current
    return previous[-1] <= 2


def register(app: Sphinx) -> None:
    # sphinxcontrib-bibtex reads refs.bib at builder-inited with the default priority, 500.
    app.connect("builder-inited", read_bibliography, priority=400)
    app.connect("builder-inited", check_entries, priority=600)
    # 2: refs.bib's entries are kept as bib_store.StoredEntries; an older environment is read afresh.
