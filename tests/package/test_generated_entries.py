"""Whatever entries refs.bib holds, the build shows every one of them or fails naming the file and line."""

import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from builds import Build
from groupsite.model.domain import entry_anchor
from package_roots import copy_root

LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüéèçñøłšžğıßæœΑΒΓ日本"))
ACCENTS = st.sampled_from([r"{\"u}", r"{\'e}", r"{\v{c}}", r"\'{a}", r"{\ss}", r"{\o}", r"{\l}", r"\c{c}"])
SPACE = st.sampled_from([" ", "  ", "\t", "\n   "])
PIECES = st.one_of(
    st.text(LETTERS, min_size=1, max_size=8),
    ACCENTS,
    st.sampled_from([r"\&", "{CNN}", "$x^2$", r"$\alpha$", "--", "{V4}", "%", "~", "U-Net", "{{Nested}}"]),
)
WORDS = st.lists(PIECES, min_size=1, max_size=8).map(lambda parts: "".join(parts))


@st.composite
def names(draw):
    family = draw(WORDS).replace(",", "")
    if draw(st.booleans()):
        family = "{" + draw(st.sampled_from(["de la ", "van ", "von "])) + family + "}"
    initials = " ".join(f"{c.upper()}." for c in draw(st.text("abcdefghij", min_size=1, max_size=3)))
    return f"{family}, {initials}"


@st.composite
def entries(draw, key: str):
    authors = draw(st.lists(names(), min_size=1, max_size=50))
    if draw(st.booleans()):
        authors.append("others")
    space = draw(SPACE)
    title = space.join(draw(st.lists(WORDS, min_size=1, max_size=6)))
    fields = {
        "author": " and ".join(authors),
        "title": title,
        "journal": draw(WORDS),
        "year": str(draw(st.integers(1990, 2030))),
    }
    if draw(st.booleans()):
        fields["abstract"] = space.join(draw(st.lists(WORDS, min_size=1, max_size=20)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@article{{{key},\n{body},\n}}\n"


# A stray brace or a missing comma, now and then: such input must fail clearly, not vanish.
DAMAGE = st.sampled_from(["", "", "", "{", "}", "@article{", ",,"])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.integers(0, 3), min_size=1, max_size=6).flatmap(
    lambda sizes: st.tuples(*(entries(f"gen{i}key") for i in range(len(sizes))))
), DAMAGE)  # fmt: skip
def test_every_entry_is_shown_or_the_build_fails_naming_file_and_line(generated, damage):
    bib = "\n".join(generated)
    if damage:
        cut = len(bib) // 2
        bib = bib[:cut] + damage + bib[cut:]
    folder = Path(tempfile.mkdtemp())
    uncited = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelace\n---\n"
    build = Build(copy_root("minimal", folder / "src", **{"refs.bib": bib, "theses/offers/retina.md": uncited}))
    try:
        warnings = build.warnings.strip().splitlines()
        assert not any("Traceback" in line or "Exception" in line for line in warnings)
        if not warnings:
            shown = [item["id"] for item in build.article("research/index").select("li.publication")]
            assert shown and len(shown) == len(generated)
            # The keys as BibTeX reads them: damage that falls inside a key ("gen2k{ey") changes it.
            read = parse_string(bib, "bibtex").entries
            assert sorted(shown) == sorted(entry_anchor(key) for key in read)
        else:
            for line in warnings:
                assert re.search(r"refs\.bib:\d+: WARNING: ", line), line
    finally:
        shutil.rmtree(folder, ignore_errors=True)
