"""Thesis offers: one page each in the offers' folder, its supervisor, level and summary in the front matter."""

import html
import urllib.parse
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from groupsite import build_state
from groupsite.data.folding import slug
from groupsite.model import page_kinds
from groupsite.model.site_index import note_index_dependency, people, topics
from groupsite.options import N_, _, _n
from groupsite.pages.people import person_links
from groupsite.pages.publications import related_papers
from groupsite.pages.topics import topic_links
from groupsite.rendering.design import CardOverview
from groupsite.rendering.page_facts import PageFacts

# The label of the section of the theses page that says how to apply for an offer: "(thesis-application)=".
APPLICATION_LABEL = "thesis-application"
STATUSES = ("open", "taken")
FILTERS = {"topic": N_("Topic"), "supervisor": N_("Supervisor"), "level": N_("Level")}


def levels() -> dict[str, str]:
    """The levels an offer may name, each with the subject an application gets (groupsite_thesis_levels)."""
    return dict(build_state.settings().thesis_levels)


def level_named(slug_of_level: str) -> str:
    """The level whose slug this is ("master" -> "Master")."""
    return next((level for level in levels() if slug(level) == slug_of_level), slug_of_level)


def levels_of(data: dict) -> list[str]:
    """The levels an offer is for, as written in `level:` ("Master", "Bachelor or Master", [Bachelor, Master])."""
    value = data.get("level") or []
    words = set(" ".join(value if isinstance(value, list) else [str(value)]).lower().replace(",", " ").split())
    return [level for level in levels() if level.lower() in words]


def check(path: str, data: dict) -> None:
    """Warns, naming the file, about a level or status the site cannot read."""
    offers = page_kinds.offers()
    if data.get("level") and not levels_of(data):
        known = " or ".join(levels())
        offers.warn(Path(path), f"has the level {data['level']!r}: write {known}, or several joined by 'or'")
    if str(data.get("status", "open")).lower() not in STATUSES:
        offers.warn(Path(path), f"has the status {data['status']!r}: write open, or taken once a student has it")


def is_taken(data: dict) -> bool:
    return str(data.get("status", "")).lower() == "taken"


class OfferFacts(PageFacts):
    kind = "offer"

    def facts(self, data):
        check(self.path, data)
        taken = [nodes.strong("", _("Taken: this offer is no longer available"))] if is_taken(data) else []
        level = _(" or ").join(_(level) for level in levels_of(data))
        return [
            (_("Status"), taken),
            (_("Level"), [nodes.Text(level)] if level else []),
            (_("Supervisor"), person_links(self.env, [str(data.get("supervisor", ""))], self.path, "supervisor")),
            (_("Start"), self.text_fact(data, "start")),
            (_("Prerequisites"), self.text_fact(data, "prerequisites")),
            (_("Topics"), topic_links(self.env, data["topics"], self.path)),
            (_("Related papers"), related_papers(self, data["related"])),
            (_("How to apply"), self.link(APPLICATION_LABEL, _("write to the supervisor, as described here"))),
        ]

    def extend(self, section: nodes.section, data: dict) -> None:
        """ "Email the supervisor", with the subject the theses page asks for, where the email is known."""
        member = people().find(str(data.get("supervisor", "")))
        email = str(member_email(self.env, member.ident) if member else "").strip()
        if is_taken(data) or not email or "@" not in email:
            return
        buttons = []
        subjects = levels()
        for level in levels_of(data) or subjects:
            subject = _(subjects[level])
            query = urllib.parse.urlencode({"subject": subject}, quote_via=urllib.parse.quote)
            label = _("Email the supervisor") + (f" ({subject})" if len(levels_of(data)) != 1 else "")
            buttons.append(
                f'<a class="sd-btn sd-btn-primary offer-email" href="{html.escape(f"mailto:{email}?{query}")}">'
                f"{html.escape(label)}</a>"
            )
        section.insert(3, nodes.raw("", f'<p class="offer-apply">{" ".join(buttons)}</p>', format="html"))


def member_email(env, ident: str) -> str:
    """The email on a person's page, if any; the offer is read again when that page changes."""
    collection = page_kinds.people()
    path = env.doc2path(f"{collection.folder}{ident}")
    env.note_dependency(path)
    return str(collection.read(Path(path), warn=False).get("email") or "")


class ThesisOffersDirective(CardOverview):
    """The open thesis offers as cards, by title, with a filter by topic, supervisor and level."""

    kind = "offer"

    def overview(self):
        note_index_dependency(self.env)  # the cards and the filter name topics and people by their titles
        pages = sorted(
            (page for page in self.pages() if not is_taken(page[1])),
            key=lambda page: str(page[1].get("title", "")).lower(),
        )
        for _docname, data in pages:
            data["body"] = self.badges(data)
            data["classes"] = self.filter_classes(data)
        if not pages:
            return [nodes.paragraph("", _("There are no open thesis offers at the moment."), classes=["no-offers"])]
        supervisor = _("Supervisor: {name}")
        result = self.cards(pages, lambda data: supervisor.format(name=data.get("supervisor", "")))
        return [nodes.raw("", self.filter_form(pages), format="html"), *result]

    def badges(self, data: dict) -> str:
        """The offer's level and topics as badges under its summary (not links: the card is one)."""
        found = [topics().find(name) for name in data["topics"]]
        parts = [f"{{bdg-primary}}`{_(level)}`" for level in levels_of(data)]
        parts += [f"{{bdg-secondary}}`{topics().titles[ident]}`" for ident in found if ident]
        return " ".join(parts)

    def filter_classes(self, data: dict) -> list[str]:
        member = people().find(str(data.get("supervisor", "")))
        classes = ["offer-card"] + [f"offer-level-{slug(level)}" for level in levels_of(data)]
        classes += [f"offer-supervisor-{member.ident}"] if member else []
        return classes + [f"offer-topic-{ident}" for ident in map(topics().find, data["topics"]) if ident]

    def filter_form(self, pages: list) -> str:
        """The filter's controls, written here and shown by offer-filter.js: without JavaScript every card shows."""
        options = {"topic": {}, "supervisor": {}, "level": {}}
        for _docname, data in pages:
            for name in data["classes"]:
                kind, _dash, ident = name.removeprefix("offer-").partition("-")
                if kind == "topic":
                    options["topic"][ident] = topics().titles[ident]
                elif kind == "supervisor":
                    options["supervisor"][ident] = people().by_ident[ident].name
                elif kind == "level":
                    options["level"][ident] = _(level_named(ident))
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
            label, every = html.escape(_(FILTERS[kind])), html.escape(_("All"))
            selects.append(
                f'<label>{label}<select name="{kind}"><option value="">{every}</option>{items}</select></label>'
            )
        if not selects:
            return ""
        # The count the script writes, "{shown} of {total} offers", in the site's language.
        count = html.escape(_("{shown} of {total} offers"))
        label = html.escape(_("Filter the thesis offers"))
        return (
            f'<form class="offer-filter publication-filter" role="search" '
            f'aria-label="{label}" data-count="{count}" hidden>'
            f'{"".join(selects)}<p class="offer-count" role="status" aria-live="polite"></p></form>'
        )


class OpenOffersRole(SphinxRole):
    """{open-offers}`` : "11 open thesis offers", counted as the site is built."""

    def run(self):
        count = len(page_kinds.offers().pages_where(self.env, lambda data: not is_taken(data)))
        text = _n("{n} open thesis offer", "{n} open thesis offers", count).format(n=count)
        return [nodes.inline(self.rawtext, text)], []


def register(app: Sphinx) -> None:
    app.add_role("open-offers", OpenOffersRole())
    app.add_transform(OfferFacts)
    app.add_directive("thesis-offers", ThesisOffersDirective)
    app.connect("html-page-context", add_filter)


def add_filter(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The offers' filter script, on the page that lists them (and only there)."""
    if doctree is not None and doctree.next_node(is_filter_form):
        app.add_js_file("offer-filter.js", loading_method="defer")


def is_filter_form(node) -> bool:
    return isinstance(node, nodes.raw) and node.astext().startswith('<form class="offer-filter')
