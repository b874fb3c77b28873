"""BibTeX values as pybtex Text: LaTeX read by pylatexenc, its markup kept (emphasis, bold, code, links, math).

Accents, symbols and spacing commands become Unicode characters; ``\\emph``, ``\\textit``,
``\\textbf``, ``\\texttt``, ``\\url`` and ``\\href`` become pybtex's tags and links, which every
backend renders (HTML as <em>, <strong>, <code>, <a>; plain text as their text); math (``$...$``,
``\\(...\\)``) becomes a ``Math`` part: MathML where the backend writes it (entry_html), readable
Unicode elsewhere (meta tags, the feed, CSL-JSON, search). Braces become pybtex's Protected.
Text without any LaTeX is taken as it is, undecoded.
"""

import re
from functools import lru_cache

from pybtex.plugin import find_plugin
from pybtex.richtext import HRef, Protected, String, Tag, Text

PLAIN_TEXT = find_plugin("pybtex.backends", "text")()  # found once: the lookup scans every package

# What LaTeX decoding changes: commands, braces, math, ties, dashes, quotes, ligatures, and spacing.
LATEX = re.compile(r"[\\{}$~%&#^_`]|--|''|,,|<<|>>|!`|\?`|\s\s|[^\S ]|^\s|\s$")

# Text commands and the tag each becomes; commands that only change the font keep their text.
TAGS = {
    "emph": "em", "textit": "em", "textsl": "em", "mathit": "em",
    "textbf": "strong", "mathbf": "strong",
    "texttt": "code", "verb": "code",
}  # fmt: skip
KEEP_TEXT = {"textrm", "textsf", "textsc", "textup", "textnormal", "mbox", "text", "textmd", "NoCaseChange"}


@lru_cache(maxsize=1)
def reader():
    """pylatexenc, imported and set up when a first value holds LaTeX: a build that decodes none saves its 20 ms."""
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text

    context = latexwalker.get_default_latex_context_db()
    context.add_context_category(
        "bibtex",
        prepend=True,
        macros=[macrospec.MacroSpec("href", "{{"), macrospec.MacroSpec("url", "{"), macrospec.MacroSpec("doi", "{")],
    )
    return latexwalker, context, LatexNodes2Text(math_mode="text", strict_latex_spaces="macros")


class Math(String):
    """Math as its Unicode reading ("ℓ_p"), keeping its TeX source for backends that write math (format_math)."""

    def __init__(self, text: str, source: str = ""):
        super().__init__(text)
        self.source = source

    def render(self, backend):
        format_math = getattr(backend, "format_math", None)
        return format_math(self.source, self.value) if format_math else backend.format_str(self.value)

    def _typeinfo(self):
        return None, ()  # never merged into the text beside it, which would lose the source


UNESCAPED_DOLLAR = re.compile(r"(?<!\\)\$")
MONEY = re.compile(r"(?<![\\$])\$(?=\d)")  # a dollar sign before a sum: "$20.000"


@lru_cache(maxsize=1 << 16)
def rich(latex: str) -> Text:
    """The value as pybtex Text; decoded as LaTeX only when it holds some, as most titles and names do not."""
    if not LATEX.search(latex):
        return Text(latex)
    # In a BibTeX value % is a percent sign ("up to 70%"), never a comment; & and # are characters too.
    source = re.sub(r"(?<!\\)([%&#])", r"\\\1", latex)
    # Dollars that pair up are math; where one is left over, the sums of money ("a $20.000 bounty") are dollars,
    # and if one is still left over, every dollar is, as written.
    if len(UNESCAPED_DOLLAR.findall(source)) % 2:
        source = MONEY.sub(r"\\$", source)
        if len(UNESCAPED_DOLLAR.findall(source)) % 2:
            source = UNESCAPED_DOLLAR.sub(r"\\$", source)
    try:
        latexwalker, context, _ = reader()
        nodes = latexwalker.LatexWalker(source, latex_context=context, tolerant_parsing=True).get_latex_nodes()[0]
        return Text(*parts_of(nodes))
    except Exception:  # noqa: BLE001 - a value must read as something; its text, without braces, is that
        return Text(" ".join(re.sub(r"[{}]", "", latex).split()))


def parts_of(nodes) -> list:
    """pybtex parts for a list of pylatexenc nodes."""
    latexwalker, _, to_text = reader()
    parts = []
    for node in nodes or []:
        if node is None or node.isNodeType(latexwalker.LatexCommentNode):
            continue
        if node.isNodeType(latexwalker.LatexGroupNode):
            parts.append(Protected(*parts_of(node.nodelist)))
        elif node.isNodeType(latexwalker.LatexMathNode):
            source = "".join(child.latex_verbatim() for child in node.nodelist)
            parts.append(Math(" ".join(to_text.nodelist_to_text([node]).split()), source))
        elif node.isNodeType(latexwalker.LatexMacroNode) and node.macroname in TAGS | dict.fromkeys(KEEP_TEXT):
            inner = parts_of(arguments(node))
            parts.append(Tag(TAGS[node.macroname], *inner) if node.macroname in TAGS else Text(*inner))
        elif node.isNodeType(latexwalker.LatexMacroNode) and node.macroname in ("url", "href", "doi"):
            parts.append(link(node))
        else:  # characters, accents, symbols, spacing, environments: their text
            parts.append(String(to_text.nodelist_to_text([node])))
    return parts


def arguments(node) -> list:
    """The nodes of a macro's arguments, their braces dropped."""
    latexwalker = reader()[0]
    found = []
    for argument in node.nodeargd.argnlist if node.nodeargd else []:
        if argument is None:
            continue
        found += argument.nodelist if argument.isNodeType(latexwalker.LatexGroupNode) else [argument]
    return found


def link(node) -> Text:
    """\\url{address}, \\doi{10.x/y} or \\href{address}{text} as a link; an address that is no web address as text."""
    arguments = [argument for argument in node.nodeargd.argnlist if argument is not None] if node.nodeargd else []
    if not arguments:
        return Text()
    address = re.sub(r"\\([_&%#$~])", r"\1", verbatim_text(arguments[0]))
    if node.macroname == "doi":
        address = "https://doi.org/" + address
    text = Text(*parts_of(arguments[1].nodelist)) if node.macroname == "href" and len(arguments) > 1 else Text(address)
    return HRef(address, text) if address.startswith(("https://", "http://")) else text


def verbatim_text(node) -> str:
    """A macro argument as written, without its braces: addresses are not LaTeX."""
    latexwalker = reader()[0]
    written = node.latex_verbatim()
    return written[1:-1] if node.isNodeType(latexwalker.LatexGroupNode) else written


@lru_cache(maxsize=1 << 14)
def plain_text(latex: str) -> str:
    """The value as plain text: its LaTeX decoded, its markup and math as readable Unicode."""
    if not LATEX.search(latex):  # most titles: nothing to decode
        return latex
    return " ".join(rich(latex).render(PLAIN_TEXT).split())


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
