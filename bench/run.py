"""Times builds of the site with generated entries added, next to stock sphinxcontrib-bibtex, and prints a table."""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generate_entries import entries

REPO = Path(__file__).resolve().parent.parent
# What a copy of the site leaves out: builds, caches, tooling and the tests.
NOT_SITE = shutil.ignore_patterns(
    "_build", ".git", ".nox", ".pytest_cache", "__pycache__", ".venv", "venv", "node_modules", "tests", "bench"
)
STOCK_CONF = """\
project = "Stock sphinxcontrib-bibtex"
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
html_theme = "furo"
bibtex_bibfiles = ["refs.bib"]
exclude_patterns = ["_build"]
"""
STOCK_INDEX = """\
# Publications

```{toctree}
about
```

```{bibliography}
:all:
```
"""
STOCK_ABOUT = "# About\n\nA page that cites nothing.\n"


@dataclass
class Variant:
    """A site to time: where it is, which page an unrelated edit touches, and which page lists the papers."""

    name: str
    source: Path
    unrelated_page: str
    list_page: str


@dataclass
class Result:
    variant: str
    entries: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: float = 0.0
    list_page_gzip_kb: float = 0.0
    largest_page_kb: float = 0.0
    largest_page: str = ""
    pages: int = 0

    def median(self, step: str) -> float:
        return statistics.median(self.seconds[step])


def site_copy(destination: Path, extra_entries: int) -> Variant:
    """The real site, with extra_entries generated entries appended to its refs.bib."""
    shutil.copytree(REPO, destination, ignore=NOT_SITE)
    if extra_entries:
        with (destination / "refs.bib").open("a", encoding="utf-8") as bib:
            bib.write("\n" + entries(extra_entries))
    return Variant("this site", destination, "teaching/index.md", "research/index.html")


def stock_copy(destination: Path, extra_entries: int) -> Variant:
    """A plain Furo site whose one page is sphinxcontrib-bibtex's `bibliography :all:` of the same refs.bib."""
    destination.mkdir(parents=True)
    (destination / "conf.py").write_text(STOCK_CONF, encoding="utf-8")
    (destination / "index.md").write_text(STOCK_INDEX, encoding="utf-8")
    (destination / "about.md").write_text(STOCK_ABOUT, encoding="utf-8")
    bib = (REPO / "refs.bib").read_text(encoding="utf-8")
    if extra_entries:
        bib += "\n" + entries(extra_entries)
    (destination / "refs.bib").write_text(bib, encoding="utf-8")
    return Variant("stock", destination, "about.md", "index.html")


def sphinx_build(source: Path, strict: bool) -> tuple[float, float]:
    """Runs sphinx-build as `nox -s docs` does; returns (seconds, peak memory in MB)."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", "_build/doctrees", ".", "_build/html"]
    if strict:
        command[3:3] = ["-n", "-W", "--keep-going"]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=source, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"sphinx-build failed in {source}:\n{stderr.decode()}")
    return seconds, usage.ru_maxrss / 1024


def append_line(path: Path, run: int) -> None:
    with path.open("a", encoding="utf-8") as page:
        page.write(f"\nAn edit, number {run}.\n")


def retitle_last_entry(bib: Path, run: int) -> None:
    """Changes the title of the file's last entry, as a contributor fixing a typo does."""
    text = bib.read_text(encoding="utf-8")
    start = text.rindex("title = {") + len("title = {")
    end = text.index("}", start)
    bib.write_text(text[:start] + f"Edited title {run}" + text[end:], encoding="utf-8")


class Assets(HTMLParser):
    """The local stylesheets and scripts a page loads."""

    def __init__(self):
        super().__init__()
        self.files: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.files.append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.files.append(attrs["src"])


def gzip_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) / 1024


def page_weight(outdir: Path, page: str) -> float:
    """The page's HTML, CSS and JavaScript, each gzipped, in KB."""
    html = outdir / page
    parser = Assets()
    parser.feed(html.read_text(encoding="utf-8"))
    assets = {(html.parent / href.split("?")[0]).resolve() for href in parser.files if "://" not in href}
    return gzip_kb(html) + sum(gzip_kb(asset) for asset in assets)


def measure(variant: Variant, count: int, runs: int) -> Result:
    result = Result(variant.name, count)
    strict = variant.name != "stock"  # stock is timed as it comes, warnings or not
    steps = {
        "full build": lambda run: shutil.rmtree(variant.source / "_build", ignore_errors=True),
        "no change": lambda run: None,
        "page edit": lambda run: append_line(variant.source / variant.unrelated_page, run),
        "entry edit": lambda run: retitle_last_entry(variant.source / "refs.bib", run),
    }
    peaks = []
    for step, prepare in steps.items():
        result.seconds[step] = []
        for run in range(runs):
            prepare(run)
            seconds, peak = sphinx_build(variant.source, strict)
            result.seconds[step].append(round(seconds, 3))
            peaks.append(peak)
        print(f"  {variant.name}, {count} entries, {step}: {result.median(step):.2f} s", file=sys.stderr)
    outdir = variant.source / "_build/html"
    result.peak_mb = round(max(peaks), 1)
    result.list_page_gzip_kb = round(page_weight(outdir, variant.list_page), 1)
    pages = list(outdir.rglob("*.html"))
    largest = max(pages, key=lambda page: page.stat().st_size)
    result.largest_page_kb = round(largest.stat().st_size / 1024, 1)
    result.largest_page = str(largest.relative_to(outdir))
    result.pages = len(pages)
    return result


def table(results: list[Result]) -> str:
    """The results as Markdown: medians in seconds, and this site's speed-up over stock."""
    steps = list(results[0].seconds)
    head = ["site", "entries", *steps, "peak MB", "list page gzip KB", "largest page KB"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    stock = {r.entries: r for r in results if r.variant == "stock"}
    for r in results:
        cells = [r.variant, f"{r.entries:,}"]
        for step in steps:
            cell = f"{r.median(step):.2f}"
            if r.variant != "stock" and r.entries in stock:
                cell += f" ({stock[r.entries].median(step) / r.median(step):.1f}x)"
            cells.append(cell)
        cells += [f"{r.peak_mb:.0f}", f"{r.list_page_gzip_kb:.0f}", f"{r.largest_page_kb:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[0, 1000, 5000, 10000],
                        help="how many generated entries to add to refs.bib (0: the real site)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs per step; the table shows their median")
    parser.add_argument("--no-stock", action="store_true", help="skip stock sphinxcontrib-bibtex")
    parser.add_argument("--output", type=Path, default=REPO / "_build/bench", help="where bench.md and .json go")
    args = parser.parse_args()
    results = []
    real_entries = len(re.findall(r"^@\w+\{", (REPO / "refs.bib").read_text(encoding="utf-8"), re.MULTILINE))
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        for count in args.entries:
            variants = [site_copy(Path(scratch, f"site-{count}"), count)]
            if not args.no_stock and count:
                variants.append(stock_copy(Path(scratch, f"stock-{count}"), count))
            for variant in variants:
                results.append(measure(variant, count + real_entries, args.runs))
                shutil.rmtree(variant.source)
                write(results, args.output)  # after each site: a long run stopped early keeps what it measured
    print(table(results))
    print(f"\nWritten to {args.output}/bench.md and bench.json", file=sys.stderr)


def write(results: list[Result], output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    (output / "bench.md").write_text(table(results) + "\n", encoding="utf-8")
    (output / "bench.json").write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
