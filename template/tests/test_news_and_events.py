"""The site's news and events, whatever it holds: each listed, in its feed or calendar, on its people's pages;
with none, no news or events page, no feed, no calendar and no heading for them."""

import datetime as dt

import feedparser
import icalendar

from content import Content


def is_named(name: str, content: Content, person: str) -> bool:
    """Whether a name in a news item or an event is this person's, as their page writes it."""
    return " ".join(str(name).split()) == " ".join(str(content.people[person]["title"]).split())


def links(site, page: str) -> set[str]:
    return {a["href"] for a in site.article(page).select("a[href]")}


def test_every_news_item_is_listed_in_the_feed_and_on_its_people_s_pages(site, content):
    if not content.news:
        assert not (site.outdir / "news/index.html").exists() and not (site.outdir / "news.atom").exists()
        assert site.soup("index").select("section#news") == []
        return
    assert {f"{name}.html" for name in content.news} <= links(site, "news/index")
    feed = feedparser.parse((site.outdir / "news.atom").read_bytes())
    assert not feed.bozo
    assert {entry.link.rsplit("/", 1)[1] for entry in feed.entries} == {f"{name}.html" for name in content.news}
    for name, data in content.news.items():
        for person in content.people:
            if any(is_named(who, content, person) for who in data.get("people") or []):
                assert f"../news/{name}.html" in links(site, f"people/{person}"), (name, person)


def test_every_event_has_its_calendar_file_and_is_in_the_calendar_and_on_its_speakers_pages(site, content):
    if not content.events:
        assert not (site.outdir / "events/index.html").exists() and not (site.outdir / "calendar.ics").exists()
        assert site.soup("index").select("section#upcoming-events") == []
        return
    assert {f"{name}.html" for name in content.events} <= links(site, "events/index")
    calendar = icalendar.Calendar.from_ical((site.outdir / "calendar.ics").read_bytes())
    assert {str(event["uid"]).split("@")[0] for event in calendar.walk("VEVENT")} == {
        f"events/{name}" for name in content.events
    }
    for name, data in content.events.items():
        [event] = icalendar.Calendar.from_ical((site.outdir / f"events/{name}.ics").read_bytes()).walk("VEVENT")
        start = event.decoded("dtstart")
        assert (start.date() if isinstance(start, dt.datetime) else start).isoformat() == str(data["date"])
        for person in content.people:
            if any(is_named(who, content, person) for who in data.get("speakers") or []):
                assert f"../events/{name}.html" in links(site, f"people/{person}"), (name, person)
