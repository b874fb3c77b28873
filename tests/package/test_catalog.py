"""Every label the package shows is in its message catalog's template (locale/groupsite.pot), ready to translate."""

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from builds import REPO

PACKAGE = REPO / "src" / "groupsite"
# How labels are marked: _() and N_() a label, _n() a label and its plural, counted() "{n} thing(s)".
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2), "counted": (2, 3)}


def marked() -> set:
    """Each label the code marks: a message, or (singular, plural)."""
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS)
    return {message for _file, _line, message, _comments, _context in found}


def test_the_catalog_template_holds_exactly_the_labels_the_code_marks():
    with (PACKAGE / "locale" / "groupsite.pot").open("rb") as template:
        catalog = read_po(template)
    listed = {message.id for message in catalog if message.id}
    assert listed == marked(), (
        "the catalog is out of date: run `nox -f noxfile_groupsite.py -s catalog` and commit locale/groupsite.pot"
    )


def test_the_labels_scripts_show_are_among_them():
    labels = {message for message in marked() if isinstance(message, str)}
    assert {"Filter the publications", "All authors", "{shown} of {total} publications"} <= labels
    assert "{shown} of {total} offers" in labels
