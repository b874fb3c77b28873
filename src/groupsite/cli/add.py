"""Adds papers to refs.bib from DOIs, arXiv or PubMed ids, export files, or people's ORCID records: `groupsite add`.

    groupsite add 10.1101/2024.01.01.573000 arXiv:2401.16424 38012345 my-zotero-export.bib
    groupsite add --orcid          # the works on people's ORCID records that refs.bib lacks

A paper already in refs.bib (same DOI, same arXiv id, or the same title) is not added again. A
published version of a listed preprint (or the other way round) is shown next to it, for the
member to decide: update the entry in place, keeping its key, or keep both. Keywords are suggested
from the site's topics and written only when the member says yes. refs.bib is rewritten through
the formatter, in one step (a new file, then a rename), and only when something was added.
"""

import argparse
import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pybtex.database import BibliographyData, Entry, parse_string

from groupsite.cli import paper_sources, read_site, site_folder
from groupsite.cli.format_bib import Unformattable, format_bibliography, write_atomically
from groupsite.cli.paper_sources import Found, NotFound, Unreachable
from groupsite.data.bib_store import ENTRY_START
from groupsite.data.entry_fields import arxiv_id, doi_of, keywords
from groupsite.data.latex import plain_text
from groupsite.model import page_kinds
from groupsite.model.names import fold
from groupsite.model.site_index import ORCID_FIELD, Topics

# Words a key never takes from a title: "the lens" gives "lens".
MINOR_WORDS = {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "from", "at", "by", "is", "are", "do"}
# A preprint and its published version: the same first author, and titles at least this alike.
SIMILAR_TITLES = 0.8


# -- The house's keys ----------------------------------------------------------------------------------------


def ascii_word(text: str) -> str:
    """A name or word as a key holds it: "Dvo{\\v{r}}{\\'a}k" -> "dvorak"."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def key_for(entry: Entry, taken: set[str]) -> str:
    """family name, year, first word of the title but a minor one: "lovelace2024analytical"; a letter if taken."""
    authors = entry.persons.get("author") or entry.persons.get("editor") or []
    family = ascii_word(" ".join(authors[0].last_names)) if authors else ""
    words = [ascii_word(word) for word in plain_text(entry.fields.get("title", "")).split()]
    word = next((w for w in words if w and w not in MINOR_WORDS), "")
    base = f"{family or 'anonymous'}{entry.fields.get('year', '')}{word}"
    key, letter = base, ord("b")
    lowered = {name.lower() for name in taken}
    while key.lower() in lowered:  # BibTeX's keys are case-insensitive
        key, letter = f"{base}{chr(letter)}", letter + 1
    return key


# -- What refs.bib has ---------------------------------------------------------------------------------------


def title_words(entry: Entry) -> str:
    return " ".join(fold(plain_text(entry.fields.get("title", ""))).replace("-", " ").split())


def normalized_title(entry: Entry) -> str:
    return re.sub(r"[^a-z0-9]", "", title_words(entry))


def first_family(entry: Entry) -> str:
    authors = entry.persons.get("author") or []
    return fold(" ".join(authors[0].last_names)) if authors else ""


def is_preprint(entry: Entry) -> bool:
    """An arXiv, bioRxiv or other preprint: no journal or proceedings, or a venue that says so."""
    venue = " ".join(entry.fields.get(name, "") for name in ("journal", "booktitle", "howpublished", "publisher"))
    if re.search(r"arxiv|biorxiv|medrxiv|preprint|research square|ssrn", venue, re.IGNORECASE):
        return True
    return entry.type.lower() in ("misc", "unpublished", "online") and not entry.fields.get("journal")


@dataclass
class Match:
    key: str
    why: str  # "the same DOI"
    version: bool  # a preprint and its published version, not the same paper twice


class Library:
    """refs.bib's entries, found by DOI, arXiv id and title."""

    def __init__(self, text: str):
        self.text = text
        self.entries = dict(parse_string(text, "bibtex").entries.items()) if text.strip() else {}

    def add(self, key: str, entry: Entry) -> None:
        self.entries[key] = entry

    def match(self, found: Found) -> Match | None:
        """The entry the found paper already is (or a version of); None if it is new."""
        new = found.entry
        doi, arxiv, title = doi_of(new), arxiv_id(new), normalized_title(new)
        for key, entry in self.entries.items():
            if doi and doi_of(entry) and doi.lower() == doi_of(entry).lower():
                return Match(key, "the same DOI", False)
        for key, entry in self.entries.items():
            listed_doi = (doi_of(entry) or "").lower()
            if listed_doi and (listed_doi in map(str.lower, found.preprint_of + found.preprints)):
                return Match(key, "its DOI, which the new paper's metadata names as its other version", True)
            if arxiv and arxiv_id(entry) and arxiv == arxiv_id(entry):
                same_kind = is_preprint(entry) == is_preprint(new)
                return Match(key, "the same arXiv id", not same_kind)
            if title and title == normalized_title(entry):
                same_kind = is_preprint(entry) == is_preprint(new)
                return Match(key, "the same title", not same_kind)
        for key, entry in self.entries.items():
            if is_preprint(entry) != is_preprint(new) and likely_versions(entry, new):
                return Match(key, "the same first author and a title this alike", True)
        return None


def likely_versions(one: Entry, other: Entry) -> bool:
    """The same first author and titles alike enough to be one paper, whatever the years."""
    if not first_family(one) or first_family(one) != first_family(other):
        return False
    return difflib.SequenceMatcher(None, title_words(one), title_words(other)).ratio() >= SIMILAR_TITLES


# -- Keywords from the site's topics ----------------------------------------------------------------------------


def suggested_keywords(entry: Entry, topics: Topics) -> list[str]:
    """The topics whose title or declared keywords appear, as words, in the title or abstract."""
    text = f" {fold(plain_text(entry.fields.get('title', '') + ' ' + entry.fields.get('abstract', '')))} "
    text = re.sub(r"[^a-z0-9]+", " ", text)
    names = {ident: [title] for ident, title in topics.titles.items()}
    for word, ident in topics.named.items():
        names.setdefault(ident, []).append(word.replace("-", " "))
    found = []
    for ident, spellings in names.items():
        if any(f" {re.sub(r'[^a-z0-9]+', ' ', fold(s)).strip()} " in text for s in spellings if s.strip()):
            found.append(topics.titles[ident])
    return sorted(found)


# -- Writing -------------------------------------------------------------------------------------------------


def entry_text(key: str, entry: Entry, orcids: dict[int, str]) -> str:
    entry = Entry(entry.type, fields=dict(entry.fields), persons=entry.persons)
    if orcids:
        entry.fields[ORCID_FIELD] = ", ".join(f"{place + 1}={orcid}" for place, orcid in sorted(orcids.items()))
    return BibliographyData(entries={key: entry}).to_string("bibtex")


def replace_entry(text: str, key: str, new: str) -> str:
    """The text with the entry of that key, from its @ to the brace that closes it, replaced."""
    start = next(match.start() for match in ENTRY_START.finditer(text) if match.group(2) == key)
    depth, position = 0, text.index("{", start)
    for position in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[position], 0)
        if depth == 0:
            break
    return text[:start] + new.strip() + text[position + 1 :]


# -- The command ---------------------------------------------------------------------------------------------


def ask(question: str, answers: str, default: str, interactive: bool) -> str:
    """The member's answer, one of answers (first letters); the default where no one can answer."""
    if not interactive:
        return default
    while True:
        answer = input(f"{question} ").strip().lower()[:1] or default
        if answer in answers:
            return answer


def look_up(kind: str, value: str) -> list[Found]:
    if kind == "doi":
        return [paper_sources.from_doi(value)]
    if kind == "arxiv":
        return [paper_sources.from_arxiv(value)]
    if kind == "pmid":
        return [paper_sources.from_pubmed(value)]
    return paper_sources.from_file(Path(value))


def orcid_identifiers(site: Path, library: Library, out) -> list[str]:
    """The identifiers of the works on people's ORCID records that refs.bib lacks."""
    wanted = []
    people = page_kinds.people()
    for name, data in people.pages(site).items():
        orcid = str(data.get("orcid") or "").strip()
        if not orcid:
            continue
        works = paper_sources.orcid_works(orcid)
        missing = []
        for work in works:
            probe = Entry(
                "misc", fields={"title": work.get("title", ""), **({"doi": work["doi"]} if "doi" in work else {})}
            )
            if work.get("arxiv"):
                probe.fields.update(paper_sources.arxiv_fields(work["arxiv"]))
            if library.match(Found(probe, "")) is None:
                ident = work.get("doi") or (f"arXiv:{work['arxiv']}" if work.get("arxiv") else work.get("pmid"))
                missing.append((ident, work.get("title", "")))
        print(f"{people.folder}{name}.md: ORCID {orcid} lists {len(works)} works, {len(missing)} not in refs.bib",
              file=out)  # fmt: skip
        for ident, title in missing:
            print(f"  {ident or '(no DOI, arXiv or PubMed id: add it by hand)'}  {title}", file=out)
        wanted += [ident for ident, _ in missing if ident]
    return list(dict.fromkeys(wanted))


def add(items: list[str], args, out=sys.stdout) -> int:
    bib = args.bib
    text = bib.read_text(encoding="utf-8") if bib.exists() else ""
    library = Library(text)
    topics = Topics.load(args.site)
    interactive = sys.stdin.isatty() and not args.yes
    added, updated, skipped, failed = [], [], [], []
    if args.orcid:
        try:
            found_ids = orcid_identifiers(args.site, library, out)
        except (Unreachable, NotFound) as error:
            print(f"failed   ORCID: {error}", file=out)
            return 1
        if not args.all:
            found_ids = [i for i in found_ids if ask(f"Add {i}? [y/N]", "yn", "n", interactive) == "y"]
        items = [*items, *found_ids]
    for item in items:
        try:
            kind, value = paper_sources.identify(item)
            papers = look_up(kind, value)
        except (ValueError, NotFound, Unreachable, OSError) as error:
            failed.append(f"{item}: {error}")
            continue
        except Exception as error:  # noqa: BLE001 - a malformed answer or file is that item's failure, not a crash
            failed.append(f"{item}: could not be read ({type(error).__name__}: {error})")
            continue
        for paper in papers:
            if kind != "file":
                paper.source = item  # as the member wrote it
            if not paper.entry.fields.get("title"):
                skipped.append(f"{paper.source}: it has no title")
                continue
            match = library.match(paper)
            if match and not match.version:
                skipped.append(f"{paper.source}: already in refs.bib as {match.key} ({match.why})")
                continue
            if match:
                which = "published version" if is_preprint(library.entries[match.key]) else "preprint"
                print(f"{paper.source} looks like the {which} of {match.key} ({match.why}):", file=out)
                print(f"  listed: {plain_text(library.entries[match.key].fields.get('title', ''))}", file=out)
                print(f"  new:    {plain_text(paper.entry.fields.get('title', ''))}", file=out)
                choice = args.versions[0] if args.versions != "ask" else ask(
                    f"Update {match.key} in place (its key stays), keep both, or skip? [u/b/S]", "ubs", "s", interactive
                )  # fmt: skip
                if choice == "s":
                    skipped.append(
                        f"{paper.source}: a version of {match.key}; run again with --versions update or both"
                    )
                    continue
                if choice == "u":
                    old = library.entries[match.key]
                    if keywords(old):  # the member's keywords stay
                        paper.entry.fields["keywords"] = old.fields["keywords"]
                    text = replace_entry(text, match.key, entry_text(match.key, paper.entry, paper.orcids))
                    library.add(match.key, paper.entry)
                    updated.append(f"{match.key} with {paper.source} (the key stays)")
                    continue
            key = key_for(paper.entry, set(library.entries))
            suggestions = suggested_keywords(paper.entry, topics)
            note = ""
            if suggestions and not paper.entry.fields.get("keywords"):
                shown = ", ".join(suggestions)
                if (
                    ask(f"{key}: keywords from the site's topics: {shown}. Write them? [y/N]", "yn", "n", interactive)
                    == "y"
                ):
                    paper.entry.fields["keywords"] = shown
                    note = f"; keywords: {shown}"
                else:
                    note = f"; suggested keywords, not written: {shown}"
            text = text.rstrip("\n") + ("\n\n" if text.strip() else "") + entry_text(key, paper.entry, paper.orcids)
            library.add(key, paper.entry)
            added.append(f"{key} from {paper.source}{note}")
    for label, lines in (("added", added), ("updated", updated), ("skipped", skipped), ("failed", failed)):
        for line in lines:
            print(f"{label:8} {line}", file=out)
    if args.summary:
        args.summary.write_text(summary(added, updated, skipped, failed, args.orcid), encoding="utf-8")
    if added or updated:
        try:
            formatted = format_bibliography(text, bib.name)
        except Unformattable as error:
            print(f"refs.bib left as it was: {error}", file=out)
            return 1
        write_atomically(bib, formatted)
    print(
        f"{bib.name}: {len(added)} added, {len(updated)} updated, {len(skipped)} skipped"
        + (f"; {len(failed)} could not be looked up" if failed else "")
        + ("" if added or updated else f"; {bib.name} is unchanged"),
        file=out,
    )
    return 1 if failed and not (added or updated or skipped) else 0


def summary(added: list[str], updated: list[str], skipped: list[str], failed: list[str], orcid: bool) -> str:
    """What a run did, as Markdown: the body of the pull request the weekly workflow opens."""
    what = "the works on people's ORCID records that refs.bib lacked" if orcid else "the papers given"
    parts = [f"`nox -s add` looked up {what}.\n"]
    for title, lines in (("Added", added), ("Updated", updated), ("Skipped", skipped), ("Not found", failed)):
        if lines:
            parts.append(f"## {title}\n\n" + "\n".join(f"- {line}" for line in lines) + "\n")
    if added:
        parts.append(
            "Before merging: check each new entry, and give it the keywords of its topics "
            "(the suggestions above are not written), so that it is listed on those topics' pages.\n"
        )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="groupsite add", description=__doc__.split("\n\n")[0])
    parser.add_argument("items", nargs="*", help="DOIs, arXiv ids, PubMed ids, or .bib, .ris or CSL-JSON files")
    parser.add_argument("--orcid", action="store_true", help="look up the works on people's ORCID records")
    parser.add_argument("--all", action="store_true", help="with --orcid: add every work found, without asking")
    parser.add_argument("--yes", action="store_true", help="ask nothing (for scripts): no keywords are written")
    parser.add_argument(
        "--versions",
        choices=["ask", "update", "both", "skip"],
        default="ask",
        help="what to do with another version of a listed paper (default: ask; skip if no one can)",
    )
    parser.add_argument("--bib", type=Path, help="default: the site's refs.bib")
    parser.add_argument("--site", type=Path, help="the site's folder, for its topics and people (default: here)")
    parser.add_argument("--summary", type=Path, help="also write what was done, as Markdown, to this file")
    args = parser.parse_args(argv)
    if not args.items and not args.orcid:
        parser.error("give DOIs, arXiv or PubMed ids or files, or --orcid")
    args.site = site_folder(args.site)
    args.bib = args.bib or args.site / "refs.bib"
    read_site(args.site)
    return add(args.items, args)


if __name__ == "__main__":
    sys.exit(main())
