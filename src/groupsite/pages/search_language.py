"""English for the site's search, with accents ignored: "Dvorak" finds "Dvořák", and the other way round."""

import functools
import json
import unicodedata

from sphinx.application import Sphinx
from sphinx.search import languages
from sphinx.search.en import SearchEnglish
from sphinx.util import import_object

from groupsite.data.folding import search_letters

# The letters anyascii reads otherwise than without their marks ("Ł" -> "L", "ß" -> "ss", "Ж" -> "Zh"): mapped so,
# here and in the browser, before the marks of the others go, so that both sides fold as data.folding does.
LETTERS = search_letters()
TO_ASCII = str.maketrans(LETTERS)


def fold(text: str) -> str:
    """The text without accents and other marks: "Dvořák Łukasiewicz" -> "Dvorak Lukasiewicz"."""
    mapped = unicodedata.normalize("NFC", text).translate(TO_ASCII)
    return "".join(char for char in unicodedata.normalize("NFD", mapped) if unicodedata.category(char) != "Mn")


class FoldedEnglish(SearchEnglish):
    """Sphinx's English search, splitting the text it indexes and the queries typed into words without marks.

    The index and the query are folded alike, by the splitter on each side (split() here and
    splitQuery in the browser): every spelling of a word is one word to the search.
    """

    lang = "en_folded"  # Sphinx falls back to English ("en") for this code when the class is not registered
    js_splitter_code = f"""
var splitQuery = ((letters) => (query) =>
  query
    .normalize("NFC")
    .replace(/[^\\u0000-\\u007f]/gu, (char) => letters[char] ?? char)
    .normalize("NFD")
    .replace(/\\p{{Mn}}/gu, "")
    .split(/[^\\p{{Letter}}\\p{{Number}}_\\p{{Emoji_Presentation}}]+/gu)
    .filter((term) => term))({json.dumps(LETTERS, ensure_ascii=False)});
"""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        # Sphinx stems each word once per page; the list, people's pages and paper titles share most words.
        self.stem = functools.cache(self.stem)

    def split(self, input: str) -> list[str]:
        return super().split(fold(input))


def stemming_once(app: Sphinx) -> None:
    """In a build of another language, each word is stemmed once, as in English: Sphinx's own search languages stem
    it again on every page, which took German 0.5 s of a build of this site."""
    code = app.config.html_search_language or app.config.language or ""
    registered = languages.get(code) or languages.get(code.partition("_")[0])
    if not registered or code == FoldedEnglish.lang:
        return
    found = import_object(registered) if isinstance(registered, str) else registered
    if getattr(found, "stems_once", False):
        return

    class StemmingOnce(found):
        stems_once = True

        def __init__(self, options: dict[str, str]) -> None:
            super().__init__(options)
            self.stem = functools.cache(self.stem)

    StemmingOnce.__name__ = StemmingOnce.__qualname__ = found.__name__
    app.add_search_language(StemmingOnce)


def register(app: Sphinx) -> None:
    app.add_search_language(FoldedEnglish)
    app.connect("builder-inited", stemming_once)
