"""Thesis offers: one page each under theses/offers/, its supervisor and summary in the front matter."""

from sphinx.application import Sphinx

from groupsite.data.front_matter import PageFacts, outdated_overviews
from groupsite.model.page_kinds import OFFERS
from groupsite.pages.people import person_links
from groupsite.pages.topics import topic_links
from groupsite.rendering.design import CardOverview

# The section of theses/index.md that says how to apply for an offer.
APPLICATION_LABEL = "thesis-application"


class OfferFacts(PageFacts):
    collection = OFFERS

    def facts(self, data):
        return [
            ("Supervisor", person_links(self.env, [str(data.get("supervisor", ""))], self.path, "supervisor")),
            ("Topics", topic_links(self.env, data["topics"], self.path)),
            ("Related papers", self.citations(data["related"])),
            ("How to apply", self.link(APPLICATION_LABEL, "write to the supervisor, as described here")),
        ]


class ThesisOffersDirective(CardOverview):
    """All thesis offers as cards, by title."""

    collection = OFFERS

    def run(self):
        pages = sorted(self.pages(), key=lambda page: str(page[1].get("title", "")).lower())
        return self.cards(pages, lambda data: f"Supervisor: {data.get('supervisor', '')}")


def register(app: Sphinx) -> None:
    app.add_transform(OfferFacts)
    app.add_directive("thesis-offers", ThesisOffersDirective)
    app.connect("env-get-outdated", outdated_overviews([OFFERS]))
