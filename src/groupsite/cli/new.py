"""Writes a new person, thesis offer, course, news item or event page from the package's templates, checking every
name, date and time it is given."""

import argparse
import datetime as dt
import json
import string
import sys
from pathlib import Path

import pybtex.errors
import yaml
from pybtex.database import Person, parse_file

# The build's own rules, so that a page written here never fails the build for a name or a term.
from groupsite import build_state
from groupsite.cli import read_site, site_folder
from groupsite.data import folding
from groupsite.data.dates import clock, day, zone
from groupsite.model.names import Name
from groupsite.model.site_index import People, Topics
from groupsite.model.terms import EXAMPLES, Term

TEMPLATES = Path(__file__).resolve().parent.parent / "page_templates"

# Words left out of file names, which stay short: "Models of the mind" -> models-mind.
MINOR_WORDS = frozenset("a an and as at between by each for from in into its of on or other the their to with".split())
MAX_WORDS = 6


class Refused(Exception):
    """The page was not written: the message says why and what to do instead."""


def slug(text: str, minor_words: bool = False) -> str:
    """A file name from a title or name: ASCII, lower case, words joined by hyphens, minor words left out."""
    words = folding.slug(text).split("-")
    if not minor_words:
        words = [word for word in words if word not in MINOR_WORDS][:MAX_WORDS] or words
    return "-".join(word for word in words if word)


def yaml_value(value, in_list: bool = False) -> str:
    """The value as YAML that reads back as exactly the same: plain where that is safe, quoted otherwise."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(item, in_list=True) for item in value) + "]"
    if isinstance(value, dt.date):
        return value.isoformat()  # YAML reads it back as this date
    text = str(value)
    line = f"value: [{text}]" if in_list else f"value: {text}"
    try:
        plain = " #" not in text and yaml.safe_load(line) == {"value": [text] if in_list else text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)  # JSON strings are YAML's double-quoted strings


def fill(template: str, values: dict) -> str:
    """The template with each $name replaced; a line whose value is empty or missing is left out."""
    lines = []
    for line in template.splitlines(keepends=True):
        names = {match.group("named") or match.group("braced") for match in string.Template.pattern.finditer(line)}
        names.discard(None)
        if any(not values.get(name) for name in names):
            continue
        lines.append(string.Template(line).substitute({name: yaml_value(values[name]) for name in names}))
    return "".join(lines)


class Site:
    """The site's people, topics and publications, read as the build reads them."""

    def __init__(self, root: Path):
        self.root = root
        self.people = People.load(root)
        self.topics = Topics.load(root)

    def person(self, name: str, what: str) -> str:
        """The name as the person's page writes it; Refused if no one, or more than one, has that name."""
        member = self.people.find(name)
        if member is not None:
            return member.name
        known = ", ".join(sorted(member.name for member in self.people.members))
        same = [member.name for member in self.people.members if member.is_named(Name.parse(name))]
        if same:
            raise Refused(f"the {what} {name!r} could be {' or '.join(same)}: write the full name")
        raise Refused(
            f"there is no person {name!r} to be the {what}: write the name as on their page in "
            f"{build_state.settings().people}/ "
            f"(known: {known}), or add their page first with\n"
            f'  nox -s new -- person "{name}"'
        )

    def topic(self, text: str) -> str:
        if self.topics.find(text) is None:
            known = ", ".join(sorted(self.topics.titles.values()))
            raise Refused(f"there is no topic {text!r}: use one of {known or 'none yet'}, or add a page in "
                          f"{build_state.settings().topics}/")  # fmt: skip
        return text.strip()

    def publication(self, key: str) -> str:
        path = self.root / "refs.bib"
        with pybtex.errors.capture() as errors:  # read as the build reads it: every problem named, none raised
            entries = parse_file(path, "bibtex").entries if path.is_file() else {}
        if errors:
            raise Refused(f"{path.name} cannot be read as it is ({errors[0]}): `nox -s docs` names each problem "
                          "with its line; fix them first, or leave out --related")  # fmt: skip
        keys = {found.lower(): found for found in entries}
        if key.lower() not in keys:
            raise Refused(f"refs.bib has no entry {key!r}: add the paper to refs.bib first, or leave it out")
        return keys[key.lower()]


def page_for(args: argparse.Namespace, site: Site) -> tuple[str, str, dict]:
    """The folder, the file name and the values for the template, checked."""
    topics = [site.topic(topic) for topic in args.topic]
    related = [site.publication(key) for key in args.related]
    if args.kind == "thesis":
        supervisor = site.person(args.supervisor, "supervisor")
        levels = [level for level, _subject in build_state.settings().thesis_levels]
        written = set(str(args.level or "").lower().replace(",", " ").split()) - {"or"}
        if not written <= {level.lower() for level in levels}:
            known = " or ".join(levels)
            raise Refused(f"the level {args.level!r} is none of {known}: write one, or several joined by 'or'")
        summary = args.summary or f"Write to {supervisor} to learn more about this thesis."
        values = {
            "title": args.title,
            "summary": summary,
            "supervisor": supervisor,
            "topics": topics,
            "level": args.level,
        }
        return build_state.settings().offers, slug(args.title), {**values, "related": related}
    if args.kind == "course":
        term = Term.parse(args.term)
        if term is None:
            raise Refused(f"the term {args.term!r} is not a term: write {EXAMPLES}")
        lecturers = [site.person(name, "lecturer") for name in args.lecturer]
        values = {"title": args.title, "summary": args.summary, "term": " ".join(args.term.split()),
                  "kind": args.course_kind}  # fmt: skip
        name = f"{slug(args.title)}-{term.slug}"
        return build_state.settings().courses, name, {**values, "lecturers": lecturers, "related": related}
    if args.kind == "news":
        date = checked_date(args.date) if args.date else dt.date.today()
        values = {"title": args.title, "date": date, "summary": args.summary,
                  "people": [site.person(name, "person of the news") for name in args.person]}  # fmt: skip
        return build_state.settings().news, f"{date.isoformat()}-{slug(args.title)}", values
    if args.kind == "event":
        date = checked_date(args.date)
        times = {field: checked_time(getattr(args, field), field) for field in ("time", "end") if getattr(args, field)}
        if "end" in times and "time" not in times:
            raise Refused("an event with an --end needs its start too: --time 14:15")
        if args.timezone and zone(args.timezone) is None:
            raise Refused(
                f"the time zone {args.timezone!r} is not in the time zone database: write it as Europe/Berlin"
            )
        speakers = [site.person(name, "speaker") if site.people.find(name) else name.strip() for name in args.speaker]
        values = {"title": args.title, "date": date, "start": times.get("time"), "end": times.get("end"),
                  "timezone": args.timezone, "kind": args.event_kind, "place": args.place, "speakers": speakers,
                  "related": related, "summary": args.summary}  # fmt: skip
        return build_state.settings().events, f"{date.isoformat()}-{slug(args.title)}", values
    member = site.people.find(args.name)
    if member is not None:
        raise Refused(f"{member.name} has a page already: {build_state.settings().people}/{member.ident}.md")
    person = Person(args.name)
    family = " ".join(person.prelast_names + person.last_names)
    if not family or not person.first_names:
        raise Refused(f"write the full name, given name first, as it should be shown: not {args.name!r}")
    return build_state.settings().people, slug(family, minor_words=True), {"name": args.name.strip(), "role": args.role}


def checked_date(text: str) -> dt.date:
    date = day(text)
    if date is None:
        raise Refused(f"the date {text!r} is not a date: write it as 2027-01-15")
    return date


def checked_time(text: str, what: str) -> str:
    time = clock(text)
    if time is None:
        raise Refused(
            f"the {'start' if what == 'time' else what} time {text!r} is not a time of day: write it as 14:15"
        )
    return time.strftime("%H:%M")


def write_page(args: argparse.Namespace, root: Path) -> Path:
    """Writes the page and returns its path; Refused, with nothing written, if anything is wrong.

    A folder the page goes in that the site does not have yet is made.
    """
    folder, name, values = page_for(args, Site(root))
    path = root / folder / f"{args.file or name}.md"
    if path.exists():
        raise Refused(f"{path.relative_to(root)} exists already: edit it, or choose another file name with --file")
    template = (TEMPLATES / f"{TEMPLATE_OF[args.kind]}.md").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(fill(template, values), encoding="utf-8")
    return path


TEMPLATE_OF = {"thesis": "thesis-offer", "course": "course", "person": "person", "news": "news", "event": "event"}
NEXT_STEPS = {
    "thesis": "check its summary and describe the project in place of the notes; it is listed with the thesis offers",
    "course": "say what the course covers in place of the notes; it is listed under its term with the courses",
    "person": "add links or a photo if you like; they are listed on the People page",
    "news": "write the news in place of the notes; it is listed with the news, the newest on the home page",
    "event": "say what it is about in place of the notes; it is listed with the events, with its calendar file",
}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="groupsite new", description=__doc__)
    kinds = parser.add_subparsers(dest="kind", required=True)
    related = argparse.ArgumentParser(add_help=False)
    related.add_argument("--related", action="append", default=[], metavar="KEY", help="a refs.bib key; repeatable")
    related.add_argument("--summary", help="one sentence, shown on the page and its card")
    related.add_argument("--file", help="the file name, without .md, if not the one made from the title")
    related.add_argument("--site", type=Path, help="the site's folder (default: here)")

    thesis = kinds.add_parser("thesis", parents=[related], help="a thesis offer")
    thesis.add_argument("title")
    thesis.add_argument("--supervisor", required=True, help="a person with a page of their own")
    thesis.add_argument("--topic", action="append", default=[], help="a topic with a page; repeatable")
    thesis.add_argument("--level", help="who the thesis is for: Bachelor, Master, or Bachelor or Master")

    course = kinds.add_parser("course", parents=[related], help="a course, for one term")
    course.add_argument("title")
    course.add_argument("--term", required=True, help="'Summer term 2025', 'Winter term 2025/2026', 'Fall 2025', ...")
    course.add_argument("--lecturer", action="append", required=True, help="a person with a page; repeatable")
    course.add_argument("--kind", dest="course_kind", help="Lecture, Seminar, Practical course, ...")
    course.set_defaults(topic=[])

    news = kinds.add_parser("news", parents=[related], help="a news item, dated today")
    news.add_argument("title")
    news.add_argument("--date", help="the news' date, 2027-01-15, if not today")
    news.add_argument("--person", action="append", default=[], help="a person it is about; repeatable")
    news.set_defaults(topic=[])

    event = kinds.add_parser("event", parents=[related], help="a talk, seminar or other event")
    event.add_argument("title")
    event.add_argument("--date", required=True, help="its day: 2027-01-15")
    event.add_argument("--time", help="when it starts: 14:15 (none: all day)")
    event.add_argument("--end", help="when it ends: 15:45")
    event.add_argument("--timezone", help="its time zone, if not the site's: Europe/Berlin")
    event.add_argument("--place", help="where: Room 0.101, Main building")
    event.add_argument("--speaker", action="append", default=[], help="a speaker, of the group or a guest; repeatable")
    event.add_argument("--kind", dest="event_kind", help="Talk, Seminar, Workshop, ...")
    event.set_defaults(topic=[])

    person = kinds.add_parser("person", help="a person")
    person.add_argument("name", help="the full name, as it should be shown")
    person.add_argument("--role", help="PhD student, Postdoc, ...")
    person.add_argument("--file", help="the file name, without .md, if not the family name")
    person.add_argument("--site", type=Path, help="the site's folder (default: here)")
    person.set_defaults(topic=[], related=[])
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    site = site_folder(args.site)
    read_site(site)
    try:
        path = write_page(args, site)
    except Refused as refusal:
        print(f"Nothing was written: {refusal}", file=sys.stderr)
        return 1
    print(f"Wrote {path.relative_to(site)}. Now {NEXT_STEPS[args.kind]}; `nox -s docs` builds the site to check it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
