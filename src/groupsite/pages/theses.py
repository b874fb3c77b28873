"""Thesis offers: one page each under theses/offers/, its supervisor, level and summary in the front matter."""

import html
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from groupsite.data.front_matter import PageFacts, outdated_overviews
from groupsite.model.page_kinds import OFFERS, PEOPLE
from groupsite.model.site_index import note_index_dependency, people, topics
from groupsite.pages.people import person_links
from groupsite.pages.publications import related_papers
from groupsite.pages.topics import topic_links
from groupsite.rendering.design import CardOverview

# The section of theses/index.md that says how to apply for an offer.
APPLICATION_LABEL = "thesis-application"
LEVELS = ("Bachelor", "Master")
# The subject theses/index.md asks applicants to write, by level.
SUBJECTS = {"Bachelor": "Bachelor's thesis", "Master": "Master's thesis"}
STATUSES = ("open", "taken")


def levels_of(data: dict) -> list[str]:
    """The levels an offer is for, as written in `level:` ("Master", "Bachelor or Master", [Bachelor, Master])."""
    value = data.get("level") or []
    words = " ".join(value if isinstance(value, list) else [str(value)]).lower()
    return [level for level in LEVELS if level.lower() in words]


def check(path: str, data: dict) -> None:
    """Warns, naming the file, about a level or status the site cannot read."""
    if data.get("level") and not levels_of(data):
        OFFERS.warn(Path(path), f"has the level {data['level']!r}: write Bachelor, Master, or Bachelor or Master")
    if str(data.get("status", "open")).lower() not in STATUSES:
        OFFERS.warn(Path(path), f"has the status {data['status']!r}: write open, or taken once a student has it")


def is_taken(data: dict) -> bool:
    return str(data.get("status", "")).lower() == "taken"


class OfferFacts(PageFacts):
    collection = OFFERS

    def facts(self, data):
        check(self.path, data)
        return [
            ("Status", [nodes.strong("", "Taken: this offer is no longer available")] if is_taken(data) else []),
            ("Level", [nodes.Text(" or ".join(levels_of(data)))] if levels_of(data) else []),
            ("Supervisor", person_links(self.env, [str(data.get("supervisor", ""))], self.path, "supervisor")),
            ("Start", self.text_fact(data, "start")),
            ("Prerequisites", self.text_fact(data, "prerequisites")),
            ("Topics", topic_links(self.env, data["topics"], self.path)),
            ("Related papers", related_papers(self, data["related"])),
            ("How to apply", self.link(APPLICATION_LABEL, "write to the supervisor, as described here")),
        ]

    def extend(self, section: nodes.section, data: dict) -> None:
        """ "Email the supervisor", with the subject the theses page asks for, where the email is known."""
        member = people().find(str(data.get("supervisor", "")))
        email = str(member_email(self.env, member.ident) if member else "").strip()
        if is_taken(data) or not email or "@" not in email:
            return
        buttons = []
        for level in levels_of(data) or LEVELS:
            query = urllib.parse.urlencode({"subject": SUBJECTS[level]}, quote_via=urllib.parse.quote)
            label = "Email the supervisor" + (f" ({SUBJECTS[level]})" if len(levels_of(data)) != 1 else "")
            buttons.append(
                f'<a class="sd-btn sd-btn-primary offer-email" href="{html.escape(f"mailto:{email}?{query}")}">'
                f"{html.escape(label)}</a>"
            )
        section.insert(3, nodes.raw("", f'<p class="offer-apply">{" ".join(buttons)}</p>', format="html"))


def member_email(env, ident: str) -> str:
    """The email on a person's page, if any; the offer is read again when that page changes."""
    path = env.doc2path(f"people/{ident}")
    env.note_dependency(path)
    return str(PEOPLE.read(Path(path), warn=False).get("email") or "")


class ThesisOffersDirective(CardOverview):
    """The open thesis offers as cards, by title, with a filter by topic, supervisor and level."""

    collection = OFFERS

    def run(self):
        note_index_dependency(self.env)  # the cards and the filter name topics and people by their titles
        pages = sorted(
            (page for page in self.pages() if not is_taken(page[1])),
            key=lambda page: str(page[1].get("title", "")).lower(),
        )
        for _, data in pages:
            data["body"] = self.badges(data)
            data["classes"] = self.filter_classes(data)
        result = self.cards(pages, lambda data: f"Supervisor: {data.get('supervisor', '')}")
        return [nodes.raw("", self.filter_form(pages), format="html"), *result]

    def badges(self, data: dict) -> str:
        """The offer's level and topics as badges under its summary (not links: the card is one)."""
        found = [topics().find(name) for name in data["topics"]]
        parts = [f"{{bdg-primary}}`{level}`" for level in levels_of(data)]
        parts += [f"{{bdg-secondary}}`{topics().titles[ident]}`" for ident in found if ident]
        return " ".join(parts)

    def filter_classes(self, data: dict) -> list[str]:
        member = people().find(str(data.get("supervisor", "")))
        classes = ["offer-card"] + [f"offer-level-{level.lower()}" for level in levels_of(data)]
        classes += [f"offer-supervisor-{member.ident}"] if member else []
        return classes + [f"offer-topic-{ident}" for ident in map(topics().find, data["topics"]) if ident]

    def filter_form(self, pages: list) -> str:
        """The filter's controls, written here and shown by offer-filter.js: without JavaScript every card shows."""
        options = {"topic": {}, "supervisor": {}, "level": {}}
        for _, data in pages:
            for name in data["classes"]:
                kind, _, ident = name.removeprefix("offer-").partition("-")
                if kind == "topic":
                    options["topic"][ident] = topics().titles[ident]
                elif kind == "supervisor":
                    options["supervisor"][ident] = people().by_ident[ident].name
                elif kind == "level":
                    options["level"][ident] = ident.capitalize()
        selects = []
        for kind, choices in options.items():
            if len(choices) < 2 and kind != "level":
                continue
            if not choices:
                continue
            items = "".join(
                f'<option value="{html.escape(ident)}">{html.escape(label)}</option>'
                for ident, label in sorted(choices.items(), key=lambda item: item[1])
            )
            selects.append(
                f'<label>{kind.capitalize()}<select name="{kind}"><option value="">All</option>{items}</select></label>'
            )
        if not selects:
            return ""
        return (
            '<form class="offer-filter publication-filter" role="search" aria-label="Filter the thesis offers" hidden>'
            f'{"".join(selects)}<p class="offer-count" role="status" aria-live="polite"></p></form>'
        )


class OpenOffersRole(SphinxRole):
    """{open-offers}`` : "11 open thesis offers", counted as the site is built."""

    def run(self):
        count = len(OFFERS.pages_where(self.env, lambda data: not is_taken(data)))
        return [nodes.inline(self.rawtext, f"{count} open thesis offer{'' if count == 1 else 's'}")], []


def register(app: Sphinx) -> None:
    app.add_role("open-offers", OpenOffersRole())
    app.add_transform(OfferFacts)
    app.add_directive("thesis-offers", ThesisOffersDirective)
    app.connect("html-page-context", add_filter)
    app.connect("env-get-outdated", outdated_overviews([OFFERS]))


def add_filter(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The offers' filter script, on the page that lists them (and only there)."""
    if doctree is not None and doctree.next_node(is_filter_form):
        app.add_js_file("offer-filter.js", loading_method="defer")


def is_filter_form(node) -> bool:
    return isinstance(node, nodes.raw) and node.astext().startswith('<form class="offer-filter')
