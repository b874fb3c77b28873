"""For another Sphinx project that links to a group's site through intersphinx: groupsite's domain, and nothing else.

In that project's conf.py::

    extensions = ["sphinx.ext.intersphinx", "groupsite.links"]
    intersphinx_mapping = {"lab": ("https://lab.example.org/", None)}

Then ``{external+lab:group:person}`ada``` and ``{external+lab:group:paper}`Doe2024``` link to the lab's pages:
Sphinx resolves an external reference only in a domain it knows, and this one knows the group's objects.
"""

from groupsite import __version__


def setup(app) -> dict:
    from groupsite.model.domain import GroupDomain

    app.add_domain(GroupDomain)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
