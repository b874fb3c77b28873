"""The copier template (template/, copier.yml): this site is the template made with its answers, plus its content.

The template's files are this repository's, kept equal by `nox -f noxfile_groupsite.py -s template`; a new group's
site made from it builds strictly, with a .bib file nobody here wrote, and passes its own tests; `copier update`
brings a new version of the template and keeps the group's edits; and nothing in the template or the package
names this group.
"""

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import copier
import pytest
import yaml
from pybtex.database import parse_file

from builds import REPO, Build
from content import Content, listed
from groupsite.model.domain import entry_anchor
from groupsite.options import kept_beside_the_site
from package_roots import CORPUS

SETTINGS = yaml.safe_load((REPO / "copier.yml").read_text(encoding="utf-8"))
CONTENT = set(SETTINGS["_skip_if_exists"])  # the group's own once made: never compared, never updated
# The repository's own, beside the site: the package's licence, changelog and release, and the template itself.
REPOSITORY_ONLY = {
    "LICENSE",
    "CHANGELOG.md",
    "copier.yml",
    "noxfile_groupsite.py",  # the sessions of the package and the template: catalog, bench, template
    ".github/workflows/release.yml",
    ".github/workflows/platforms.yml",  # the package's tests on macOS, Windows and the newest Python
}
REPOSITORY_FOLDERS = ("src/", "template/", "bench/", "tests/package/", "tests/group/")
# The answers a new group gives in the tests: none of them this group's.
NEW_GROUP = {
    "group_name": "Optics Lab",
    "institute": "Institute of Applied Physics",
    "university": "University of Somewhere",
    "short_name": "OL",
    "colour": "#7a1f5c",
    "host": "github-pages",
    "logo": "lab.svg",
    "imprint": "https://www.example.org/imprint",
    "privacy": "https://www.example.org/privacy",
    "content_licence": "CC-BY-4.0",
    "languages": "en de",  # a second language, with no translation yet
    "groupsite_source": str(REPO),  # the checkout under test, in place of the release on PyPI
}
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><circle cx="2" cy="2" r="2"/></svg>\n'
REAL_BIB = CORPUS / "real" / "hugo-academic-dblp.bib"  # a researcher's DBLP exports (SOURCES.md)


def git(folder: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Member", "-c", "user.email=member@example.org", *args]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def tracked(folder: Path) -> set[str]:
    return set(git(folder, "ls-files").splitlines())


def make_site(destination: Path, answers: dict, template: Path = REPO, ref: str = "HEAD") -> Path:
    """`copier copy` as a new group runs it: its answers, nothing asked."""
    copier.run_copy(str(template), destination, data=answers, defaults=True, vcs_ref=ref, quiet=True)
    return destination


@pytest.fixture(scope="module")
def this_site(tmp_path_factory) -> Path:
    """The template made with this repository's answers (.copier-answers.yml) and its checkout of groupsite."""
    answers = yaml.safe_load((REPO / ".copier-answers.yml").read_text(encoding="utf-8"))
    answers = {name: value for name, value in answers.items() if not name.startswith("_")}
    return make_site(tmp_path_factory.mktemp("made") / "site", {**answers, "groupsite_source": "."})


def made_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


def extends(ours, template, where: str) -> list[str]:
    """Where a table of this repository's pyproject.toml does not hold the template's: every key, with the same
    value, or (lists, and comma-separated words) every item of it."""
    if isinstance(template, dict):
        return [problem for key in template for problem in extends(ours.get(key), template[key], f"{where}.{key}")]
    if isinstance(template, list) and isinstance(ours, list):
        return [f"{where}: {item!r}" for item in template if item not in ours]
    if isinstance(template, str) and isinstance(ours, str) and "," in ours:
        return [f"{where}: {item!r}" for item in template.split(",") if item not in ours.split(",")]
    return [] if ours == template else [f"{where}: {ours!r} is not the template's {template!r}"]


def test_this_site_is_the_template_made_with_its_answers(this_site):
    """Each file the template makes is this repository's, byte for byte: run the session `template` after a change."""
    different = []
    for name in sorted(made_files(this_site) - CONTENT):
        made, ours = (this_site / name).read_text(encoding="utf-8"), (REPO / name).read_text(encoding="utf-8")
        if name == ".copier-answers.yml":
            made, ours = (re.sub(r"^_(commit|src_path): .*\n", "", text, flags=re.MULTILINE) for text in (made, ours))
        elif name == "pyproject.toml":  # this one is the package's too: its tool settings hold the template's
            problems = extends(tomllib.loads(ours)["tool"], tomllib.loads(made)["tool"], "tool")
            assert problems == [], f"pyproject.toml lacks what template/pyproject.toml sets: {problems}"
            continue
        if made != ours:
            different.append(name)
    assert different == [], (
        f"the template makes these otherwise: {different}; `nox -f noxfile_groupsite.py -s template` copies them over"
    )


def test_every_file_of_the_site_comes_from_the_template(this_site):
    """What a new group would lack: a file of this site that the template does not make, but the group's content."""
    content = ("people/", "topics/", "theses/offers/", "teaching/courses/", "_static/", "locales/")  # translations
    ours = {
        name
        for name in tracked(REPO)
        if not name.startswith(REPOSITORY_FOLDERS + content) and name not in REPOSITORY_ONLY
    }
    assert sorted(ours - made_files(this_site)) == []


def test_the_group_s_content_is_made_once_and_then_left_alone():
    """copier.yml's content files are the template's starters: each exists in the template, under its name."""
    for name in CONTENT:
        assert [path for path in (REPO / "template").glob(f"{name}*")], f"template/ has no {name}"


def test_nothing_in_the_template_the_package_or_the_bench_names_this_group():
    """The names on this site's people's pages and in its group.yaml appear nowhere a new group gets."""
    group = yaml.safe_load((REPO / "group.yaml").read_text(encoding="utf-8"))
    names = {str(group[field]) for field in ("name", "institute", "university") if group.get(field)}
    for data in Content(REPO).people.values():
        title = str(data["title"])
        names.add(title)
        names.add(title.split()[-1])  # the family name alone: "Lovelace"
    names |= {re.sub(r"^University of ", "", name) for name in names}  # the city alone
    words = re.compile(r"\b(" + "|".join(map(re.escape, sorted(names))) + r")\b", re.IGNORECASE)
    found = []
    for folder in ("template", "src/groupsite", "bench"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "corpus" not in path.parts and path.suffix not in {".pyc", ".mo"}:
                for number, line in enumerate(path.read_text(encoding="utf-8", errors="ignore").splitlines(), 1):
                    found += [f"{path.relative_to(REPO)}:{number}: {match}" for match in words.findall(line)]
    assert found == []


# -- A new group ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    """An Optics Lab's site, made from the template outside this repository, its papers from a real .bib file,
    its first person and topic written with the site's own commands, committed as the README says."""
    site = make_site(tmp_path_factory.mktemp("elsewhere") / "optics-lab", NEW_GROUP)
    groupsite = [sys.executable, "-m", "groupsite"]
    shutil.copy(REAL_BIB, site / "our-papers.bib")

    def run(*args: str) -> str:
        result = subprocess.run([*groupsite, *args], cwd=site, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    (site / "added.txt").write_text(run("add", "our-papers.bib"), encoding="utf-8")  # what it said, for a test
    (site / "our-papers.bib").unlink()
    run("new", "person", "Grace Hopper", "--role", "Group leader")
    (site / "topics/compilers.md").write_text("---\ntitle: Compilers\n---\n", encoding="utf-8")
    (site / "_static" / NEW_GROUP["logo"]).write_text(LOGO, encoding="utf-8")  # as copier's question says
    git(site, "init", "--quiet", "--initial-branch=main")
    git(site, "add", "--all")
    git(site, "commit", "--quiet", "-m", "The site, from the template")
    return site


def test_a_new_group_s_site_builds_strictly_with_its_own_papers(new_site):
    build = Build(new_site)
    assert build.warnings == ""
    # Every entry of the DBLP file is added, or skipped with its reason (a preprint of the same title).
    said = (new_site / "added.txt").read_text(encoding="utf-8")
    added, updated, skipped = map(int, re.search(r"(\d+) added, (\d+) updated, (\d+) skipped", said).groups())
    exported = parse_file(REAL_BIB).entries
    assert added + skipped == len(exported) and said.count("\nskipped ") + said.startswith("skipped ") == skipped
    entries = Content(new_site).entries
    assert len(entries) == added
    shown = listed(build)
    assert sorted(shown) == sorted(entry_anchor(entry.key) for entry in entries)
    home = build.soup("index")
    assert home.select_one("h1").get_text().rstrip("¶ ") == NEW_GROUP["group_name"]
    footer = " ".join(home.select_one("footer").get_text().split())
    assert NEW_GROUP["institute"] in footer and NEW_GROUP["university"] in footer
    assert home.select_one(f"img.sidebar-logo[src$='{NEW_GROUP['logo']}']") is not None
    links = {a["href"] for a in home.select("footer a[href]")}
    assert {NEW_GROUP["imprint"], NEW_GROUP["privacy"]} <= links
    assert "CC BY 4.0" in footer and (new_site / "LICENSE.md").is_file()
    favicon = (build.outdir / "_static/favicon.svg").read_text(encoding="utf-8")
    assert NEW_GROUP["colour"] in favicon and f">{NEW_GROUP['short_name']}<" in favicon
    assert (new_site / ".github/workflows/pages.yml").is_file()  # its host's workflow, and no other's
    assert not (new_site / ".readthedocs.yaml").exists()


def test_a_new_group_s_site_passes_its_own_tests(new_site):
    """The site's tests, as the group runs them in its folder (but the browser's): its recipes, its lint."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-m", "not browser", "-q", "-p", "no:cacheprovider"],
        cwd=new_site,
        env={**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert re.search(r"\d+ passed", result.stdout)


# -- copier update ------------------------------------------------------------------------


def test_an_update_of_the_template_keeps_the_group_s_edits(tmp_path):
    """A site made from one version takes the next with `copier update`: the template's change arrives, the
    group's own edits stay, there is no conflict, and the site still builds strictly."""
    template = tmp_path / "template-repository"
    git(tmp_path, "clone", "--quiet", str(REPO), str(template))
    git(template, "tag", "v100.0.0")
    site = make_site(tmp_path / "site", NEW_GROUP, template=template, ref="v100.0.0")
    git(site, "init", "--quiet", "--initial-branch=main")
    (site / "_static" / NEW_GROUP["logo"]).write_text(LOGO, encoding="utf-8")

    # The group's edits: an option in conf.py, a paper, a person, its own words on the home page.
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("\ngroupsite_list_entries = 40  # the group's own\n")
    (site / "refs.bib").write_text((CORPUS / "real/alfolio-taislab.bib").read_text(encoding="utf-8").split("---\n")[-1])
    git(site, "add", "--all")
    git(site, "commit", "--quiet", "-m", "The site")
    subprocess.run([sys.executable, "-m", "groupsite", "new", "person", "Grace Hopper"], cwd=site, check=True)
    index = (site / "index.md").read_text(encoding="utf-8").replace("This is the website", "Welcome to the website")
    (site / "index.md").write_text(index, encoding="utf-8")
    git(site, "add", "--all")
    git(site, "commit", "--quiet", "-m", "The group's edits")

    # The template's next version changes a session's docstring and a line of CONTRIBUTING.md.
    noxfile = template / "template/noxfile.py"
    noxfile.write_text(noxfile.read_text(encoding="utf-8").replace("Build the site into", "Build the site in"))
    contributing = template / "template/CONTRIBUTING.md"
    contributing.write_text(contributing.read_text(encoding="utf-8") + "\nA line of the next version.\n")
    git(template, "commit", "--quiet", "-am", "The next version")
    git(template, "tag", "v100.1.0")

    copier.run_update(
        site, data={"groupsite_source": NEW_GROUP["groupsite_source"]}, defaults=True, overwrite=True, quiet=True
    )

    assert yaml.safe_load((site / ".copier-answers.yml").read_text(encoding="utf-8"))["_commit"] == "v100.1.0"
    assert "Build the site in " in (site / "noxfile.py").read_text(encoding="utf-8")
    assert (site / "CONTRIBUTING.md").read_text(encoding="utf-8").endswith("A line of the next version.\n")
    assert "groupsite_list_entries = 40  # the group's own" in (site / "conf.py").read_text(encoding="utf-8")
    assert "Welcome to the website" in (site / "index.md").read_text(encoding="utf-8")
    assert (site / "people/hopper.md").is_file()
    files = [path for path in site.rglob("*") if path.is_file() and ".git" not in path.parts]
    marked = re.compile(r"^(<<<<<<<|>>>>>>>) ", re.MULTILINE)
    assert [path for path in files if marked.search(path.read_text(encoding="utf-8", errors="replace"))] == []
    assert Build(site).warnings == ""


def test_groupsite_leaves_its_own_folder_and_the_template_out_of_the_pages(new_site):
    """This checkout holds groupsite's Markdown (README, page templates) and the template's: no page of its site."""
    assert kept_beside_the_site(REPO) == ["src/groupsite", "template"]  # installed editable from this checkout
    copy = shutil.copytree(REPO / "src", new_site.parent / "copy" / "src")  # a copy of it: src/ in the src layout
    assert kept_beside_the_site(copy.parent) == ["src"]
    assert kept_beside_the_site(new_site) == []
