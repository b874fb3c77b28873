"""Thesis offers: one page each under theses/offers/, its supervisor and summary in the front matter."""

from sphinx.application import Sphinx

from front_matter import CardOverview, PageFacts, outdated_overviews
from pages import OFFERS
from people import person_links
from topics import topic_links

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


def setup(app: Sphinx) -> dict:
    app.setup_extension("people")
    app.setup_extension("topics")
    app.add_transform(OfferFacts)
    app.add_directive("thesis-offers", ThesisOffersDirective)
    app.connect("env-get-outdated", outdated_overviews([OFFERS]))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
