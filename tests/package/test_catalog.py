"""Every label the package shows is in its message catalog's template (locale/groupsite.pot), ready to translate."""

import ast

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


def translations():
    """Each language's catalog beside the template: locale/<language>/LC_MESSAGES/groupsite.po."""
    return sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/groupsite.po"))


def test_each_language_translates_every_label_of_the_template():
    with (PACKAGE / "locale" / "groupsite.pot").open("rb") as template:
        wanted = {message.id for message in read_po(template) if message.id}
    assert translations(), "no language's catalog found"
    for path in translations():
        with path.open("rb") as file:
            catalog = read_po(file)
        translated = {
            message.id
            for message in catalog
            if message.id
            and not message.fuzzy
            and all(message.string if isinstance(message.string, tuple) else [message.string])
        }
        missing = sorted(str(label) for label in wanted - translated)
        assert not missing, f"{path.relative_to(PACKAGE)} leaves untranslated or fuzzy: {missing}"


def as_key(text):
    """A message's id or translation, comparable whichever file it was read from (plurals are lists in a .mo)."""
    return tuple(text) if isinstance(text, list | tuple) else text


def test_each_compiled_catalog_is_its_po_file():
    from babel.messages.mofile import read_mo

    for path in sorted((PACKAGE / "locale").glob("*/LC_MESSAGES/*.po")):  # the package's labels, and the theme's
        with path.open("rb") as source, path.with_suffix(".mo").open("rb") as compiled:
            written = {as_key(message.id): as_key(message.string) for message in read_po(source) if message.id}
            read = {as_key(message.id): as_key(message.string) for message in read_mo(compiled) if message.id}
        assert read == written, (
            f"{path.with_suffix('.mo').name} is out of date: run `nox -f noxfile_groupsite.py -s catalog`"
        )


def written_in_the_code() -> set:
    """Each label the code marks, as Python reads it: inside f-strings too, where Babel's extractor does not look."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in KEYWORDS):
                continue
            places = KEYWORDS[call.func.id] or (1,)
            texts = [call.args[place - 1] for place in places if place <= len(call.args)]
            if texts and all(isinstance(text, ast.Constant) and isinstance(text.value, str) for text in texts):
                values = tuple(text.value for text in texts)
                found.add(values[0] if len(values) == 1 else values)
    return found


def test_no_label_hides_where_the_catalog_cannot_find_it():
    hidden = sorted(map(str, written_in_the_code() - marked()))
    assert not hidden, f"labels inside f-strings never reach the catalog; give each a name of its own first: {hidden}"
