"""Dates and times of news and events: read from front matter as groups write them, shown in the site's language."""

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time

CLOCK_EXAMPLE = "14:15"


def day(value) -> dt.date | None:
    """A date written 2027-01-15 (YAML reads it as a date) or as text of that form; None for anything else."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def clock(value) -> dt.time | None:
    """A time of day written 14:15 or 9:05; or 855, as YAML 1.1 reads an unquoted 14:15 (a number in base 60)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60:
        return dt.time(*divmod(value, 60))
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", str(value).strip())
    if match is None:
        return None
    try:
        return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))
    except ValueError:  # 25:00
        return None


def zone(name: str) -> ZoneInfo | None:
    """The IANA time zone ("Europe/Berlin"); None for a name the time zone database does not know."""
    try:
        return ZoneInfo(str(name).strip())
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass(frozen=True)
class When:
    """An event's time: its day and, unless it lasts all day, its start and end in its time zone."""

    date: dt.date
    start: dt.datetime | None  # aware; None: all day
    end: dt.datetime | None
    zone: str

    def last_moment(self) -> dt.datetime:
        """When it is over: its end, or the end of its day where it takes place."""
        if self.end is not None:
            return self.end
        if self.start is not None:
            return self.start
        return dt.datetime.combine(self.date + dt.timedelta(days=1), dt.time(), ZoneInfo(self.zone))

    def moment(self) -> dt.datetime:
        """When it starts, for ordering events of different time zones: its start, or its day's beginning."""
        return self.start or dt.datetime.combine(self.date, dt.time(), ZoneInfo(self.zone))

    def iso_start(self) -> str:
        return self.start.isoformat() if self.start else self.date.isoformat()

    def iso_end(self) -> str:
        return self.last_moment().isoformat() if self.start else (self.date + dt.timedelta(days=1)).isoformat()

    def shown(self, language: str) -> str:
        """ "January 15, 2027, 14:15–15:45 (Europe/Berlin)", in the site's language."""
        text = long_date(self.date, language)
        if self.start is not None:
            text += ", " + format_time(self.start.time(), format="short", locale=language)
            if self.end is not None:
                text += "–" + format_time(self.end.time(), format="short", locale=language)
            text += f" ({self.zone})"
        return text


def long_date(date: dt.date, language: str) -> str:
    return format_date(date, format="long", locale=language)


def build_date(srcdir: Path) -> dt.date:
    """The date the build takes as today: SOURCE_DATE_EPOCH (the reproducible-builds convention), else the date of
    the checkout's last commit, else today. Two builds of one commit list events the same, whatever the day."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        try:
            result = subprocess.run(
                ["git", "log", "-1", "--format=%ct"], cwd=srcdir, capture_output=True, text=True, timeout=10
            )
            epoch = result.stdout.strip() if result.returncode == 0 else ""
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()
