"""groupsite as another group meets it: a wheel installed into a fresh environment, a small site of its own outside
this repository, the command line run there, a strict build, and another Sphinx project linking to it.

The fresh environment takes the package from the wheel alone; its dependencies come from this test
environment's site-packages (a .pth file), so that nothing is downloaded, and `pip check` proves that
they satisfy what the wheel declares.
"""

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

from builds import REPO
from groupsite.data.folding import key_slug
from package_roots import CORPUS

REAL_BIB = CORPUS / "real" / "alfolio-taislab.bib"  # a real group's al-folio file
SITE = {
    "conf.py": (
        'project = "Robotics Lab"\nextensions = ["groupsite"]\nhtml_theme = "furo"\nbibtex_bibfiles = ["refs.bib"]\n'
        'html_baseurl = "https://robotics.example.org/"\nexclude_patterns = ["_build"]\n'
    ),
    "index.md": "# Robotics Lab\n\n```{toctree}\nresearch/index\npeople/index\ntheses/index\n```\n",
    "research/index.md": "# Publications\n\n```{publication-list}\n```\n",
    "people/index.md": "# People\n\n```{people}\n```\n\n```{toctree}\n:hidden:\n:glob:\n\n*\n```\n",
    "theses/index.md": (
        "# Theses\n\n(thesis-application)=\n## How to apply\n\nWrite to the supervisor.\n\n## Offers\n\n"
        "```{thesis-offers}\n```\n\n```{toctree}\n:hidden:\n:glob:\n\noffers/*\n```\n"
    ),
    "refs.bib": "",
}
OTHER_PROJECT = {
    "conf.py": (
        'project = "Lab software"\nextensions = ["sphinx.ext.intersphinx", "groupsite.links"]\nnitpicky = True\n'
        'intersphinx_mapping = {"lab": ("https://robotics.example.org/", "INVENTORY")}\n'
    ),
    "index.rst": (
        "Lab software\n============\n\nWritten by :external+lab:group:person:`ada` for the paper "
        ":external+lab:group:paper:`KEY`.\n"
    ),
}


def run(*command, cwd: Path) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout.strip()


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh virtual environment with groupsite installed from a wheel built from this checkout: its bin folder."""
    folder = tmp_path_factory.mktemp("package")
    # From a copy of what the sdist holds: setuptools writes build/ and *.egg-info beside the sources.
    source = folder / "source"
    shutil.copytree(REPO / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "LICENSE"):
        shutil.copy2(REPO / name, source / name)
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", folder / "dist", source, cwd=folder)
    [wheel] = (folder / "dist").glob("groupsite-*.whl")
    run(sys.executable, "-m", "venv", folder / "venv", cwd=folder)
    bin_folder = folder / "venv" / ("Scripts" if sys.platform == "win32" else "bin")
    python = bin_folder / "python"
    site_packages = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=folder))
    (site_packages / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    run(python, "-m", "pip", "install", "--no-deps", "--no-index", "--disable-pip-version-check", wheel, cwd=folder)
    return bin_folder


@pytest.fixture(scope="module")
def lab(installed, tmp_path_factory) -> Path:
    """A new group's site outside this repository, its papers added and pages written by the installed command."""
    site = write(tmp_path_factory.mktemp("lab") / "site", SITE)
    run(installed / "groupsite", "add", "--yes", REAL_BIB, cwd=site)
    run(installed / "groupsite", "new", "person", "Ada Lovelace", "--role", "PhD student", cwd=site)
    run(installed / "groupsite", "new", "thesis", "Robots that learn", "--supervisor", "Ada Lovelace", cwd=site)
    run(installed / "python", "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", ".", "_build/html", cwd=site)
    return site


def test_the_installed_package_comes_from_the_wheel_and_its_dependencies_are_satisfied(installed):
    where = run(installed / "python", "-c", "import groupsite; print(groupsite.__file__)", cwd=installed)
    assert str(REPO) not in where and "site-packages" in where
    run(installed / "python", "-m", "pip", "check", cwd=installed)


def test_the_command_line_wrote_the_pages_and_imported_the_real_bib(lab):
    assert (lab / "people" / "lovelace.md").is_file() and (lab / "theses" / "offers" / "robots-that-learn.md").is_file()
    imported = (lab / "refs.bib").read_text(encoding="utf-8")
    assert imported.count("\n@") + imported.startswith("@") == REAL_BIB.read_text(encoding="utf-8").count("\n@")


def test_the_site_has_its_list_paper_pages_person_and_offer(lab):
    outdir = lab / "_build" / "html"
    listed = BeautifulSoup((outdir / "research" / "index.html").read_text(encoding="utf-8"), "html.parser")
    keys = [item["id"] for item in listed.select("li.publication")]
    assert len(keys) == len(list((outdir / "research" / "papers").glob("*.html"))) > 30
    person = BeautifulSoup((outdir / "people" / "lovelace.html").read_text(encoding="utf-8"), "html.parser")
    assert person.h1.get_text().rstrip("¶") == "Ada Lovelace"
    offer = BeautifulSoup(
        (outdir / "theses" / "offers" / "robots-that-learn.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert offer.select_one("a.person-link")["href"] == "../../people/lovelace.html"


def inventory(lab: Path) -> dict:
    with (lab / "_build" / "html" / "objects.inv").open("rb") as stream:
        return InventoryFile.load(stream, "https://robotics.example.org/", lambda base, uri: base + uri)


def test_objects_inv_lists_the_person_and_every_paper(lab):
    objects = inventory(lab)
    assert objects["group:person"]["lovelace"].uri == "https://robotics.example.org/people/lovelace.html"
    papers = objects["group:paper"]
    assert len(papers) == len(list((lab / "_build" / "html" / "research" / "papers").glob("*.html")))
    assert all(item.uri.startswith("https://robotics.example.org/research/papers/") for item in papers.values())
    assert objects["group:offer"]["robots-that-learn"].display_name == "Robots that learn"


def test_another_project_links_to_the_person_and_a_paper_through_intersphinx(installed, lab, tmp_path):
    key = next(iter(inventory(lab)["group:paper"]))
    files = {
        "conf.py": OTHER_PROJECT["conf.py"].replace("INVENTORY", str(lab / "_build" / "html" / "objects.inv")),
        "index.rst": OTHER_PROJECT["index.rst"].replace("KEY", key).replace("`ada`", "`lovelace`"),
    }
    project = write(tmp_path / "software", files)
    run(installed / "python", "-m", "sphinx", "-b", "html", "-n", "-W", "--keep-going", ".", "_build", cwd=project)
    page = BeautifulSoup((project / "_build" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("a.reference.external")]
    assert links == [
        "https://robotics.example.org/people/lovelace.html",
        f"https://robotics.example.org/research/papers/{key_slug(key)}.html",
    ]
