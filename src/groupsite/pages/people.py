"""People: a page each in the people's folder, linked wherever their name appears, with offers, courses and papers."""

import html
from pathlib import Path

from docutils import nodes
from pybtex.database import Person
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from groupsite import build_state
from groupsite.data.dates import day, long_date
from groupsite.data.front_matter import counted, profile_link
from groupsite.model import page_kinds
from groupsite.model.bib_dependencies import Selection
from groupsite.model.domain import object_xref
from groupsite.model.site_index import Member, note_index_dependency, people
from groupsite.model.terms import term_name
from groupsite.options import N_, _
from groupsite.pages.publications import publications_listing, publications_of
from groupsite.rendering.design import CardOverview
from groupsite.rendering.page_facts import PageFacts

logger = logging.getLogger(__name__)

# What a link field must be, and how to write it, for the build's message when it is not.
EXPECTED = {
    "email": ("an email address", "write it as name@example.org"),
    "phone": ("a phone number", "write it as +49 551 39 12345"),
}
WEB_ADDRESS = ("a web address", "write it as https://...")
MEMBERS = N_("Members")  # whoever has no role, or one that names no group
ALUMNI = N_("Alumni")  # `alumni: true`, with where they went (`now:`)
# Front matter fields that are links (data.front_matter.profile_link reads each), and their labels.
PROFILE_LINKS = {
    "email": N_("Email"),
    "phone": N_("Phone"),
    "homepage": N_("Homepage"),
    "orcid": N_("ORCID"),
    "github": N_("GitHub"),
    "scholar": N_("Google Scholar"),
}


def person_link(member: Member):
    return object_xref("person", member.ident, member.name)


def person_links(env: BuildEnvironment, names: list[str], path: str, what: str) -> list[nodes.Node]:
    """Links to the people named, comma-separated; a warning naming the file for anyone without a page."""
    note_index_dependency(env)
    result: list[nodes.Node] = []
    for name in names:
        if result:
            result.append(nodes.Text(", "))
        member = people().find(name)
        if member is None:
            logger.warning(
                f"unknown person {name!r} as {what}: write the name as on their page in "
                f"{build_state.settings().people}/ "
                f"(known: {', '.join(m.name for m in people().members)}), or add a page for them",
                location=f"{path}:1",
                type="people",
                subtype="unknown_person",
            )
            result.append(nodes.Text(name))
        else:
            result.append(person_link(member))
    return result


def offers_of(env: BuildEnvironment, member: Member) -> list[tuple[str, dict]]:
    return page_kinds.offers().pages_where(env, lambda data: people().find(str(data.get("supervisor", ""))) is member)


def courses_of(env: BuildEnvironment, member: Member) -> list[tuple[str, dict]]:
    courses = page_kinds.courses()
    return courses.pages_where(env, lambda data: any(people().find(name) is member for name in data["lecturers"]))


def news_of(env: BuildEnvironment, member: Member) -> list[tuple[str, dict]]:
    """The news items that name the person, newest first."""
    found = page_kinds.news().pages_where(
        env, lambda data: any(people().find(str(n)) is member for n in data["people"])
    )
    return sorted(found, key=lambda page: (str(page[1].get("date") or ""), page[0]), reverse=True)


def talks_of(env: BuildEnvironment, member: Member) -> list[tuple[str, dict]]:
    """The events the person speaks at, latest first."""
    events = page_kinds.events()
    found = events.pages_where(env, lambda data: any(people().find(str(n)) is member for n in data["speakers"]))
    return sorted(found, key=lambda page: (str(page[1].get("date") or ""), page[0]), reverse=True)


def papers_of(env: BuildEnvironment, member: Member) -> list:
    return publications_of(env, Selection("author", member.ident))


def role_group(data: dict) -> str:
    """The People page's section the person is listed in."""
    if data.get("alumni"):
        return ALUMNI
    role = " ".join(str(data.get("written", data).get("role", "")).lower().split())  # as written, not translated
    groups = build_state.settings().role_groups
    return next((title for title, words in groups if any(word in role for word in words)), MEMBERS)


def initials(name: str) -> str:
    """ "AL" for "Ada Lovelace", "LB" for "Ludwig van Beethoven": drawn where a person has no photo."""
    person = Person(name)
    first = (person.first_names or person.last_names or [name])[0]
    return (first[:1] + (person.last_names[-1][:1] if person.first_names and person.last_names else "")).upper()


def avatar(name: str, css_class: str) -> nodes.raw:
    """A circle with the person's initials; decorative, since their name is next to it."""
    text = html.escape(initials(name))
    return nodes.raw("", f'<span class="person-avatar {css_class}" aria-hidden="true">{text}</span>', format="html")


class PersonFacts(PageFacts):
    """A person's page: their profile, then the offers they supervise, courses they teach and their papers."""

    kind = "person"

    def facts(self, data):
        facts = [
            (_("Role"), self.text_fact(data, "role")),
            (_("Now"), self.text_fact(data, "now") if data.get("alumni") else []),
            (_("Office"), self.text_fact(data, "office")),
        ]
        for field, label in PROFILE_LINKS.items():
            if not data.get(field):
                continue
            value = str(data[field]).strip()
            link = profile_link(field, value)
            if link is None:
                what, how = EXPECTED.get(field, WEB_ADDRESS)
                self.collection.warn(Path(self.path), f"has a {field} that is not {what}: {value!r}; {how}")
                continue
            facts.append((_(label), [nodes.reference(link[1], link[1], refuri=link[0])]))
        return facts

    def extend(self, section: nodes.section, data: dict) -> None:
        member = people().by_ident.get(Path(self.env.docname).name)
        if member is None:
            return
        if data.get("photo"):
            section.insert(1, nodes.image(uri=str(data["photo"]), alt=member.name, classes=["person-photo"]))
        else:
            section.insert(1, avatar(member.name, "person-avatar-large"))
        offers, courses = offers_of(self.env, member), courses_of(self.env, member)
        count = counted(len(offers), "{n} thesis offer", "{n} thesis offers")
        section += self.listing(_("Thesis offers"), count, "offer", offers)
        count = counted(len(courses), "{n} course", "{n} courses")
        section += self.listing(_("Courses"), count, "course", courses, lambda course: term_name(course.get("term")))
        news, talks = news_of(self.env, member), talks_of(self.env, member)
        count = counted(len(news), "{n} news item", "{n} news items")
        section += self.listing(_("News"), count, "news", news, self.date_of)
        count = counted(len(talks), "{n} talk", "{n} talks")
        section += self.listing(_("Talks"), count, "event", talks, self.date_of)
        section += publications_listing(self, papers_of(self.env, member))

    def date_of(self, data: dict) -> str:
        date = day(data.get("date"))
        return long_date(date, self.config.language or "en") if date else ""


class PeopleDirective(CardOverview):
    """Everyone with a page in people/ as cards, in a section per role (group leader, postdocs, ...), alumni last."""

    kind = "person"

    def overview(self):
        members = {member.ident: member for member in people().members}
        pages = [(docname, data) for docname, data in self.pages() if Path(docname).name in members]
        titles = [title for title, _words in build_state.settings().role_groups]
        groups: dict[str, list] = {title: [] for title in [*titles, MEMBERS, ALUMNI]}
        for docname, data in pages:
            groups[role_group(data)].append((docname, {**data, "ident": Path(docname).name}))

        def footer(data):
            member = members[data["ident"]]
            return ", ".join(
                part
                for part in (
                    str(data.get("now", "")) if data.get("alumni") else str(data.get("role", "")),
                    counted(len(offers_of(self.env, member)), "{n} thesis offer", "{n} thesis offers"),
                    counted(len(courses_of(self.env, member)), "{n} course", "{n} courses"),
                    counted(len(papers_of(self.env, member)), "{n} publication", "{n} publications"),
                )
                if part
            )

        sections = []
        for title, group in groups.items():
            if not group:
                continue  # a section with nobody in it is left out, not shown empty
            group.sort(key=lambda page: members[page[1]["ident"]].names[0].family)
            section = nodes.section(ids=[nodes.make_id(title)], names=[nodes.fully_normalize_name(title)])
            section += nodes.title("", _(title))
            cards = self.cards(group, footer)
            for card, (_docname, data) in zip(self.card_nodes(cards), group, strict=True):
                picture = (
                    nodes.image(uri=str(data["photo"]), alt="", classes=["person-card-photo"])
                    if data.get("photo")
                    else avatar(members[data["ident"]].name, "person-avatar-card")
                )
                card.insert(0, picture)
            section += cards
            self.state.document.note_implicit_target(section)
            sections.append(section)
        return sections


def register(app: Sphinx) -> None:
    app.add_transform(PersonFacts)
    app.add_directive("people", PeopleDirective)
