"""What the content likely lacks or got wrong, one line each with its file and line: `groupsite report`.

The build fails only where the site cannot show something; this lists the rest: entries without a
year, a venue or authors, links that are not web addresses, keywords one or two letters away from a
topic, PDFs named but not in the site's pdf folder. Then, as a request the group can answer, the facts
visitors will miss, by file: people without photo, role or email; papers without a link, abstract
or topic; offers without a level; courses without a schedule; the group's address, email, imprint
and privacy pages. Last, in a site of several languages, each sentence its catalogs leave untranslated
or outdated (as `groupsite translate` last brought them in step). Exit status 0 either way: the list
is advice, not a check.
"""

import argparse
import sys
from pathlib import Path

from groupsite import build_state
from groupsite.cli import read_site, site_folder, translate
from groupsite.cli.add import first_family, is_preprint, likely_versions, normalized_title
from groupsite.data import bib_store, entry_fields
from groupsite.model import bib_checks, page_kinds, site_index
from groupsite.model.site_index import People, SiteIndex, Topics
from groupsite.pages.contact import read_group
from groupsite.pages.theses import is_taken, levels_of


def report(site: Path, bibfiles: list[str]) -> list[str]:
    """Every remark on the site's content, as "file:line: message"."""
    build_state.current().site_index = SiteIndex(People.load(site), Topics.load(site))
    lines = []
    for name in bibfiles:
        path = site / name
        bibdata, _ = bib_store.read([path], "utf-8-sig", None, bib_checks.prepare)
        stored = bibdata.data.entries
        where = dict(reversed(bib_checks.entry_lines(path.read_text(encoding="utf-8-sig"))))
        for key in stored:
            for remark in bib_checks.remarks(stored[key], site):
                lines.append(f"{name}:{where.get(key, 0)}: entry {key!r} {remark}")
        lines += [f"{name}:{where.get(b, 0)}: {remark}" for _, b, remark in pairs(stored)]
    return lines


def pairs(stored) -> list[tuple[str, str, str]]:
    """Entries that may be one paper: the same title twice, or a preprint and its published version."""
    by_author: dict[str, list[str]] = {}  # only entries with one first author are compared: not n² of them
    for key in stored:
        by_author.setdefault(first_family(stored[key]), []).append(key)
    found = []
    for keys in by_author.values():
        for place, one in enumerate(keys):
            for other in keys[place + 1 :]:
                a, b = stored[one], stored[other]
                if is_preprint(a) == is_preprint(b):
                    if normalized_title(a) and normalized_title(a) == normalized_title(b):
                        found.append(
                            (one, other, f"entries {one!r} and {other!r} have the same title: one paper twice?")
                        )
                elif likely_versions(a, b):
                    preprint, published = (one, other) if is_preprint(a) else (other, one)
                    remark = (f"entry {preprint!r} looks like the preprint of {published!r}: listing both is fine "
                              "if meant; `nox -s add` can update one into the other")  # fmt: skip
                    found.append((one, other, remark))
    return found


def missing(site: Path, bibfiles: list[str]) -> list[str]:
    """The facts visitors will miss, as "file: what to add", the group's file first."""
    build_state.current().site_index = SiteIndex(People.load(site), Topics.load(site))
    lines = []
    group_file = build_state.settings().group_file
    group = read_group(site / group_file, quiet=True)
    lacking = [field for field in ("address", "email", "imprint", "privacy") if field not in group]
    if lacking:
        lines.append(f"{group_file}: the group's {', '.join(lacking)} (shown in every page's footer)")
    levels = " or ".join(level for level, _subject in build_state.settings().thesis_levels)
    wanted = {
        "person": (("photo", "photo"), ("role", "role"), ("email", "email")),
        "offer": (("level", f"level ({levels})"),),
        "course": (("schedule", "schedule (when and where it meets)"),),
    }
    for kind, fields in wanted.items():
        collection = page_kinds.by_kind(kind)
        for name, data in collection.pages(site).items():
            if kind == "offer" and is_taken(data):
                continue
            lacks = [
                label for field, label in fields if not data.get(field) or (field == "level" and not levels_of(data))
            ]
            if kind == "person" and data.get("alumni"):
                lacks = [label for label in lacks if label != "email"]
            if lacks:
                lines.append(f"{collection.folder}{name}.md: {', '.join(lacks)}")
    for name in bibfiles:
        path = site / name
        bibdata, _ = bib_store.read([path], "utf-8-sig", None, bib_checks.prepare)
        entries = bibdata.data.entries
        without = {
            "a link (doi, url or eprint)": [key for key in entries if not entry_fields.links_of(entries[key])],
            "an abstract": [key for key in entries if not entries[key].fields.get("abstract", "").strip()],
            f"a topic (keywords naming a page in {build_state.settings().topics}/)": [
                key for key in entries if not site_index.topics_of(entries[key])
            ],
        }
        for fact, keys in without.items():
            if keys:
                lines.append(f"{name}: {len(keys)} entries without {fact}: {', '.join(keys)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="groupsite report", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="the site's folder (default: here)")
    parser.add_argument("--bib", nargs="+", default=["refs.bib"], help="its .bib files, as conf.py names them")
    args = parser.parse_args(argv)
    args.site = site_folder(args.site)
    read_site(args.site)
    lines = report(args.site, args.bib)
    print("\n".join(lines) if lines else "Nothing to report.")
    print(f"{len(lines)} remark{'' if len(lines) == 1 else 's'}.", file=sys.stderr)
    requests = missing(args.site, args.bib)
    if requests:
        print("\nWhat visitors will miss: could the group add these facts, in these files?")
        print("\n".join(f"- [ ] {line}" for line in requests))
    untranslated = translate.waiting(args.site, build_state.settings())
    if untranslated:
        print("\nWhat awaits a translator (new: not yet translated; changed: the English changed since):")
        print("\n".join(f"- [ ] {line}" for line in untranslated))
    return 0


if __name__ == "__main__":
    sys.exit(main())
