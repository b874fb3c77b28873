"""Build warnings become GitHub annotations at the file and line they name (.github/sphinx-problem-matcher.json)."""

import json
import re
from pathlib import Path

from builds import REPO
from package_roots import ROOTS

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


def test_warnings_of_a_real_build_land_on_their_file_and_line(build_root):
    bib = (ROOTS / "test-minimal/refs.bib").read_text(encoding="utf-8")
    bib += "\n@article{hopper2022compilers,\n  author = {Hopper, Grace},\n  title = {},\n  journal = {J},\n}\n"
    offer = "---\ntitle: An offer\nsummary: S.\nsupervisor: Ada Lovelase\n---\n"
    build = build_root("minimal", **{"refs.bib": bib, "theses/offers/typo.md": offer})

    found = annotations(build.warning_stream.getvalue(), checkout=build.srcdir)
    assert len(found) == len(build.warnings.strip().splitlines()) == 2
    (bib_severity, bib_file, bib_line, bib_message), (severity, file, line, message) = sorted(found)
    assert (bib_severity, bib_file) == ("warning", "refs.bib")
    assert bib_line == bib.splitlines().index("@article{hopper2022compilers,") + 1
    assert bib_message.startswith("entry 'hopper2022compilers' has no title")
    assert (severity, file, line) == ("warning", "theses/offers/typo.md", 1)
    assert message.startswith("unknown person 'Ada Lovelase' as supervisor")


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
