"""The site's languages, the pages' own first: `groupsite languages`; `nox -s docs` builds each."""

import argparse
import sys
from pathlib import Path

from groupsite import build_state
from groupsite.cli import read_site, site_folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="groupsite languages", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="the site's folder (default: here)")
    read_site(site_folder(parser.parse_args(argv).site))
    print(" ".join(build_state.settings().languages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
