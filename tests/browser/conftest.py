"""Browser fixtures: the built student site served on 127.0.0.1, and Debian's Chromium.

* ``site_url`` serves ``student_site`` (tests/conftest.py builds it once per
  session) with ``http.server`` on a free port, in a thread
  (``tools/loopback.py``, which the benchmark uses too).
* ``browser`` is one Chromium for the session (``/usr/bin/chromium`` through
  Playwright's sync API; Playwright never downloads a browser here).
* ``page`` is a fresh context and page per test.  It records console errors,
  uncaught exceptions and every request to a host other than 127.0.0.1 in
  ``page.problems`` (see :class:`Watch`).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from repo import ROOT
from site_helpers import Watch

sys.path.insert(0, str(ROOT / "tools"))
from loopback import CHROMIUM_ARGS, serve  # noqa: E402  (tools/loopback.py, shared with the benchmark)


@pytest.fixture(scope="session")
def site_dir(request) -> Path:
    """The built student site.  ``SPASM_SITE_HTML=<_build/html>`` reuses a build
    made beforehand (for quick runs while developing); else ``student_site``."""
    ready = os.environ.get("SPASM_SITE_HTML", "").strip()
    if ready:
        return Path(ready)
    return request.getfixturevalue("student_site")


@pytest.fixture(scope="session")
def site_url(site_dir):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is needed for the browser tests (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context, site_url):
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = Watch(page, site_url)
    return page
