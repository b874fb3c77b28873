"""News and events on the lab's root (roots/test-lab/news, events): their pages, lists, feed, calendars and
schema.org data; none of it where a site has no news or event; in the browser, an event that has ended moves."""

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml

from builds import REPO, Build, serving, tab
from groupsite.data.dates import clock, day, zone
from package_roots import ROOTS, copy_root

LAB = ROOTS / "test-lab"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def items(folder: str) -> dict[str, dict]:
    """The root's news items or events, by page name, newest first."""
    found = {path.stem: front_matter(path) for path in (LAB / folder).glob("*.md") if path.stem != "index"}
    return dict(sorted(found.items(), key=lambda item: (str(item[1]["date"]), item[0]), reverse=True))


NEWS, EVENTS = items("news"), items("events")


def texts(elements) -> list[str]:
    return [" ".join(element.get_text().split()) for element in elements]


def test_the_lab_builds_strictly_in_two_processes_too(tmp_path):
    source = copy_root("lab", tmp_path / "src")
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", "-j", "2", "-q", str(source),
         str(tmp_path / "html")],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html/events/index.html").is_file() and (tmp_path / "html/calendar.ics").is_file()


def test_the_home_page_shows_the_newest_news_linking_to_them(lab_site):
    section = lab_site.article("index").select_one("section#news")
    links = section.select("ul.news-list a.news-link")
    newest = list(NEWS)[:3]
    assert [a["href"] for a in links] == [f"news/{name}.html" for name in newest]
    assert texts(links) == [NEWS[name]["title"] for name in newest]
    assert section.select_one("p.all-news a")["href"] == "news/index.html"


def test_the_news_page_lists_every_item_by_year_newest_first(lab_site):
    article = lab_site.article("news/index")
    years = [section["id"] for section in article.select("section[id^=news-]")]
    assert years == sorted({f"news-{item['date'].year}" for item in NEWS.values()}, reverse=True)
    assert [a["href"] for a in article.select("a.news-link")] == [f"{name}.html" for name in NEWS]
    for item in article.select("p.news-item"):
        name = item.select_one("a.news-link")["href"].removesuffix(".html")
        assert item.select_one("time")["datetime"] == NEWS[name]["date"].isoformat()


def test_a_news_page_shows_its_date_people_and_image_with_its_alt_text(lab_site):
    name, data = next((name, data) for name, data in NEWS.items() if data.get("image"))
    article = lab_site.article(f"news/{name}")
    assert article.select_one(".page-facts time")["datetime"] == data["date"].isoformat()
    assert texts(article.select(".page-facts a.person-link")) == data["people"]
    image = article.select_one("img.news-image")
    assert image["alt"] == data["image_alt"] and (lab_site.outdir / "news" / image["src"]).is_file()


def test_the_news_feed_holds_every_item_newest_first(lab_site):
    feed = feedparser.parse((lab_site.outdir / "news.atom").read_bytes())
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [data["title"] for data in NEWS.values()]
    assert [entry.link.rsplit("/", 1)[1] for entry in feed.entries] == [f"{name}.html" for name in NEWS]
    assert [entry.published[:10] for entry in feed.entries] == [data["date"].isoformat() for data in NEWS.values()]
    for page in ("index", "people/turing", "research/index"):
        hrefs = [link["href"] for link in lab_site.soup(page).select('link[rel=alternate][title="News"]')]
        assert [(lab_site.outdir / page).parent.joinpath(href).resolve() for href in hrefs] == [
            lab_site.outdir / "news.atom"
        ]


def expected_times(data: dict, site_zone: str) -> tuple:
    """(start, end) as the front matter gives them: aware datetimes, or days for an event that lasts all day."""
    date = day(data["date"])
    if data.get("start") is None:
        return date, date + dt.timedelta(days=1)
    where = zone(data.get("timezone", site_zone))
    return (
        dt.datetime.combine(date, clock(data["start"]), where),
        dt.datetime.combine(date, clock(data["end"]), where),
    )


def test_each_event_has_a_calendar_file_with_its_time_and_time_zone(lab_site):
    for name, data in EVENTS.items():
        calendar = icalendar.Calendar.from_ical((lab_site.outdir / f"events/{name}.ics").read_bytes())
        [event] = calendar.walk("VEVENT")
        assert str(event["summary"]) == data["title"]
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert (start, end) == expected_times(data, lab_site.env.config.groupsite_timezone)
        if isinstance(start, dt.datetime):
            where = data.get("timezone", lab_site.env.config.groupsite_timezone)
            assert str(start.tzinfo) == where
            # UTC is written as UTC ("Z"); another zone with its rules, which calendar apps read.
            assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ([] if where == "UTC" else [where])
        link = lab_site.article(f"events/{name}").select_one(f'.page-facts a[href="{name}.ics"]')
        assert link is not None


def test_the_calendar_to_subscribe_to_holds_every_event(lab_site):
    calendar = icalendar.Calendar.from_ical((lab_site.outdir / "calendar.ics").read_bytes())
    uids = sorted(str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT"))
    assert uids == sorted(f"events/{name}" for name in EVENTS)
    links = lab_site.article("events/index").select("p.events-calendar a")
    assert links[0]["href"].startswith("webcal://") and links[0]["href"].endswith("/calendar.ics")
    assert links[1]["href"] == "../calendar.ics"


def test_each_event_page_carries_schema_org_s_event(lab_site):
    for name, data in EVENTS.items():
        [script] = lab_site.soup(f"events/{name}").select('head script[type="application/ld+json"]')
        event = json.loads(script.string)
        assert (event["@context"], event["@type"], event["name"]) == ("https://schema.org", "Event", data["title"])
        start, end = expected_times(data, lab_site.env.config.groupsite_timezone)
        assert (event["startDate"], event["endDate"]) == (start.isoformat(), end.isoformat())
        if data.get("speakers"):
            assert [person["name"] for person in event["performer"]] == data["speakers"]


def test_events_are_upcoming_or_past_by_the_build_s_date(lab_site):
    article = lab_site.article("events/index")
    today = dt.date.today()  # the root is no git checkout: the build's date is today
    upcoming = [a["href"].removesuffix(".html") for a in article.select("ul.events-upcoming a.event-link")]
    past = [a["href"].removesuffix(".html") for a in article.select("ul.events-past a.event-link")]
    assert upcoming == sorted(name for name, data in EVENTS.items() if data["date"] >= today)
    assert past == sorted((name for name, data in EVENTS.items() if data["date"] < today), reverse=True)
    home = lab_site.article("index").select("section#upcoming-events a.event-link")
    assert [a["href"] for a in home] == [f"events/{name}.html" for name in upcoming]


def test_a_person_page_lists_their_news_and_talks(lab_site):
    for ident in ("turing", "lovelace"):
        name = front_matter(LAB / f"people/{ident}.md")["title"]
        article = lab_site.article(f"people/{ident}")
        news = [a["href"] for a in article.select("section#news a.news-link")]
        talks = [a["href"] for a in article.select("section#talks a.event-link")]
        assert news == [f"../news/{item}.html" for item, data in NEWS.items() if name in data.get("people", [])]
        assert talks == [f"../events/{item}.html" for item, data in EVENTS.items() if name in data.get("speakers", [])]
        assert news and talks


def test_a_guest_speaker_is_shown_as_written_and_a_member_linked(lab_site):
    name, data = next((name, data) for name, data in EVENTS.items() if len(data.get("speakers", [])) > 2)
    facts = lab_site.article(f"events/{name}").select_one(".page-facts")
    speakers = " ".join(facts.get_text().split())
    assert all(speaker in speakers for speaker in data["speakers"])
    assert len(facts.select("a.person-link")) < len(data["speakers"])


def test_without_news_or_events_there_is_no_page_feed_calendar_or_heading(tmp_path):
    """As a new site is: the index pages there, but no item; and as an older site: no folder at all."""
    index = {"news/index.md": "# News\n\n```{news}\n```\n", "events/index.md": "# Events\n\n```{events}\n```\n"}
    home = (ROOTS / "test-minimal/index.md").read_text(encoding="utf-8") + "\n```{newest-news}\n```\n"
    home += "\n```{upcoming-events}\n```\n"
    for files in ({**index, "index.md": home}, {"index.md": home}):
        build = Build(copy_root("minimal", tmp_path / str(len(files)), **files))
        assert build.warnings == ""
        assert not (build.outdir / "news/index.html").exists() and not (build.outdir / "events/index.html").exists()
        assert not (build.outdir / "news.atom").exists() and not (build.outdir / "calendar.ics").exists()
        soup = build.soup("index")
        assert soup.select('link[rel=alternate][title="News"]') == []
        assert soup.select("section#news, section#upcoming-events") == []
        assert not [a for a in soup.select(".sidebar-tree a") if a["href"].startswith(("news/", "events/"))]


def test_what_is_wrong_in_a_news_item_or_an_event_is_named_with_its_file(build_root):
    build = build_root(
        "lab",
        **{
            "news/bad.md": "---\ntitle: Bad\ndate: 15.01.2025\nimage: turing-lab.svg\n---\n",
            "events/bad.md": '---\ntitle: Bad\ndate: 2025-01-01\nstart: "25:00"\ntimezone: Mars/Olympus\n---\n',
            "events/late.md": '---\ntitle: Late\ndate: 2025-01-01\nstart: "15:00"\nend: "14:00"\nmap: nowhere\n---\n',
        },
    )
    warnings = sorted(re.sub(r"^.*/src/", "", line) for line in build.warnings.splitlines())
    assert warnings == [
        "events/bad.md:1: WARNING: this event has the start time '25:00': write it as \"14:15\" [front_matter.event]",
        "events/bad.md:1: WARNING: this event has the time zone 'Mars/Olympus', which the time zone database does "
        "not know: write it as Europe/Berlin [front_matter.event]",
        "events/late.md:1: WARNING: this event ends before it starts: check `start:` and `end:` [front_matter.event]",
        "events/late.md:1: WARNING: this event has a map that is not a web address: 'nowhere'; write it as https://... "
        "[front_matter.event]",
        "news/bad.md:1: WARNING: this news item has an image without image_alt: say in a few words what it shows, "
        "for who cannot see it [front_matter.news_item]",
        "news/bad.md:1: WARNING: this news item has the date '15.01.2025': write it as 2027-01-15 "
        "[front_matter.news_item]",
    ]


def test_a_new_build_date_moves_an_event_to_the_past_ones(tmp_path, monkeypatch):
    """The same sources, built on a later day (SOURCE_DATE_EPOCH): the events page is read again and lists it past."""
    event = '---\ntitle: Soon\ndate: 2030-06-01\nstart: "10:00"\nend: "11:00"\n---\n'
    source = copy_root("lab", tmp_path / "src", **{"events/2030-06-01-soon.md": event})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 5, 1, tzinfo=dt.UTC).timestamp())))
    build = Build(source)
    assert build.article("events/index").select_one("ul.events-upcoming a[href='2030-06-01-soon.html']")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2030, 7, 1, tzinfo=dt.UTC).timestamp())))
    build.rebuild()
    assert build.article("events/index").select_one("ul.events-past a[href='2030-06-01-soon.html']")
    assert build.article("index").select_one("section#upcoming-events a[href$='2030-06-01-soon.html']") is None


# -- In the browser -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_before_it_ended(tmp_path_factory):
    """The lab with an event that ended yesterday, built two days ago (SOURCE_DATE_EPOCH)."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    event = f'---\ntitle: Yesterday\'s seminar\ndate: {yesterday}\nstart: "09:00"\nend: "10:00"\n---\n'
    source = copy_root("lab", tmp_path_factory.mktemp("lab") / "src", **{f"events/{yesterday}-seminar.md": event})
    built = dt.datetime.combine(yesterday - dt.timedelta(days=1), dt.time(), dt.UTC)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(built.timestamp()))
    try:
        build = Build(source)
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH") if previous is None else os.environ.update(SOURCE_DATE_EPOCH=previous)
    with serving(build) as url:
        yield build, url, f"{yesterday}-seminar.html"


@pytest.mark.browser
def test_an_event_that_ended_yesterday_shows_under_past_in_the_browser(built_before_it_ended, browser):
    build, url, page_name = built_before_it_ended
    assert build.article("events/index").select_one(f"ul.events-upcoming a[href='{page_name}']")  # as built
    with tab(browser, url) as page:
        page.goto("events/index.html")
        assert page.locator(f"ul.events-past a[href='{page_name}']").count() == 1
        assert page.locator(f"ul.events-upcoming a[href='{page_name}']").count() == 0
        assert page.locator("ul.events-past > li").first.locator("a.event-link").get_attribute("href") == page_name
        page.goto("index.html")
        assert page.locator(f"section#upcoming-events a[href$='{page_name}']").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("path", ["index.html", "news/index.html", "events/index.html", "people/turing.html"])
def test_news_and_event_pages_pass_axe(built_before_it_ended, browser, path):
    if not AXE.exists():
        message = "axe-core is not installed: run `npm ci`"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    _build, url, _name = built_before_it_ended
    pages = [path] + (
        [f"news/{next(iter(NEWS))}.html", f"events/{next(iter(EVENTS))}.html"] if path == "index.html" else []
    )
    with tab(browser, url) as page:
        for each in pages:
            page.goto(each)
            page.add_script_tag(path=str(AXE))
            violations = page.evaluate("axe.run(document).then(result => result.violations)")
            assert [(v["id"], [node["target"] for node in v["nodes"]]) for v in violations] == [], each


def test_a_date_yaml_cannot_read_fails_the_build_without_a_crash(build_root):
    build = build_root("lab", **{"news/typo.md": "---\ntitle: Typo\ndate: 2025-02-30\n---\n"})
    assert "news/typo.md:1: WARNING: Malformed YAML [myst.topmatter]" in build.warnings
