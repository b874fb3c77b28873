"""One rule for every name, key, file name and search term made plain: anyascii's transliteration, then case folded.

"Dvořák", "Łukasiewicz" and "Müller" become "Dvorak", "Lukasiewicz" and "Muller" wherever the site
compares names, names a file, or matches a search: a person's page, a BibTeX key's page, the words of the
search index and the query typed into it all read alike.
"""

import hashlib
import re
import unicodedata

from anyascii import anyascii

# Where the search's script folds a query as anyascii folds the index's words (pages/search_language.py):
# every letter of these blocks that anyascii reads otherwise than without its marks.
SEARCH_BLOCKS = ((0x00C0, 0x0250), (0x0370, 0x0400), (0x0400, 0x0500), (0x1E00, 0x1F00))


def ascii_text(text: str) -> str:
    """The text in ASCII letters, its case kept: "Łukasiewicz" -> "Lukasiewicz"."""
    return text if text.isascii() else anyascii(text)


def fold(text: str) -> str:
    """Plain ASCII, case-free, spaces collapsed: how two spellings of a name are compared."""
    return " ".join(ascii_text(text).casefold().split())


def slug(text: str) -> str:
    """A file or page name: ASCII words, lower case, joined by hyphens ("Primate behaviour" -> "primate-behaviour")."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(re.sub(r"['’]", "", text))))


def key_slug(key: str) -> str:
    """A BibTeX key as a file or page name that is safe on every file system and in every URL.

    A key in ASCII keeps its letters ("Lovelace2019a"); any other gets its transliteration and a digest
    of itself, as transliteration can make two keys one ("Müller2020" and "Muller2020").
    """
    slug = re.sub(r"[^A-Za-z0-9_.-]", "-", ascii_text(key))
    return slug if key.isascii() else f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:8]}".lstrip("-")


def without_marks(char: str) -> str:
    """What a browser's NFD normalisation with the marks removed makes of a letter."""
    return "".join(c for c in unicodedata.normalize("NFD", char) if unicodedata.category(c) != "Mn")


def search_letters() -> dict[str, str]:
    """The letters the search's script must map itself to fold as ascii_text() does; the rest lose their marks."""
    letters = {}
    for start, end in SEARCH_BLOCKS:
        for char in map(chr, range(start, end)):
            if unicodedata.category(char).startswith("L") and ascii_text(char) != without_marks(char):
                letters[char] = ascii_text(char)
    return letters
