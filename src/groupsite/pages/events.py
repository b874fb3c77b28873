"""Talks and events: one page each in the events folder (its time and time zone, place, speakers, slides), listed as
upcoming and past, with an iCalendar file each, a calendar to subscribe to, and schema.org's Event for search engines.

The lists are split by the build's date (build_date: one commit, the same pages whatever the day), and the page's
script moves an event that has ended since to the past ones in the visitor's browser.
"""

import datetime as dt
import html
import json
from pathlib import Path
from urllib.parse import urlparse

from docutils import nodes
from sphinx.application import Sphinx

from groupsite import build_state
from groupsite.data.dates import When, build_date, clock, day, zone
from groupsite.data.front_matter import is_web_address
from groupsite.model import page_kinds
from groupsite.model.domain import object_xref, records
from groupsite.model.site_index import note_index_dependency, people
from groupsite.options import _
from groupsite.pages.generated_pages import generated_pages
from groupsite.pages.news import index_contents, language
from groupsite.pages.people import person_link
from groupsite.pages.publications import related_papers
from groupsite.rendering.design import CardOverview
from groupsite.rendering.page_facts import PageFacts
from groupsite.versioning import digest

CALENDAR = "calendar.ics"  # every event, at the site's root: the calendar a visitor subscribes to
LINKS = {"slides": "Slides", "recording": "Recording"}


def when_of(data: dict, warn=None) -> When | None:
    """The event's time, from date, start, end and timezone; None without a date. warn(message) for what is wrong."""
    warn = warn or (lambda message: None)
    date = day(data.get("date"))
    if date is None:
        if data.get("date"):
            warn(f"has the date {data['date']!r}: write it as 2027-01-15")
        return None
    name = str(data.get("timezone") or build_state.settings().timezone)
    where = zone(name)
    if where is None:
        warn(f"has the time zone {name!r}, which the time zone database does not know: write it as Europe/Berlin")
        name, where = "UTC", zone("UTC")
    times = {}
    for field in ("start", "end"):
        if data.get(field) is not None:
            times[field] = clock(data[field])
            if times[field] is None:
                warn(f'has the {field} time {data[field]!r}: write it as "14:15"')
    start = times.get("start") and dt.datetime.combine(date, times["start"], where)
    end = times.get("end") and dt.datetime.combine(date, times["end"], where)
    if end and not start:
        warn("has an end time but no start: add `start:`")
        end = None
    if start and end and end <= start:
        warn("ends before it starts: check `start:` and `end:`")
        end = None
    return When(date, start or None, end or None, name)


def speaker_nodes(env, names: list[str]) -> list[nodes.Node]:
    """Speakers who have a page link to it; guests are shown as written."""
    note_index_dependency(env)
    result: list[nodes.Node] = []
    for name in names:
        if result:
            result.append(nodes.Text(", "))
        member = people().find(str(name))
        result.append(person_link(member) if member else nodes.Text(str(name)))
    return result


def web_link(data: dict, field: str, text: str, warn) -> list[nodes.Node]:
    value = str(data.get(field) or "").strip()
    if not value:
        return []
    if not is_web_address(value):
        warn(f"has a {field} that is not a web address: {value!r}; write it as https://...")
        return []
    return [nodes.reference(value, text, refuri=value)]


def ends_at(when: When) -> nodes.raw:
    """The moment the event is over, for the page's script, which moves it to the past ones then."""
    return nodes.raw(
        "", f'<time class="event-end" datetime="{when.last_moment().isoformat()}" hidden></time>', format="html"
    )


def event_paragraph(docname: str, data: dict, when: When, config) -> nodes.paragraph:
    """ "January 15, 2027, 14:15–15:45 (Europe/Berlin): <title>, Speaker, Place"."""
    paragraph = nodes.paragraph(classes=["event-item"])
    shown = html.escape(when.shown(language(config)))
    paragraph += nodes.raw("", f'<time datetime="{when.iso_start()}">{shown}</time>', format="html")
    paragraph += [nodes.Text(": "), object_xref("event", Path(docname).name, str(data.get("title") or docname))]
    details = [str(data[field]).strip() for field in ("kind", "place") if data.get(field)]
    if data.get("speakers"):
        details.insert(0, ", ".join(map(str, data["speakers"])))
    if details:
        paragraph += nodes.Text(" — " + "; ".join(details))
    paragraph += ends_at(when)
    return paragraph


class EventFacts(PageFacts):
    """An event's page: when, where and who under the title; its calendar file; schema.org's Event in its head."""

    kind = "event"

    def facts(self, data):
        def warn(message):
            self.collection.warn(Path(self.path), message)

        when = when_of(data, warn)
        place = [nodes.Text(str(data["place"]).strip())] if data.get("place") else []
        place += (
            ([nodes.Text(" (")] + web_link(data, "map", _("map"), warn) + [nodes.Text(")")]) if data.get("map") else []
        )
        calendar = nodes.reference("", _("Add to your calendar (.ics)"), refuri=f"{Path(self.env.docname).name}.ics")
        return [
            (_("When"), [nodes.Text(when.shown(language(self.config)))] if when else []),
            (_("Kind"), self.text_fact(data, "kind")),
            (_("Place"), place),
            (_("Online"), web_link(data, "online", str(data.get("online") or ""), warn)),
            (_("Speakers"), speaker_nodes(self.env, data["speakers"])),
            *((_(label), web_link(data, field, _(label), warn)) for field, label in LINKS.items()),
            (_("Related papers"), related_papers(self, data["related"])),
            (_("Calendar"), [calendar] if when else []),
        ]

    def who(self, data: dict) -> list[str]:
        when = when_of(data)
        return [str(data.get("title") or "").strip(), when.shown(language(self.config)) if when else ""]


def split(pages: list[tuple[str, dict]], today: dt.date) -> tuple[list, list]:
    """(upcoming, soonest first; past, latest first), with each event's time, as of the build's date."""
    timed = [(docname, data, when) for docname, data in pages if (when := when_of(data))]
    upcoming = sorted(
        (page for page in timed if page[2].date >= today), key=lambda page: (page[2].iso_start(), page[0])
    )
    past = sorted((page for page in timed if page[2].date < today), key=lambda page: (page[2].iso_start(), page[0]))
    return upcoming, past[::-1]


def the_build_date(env) -> dt.date:
    """The build's date, once per build, noted for the pages that split events by it."""
    return build_state.current().memo("events", "today", lambda: build_date(Path(env.srcdir)))


def events_list(items: list, config, css_class: str) -> nodes.bullet_list:
    listed = nodes.bullet_list(classes=["events-list", css_class])
    for docname, data, when in items:
        listed += nodes.list_item("", event_paragraph(docname, data, when, config))
    return listed


def none_yet(text: str, shown: bool) -> nodes.raw:
    """What a list says when it is empty; hidden while it is not, shown by the page's script once it is."""
    hidden = "" if shown else " hidden"
    return nodes.raw("", f'<p class="events-none"{hidden}>{html.escape(text)}</p>', format="html")


def titled(ident: str, title: str, document) -> nodes.section:
    section = nodes.section(ids=[ident], names=[nodes.fully_normalize_name(title)])
    section += nodes.title(title, title)
    document.note_implicit_target(section)
    return section


class EventsDirective(CardOverview):
    """Every event: the upcoming ones, soonest first, then the past ones, latest first; and the calendar."""

    kind = "event"

    def overview(self):
        records(self.env)["events_split"][self.env.docname] = the_build_date(self.env).isoformat()
        upcoming, past = split(self.pages(), the_build_date(self.env))
        calendar = nodes.paragraph(classes=["events-calendar"])
        calendar += nodes.raw("", self.calendar_links(), format="html")
        ahead = titled("upcoming", _("Upcoming"), self.state.document)
        ahead += none_yet(_("No upcoming events at the moment."), shown=not upcoming)
        ahead += events_list(upcoming, self.config, "events-upcoming")
        behind = titled("past", _("Past"), self.state.document)
        behind += none_yet(_("No past events yet."), shown=not past)
        behind += events_list(past, self.config, "events-past")
        return [calendar, ahead, behind]

    def calendar_links(self) -> str:
        """The calendar of every event: a webcal:// link calendar apps subscribe to, and the file itself."""
        href = "../" * self.env.docname.count("/") + CALENDAR
        base = urlparse(self.config.html_baseurl.rstrip("/") + "/")
        webcal = f"webcal://{base.netloc}{base.path}{CALENDAR}"
        subscribe, download = html.escape(_("Subscribe to our calendar")), html.escape(_("download it (.ics)"))
        return f'<a href="{html.escape(webcal)}">{subscribe}</a>, or <a href="{html.escape(href)}">{download}</a>'


class UpcomingEventsDirective(CardOverview):
    """The home page's upcoming events, soonest first, with a link to all; nothing when none is upcoming."""

    kind = "event"

    def overview(self):
        records(self.env)["events_split"][self.env.docname] = the_build_date(self.env).isoformat()
        upcoming, _past = split(self.pages(), the_build_date(self.env))
        if not upcoming:
            return []
        section = titled("upcoming-events", _("Upcoming events"), self.state.document)
        section["classes"].append("upcoming-events")
        section += events_list(upcoming[:5], self.config, "events-upcoming")
        return [section]

    def contents(self) -> nodes.Node:
        """The events page in the site's navigation, where there is one."""
        return index_contents(self, page_kinds.events().folder)


def events_of_the_site(app: Sphinx) -> list[tuple[str, dict, When]]:
    collection = page_kinds.events()
    found = []
    for docname in collection.docnames(app.env):
        data = collection.as_shown(app.env, docname)
        when = when_of(data)
        if when is not None:
            found.append((docname, data, when))
    return found


def as_ical(app: Sphinx, docname: str, data: dict, when: When, stamp: dt.datetime):
    from icalendar import Event  # 0.14 s to import: only a site with events pays it

    base = app.config.html_baseurl.rstrip("/") + "/"
    event = Event()
    event.add("uid", f"{docname}@{urlparse(base).netloc or 'localhost'}")
    event.add("dtstamp", stamp)  # the build's date: two builds of one commit, one file
    event.add("summary", str(data.get("title") or docname))
    if when.start is not None:
        event.add("dtstart", when.start)
        event.add("dtend", when.end or when.start + dt.timedelta(hours=1))
    else:
        event.add("dtstart", when.date)
        event.add("dtend", when.date + dt.timedelta(days=1))
    place = ", ".join(str(data[field]).strip() for field in ("place",) if data.get(field)) or data.get("online")
    if place:
        event.add("location", str(place))
    event.add("url", base + app.builder.get_target_uri(docname))
    description = [str(data[field]).strip() for field in ("kind", "summary") if data.get(field)]
    if data.get("speakers"):
        description.insert(0, ", ".join(map(str, data["speakers"])))
    if description:
        event.add("description", "\n".join(description))
    return event


def calendar(app: Sphinx, events: list, stamp: dt.datetime) -> bytes:
    from icalendar import Calendar  # 0.14 s to import: only a site with events pays it

    ical = Calendar()
    ical.add("prodid", f"-//{app.config.project}//groupsite//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", _("Events of the {group}").format(group=app.config.project))
    for docname, data, when in events:
        ical.add_component(as_ical(app, docname, data, when, stamp))
    # The time zones' rules for the years of the events (icalendar's default stops at 2038).
    dates = [when.date for _docname, _data, when in events]
    ical.add_missing_timezones(first_date=min(dates), last_date=max(dates) + dt.timedelta(days=366))
    # In the order of their names: icalendar adds them in the order of a set, which differs from one process to the
    # next, and one commit's calendar must be the same file whoever builds it.
    zones = sorted((c for c in ical.subcomponents if c.name == "VTIMEZONE"), key=lambda zone: str(zone["TZID"]))
    ical.subcomponents = zones + [c for c in ical.subcomponents if c.name != "VTIMEZONE"]
    return ical.to_ical()


def write_calendars(app: Sphinx, exception) -> None:
    """Each event's .ics beside its page, and the calendar of them all at the site's root."""
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    outdir = Path(app.builder.outdir)
    events = events_of_the_site(app)
    if not events:
        (outdir / CALENDAR).unlink(missing_ok=True)  # the last event gone: no calendar, as a clean build
        return
    stamp = dt.datetime.combine(the_build_date(app.env), dt.time(), dt.UTC)
    written = digest(app.config.html_baseurl, app.config.project, stamp, [(d, data) for d, data, _w in events])
    if not generated_pages(app).outdated(CALENDAR, written, suffix=""):
        return
    for docname, data, when in events:
        (outdir / f"{docname}.ics").write_bytes(calendar(app, [(docname, data, when)], stamp))
    (outdir / CALENDAR).write_bytes(calendar(app, events, stamp))


def json_ld(app: Sphinx, docname: str, data: dict, when: When) -> dict:
    """schema.org's Event, as search engines read it for their event results."""
    base = app.config.html_baseurl.rstrip("/") + "/"
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": str(data.get("title") or docname),
        "startDate": when.iso_start(),
        "endDate": when.iso_end(),
        "eventStatus": "https://schema.org/EventScheduled",
        "url": base + app.builder.get_target_uri(docname),
        "organizer": {"@type": "Organization", "name": app.config.project, "url": base},
    }
    places = []
    if data.get("place"):
        place = {"@type": "Place", "name": str(data["place"]).strip()}
        if data.get("map") and is_web_address(str(data["map"])):
            place["hasMap"] = str(data["map"]).strip()
        places.append(place)
    if data.get("online") and is_web_address(str(data["online"])):
        places.append({"@type": "VirtualLocation", "url": str(data["online"]).strip()})
    if places:
        event["location"] = places[0] if len(places) == 1 else places
        mode = "Mixed" if len(places) > 1 else "Online" if places[0]["@type"] == "VirtualLocation" else "Offline"
        event["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if data.get("speakers"):
        event["performer"] = [{"@type": "Person", "name": str(name)} for name in data["speakers"]]
    if data.get("summary"):
        event["description"] = str(data["summary"]).strip()
    return event


def add_json_ld(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """An event's page carries schema.org's Event in its head; a page with upcoming events gets their script."""
    collection = page_kinds.events()
    if collection.holds(pagename):
        data = collection.as_shown(app.env, pagename)
        when = when_of(data)
        if when is not None:
            text = json.dumps(json_ld(app, pagename, data, when), ensure_ascii=False).replace("</", "<\\/")
            context["metatags"] = context.get("metatags", "") + f'<script type="application/ld+json">{text}</script>\n'
    if doctree is not None and any("events-upcoming" in node["classes"] for node in doctree.findall(nodes.bullet_list)):
        app.add_js_file("events.js", loading_method="defer")


def pages_split_by_an_earlier_date(app: Sphinx, env, added, changed, removed) -> list[str]:
    """A page that splits events into upcoming and past is read again when the build's date is another."""
    split_on = records(env)["events_split"]
    if not split_on:
        return []
    today = the_build_date(env).isoformat()
    return sorted(docname for docname, date in split_on.items() if date != today and docname in env.found_docs)


def register(app: Sphinx) -> None:
    app.add_transform(EventFacts)
    app.add_directive("events", EventsDirective)
    app.add_directive("upcoming-events", UpcomingEventsDirective)
    app.connect("html-page-context", add_json_ld)
    app.connect("build-finished", write_calendars)
    app.connect("env-get-outdated", pages_split_by_an_earlier_date)
