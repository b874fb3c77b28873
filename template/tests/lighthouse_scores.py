"""Lighthouse's scores for one page of each kind, on a phone and on a desktop, served as a host serves the site."""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from compressed_server import serving

REPO = Path(__file__).resolve().parent.parent
# Its command-line script, run with node: node_modules/.bin/lighthouse does not run on Windows.
LIGHTHOUSE = REPO / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = Path("/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
FORM_FACTORS = ["mobile", "desktop"]
# What each category must reach on every page checked.
TARGETS = {"performance": 0.95, "accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}


def pages_to_check(site: Path) -> dict[str, str]:
    """One page of each kind a visitor comes to (name: path in the built site), the first of its folder."""

    def first(folder: str) -> str:
        pages = sorted(path.name for path in (site / folder).glob("*.html") if path.name != "index.html")
        if not pages:
            raise LookupError(f"the build has no page in {folder}/")
        return f"{folder}/{pages[0]}"

    return {
        "home": "index.html",
        "publications": "research/index.html",
        "paper": first("research/papers"),
        "person": first("people"),
        "thesis offer": first("theses/offers"),
    }


def lighthouse(url: str, form_factor: str, categories: list[str], audits: list[str] = (), chrome: Path = CHROMIUM):
    """Lighthouse's report on one page (its JSON, read), for the given categories and any audits from others."""
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(categories)}",
        "--disable-full-page-screenshot",  # only the HTML report shows it
        "--chrome-flags=--headless=new --no-sandbox",  # no sandbox: CI runs as root
    ]
    if audits:
        command.append(f"--only-audits={','.join(audits)}")  # added to the categories' audits
    if form_factor == "desktop":
        command.append("--preset=desktop")
    result = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": str(chrome)}, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"Lighthouse failed on {url} ({form_factor}):\n{result.stderr}")
    return json.loads(result.stdout)


def failing_audits(report: dict, category: str) -> list[str]:
    """The audits that cost the category points: "id (title)", worst first."""
    audits = report["audits"]
    refs = [ref for ref in report["categories"][category]["auditRefs"] if ref["weight"] > 0]
    failing = [audits[ref["id"]] for ref in refs if audits[ref["id"]]["score"] not in (None, 1)]
    return [f"{audit['id']} ({audit['title']})" for audit in sorted(failing, key=lambda audit: audit["score"])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("site", type=Path, nargs="?", default=REPO / "_build" / "html", help="the built site")
    options = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run `npm ci`")
    rows, short = [], []
    with serving(options.site) as root:
        # One run at a time: runs side by side would slow each other's pages down.
        for name, path in pages_to_check(options.site).items():
            for form_factor in FORM_FACTORS:
                report = lighthouse(root + path, form_factor, CATEGORIES)
                scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
                metrics = report["audits"]
                rows.append(
                    f"| {name} (`{path}`) | {form_factor} | "
                    + " | ".join(f"{scores[category]:.2f}" for category in CATEGORIES)
                    + f" | {metrics['largest-contentful-paint']['numericValue'] / 1000:.1f}"
                    + f" | {metrics['cumulative-layout-shift']['numericValue']:.3f} |"
                )
                for category in CATEGORIES:
                    if scores[category] < TARGETS[category]:
                        why = ", ".join(failing_audits(report, category))
                        short.append(f"{name}, {form_factor}: {category} {scores[category]:.2f}: {why}")
                print(f"{name}, {form_factor}: performance {scores['performance']:.2f}", file=sys.stderr, flush=True)
    print("| page | form factor | performance | accessibility | best practices | SEO | LCP (s) | CLS |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if short:
        print("\nBelow target (performance 0.95, the others 1.00):", *short, sep="\n")
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
