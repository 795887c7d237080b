"""The course offline after one visit, one build at a time, installable, safe to host anywhere (issue 23).

Every test here allows service workers (the other browser tests block them).  The site is
served by :class:`Site`, a loopback server that can switch folders (build v1, then v2) and
can be stopped, so "offline" means no server at all: ``context.set_offline`` may not cover
the worker's own fetches, and a test could pass while the copy is broken.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from loopback import CHROMIUM_ARGS, _GzipHandler
from site_helpers import Watch

from repo import ROOT
from spasm_course.content.words import course_words
from spasm_course.sphinx.offline import MAX_PRECACHE_GZIPPED, WORKER

CHAPTER_ONE = "notebooks/01-what-are-muscle-spasms.html"
CHAPTER_FIVE = "notebooks/05-triage-simulator.html"
WORDS = course_words()
CONTROLLED = "() => navigator.serviceWorker.controller !== null"
#: This edition's copies in the browser, and the workers registered.
OUR_CACHES = "async () => (await caches.keys()).filter(k => k.startsWith('spasm-course|'))"
REGISTRATIONS = "async () => (await navigator.serviceWorker.getRegistrations()).length"
#: The page and its script belong to one build.
BUILDS = """() => [document.querySelector('script[data-sc-build]').getAttribute('data-sc-build'),
                   window.spasmCourseBuild]"""


class Site:
    """Serve a folder on 127.0.0.1 (gzipped, as hosts do; ``Cache-Control: no-cache``), switch it for
    another build, stop it.  ``sent`` lists (path, bytes on the wire) of every response."""

    def __init__(self, folder: Path, prefix: str = ""):
        self.folder, self.prefix, self.sent = Path(folder), prefix, []
        self.server = None
        self.port = 0

    def _handler(self, *args):
        site = self

        class Counting(_GzipHandler):
            def send_header(self, keyword, value):
                if keyword.lower() == "content-length":
                    site.sent.append((self.path, int(value)))
                super().send_header(keyword, value)

            def end_headers(self):
                # As a host that revalidates: the browser's own HTTP cache never hides a new build.
                self.send_header("Cache-Control", "no-cache")
                super().end_headers()

        return Counting(*args, directory=str(self.root))

    @property
    def root(self) -> Path:
        return self.folder.parent if self.prefix else self.folder

    def start(self) -> "Site":
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.prefix}"


def pages_of(folder: Path) -> list[str]:
    """Every page of the edition a reader can open (not the redirect at its root)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts and p.name != "index.html")


def offline_context(browser, **options):
    return browser.new_context(service_workers="allow", **options)


@contextmanager
def served(browser, folder: Path, **options):
    """A :class:`Site` serving ``folder`` and a browser context that allows service workers; both
    closed after the test (a test may have stopped the server already)."""
    site = Site(folder).start()
    context = offline_context(browser, **options)
    try:
        yield site, context
    finally:
        context.close()
        if site.server is not None:
            site.stop()


def visit_and_keep(context, url: str):
    """Open a page online and wait until the worker controls it (so its copy is complete)."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(CONTROLLED, timeout=60_000)
    return page


def wait_for_status(page, text: str) -> None:
    """The progress page's "Offline use" section says ``text``."""
    page.wait_for_function("(w) => document.querySelector('.sc-offline-status').textContent === w", arg=text)


def answer_first_question(page) -> None:
    form = page.locator("form.sc-question").first
    form.locator("input").first.check()
    form.locator("button.sc-check").click()
    form.locator(".sc-feedback").wait_for()


def check_offline_edition(browser, site: Site, folder: Path, pages: list[str] | None = None) -> None:
    """Visit once online, stop the server, then every page (or ``pages``) opens from the copy and works."""
    context = offline_context(browser)
    try:
        visit_and_keep(context, site.url + CHAPTER_ONE).close()
        site.stop()
        page = context.new_page()
        watch = Watch(page, site.url)
        for path in pages if pages is not None else pages_of(folder):
            response = page.goto(site.url + path)
            assert response is not None and response.ok and response.from_service_worker, path
            assert page.evaluate(BUILDS)[0] == page.evaluate(BUILDS)[1] != "unbuilt", path
        page.goto(site.url + CHAPTER_ONE)
        answer_first_question(page)
        page.goto(site.url + CHAPTER_FIVE)
        triage = page.locator("section.sc-triage")
        triage.locator("input[name='sc-triage.where'][value='leg_or_foot']").check()
        triage.locator("input[name='sc-triage.kind'][value='twitch']").check()
        triage.locator("button.sc-check").click()
        page.wait_for_function("() => document.querySelector('.sc-triage-result').textContent.trim() !== ''")
        page.goto(site.url + "search.html?q=twitch")
        page.locator("#search-results ul.search li").first.wait_for(timeout=20_000)
        assert not watch.errors, watch.errors
    finally:
        context.close()


# ----------------------------------------------------------------- 1. offline after one visit


def test_every_page_opens_and_works_from_the_copy_with_the_server_stopped(browser, site_dir):
    site = Site(site_dir).start()
    check_offline_edition(browser, site, site_dir)


def test_the_copy_works_at_a_sub_path(browser, site_dir, tmp_path):
    # GitHub Pages serves a project at https://USER.github.io/REPO/: the worker's scope is that folder.
    (tmp_path / "course").symlink_to(Path(site_dir).resolve(), target_is_directory=True)
    site = Site(tmp_path / "course", prefix="course/").start()
    # Every page was opened from the copy at the root (above); here a page of each kind and folder.
    check_offline_edition(browser, site, site_dir, pages=["book/intro.html", "book/progress.html",
                                                          "book/practice.html", CHAPTER_FIVE, "search.html"])


def test_what_the_worker_fetches_stays_within_the_precache_limit(browser, site_dir):
    with served(browser, site_dir) as (site, context):
        page = context.new_page()
        page.goto(site.url + CHAPTER_ONE)
        first_load = sum(size for _, size in site.sent)
        page.wait_for_function(CONTROLLED, timeout=60_000)
        after = sum(size for _, size in site.sent) - first_load
        assert 0 < after <= MAX_PRECACHE_GZIPPED, after
        assert not any(path.split("?")[0].endswith((".pdf", ".map")) or "/_sources/" in path for path, _ in site.sent)


def test_the_progress_page_says_the_course_is_offline_and_can_remove_the_copy(browser, site_dir):
    with served(browser, site_dir) as (site, context):
        page = visit_and_keep(context, site.url + "book/progress.html")
        page.evaluate("() => localStorage.setItem('spasm-course:keep-me', '1')")
        page.reload()
        status = page.locator(".sc-offline-status")
        wait_for_status(page, WORDS.offline.available)
        page.locator(".sc-offline-remove").click()
        wait_for_status(page, WORDS.offline.removed)
        assert status.get_attribute("role") == "status"
        assert page.evaluate(OUR_CACHES) == [] and page.evaluate(REGISTRATIONS) == 0
        assert page.evaluate("() => localStorage.getItem('spasm-course:keep-me')") == "1"  # saved answers stay


def test_nothing_is_kept_when_the_browser_asks_to_save_data(browser, site_dir):
    with served(browser, site_dir) as (site, context):
        context.add_init_script("Object.defineProperty(navigator, 'connection', {value: {saveData: true}})")
        page = context.new_page()
        page.goto(site.url + "book/progress.html")
        wait_for_status(page, WORDS.offline.save_data)
        assert page.evaluate(REGISTRATIONS) == 0
        assert not [path for path, _ in site.sent if path.endswith(WORKER)]


# ----------------------------------------------------------------- 2. one build at a time


def build_copy(tmp_path: Path, name: str, edit=None, config=None) -> Path:
    """Build the student edition from a copy of the course, changed by ``edit(copy)``; returns its html folder."""
    source = tmp_path / f"{name}-source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        "_build", ".git", ".venv", "node_modules", "__pycache__", ".pytest_cache", "tests", "benchmarks"))
    if edit:
        edit(source)
    if config:
        text = (source / "_config.yml").read_text(encoding="utf-8")
        (source / "_config.yml").write_text(config(text), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COURSE_", "SPASM_"))}
    env["PYTHONPATH"] = str(source)  # this copy's package, so its words are the build's
    done = subprocess.run([str(Path(sys.executable).with_name("jupyter-book")), "build", str(source), "-W", "-n",
                           "--keep-going", "--path-output", str(tmp_path / name)],
                          cwd=source, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return tmp_path / name / "_build" / "html"


def changed_word(source: Path) -> None:
    words = source / "spasm_course" / "content" / "words.yml"
    text = words.read_text(encoding="utf-8")
    assert "\n  check: Check\n" in text
    words.write_text(text.replace("\n  check: Check\n", "\n  check: Check it\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def v2_site(tmp_path_factory) -> Path:
    return build_copy(tmp_path_factory.mktemp("v2"), "v2", edit=changed_word)


def check_words(page) -> list[str]:
    return page.locator("form.sc-question button.sc-check").all_inner_texts()


def test_an_update_waits_for_reload_then_replaces_the_old_copy(browser, site_dir, v2_site, tmp_path):
    v1 = tmp_path / "live"
    shutil.copytree(site_dir, v1)
    with served(browser, v1, viewport={"width": 390, "height": 844}) as (site, context):
        page = visit_and_keep(context, site.url + CHAPTER_ONE)
        old_build = page.evaluate(BUILDS)[0]
        old_cache = page.evaluate(OUR_CACHES)
        assert len(old_cache) == 1 and old_cache[0].endswith(old_build)
        # The host now serves build v2 (one word changed).
        shutil.rmtree(v1)
        shutil.copytree(v2_site, v1)
        page.goto(site.url + CHAPTER_ONE)
        notice = page.locator(".sc-update")
        notice.wait_for(timeout=60_000)
        assert WORDS.offline.update_ready in notice.inner_text() and notice.get_attribute("role") == "status"
        # Until Reload, every page is still v1: its word, and its scripts' build is the page's.
        for path in (CHAPTER_ONE, "notebooks/02-causes.html", "book/practice.html"):
            page.goto(site.url + path)
            assert page.evaluate(BUILDS) == [old_build, old_build], path
            if path != "book/practice.html":
                assert set(check_words(page)) == {"Check"}, path
        page.goto(site.url + CHAPTER_ONE)
        page.locator(".sc-update").wait_for(timeout=60_000)
        if shots := os.environ.get("SPASM_SCREENSHOTS", "").strip():
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / "offline-update-notice-390px.png"))
        with page.expect_navigation():
            page.locator(".sc-update button").click()
        page.wait_for_function("() => document.documentElement.getAttribute('data-sc-init') !== 'pending'")
        new_build = page.evaluate(BUILDS)
        assert new_build[0] == new_build[1] != old_build
        assert set(check_words(page)) == {"Check it"}
        page.goto(site.url + "notebooks/02-causes.html")
        assert set(check_words(page)) == {"Check it"} and page.evaluate(BUILDS)[0] == new_build[0]
        caches_now = page.evaluate(OUR_CACHES)
        assert len(caches_now) == 1 and caches_now[0].endswith(new_build[0]), caches_now
        assert page.locator(".sc-update").count() == 0


# ----------------------------------------------------------------- 4. safe to host anywhere


def test_turning_offline_off_removes_an_earlier_copy(browser, site_dir, tmp_path):
    off = build_copy(tmp_path, "off", config=lambda text: text.replace("spasm_offline: true", "spasm_offline: false"))
    assert "var CONFIG" in (off / WORKER).read_text(encoding="utf-8") and not (off / "manifest.webmanifest").exists()
    live = tmp_path / "live"
    shutil.copytree(site_dir, live)
    with served(browser, live) as (site, context):
        page = visit_and_keep(context, site.url + CHAPTER_ONE)
        assert page.evaluate("async () => (await caches.keys()).length") == 1
        shutil.rmtree(live)
        shutil.copytree(off, live)
        page.goto(site.url + "book/intro.html")
        page.wait_for_function("async () => (await navigator.serviceWorker.getRegistrations()).length === 0",
                               timeout=60_000)
        page.wait_for_function("async () => (await caches.keys()).filter(k => k.startsWith('spasm-course|'))"
                               ".length === 0", timeout=60_000)
        page.close()  # the last page the old worker held: now it is gone for good
        # A page opened now comes from the host, as built with offline use off, and nothing controls
        # it.  (The old worker finishes leaving in its own time: a few tries at most.)
        fresh = context.new_page()
        for _ in range(20):
            fresh.goto(site.url + CHAPTER_ONE)
            if fresh.locator("script[data-sc-offline]").get_attribute("data-sc-offline") == "off":
                break
            fresh.wait_for_timeout(500)
        assert fresh.locator("script[data-sc-offline]").get_attribute("data-sc-offline") == "off"
        assert fresh.evaluate("navigator.serviceWorker.controller === null")
        assert fresh.evaluate(REGISTRATIONS) == 0 and fresh.evaluate(OUR_CACHES) == []


def test_over_plain_http_from_another_address_the_pages_work_with_no_worker(browser, site_dir):
    site = Site(site_dir).start()
    chromium = browser.playwright.chromium.launch(
        executable_path=browser.executable,
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP course.example 127.0.0.1"])
    try:
        context = chromium.new_context(service_workers="allow")
        page = context.new_page()
        base = f"http://course.example:{site.port}/"
        watch = Watch(page, base)
        page.goto(base + CHAPTER_ONE)
        assert page.evaluate("'serviceWorker' in navigator") is False
        answer_first_question(page)
        page.goto(base + "book/progress.html")
        assert page.locator(".sc-offline-status").inner_text() == WORDS.offline.unsupported
        assert not watch.errors, watch.errors
        context.close()
    finally:
        chromium.close()
        site.stop()


# ----------------------------------------------------------------- 3. installable


def test_the_course_is_installable(browser, site_dir, tmp_path):
    site = Site(site_dir).start()
    context = browser.playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=browser.executable, args=CHROMIUM_ARGS, service_workers="allow")
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(site.url + CHAPTER_ONE)
        page.wait_for_function(CONTROLLED, timeout=60_000)
        session = context.new_cdp_session(page)
        errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
        assert errors == [], errors
        manifest = json.loads((site_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
        assert manifest["scope"] == manifest["start_url"] == "./" and manifest["icons"]
        colours = page.eval_on_selector_all("meta[name=theme-color]", "ms => ms.map(m => m.getAttribute('media'))")
        assert sorted(colours) == ["(prefers-color-scheme: dark)", "(prefers-color-scheme: light)"]
    finally:
        context.close()
        site.stop()


def test_the_worker_is_small(site_dir):
    assert len(gzip.compress((site_dir / WORKER).read_bytes(), 9)) <= 6 * 1024
