"""`nox -s bib-format` lays out refs.bib one way, twice alike, and BibTeX reads the same entries, fields and names."""

import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from groupsite.cli.format_bib import FIELD_ORDER, Unformattable, format_bibliography
from package_roots import CORPUS, ROOTS


def as_bibtex_reads_it(text: str) -> tuple:
    """Every entry's key, type, fields and people, in order, and the preamble: what must survive formatting."""
    data = parse_string(text, "bibtex")
    entries = [
        (
            key,
            entry.type.lower(),
            sorted((name.lower(), value) for name, value in entry.fields.items()),
            sorted((role.lower(), [str(person) for person in people]) for role, people in entry.persons.items()),
        )
        for key, entry in data.entries.items()
    ]
    return entries, data.preamble_list


def assert_laid_out(text: str) -> None:
    """The layout itself: lower-case types and fields, two-space indents, known fields in order, no trailing space."""
    assert text == "" or (text.endswith("\n") and not text.endswith("\n\n"))
    assert not re.search(r"[ \t]$", text, re.MULTILINE)
    assert "\n\n\n" not in text
    for entry in re.findall(r"^@(?!string|preamble|comment)\w+\{.*?^\}$", text, re.MULTILINE | re.DOTALL):
        first, *fields, last = entry.splitlines()
        assert re.fullmatch(r"@[a-z]+\{[^\s,]+,", first), first
        assert last == "}"
        names = [re.match(r"  ([a-z][a-z0-9_-]*) = ", line).group(1) for line in fields]
        assert all(line.endswith(",") for line in fields)
        known = [name for name in names if name in FIELD_ORDER]
        assert known == sorted(known, key=FIELD_ORDER.index)
        if "abstract" in names:
            assert names[-1] == "abstract"


def assert_formats_losslessly(text: str) -> str:
    formatted = format_bibliography(text)
    assert as_bibtex_reads_it(formatted) == as_bibtex_reads_it(text)
    assert format_bibliography(formatted) == formatted
    assert_laid_out(formatted)
    return formatted


def test_a_formatted_refs_bib_is_left_as_it_is():
    text = (ROOTS / "test-lab" / "refs.bib").read_text(encoding="utf-8")
    assert assert_formats_losslessly(text) == text
    assert len(as_bibtex_reads_it(text)[0]) == len(re.findall(r"^@\w+\{", text, flags=re.MULTILINE))


@pytest.mark.parametrize("path", sorted((CORPUS).glob("*.bib")), ids=lambda path: path.stem)
def test_real_exports_from_reference_managers_are_formatted_losslessly(path):
    text = path.read_text(encoding="utf-8")
    formatted = assert_formats_losslessly(text)
    assert formatted != text  # each export has a layout of its own


AWKWARD = {
    "quotes and braces": '@Article{a, Title = "The {GPU} of G{\\"o}ttingen and {"}quotes{"}", '
    'Author = "M{\\"u}ller, J. and others", Year = 2020, journal="J"}\n',
    "macros and concatenation": '@string{nips = "Advances in NeurIPS"}\n'
    '@inproceedings{b, author={Doe, J.}, title={T}, booktitle = nips # " 2020", month = jan, year={2021}}\n',
    "preamble": '@preamble{ "\\newcommand{\\noopsort}[1]{}" }\n'
    "@misc{c, author={{\\noopsort{a}}Zed, A.}, title={X}, howpublished={arXiv}, year={2020}}\n",
    "comments": "% Encoding: UTF-8\n\nSome text a tool left here.   \n@comment{jabref-meta: x;}\n"
    "@misc{d, author={A, B}, title={T}, year=2020}\n% trailing remark\n",
    "parentheses": "@ARTICLE(e, author = {Doe, Jane}, title = {Parens (and more)}, journal = {J}, year = {2019})\n",
    "CRLF and byte order mark": "\ufeff@article{f,\r\n  author = {Doe, J.},\r\n"
    "  title = {CRLF},\r\n  year = {2019}\r\n}\r\n",
    "tabs, no final comma or newline": "@article{g,\n\tauthor\t=\t{Doe, J.},\n\ttitle = {Tabs},\n\tyear = {2019}\n}",
    "values over several lines": "@article{h,\n  abstract = {First line\n      second line\n\n   third},\n"
    "  author = {Doe, J.\n     and Roe, R.},\n  title = {M},\n  year = {2019},\n}\n",
    "at signs, URLs and percent": "@misc{i, author={Doe, J.}, title={Mail me@example.org}, "
    "url={https://example.org/a%20b#frag~x?q=1&r=2}, note={100\\% sure}, year={2020}}\n",
    "names of every kind": "@misc{j, author={{Neural Data Science Group} and {\\'E}mile Zola and "
    "van der Berg, Jan and Smith, Jr., John and others}, title={}, year={2020}, howpublished={}}\n",
    "keys with punctuation": "@misc{Smith:2020-a.b_c, author={Doe, J.}, title={K}, year={2020}}\n"
    "@misc{ spaced , author={Doe, J.}, title={K2}, year={2020}}\n",
    "bare numbers": '@article{k, author={Doe, J.}, title={N}, volume=12, number = "3", pages = "1--10", '
    "month = 4, year = 2020}\n",
    "math and LaTeX": "@article{l, author={Doe, J.}, title={$\\alpha$-{SNE} and $x^{2}$ \\& {\\LaTeX}}, year={2020}}\n",
    "unicode": "@article{m, author={Vystrčilová, Michaela and 日本, 太郎}, title={Ünïcödé — “quotes”}, year={2020}}\n",
    "nested braces": "@article{n, author={Doe, J.}, title={{{Deeply {nested}} braces}}, year={2020}}\n",
    "upper-case fields, unknown fields": "@Article{o, Zzz={last?}, AUTHOR={Doe, J.}, Abstract={A.}, Title={C}, "
    "File={:a.pdf:PDF}, YEAR={2020}, Keywords={retina}}\n",
    "empty file": "",
}


@pytest.mark.parametrize("text", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_input_is_formatted_losslessly(text):
    assert_formats_losslessly(text)


def test_latex_escapes_macros_and_others_are_kept_as_written():
    formatted = format_bibliography(
        AWKWARD["quotes and braces"] + AWKWARD["macros and concatenation"] + AWKWARD["at signs, URLs and percent"]
    )
    assert '  author = {M{\\"u}ller, J. and others},\n' in formatted
    assert '  title = {The {GPU} of G{\\"o}ttingen and {"}quotes{"}},\n' in formatted
    assert '  booktitle = nips # " 2020",\n  year = {2021},\n  month = jan,\n' in formatted
    assert "  note = {100\\% sure},\n" in formatted
    assert "@string{nips = {Advances in NeurIPS}}\n" in formatted


def test_unknown_fields_keep_their_order_before_the_abstract():
    formatted = format_bibliography(AWKWARD["upper-case fields, unknown fields"])
    names = re.findall(r"^  (\w+) =", formatted, re.MULTILINE)
    assert names == ["author", "title", "keywords", "year", "zzz", "file", "abstract"]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "@article{q, author={A, B}, title={Q}}\n\n@misc{Q, author={A, B}, title={R}}\n",
            "repeated bibliography entry",
        ),
        ("@article{q,\n author = {A, B},\n Author = {C, D},\n title = {Q}}\n", "duplicate Author field"),
        (
            "@article{q, author={A, B}, title={Q {unclosed}, year={2020}}\n\n@misc{r, title={R}}\n",
            r"syntax error in line 3: .*; check 'r' \(line 3\) and 'q' \(line 1\): every brace closed",
        ),
        ("@article{q, author={A, B} title={Q}}\n", "syntax error in line 1"),
    ],
    ids=["repeated key", "repeated field", "unclosed brace", "missing comma"],
)
def test_what_cannot_be_read_whole_is_refused(text, message):
    with pytest.raises(Unformattable, match=message):
        format_bibliography(text)


# Pieces that reference managers and people write: accents, escapes, math, braces, odd spacing.
PIECES = st.one_of(
    st.text(st.sampled_from(list("abcxyzäöüéçñøłßæ日 -.:;'()/")), min_size=1, max_size=6),
    st.sampled_from([r"{\"u}", r"{\'e}", r"{\v{c}}", r"\&", r"\%", "{CNN}", "$x^2$", "--", "{{N}}", '{"}', "~"]),
)
VALUES = st.lists(PIECES, min_size=1, max_size=6).map(lambda parts: "".join(parts))
SPACE = st.sampled_from([" ", "  ", "\t", "\n    ", "\n\t"])
FIELDS = st.sampled_from(["author", "Title", "JOURNAL", "year", "abstract", "keywords", "url", "note", "custom"])


@st.composite
def bibliographies(draw):
    entries = []
    for i in range(draw(st.integers(0, 4))):
        space = draw(SPACE)
        names = draw(st.lists(FIELDS, min_size=1, max_size=6, unique_by=str.lower))
        fields = []
        for name in names:
            value = draw(VALUES)
            if name.lower() == "author":
                value = " and ".join(
                    draw(st.lists(VALUES, min_size=1, max_size=3)) + draw(st.sampled_from([[], ["others"]]))
                )
            if name == "year":
                fields.append(f"{name} = {draw(st.integers(1990, 2030))}")
            elif draw(st.booleans()) and '"' not in value:
                fields.append(f'{name} = "{value}"')
            else:
                fields.append(f"{name}{space}={space}{{{value}}}")
        kind = draw(st.sampled_from(["article", "Misc", "INPROCEEDINGS"]))
        comment = draw(st.sampled_from(["", "% a comment line\n", "Text between entries.\n"]))
        entries.append(
            f"{comment}@{kind}{{key{i},{space}" + f",{space}".join(fields) + draw(st.sampled_from(["", ","])) + "}"
        )
    return draw(st.sampled_from(["\n", "\n\n", "\r\n"])).join(entries)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bibliographies())
def test_generated_bibliographies_are_formatted_losslessly_and_idempotently(text):
    assert_formats_losslessly(text)


# -- The command, as nox and pre-commit run it ----------------------------------


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "groupsite", "format-bib", *args], capture_output=True, text=True, timeout=60, cwd=cwd
    )


def test_check_fails_on_an_unformatted_file_and_shows_what_differs(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(AWKWARD["parentheses"], encoding="utf-8")
    result = run("--check", "refs.bib", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("refs.bib is not formatted: run `nox -s bib-format`")
    assert "+@article{e," in result.stderr
    assert bib.read_text(encoding="utf-8") == AWKWARD["parentheses"]


def test_formatting_rewrites_the_file_once_then_check_passes(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(AWKWARD["upper-case fields, unknown fields"], encoding="utf-8")
    assert run(str(bib)).returncode == 0
    formatted = bib.read_text(encoding="utf-8")
    assert formatted == format_bibliography(AWKWARD["upper-case fields, unknown fields"])
    assert run("--check", str(bib)).returncode == 0
    assert run(str(bib)).stdout == ""  # nothing more to do


def test_an_unreadable_file_is_left_untouched_with_a_message(tmp_path):
    bib = tmp_path / "refs.bib"
    text = "@article{q, author={A, B}, title={Q}}\n\n@misc{q, author={A, B}, title={R}}\n"
    bib.write_text(text, encoding="utf-8")
    result = run("refs.bib", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("refs.bib: repeated bibliography entry: q\n")
    assert "`nox -s docs` says more" in result.stderr
    assert bib.read_text(encoding="utf-8") == text
