"""The group's contact details, from group.yaml: in every page's footer, and as the {contact} section."""

import html
from pathlib import Path

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from groupsite import build_state
from groupsite.data.front_matter import is_web_address
from groupsite.model.domain import records
from groupsite.options import N_, Settings, _
from groupsite.translations import generated
from groupsite.versioning import digest

logger = logging.getLogger(__name__)

# What group.yaml may say, and what each line is: shown in this order, each only where it is given.
TEXT_FIELDS = ("name", "institute", "university")
LINES_FIELD = "address"  # the postal address, a list of lines
EMAIL_FIELD = "email"
PHONE_FIELD = "phone"
LINK_FIELDS = {"map": N_("Map"), "imprint": N_("Imprint"), "privacy": N_("Privacy")}
FIELDS = (*TEXT_FIELDS, LINES_FIELD, EMAIL_FIELD, PHONE_FIELD, *LINK_FIELDS)


def read_group(path: Path, quiet: bool = False) -> dict:
    """group.yaml's details, checked: a warning naming the file and line for each one that cannot be shown.

    quiet: read again where the build has warned already (once, as it starts).
    """
    if quiet:
        with logging.suppress_logging():
            return read_group(path)
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        warn(path, mark.line + 1 if mark else 1, f"is not valid YAML ({getattr(error, 'problem', error)})")
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        warn(path, 1, "must hold lines of the form `field: value`")
        return {}
    lines = {key.value: key.start_mark.line + 1 for key, _ in root.value} if root else {}
    group = {}
    for field, value in data.items():
        line = lines.get(field, 1)
        if field not in FIELDS:
            warn(path, line, f"has an unknown field {field!r}: the fields are {', '.join(FIELDS)}")
            continue
        if value in (None, "", []):
            continue
        if field == LINES_FIELD:
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, list) or not all(isinstance(item, (str, int)) for item in value):
                warn(
                    path, line, "has a malformed address: write it as a list of lines, e.g. `address: [Street 1, City]`"
                )
                continue
            group[field] = [str(item) for item in value]
            continue
        value = str(value).strip()
        if field == EMAIL_FIELD and ("@" not in value or any(c.isspace() for c in value) or ":" in value):
            warn(path, line, f"has an email that is not an address: {value!r}; write it as name@example.org")
            continue
        if field in LINK_FIELDS and not is_web_address(value):
            warn(path, line, f"has a {field} that is not a web address: {value!r}; write it as https://...")
            continue
        group[field] = value
    return group


def warn(path: Path, line: int, message: str) -> None:
    logger.warning(f"{path.name} {message}", location=f"{path}:{line}", type="contact", subtype="group_file")


def contact_html(group: dict) -> str:
    """The details as an <address>, then the links to the imprint and privacy pages; empty when nothing is given."""
    lines = [html.escape(group[field]) for field in TEXT_FIELDS if field in group]
    if lines:
        lines[0] = f"<strong>{lines[0]}</strong>"
    lines += [html.escape(line) for line in group.get(LINES_FIELD, [])]
    reach = []
    if EMAIL_FIELD in group:
        email = html.escape(group[EMAIL_FIELD])
        reach.append(f'<a href="mailto:{email}">{email}</a>')
    if PHONE_FIELD in group:
        phone = html.escape(group[PHONE_FIELD])
        reach.append(f'<a href="tel:{html.escape("".join(group[PHONE_FIELD].split()))}">{phone}</a>')
    if "map" in group:
        reach.append(f'<a href="{html.escape(group["map"])}">{html.escape(_(LINK_FIELDS["map"]))}</a>')
    if reach:
        lines.append(" · ".join(reach))
    parts = [f'<address class="group-contact">{"<br>".join(lines)}</address>'] if lines else []
    legal = [
        f'<a href="{html.escape(group[field])}">{html.escape(_(LINK_FIELDS[field]))}</a>'
        for field in ("imprint", "privacy")
        if field in group
    ]
    if legal:
        parts.append(f'<p class="group-legal">{" · ".join(legal)}</p>')
    return "\n".join(parts)


def footer_context(app: Sphinx, config: Config) -> None:
    """The footer of every page, from group.yaml: in html_context, so that a change to it rewrites every page."""
    group = read_group(Path(app.srcdir, Settings.of(config).group_file))
    config.html_context = {**config.html_context, "group_contact": contact_html(group)}


@generated
class ContactDirective(SphinxDirective):
    """A "Contact" section with the group's details from group.yaml; nothing at all when it gives none."""

    def run(self):
        path = Path(self.env.srcdir, build_state.settings().group_file)
        # Read again when the file changes, comes or goes: Sphinx would read a page whose noted file is missing
        # again on every build, and a site may have no group.yaml.
        records(self.env)["contact"][self.env.docname] = group_file_digest(path)
        contact = contact_html(read_group(path, quiet=True))
        if not contact:
            return []
        section = nodes.section(ids=["contact"], names=["contact"])
        section += nodes.title("", _("Contact"))
        section += nodes.raw("", contact, format="html")
        self.state.document.note_implicit_target(section)
        return [section]


def group_file_digest(path: Path) -> str:
    return digest(path.read_bytes() if path.is_file() else None)


def pages_of_changed_contact(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """The pages showing the group's contact details, when group.yaml changed, came or went since they were read."""
    now = group_file_digest(Path(env.srcdir, build_state.settings().group_file))
    return sorted(page for page, read in records(env)["contact"].items() if read != now and page in env.found_docs)


def register(app: Sphinx) -> None:
    app.connect("config-inited", footer_context)
    app.add_directive("contact", ContactDirective)
    app.connect("env-get-outdated", pages_of_changed_contact)
