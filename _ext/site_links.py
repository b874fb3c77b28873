"""Links that generated text makes to generated pages ("person:ecker", "topic:retina", "publication:<key>")."""

from docutils import nodes
from sphinx.application import Sphinx

# kind -> (the page a link of that kind goes to, its anchor, the class the link gets)
TARGETS = {
    "person": lambda ident: (f"people/{ident}", "", "person-link"),
    "topic": lambda ident: (f"topics/{ident}", "", "topic-link"),
    "publication": lambda ident: ("research/index", f"#pub-{nodes.make_id(ident)}", "publication-link"),
}


def site_link(kind: str, ident: str) -> str:
    """The URI that stands for a generated page until the linking page's location is known."""
    assert kind in TARGETS
    return f"{kind}:{ident}"


def resolve_site_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Turns each site link into a relative URI from this page: pybtex styles cannot know where they render."""
    for reference in doctree.findall(nodes.reference):
        kind, _, ident = reference.get("refuri", "").partition(":")
        if kind in TARGETS and ident:
            page, anchor, css_class = TARGETS[kind](ident)
            if page == docname and not anchor:
                # A person's name on their own page: marked, but no link to where the reader already is.
                reference.replace_self(nodes.inline("", "", *reference.children, classes=[css_class, "current"]))
                continue
            reference["refuri"] = app.builder.get_relative_uri(docname, page) + anchor
            reference["internal"] = True
            reference["classes"].append(css_class)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", resolve_site_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
