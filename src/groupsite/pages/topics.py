"""Topics: a page each under topics/, listing the papers whose keywords name it and the thesis offers on it."""

from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from groupsite.data.front_matter import PageFacts, counted
from groupsite.model.bib_dependencies import Selection
from groupsite.model.page_kinds import OFFERS, TOPICS
from groupsite.model.site_index import note_index_dependency, topics
from groupsite.model.site_links import site_link
from groupsite.pages.publications import publications_listing, publications_of
from groupsite.rendering.design import CardOverview, badge

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
                f"or add a page topics/{Path(name).name}.md",
                location=f"{path}:1",
                type="topics",
                subtype="unknown_topic",
            )
            continue
        result += [badge(topics().titles[ident], site_link("topic", ident)), nodes.Text(" ")]
    return result


def offers_on(env: BuildEnvironment, ident: str) -> list[tuple[str, dict]]:
    return OFFERS.pages_where(env, lambda data: any(topics().find(name) == ident for name in data["topics"]))


def papers_on(env: BuildEnvironment, ident: str) -> list:
    return publications_of(env, Selection("topic", ident))


class TopicFacts(PageFacts):
    """A topic's page: its thesis offers and its papers, by year."""

    collection = TOPICS

    def facts(self, data):
        return []

    def extend(self, section: nodes.section, data: dict) -> None:
        ident = Path(self.env.docname).name
        section += self.listing("Thesis offers", "thesis offer", offers_on(self.env, ident))
        section += publications_listing(self, papers_on(self.env, ident))


class TopicsDirective(CardOverview):
    """Every topic as a card, with how many papers and offers it has."""

    collection = TOPICS

    def run(self):
        def footer(data):
            counts = [
                counted(len(papers_on(self.env, data["ident"])), "publication"),
                counted(len(offers_on(self.env, data["ident"])), "thesis offer"),
            ]
            return ", ".join(count for count in counts if count)

        pages = [(docname, {**data, "ident": Path(docname).name}) for docname, data in self.pages()]
        pages.sort(key=lambda page: str(page[1].get("title", "")).lower())
        return self.cards(pages, footer)


def register(app: Sphinx) -> None:
    app.add_transform(TopicFacts)
    app.add_directive("topics", TopicsDirective)
