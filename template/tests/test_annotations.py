"""Build warnings become GitHub annotations at the file and line they name (.github/sphinx-problem-matcher.json)."""

import json
import re
from pathlib import Path

from builds import REPO, Build, copy_site

MATCHERS = json.loads((REPO / ".github/sphinx-problem-matcher.json").read_text(encoding="utf-8"))["problemMatcher"]


def annotations(output: str, checkout: Path) -> list[tuple]:
    """(severity, file, line, message) of each annotation GitHub's runner makes of a step's output.

    The runner's rules (actions/runner, src/Runner.Worker/Handlers/OutputManager.cs): colour codes are removed,
    and the first matcher whose expression matches a line makes an annotation; its file is shown relative to
    the checkout, or dropped when it is no file of the checkout. The expressions are .NET's in ECMAScript mode:
    ours use only what Python's `re` reads the same way.
    """
    found = []
    for line in output.splitlines():
        line = re.sub(r"\x1b\[[0-9;]*m?", "", line)
        for matcher in MATCHERS:
            [pattern] = matcher["pattern"]
            if match := re.search(pattern["regexp"], line):
                file = match[pattern["file"]] and (checkout / match[pattern["file"]]).resolve()
                if file and file.is_file() and file.is_relative_to(checkout.resolve()):
                    file = file.relative_to(checkout.resolve()).as_posix()
                else:
                    file = None
                number = match[pattern["line"]] and int(match[pattern["line"]])
                found.append((matcher["severity"], file, number, match[pattern["message"]]))
                break
    return found


def test_warnings_of_a_real_build_land_on_their_file_and_line(request, tmp_path):
    """The site with an untitled entry and an offer by nobody it knows: two warnings, two annotations."""
    source = copy_site(tmp_path / "src", request.config.getoption("site"))
    bib = (source / "refs.bib").read_text(encoding="utf-8")
    bib += "\n@article{untitled2099entry,\n  author = {Nobody, Anne},\n  title = {},\n  journal = {J},\n}\n"
    (source / "refs.bib").write_text(bib, encoding="utf-8")
    offer = "---\ntitle: An offer\nsummary: S.\nsupervisor: Nobody Known Here\n---\n"
    (source / "theses/offers").mkdir(parents=True, exist_ok=True)  # a new site has no offer yet
    (source / "theses/offers/typo.md").write_text(offer, encoding="utf-8")
    build = Build(source)

    found = annotations(build.warning_stream.getvalue(), checkout=build.srcdir)
    assert len(found) == len(build.warnings.strip().splitlines()) == 2
    (bib_severity, bib_file, bib_line, bib_message), (severity, file, line, message) = sorted(found)
    assert (bib_severity, bib_file) == ("warning", "refs.bib")
    assert bib_line == bib.splitlines().index("@article{untitled2099entry,") + 1
    assert bib_message.startswith("entry 'untitled2099entry' has no title")
    assert (severity, file, line) == ("warning", "theses/offers/typo.md", 1)
    assert message.startswith("unknown person 'Nobody Known Here' as supervisor")


def test_colour_codes_and_lines_without_line_or_file(tmp_path):
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    output = (
        f"\x1b[91m{tmp_path}/index.md: WARNING: document isn't included in any toctree\x1b[39;49;00m\n"
        f"{tmp_path}/index.md:3: ERROR: Unknown directive type: 'cards'\n"
        "WARNING: html_static_path entry '_static' does not exist\n"
        "/elsewhere/conf.py:1: WARNING: outside the checkout\n"
        "build finished with problems, 4 warnings (with warnings treated as errors).\n"
    )
    assert annotations(output, checkout=tmp_path) == [
        ("warning", "index.md", None, "document isn't included in any toctree"),
        ("error", "index.md", 3, "Unknown directive type: 'cards'"),
        ("warning", None, None, "html_static_path entry '_static' does not exist"),
        ("warning", None, 1, "outside the checkout"),
    ]
