"""News: one page each in the news folder (date, title, the people it is about, an image), a list of them by year,
the newest on the home page, and their Atom feed; with no item, no news page, no feed and no heading at all."""

import html
from pathlib import Path

from docutils import nodes
from feedgen.feed import FeedGenerator
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config

from groupsite import build_state
from groupsite.data.dates import day, long_date
from groupsite.model import page_kinds
from groupsite.model.domain import object_xref
from groupsite.options import Settings, _
from groupsite.pages.generated_pages import generated_pages
from groupsite.pages.people import person_links
from groupsite.rendering.design import CardOverview
from groupsite.rendering.page_facts import PageFacts
from groupsite.versioning import digest

FEED = "news.atom"
FEED_ITEMS = 50


def language(config) -> str:
    return config.language or "en"


def dated(pages: list[tuple[str, dict]]) -> list[tuple[str, dict]]:
    """Newest first; by file name within a day, so that the order is the same on every build."""
    return sorted(pages, key=lambda page: (day(page[1].get("date")) or day("0001-01-01"), page[0]), reverse=True)


def time_html(date, config) -> nodes.raw:
    """A date as visitors read it, in the site's language, and as machines read it."""
    shown = html.escape(long_date(date, language(config)))
    return nodes.raw("", f'<time datetime="{date.isoformat()}">{shown}</time>', format="html")


def item_paragraph(docname: str, data: dict, config, kind: str = "news") -> nodes.paragraph:
    """ "January 15, 2027: <title>", the title linking to the item, then its summary where it has one."""
    paragraph = nodes.paragraph(classes=[f"{kind}-item"])
    date = day(data.get("date"))
    if date:
        paragraph += [time_html(date, config), nodes.Text(": ")]
    paragraph += object_xref(kind, Path(docname).name, str(data.get("title") or docname))
    if data.get("summary"):
        paragraph += [nodes.Text(" — "), nodes.Text(str(data["summary"]).strip())]
    return paragraph


class NewsFacts(PageFacts):
    """A news item's page: its date and the people it is about under the title, then its image and text."""

    kind = "news"

    def facts(self, data):
        written = data.get("date")
        date = day(written)
        if written and date is None:
            self.collection.warn(Path(self.path), f"has the date {written!r}: write it as 2027-01-15")
        return [
            (_("Date"), [time_html(date, self.config)] if date else []),
            (_("People"), person_links(self.env, data["people"], self.path, "person of this news item")),
        ]

    def extend(self, section: nodes.section, data: dict) -> None:
        if not data.get("image"):
            return
        alt = str(data.get("image_alt") or "").strip()
        if not alt:
            self.collection.warn(
                Path(self.path),
                "has an image without image_alt: say in a few words what it shows, for who cannot see it",
            )
        image = nodes.image(uri=str(data["image"]).strip(), alt=alt, classes=["news-image"])
        # Under the facts (the field list the transform put second), above the text.
        position = section.index(next(section.findall(nodes.field_list))) + 1
        section.insert(position, image)

    def who(self, data: dict) -> list[str]:
        date = day(data.get("date"))
        return [str(data.get("title") or "").strip(), long_date(date, language(self.config)) if date else ""]


class NewsDirective(CardOverview):
    """Every news item, newest first, in a section per year."""

    kind = "news"

    def overview(self):
        years: dict[int, list] = {}
        for docname, data in dated(self.pages()):
            date = day(data.get("date"))
            years.setdefault(date.year if date else 0, []).append((docname, data))
        sections = []
        for year, pages in years.items():
            title = str(year) if year else _("Undated")
            section = nodes.section(ids=[f"news-{year}"], names=[nodes.fully_normalize_name(f"news {title}")])
            section += nodes.title(title, title)
            items = nodes.bullet_list(classes=["news-list"])
            for docname, data in pages:
                items += nodes.list_item("", item_paragraph(docname, data, self.config))
            section += items
            self.state.document.note_implicit_target(section)
            sections.append(section)
        return sections


class NewestNewsDirective(CardOverview):
    """The home page's newest news items (groupsite_newest_news of them), with a link to all; nothing without any."""

    kind = "news"
    optional_arguments = 1

    def overview(self):
        count = int(self.arguments[0]) if self.arguments else build_state.settings().newest_news
        pages = dated(self.pages())[:count]
        if not pages:
            return []
        section = nodes.section(ids=["news"], names=["news"])
        section += nodes.title(_("News"), _("News"))
        items = nodes.bullet_list(classes=["news-list"])
        for docname, data in pages:
            items += nodes.list_item("", item_paragraph(docname, data, self.config))
        section += items
        index = f"{page_kinds.news().folder}index"
        if index in self.env.found_docs:
            link = addnodes.pending_xref(
                "", nodes.inline("", _("All news")), refdomain="std", reftype="doc", reftarget=f"/{index}",
                refexplicit=True, refwarn=True, refdoc=self.env.docname,
            )  # fmt: skip
            section += nodes.paragraph("", "", link, classes=["all-news"])
        self.state.document.note_implicit_target(section)
        return [section]

    def contents(self) -> nodes.Node:
        """The news page in the site's navigation, where there is one."""
        return index_contents(self, page_kinds.news().folder)


def index_contents(directive: CardOverview, folder: str) -> nodes.Node:
    """A hidden toctree of the folder's index page, once the folder has items (and so the page exists)."""
    index = f"{folder}index"
    return CardOverview.contents(directive, [index] if index in directive.env.found_docs else [])


def index_pages_without_items(app: Sphinx, config: Config) -> None:
    """A news or events folder with no item yet has no page: its index.md is left out, and with it the navigation's
    entry, the home page's block and the feed. The first item brings them (a change of settings: a full build)."""
    settings = Settings.of(config)
    for folder in (settings.news, settings.events):
        source = Path(app.srcdir, folder)
        if not [path for path in source.glob("*.md") if path.stem != "index"]:
            config.exclude_patterns = [*config.exclude_patterns, f"{folder}/index.md"]


def items(app: Sphinx) -> list[tuple[str, dict]]:
    collection = page_kinds.news()
    return [(docname, collection.as_shown(app.env, docname)) for docname in collection.docnames(app.env)]


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page tells feed readers where the news feed is, once there is news."""
    if not build_state.current().memo("news", "any", lambda: bool(page_kinds.news().docnames(app.env))):
        return
    href = context["pathto"](FEED, 1)
    title = html.escape(_("News"))
    link = f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{href}">'
    context["metatags"] = context.get("metatags", "") + link + "\n"


def write_feed(app: Sphinx, exception) -> None:
    """news.atom: the newest items, newest first, each with its date, summary and link."""
    if exception is not None or app.builder.format != "html" or not hasattr(app.builder, "highlighter"):
        return
    news = dated(items(app))
    feed_path = Path(app.builder.outdir, FEED)
    if not news:
        feed_path.unlink(missing_ok=True)  # the last item gone: no feed, as a clean build
        return
    base = app.config.html_baseurl.rstrip("/") + "/"
    if not generated_pages(app).outdated(FEED, digest(base, news, app.config.project), suffix=""):
        return
    index = f"{page_kinds.news().folder}index"
    feed = FeedGenerator()
    feed.id(base + app.builder.get_target_uri(index))
    feed.title(_("News of the {group}").format(group=app.config.project))
    feed.author({"name": app.config.project})
    feed.link(href=base + FEED, rel="self")
    feed.link(href=base + app.builder.get_target_uri(index), rel="alternate")
    feed.language(language(app.config))
    stamps = []
    for docname, data in news[:FEED_ITEMS]:
        date = day(data.get("date")) or day("1970-01-01")
        stamp = f"{date.isoformat()}T00:00:00+00:00"
        stamps.append(stamp)
        url = base + app.builder.get_target_uri(docname)
        item = feed.add_entry(order="append")
        item.id(url)
        item.title(str(data.get("title") or docname))
        item.link(href=url, rel="alternate")
        item.published(stamp)
        item.updated(stamp)
        if data.get("summary"):
            item.summary(str(data["summary"]).strip())
        for name in data.get("people") or []:
            item.author({"name": str(name)})
    feed.updated(max(stamps))  # the newest item's date, not the build's: one commit, one feed
    feed.atom_file(str(feed_path), pretty=True)


def register(app: Sphinx) -> None:
    app.add_transform(NewsFacts)
    app.add_directive("news", NewsDirective)
    app.add_directive("newest-news", NewestNewsDirective)
    app.connect("config-inited", index_pages_without_items)
    app.connect("html-page-context", link_feed)
    app.connect("build-finished", write_feed)
