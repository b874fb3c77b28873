"""Writes refs.bib in the repository's one layout, and refuses any change that would lose an entry, field or name."""

import argparse
import difflib
import os
import re
import sys
import tempfile
from pathlib import Path

import bibtexparser
import pybtex.errors
from bibtexparser.middlewares import AddEnclosingMiddleware, RemoveEnclosingMiddleware
from bibtexparser.model import Entry, ImplicitComment, ParsingFailedBlock
from pybtex.database import parse_string as pybtex_parse
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

# Who and what first, then where, the site's topics and when, links, and the long abstract last.
# Fields not named here keep their order, between the links and the abstract.
FIELD_ORDER = (
    "author",
    "editor",
    "title",
    "journal",
    "booktitle",
    "howpublished",
    "series",
    "volume",
    "number",
    "pages",
    "publisher",
    "organization",
    "institution",
    "school",
    "address",
    "edition",
    "keywords",
    "year",
    "month",
    "doi",
    "url",
    "pdf",
    "code",
    "eprint",
    "archiveprefix",
    "primaryclass",
    "note",
)
LAST = ("abstract",)

LAYOUT = bibtexparser.BibtexFormat()
LAYOUT.indent = "  "
LAYOUT.trailing_comma = True  # a field added at the end changes one line, not two
LAYOUT.block_separator = "\n"  # each block ends in a newline: one blank line between entries

# Braces around every value, numbers included; string macros (month = jan) and # concatenations stay as they are.
ENCLOSE = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=True, default_enclosing="{")


class Unformattable(Exception):
    """The file cannot be formatted without guessing: the message says where and what to fix."""


def format_bibliography(text: str, name: str = "refs.bib") -> str:
    """The text of a BibTeX file in the repository's layout; Unformattable if it cannot be read whole."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    before = meaning(text, name)
    library = bibtexparser.parse_string(text, parse_stack=[RemoveEnclosingMiddleware()])
    failed = [block for block in library.blocks if isinstance(block, ParsingFailedBlock)]
    if failed:
        raise Unformattable("\n".join(f"{name}:{line_of(block)}: {block.error}" for block in failed))
    for block in library.blocks:
        if isinstance(block, Entry):
            tidy(block, name)
        elif isinstance(block, ImplicitComment):
            block.comment = "\n".join(line.rstrip() for line in block.comment.strip().splitlines())
    formatted = bibtexparser.write_string(library, unparse_stack=[ENCLOSE], bibtex_format=LAYOUT).strip()
    formatted += "\n" if formatted else ""  # an empty file stays empty
    after = meaning(formatted, name)
    if after != before:
        raise Unformattable(f"{name}: formatting would change {difference(before, after)}; the file is left as it is")
    return formatted


def tidy(entry: Entry, name: str) -> None:
    """Lower-case field names, in FIELD_ORDER, each value on one line."""
    seen = {}
    for field in entry.fields:
        lower = field.key.lower()
        if lower in seen:
            raise Unformattable(
                f"{name}:{line_of(entry)}: the entry {entry.key!r} has the field {lower!r} twice "
                f"({seen[lower]!r} and {field.key!r}): keep one"
            )
        seen[lower] = field.key
        field.key = lower
        # BibTeX reads any run of spaces and line breaks in a value as one space.
        enclosing = field.enclosing  # a new value forgets it: macros (month = jan) must stay bare
        field.value = " ".join(field.value.split())
        field.enclosing = enclosing
    known = {field: rank for rank, field in enumerate(FIELD_ORDER)}
    last = {field: len(FIELD_ORDER) + 1 + rank for rank, field in enumerate(LAST)}
    entry.fields = sorted(entry.fields, key=lambda field: known.get(field.key, last.get(field.key, len(FIELD_ORDER))))


def line_of(block) -> int:
    """The block's first line, counted from 1."""
    return (block.start_line or 0) + 1


def meaning(text: str, name: str) -> dict:
    """What BibTeX reads in the text: every entry's type, fields and names, in order, and the preamble."""
    try:
        with pybtex.errors.capture() as errors:
            data = pybtex_parse(text, "bibtex")
    except PybtexError as error:
        raise Unformattable(f"{name}: {error}{near(text, error)}") from error
    if errors:
        raise Unformattable("\n".join(f"{name}: {error}{near(text, error)}" for error in errors))
    return {
        "preamble": data.preamble_list,
        "entries": [
            (
                key,
                entry.type.lower(),
                {field.lower(): value for field, value in entry.fields.items()},
                {
                    role.lower(): [
                        (p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names) for p in persons
                    ]
                    for role, persons in entry.persons.items()
                },
            )
            for key, entry in data.entries.items()
        ],
    }


# The first line of an entry, "@article{key,", found without parsing.
ENTRY_START = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)


def near(text: str, error: Exception) -> str:
    """Where to look for a syntax error: pybtex may notice a missing brace only where the next entry starts."""
    if not isinstance(error, PybtexSyntaxError):
        return ""
    starts = [
        (match.group(2), text.count("\n", 0, match.start()) + 1)
        for match in ENTRY_START.finditer(text)
        if match.group(1).lower() not in ("string", "comment", "preamble")
    ]
    before = [f"{key!r} (line {line})" for key, line in starts if line <= error.lineno][-2:]
    if not before:
        return ""
    return f"; check {' and '.join(reversed(before))}: every brace closed, every field followed by a comma"


def difference(before: dict, after: dict) -> str:
    """The first thing that differs, for the message."""
    if before["preamble"] != after["preamble"]:
        return "the @preamble"
    for old, new in zip(before["entries"], after["entries"], strict=False):
        if old != new:
            return f"the entry {old[0]!r}"
    return "the number of entries"


def check(path: Path, formatted: str) -> bool:
    """Whether the file is formatted; if not, says so with the first lines that differ."""
    text = path.read_text(encoding="utf-8")
    if text == formatted:
        return True
    name = os.path.relpath(path)
    diff = list(difflib.unified_diff(text.splitlines(), formatted.splitlines(), name, "formatted", lineterm=""))
    # Abstracts make long lines: the start of each says enough.
    shown = "\n".join(line if len(line) < 120 else line[:117] + "..." for line in diff[:30])
    shown += "\n..." if len(diff) > 30 else ""
    print(f"{name} is not formatted: run `nox -s bib-format`, then commit the result.\n{shown}", file=sys.stderr)
    return False


def write_atomically(path: Path, text: str) -> None:
    """Writes a new file beside the old, then renames it over it: an interrupted run or a full disk leaves
    the old file whole, never half a file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="groupsite format-bib", description=__doc__)
    parser.add_argument("files", nargs="*", type=Path, default=[Path("refs.bib")], help="default: refs.bib")
    parser.add_argument("--check", action="store_true", help="change nothing; fail if a file is not formatted")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            formatted = format_bibliography(path.read_text(encoding="utf-8"), os.path.relpath(path))
        except Unformattable as error:
            print(f"{error}\nFix this first; `nox -s docs` says more about each problem.", file=sys.stderr)
            status = 1
            continue
        if args.check:
            status |= not check(path, formatted)
        elif path.read_text(encoding="utf-8") != formatted:
            write_atomically(path, formatted)
            print(f"formatted {os.path.relpath(path)}")
    return status


if __name__ == "__main__":
    sys.exit(main())
