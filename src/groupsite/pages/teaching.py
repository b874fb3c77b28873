"""Courses: one page each in the courses' folder, its term and lecturers in the front matter."""

from docutils import nodes
from sphinx.application import Sphinx

from groupsite.data.front_matter import is_web_address
from groupsite.model.terms import EXAMPLES, Term, term_name, term_order
from groupsite.options import _
from groupsite.pages.people import person_links
from groupsite.pages.publications import related_papers
from groupsite.rendering.design import CardOverview
from groupsite.rendering.page_facts import PageFacts


def course_term(data: dict) -> str:
    return term_name(data.get("term"))


class CourseFacts(PageFacts):
    kind = "course"

    def facts(self, data):
        written = str(data.get("term", ""))
        if written and Term.parse(written) is None:
            self.collection.warn(self.path, f"has the term {written!r}: write it as {EXAMPLES}")
        return [
            (_("Term"), [nodes.Text(course_term(data))] if written else []),
            (_("Kind"), self.text_fact(data, "kind")),
            (_("Lecturers"), person_links(self.env, data["lecturers"], self.path, "lecturer")),
            (_("Schedule"), self.text_fact(data, "schedule")),
            (_("Room"), self.text_fact(data, "room")),
            (_("Language"), self.text_fact(data, "language")),
            (_("ECTS"), self.text_fact(data, "ects")),
            (_("Catalogue"), self.catalogue(data)),
            (_("Related papers"), related_papers(self, data["related"])),
        ]

    def who(self, data: dict) -> list[str]:
        """ "Introduction to Graph Machine Learning, Lecture, Winter term 2023/2024"."""
        return [str(data.get("title") or "").strip(), str(data.get("kind") or "").strip(), course_term(data)]

    def catalogue(self, data: dict) -> list[nodes.Node]:
        """The course's entry in the university's catalogue, if given as a web address."""
        value = str(data.get("catalogue") or "").strip()
        if not value:
            return []
        if not is_web_address(value):
            self.collection.warn(
                self.path, f"has a catalogue that is not a web address: {value!r}; write it as https://..."
            )
            return []
        return [nodes.reference(value, _("The course in the catalogue"), refuri=value)]


def lecturers_of(data: dict) -> str:
    """A course card's footer."""
    return _("Lecturers: {names}").format(names=", ".join(data["lecturers"]))


class CoursesDirective(CardOverview):
    """All courses as cards, in one section per term, newest term first."""

    kind = "course"

    def overview(self):
        terms: dict[str, list] = {}
        for docname, data in self.pages():
            terms.setdefault(str(data.get("term", "")), []).append((docname, data))
        by_name: dict[str, list] = {}  # "WS 2024/25" and "Winter term 2024/2025" are one term
        for written in sorted(terms, key=term_order, reverse=True):
            by_name.setdefault(course_term({"term": written}), []).extend(terms[written])
        sections = []
        for name, pages in by_name.items():
            section = nodes.section(ids=[nodes.make_id(name)], names=[nodes.fully_normalize_name(name)])
            section += nodes.title(name, name)
            pages = sorted(pages, key=lambda page: str(page[1].get("title", "")).lower())
            section += self.cards(pages, lecturers_of)
            self.state.document.note_implicit_target(section)
            sections.append(section)
        return sections


def register(app: Sphinx) -> None:
    app.add_transform(CourseFacts)
    app.add_directive("courses", CoursesDirective)
