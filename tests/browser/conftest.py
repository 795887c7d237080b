"""Browser fixtures: the built student site served on 127.0.0.1, and Chromium.

* ``site_url`` serves ``student_site`` (tests/conftest.py builds it once per
  session) with ``http.server`` on a free port, in a thread
  (``tools/loopback.py``, which the benchmark uses too).
* ``browser`` is one Chromium for the session, through Playwright's sync API:
  Debian's ``chromium``, else Playwright's own (``tools/loopback.chromium_path``);
  with neither, every browser test fails with one line naming both ways to
  install one.
* ``page`` is a fresh context and page per test.  It records console errors,
  uncaught exceptions and every request to a host other than 127.0.0.1 in
  ``page.problems`` (see :class:`Watch`).
* every ``page.goto`` and ``page.reload`` returns only once the course's scripts have set up
  the page's widgets (``<html data-sc-init>`` is no longer "pending"), so no test
  races the set-up, which runs in small tasks after the load event.
* ``jupyterlab`` is one JupyterLab server for the session (the chapters, with
  their stored outputs), for test_jupyterlab*.py.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright
from repo import ROOT
from site_helpers import Watch

sys.path.insert(0, str(ROOT / "tools"))
from loopback import CHROMIUM_ARGS, ChromiumNotFound, chromium_path, serve  # noqa: E402  (tools/loopback.py, shared with the benchmark)


#: True once the course's scripts have set up every widget of the page (or the page has none, or no JavaScript).
#: start.js sets up the widgets in small tasks after the page has loaded, marking <html>
#: data-sc-init="pending" until the last is done.
WIDGETS_READY = "() => document.documentElement.getAttribute('data-sc-init') !== 'pending'"


@pytest.fixture(scope="session", autouse=True)
def goto_waits_for_widgets():
    """Every ``page.goto`` and ``page.reload`` of the browser tests returns only when the course's scripts have
    set up the page's widgets, so no test can race the set-up (it ends after the load event)."""
    originals = {name: getattr(Page, name) for name in ("goto", "reload")}

    def waiting(original):
        def navigate(self, *args, **kwargs):
            response = original(self, *args, **kwargs)
            if kwargs.get("wait_until", "load") in ("load", "networkidle"):
                self.wait_for_function(WIDGETS_READY)
            return response
        return navigate

    for name, original in originals.items():
        setattr(Page, name, waiting(original))
    yield
    for name, original in originals.items():
        setattr(Page, name, original)


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


class WorkerBlockingBrowser:
    """The session's Chromium, whose new contexts and pages block service workers unless a test
    asks for them (``service_workers="allow"``): the site's offline copy (issue 23) would otherwise
    answer from a cache, and the tests would no longer test what they tested before.  The offline
    tests allow them; ``playwright`` and ``executable`` let them open a persistent context."""

    def __init__(self, browser, playwright, executable: str):
        self._browser, self.playwright, self.executable = browser, playwright, executable

    def new_context(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_context(**options)

    def new_page(self, **options):
        options.setdefault("service_workers", "block")
        return self._browser.new_page(**options)

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        try:
            executable, missing = chromium_path(playwright), None
        except ChromiumNotFound as error:
            executable, missing = None, str(error)
        if missing:
            pytest.fail(missing, pytrace=False)  # one line, no traceback
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield WorkerBlockingBrowser(browser, playwright, executable)
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


# ----------------------------------------------------------------- JupyterLab


def _write_settings(folder: Path, plugin: str, values: dict) -> None:
    path = folder / plugin
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")


#: The chapters' folder on the test's JupyterLab server (as in the checkout).
LAB_NOTEBOOKS = "notebooks"


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """One JupyterLab server for the session; yields its base URL.

    127.0.0.1 on a free port, no token; its folder holds copies of the chapter
    notebooks with their stored outputs, as in a fresh clone.  Its settings are
    temporary, with the news and update checks and autosave turned off, so the
    copies keep their stored outputs whatever a test runs.  The copies are in
    ``notebooks/`` and the pictures in ``spasm_course/content/figures/``, as in a clone.
    """
    root = tmp_path_factory.mktemp("lab")
    work, settings = root / "work", root / "settings"
    work.mkdir()
    _write_settings(settings, "@jupyterlab/apputils-extension/notification.jupyterlab-settings",
                    {"fetchNews": "false", "checkForUpdates": False})
    _write_settings(settings, "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings", {"autosave": False})
    # The checkout's layout, as a learner who runs `jupyter lab` in it has: the chapters in
    # notebooks/, and the pictures they show at ../spasm_course/content/figures/.
    (work / LAB_NOTEBOOKS).mkdir()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        shutil.copy(path, work / LAB_NOTEBOOKS / path.name)
    shutil.copytree(ROOT / "spasm_course" / "content" / "figures", work / "spasm_course" / "content" / "figures")
    with socket.socket() as sock:  # a free port
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    log = (root / "server.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.token=", "--ServerApp.password=", "--allow-root", f"--notebook-dir={work}"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90  # seconds for the server to answer
        while True:
            try:
                with urllib.request.urlopen(base + "api/status", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (root / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
