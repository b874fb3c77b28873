"""The site's kinds of content pages, where the site's options put them, and the front matter each must have."""

from groupsite import build_state
from groupsite.data.front_matter import Collection
from groupsite.options import Settings


def offers(settings: Settings | None = None) -> Collection:
    return Collection(
        name="thesis offer",
        kind="offer",
        folder=(settings or build_state.settings()).offers + "/",
        required=("title", "summary", "supervisor"),
        lists=("topics", "related"),
    )


def courses(settings: Settings | None = None) -> Collection:
    return Collection(
        name="course",
        kind="course",
        folder=(settings or build_state.settings()).courses + "/",
        required=("title", "term", "lecturers"),
        lists=("lecturers", "related"),
    )


def people(settings: Settings | None = None) -> Collection:
    return Collection(
        name="person",
        kind="person",
        folder=(settings or build_state.settings()).people + "/",
        required=("title",),
        lists=("aliases",),
    )


def topics(settings: Settings | None = None) -> Collection:
    return Collection(
        name="topic",
        kind="topic",
        folder=(settings or build_state.settings()).topics + "/",
        required=("title",),
        lists=("keywords",),  # other names of the topic, as refs.bib's keywords write them
    )


def all_kinds(settings: Settings | None = None) -> list[Collection]:
    return [offers(settings), courses(settings), people(settings), topics(settings)]


def by_kind(kind: str, settings: Settings | None = None) -> Collection:
    """The collection of pages of one kind: "offer", "course", "person", "topic"."""
    return {"offer": offers, "course": courses, "person": people, "topic": topics}[kind](settings)
