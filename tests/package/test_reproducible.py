"""Two clean builds of one commit give the same site byte for byte; raw HTML and bad front matter are caught."""

import os
import subprocess
import sys

from builds import Build
from package_roots import copy_root


def test_two_clean_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    sites = []
    for name in ("first", "second"):  # two folders, as two machines would have
        build = Build(copy_root("lab", tmp_path / name))
        assert build.warnings == ""
        files = [path for path in build.outdir.rglob("*") if path.is_file()]
        sites.append({path.relative_to(build.outdir): path.read_bytes() for path in files})
    first, second = sites
    assert first.keys() == second.keys()
    assert len(first) > 100
    assert [path for path in first if first[path] != second[path]] == []


def test_raw_html_in_markdown_is_text_unless_the_page_opts_in(tmp_path):
    site = copy_root("lab", tmp_path / "site")
    (site / "raw.md").write_text("# Raw\n\n<script>alert(1)</script>\n\nA <b>bold</b> claim.\n", encoding="utf-8")
    opted = '---\nmyst:\n  disable_syntax: []\n---\n# Opted in\n\n<div class="map">A map</div>\n'
    (site / "opted.md").write_text(opted, encoding="utf-8")
    index = (site / "index.md").read_text(encoding="utf-8")
    (site / "index.md").write_text(index.replace("theses/index\n```", "theses/index\nraw\nopted\n```"))
    build = Build(site)
    assert build.warnings == ""
    raw = build.article("raw")
    assert not raw.find("script") and not raw.find("b")
    assert "<script>alert(1)</script>" in raw.get_text()
    assert build.article("opted").select_one("div.map").get_text() == "A map"


def test_malformed_front_matter_fails_naming_the_file(tmp_path):
    site = copy_root("lab", tmp_path / "site")
    offer = site / "theses/offers/imaging-fog.md"
    offer.write_text(offer.read_text(encoding="utf-8").replace("supervisor:", "supervisor: [unclosed"))
    build = Build(site)
    assert "imaging-fog.md:1: WARNING: Malformed YAML" in build.warnings


def test_builds_in_processes_of_other_hash_seeds_are_byte_identical(tmp_path):
    """As two machines build: each process orders sets its own way (PYTHONHASHSEED), and no file may show it."""
    sites = []
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        built = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-d", str(out / "doctrees"),
             str(copy_root("lab", tmp_path / f"src-{seed}")), str(out / "html")],
            env={**os.environ, "PYTHONHASHSEED": seed, "SOURCE_DATE_EPOCH": "1700000000"},
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert built.returncode == 0, built.stderr
        html = out / "html"
        # but Sphinx's note of the settings, which names each build's own cache folder (the favicon is drawn there)
        sites.append(
            {p.relative_to(html): p.read_bytes() for p in html.rglob("*") if p.is_file() and p.name != ".buildinfo"}
        )
    first, *others = sites
    for other in others:
        assert first.keys() == other.keys()
        assert [str(path) for path in first if first[path] != other[path]] == []
