"""The site's kinds of content pages, where the site's options put them, and the front matter each must have."""

from groupsite import build_state
from groupsite.data.front_matter import Collection
from groupsite.options import Settings

# kind -> (what one page is, for messages; the option naming its folder; required fields; fields holding lists)
KINDS = {
    "offer": ("thesis offer", "offers", ("title", "summary", "supervisor"), ("topics", "related")),
    "course": ("course", "courses", ("title", "term", "lecturers"), ("lecturers", "related")),
    "person": ("person", "people", ("title",), ("aliases",)),
    # keywords: other names of the topic, as refs.bib's keywords write them
    "topic": ("topic", "topics", ("title",), ("keywords",)),
    "news": ("news item", "news", ("title", "date"), ("people",)),
    # speakers: the group's people by name, guests as they are to be shown
    "event": ("event", "events", ("title", "date"), ("speakers", "related")),
}
# The kinds whose pages are objects of the site's domain by their file names (people and topics have their own ways).
PAGE_OBJECTS = ("offer", "course", "news", "event")


def by_kind(kind: str, settings: Settings | None = None) -> Collection:
    """The collection of pages of one kind: "offer", "course", "person", "topic", "news", "event"."""
    name, option, required, lists = KINDS[kind]
    folder = getattr(settings or build_state.settings(), option)
    return Collection(name=name, kind=kind, folder=f"{folder}/", required=required, lists=lists)


def offers(settings: Settings | None = None) -> Collection:
    return by_kind("offer", settings)


def courses(settings: Settings | None = None) -> Collection:
    return by_kind("course", settings)


def people(settings: Settings | None = None) -> Collection:
    return by_kind("person", settings)


def topics(settings: Settings | None = None) -> Collection:
    return by_kind("topic", settings)


def news(settings: Settings | None = None) -> Collection:
    return by_kind("news", settings)


def events(settings: Settings | None = None) -> Collection:
    return by_kind("event", settings)
