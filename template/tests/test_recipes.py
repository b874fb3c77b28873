"""Every recipe of CONTRIBUTING.md, applied to a copy of the repository with the tool it names, as a member would.

The commands, the files they write and the messages the build prints are read from CONTRIBUTING.md
itself: when a recipe changes, this test follows it, or fails where the recipe no longer holds.
"""

import datetime as dt
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import types
from pathlib import Path

from babel.messages.pofile import read_po, write_po
from pybtex.database import parse_string

from builds import REPO, Build, copy_site
from content import card_facts
from content import listed as listed_entries
from groupsite.model.domain import entry_anchor
from groupsite.options import site_settings

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
# Real exports (tests/corpus/SOURCES.md): an entry of each, as a member would add them.
EXPORTS = Path(__file__).parent / "corpus"
SCHOLAR = ("scholar-eidoslab.bib", "tartaglione2020unveiling")  # Google Scholar's layout, after Markdown junk
ZOTERO = ("zotero-nadayehia.bib", "abdelrahman_compensatory_2021")  # tab-indented, a file field, a long abstract


def recipe(heading: str) -> str:
    """One recipe: its section of CONTRIBUTING.md."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", CONTRIBUTING, re.MULTILINE | re.DOTALL)
    assert match, f"CONTRIBUTING.md has no recipe {heading!r}"
    return match.group(1)


def block(heading: str, language: str) -> str:
    """The recipe's first code block in that language, as it would be copied."""
    match = re.search(rf"```{language}\n(.*?)^\s*```", recipe(heading), re.MULTILINE | re.DOTALL)
    assert match, f"the recipe {heading!r} shows no {language} block"
    return textwrap.dedent(match.group(1))


def new_command(heading: str) -> list[str]:
    """The arguments after `nox -s new --` in the recipe's command."""
    command = block(heading, "console").strip()
    assert command.startswith("nox -s new -- "), command
    return shlex.split(command.removeprefix("nox -s new -- "))


def written(heading: str) -> str:
    """The file the recipe says `nox -s new` writes."""
    [path] = re.findall(r"It writes `([^`]+)`", recipe(heading))
    return path


def exported(export: Path, key: str) -> str:
    """One entry of a reference manager's export, exactly as exported."""
    match = re.search(rf"^@\w+\{{{re.escape(key)},.*?^\}}[ \t]*$", export.read_text(encoding="utf-8"), re.M | re.S)
    assert match, f"{export.name} has no entry {key!r}"
    return match.group(0)


def describe(page: Path, text: str) -> None:
    """Writes the page's description in place of the template's notes (the lines that start with %)."""
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    notes = [number for number, line in enumerate(lines) if line.startswith("%")]
    assert notes, f"{page.name} has no notes to replace"
    lines[notes[0] : notes[-1] + 1] = [text]
    page.write_text("".join(lines), encoding="utf-8")


class Session:
    """nox's Session as noxfile.py's sessions use it, run on the copy by this test's Python.

    As nox does, it runs each command from the noxfile's folder, finds it in the session's
    environment (this test's, which holds every requirement: install() has nothing to do), runs
    programs from elsewhere only when told `external=True`, and stops on a failing exit code.
    """

    def __init__(self, folder: Path, posargs: list[str]):
        self.folder = folder
        self.posargs = posargs
        self.output = ""

    def install(self, *args, **kwargs) -> None:
        pass

    def run(self, *args, env=None, silent=False, success_codes=None, external=False, **kwargs):
        program, *arguments = map(os.fspath, args)
        environment = Path(sys.executable).parent
        found = sys.executable if program == "python" else shutil.which(program, path=str(environment))
        if found is None and external:
            found = shutil.which(program)
        assert found, f"{program} is not installed into the session's environment (pass external=True)"
        variables = {**os.environ, "PATH": f"{environment}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})}
        result = subprocess.run(
            [found, *arguments],
            cwd=self.folder,
            env={name: value for name, value in variables.items() if value is not None},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # nox's default: one stream, in order
            text=True,
            timeout=120,
        )
        self.output += result.stdout
        command = shlex.join([program, *arguments])
        assert result.returncode in (success_codes or [0]), f"{command} failed ({result.returncode}):\n{result.stdout}"
        return result.stdout if silent else True


def noxfile_sessions(noxfile: Path, monkeypatch) -> dict:
    """The sessions of a noxfile, by the name `nox -s` takes.

    The tests' environment is one that nox made, without nox in it: the noxfile is loaded with
    nox's decorator standing in, which records each session under its name.
    """
    sessions = {}

    def session(*args, name=None, **kwargs):
        if args and callable(args[0]):  # @nox.session without arguments
            sessions[args[0].__name__] = args[0]
            return args[0]

        def register(function):
            sessions[name or function.__name__] = function
            return function

        return register

    nox = types.ModuleType("nox")
    nox.session, nox.Session, nox.options = session, Session, types.SimpleNamespace()
    monkeypatch.setitem(sys.modules, "nox", nox)
    spec = importlib.util.spec_from_file_location("noxfile_of_the_copy", noxfile)
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    return sessions


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def text_of(element) -> str:
    return " ".join(element.get_text().split())


def card(build: Build, page: str, href: str):
    """The card on an overview page whose link goes to href; None if there is none."""
    link = build.article(page).select_one(f'a.sd-stretched-link[href="{href}"]')
    return link and link.find_parent("div", class_="sd-card")


def listed(build: Build, page: str) -> set[str]:
    """Where the links in a page's content go."""
    return {a["href"] for a in build.article(page).select("a[href]")}


def test_every_recipe_as_a_member_follows_it(request, tmp_path, monkeypatch):
    """The recipes, in the order a new member might follow them, on a copy of the site, whatever it holds."""
    site = copy_site(tmp_path / "src", request.config.getoption("site"))
    git(site, "init", "--quiet")
    git(site, "add", "--all")
    git(site, "-c", "user.name=Member", "-c", "user.email=member@example.org", "commit", "--quiet", "-m", "The clone")
    sessions = noxfile_sessions(site / "noxfile.py", monkeypatch)

    def nox(name: str, *posargs: str) -> str:
        """`nox -s <name> -- <posargs>` in the copy; what it printed."""
        session = Session(site, list(posargs))
        sessions[name](session)
        return session.output

    # -- Add a person (first: the offer and the course name them) ------------------------
    heading = "Add a person"
    assert "Wrote " + written(heading) in nox("new", *new_command(heading))
    person = Path(written(heading))
    name = new_command(heading)[1]
    page = (site / person).read_text(encoding="utf-8")
    homepage = "# homepage: https://example.org"  # an optional field, behind a #
    assert homepage + "\n" in page
    (site / person).write_text(page.replace(homepage, homepage.removeprefix("# ") + "/member"), encoding="utf-8")

    # -- Add a topic (next: the new paper and the new offer name it) -----------------------
    topic = re.search(r"`(topics/[\w-]+\.md)`", recipe("Add a topic")).group(1)
    (site / topic).write_text(block("Add a topic", "markdown"), encoding="utf-8")
    topic_name = Path(topic).stem.replace("-", " ")  # as keywords and --topic write it: "memory circuits"

    # -- Add a publication: a Google Scholar export and a Zotero export, through `nox -s add` --------
    heading = "Add a publication"
    command = shlex.split(block(heading, "console").strip())
    assert command[:4] == ["nox", "-s", "add", "--"], command
    export = "\n\n".join(exported(EXPORTS / file, key) for file, key in (SCHOLAR, ZOTERO))  # its file field and all
    (site / command[4]).write_text(export + "\n", encoding="utf-8")
    printed = nox("add", *command[4:])
    added = {source: key for key, source in re.findall(r"^added +(\S+) from \S+ (\S+?)(?:;|$)", printed, re.M)}
    scholar, zotero = added[SCHOLAR[1]], added[ZOTERO[1]]
    assert printed.splitlines()[-1] == "refs.bib: 2 added, 0 updated, 0 skipped"
    # Step 2: the keywords, by hand, as the member said no to (or was not asked about) the suggestions.
    text = (site / "refs.bib").read_text(encoding="utf-8")
    for key, words in ((scholar, "chest x-ray"), (zotero, f"drosophila, {topic_name}")):
        text = text.replace(f"{{{key},\n", f"{{{key},\n  keywords = {{{words}}},\n", 1)
    (site / "refs.bib").write_text(text, encoding="utf-8")
    assert nox("bib-format").strip() == "formatted refs.bib"
    assert nox("add", *command[4:]).splitlines()[-1] == "refs.bib: 0 added, 0 updated, 2 skipped; refs.bib is unchanged"

    # -- Add a thesis offer, with every optional flag -----------------------------------------
    heading = "Add a thesis offer, or close one"
    summary = "Model how a fly learns the values of odours."
    optional = ["--summary", summary, "--topic", topic_name, "--related", zotero, "--level", "Master"]
    assert "Wrote " + written(heading) in nox("new", *new_command(heading), *optional)
    offer = Path(written(heading)).with_suffix("")
    describe(site / written(heading), "We have recordings of the fly's mushroom body; bring Python.\n")

    # -- Add a course term -----------------------------------------------------------------
    heading = "Add a course term"
    assert "Wrote " + written(heading) in nox("new", *new_command(heading))
    course = Path(written(heading)).with_suffix("")
    term = new_command(heading)[new_command(heading).index("--term") + 1]
    describe(
        site / written(heading),
        "Each week one of us presents a recent paper, and everyone discusses it.\n"
        f"This term starts with {{cite:t}}`{zotero}`.\n"
        "For Master's students; Tuesdays, 14:00, room 2.101.\n",
    )

    # -- Add news, and a talk ---------------------------------------------------------------
    heading = "Add news"
    assert "Wrote " in nox("new", *new_command(heading))
    news = Path(written(heading).replace("<date>", dt.date.today().isoformat())).with_suffix("")
    describe(site / f"{news}.md", "She works on how flies remember odours.\n")
    heading = "Add a talk or an event"
    assert "Wrote " + written(heading) in nox("new", *new_command(heading))
    event = Path(written(heading)).with_suffix("")
    describe(site / written(heading), "A talk for everyone curious about memory.\n")

    # -- The strict build, and what the member sees ------------------------------------------
    build = Build(site)
    assert build.warnings == ""

    entries = listed_entries(build)
    for key, year in ((scholar, "2020"), (zotero, "2021")):
        assert entries[entry_anchor(key)][1] == year, f"{key} is not under {year}"
        assert (build.outdir / f"research/papers/{key}.html").is_file()
    published = parse_string((build.outdir / "refs.bib").read_text(encoding="utf-8"), "bibtex").entries
    assert "file" not in published[zotero].fields  # Zotero's path to its PDF on the member's disk
    assert f"../research/papers/{zotero}.html" in listed(build, topic.removesuffix(".md"))
    assert card(build, "topics/index", Path(topic).with_suffix(".html").name) is not None

    offer_card = card(build, "theses/index", f"offers/{offer.name}.html")
    assert text_of(offer_card.select_one(".sd-card-title")) == new_command("Add a thesis offer, or close one")[1]
    assert summary in text_of(offer_card)
    assert f"../theses/offers/{offer.name}.html" in listed(build, person.with_suffix("").as_posix())
    assert f"../theses/offers/{offer.name}.html" in listed(build, topic.removesuffix(".md"))

    course_card = card(build, "teaching/index", f"courses/{course.name}.html")
    assert text_of(course_card.find_parent("section").find("h2")).rstrip("¶ ") == term
    assert card_facts(course_card) == f"Lecturers: {name}"
    assert f"../teaching/courses/{course.name}.html" in listed(build, person.with_suffix("").as_posix())

    person_card = card(build, "people/index", f"{person.stem}.html")
    assert text_of(person_card.select_one(".sd-card-title")) == name
    assert "https://example.org/member" in listed(build, person.with_suffix("").as_posix())

    assert f"{news}.html" in {a["href"] for a in build.article("index").select("section#news a")}
    assert f"{news.name}.html" in listed(build, f"{news.parent}/index")
    assert f"{event.name}.html" in listed(build, f"{event.parent}/index")
    person_page = listed(build, person.with_suffix("").as_posix())
    assert {f"../{news}.html", f"../{event}.html"} <= person_page
    assert (build.outdir / f"{event}.ics").is_file() and event.as_posix() in (build.outdir / "calendar.ics").read_text()

    # -- Translate a page: the new offer, into the site's second language, if it has one -------------
    heading = "Translate a page, or a sentence that changed"
    first_language, *other_languages = site_settings(site).languages
    if other_languages:
        language = other_languages[0]
        printed = nox("translate")
        catalog = site / "locales" / language / "LC_MESSAGES" / f"{offer}.po"
        assert f"{catalog.relative_to(site).as_posix()}: {offer}.md:" in printed, printed[-2000:]
        assert f"locales/{language}/LC_MESSAGES/theses/index.po" in recipe(heading).replace("/de/", f"/{language}/")
        with catalog.open("rb") as file:
            messages = read_po(file)
        title = new_command("Add a thesis offer, or close one")[1]
        messages[title].string, messages[summary].string = f"({language}) {title}", f"({language}) {summary}"
        with catalog.open("wb") as file:
            write_po(file, messages)
        translated = Build(site, language=language)
        assert translated.warnings == ""
        translated_card = card(translated, "theses/index", f"offers/{offer.name}.html")
        assert text_of(translated_card.select_one(".sd-card-title")) == f"({language}) {title}"
        assert f"({language}) {summary}" in text_of(translated_card)
        link = translated.soup(f"{offer}").select_one(f"nav.language-switcher a[hreflang={first_language}]")
        assert link["href"].endswith(f"{offer}.html")

    # -- Remove a publication --------------------------------------------------------------
    heading = "Remove a publication"
    assert f"git grep -n {zotero}" in block(heading, "console")
    git(site, "add", "--all")
    naming = set(re.findall(r"^([^:\n]+):\d+:", git(site, "grep", "-n", zotero), re.MULTILINE))
    naming = {path for path in naming if Path(path).name != "CONTRIBUTING.md"}  # the recipe's own example
    # A translation's catalog quotes the sentence that cites it, until `nox -s translate` drops the sentence.
    naming = {path for path in naming if not path.startswith("locales/")}
    assert naming == {"refs.bib", f"{offer}.md", f"{course}.md"}

    # Step 2: the entry, from its @ line to the } that closes it, then the formatter.
    lines = (site / "refs.bib").read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(number for number, line in enumerate(lines) if re.match(rf"@\w+\{{{zotero},", line))
    end = lines.index("}\n", start)
    (site / "refs.bib").write_text("".join(lines[:start] + lines[end + 1 :]), encoding="utf-8")
    assert nox("bib-format").strip() == "formatted refs.bib"  # the blank line left behind

    # Step 3: until the pages are changed, the build fails for each, as the recipe shows.
    build.rebuild()
    shown = [line.strip() for line in block(heading, "text").splitlines() if line.strip()]
    assert sorted(build.warnings.replace(f"{site}{os.sep}", "").splitlines()) == sorted(shown)
    assert not (build.outdir / f"research/papers/{zotero}.html").exists()
    for path in naming - {"refs.bib"}:
        text = (site / path).read_text(encoding="utf-8")
        text = re.sub(rf"^related: \[{zotero}\].*\n", "", text, flags=re.MULTILINE)  # the only key it held
        text = re.sub(rf"^.*\{{cite(:t)?\}}`{zotero}`.*\n", "", text, flags=re.MULTILINE)
        (site / path).write_text(text, encoding="utf-8")

    # Step 4: the build passes, and the paper is gone everywhere.
    build.rebuild()
    assert build.warnings == ""
    assert build.article("research/index").select_one(f"#{entry_anchor(zotero)}") is None
    assert not (build.outdir / f"research/papers/{zotero}.html").exists()
    assert not (build.outdir / f"_bib/{zotero}.bib").exists()
    for page in (topic.removesuffix(".md"), f"{offer}"):
        assert f"../research/papers/{zotero}.html" not in listed(build, page), page
    for export in ("refs.bib", "publications.json", "publications.atom", "sitemap.xml"):
        assert zotero not in (build.outdir / export).read_text(encoding="utf-8"), export

    # -- Close the offer: its file deleted ---------------------------------------------------
    assert "git rm theses/offers/<file>.md" in recipe("Add a thesis offer, or close one")
    git(site, "add", "--all")
    git(site, "-c", "user.name=Member", "-c", "user.email=member@example.org", "commit", "--quiet", "-m", "Recipes")
    git(site, "rm", "--quiet", f"{offer}.md")
    build.rebuild()
    assert build.warnings == ""
    assert card(build, "theses/index", f"offers/{offer.name}.html") is None
    for page in (person.with_suffix("").as_posix(), topic.removesuffix(".md")):
        assert f"../theses/offers/{offer.name}.html" not in listed(build, page), page
    assert not (build.outdir / f"{offer}.html").exists()

    # -- Then the site's other tests, on this copy ---------------------------------------------
    others = sorted(str(path) for path in Path(__file__).parent.glob("test_*.py") if path != Path(__file__))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", *others, "--site", str(site)]
        + ["-m", "not browser", "-q", "-p", "no:cacheprovider"]
        + ["--basetemp", str(tmp_path / "site-tests")],  # its own: pytest prunes the shared ones it finds
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
