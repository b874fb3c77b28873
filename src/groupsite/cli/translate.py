"""Each other language's catalogs brought in step with the pages, and what awaits a translator: `groupsite translate`.

The site's pages are read as the gettext builder reads them (their text, and the words of their front
matter), into `_build/gettext/`; sphinx-intl then adds each new sentence to the page's catalog of each
other language (`locales/<language>/LC_MESSAGES/<page>.po`), untranslated, and marks each sentence whose
English changed as fuzzy: its old translation stays beside it, and the site shows the English until a
translator confirms or corrects it. The list at the end names, per catalog, what is new and what changed.
"""

import argparse
import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from groupsite import build_state
from groupsite.cli import read_site, site_folder
from groupsite.options import Settings

POT_FOLDER = "_build/gettext"


def catalogs(site: Path, settings: Settings) -> list[Path]:
    """The site's catalogs of its pages in its other languages (the theme's labels are the package's)."""
    found = []
    for language in settings.languages[1:]:
        for folder in settings.locale_dirs:
            messages = site / folder / language / "LC_MESSAGES"
            found += sorted(
                path for path in messages.rglob("*.po") if path.relative_to(messages).as_posix() != "sphinx.po"
            )
    return found


def waiting(site: Path, settings: Settings) -> list[str]:
    """What each catalog leaves to a translator, a line per sentence: "page.md:9: changed: ..." (or "new")."""
    lines = []
    for path in catalogs(site, settings):
        with path.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            if not message.id or (message.string and not message.fuzzy):
                continue
            where = source_of(message.locations, path.relative_to(site))
            state = "changed" if message.fuzzy else "new"
            text = " ".join(str(message.id).split())
            lines.append(f"{path.relative_to(site)}: {where}: {state}: {text[:100]}{'…' if len(text) > 100 else ''}")
    return lines


def source_of(locations: list, catalog: Path) -> str:
    """The page and line a sentence is from, as the catalog records it (relative to _build/gettext)."""
    if not locations:
        return str(catalog)
    path, line = locations[0]
    page = os.path.normpath(Path(POT_FOLDER, path)).replace(os.sep, "/")
    return f"{page}:{line}" if line else page


def update(site: Path, settings: Settings) -> int:
    """Reads the pages into catalog templates, and updates each language's catalogs from them."""
    from sphinx_intl import basic

    pot = site / POT_FOLDER
    command = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-d", str(site / "_build/doctrees/gettext")]
    done = subprocess.run([*command, str(site), str(pot)], check=False)
    if done.returncode:
        return done.returncode
    (pot / "sphinx.pot").unlink(missing_ok=True)  # the theme's and the package's labels: the package translates them
    with contextlib.redirect_stdout(io.StringIO()):  # sphinx-intl names every catalog, changed or not
        basic.update(str(site / settings.locale_dirs[0]), str(pot), settings.languages[1:], 100, True, 1)
    for path in catalogs(site, settings):  # one newline at the end, as the commit checks want every text file
        text = path.read_text(encoding="utf-8")
        if text.endswith("\n\n"):
            path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="groupsite translate", description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="the site's folder (default: here)")
    args = parser.parse_args(argv)
    site = site_folder(args.site)
    read_site(site)
    settings = build_state.settings()
    if len(settings.languages) < 2:
        print(
            "groupsite translate: the site is in one language; name the others after it in conf.py, "
            'e.g. groupsite_languages = ["en", "de"]',
            file=sys.stderr,
        )
        return 2
    status = update(site, settings)
    if status:
        return status
    lines = waiting(site, settings)
    print("\n".join(lines) if lines else "Every sentence is translated.")
    print(f"{len(lines)} sentence{'' if len(lines) == 1 else 's'} to translate.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
