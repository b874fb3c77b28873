"""Sessions that work on groupsite, the package and the template: `nox -f noxfile_groupsite.py -s <session>`.

The site's own sessions are noxfile.py's, every site's (template/noxfile.py); they are here too.
"""

import re
import sys
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).parent))  # nox loads this file by its path, not as part of a package
from noxfile import PYTHON, SITE  # noqa: E402 (and with them the site's sessions, which run from here too)


@nox.session(python=PYTHON)
def catalog(session: nox.Session) -> None:
    """Gather every label the groupsite package shows into its message catalog's template, locale/groupsite.pot."""
    session.install(*SITE)  # Babel comes with Sphinx
    session.run(
        "pybabel", "extract",
        "-k", "_", "-k", "N_", "-k", "_n:1,2", "-k", "counted:2,3",  # how the package marks its labels
        "--no-location", "--sort-output", "--omit-header",
        "-o", "src/groupsite/locale/groupsite.pot",
        "src/groupsite",
    )  # fmt: skip
    template = Path("src/groupsite/locale/groupsite.pot")
    template.write_text(template.read_text(encoding="utf-8").rstrip("\n") + "\n", encoding="utf-8")  # one at its end
    session.run("python", "-c", UPDATE_TRANSLATIONS)


# Each language's catalog (locale/<language>/LC_MESSAGES/groupsite.po) takes the template's new labels, untranslated,
# and loses those the code no longer shows; then it is compiled into the .mo that Sphinx reads. (pybabel update would
# also put placeholders for a translator's name and address into its header.)
UPDATE_TRANSLATIONS = r"""
from io import BytesIO
from pathlib import Path
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HEADER = (
    "# The labels of the groupsite package in one language: nox -f noxfile_groupsite.py -s catalog adds each new\n"
    "# label of groupsite.pot, untranslated, for a translator to fill in; a test finds any left empty.\n"
    'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"Plural-Forms: {plural}\\n"\n'
    '"Content-Type: text/plain; charset=utf-8\\n"\n\n'
)
locale = Path("src/groupsite/locale")
template = read_po((locale / "groupsite.pot").open("rb"))
for path in sorted(locale.glob("*/LC_MESSAGES/groupsite.po")):
    catalog = read_po(path.open("rb"))
    catalog.update(template, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    body = BytesIO()
    write_po(body, catalog, sort_output=True, width=120, omit_header=True)
    header = HEADER.format(language=catalog.locale, plural=catalog.plural_forms)
    path.write_text(header + body.getvalue().decode("utf-8").strip("\n") + "\n", encoding="utf-8")
    with path.with_suffix(".mo").open("wb") as file:
        write_mo(file, catalog)
for path in sorted(locale.glob("*/LC_MESSAGES/theme.po")):  # the theme's labels, kept by hand
    with path.with_suffix(".mo").open("wb") as file:
        write_mo(file, read_po(path.open("rb")))
"""


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Time builds of the site with 1,000 to 10,000 generated entries, against stock or `-- --baseline <git ref>`."""
    session.install(*SITE)
    session.run("python", "bench/run.py", *session.posargs)


@nox.session(python=False)
def template(session: nox.Session) -> None:
    """Copy this repository's files into template/, where the template holds them as they are (not .jinja files)."""
    settings = Path("copier.yml").read_text(encoding="utf-8")
    content = set(re.findall(r"^  - (\S+)$", settings.split("_skip_if_exists:")[1].split("\n\n")[0], re.MULTILINE))
    caches = {"__pycache__", ".ruff_cache", ".pytest_cache"}
    for copy in sorted(path for path in Path("template").rglob("*") if path.is_file() and not caches & set(path.parts)):
        name = copy.relative_to("template").as_posix()
        if copy.suffix == ".jinja" or "{" in name or name in content or name == "pyproject.toml":
            continue  # rendered, the group's own, or (pyproject.toml) extended here: kept by hand
        text = Path(name).read_bytes()
        if copy.read_bytes() != text:
            copy.write_bytes(text)
            session.log(f"updated {copy}")
