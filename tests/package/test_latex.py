"""latex.rich() reads BibTeX values as TeX would show them: accents, symbols, markup, links and math."""

import pytest
from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pybtex.richtext import Text

from content import text_of
from groupsite.data.latex import PLAIN_TEXT, rich
from groupsite.rendering.entry_html import SiteHTML

# Letters with and without accents, digits, LaTeX's special characters and all kinds of space.
ALPHABET = st.sampled_from(list("aZé ß-–'\"`,.!?<>{}\\$~%&#^_\t\n0") + ["--", "''", ",,", "  ", "\\emph{", "$x"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=12).map("".join))
@example("O'Connor")
@example("{unbalanced")
@example("\\")
def test_any_value_reads_as_something_and_never_stops_the_build(latex):
    text = rich(latex)
    assert isinstance(text.render(PLAIN_TEXT), str)
    assert isinstance(text.render(SiteHTML(None, "")), str)


@given(st.text(alphabet=st.characters(blacklist_characters="\\{}$~%&#^_`-'\",<>!?", blacklist_categories=["Z", "C"])))
def test_text_without_latex_is_taken_as_it_is(value):
    assert rich(value) == Text(value)


CASES = {
    # (BibTeX value, its plain text, its HTML): the minimal cases from real files.
    "dotless i": (r"Perusqu\'{\i}a", "Perusquía", "Perusquía"),
    "accents": (r"M\"{u}ller and M\"uller, \ss{}", "Müller and Müller, ß", "Müller and Müller, ß"),
    "emphasis": (r"\emph{In vivo} recordings", "In vivo recordings", "<em>In vivo</em> recordings"),
    "italic": (r"the \textit{Drosophila} brain", "the Drosophila brain", "the <em>Drosophila</em> brain"),
    "bold": (r"\textbf{Bold} claim", "Bold claim", "<strong>Bold</strong> claim"),
    "code": (r"the \texttt{PerMuVAR} library", "the PerMuVAR library", "the <code>PerMuVAR</code> library"),
    "url": (r"see \url{https://a.org/x\_y}", "see https://a.org/x_y",
            'see <a href="https://a.org/x_y">https://a.org/x_y</a>'),
    "href": (r"\href{https://a.org}{the \emph{site}}", "the site", '<a href="https://a.org">the <em>site</em></a>'),
    "quotes": (r"\textquotedblleft deep\textquotedblright", "“deep”", "“deep”"),
    "times": (r"3.11\texttimes{} faster", "3.11× faster", "3.11× faster"),
    "spacing": (r"fMRI{\;}resting state", "fMRI resting state", None),
    "dashes": ("pages 1--4 --- or not", "pages 1–4 — or not", "pages 1–4 — or not"),
    "percent": ("up to 70%.", "up to 70%.", "up to 70%."),
    "tie": ("A.~Turing", "A. Turing", "A.\u00a0Turing"),
}  # fmt: skip


@pytest.mark.parametrize("latex, text, markup", CASES.values(), ids=CASES.keys())
def test_latex_reads_as_tex_shows_it(latex, text, markup):
    assert " ".join(rich(latex).render(PLAIN_TEXT).split()) == text
    if markup is not None:
        assert rich(latex).render(SiteHTML(None, "")) == markup


@pytest.mark.parametrize(
    "latex, text",
    [("{$C^*$}-algebras", "C^*-algebras"), (r"$\ell_p$ spaces", "ℓ_p spaces"), (r"360$^\circ$ depth", "360^∘ depth")],
)
def test_math_is_mathml_on_pages_and_unicode_in_text(latex, text):
    assert rich(latex).render(PLAIN_TEXT) == text
    html = rich(latex).render(SiteHTML(None, ""))
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML"' in html
    # Each math element carries its Unicode reading: the text reads the same with math read through it.
    assert text_of(BeautifulSoup(html, "html.parser")) == text
    assert "$" not in html and "\\" not in html
