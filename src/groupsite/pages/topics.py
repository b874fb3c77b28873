"""Topics: a page each in the topics' folder, listing the papers whose keywords name it and the offers on it."""

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from groupsite import build_state
from groupsite.data.front_matter import counted
from groupsite.model import page_kinds
from groupsite.model.bib_dependencies import Selection
from groupsite.model.domain import object_xref
from groupsite.model.site_index import note_index_dependency, topics
from groupsite.options import _
from groupsite.pages.publications import publications_listing, publications_of
from groupsite.rendering.design import BADGE, CardOverview
from groupsite.rendering.page_facts import PageFacts

logger = logging.getLogger(__name__)


def topic_links(env: BuildEnvironment, names: list[str], path: str) -> list[nodes.Node]:
    """Badges linking to the topics named; a warning naming the file for a topic without a page."""
    note_index_dependency(env)
    result: list[nodes.Node] = []
    for name in names:
        ident = topics().find(name)
        if ident is None:
            logger.warning(
                f"unknown topic {name!r}: use one of {', '.join(sorted(topics().titles)) or '(none yet)'}, "
                f"or add a page {build_state.settings().topics}/{Path(name).name}.md",
                location=f"{path}:1",
                type="topics",
                subtype="unknown_topic",
            )
            continue
        result += [object_xref("topic", ident, topics().titles[ident], BADGE.split()), nodes.Text(" ")]
    return result


def offers_on(env: BuildEnvironment, ident: str) -> list[tuple[str, dict]]:
    offers = page_kinds.offers()
    return offers.pages_where(env, lambda data: any(topics().find(name) == ident for name in data["topics"]))


def papers_on(env: BuildEnvironment, ident: str) -> list:
    return publications_of(env, Selection("topic", ident))


class TopicFacts(PageFacts):
    """A topic's page: its thesis offers and its papers, by year."""

    kind = "topic"

    def facts(self, data):
        return []

    def extend(self, section: nodes.section, data: dict) -> None:
        ident = Path(self.env.docname).name
        offers = offers_on(self.env, ident)
        count = counted(len(offers), "{n} thesis offer", "{n} thesis offers")
        section += self.listing(_("Thesis offers"), count, "offer", offers)
        section += publications_listing(self, papers_on(self.env, ident))


class TopicsDirective(CardOverview):
    """Every topic as a card, with how many papers and offers it has."""

    kind = "topic"

    def overview(self):
        def footer(data):
            counts = [
                counted(len(papers_on(self.env, data["ident"])), "{n} publication", "{n} publications"),
                counted(len(offers_on(self.env, data["ident"])), "{n} thesis offer", "{n} thesis offers"),
            ]
            return ", ".join(count for count in counts if count)

        pages = [(docname, {**data, "ident": Path(docname).name}) for docname, data in self.pages()]
        pages.sort(key=lambda page: str(page[1].get("title", "")).lower())
        return self.cards(pages, footer)


def register(app: Sphinx) -> None:
    app.add_transform(TopicFacts)
    app.add_directive("topics", TopicsDirective)
