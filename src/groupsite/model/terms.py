"""Terms as groups write them ("Summer term 2025", "WS 2024/25", "Wintersemester 2024/25", "Fall 2025"), read as a
season and a year, so that terms sort in time and each build names them in its own language."""

import re
from dataclasses import dataclass

from groupsite.options import N_, _

SEASONS = {
    "summer": "summer", "sommer": "summer", "ss": "summer", "sose": "summer",
    "winter": "winter", "ws": "winter", "wise": "winter",
    "spring": "spring", "fall": "fall", "autumn": "fall",
}  # fmt: skip
TERM = re.compile(
    r"(?P<season>sommer|summer|spring|fall|autumn|winter|sose|wise|ss|ws)\s*(?P<kind>term|semester|quarter)?"
    r"\s*(?P<year>\d{4}|\d{2})(?:\s*[/-]\s*(?P<next>\d{4}|\d{2}))?",
    re.IGNORECASE,
)
# How each kind of term is named; a winter term spans two years ("Winter term 2025/2026"), a calendar winter one.
NAMES = {
    "spring": N_("Spring {year}"),
    "summer": N_("Summer term {year}"),
    "fall": N_("Fall {year}"),
    "winter": N_("Winter {year}"),
    "winter term": N_("Winter term {year}/{next}"),
}
# Within a year: a calendar winter (January) first, a winter term (from October) last.
ORDER = {"winter": 0, "spring": 1, "summer": 2, "fall": 3, "winter term": 4}
EXAMPLES = (
    "'Summer term 2025', 'Winter term 2025/2026', 'WS 2025/26', 'Sommersemester 2025', 'Spring 2025' or 'Fall 2025'"
)


@dataclass(frozen=True, order=True)
class Term:
    year: int  # the year it starts in
    order: int
    season: str  # "spring", "summer", "fall", "winter" (a calendar winter) or "winter term" (across two years)

    @classmethod
    def parse(cls, text: str) -> "Term | None":
        """The term a text names, None for a text that names none (or a winter term whose years do not follow)."""
        match = TERM.fullmatch(" ".join(str(text).split()))
        if match is None:
            return None
        season, year = SEASONS[match["season"].lower()], full_year(match["year"])
        if season == "winter" and (match["next"] or match["kind"] or match["season"].lower() in ("ws", "wise")):
            season = "winter term"
            if match["next"] and full_year(match["next"], year) != year + 1:
                return None
        elif match["next"]:
            return None
        return cls(year, ORDER[season], season)

    def name(self) -> str:
        """The term as this build's language names it: "Summer term 2025", "Winter term 2025/2026"."""
        following = self.year + 1
        return _(NAMES[self.season]).format(year=self.year, next=following, next_short=f"{following % 100:02d}")

    @property
    def slug(self) -> str:
        """The term in a file name: "summer-2025", "winter-2025"."""
        return f"{self.season.split()[0]}-{self.year}"


def term_name(written) -> str:
    """A term as this build names it ("Summer term 2025"), or as written when it names no term."""
    term = Term.parse(str(written or ""))
    return term.name() if term else str(written or "")


def full_year(digits: str, near: int = 2000) -> int:
    """ "25" as 2025, "2025" as it is; a second year's two digits in the century of the first."""
    year = int(digits)
    return year if len(digits) == 4 else near // 100 * 100 + year


def term_order(text: str) -> tuple:
    """Sorts terms in time; a text that names no term first."""
    term = Term.parse(text)
    return (0, term) if term else (-1, str(text))
