"""Sessions that build, preview, check and test the group's website."""

import shutil
from pathlib import Path

import nox

# uv's environments where uv is installed (`uvx nox`, or `pip install nox[uv]`): they install in seconds;
# elsewhere (`pipx run nox`) the standard library's venv.
nox.options.default_venv_backend = "uv|venv"
nox.options.sessions = ["docs", "tests"]
nox.options.reuse_existing_virtualenvs = True
# Without Python 3.11 a session fails and says so; nox's default would skip it and still report success.
# (With uv, nox first asks uv to install 3.11.)
nox.options.error_on_missing_interpreters = True

# The oldest Python the site supports; keep equal to .readthedocs.yaml. nox takes the Python it runs on when
# that is a 3.11, else the first 3.11 it finds; `--force-python 3.14` (or an interpreter's path) runs on another.
PYTHON = "3.11"
# The oldest 3.11 in wide use, Debian 12's own: the pins must install on it (soupsieve 3.0.2 and later need 3.11.5).
OLDEST_PYTHON = "3.11.2"
BUILD_DIR = "_build/html"
# The site's requirements: groupsite as requirements.in names it, every other package at requirements.txt's pin.
SITE = ("-r", "requirements.in", "-c", "requirements.txt")
# A folder of tests with needs of its own lists them in its requirements.txt, which the tests session adds.
TEST_REQUIREMENTS = sorted(Path("tests").glob("*/requirements.txt"))


def build(session: nox.Session, builder: str, outdir: str, *extra: str, language: str = "") -> None:
    """Runs sphinx-build on the repository root with the site's strict settings, in a language of the site's."""
    session.run(
        "sphinx-build",
        "-b", builder,
        "-n",  # nitpicky: every reference must resolve
        "-W",  # warnings are errors
        "--keep-going",  # but report all of them at once
        "-d", f"_build/doctrees/{language}".rstrip("/"),  # Sphinx's cache, kept out of the published site
        ".",
        outdir,
        *extra,
        *session.posargs,
        env={"SITE_LANGUAGE": language} if language else {},
    )  # fmt: skip


def languages(session: nox.Session) -> list[str]:
    """The site's languages, the pages' own first (conf.py's groupsite_languages)."""
    return session.run("groupsite", "languages", silent=True).split()


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site into _build/html, each other language into a folder of its own (_build/html/de), strictly."""
    session.install(*SITE)
    _first, *others = languages(session)
    build(session, "html", BUILD_DIR)
    for language in others:
        build(session, "html", f"{BUILD_DIR}/{language}", language=language)


@nox.session(python=PYTHON)
def preview(session: nox.Session) -> None:
    """Serve the site on http://127.0.0.1:8000 and rebuild it on every save; `-- de` serves the German one."""
    session.install(*SITE, "-r", "requirements-dev.txt")
    _first, *others = languages(session)
    language = session.posargs[0] if session.posargs[:1] and session.posargs[0] in others else ""
    session.run(
        "sphinx-autobuild",
        "--host", "127.0.0.1",
        "--ignore", "tests/*",
        "--ignore", ".nox/*",
        "--ignore", "*.mo",  # what the build compiles from each .po
        "-d", f"_build/doctrees/{language}".rstrip("/"),
        ".",
        f"{BUILD_DIR}/{language}".rstrip("/"),
        *session.posargs[1 if language else 0 :],
        env={"SITE_LANGUAGE": language} if language else {},
    )  # fmt: skip


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite on temporary copies of the site."""
    session.install(*SITE, "-r", "requirements-dev.txt", *(f"--requirement={path}" for path in TEST_REQUIREMENTS))
    if shutil.which("npm"):
        # axe-core, the Nu HTML Checker and Lighthouse, at the versions package-lock.json pins.
        session.run("npm", "ci", "--silent", "--no-audit", "--no-fund", external=True)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lighthouse(session: nox.Session) -> None:
    """Build the site, serve it gzip-compressed as a host does, print Lighthouse's scores for five pages (not in CI)."""
    session.install(*SITE)
    build(session, "html", BUILD_DIR)
    session.run("npm", "ci", "--silent", "--no-audit", "--no-fund", external=True)  # Lighthouse, as pinned
    session.run("python", "tests/lighthouse_scores.py", BUILD_DIR)


@nox.session(python=PYTHON)
def linkcheck(session: nox.Session) -> None:
    """Check the site's external links (needs the internet; not part of CI)."""
    session.install(*SITE)
    build(session, "linkcheck", "_build/linkcheck")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Run every pre-commit check on the whole repository: ruff, codespell, YAML, whitespace, refs.bib's format."""
    session.install(*SITE, "-c", "requirements-dev.txt", "pre-commit")  # the refs.bib hook runs groupsite
    session.run("pre-commit", "run", "--all-files", "--show-diff-on-failure", *session.posargs)


@nox.session(name="bib-format", python=PYTHON)
def bib_format(session: nox.Session) -> None:
    """Format refs.bib (field order, indentation, braces), refusing any change that would lose an entry or a name."""
    session.install(*SITE)
    session.run("groupsite", "format-bib", *session.posargs)


@nox.session(python=PYTHON)
def add(session: nox.Session) -> None:
    """Add papers to refs.bib by DOI, arXiv or PubMed id, or from an export file: `nox -s add -- 10.1101/...`."""
    session.install(*SITE)
    session.run("groupsite", "add", *session.posargs)


@nox.session(python=PYTHON)
def report(session: nox.Session) -> None:
    """List what the content likely lacks or got wrong (no year, a keyword off by a letter), with file and line."""
    session.install(*SITE)
    session.run("groupsite", "report", *session.posargs)


@nox.session(python=PYTHON)
def new(session: nox.Session) -> None:
    """Write a new page: `nox -s new -- thesis "Title" --supervisor "Name"`, or `course` or `person`."""
    session.install(*SITE)  # the command checks names as the build does
    session.run("groupsite", "new", *session.posargs)


@nox.session(python=PYTHON)
def translate(session: nox.Session) -> None:
    """After an edit of the pages, update each other language's catalogs (locales/) and list what is new or changed."""
    session.install(*SITE)
    session.run("groupsite", "translate", *session.posargs)


@nox.session(python=PYTHON)
def lock(session: nox.Session) -> None:
    """Recompile requirements*.txt for Python 3.11.2, keeping each pin that still fits; `-- --upgrade` raises all."""
    # uv resolves for the Python named by --python-version whichever Python runs it, where pip-compile resolves for
    # its own: any machine compiles the same lock. It leaves this machine's package mirrors out of the file.
    session.install("uv")
    for source in [Path("requirements.in"), Path("requirements-dev.in"), *Path("tests").glob("*/requirements.in")]:
        session.run(
            "uv", "pip", "compile",
            "--quiet",
            "--python-version", OLDEST_PYTHON,
            "--no-emit-package", "groupsite",  # requirements.in says which groupsite, and where from
            "--output-file", str(source.with_suffix(".txt")),
            str(source),
            *session.posargs,
        )  # fmt: skip


@nox.session(python=False)
def clean(session: nox.Session) -> None:
    """Remove the built site."""
    shutil.rmtree("_build", ignore_errors=True)
