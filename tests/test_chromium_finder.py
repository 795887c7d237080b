"""Which Chromium the browser tests, the benchmark and the ``pdf`` command use.

Debian's ``chromium`` on the PATH; else the Chromium that ``python -m playwright install
chromium`` put in Playwright's folder; else one line naming both ways to install one
(:func:`spasm_course.frontends.pdf.find_chromium`, which ``tools/loopback.chromium_path``
and so ``tests/browser/conftest.py`` use).  No browser is started: the PATH is a
temporary folder, and Playwright is a stand-in object that says where its Chromium is.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from repo import ROOT

from spasm_course.frontends import pdf

sys.path.insert(0, str(ROOT / "tools"))
import loopback  # noqa: E402  (tools/loopback.py)

APT = "apt-get install chromium"
PLAYWRIGHT = "python -m playwright install chromium"


def _executable(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


class _Untouched:
    """A Playwright that fails the test if it is asked at all."""

    @property
    def chromium(self):
        raise AssertionError("Playwright was asked although chromium is on the PATH")


def _playwright_with(path: Path) -> SimpleNamespace:
    """A started Playwright stand-in whose own Chromium would be at ``path``."""
    return SimpleNamespace(chromium=SimpleNamespace(executable_path=str(path)))


@pytest.fixture
def empty_path(tmp_path, monkeypatch) -> Path:
    """PATH is one empty folder: no chromium, chromium-browser or google-chrome on it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    return folder


def test_debian_chromium_on_the_path_comes_first(empty_path):
    chromium = _executable(empty_path / "chromium")
    assert loopback.chromium_path(_Untouched()) == str(chromium)


def test_else_playwrights_own_chromium(empty_path, tmp_path):
    own = _executable(tmp_path / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome")
    assert loopback.chromium_path(_playwright_with(own)) == str(own)


def test_neither_fails_with_one_line_naming_both_ways_to_install_one(empty_path, tmp_path):
    not_installed = tmp_path / "ms-playwright" / "chromium-1200" / "chrome-linux" / "chrome"
    with pytest.raises(loopback.ChromiumNotFound) as missing:
        loopback.chromium_path(_playwright_with(not_installed))
    message = str(missing.value)
    assert "\n" not in message and APT in message and PLAYWRIGHT in message, message


def test_the_pdf_command_looks_for_chrome_too_and_offers_its_browser_option(empty_path, monkeypatch):
    chrome = _executable(empty_path / "google-chrome")
    assert pdf.find_browser() == str(chrome)
    chrome.unlink()
    monkeypatch.setattr(pdf, "playwright_chromium", lambda playwright=None: None)  # none of its own either
    with pytest.raises(pdf.PdfError) as missing:
        pdf.find_browser()
    message = str(missing.value)
    assert "\n" not in message and APT in message and PLAYWRIGHT in message and "--browser PATH" in message
    assert all(name in message for name in pdf.BROWSERS)


@pytest.mark.slow
def test_a_real_playwright_is_asked_where_its_chromium_would_be(tmp_path):
    """End to end, in a fresh interpreter (no other Playwright running): with nothing on the PATH,
    the finder asks Playwright where its own Chromium is, and uses it once the file is there."""
    env = {**os.environ, "PATH": str(tmp_path / "bin"), "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path / "browsers")}
    ask = ("import sys; sys.path.insert(0, sys.argv[1]); import loopback\n"
           "try:\n    print(loopback.chromium_path())\n"
           "except loopback.ChromiumNotFound as missing:\n    print('MISSING', missing)\n")

    def found() -> str:
        done = subprocess.run([sys.executable, "-c", ask, str(ROOT / "tools")], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    before = found()
    assert before.startswith("MISSING") and APT in before and PLAYWRIGHT in before, before
    where = subprocess.run(
        [sys.executable, "-c", "from playwright.sync_api import sync_playwright\n"
                               "with sync_playwright() as p:\n    print(p.chromium.executable_path)"],
        env=env, capture_output=True, text=True, timeout=120)
    own = Path(where.stdout.strip())
    assert own.is_relative_to(tmp_path / "browsers"), own
    _executable(own)
    assert found() == str(own)
