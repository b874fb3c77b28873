"""The group's citation style for pybtex: "A. Author, B. Author. Title. Venue, year." with titles as written."""

from pybtex.plugin import register_plugin
from pybtex.richtext import BaseMultipartText, HRef, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import FieldIsMissing, node

from groupsite import build_state
from groupsite.data.entry_fields import venue_of, year_of
from groupsite.data.latex import LATEX, RichNames, plain_text, rich
from groupsite.model import site_index
from groupsite.model.domain import site_link
from groupsite.options import N_, _, _n


def short_name(style, person) -> Text:
    """The person as "A. B. Last", in the style's name format; a group's authors come back entry after entry."""
    spelling = (style.format_name, *RichNames.spelling(person))
    return build_state.current().memo(
        "short names", spelling, lambda: style.format_name(RichNames(person), abbr=True).format_data({})
    )


@node
def author_list(children, context):
    """Authors as "A. B. Last", comma-separated; BibTeX's "and others" becomes "et al.".

    A book or proceedings with editors and no author shows its editors, "(ed.)" or "(eds.)" after
    them, as plain.bst does.
    """
    assert not children
    entry = context["entry"]
    role = "author" if entry.persons.get("author") or not entry.persons.get("editor") else "editor"
    persons = entry.persons.get(role, [])
    style = context["style"]
    # By spelling: the list and the paper's page show the same.
    memos = build_state.current().memos["author lists"]
    orcids = entry.fields.get(site_index.ORCID_FIELD, "")
    memo = (role, style.format_name, site_index.fingerprint(), orcids, *(RichNames.spelling(p) for p in persons))
    if memo not in memos:
        names = formatted_authors(persons, site_index.people().authors_of(entry, role), style, context)
        memos[memo] = Text(names, " ", _n("(ed.)", "(eds.)", len(persons))) if role == "editor" else names
    return memos[memo]


# A list of more authors than this folds (on the list, not on paper pages): the first FIRST_SHOWN, the last and
# every member stay in view, and "+12 more" opens the others.
FOLD_ABOVE = 8
FIRST_SHOWN = 3


def formatted_authors(persons, members, style, context) -> Text:
    folded = {
        index
        for index, (person, member) in enumerate(zip(persons, members, strict=True))
        if FIRST_SHOWN <= index < len(persons) - 1 and not member and str(person) != "others"
    }
    if len(persons) <= FOLD_ABOVE:
        folded = set()
    parts: list = []
    for index, (person, member) in enumerate(zip(persons, members, strict=True)):
        if str(person) == "others":
            name = Text(_("et al."))
        else:
            name = short_name(style, person)
            name = HRef(site_link("person", member.ident), name) if member else name
        name = Text(", ", name) if parts else name
        if index in folded:
            if index == min(folded):
                parts.append(MoreAuthors(str(len(folded))))
            name = FoldedAuthors(name)
        parts.append(name)
    return Text(*parts)


class FoldedAuthors(BaseMultipartText):
    """Authors a long list keeps folded until opened; everywhere but the list they are text like any other."""

    def render(self, backend):
        text = super().render(backend)
        fold = getattr(backend, "format_folded_authors", None)
        return fold(text) if fold else text


class MoreAuthors(BaseMultipartText):
    """Where a long list's folded authors start: "+12 more" on the list, nothing elsewhere."""

    def __str__(self):
        return ""

    def render(self, backend):
        more = getattr(backend, "format_more_authors", None)
        return more(super().__str__()) if more else backend.format_str("")

    def _typeinfo(self):
        return None, ()  # never merged with the text beside it


def joined(parts: list, sep: str) -> Text:
    """The non-empty parts with sep between them, as pybtex's join template makes it."""
    parts = [part for part in parts if part]
    if len(parts) <= 1:
        return Text(*parts)
    if len(parts) == 2:
        return Text(sep).join(parts)
    return Text(sep).join([Text(sep).join(parts[:-1]), parts[-1]])


def sentence_of(*parts) -> Text:
    """The parts as pybtex's sentence template makes them: comma-separated, with a period."""
    return joined(list(parts), ", ").add_period()


def optional_field(entry, name: str) -> Text:
    """A field as pybtex's optional[latex_field(name)] formats it: empty when the entry has none."""
    return Text(rich(entry.fields[name])) if name in entry.fields else Text()


@node
def latex_field(children, context, name):
    """A field of the entry as text, like pybtex's field(), decoded only where it holds LaTeX."""
    assert not children
    entry = context["entry"]
    if name not in entry.fields:
        raise FieldIsMissing(name, entry)
    return rich(entry.fields[name])


@node
def venue(children, context):
    """The entry's venue, whichever field of VENUE_FIELDS holds it, after its kind where plain.bst names one.

    "PhD thesis, University of Examples"; "Technical report 12, Institute"; "Patent US 123".
    """
    assert not children
    entry = context["entry"]
    name = venue_of(entry)
    place = latex_field(name).format_data(context) if name else Text()
    if entry.type.lower() not in KINDS:
        return place
    kind = _(KINDS[entry.type.lower()])
    if entry.fields.get("type", "").strip():  # "Habilitation", "Diploma thesis", biblatex's "phdthesis"
        written = entry.fields["type"].strip()
        kind = _(KINDS[written.lower()]) if written.lower() in KINDS else rich(written)
    if entry.fields.get("number", "").strip():
        kind = Text(kind, " ", rich(entry.fields["number"]))
    return joined([Text(kind), place], ", ")


# Entry types whose kind the list says, as plain.bst and biblatex's standard style do.
KINDS = {
    "phdthesis": N_("PhD thesis"),
    "mastersthesis": N_("Master's thesis"),
    "thesis": N_("Thesis"),
    "techreport": N_("Technical report"),
    "report": N_("Report"),
    "patent": N_("Patent"),
}


@node
def year(children, context):
    """The year as written ("1982/83"), or the year of biblatex's date ("2021-03-04")."""
    assert not children
    entry = context["entry"]
    if entry.fields.get("year", "").strip():
        return latex_field("year").format_data(context)
    return Text(str(year_of(entry))) if year_of(entry) else Text()


class KeyLabelStyle(BaseLabelStyle):
    """Labels are the BibTeX keys: unique by definition, and never shown by this site."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield entry.key


class NewestFirstSortingStyle(BaseSortingStyle):
    """Newest year first, then by title, as the group has always listed its papers."""

    def sorting_key(self, entry):
        # By the title as it reads: "{{LEDs}} in the lab" sorts under C, not after Z. Most titles hold
        # no LaTeX, and are taken as they are: a list of 5,000 is sorted on every edit of refs.bib.
        title = entry.fields.get("title", "")
        return (-year_of(entry), (plain_text(title) if LATEX.search(title) else title).lower())


class GroupStyle(BaseStyle):
    """One template for every entry type; titles keep their casing (CNNs, V4, U-Net).

    A missing field leaves a gap rather than an error here: the publications extension
    reports it once, naming the file, line and key.
    """

    default_name_style = "plain"
    default_label_style = "key"
    default_sorting_style = "newest_first"

    def format_entry(self, label, entry, bib_data=None):
        """ "A. Author, B. Author. Title. Venue, year.", as pybtex's sentence templates would join them."""
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        text = joined(
            [
                sentence_of(author_list.format_data(context)),
                Tag("strong", sentence_of(optional_field(entry, "title"))),
                sentence_of(venue.format_data(context), year.format_data(context)),
            ],
            " ",
        )
        return FormattedEntry(entry.key, text, label)


def register():
    """Make the style known to pybtex, and so to sphinxcontrib-bibtex, as "group"."""
    register_plugin("pybtex.style.labels", "key", KeyLabelStyle)
    register_plugin("pybtex.style.sorting", "newest_first", NewestFirstSortingStyle)
    register_plugin("pybtex.style.formatting", "group", GroupStyle)
