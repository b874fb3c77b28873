"""The package's templates, styles and scripts, registered as the site's own: with Furo, the group's footer, labelled
landmarks, its colour and a favicon of its initials."""

import html
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from groupsite.options import N_, Settings, _

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
STATIC = PACKAGE / "static"
# The favicon drawn where conf.py names none: the group's initials on its colour.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="{colour}"/>'
    '<text x="32" y="42" font-family="sans-serif" font-size="{size}" font-weight="700" text-anchor="middle" '
    'fill="#fff">{letters}</text></svg>\n'
)
DEFAULT_COLOUR = "#1f4e79"
# The landmarks the theme leaves unlabelled, and what each is.
ASIDE = re.compile(r'<aside class="(announcement-content|sidebar-drawer|toc-drawer)([^"]*)"')
LANDMARKS = {
    "announcement-content": N_("Announcement"),
    "sidebar-drawer": N_("Site navigation"),
    "toc-drawer": N_("On this page"),
}


def add_templates_and_static(app: Sphinx, config: Config) -> None:
    """After the site's own folders, so that a site's page.html or CSS of the same name wins."""
    config.templates_path = [*config.templates_path, str(TEMPLATES)]
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    settings = Settings.of(config)
    if not config.html_favicon:
        # Relative to conf.py, as Sphinx reads it: the same setting wherever the site's folder is.
        config.html_favicon = os.path.relpath(favicon(app, settings), app.confdir)
    if settings.colour and config.html_theme == "furo":
        options = dict(config.html_theme_options or {})
        for mode in ("light_css_variables", "dark_css_variables"):
            variables = dict(options.get(mode, {}))
            for name in ("color-brand-primary", "color-brand-content"):
                variables.setdefault(name, settings.colour)
            options[mode] = variables
        config.html_theme_options = options


def favicon(app: Sphinx, settings: Settings) -> Path:
    """The group's initials drawn as an SVG icon, beside Sphinx's cache: tabs and bookmarks show it."""
    letters = html.escape(settings.short_name or "?")
    size = {1: 40, 2: 32, 3: 26}.get(len(settings.short_name), 20)
    path = Path(app.doctreedir, "favicon.svg")
    text = FAVICON.format(colour=html.escape(settings.colour or DEFAULT_COLOUR), size=size, letters=letters)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


# What Furo's templates and navigation say to screen readers in English whatever the language: no catalog has them.
THEME_WORDS = re.compile(
    r'(?<=aria-label=")(Toggle Light / Dark / Auto color theme|Toggle site navigation sidebar|'
    r'Toggle table of contents sidebar|Toggle navigation of (?P<page>[^"]*))(?=")|'
    r"(?<=<title>)(Menu|Light mode|Dark mode|Auto light/dark, in light mode|Auto light/dark, in dark mode|Expand|"
    r"Contents)(?=</title>)"
)
# Those words, marked for the package's catalog; theme_word() translates what THEME_WORDS finds.
THEME_LABELS = (
    N_("Toggle Light / Dark / Auto color theme"),
    N_("Toggle site navigation sidebar"),
    N_("Toggle table of contents sidebar"),
    N_("Menu"),
    N_("Light mode"),
    N_("Dark mode"),
    N_("Auto light/dark, in light mode"),
    N_("Auto light/dark, in dark mode"),
    N_("Expand"),
    N_("Contents"),
)


def theme_word(match: re.Match) -> str:
    if match["page"] is not None:  # the page's title, escaped as the theme wrote it
        return html.escape(_("Toggle navigation of {page}")).format(page=match["page"])
    return html.escape(_(html.unescape(match[0])))


def labelled_landmarks(page: str) -> str:
    """The theme's page with an aria-label on each <aside>, and the theme's own English words for screen readers,
    in the build's language."""
    page = ASIDE.sub(lambda aside: f'{aside[0]} aria-label="{html.escape(_(LANDMARKS[aside[1]]))}"', page)
    return THEME_WORDS.sub(theme_word, page)


def add_template_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["groupsite_landmarks"] = labelled_landmarks


def landing_pages_without_neighbours(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A section's landing page (the home page, a folder's index) shows no "Next" and "Previous" under it."""
    if pagename == app.config.root_doc or pagename.endswith("/index"):
        context["next"] = context["prev"] = None


def add_styles(app: Sphinx) -> None:
    app.add_css_file("groupsite.css")


def register(app: Sphinx) -> None:
    app.connect("config-inited", add_templates_and_static)
    app.connect("builder-inited", add_template_filter)
    app.connect("builder-inited", add_styles)
    app.connect("html-page-context", landing_pages_without_neighbours)
