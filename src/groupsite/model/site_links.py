"""Links that generated text makes to generated pages ("person:ecker", "topic:retina", "publication:<key>")."""

import hashlib
import re
import unicodedata

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from groupsite import build_state
from groupsite.model import site_index

PAPERS = "research/papers"  # where each publication's own page is
LIST = "research/index"  # the page with the publication list


def listed_on(key: str) -> str:
    """The page of the list that shows the entry, as refs.bib was last read."""
    return build_state.current().listed_on.get(key, LIST)


def entry_anchor(key: str) -> str:
    """The id of an entry in the list, where citations of it link: "pub-" and its key, as a page name."""
    return nodes.make_id(f"pub-{key_slug(key)}")


def year_page(title: str) -> str:
    """The page of one year of the list: "research/2019"."""
    return f"{LIST.rpartition('/')[0]}/{title.lower()}"


def key_slug(key: str) -> str:
    """A BibTeX key as a file or page name that is safe on every file system and in every URL.

    Accents are dropped ("Müller2020" -> "Muller2020"); a key that is not ASCII also gets a digest
    of itself, as transliteration can make two keys one ("Müller2020" and "Muller2020"; Hangul keys
    have no ASCII letters at all).
    """
    ascii_key = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9_.-]", "-", ascii_key)
    return slug if key.isascii() else f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}".lstrip("-")


# kind -> (the page a link of that kind goes to, its anchor, the class the link gets)
TARGETS = {
    "person": lambda ident: (f"people/{ident}", "", "person-link"),
    "topic": lambda ident: (f"topics/{ident}", "", "topic-link"),
    "paper": lambda key: (f"{PAPERS}/{key_slug(key)}", "", "paper-link"),
    "listed": lambda key: (listed_on(key), "#" + entry_anchor(key), "listed-link"),
    "year": lambda title: (year_page(title), "", "year-link"),
    "file": lambda name: (None, name, "file-link"),  # a file at the root of the built site
}


def site_uri(builder, from_page: str, kind: str, ident: str) -> tuple[str, str]:
    """The relative URI from one page to a site link's target, and the class for the link."""
    page, anchor, css_class = TARGETS[kind](ident)
    if page is None:
        return relative_uri(builder.get_target_uri(from_page), anchor), css_class
    return builder.get_relative_uri(from_page, page) + anchor, css_class


def person_name(ident: str) -> str:
    """A member's full name, for the title of links made from abbreviated author names."""
    member = site_index.people().by_ident.get(ident)
    return member.name if member else ident


def site_link(kind: str, ident: str) -> str:
    """The URI that stands for a generated page until the linking page's location is known."""
    assert kind in TARGETS
    return f"{kind}:{ident}"


def resolved(builder, from_page: str, kind: str, ident: str) -> tuple[str | None, str, str | None]:
    """A site link as the page shows it: (its relative URI, its class, its title); no URI on its own target page.

    A person's name on their own page is marked, but is no link to where the reader already is.
    """
    page, anchor, css_class = TARGETS[kind](ident)
    if page == from_page and not anchor:
        return None, css_class, None
    uri, _ = site_uri(builder, from_page, kind, ident)
    return uri, css_class, person_name(ident) if kind == "person" else None


def resolve_site_links(app: Sphinx, doctree: nodes.Element, docname: str) -> None:
    """Turns each site link into a relative URI from this page: pybtex styles cannot know where they render."""
    for reference in doctree.findall(nodes.reference):
        kind, _, ident = reference.get("refuri", "").partition(":")
        if kind in TARGETS and ident:
            uri, css_class, title = resolved(app.builder, docname, kind, ident)
            if uri is None:
                reference.replace_self(nodes.inline("", "", *reference.children, classes=[css_class, "current"]))
                continue
            reference["refuri"] = uri
            if title:
                reference["reftitle"] = title
            reference["internal"] = True
            reference["classes"].append(css_class)


def register(app: Sphinx) -> None:
    app.connect("doctree-resolved", resolve_site_links)
