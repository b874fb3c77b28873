"""What the content likely lacks or got wrong, one line each with its file and line: `nox -s report`.

The build fails only where the site cannot show something; this lists the rest: entries without a
year, a venue or authors, links that are not web addresses, keywords one or two letters away from a
topic, PDFs named but not in _static/pdf/. Exit status 0 either way: the list is advice, not a check.
"""

import argparse
import sys
from pathlib import Path

from groupsite import build_state
from groupsite.data import bib_store
from groupsite.model import bib_checks
from groupsite.model.site_index import People, SiteIndex, Topics

REPO = Path(__file__).resolve().parent.parent


def report(site: Path, bibfiles: list[str]) -> list[str]:
    """Every remark on the site's content, as "file:line: message"."""
    build_state.current().site_index = SiteIndex(People.load(site), Topics.load(site))
    lines = []
    for name in bibfiles:
        path = site / name
        bibdata, _ = bib_store.read([path], "utf-8-sig", None, bib_checks.prepare)
        stored = bibdata.data.entries
        where = dict(reversed(bib_checks.entry_lines(path.read_text(encoding="utf-8-sig"))))
        for key in stored:
            for remark in bib_checks.remarks(stored[key], site):
                lines.append(f"{name}:{where.get(key, 0)}: entry {key!r} {remark}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO, help="the site's folder (default: this repository)")
    parser.add_argument("--bib", nargs="+", default=["refs.bib"], help="its .bib files, as conf.py names them")
    args = parser.parse_args(argv)
    lines = report(args.site, args.bib)
    print("\n".join(lines) if lines else "Nothing to report.")
    print(f"{len(lines)} remark{'' if len(lines) == 1 else 's'}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
