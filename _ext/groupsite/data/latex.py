"""BibTeX values as pybtex Text, decoded as LaTeX only when they hold LaTeX, as most titles and names do not."""

import re
from functools import lru_cache

from pybtex.plugin import find_plugin
from pybtex.richtext import Text

PLAIN_TEXT = find_plugin("pybtex.backends", "text")()  # found once: the lookup scans every package

# What LaTeX decoding changes: commands, braces, math, ties, dashes, quotes, ligatures, and spacing.
LATEX = re.compile(r"[\\{}$~%&#^_`]|--|''|,,|<<|>>|!`|\?`|\s\s|[^\S ]|^\s|\s$")


@lru_cache(maxsize=1 << 16)
def rich(latex: str) -> Text:
    """Text.from_latex(latex), without decoding text that has no LaTeX in it.

    pybtex decodes every value with latexcodec, about 1 ms for an abstract; the site decodes
    each entry's title, names and abstract for the list, its page, the feed and Scholar's tags.
    """
    if LATEX.search(latex):
        return Text.from_latex(latex)
    return Text(latex)


class RichNames:
    """A person's name parts as pybtex's name styles read them, decoded by rich()."""

    PARTS = ("first", "middle", "prelast", "last", "lineage")

    @classmethod
    def spelling(cls, person) -> tuple:
        """The name as written, part by part: equal spellings format equally."""
        return tuple(tuple(getattr(person, f"{part}_names")) for part in cls.PARTS)

    def __init__(self, person):
        for part in self.PARTS:
            names = getattr(person, f"{part}_names")
            setattr(self, f"{part}_names", names)
            setattr(self, f"rich_{part}_names", [rich(name) for name in names])
