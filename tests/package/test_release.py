"""A release names one version everywhere: pyproject.toml, the package, the changelog, the template's requirement of it;
the workflow checks the tag."""

import tomllib

import yaml

import groupsite
from builds import REPO


def test_the_package_the_project_and_the_changelog_name_one_version():
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert groupsite.__version__ == version
    headings = [
        line for line in (REPO / "CHANGELOG.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")
    ]
    assert headings[0].startswith(f"## {version} ("), "the newest release comes first in CHANGELOG.md"
    # A site made from the template at this version's tag builds with this version.
    template = yaml.safe_load((REPO / "copier.yml").read_text(encoding="utf-8"))
    assert template["groupsite_source"]["default"] == f"groupsite=={version}"


def test_the_release_workflow_builds_on_a_version_tag_and_publishes_without_a_token():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # YAML reads the key "on" as True
    publish = workflow["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"] == "pypi"
    steps = " ".join(str(step) for job in workflow["jobs"].values() for step in job["steps"])
    assert "password" not in steps and "secrets." not in steps
