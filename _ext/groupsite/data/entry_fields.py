"""What an entry's fields say, as every part of the site reads them: its year and where its venue is."""

# Where each entry type keeps the name of its venue, in the order they are tried.
VENUE_FIELDS = ("journal", "booktitle", "howpublished", "school", "institution", "publisher")


def venue_of(entry):
    """The name of the field that holds the entry's venue, or None."""
    return next((name for name in VENUE_FIELDS if entry.fields.get(name)), None)


def year_of(entry) -> int:
    """The entry's year as a number, 0 when it has none that reads as one."""
    year = entry.fields.get("year", "").strip()
    return int(year) if year.isdigit() else 0
