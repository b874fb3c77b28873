"""Courses: one page each under teaching/courses/, its term and lecturers in the front matter."""

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from groupsite.data.front_matter import PageFacts, is_web_address, outdated_overviews
from groupsite.model.page_kinds import COURSES
from groupsite.pages.people import person_links
from groupsite.pages.publications import related_papers
from groupsite.rendering.design import CardOverview

logger = logging.getLogger(__name__)

TERM = re.compile(r"(Summer|Winter) term (\d{4})(?:/(\d{4}))?")


def term_order(term: str) -> tuple[int, int]:
    """Sorts terms in time: a winter term starts after the summer term of its first year."""
    match = TERM.fullmatch(term)
    if match is None:
        return (0, 0)
    return (int(match.group(2)), 1 if match.group(1) == "Winter" else 0)


class CourseFacts(PageFacts):
    collection = COURSES

    def facts(self, data):
        term = str(data.get("term", ""))
        if term and not TERM.fullmatch(term):
            COURSES.warn(
                self.path,
                f"has the term {term!r}: write it as 'Summer term 2024' or 'Winter term 2023/2024'",
            )
        return [
            ("Term", [nodes.Text(term)]),
            ("Kind", self.text_fact(data, "kind")),
            ("Lecturers", person_links(self.env, data["lecturers"], self.path, "lecturer")),
            ("Schedule", self.text_fact(data, "schedule")),
            ("Room", self.text_fact(data, "room")),
            ("Language", self.text_fact(data, "language")),
            ("ECTS", self.text_fact(data, "ects")),
            ("Catalogue", self.catalogue(data)),
            ("Related papers", related_papers(self, data["related"])),
        ]

    def catalogue(self, data: dict) -> list[nodes.Node]:
        """The course's entry in the university's catalogue, if given as a web address."""
        value = str(data.get("catalogue") or "").strip()
        if not value:
            return []
        if not is_web_address(value):
            COURSES.warn(self.path, f"has a catalogue that is not a web address: {value!r}; write it as https://...")
            return []
        return [nodes.reference(value, "The course in the catalogue", refuri=value)]


class CoursesDirective(CardOverview):
    """All courses as cards, in one section per term, newest term first."""

    collection = COURSES

    def run(self):
        terms: dict[str, list] = {}
        for docname, data in self.pages():
            terms.setdefault(str(data.get("term", "")), []).append((docname, data))
        sections = []
        for term in sorted(terms, key=term_order, reverse=True):
            section = nodes.section(ids=[nodes.make_id(term)], names=[nodes.fully_normalize_name(term)])
            section += nodes.title(term, term)
            pages = sorted(terms[term], key=lambda page: str(page[1].get("title", "")).lower())
            section += self.cards(pages, lambda data: "Lecturers: " + ", ".join(data["lecturers"]))
            self.state.document.note_implicit_target(section)
            sections.append(section)
        return sections


def register(app: Sphinx) -> None:
    app.add_transform(CourseFacts)
    app.add_directive("courses", CoursesDirective)
    app.connect("env-get-outdated", outdated_overviews([COURSES]))
