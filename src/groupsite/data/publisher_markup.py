"""Markup that reference managers and publishers leave in abstracts, taken out: the text stays, the tags go.

Mendeley writes ``{$<$}p{$>$}``; Crossref and journals' exports JATS (``<jats:p>``,
``<inline-formula>``, ``<mml:math>``); ACM ``<Formula><TexMath>``. Used wherever an abstract comes in:
refs.bib as it is read, and metadata fetched for an identifier.
"""

import re

# The tags, with Mendeley's escaped angle brackets too.
HTML_TAG = re.compile(
    r"(\{\$<\$\}|<)/?(p|br|div|span|i|b|em|strong|sub|sup|sc|italic|bold|title|sec|abstract|"
    r"jats:[a-z-]+|mml:[a-z]+|math|inline-formula|disp-formula|tex-math|formula|texmath)\b[^<>{}$]*?/?(\{\$>\$\}|>)",
    re.IGNORECASE,
)
CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)


ANGLE_BRACKETS = re.compile(r"\{?\\text(less|greater)\b\s*\}?(\{\})?")


def without_html(abstract: str) -> str:
    """The abstract without the tags of the web page it was copied from; \\textless is "<"."""
    brackets = CDATA.sub(r"\1", ANGLE_BRACKETS.sub(lambda match: "<" if match.group(1) == "less" else ">", abstract))
    return " ".join(HTML_TAG.sub(" ", brackets).split())
