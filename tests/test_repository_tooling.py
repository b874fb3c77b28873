"""The repository's own checks: every pre-commit hook passes and catches what it is for; the workflows are valid."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builds import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def pins(requirements: Path) -> dict[str, str]:
    """name: version for each line 'name==version' of a compiled requirements file."""
    found = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", requirements.read_text(encoding="utf-8"), re.MULTILINE)
    return {name.lower().replace("_", "-"): version for name, version in found}


def hooks() -> list[dict]:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def test_hooks_install_the_versions_requirements_dev_pins():
    pinned = pins(REPO / "requirements-dev.txt")
    for hook in hooks():
        if hook["language"] == "system":  # groupsite's own, from the environment that runs pre-commit
            assert hook["entry"].startswith("python -m groupsite "), hook["id"]
            continue
        assert hook["additional_dependencies"], hook["id"]
        for requirement in hook["additional_dependencies"]:
            name, version = requirement.split("==")
            assert pinned.get(name.lower()) == version, (
                f"{hook['id']} in .pre-commit-config.yaml installs {requirement}, "
                f"requirements-dev.txt pins {name}=={pinned.get(name.lower())}: make them equal"
            )


# -- pre-commit, run for real on a copy of the repository -----------------------


def run_hooks(copy: Path, *args: str) -> subprocess.CompletedProcess:
    """pre-commit as `nox -s lint` runs it: its environment's programs first on the PATH."""
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=copy,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """A new git repository holding the checkout's tracked files as they are now."""
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    copy = tmp_path_factory.mktemp("repository")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, text=True, check=True)
    for name in tracked.stdout.split("\0"):
        if name and (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    subprocess.run(["git", "init", "--quiet"], cwd=copy, check=True)
    subprocess.run(["git", "add", "--all"], cwd=copy, check=True)
    return copy


def test_every_hook_passes_on_the_whole_repository(repository):
    result = run_hooks(repository, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    # Each hook found its files, but for a host's settings the site does not have (.readthedocs.yaml).
    files = [path.relative_to(repository).as_posix() for path in repository.rglob("*") if ".git" not in path.parts]
    present = [hook for hook in hooks() if "files" not in hook or any(re.search(hook["files"], f) for f in files)]
    assert len(re.findall(r"\.Passed$", result.stdout, re.MULTILINE)) == len(present), result.stdout


@pytest.fixture
def edit(repository):
    """Changes a file of the copy for one test, and puts it back afterwards."""
    originals = {}

    def change(name: str, text: str) -> Path:
        path = repository / name
        originals.setdefault(path, path.read_bytes() if path.exists() else None)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        subprocess.run(["git", "add", name], cwd=repository, check=True)
        return path

    yield change
    for path, content in originals.items():
        if content is None:
            path.unlink()
        else:
            path.write_bytes(content)
    subprocess.run(["git", "add", "--all"], cwd=repository, check=True)


def test_an_unformatted_refs_bib_fails_and_is_formatted(repository, edit):
    # The site's entries and one more (a new site's refs.bib is empty), as the formatter lays them out.
    formatted = (REPO / "refs.bib").read_text(encoding="utf-8").rstrip("\n")
    formatted += "\n\n" * bool(formatted) + "@article{doe2000spaces,\n  author = {Doe, Jane},\n  title = {Spaces},\n"
    formatted += "  journal = {Journal},\n  year = {2000},\n}\n"
    messy = formatted.replace("  title = {", "\tTITLE={", 3).replace("@article{", "@Article{ ", 1)
    bib = edit("refs.bib", messy)
    result = run_hooks(repository, "bib-format", "--files", "refs.bib")
    assert result.returncode == 1
    assert "files were modified by this hook" in result.stdout
    assert bib.read_text(encoding="utf-8") == formatted


def test_trailing_whitespace_and_missing_final_newlines_are_fixed(repository, edit):
    page = edit("topics/spaces.md", "---\ntitle: T  \n---")
    result = run_hooks(repository, "--files", "topics/spaces.md")
    assert result.returncode == 1
    assert re.search(r"no trailing whitespace\.+Failed", result.stdout)
    assert re.search(r"one newline at the end of each file\.+Failed", result.stdout)
    assert page.read_text(encoding="utf-8") == "---\ntitle: T\n---\n"


def test_codespell_flags_misspellings_but_knows_theses(repository, edit):
    misspelt = "rec" + "ieve"  # written whole, it would fail the check of this file
    edit("theses/index.md", f"# Theses\n\nOur theses: we {misspelt} many requests.\n")
    result = run_hooks(repository, "codespell", "--files", "theses/index.md")
    assert result.returncode == 1
    assert f"theses/index.md:3: {misspelt} ==> receive" in result.stdout
    assert "theses ==>" not in result.stdout.lower()


def test_a_python_style_error_fails(repository, edit):
    edit("conf.py", (REPO / "conf.py").read_text(encoding="utf-8") + "\nprint(undefined_name)\n")
    result = run_hooks(repository, "ruff-check", "--files", "conf.py")
    assert result.returncode == 1
    assert "F821 Undefined name `undefined_name`" in result.stdout


def test_an_invalid_workflow_fails(repository, edit):
    workflow = (REPO / ".github/workflows/checks.yml").read_text(encoding="utf-8")
    edit(".github/workflows/checks.yml", workflow.replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04", 1))
    result = run_hooks(repository, "check-github-workflows", "--files", ".github/workflows/checks.yml")
    assert result.returncode == 1
    assert "runs_on" in result.stdout


# -- The GitHub workflows, read as YAML ------------------------------------------


def workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


# The one workflow that writes: its own branch, and the pull request it opens from it.
PROPOSES_CHANGES = ".github/workflows/orcid.yml"
# The jobs that ask for more: a release's publishing, which proves its identity to PyPI, and the site's
# publishing on GitHub Pages (where the site is hosted there).
PUBLISHES = {
    (".github/workflows/release.yml", "publish"): {"id-token": "write"},
    (".github/workflows/pages.yml", "deploy"): {"pages": "write", "id-token": "write"},
}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflows_may_only_read_the_repository(path):
    data = workflow(path)
    if path == REPO / PROPOSES_CHANGES:
        assert data["permissions"] == {"contents": "write", "pull-requests": "write"}
    else:
        assert data["permissions"] == {"contents": "read"}
    for name, job in data["jobs"].items():
        assert job.get("permissions") == PUBLISHES.get((path.relative_to(REPO).as_posix(), name))


def test_the_orcid_workflow_runs_weekly_and_proposes_a_pull_request_never_pushing_to_main():
    data = workflow(REPO / PROPOSES_CHANGES)
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* \d", data["on"]["schedule"][0]["cron"])
    [add, propose] = [run for run in commands(data) if "nox -s add" in run or "gh pr" in run]
    assert add.startswith("nox -s add -- --orcid --all --yes --summary ")
    pushes = re.findall(r"git push[^\n]*", propose)
    assert pushes == ['git push --force origin "$branch"']
    assert re.search(r'^\s*branch="orcid/[\w-]+"$', propose, re.MULTILINE)  # its own branch, never main
    assert "--base main" in propose and "--body-file" in propose
    # No secret: the workflow's own token.
    assert "secrets." not in (REPO / PROPOSES_CHANGES).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_actions_are_pinned_by_commit_with_their_version(path):
    uses = re.findall(r"uses:\s*(\S+)(.*)", path.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: add the version as ' # vX.Y.Z'"


def commands(data: dict) -> list[str]:
    return [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]


def test_pull_requests_run_lint_tests_and_docs():
    data = workflow(REPO / ".github/workflows/checks.yml")
    assert "pull_request" in data["on"]
    assert {"nox -s lint", "nox -s tests", "nox -s docs"} <= set(commands(data))


def test_linkcheck_runs_weekly_and_never_on_pull_requests():
    data = workflow(REPO / ".github/workflows/linkcheck.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert re.fullmatch(r"\d+ \d+ \* \* \d", data["on"]["schedule"][0]["cron"])
    assert "nox -s linkcheck" in commands(data)


def test_dependabot_updates_python_npm_and_actions_pins():
    data = yaml.safe_load((REPO / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {update["package-ecosystem"] for update in data["updates"]} == {"pip", "npm", "github-actions"}


@pytest.mark.parametrize(
    "schema, files",
    [("vendor.github-workflows", WORKFLOWS), ("vendor.dependabot", [REPO / ".github/dependabot.yml"])],
    ids=["workflows", "dependabot"],
)
def test_github_settings_match_githubs_schemas(schema, files):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_pull_request_template_is_a_checklist():
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^- \[ \] ", text, re.MULTILINE)) >= 5
    assert "nox -s docs" in text
