"""Between a site's languages: each page links to itself in the others, for visitors and for search engines.

A site in several languages is built once per language, the pages' own at the site's address and each other
one in a folder named by its code beside it (`/de/`); Read the Docs serves each as a project of its own
(`/en/latest/`, `/de/latest/`), whose address names the language. Every page says where it is in each
language: a switcher at the top of the page, `<link rel="alternate" hreflang>` in its head, and the sitemap.
"""

import functools
import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

from babel import Locale
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.util.i18n import docname_to_domain

from groupsite import build_state
from groupsite.data.front_matter import FRONT_MATTER, parsed_front_matter
from groupsite.model import page_kinds
from groupsite.options import Settings, _
from groupsite.translations import TRANSLATED_FIELDS


def base_urls(settings: Settings, baseurl: str, on_read_the_docs: bool) -> dict[str, str]:
    """Where each language's site is, from this build's address: its own language's.

    On Read the Docs each language is a project whose address names it ("/de/latest/"); elsewhere the
    pages' language is at the site's address, and each other one in a folder beside it.
    """
    base = baseurl.rstrip("/") + "/"
    current = settings.language
    if on_read_the_docs and f"/{current}/" in urlsplit(base).path:
        return {code: base.replace(f"/{current}/", f"/{code}/", 1) for code in settings.languages}
    root = base.removesuffix(f"{current}/") if settings.translating else base
    return {code: root if code == settings.source_language else f"{root}{code}/" for code in settings.languages}


def site_urls(app: Sphinx) -> dict[str, str]:
    """Where each language's site is, worked out once per build: every page and the sitemap ask."""
    baseurl, on_read_the_docs = app.config.html_baseurl or "/", bool(os.environ.get("READTHEDOCS"))
    return build_state.current().memo(
        "language urls",
        (baseurl, on_read_the_docs),
        lambda: base_urls(build_state.settings(), baseurl, on_read_the_docs),
    )


@functools.cache
def name_of(code: str) -> str:
    """A language as its speakers name it: "Deutsch", "English"."""
    try:
        name = Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError):
        return code
    return name[:1].upper() + name[1:]


def relative(url: str, page_url: str) -> str:
    """url from the page at page_url: a relative link where both are on one host, so that it works wherever the
    folder of sites is served or opened; the address itself otherwise."""
    target, page = urlsplit(url), urlsplit(page_url)
    if (target.scheme, target.netloc) != (page.scheme, page.netloc):
        return url
    path = posixpath.relpath(target.path, posixpath.dirname(page.path) or "/")
    return path + "/" if target.path.endswith("/") and not path.endswith("/") else path


def link_languages(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The page in each of the site's languages: in its head, and in a switcher above its text."""
    settings = build_state.settings()
    if len(settings.languages) < 2 or not app.config.html_baseurl:
        return
    target = app.builder.get_target_uri(pagename)
    urls = {code: base + target for code, base in site_urls(app).items()}
    head = [f'<link rel="alternate" hreflang="{code}" href="{html.escape(url)}">' for code, url in urls.items()]
    head.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(urls[settings.source_language])}">')
    context["metatags"] = context.get("metatags", "") + "\n".join(head) + "\n"
    if "body" not in context:
        return  # the search page: the theme's own, without a body of the page's
    links = "".join(
        f'<li><a href="{html.escape(relative(url, urls[settings.language]))}" hreflang="{code}" lang="{code}"'
        f' rel="alternate">{html.escape(name_of(code))}</a></li>'
        for code, url in urls.items()
        if code != settings.language
    )
    label = html.escape(_("This page in other languages"))
    context["body"] = f'<nav class="language-switcher" aria-label="{label}"><ul>{links}</ul></nav>\n' + context["body"]


def sitemap_alternates(urls: dict[str, str], target: str) -> str:
    """The sitemap's links from a page to itself in each of the site's languages (site_urls()); none for one."""
    if len(urls) < 2:
        return ""
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{html.escape(base + target)}"/>'
        for code, base in urls.items()
    )


def front_matter_messages(app: Sphinx, doctree, docname: str) -> None:
    """The gettext builder's catalog of a page gets the words of its front matter, each with its line."""
    kind = next((kind for kind in page_kinds.KINDS if page_kinds.by_kind(kind).holds(docname)), None)
    if app.builder.name != "gettext" or kind is None:
        return
    path = Path(app.env.doc2path(docname))
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    data = parsed_front_matter(match.group(1)) if match else {}
    catalog = app.builder.catalogs[docname_to_domain(docname, app.config.gettext_compact)]
    lines = text.splitlines()
    for field in TRANSLATED_FIELDS[kind]:
        if isinstance(data.get(field), str) and data[field].strip():
            line = next((n for n, row in enumerate(lines, 1) if re.match(rf"{field}\s*:", row)), 1)
            catalog.add(data[field].strip(), MsgOrigin(str(path), line))


def register(app: Sphinx) -> None:
    app.connect("html-page-context", link_languages)
    app.connect("doctree-resolved", front_matter_messages)
