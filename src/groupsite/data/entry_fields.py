"""What an entry's fields say, as every part of the site reads them: year, venue, keywords, verbatim values.

BibTeX's and biblatex's fields alike: a biblatex file (``journaltitle``, ``date``) reads as BibTeX's does.
"""

import re

from groupsite import build_state
from groupsite.options import N_

# Where each entry type keeps the name of its venue, in the order they are tried (biblatex's names too).
VENUE_FIELDS = (
    "journal",
    "journaltitle",
    "booktitle",
    "howpublished",
    "school",
    "institution",
    "organization",
    "publisher",
)
# Fields that hold an address or an identifier, not text: never read as LaTeX beyond BibTeX's escapes,
# as biblatex treats them ("10.1007/978-3-031-50535-5\_7", "https://doi.org/10.1145%2F3140241").
VERBATIM_FIELDS = ("url", "doi", "eprint", "file", "pdf", "arxiv", "code", "data", "slides", "poster", "video",
                   "html", "website", "supp", "urldate")  # fmt: skip
BIBTEX_ESCAPE = re.compile(r"\\([_&%#$~])")


def venue_of(entry):
    """The name of the field that holds the entry's venue, or None."""
    return next((name for name in VENUE_FIELDS if entry.fields.get(name, "").strip()), None)


def year_of(entry) -> int:
    """The entry's year as a number, 0 when it has none: "2021", "1982/83", or biblatex's date "2021-03-04"."""
    text = entry.fields.get("year", "").strip() or entry.fields.get("date", "").strip()
    match = re.match(r"\{?(\d{4})", text)
    return int(match.group(1)) if match else 0


def verbatim(value: str) -> str:
    """A verbatim field's value as meant: BibTeX's escapes (\\_, \\&, \\%, \\#) undone, its braces gone.

    No address or identifier holds a brace: "10.1162/netn{_}a{_}00137" is the DOI 10.1162/netn_a_00137.
    """
    return BIBTEX_ESCAPE.sub(r"\1", unbraced(value)).replace("{", "").replace("}", "")


def addresses(value: str) -> list[str]:
    """The web addresses in a field: one, or several as Mendeley writes them ("http://a http://b")."""
    return [part for part in verbatim(value).split() if part]


def keywords(entry) -> list[str]:
    """The entry's keywords, as BibTeX tools write them: separated by commas or semicolons outside braces.

    "{Neurons, cortical}" is one keyword; "fMRI{\\;} resting state" is one too, its braces kept for the
    LaTeX reader.
    """
    found, depth, current = [], 0, []
    for char in entry.fields.get("keywords", ""):
        if char in ",;" and depth == 0:
            found.append("".join(current))
            current = []
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        current.append(char)
    found.append("".join(current))
    return [unbraced(word) for word in found if unbraced(word)]


def unbraced(text: str) -> str:
    """The text without the braces that wrap all of it: "{Neurons, cortical}" -> "Neurons, cortical"."""
    text = text.strip()
    while text.startswith("{") and text.endswith("}") and balanced(text[1:-1]):
        text = text[1:-1].strip()
    return text


def balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


# Every link an entry may have, defined once: field -> label (al-folio's fields among them).
LINK_FIELDS = {
    "doi": N_("DOI"),
    "url": N_("Web page"),
    "arxiv": N_("arXiv"),
    "pdf": N_("PDF"),
    "code": N_("Code"),
    "data": N_("Data"),
    "slides": N_("Slides"),
    "poster": N_("Poster"),
    "video": N_("Video"),
    "html": N_("HTML"),
    "website": N_("Website"),
    "supp": N_("Supplement"),
}
DOI = re.compile(r"10\.\d{4,9}/\S+")
# An arXiv identifier: new style ("2401.16424", "0706.0001v2") or old ("hep-th/9810003", "math.GT/0309136v1").
ARXIV = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?")
OLD_NUMBER = re.compile(r"\d{7}(?:v\d+)?")  # an old-style id's number, its archive in primaryclass


def doi_of(entry) -> str | None:
    """The DOI itself, whether the field holds "10.1234/x", "doi:10.1234/x" or "https://doi.org/10.1234/x"."""
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", verbatim(entry.fields.get("doi", "")), flags=re.IGNORECASE)
    return doi if DOI.fullmatch(doi) else None  # anything else is no DOI: the report names it


ARXIV_LINE_FIELDS = ("journal", "journaltitle", "booktitle", "howpublished", "note", "eprint", "volume", "url")


ARXIV_FIELDS = {"arxiv", "eprint", *ARXIV_LINE_FIELDS}


def arxiv_id(entry) -> str | None:
    """The arXiv identifier, in every form reference managers write it.

    eprint with archiveprefix or eprinttype arXiv ("2401.16424", "arXiv:2401.16424", or Mendeley's old-style
    split, eprint 9810003 with primaryclass hep-th); al-folio's arxiv; or an arXiv line or address in the
    journal, note or url ("arXiv preprint arXiv:2101.00001", "https://arxiv.org/abs/hep-th/9810003v1").
    """
    fields = {name.lower(): value for name, value in entry.fields.items()}  # one pass: asked of every entry
    kind = (fields.get("archiveprefix") or fields.get("eprinttype") or "").strip().lower()
    eprint = re.sub(r"^arxiv:\s*", "", verbatim(fields.get("eprint", "")), flags=re.IGNORECASE)
    if kind == "arxiv" and eprint:
        if OLD_NUMBER.fullmatch(eprint) and fields.get("primaryclass"):
            return f"{verbatim(fields['primaryclass'])}/{eprint}"
        return eprint
    given = re.sub(r"^arxiv:\s*", "", verbatim(fields.get("arxiv", "")), flags=re.IGNORECASE)
    if ARXIV.fullmatch(given):
        return given
    # Where Scholar and others write "arXiv:2101.00001": not the abstract, which is long and may cite others.
    written = " ".join(fields.get(name, "") for name in ARXIV_LINE_FIELDS)
    if "arxiv" not in written.lower():
        return None
    match = re.search(r"(?:arXiv:\s*|arxiv\.org/(?:abs|pdf)/)(" + ARXIV.pattern + ")", written, flags=re.IGNORECASE)
    return match.group(1) if match else None


# A pdf given by file name ("pdf = {paper.pdf}", as al-folio writes it): in the site's pdf folder (an option).
LOCAL_PDF = re.compile(r"[\w.-]+\.pdf", re.IGNORECASE)


def local_pdf(entry) -> str | None:
    """The file name of the entry's PDF in the site's pdf folder, when its pdf field is one."""
    value = verbatim(entry.fields.get("pdf", ""))
    return value if LOCAL_PDF.fullmatch(value) else None


def is_selected(entry) -> bool:
    """Whether the entry is among the selected publications (al-folio's selected = {true})."""
    return verbatim(entry.fields.get("selected", "")).lower() in ("true", "yes", "1")


def links_of(entry) -> list[tuple[str, str]]:
    """(label, URL) for each link the entry has, in LINK_FIELDS' order; only http(s) addresses are links.

    A pdf given by file name links to the site's pdf folder, as a path from the site's root.
    """
    pdf_folder = build_state.settings().pdf_folder
    # Asked of every entry of every list: only the fields the entry has are looked at.
    present = {name.lower() for name in entry.fields}
    links = []
    for field, label in LINK_FIELDS.items():
        if field == "doi":
            doi = doi_of(entry) if "doi" in present else None
            values = [f"https://doi.org/{doi}"] if doi else []
        elif field == "arxiv":
            arxiv = arxiv_id(entry) if present & ARXIV_FIELDS else None
            values = [f"https://arxiv.org/abs/{arxiv}"] if arxiv else []
        elif field not in present:
            continue
        elif field == "pdf" and local_pdf(entry):
            values = [f"{pdf_folder}/{local_pdf(entry)}"]
        else:
            values = addresses(entry.fields[field])
        links += [(label, value) for value in values if value.startswith(("https://", "http://", pdf_folder + "/"))]
    return links
