"""Papers as BibTeX entries from their identifiers (DOI, arXiv, PubMed), ORCID records and export files.

Each service is asked what it is made for: doi.org's content negotiation (CSL-JSON, for Crossref,
DataCite and bioRxiv DOIs), the arXiv API (Atom), NCBI's E-utilities (PubMed XML), ORCID's public
API (a person's works). Files: BibTeX, RIS and CSL-JSON, as Zotero, Mendeley, JabRef, Scholar and
journals export them. Everything becomes a pybtex Entry with the house's fields, and a Found.
"""

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import requests
from pybtex.database import Entry, Person, parse_string

from groupsite.data.entry_fields import ARXIV, DOI, arxiv_id, doi_of
from groupsite.data.publisher_markup import without_html

TIMEOUT = 20  # seconds: a service that takes longer is taken to be down
USER_AGENT = "group-website-add-papers (https://github.com/; mailto:unknown)"
# What a field of the house's entries may hold from a source: every other field of an export is left out.
KEPT_FIELDS = (
    "title", "journal", "booktitle", "howpublished", "publisher", "school", "institution", "volume", "number",
    "pages", "year", "doi", "url", "eprint", "archiveprefix", "primaryclass", "abstract", "keywords",
)  # fmt: skip


class Unreachable(Exception):
    """A service could not be asked or did not answer: the message names it and says what to do."""


class NotFound(Exception):
    """The service answered that it has no such paper."""


@dataclass
class Found:
    """A paper as a source describes it, with what the duplicate check needs besides its BibTeX."""

    entry: Entry
    source: str  # what the member gave: "10.1101/2024.01.01", "refs-export.bib:12"
    orcids: dict[int, str] = field(default_factory=dict)  # author's place in the list -> ORCID iD
    preprint_of: list[str] = field(default_factory=list)  # DOIs of the published versions (a preprint's)
    preprints: list[str] = field(default_factory=list)  # DOIs of its preprints (a published paper's)
    pmid: str = ""


# -- What the member gave ----------------------------------------------------------------------------


def identify(text: str) -> tuple[str, str]:
    """("doi", "10.x/y"), ("arxiv", "2401.16424"), ("pmid", "38012345") or ("file", path); ValueError if none."""
    value = text.strip()
    if Path(value).suffix.lower() in (".bib", ".ris", ".json") or Path(value).is_file():
        return "file", value
    doi = re.sub(r"^(doi:\s*|https?://(dx\.)?doi\.org/)", "", value, flags=re.IGNORECASE)
    if arxiv := re.fullmatch(r"10\.48550/arxiv\.(.+)", doi, flags=re.IGNORECASE):
        return "arxiv", arxiv.group(1)
    if DOI.fullmatch(doi):
        return "doi", doi
    arxiv = re.sub(r"^(arxiv:\s*|https?://(www\.|export\.)?arxiv\.org/(abs|pdf)/)", "", value, flags=re.IGNORECASE)
    arxiv = arxiv.removesuffix(".pdf")
    if ARXIV.fullmatch(arxiv):
        return "arxiv", re.sub(r"v\d+$", "", arxiv)
    pmid = re.sub(r"^(pmid:\s*|https?://pubmed\.ncbi\.nlm\.nih\.gov/)", "", value, flags=re.IGNORECASE).strip("/")
    if pmid.isdigit():
        return "pmid", pmid
    raise ValueError(
        f"{text!r} is no DOI (10.1234/abc), arXiv id (2401.16424), PubMed id (38012345) or .bib, .ris or .json file"
    )


def get(service: str, url: str, **params) -> requests.Response:
    """An answer from a service; Unreachable, naming the service, when there is none to be had."""
    headers = {"User-Agent": USER_AGENT, **params.pop("headers", {})}
    try:
        response = requests.get(url, headers=headers, timeout=TIMEOUT, **params)
    except requests.RequestException as error:
        raise Unreachable(f"{service} could not be reached ({type(error).__name__}): check the network") from error
    if response.status_code >= 500 or response.status_code == 429:
        raise Unreachable(f"{service} answered {response.status_code}: it is busy or down; try again later")
    return response


# -- doi.org: CSL-JSON ---------------------------------------------------------------------------------


def from_doi(doi: str) -> Found:
    response = get("doi.org", f"https://doi.org/{doi}", headers={"Accept": "application/vnd.citationstyles.csl+json"})
    if response.status_code == 404:
        raise NotFound(f"doi.org knows no DOI {doi}")
    if response.status_code != 200 or "json" not in response.headers.get("Content-Type", ""):
        raise Unreachable(f"doi.org gave no metadata for {doi} (status {response.status_code}); try again later")
    return from_csl(response.json(), doi)


# CSL's types (and Crossref's own names for them) -> (BibTeX type, the field that holds the venue)
CSL_TYPES = {
    "article-journal": ("article", "journal"),
    "journal-article": ("article", "journal"),
    "paper-conference": ("inproceedings", "booktitle"),
    "proceedings-article": ("inproceedings", "booktitle"),
    "chapter": ("incollection", "booktitle"),
    "book-chapter": ("incollection", "booktitle"),
    "book": ("book", "publisher"),
    "monograph": ("book", "publisher"),
    "thesis": ("phdthesis", "school"),
    "dissertation": ("phdthesis", "school"),
    "report": ("techreport", "institution"),
}


def from_csl(item: dict, source: str) -> Found:
    """A CSL-JSON item, as doi.org, Zotero and Mendeley write it."""
    kind, venue_field = CSL_TYPES.get(str(item.get("type", "")), ("misc", "howpublished"))
    fields = {"title": without_html(first(item.get("title")))}
    venue = without_html(first(item.get("container-title")))
    if not venue and kind in ("misc", "techreport", "phdthesis", "book"):
        venue = first([institution.get("name", "") for institution in item.get("institution") or []])
        venue = venue or str(item.get("publisher") or "")
    if venue:
        fields[venue_field] = venue
    for name, csl in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
        if item.get(csl):
            fields[name] = str(item[csl]).replace("-", "--") if name == "pages" else str(item[csl])
    year = next(
        (str(item[date]["date-parts"][0][0]) for date in ("issued", "published", "posted", "created")
         if (item.get(date) or {}).get("date-parts", [[None]])[0][0]),
        "",
    )  # fmt: skip
    if year:
        fields["year"] = year
    doi = str(item.get("DOI") or "")
    if arxiv := re.fullmatch(r"10\.48550/arxiv\.(.+)", doi, flags=re.IGNORECASE):
        fields.update(arxiv_fields(arxiv.group(1)))
    elif doi:
        fields["doi"] = doi.lower() if doi.isupper() else doi
    elif item.get("URL"):
        fields["url"] = str(item["URL"])
    if item.get("abstract"):
        fields["abstract"] = clean_abstract(str(item["abstract"]))
    persons, orcids = [], {}
    for place, author in enumerate(item.get("author") or []):
        name = author.get("literal") or ", ".join(part for part in (author.get("family"), author.get("given")) if part)
        persons.append(Person(name))
        if author.get("ORCID"):
            orcids[place] = str(author["ORCID"]).rstrip("/").rsplit("/", 1)[-1]
    relation = item.get("relation") or {}
    related = lambda name: [r["id"] for r in relation.get(name, []) if r.get("id-type") == "doi"]  # noqa: E731
    entry = make_entry(kind, fields, persons)
    return Found(entry, source, orcids, related("is-preprint-of"), related("has-preprint"))


def first(value) -> str:
    """CSL's titles are strings or lists of strings."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value or "").split())


def clean_abstract(text: str) -> str:
    """An abstract without its publisher's markup, and without a heading that only says "Abstract"."""
    text = re.sub(r"<jats:title>\s*Abstract\s*</jats:title>", " ", text, flags=re.IGNORECASE)
    text = without_html(text)
    return re.sub(r"^Abstract[:.]?\s+", "", text)


# -- arXiv: Atom ------------------------------------------------------------------------------------------

ATOM = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def from_arxiv(identifier: str) -> Found:
    response = get("The arXiv API", "https://export.arxiv.org/api/query", params={"id_list": identifier})
    if response.status_code == 400:
        raise NotFound(f"arXiv has no paper {identifier}")
    [paper] = from_atom(response.text, identifier) or [None]
    if paper is None:
        raise NotFound(f"arXiv has no paper {identifier}")
    return paper


def from_atom(text: str, source: str) -> list[Found]:
    """The entries of an arXiv API answer."""
    found = []
    for item in ElementTree.fromstring(text).findall("atom:entry", ATOM):
        ident = item.findtext("atom:id", "", ATOM).rsplit("/abs/", 1)[-1]
        if not item.findtext("atom:title", "", ATOM) or not ident:
            continue  # arXiv answers an unknown id with an empty feed, or an entry holding only an error
        ident = re.sub(r"v\d+$", "", ident)
        names = [author.findtext("atom:name", "", ATOM) for author in item.findall("atom:author", ATOM)]
        fields = {
            "title": " ".join(item.findtext("atom:title", "", ATOM).split()),
            "howpublished": f"arXiv preprint arXiv:{ident}",
            "year": item.findtext("atom:published", "", ATOM)[:4],
            **arxiv_fields(ident),
            "abstract": " ".join(item.findtext("atom:summary", "", ATOM).split()),
        }
        doi = item.findtext("arxiv:doi", "", ATOM).strip()
        # arXiv's titles and abstracts are LaTeX, as their authors wrote them ($\ell_p$): kept as they are.
        entry = make_entry("misc", fields, [Person(name) for name in names if name.strip()], latex=True)
        found.append(Found(entry, source, preprint_of=[doi] if doi else []))
    return found


def arxiv_fields(identifier: str) -> dict[str, str]:
    return {"eprint": identifier, "archiveprefix": "arXiv"}


# -- PubMed: E-utilities XML ---------------------------------------------------------------------------------


def from_pubmed(pmid: str) -> Found:
    url = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/efetch.fcgi"
    response = get("NCBI's E-utilities", url, params={"db": "pubmed", "id": pmid, "retmode": "xml"})
    papers = [paper for paper in from_pubmed_xml(response.text, pmid) if paper.pmid == pmid]
    if response.status_code != 200 or not papers:
        raise NotFound(f"PubMed has no paper {pmid}")
    return papers[0]


def from_pubmed_xml(text: str, source: str) -> list[Found]:
    found = []
    for article in ElementTree.fromstring(text).iter("PubmedArticle"):
        citation = article.find("MedlineCitation")
        details = citation.find("Article")
        fields = {"title": " ".join("".join(details.find("ArticleTitle").itertext()).split()).rstrip(".")}
        journal = details.findtext("Journal/Title", "")
        if journal:
            fields["journal"] = journal
        issue = details.find("Journal/JournalIssue")
        if issue is not None:
            fields.update({name: issue.findtext(tag) for name, tag in (("volume", "Volume"), ("number", "Issue"))
                           if issue.findtext(tag)})  # fmt: skip
            year = issue.findtext("PubDate/Year") or (issue.findtext("PubDate/MedlineDate") or "")[:4]
            if year:
                fields["year"] = year
        if details.findtext("Pagination/MedlinePgn"):
            fields["pages"] = details.findtext("Pagination/MedlinePgn").replace("-", "--")
        doi = next((node.text for node in article.iter("ArticleId") if node.get("IdType") == "doi"), None)
        doi = doi or next((node.text for node in details.iter("ELocationID") if node.get("EIdType") == "doi"), None)
        if doi:
            fields["doi"] = doi.strip()
        parts = []
        for part in details.findall("Abstract/AbstractText"):
            text = " ".join("".join(part.itertext()).split())
            parts.append(f"{part.get('Label').capitalize()}: {text}" if part.get("Label") else text)
        if parts:
            fields["abstract"] = " ".join(parts)
        persons = []
        for author in details.findall("AuthorList/Author"):
            if author.findtext("LastName"):
                persons.append(
                    Person(f"{author.findtext('LastName')}, {author.findtext('ForeName') or ''}".strip(", "))
                )
            elif author.findtext("CollectiveName"):
                persons.append(Person(f"{{{author.findtext('CollectiveName')}}}"))
        pmid = citation.findtext("PMID", "")
        found.append(Found(make_entry("article", fields, persons), source or pmid, pmid=pmid))
    return found


# -- ORCID: a person's works ---------------------------------------------------------------------------------


def orcid_works(orcid: str) -> list[dict[str, str]]:
    """A person's works on ORCID, each as its identifiers ({"doi": ..., "arxiv": ..., "pmid": ...}) and title."""
    response = get(
        "ORCID's public API",
        f"https://pub.orcid.org/v3.0/{orcid}/works",
        headers={"Accept": "application/vnd.orcid+json"},
    )
    if response.status_code == 404:
        raise NotFound(f"ORCID has no record {orcid}")
    return works_of(response.json())


def works_of(record: dict) -> list[dict[str, str]]:
    works = []
    for group in record.get("group") or []:
        ids = {}
        for ident in (group.get("external-ids") or {}).get("external-id") or []:
            kind = ident.get("external-id-type", "").lower()
            if kind in ("doi", "arxiv", "pmid") and ident.get("external-id-relationship", "self") == "self":
                ids.setdefault(kind, ident.get("external-id-value", "").strip())
        summary = (group.get("work-summary") or [{}])[0]
        title = ((summary.get("title") or {}).get("title") or {}).get("value", "")
        works.append({**ids, "title": title})
    return works


# -- Export files -------------------------------------------------------------------------------------------


def from_file(path: Path) -> list[Found]:
    """The papers of an export file: BibTeX (.bib), RIS (.ris) or CSL-JSON (.json)."""
    suffix = path.suffix.lower()
    text = path.read_text(encoding="utf-8-sig")
    if suffix == ".json":
        items = json.loads(text)
        return [from_csl(item, f"{path.name}: {item.get('id', place + 1)}") for place, item in
                enumerate(items if isinstance(items, list) else [items])]  # fmt: skip
    if suffix == ".ris":
        return from_ris(text, path.name)
    return from_bibtex(text, path.name)


def from_bibtex(text: str, name: str) -> list[Found]:
    data = parse_string(text, "bibtex")
    found = []
    for key, entry in data.entries.items():
        fields = {field.lower(): value for field, value in entry.fields.items() if field.lower() in KEPT_FIELDS}
        if doi_of(entry):
            fields["doi"] = doi_of(entry)
        if arxiv_id(entry) and "eprint" not in fields:
            fields.update(arxiv_fields(arxiv_id(entry)))
        if fields.get("abstract"):
            fields["abstract"] = clean_abstract(fields["abstract"])
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        found.append(Found(make_entry(entry.type.lower(), fields, list(persons), latex=True), f"{name}: {key}"))
    return found


RIS_TYPES = {
    "JOUR": ("article", "journal"), "JFULL": ("article", "journal"), "EJOUR": ("article", "journal"),
    "CONF": ("inproceedings", "booktitle"), "CPAPER": ("inproceedings", "booktitle"),
    "CHAP": ("incollection", "booktitle"), "BOOK": ("book", "publisher"), "THES": ("phdthesis", "school"),
    "RPRT": ("techreport", "institution"),
}  # fmt: skip


def from_ris(text: str, name: str) -> list[Found]:
    import rispy  # only where a RIS file is read

    found = []
    for place, record in enumerate(rispy.loads(text)):
        kind, venue_field = RIS_TYPES.get(record.get("type_of_reference", ""), ("misc", "howpublished"))
        fields = {"title": record.get("title") or record.get("primary_title") or ""}
        venue = next((record[k] for k in ("journal_name", "secondary_title", "alternate_title3", "alternate_title1",
                                          "publisher") if record.get(k)), "")  # fmt: skip
        if venue:
            fields[venue_field] = venue
        year = re.match(r"\d{4}", str(record.get("year") or record.get("publication_year") or record.get("date") or ""))
        if year:
            fields["year"] = year.group(0)
        for field_name, key in (("volume", "volume"), ("number", "number")):
            if record.get(key):
                fields[field_name] = str(record[key])
        if record.get("start_page"):
            fields["pages"] = "--".join(str(record[k]) for k in ("start_page", "end_page") if record.get(k))
        doi = re.sub(r"^https?://(dx\.)?doi\.org/", "", str(record.get("doi") or ""), flags=re.IGNORECASE)
        if DOI.fullmatch(doi):
            fields["doi"] = doi
        elif record.get("urls"):
            url = record["urls"][0]
            fields["url"] = "https:" + url if url.startswith("//") else url
        if record.get("abstract") and record["abstract"].strip().lower() != "abstract":
            fields["abstract"] = clean_abstract(record["abstract"])
        names = record.get("authors") or record.get("first_authors") or []
        entry = make_entry(kind, fields, [Person(author) for author in names])
        found.append(Found(entry, f"{name}: record {place + 1}"))
    return found


# -- The house's entries ----------------------------------------------------------------------------------------

# Characters that BibTeX or LaTeX read as commands, written as text.
LATEX_SPECIAL = re.compile(r"(?<!\\)([&%#$_])")


def make_entry(kind: str, fields: dict[str, str], persons: list[Person], latex: bool = False) -> Entry:
    """An entry with the house's fields; plain text from a service is escaped, a .bib's LaTeX kept as it is."""
    values = {}
    for name, value in fields.items():
        value = " ".join(str(value).split())
        if not value:
            continue
        if not latex and name not in ("doi", "url", "eprint"):
            value = LATEX_SPECIAL.sub(r"\\\1", value)
            if value.count("{") != value.count("}"):
                value = value.replace("{", "").replace("}", "")
        values[name] = value
    return Entry(kind, fields=values, persons={"author": persons} if persons else {})
