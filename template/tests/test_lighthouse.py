"""Lighthouse on one page of each kind, on a phone and on a desktop: what it finds that no timing changes.

Performance depends on the machine and on how the site is served: `nox -s lighthouse` measures it.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lighthouse_scores import CHROMIUM, FORM_FACTORS, LIGHTHOUSE, failing_audits, lighthouse, pages_to_check

pytestmark = pytest.mark.browser
# Each must score 1.00.
CATEGORIES = ["accessibility", "best-practices", "seo"]
# From the performance category, only the layout shift: it counts how far things move, not when.
LAYOUT_SHIFT = ["cumulative-layout-shift", "layout-shifts"]  # the second names what moved
MAX_LAYOUT_SHIFT = 0.1  # what Google calls good
# Audits that must pass whatever their weight. Lighthouse 12 dropped its tap-targets audit: tap targets are
# checked by axe's target-size rule (WCAG 2.2: 24 px square, or that far apart) in the accessibility category.
MUST_PASS = ["meta-description", "target-size"]
KINDS = ["home", "publications", "paper", "person", "thesis offer"]
# Lighthouse spends most of a run waiting for the page to settle: runs side by side take less time in all.
RUNS_AT_ONCE = 2


def unavailable(message: str):
    pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)


@pytest.fixture(scope="module")
def chrome() -> Path:
    """Debian's chromium, or else Playwright's own Chromium (macOS, Windows)."""
    if CHROMIUM.exists():
        return CHROMIUM
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        own = Path(playwright.chromium.executable_path)
    if not own.exists():
        unavailable(f"no browser: install Debian's chromium ({CHROMIUM}) or Playwright's")
    return own


@pytest.fixture(scope="module")
def reports(request, site, served_site, chrome) -> dict:
    """Lighthouse's report on each page and form factor that the selected tests check (a future of it)."""
    if not LIGHTHOUSE.exists():
        unavailable("Lighthouse is not installed: run `npm ci`")
    paths = pages_to_check(site.outdir)
    selected = {
        (item.callspec.params["kind"], item.callspec.params["form_factor"])
        for item in request.session.items
        if item.module is request.module
    }
    with ThreadPoolExecutor(RUNS_AT_ONCE) as runs:
        yield {
            (kind, form_factor): runs.submit(
                lighthouse, served_site + paths[kind], form_factor, CATEGORIES, LAYOUT_SHIFT, chrome=chrome
            )
            for kind, form_factor in sorted(selected)
        }


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("kind", KINDS)
def test_lighthouse_finds_nothing_to_fix(site, reports, kind, form_factor):
    path = pages_to_check(site.outdir)[kind]
    report = reports[kind, form_factor].result()
    audits = report["audits"]

    problems = []
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        if score < 1:
            problems.append(f"{category} {score:.2f}: {', '.join(failing_audits(report, category))}")
    for audit in (audits[name] for name in MUST_PASS):
        failing = audit["score"] != 1 and audit["scoreDisplayMode"] != "notApplicable"
        if failing and not any(audit["id"] in problem for problem in problems):  # once, if its category names it
            problems.append(f"{audit['id']} ({audit['title']})")
    shift = audits["cumulative-layout-shift"]["numericValue"]
    if shift > MAX_LAYOUT_SHIFT:
        moved = [item["node"].get("selector", "?") for item in audits["layout-shifts"]["details"]["items"]]
        problems.append(f"cumulative-layout-shift {shift:.3f} > {MAX_LAYOUT_SHIFT} (moved: {', '.join(moved)})")
    assert not problems, f"{kind} page ({path}), {form_factor}:\n  " + "\n  ".join(problems)
