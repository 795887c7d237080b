"""What the build writes for offline use (issue 23): the worker, its file list and build id, the
manifest and icon, the build id on every page, and the off switch.  The browser tests
(tests/browser/test_offline.py) check that it works."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from repo import ROOT
from spasm_course.sphinx import offline
from spasm_course.sphinx.site import front_end_folder


def worker_config(site: Path) -> dict:
    text = (site / offline.WORKER).read_text(encoding="utf-8")
    found = re.match(r"var CONFIG = (\{.*?\});\n", text)
    assert found, text[:200]
    return json.loads(found.group(1))


@pytest.mark.parametrize("value, config, expected", [
    ("", True, True), ("", False, False), ("0", True, False), ("off", True, False), ("1", False, True),
    ("true", False, True), ("whatever", False, False),
])
def test_the_environment_can_turn_offline_use_off_or_on(monkeypatch, value, config, expected):
    monkeypatch.setenv(offline.ENV_OFFLINE, value)
    assert offline.offline_on(SimpleNamespace(spasm_offline=config)) is expected


def test_the_file_list_leaves_out_sources_maps_pdfs_and_bookkeeping(tmp_path):
    for name in ("index.html", "book/intro.html", "_static/a.js", "_static/a.js.map", "_static/s.css",
                 "_sources/book/intro.md", "workbook.pdf", "sw.js", ".buildinfo", "objects.inv",
                 "searchindex.js", "spasm_course/content/figures/x.svg", "manifest.webmanifest"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert offline.precache_files(tmp_path) == [
        "_static/a.js", "_static/s.css", "book/intro.html", "index.html", "manifest.webmanifest",
        "searchindex.js", "spasm_course/content/figures/x.svg"]


def test_the_build_id_follows_the_contents_not_the_pages_own_stamp(tmp_path):
    (tmp_path / "a.html").write_text('<script data-sc-build="unbuilt"></script>', encoding="utf-8")
    (tmp_path / "b.css").write_text("p{}", encoding="utf-8")
    files = ["a.html", "b.css"]
    first = offline.build_id(tmp_path, files, "student", "0.1.0 (commit abc1234)")
    assert re.fullmatch(r"0\.1\.0-commit-abc1234-student-[0-9a-f]{12}", first)
    (tmp_path / "a.html").write_text(f'<script data-sc-build="{first}"></script>', encoding="utf-8")
    assert offline.build_id(tmp_path, files, "student", "0.1.0 (commit abc1234)") == first
    assert offline.build_id(tmp_path, files, "instructor", "0.1.0 (commit abc1234)") != first
    (tmp_path / "b.css").write_text("p{color:red}", encoding="utf-8")
    assert offline.build_id(tmp_path, files, "student", "0.1.0 (commit abc1234)") != first


def test_the_icon_is_the_logo_on_a_square():
    icon = offline.icon_svg((ROOT / "book" / "images" / "logo.svg").read_text(encoding="utf-8"))
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', icon).groups()
    assert width == height and "<path" in icon and "<title>" not in icon


# ----------------------------------------------------------------- the built student site


def test_the_worker_lists_every_page_and_is_small(student_site):
    config = worker_config(student_site)
    assert config["offline"] is True and config["edition"] == "student"
    pages = {p.relative_to(student_site).as_posix() for p in student_site.rglob("*.html")
             if "_sources" not in p.parts}
    assert pages <= set(config["files"])
    assert "searchindex.js" in config["files"] and any(f.endswith(".svg") for f in config["files"])
    assert not [f for f in config["files"] if f.startswith("_sources/") or f.endswith((".pdf", ".map"))]
    assert len(gzip.compress((student_site / offline.WORKER).read_bytes(), 9)) <= 6 * 1024
    packed = sum(len(gzip.compress((student_site / f).read_bytes(), 6)) for f in config["files"])
    assert packed <= offline.MAX_PRECACHE_GZIPPED, packed


def test_every_page_and_the_script_carry_the_workers_build_id(student_site):
    build = worker_config(student_site)["build"]
    unstamped = []
    for page in student_site.rglob("*.html"):
        if "_sources" in page.parts or "_static" in page.parts:
            continue
        stamps = set(offline.BUILD_ATTRIBUTE.findall(page.read_text(encoding="utf-8")))
        if not stamps:
            unstamped.append(page.relative_to(student_site).as_posix())
            continue
        assert stamps == {f'data-sc-build="{build}"'}, page
    assert unstamped == ["index.html"]  # Jupyter Book's redirect to the home page: no script at all
    script = (student_site / "_static" / front_end_folder() / offline.OFFLINE_ENTRY).read_text(encoding="utf-8")
    assert f'var BUILD = "{build}";' in script


def test_the_manifest_makes_the_course_installable_within_its_folder(student_site):
    manifest = json.loads((student_site / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["start_url"] == manifest["scope"] == "./" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"] and manifest["background_color"]
    icon = manifest["icons"][0]
    assert (student_site / icon["src"]).is_file() and icon["sizes"] == "any"
    intro = (student_site / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'rel="manifest" href="../manifest.webmanifest"' in intro
    assert intro.count('name="theme-color"') == 2


def test_the_instructor_edition_has_its_own_copy(instructor_site, student_site):
    assert worker_config(instructor_site)["edition"] == "instructor"
    assert worker_config(instructor_site)["build"] != worker_config(student_site)["build"]
