"""Times builds of the site with generated entries added, next to stock sphinxcontrib-bibtex or an older commit."""

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
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from generate_entries import entries

REPO = Path(__file__).resolve().parent.parent
LANGUAGE = ""  # the language builds are made in (--language); empty for the pages' own
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
# A step whose median is this much slower than the baseline's is flagged: the issue that makes it must say why.
# Two copies of one commit, five runs each, came out 0.82 to 1.17 apart on the 2-core build machine: before
# explaining a flag, run that size again with more runs.
SLOWER = 1.10
# Fewer runs than this leave a median that one slow run can move, on a machine whose speed drifts by 30%.
BASELINE_MIN_RUNS = 5


@dataclass
class Variant:
    """A site to time: where it is, how many entries it holds, the page an unrelated edit touches, the list page."""

    name: str
    source: Path
    entries: int
    unrelated_page: str
    list_page: str
    strict: bool = True  # stock is timed as it comes, warnings or not


@dataclass
class Result:
    """One site's timings in seconds per step, and what its last build wrote."""

    variant: str
    entries: int
    seconds: dict[str, list[float]] = field(default_factory=dict)
    peak_mb: float = 0.0
    list_page_gzip_kb: float = 0.0
    largest_page_kb: float = 0.0
    largest_page: str = ""
    pages: int = 0

    def median(self, step: str) -> float:
        """The step's median time in seconds."""
        return statistics.median(self.seconds[step])


def count_entries(bib: Path) -> int:
    """How many entries a .bib file holds."""
    return len(re.findall(r"^@\w+\{", bib.read_text(encoding="utf-8"), re.MULTILINE))


def site_copy(tree: Path, destination: Path, extra_entries: int, name: str = "this site") -> Variant:
    """The site in tree, with extra_entries generated entries appended to its refs.bib."""
    shutil.copytree(tree, destination, ignore=NOT_SITE)
    if extra_entries:
        with (destination / "refs.bib").open("a", encoding="utf-8") as bib:
            bib.write("\n" + entries(extra_entries, site=tree))
    total = count_entries(destination / "refs.bib")
    return Variant(name, destination, total, "teaching/index.md", "research/index.html")


def stock_copy(destination: Path, extra_entries: int) -> Variant:
    """A plain Furo site whose one page is sphinxcontrib-bibtex's `bibliography :all:` of the same refs.bib."""
    destination.mkdir(parents=True)
    (destination / "conf.py").write_text(STOCK_CONF, encoding="utf-8")
    (destination / "index.md").write_text(STOCK_INDEX, encoding="utf-8")
    (destination / "about.md").write_text(STOCK_ABOUT, encoding="utf-8")
    bib = (REPO / "refs.bib").read_text(encoding="utf-8")
    if extra_entries:
        bib += "\n" + entries(extra_entries, site=REPO)
    (destination / "refs.bib").write_text(bib, encoding="utf-8")
    total = count_entries(destination / "refs.bib")
    return Variant("stock", destination, total, "about.md", "index.html", strict=False)


def sphinx_build(source: Path, strict: bool) -> tuple[float, float]:
    """Runs sphinx-build as `nox -s docs` does; returns (seconds, peak memory in MB)."""
    # A process of its own for each build: two commits' packages share module names. A copy's own package comes
    # first: src/ on PYTHONPATH, or, in commits from before src/, the _ext/ its conf.py puts on sys.path.
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", "_build/doctrees", ".", "_build/html"]
    if strict:
        command[3:3] = ["-n", "-W", "--keep-going"]
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    if LANGUAGE:  # another of the site's languages, as `nox -s docs` builds it; a commit without them builds its own
        environment["SITE_LANGUAGE"] = LANGUAGE
    if (source / "src" / "groupsite").is_dir():
        environment["PYTHONPATH"] = str(source / "src")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=source, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"sphinx-build failed in {source}:\n{stderr.decode()}")
    return seconds, usage.ru_maxrss / 1024


def append_line(path: Path, run: int) -> None:
    """Adds a line to a page, as a contributor editing it does."""
    with path.open("a", encoding="utf-8") as page:
        page.write(f"\nAn edit, number {run}.\n")


def retitle_last_entry(bib: Path, run: int) -> None:
    """Changes the title of the file's last entry, as a contributor fixing a typo does."""
    text = bib.read_text(encoding="utf-8")
    start = text.rindex("title = {") + len("title = {")
    end = text.index("}", start)
    bib.write_text(text[:start] + f"Edited title {run}" + text[end:], encoding="utf-8")


# What each timed step does to a site before its build, given the run's number.
STEPS: dict[str, Callable[[Variant, int], None]] = {
    "full build": lambda site, run: shutil.rmtree(site.source / "_build", ignore_errors=True),
    "no change": lambda site, run: None,
    "page edit": lambda site, run: append_line(site.source / site.unrelated_page, run),
    "entry edit": lambda site, run: retitle_last_entry(site.source / "refs.bib", run),
}


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
    """The file's size once gzipped, in KB."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) / 1024


def page_weight(outdir: Path, page: str) -> float:
    """The page's HTML, CSS and JavaScript, each gzipped, in KB."""
    html = outdir / page
    parser = Assets()
    parser.feed(html.read_text(encoding="utf-8"))
    assets = {(html.parent / href.split("?")[0]).resolve() for href in parser.files if "://" not in href}
    return gzip_kb(html) + sum(gzip_kb(asset) for asset in assets)


def measure(variants: list[Variant], runs: int) -> list[Result]:
    """Times each step runs times on every site, the sites taking turns within each run."""
    results = [Result(variant.name, variant.entries) for variant in variants]
    sites = list(zip(variants, results, strict=True))
    for step in STEPS:
        for run in range(runs):
            # The order turns round every run (AB BA AB ...): a drift of the machine's speed during a pair of
            # builds then favours neither site.
            for variant, result in sites if run % 2 == 0 else reversed(sites):
                time_step(variant, result, step, run)
        for result in results:
            print(f"  {result.variant}, {result.entries} entries, {step}: {result.median(step):.2f} s", file=sys.stderr)
    for variant, result in sites:
        describe_output(variant, result)
    return results


def time_step(variant: Variant, result: Result, step: str, run: int) -> None:
    """Prepares the site for the step, builds it, and adds the time and the memory to its result."""
    STEPS[step](variant, run)
    seconds, peak = sphinx_build(variant.source, variant.strict)
    result.seconds.setdefault(step, []).append(round(seconds, 3))
    result.peak_mb = max(result.peak_mb, round(peak, 1))


def describe_output(variant: Variant, result: Result) -> None:
    """Records the weight of the list page and the largest page of the site's last build."""
    outdir = variant.source / "_build/html"
    result.list_page_gzip_kb = round(page_weight(outdir, variant.list_page), 1)
    pages = list(outdir.rglob("*.html"))
    largest = max(pages, key=lambda page: page.stat().st_size)
    result.largest_page_kb = round(largest.stat().st_size / 1024, 1)
    result.largest_page = str(largest.relative_to(outdir))
    result.pages = len(pages)


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


def write(results: list[Result], output: Path) -> None:
    """Writes bench.md and bench.json."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "bench.md").write_text(table(results) + "\n", encoding="utf-8")
    (output / "bench.json").write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n", encoding="utf-8")


def bench_stock(args: argparse.Namespace, scratch: Path) -> None:
    """This site at each size, each followed by stock sphinxcontrib-bibtex on the same refs.bib."""
    results = []
    for count in args.entries:
        variants = [site_copy(REPO, scratch / f"site-{count}", count)]
        if not args.no_stock and count:
            variants.append(stock_copy(scratch / f"stock-{count}", count))
        for variant in variants:
            results += measure([variant], args.runs)
            shutil.rmtree(variant.source)
            write(results, args.output)  # after each site: a long run stopped early keeps what it measured
    print(table(results))
    print(f"\nWritten to {args.output}/bench.md and bench.json", file=sys.stderr)


# -- Against an older commit (--baseline) --------------------------------------


def git(*arguments: str) -> str:
    """Runs git in the repository; returns its output."""
    return subprocess.run(["git", *arguments], cwd=REPO, capture_output=True, text=True, check=True).stdout


def resolve(ref: str) -> str:
    """The commit ref names, or exits saying it names none."""
    try:
        return git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except subprocess.CalledProcessError:
        sys.exit(f"--baseline {ref}: no such commit in {REPO}")


def unpack(commit: str, destination: Path) -> None:
    """Writes the commit's files to destination."""
    # `git archive` rather than `git worktree add`: the repository's own state (its list of worktrees, its index)
    # stays as it is, for anyone working in it while the bench runs.
    destination.mkdir(parents=True)
    archive = subprocess.Popen(["git", "archive", "--format=tar", commit], cwd=REPO, stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(destination)], stdin=archive.stdout, check=True)
    archive.stdout.close()
    if archive.wait() != 0:
        sys.exit(f"git archive {commit} failed")


def checkout_label() -> str:
    """This checkout's commit, and whether its tracked files differ from it."""
    head = git("rev-parse", "--short", "HEAD").strip()
    # Untracked files count too: the site copy takes them along.
    changed = git("status", "--porcelain").strip() != ""
    return f"{head} + uncommitted changes" if changed else head


def pins(text: str) -> set[str]:
    """The lines of a requirements file that are not comments."""
    return {line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")}


def differences(ref: str, tree: Path) -> list[str]:
    """What besides the code tells the two sites apart: the pinned requirements and refs.bib."""
    notes = []
    ours, theirs = REPO / "requirements.txt", tree / "requirements.txt"
    old = pins(theirs.read_text(encoding="utf-8")) if theirs.exists() else set()
    new = pins(ours.read_text(encoding="utf-8"))
    if old != new:
        # The bench session installed this checkout's pins; the baseline ran with them, not with its own.
        notes.append(
            f"{ref}'s requirements.txt differs from this checkout's, and both sites ran with this checkout's pins. "
            f"Only in {ref}: {', '.join(sorted(old - new)) or 'nothing'}; "
            f"only here: {', '.join(sorted(new - old)) or 'nothing'}."
        )
    if (tree / "refs.bib").read_bytes() != (REPO / "refs.bib").read_bytes():
        notes.append(
            f"{ref}'s refs.bib differs from this checkout's ({count_entries(tree / 'refs.bib')} entries against "
            f"{count_entries(REPO / 'refs.bib')}): the sites differ in content as well as in code."
        )
    return notes


def spread(seconds: list[float]) -> str:
    """The fastest and the slowest run."""
    return f"{min(seconds):.2f}–{max(seconds):.2f}"


def comparison(pairs: list[tuple[Result, Result]]) -> list[dict]:
    """One row per size and step, from each pair of results (old, new)."""
    return [compare(old, new, step) for old, new in pairs for step in old.seconds]


def compare(old: Result, new: Result, step: str) -> dict:
    """Both medians, every run's time, the ratio new/old, and whether it is flagged."""
    ratio = new.median(step) / old.median(step)
    return {
        "entries": new.entries,
        "step": step,
        "old_median": round(old.median(step), 3),
        "old_seconds": old.seconds[step],
        "new_median": round(new.median(step), 3),
        "new_seconds": new.seconds[step],
        "ratio": round(ratio, 3),
        "slower": round(ratio, 2) > SLOWER,  # as the table shows it: a flagged row never reads 1.10
    }


def comparison_table(rows: list[dict], old_label: str, new_label: str, runs: int) -> str:
    """The rows as Markdown, with the medians and the spreads in seconds."""
    head = ["entries", "step", "old median", "old min–max", "new median", "new min–max", "new/old", ""]
    lines = [
        f"Old: {old_label}. New: this checkout, {new_label}. {runs} runs of each step on each site, the two taking "
        f"turns; seconds. Flagged: a median more than {SLOWER - 1:.0%} slower.",
        "",
        "| " + " | ".join(head) + " |",
        "|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        cells = [
            f"{row['entries']:,}", row["step"],
            f"{row['old_median']:.2f}", spread(row["old_seconds"]),
            f"{row['new_median']:.2f}", spread(row["new_seconds"]),
            f"{row['ratio']:.2f}", "**slower**" if row["slower"] else "",
        ]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_comparison(report: dict, markdown: str, output: Path) -> None:
    """Writes baseline.md and baseline.json, next to bench.md."""
    output.mkdir(parents=True, exist_ok=True)
    (output / "baseline.md").write_text(markdown + "\n", encoding="utf-8")
    (output / "baseline.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def comparison_report(report: dict, pairs: list[tuple[Result, Result]]) -> str:
    """Fills in the report's rows and results; returns it as Markdown: the table, then the notes."""
    report["rows"] = comparison(pairs)
    report["results"] = [asdict(result) for pair in pairs for result in pair]
    markdown = comparison_table(report["rows"], report["baseline"], report["checkout"], report["runs"])
    return "\n\n".join([markdown, *(f"Note: {note}" for note in report["notes"])])


def bench_baseline(args: argparse.Namespace, scratch: Path) -> None:
    """This checkout against the commit --baseline names, at each size, their builds taking turns."""
    commit = resolve(args.baseline)
    tree = scratch / "baseline"
    unpack(commit, tree)
    # "HEAD~1 (f74752c)": the name given, and the commit it named on the day.
    old_label = commit[:7] if commit.startswith(args.baseline) else f"{args.baseline} ({commit[:7]})"
    report = {
        "baseline": old_label,
        "baseline_commit": commit,
        "checkout": checkout_label(),
        "runs": args.runs,
        "notes": differences(args.baseline, tree),
    }
    for note in report["notes"]:
        print(f"Note: {note}", file=sys.stderr)
    pairs = []
    for count in args.entries:
        # The same generated entries on both sides (this checkout's generator), so only the code differs.
        old = site_copy(tree, scratch / f"baseline-{count}", count, name=f"baseline {old_label}")
        new = site_copy(REPO, scratch / f"site-{count}", count, name="this checkout")
        pairs.append(tuple(measure([old, new], args.runs)))
        shutil.rmtree(old.source)
        shutil.rmtree(new.source)
        markdown = comparison_report(report, pairs)
        write_comparison(report, markdown, args.output)  # after each size: a run stopped early keeps its results
    print(markdown)
    print(f"\nWritten to {args.output}/baseline.md and baseline.json", file=sys.stderr)


def main() -> None:
    """Parses the options and runs the chosen comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, nargs="+", default=[0, 1000, 5000, 10000],
                        help="how many generated entries to add to refs.bib (0: the real site)")  # fmt: skip
    parser.add_argument("--runs", type=int,
                        help=f"runs per step; the table shows their median (default 3; {BASELINE_MIN_RUNS} "
                        "and at least that many with --baseline)")  # fmt: skip
    parser.add_argument("--no-stock", action="store_true", help="skip stock sphinxcontrib-bibtex")
    parser.add_argument("--baseline", metavar="REF",
                        help="compare this checkout with the commit REF names (e.g. HEAD~1) instead of with stock; "
                        "writes baseline.md and baseline.json")  # fmt: skip
    parser.add_argument("--output", type=Path, default=REPO / "_build/bench", help="where the results go")
    parser.add_argument("--language", default="",
                        help="build this checkout in another of the site's languages (e.g. de), as `nox -s docs` "
                        "does; a baseline from before the site had languages builds its only one")  # fmt: skip
    args = parser.parse_args()
    global LANGUAGE
    LANGUAGE = args.language
    if args.runs is None:
        args.runs = BASELINE_MIN_RUNS if args.baseline else 3
    if args.baseline and args.runs < BASELINE_MIN_RUNS:
        parser.error(f"--baseline needs --runs {BASELINE_MIN_RUNS} or more: the machine's speed drifts too much")
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        if args.baseline:
            bench_baseline(args, Path(scratch))
        else:
            bench_stock(args, Path(scratch))


if __name__ == "__main__":
    main()
