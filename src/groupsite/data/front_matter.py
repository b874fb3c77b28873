"""Pages described by their front matter: a folder of them, each page's front matter read and checked."""

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from groupsite import build_state, translations
from groupsite.options import _n

logger = logging.getLogger(__name__)

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)


@lru_cache(maxsize=1024)
def parsed_front_matter(text: str) -> dict:
    """The YAML of a front matter; an overview reads each of its pages' front matter once per page that lists it."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):  # ValueError: a date that is none, 2025-02-30
        data = None  # MyST reports the YAML error itself, with its line
    return data if isinstance(data, dict) else {}


@dataclass(frozen=True)
class Collection:
    """A folder of pages of one kind (thesis offers, courses), each described by its front matter."""

    name: str  # what one page is, for messages: "thesis offer"
    kind: str  # what the site's domain calls it: "offer"
    folder: str  # docname prefix: "theses/offers/"
    required: tuple[str, ...]  # front matter fields every page must have
    lists: tuple[str, ...] = ()  # fields that hold lists

    def holds(self, docname: str) -> bool:
        """Whether the page is one of the collection's: in its folder, and not the folder's own index."""
        name = docname.removeprefix(self.folder)
        return name != docname and "/" not in name and name != "index"

    def docnames(self, env: BuildEnvironment) -> list[str]:
        return sorted(docname for docname in env.found_docs if self.holds(docname))

    def front_matter(self, env: BuildEnvironment, docname: str) -> dict:
        """The page's front matter in the build's language, with a warning naming the file for each missing or
        malformed field."""
        return self.in_language(env, docname, self.read(Path(env.doc2path(docname))))

    def in_language(self, env: BuildEnvironment, docname: str, data: dict) -> dict:
        """The front matter's words as the page's catalog translates them; the page asking is read again when
        that catalog changes."""
        settings = build_state.settings()
        if not settings.translating:
            return data
        reading = env.temp_data.get("docname")  # none once the pages are read: feeds and calendars
        if reading and docname != reading and (catalog := translations.catalog_file(settings, env.srcdir, docname)):
            env.note_dependency(str(catalog))
        return translations.translated(settings, env.srcdir, docname, data, self.kind)

    def as_shown(self, env: BuildEnvironment, docname: str) -> dict:
        """The page's front matter as the site shows it, in the build's language, read quietly (a feed, a calendar,
        a page's head): the page itself warns as it is read."""
        return self.in_language(env, docname, self.read(Path(env.doc2path(docname)), warn=False))

    def read(self, path: Path, warn: bool = True) -> dict:
        """The front matter of the page at path; warn=False when the page will be checked as it is read."""
        match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
        # A copy: the checks below normalise the caller's data.
        data = copy.deepcopy(parsed_front_matter(match.group(1))) if match else {}
        for field in self.required:
            if not data.get(field) and warn:
                self.warn(path, f"has no {field!r}: add a line `{field}: ...` to its front matter")
        for field in self.lists:
            value = data.get(field, [])
            if isinstance(value, str):
                value = [value]  # a single name is fine as it is
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                if warn:
                    self.warn(path, f"has a malformed {field!r}: write it as a list, e.g. `{field}: [a, b]`")
                value = []
            data[field] = value
        return data

    def pages_where(self, env: BuildEnvironment, belongs) -> list[tuple[str, dict]]:
        """The pages whose front matter satisfies belongs(data); the page asking is read again when one changes."""
        found = []
        for docname in self.docnames(env):
            env.note_dependency(env.doc2path(docname))
            data = self.read(Path(env.doc2path(docname)), warn=False)
            if belongs(data):
                found.append((docname, self.in_language(env, docname, data)))
        return found

    def pages(self, srcdir: Path, settings=None) -> dict[str, dict]:
        """Every page of the collection in the source folder, by file name, read quietly before the build; in the
        language of a build with these settings, if given."""
        folder = Path(srcdir, self.folder)
        found = {path.stem: self.read(path, warn=False) for path in sorted(folder.glob("*.md")) if path.stem != "index"}
        if settings is not None and settings.translating:
            found = {
                name: translations.translated(settings, srcdir, self.folder + name, data, self.kind)
                for name, data in found.items()
            }
        return found

    def warn(self, path: Path, message: str) -> None:
        logger.warning(
            f"this {self.name} {message}",
            location=f"{path}:1",
            type="front_matter",
            subtype=self.name.replace(" ", "_"),
        )


def web_address(value: str) -> str | None:
    """A web address as people write it, with its scheme or without ("example.org/~ada"); None for anything else."""
    value = value.strip()
    if not value or any(char.isspace() for char in value):
        return None
    if value.startswith(("https://", "http://")):
        return value
    return f"https://{value}" if re.match(r"[\w-]+(\.[\w-]+)+(/|$)", value) else None


def profile_link(field: str, value: str) -> tuple[str, str] | None:
    """A person's link as their page gives it ("email: ada@example.org"): (address, text); None if none can be made.

    Every form people write: an email with or without "mailto:", a phone number in any spacing, an address
    with or without "https://", an ORCID iD or GitHub name alone or as its address.
    """
    value = value.strip()
    if field == "email":
        address = value.removeprefix("mailto:")
        valid = "@" in address and not any(char.isspace() or char in ":/" for char in address)
        return (f"mailto:{address}", address) if valid else None
    if field == "phone":
        digits = re.sub(r"[\s()./-]", "", value.removeprefix("tel:"))
        return (f"tel:{digits}", value.removeprefix("tel:")) if re.fullmatch(r"\+?\d{3,}", digits) else None
    address = value
    if field in SERVICES and not value.startswith(("https://", "http://")) and "." not in value.split("/")[0]:
        address = SERVICES[field] + value.lstrip("@")
    address = web_address(address)
    return (address, value) if address else None


# Where a name or iD alone is an address: "orcid: 0000-0002-1825-0097", "github: ada".
SERVICES = {"orcid": "https://orcid.org/", "github": "https://github.com/"}


def is_web_address(value: str, also: tuple[str, ...] = ()) -> bool:
    """Whether a link from front matter or group.yaml may be shown: http(s) (or a scheme in also), no spaces."""
    return value.startswith(("https://", "http://", *also)) and not any(c.isspace() for c in value)


def counted(number: int, singular: str, plural: str) -> str:
    """ "1 publication", "3 publications", "" for none: singular and plural say "{n} publication(s)"."""
    return _n(singular, plural, number).format(n=number) if number else ""
