"""What a site's repository says its pages show: refs.bib's entries and the front matter of its pages."""

import copy
import functools
import re
import unicodedata
from pathlib import Path

import yaml
from pybtex.database import Entry, Person, parse_file
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from pylatexenc.latex2text import LatexNodes2Text

PLAIN_TEXT = find_plugin("pybtex.backends", "text")()
LATEX_TO_TEXT = LatexNodes2Text(math_mode="text", strict_latex_spaces="macros")


def plain(latex: str) -> str:
    """A BibTeX field's text as a reader sees it: LaTeX read as TeX shows it, math as Unicode, spaces folded.

    Read by pylatexenc's own latex2text; in BibTeX, % & and # are characters, and dollars that do not pair
    up are dollars (the sums of money first: "a $20.000 bounty").
    """
    escaped = re.sub(r"(?<!\\)([%&#])", r"\\\1", latex)
    if len(re.findall(r"(?<!\\)\$", escaped)) % 2:
        escaped = re.sub(r"(?<![\\$])\$(?=\d)", r"\\$", escaped)
        if len(re.findall(r"(?<!\\)\$", escaped)) % 2:
            escaped = re.sub(r"(?<!\\)\$", r"\\$", escaped)
    return " ".join(LATEX_TO_TEXT.latex_to_text(escaped).split())


def shown_abstract(entry: Entry) -> str:
    """An entry's abstract as the site shows it: plain text, without the web page's tags it was copied with.

    Removing those tags (and reading Zotero's {\\textless} as "<") is the site's own cleaning,
    tested on real exports in tests/test_real_world_exports.py.
    """
    from groupsite.data.publisher_markup import without_html

    return plain(without_html(entry.fields["abstract"]))


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def text_of(element) -> str:
    """An element's text as a reader sees it, spaces folded; math as its Unicode reading (its alttext)."""
    if element.find("math"):
        element = copy.copy(element)
        for math in element.find_all("math"):
            math.replace_with(math.get("alttext", math.get_text()))
    return " ".join(element.get_text().split())


def card_facts(card) -> str:
    """What an overview's card says of its page besides title and summary: its footer, or, on a card
    without a summary, its text (so that no card is empty)."""
    return text_of(card.select_one(".sd-card-footer") or card.select_one(".sd-card-text"))


def keywords(entry: Entry) -> list[str]:
    """An entry's keywords as BibTeX tools write them: separated by commas or semicolons outside braces."""
    words = re.findall(r"(?:[^,;{}]|\{(?:[^{}]|\{[^{}]*\})*\})+", entry.fields.get("keywords", ""))
    return [re.sub(r"^\{(.*)\}$", r"\1", word.strip()) for word in words if word.strip()]


def fold_text(text: str) -> str:
    """Text without accents, case or punctuation: "Müller-Lüdenscheidt, J." -> "muller ludenscheidt j"."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    return " ".join(re.findall(r"[a-z0-9]+", folded))


def slug(text: str) -> str:
    """The file name a topic's keyword stands for: "Primate behaviour" -> "primate-behaviour"."""
    return fold_text(text).replace(" ", "-")


@functools.cache
def simple(text: str) -> str:
    """Text without accents or case, independently of the site's own name matching."""
    text = Text.from_latex(text).render(PLAIN_TEXT)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def spellings(data: dict) -> list[tuple[str, str]]:
    """(first initial, family name) of each way a person page names them: its title, then its aliases.

    A title's family name is its last word, or its last words after a particle ("Ludwig van Beethoven").
    """
    given, *rest = data["title"].split()
    names = [(given, " ".join(rest[i:])) for i in range(len(rest))]
    for alias in data.get("aliases", []):
        person = Person(alias)
        names.append((" ".join(person.first_names), " ".join(person.prelast_names + person.last_names)))
    return [(simple(first)[:1], simple(family)) for first, family in names if first and family]


def is_named(person: Person, data: dict) -> bool:
    """Whether a BibTeX author has the family name and first initial of one of a person's spellings."""
    if not person.first_names:
        return False
    spelled = simple(person.first_names[0])[:1], simple(" ".join(person.prelast_names + person.last_names))
    return spelled in spellings(data)


class Content:
    """The facts a site's source folder holds, read independently of the site's own extensions."""

    def __init__(self, source: Path):
        self.source = source

    def pages(self, folder: str) -> dict[str, dict]:
        """Each page of a folder (but its index) by file name, as its front matter."""
        paths = sorted((self.source / folder).glob("*.md"))
        return {path.stem: front_matter(path) for path in paths if path.stem != "index"}

    @functools.cached_property
    def bibliography(self):
        return parse_file(self.source / "refs.bib", bib_format="bibtex")

    @functools.cached_property
    def entries(self) -> list[Entry]:
        return list(self.bibliography.entries.values())

    @functools.cached_property
    def people(self) -> dict[str, dict]:
        return self.pages("people")

    @functools.cached_property
    def offers(self) -> dict[str, dict]:
        return self.pages("theses/offers")

    @functools.cached_property
    def courses(self) -> dict[str, dict]:
        return self.pages("teaching/courses")

    @functools.cached_property
    def topics(self) -> dict[str, dict]:
        return self.pages("topics")

    @functools.cached_property
    def news(self) -> dict[str, dict]:
        return self.pages("news")

    @functools.cached_property
    def events(self) -> dict[str, dict]:
        return self.pages("events")

    def authored_by(self, person: str) -> list[Entry]:
        """The entries one of whose authors is this person (by their page's file name)."""
        data = self.people[person]
        return [entry for entry in self.entries if any(is_named(p, data) for p in entry.persons.get("author", []))]

    def kinds_of_page(self) -> list[str]:
        """One page of each kind the site has, for the checks that run page by page in the browser."""
        from groupsite.data.folding import key_slug  # how the site names a paper's page

        first = {
            "research/papers": [key_slug(entry.key) for entry in self.entries],
            "theses/offers": list(self.offers),
            "teaching/courses": list(self.courses),
            "people": list(self.people),
            "topics": list(self.topics),
        }
        pages = ["index", "research/index", "theses/index", "teaching/index", "people/index", "topics/index", "404"]
        pages += [f"{folder}/{names[0]}" for folder, names in first.items() if names]
        return [f"{page}.html" for page in pages] + ["search.html?q=" + next(iter(self.topics), "research")]

    def tagged(self, topic: str) -> list[Entry]:
        """The entries whose keywords name a topic."""
        return [entry for entry in self.entries if topic in map(self.topic_named, keywords(entry))]

    def topic_named(self, word: str) -> str | None:
        """The topic (its file name) a keyword names: by file name, title, or a keyword its page declares."""
        for ident, data in self.topics.items():
            names = [ident, str(data.get("title", "")), *data.get("keywords", [])]
            if slug(plain(word)) in map(slug, names):
                return ident
        return None


def listed(site) -> dict[str, tuple]:
    """Every entry the list shows, on its own page or on the page of an earlier year, by id: (item, year)."""
    pages = ["research/index"] + sorted(
        f"research/{path.stem}" for path in (site.outdir / "research").glob("*.html") if path.stem.isdigit()
    )
    shown = {}
    for page in pages:
        for item in site.article(page).select("li.publication"):
            section = item.find_parent("section", id=re.compile(r"^year-"))
            year = section["id"].removeprefix("year-") if section else page.removeprefix("research/")
            assert item["id"] not in shown, f"{item['id']} is listed twice"
            shown[item["id"]] = item, year
    return shown
