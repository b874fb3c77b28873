"""What a site may set in its conf.py (``groupsite_*``), each with its default; and the settings a build reads.

Every fact that differs between groups is an option here, never a constant in a module: the folders
of the pages, where the list and the paper pages go, the People page's sections, thesis levels,
the group's short name and colour. The package's README lists them all (a test keeps the two equal).
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sphinx.locale import get_translator

# The package's own message catalog (locale/<language>/LC_MESSAGES/groupsite.mo): every label a page shows.
CATALOG = "groupsite"
LOCALE = Path(__file__).parent / "locale"


def _(message: str) -> str:
    """The label in the build's language; outside a build (or before the catalog is loaded), as written.

    Sphinx's get_translation() gives lazy labels and no plurals; its get_translator() gives the
    catalog's gettext and ngettext as they are.
    """
    return get_translator(CATALOG).gettext(message)


def _n(singular: str, plural: str, n: int) -> str:
    """The form of a label for n: "{n} publication", "{n} publications" (and what other languages have)."""
    return get_translator(CATALOG).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a label for the message catalog where it is defined; it is translated where it is shown, by _()."""
    return message


@dataclass(frozen=True)
class Option:
    name: str
    default: Any
    rebuild: str  # what a change of it makes Sphinx do: "env" reads every page again, "html" writes them
    description: str
    example: str


# Fields that reference managers and site generators keep for themselves: never meant for readers.
PRIVATE_FIELDS = (
    "file",  # Zotero, Mendeley, JabRef: the PDF's path on someone's computer
    "mendeley-tags", "mendeley-groups",  # Mendeley
    "groups", "owner", "timestamp", "ranking", "readstatus", "printed", "priority", "qualityassured",  # JabRef
    "bibtex_show", "selected", "preview", "altmetric", "dimensions", "google_scholar_id",  # al-folio
    "author-orcids",  # groupsite add: the authors' ORCID iDs, which match them to people's pages
)  # fmt: skip

# The People page's sections, in this order, and the words of a role that put a person in each.
ROLE_GROUPS = (
    (N_("Group leader"), ("group leader", "head of", "professor", "principal investigator")),
    (N_("Postdocs"), ("postdoc", "research scientist", "research associate")),
    (N_("PhD students"), ("phd", "doctoral")),
    (N_("Students"), ("student", "assistant", "intern")),
)
# The levels an offer may name, and the subject an application for each gets (both shown in the site's language).
THESIS_LEVELS = {N_("Bachelor"): N_("Bachelor's thesis"), N_("Master"): N_("Master's thesis")}

OPTIONS = (
    Option("groupsite_people", "people", "env", "The folder of people's pages, one Markdown file each.", '"members"'),
    Option("groupsite_topics", "topics", "env", "The folder of topics' pages; refs.bib's keywords name them.",
           '"research/topics"'),
    Option("groupsite_offers", "theses/offers", "env", "The folder of thesis offers, one page each.",
           '"jobs/theses"'),
    Option("groupsite_courses", "teaching/courses", "env", "The folder of courses, one page per course and term.",
           '"lehre"'),
    Option("groupsite_publication_list", "research/index", "env",
           "The page that holds the `{publication-list}`; each older year gets a page beside it.",
           '"publications"'),
    Option("groupsite_paper_pages", "research/papers", "env", "Where each entry gets a page of its own.",
           '"papers"'),
    Option("groupsite_list_entries", 150, "env",
           "How many entries the list's own page shows, in whole years, newest first; older years get pages "
           "of their own.", "300"),
    Option("groupsite_private_fields", list(PRIVATE_FIELDS), "env",
           "Fields left out of every BibTeX the site offers (an entry's block, its .bib, the published refs.bib).",
           '["file", "owner", "note"]'),
    Option("groupsite_bib_downloads", "_bib", "html", "The folder of each entry's .bib download in the built site.",
           '"bibtex"'),
    Option("groupsite_pdf_folder", "_static/pdf", "env",
           "Where a `pdf` field that names a file (`pdf = {paper.pdf}`, as al-folio writes it) finds that file.",
           '"assets/pdf"'),
    Option("groupsite_group_file", "group.yaml", "env",
           "The group's name, address and links: every page's footer and the `{contact}` section.", '"lab.yaml"'),
    Option("groupsite_role_groups", [(title, list(words)) for title, words in ROLE_GROUPS], "env",
           "The People page's sections, in order, each with the words of a role that put a person in it. Whoever "
           'matches none is under "Members"; `alumni: true` puts a person under "Alumni".',
           '[("Principal investigators", ["PI", "professor"]), ("Researchers", ["postdoc", "PhD"])]'),
    Option("groupsite_thesis_levels", THESIS_LEVELS, "env",
           "The levels an offer may name in `level:`, each with the subject an application email gets.",
           '{"Bachelor": "Bachelor thesis", "Master": "Master thesis", "PhD": "PhD position"}'),
    Option("groupsite_news", "news", "env",
           "The folder of news items, one Markdown file each; its index.md lists them (no page while there are none).",
           '"about/news"'),
    Option("groupsite_events", "events", "env",
           "The folder of talks and events, one Markdown file each; its index.md lists them (no page while there "
           "are none).", '"talks"'),
    Option("groupsite_newest_news", 3, "env", "How many news items the home page's `{newest-news}` shows.", "5"),
    Option("groupsite_timezone", "UTC", "env",
           "The time zone of events' times, as the IANA database names it; an event's `timezone:` overrides it.",
           '"Europe/Berlin"'),
    Option("groupsite_languages", [], "env",
           "The site's languages, the one its pages are written in first; each other one is translated in "
           "`locales/<language>/LC_MESSAGES/` and built into a folder of its own. By default only `language`.",
           '["en", "de"]'),
    Option("groupsite_short_name", "", "html",
           "A few letters for the group, drawn in the favicon when `html_favicon` is not set; by default the "
           "initials of `project`.", '"ABC"'),
    Option("groupsite_colour", "", "html",
           "The brand colour of links, headings' marks and the favicon, as CSS; by default Furo's.", '"#1a5f91"'),
    Option("groupsite_processes", min(2, os.cpu_count() or 1), "",
           "How many processes write the generated pages when many are due: 2 where the machine has two cores "
           "or more (a full build of 5,039 entries took 9.2 s, against 12.7 s in one); 1 turns the second off.", "1"),
)  # fmt: skip


def register(app) -> None:
    for option in OPTIONS:
        types = {list, tuple} if isinstance(option.default, list) else {type(option.default)}
        app.add_config_value(option.name, option.default, option.rebuild, types=frozenset(types))
    app.add_message_catalog(CATALOG, str(LOCALE))
    # After the site's conf.py, before the other extensions read their settings.
    app.connect("config-inited", settings_the_package_needs, priority=100)


# What sphinxcontrib-bibtex and MyST must be set to for the package to work, where conf.py leaves their defaults.
NEEDED = {
    "bibtex_default_style": ("alpha", "group"),  # the package's citation style (rendering/group_style.py)
    "bibtex_reference_style": ("label", "author_year"),  # {cite} shows "Smith et al. [2024]", not a key
    "bibtex_tooltips": (True, False),  # tooltips would format every cited entry a second time on every build
    "myst_title_to_header": (False, True),  # pages carry their title in the front matter, next to their facts
    "gettext_compact": (True, False),  # a catalog per page, which a translator finds beside the page's path
}


def settings_the_package_needs(app, config) -> None:
    for name, (default, needed) in NEEDED.items():
        if getattr(config, name) == default:
            setattr(config, name, needed)
    if not config.bibtex_bibfiles:
        config.bibtex_bibfiles = ["refs.bib"]
    config.exclude_patterns = [*config.exclude_patterns, *kept_beside_the_site(Path(app.srcdir))]


def kept_beside_the_site(srcdir: Path) -> list[str]:
    """Folders of Markdown that is no page, where a repository keeps them in the site's folder: groupsite's own
    (its README, the pages `groupsite new` copies), installed from there or kept in the src layout (src/<package>/),
    and the copier template that copier.yml names."""
    found = []
    package = Path(__file__).resolve().parent
    if package.is_relative_to(srcdir.resolve()):
        found.append(package.relative_to(srcdir.resolve()).as_posix())
    elif any((srcdir / "src").glob("*/__init__.py")):
        found.append("src")
    try:
        template = yaml.safe_load((srcdir / "copier.yml").read_text(encoding="utf-8"))["_subdirectory"]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        template = None
    return found + ([str(template).strip("/")] if template else [])


def initials(project: str) -> str:
    """ "OL" for "Optics Lab": the capitals of the name's words, "Group", "Lab" and "The" left out."""
    words = [word for word in re.findall(r"[^\W\d_]+", project) if word.lower() not in ("group", "lab", "the")]
    letters = "".join(word[0] for word in words if word[0].isupper()) or "".join(word[0] for word in words)
    return letters[:3].upper()


@dataclass(frozen=True)
class Settings:
    """The options as a build or a command reads them: folders without slashes at their ends."""

    people: str
    topics: str
    offers: str
    courses: str
    publication_list: str
    paper_pages: str
    list_entries: int
    private_fields: frozenset[str]
    bib_downloads: str
    pdf_folder: str
    group_file: str
    role_groups: tuple[tuple[str, tuple[str, ...]], ...]
    thesis_levels: tuple[tuple[str, str], ...]
    news: str
    events: str
    newest_news: int
    timezone: str
    short_name: str
    colour: str
    processes: int
    language: str  # this build's: Sphinx's `language`
    # the site's languages (groupsite_languages), the pages' own first
    languages: tuple[str, ...]
    locale_dirs: tuple[str, ...]  # where the translations are, relative to the site (Sphinx's `locale_dirs`)
    gettext_compact: bool | str  # how pages share catalogs (Sphinx's `gettext_compact`)

    @property
    def source_language(self) -> str:
        """The language the pages are written in."""
        return self.languages[0]

    @property
    def translating(self) -> bool:
        """Whether this build shows the pages in another language than they are written in."""
        return self.language != self.source_language

    @classmethod
    def read(cls, get) -> "Settings":
        """The settings from get(name, default): a Sphinx config's values, or conf.py's names run as a script."""
        value = {option.name.removeprefix("groupsite_"): get(option.name, option.default) for option in OPTIONS}
        for name in ("people", "topics", "offers", "courses", "publication_list", "paper_pages", "bib_downloads",
                     "pdf_folder", "news", "events"):  # fmt: skip
            value[name] = str(value[name]).strip("/")
        value["private_fields"] = frozenset(str(name).lower() for name in value["private_fields"])
        value["role_groups"] = tuple((str(title), tuple(str(w).lower() for w in words))
                                     for title, words in value["role_groups"])  # fmt: skip
        value["thesis_levels"] = tuple((str(level), str(subject)) for level, subject in value["thesis_levels"].items())
        value["short_name"] = value["short_name"] or initials(str(get("project", "")))
        value["language"] = str(get("language", None) or "en")
        value["languages"] = tuple(str(code) for code in value["languages"]) or (value["language"],)
        value["locale_dirs"] = tuple(str(folder) for folder in get("locale_dirs", ["locales"]))
        value["gettext_compact"] = get("gettext_compact", False)  # as the package sets it
        return cls(**value)

    @classmethod
    def of(cls, config) -> "Settings":
        return cls.read(lambda name, default: getattr(config, name, default))


def site_settings(site: Path) -> Settings:
    """A site's settings, from its conf.py run as Sphinx runs it: for commands that run outside a build."""
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    conf = site / "conf.py"
    namespace = eval_config_file(conf, Tags()) if conf.is_file() else {}
    return Settings.read(namespace.get)
