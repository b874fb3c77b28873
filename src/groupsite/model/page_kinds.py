"""The site's kinds of content pages, and the front matter each must have."""

from groupsite.data.front_matter import Collection

OFFERS = Collection(
    name="thesis offer",
    folder="theses/offers/",
    overview="theses/index",
    required=("title", "summary", "supervisor"),
    lists=("topics", "related"),
)
COURSES = Collection(
    name="course",
    folder="teaching/courses/",
    overview="teaching/index",
    required=("title", "term", "lecturers"),
    lists=("lecturers", "related"),
)
PEOPLE = Collection(
    name="person",
    folder="people/",
    overview="people/index",
    required=("title",),
    lists=("aliases",),
)
TOPICS = Collection(
    name="topic",
    folder="topics/",
    overview="topics/index",
    required=("title",),
    lists=("keywords",),  # other names of the topic, as refs.bib's keywords write them
)
