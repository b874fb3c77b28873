"""The command line a site's contributors run in its folder: ``groupsite add``, ``new``, ``report``, ``format-bib``.

Each command reads the site as its build does (conf.py's options, the people's and topics' pages),
so that what it writes never fails the build for a name, a term or a key.
"""

import importlib
import sys
from pathlib import Path

# command -> (its module, what it does)
COMMANDS = {
    "add": ("groupsite.cli.add", "add papers to refs.bib by DOI, arXiv or PubMed id, from an export file, or ORCID"),
    "new": ("groupsite.cli.new", "write a new page: a person, a thesis offer or a course"),
    "report": ("groupsite.cli.report", "list what the content likely lacks, and what visitors will miss"),
    "format-bib": ("groupsite.cli.format_bib", "lay out refs.bib, refusing any change that would lose an entry"),
    "translate": ("groupsite.cli.translate", "bring each language's catalogs in step with the pages, listing the new"),
    "languages": ("groupsite.cli.languages", "print the site's languages, the pages' own first"),
}


def usage() -> str:
    lines = ["usage: groupsite COMMAND [ARGUMENTS]  (in the site's folder; COMMAND --help says more)", "", "commands:"]
    lines += [f"  {name:<11} {what}" for name, (_module, what) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0 if argv else 2
    if argv[0] in ("-V", "--version"):
        from groupsite import __version__

        print(f"groupsite {__version__}")
        return 0
    if argv[0] not in COMMANDS:
        print(f"groupsite: no command {argv[0]!r}\n\n{usage()}", file=sys.stderr)
        return 2
    return importlib.import_module(COMMANDS[argv[0]][0]).main(argv[1:])


def site_folder(given: Path | None) -> Path:
    """The site's folder: the one given, or the current one; where conf.py is."""
    return (given or Path.cwd()).resolve()


def read_site(site: Path) -> None:
    """Sets up what the build's modules read outside a build: the site's options from its conf.py."""
    from groupsite import build_state
    from groupsite.options import site_settings

    build_state.use_settings(site_settings(site))
