"""Every kind of page passes axe-core in light and dark mode, and every page passes the Nu HTML Checker."""

import json
import os
import shutil
import subprocess

import pytest

from builds import REPO

pytestmark = pytest.mark.browser
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def needed(path, what: str):
    """The checker's file; in CI a missing one fails the test, elsewhere it is skipped."""
    if not path.exists():
        message = f"{what} is not installed: run `npm ci`"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    return path


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(served_site, browser, kind_of_page, scheme):
    path = kind_of_page
    context = browser.new_context(color_scheme=scheme, base_url=served_site)
    page = context.new_page()
    page.goto(path)
    if path.startswith("search"):
        page.locator("#search-results p.search-summary").wait_for()
    if path.startswith("research/index"):
        # Open toggles show their content to the checker too.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.add_script_tag(path=str(needed(AXE, "axe-core")))
    violations = page.evaluate("axe.run(document).then(result => result.violations)")
    context.close()
    assert [(v["id"], v["impact"], [node["target"] for node in v["nodes"]]) for v in violations] == []


def test_every_page_is_valid_html(site):
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java for the Nu HTML Checker") if os.environ.get("CI") else pytest.skip("no Java")
    checker = needed(VNU, "vnu-jar")
    result = subprocess.run(
        [java, "-jar", str(checker), "--skip-non-html", "--errors-only", "--format", "json", str(site.outdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    assert [(m.get("url", "").split("/html/")[-1], m.get("message")) for m in messages] == []
    assert result.returncode == 0
