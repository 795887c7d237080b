"""One error policy for the site's scripts (spasm_course/static/util.js):

* a lookup in the page data that misses is a broken page: console.error("spasm-course: no ...")
  (tests/browser/test_lookup_misses.py);
* what a learner brings that the page refuses is no fault of the page: the learner sees the
  page's own message, and the reason goes to console.warn("spasm-course: refused ...") -- a
  progress file that breaks the schema (with where it breaks it), and a file the browser cannot
  read at all (the read's failure is caught: the page goes on working).
"""

from __future__ import annotations

import json

from site_helpers import PROGRESS_PAGE, norm

from spasm_course.content.words import course_words
from spasm_course.engines.progress import DEFAULT_COURSE_ID, FORMAT, FORMAT_VERSION

WORDS = course_words().progress


def _messages(page) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    page.on("console", lambda message: found.append((message.type, message.text)))
    return found


def _status(page) -> str:
    status = page.locator(".sc-progress-file-status")
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=status.element_handle())
    return norm(status.inner_text())


def test_a_file_that_breaks_the_schema_is_refused_with_its_reason_logged(page, site_url, tmp_path):
    messages = _messages(page)
    page.goto(site_url + PROGRESS_PAGE)
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, "course": DEFAULT_COURSE_ID,
                                "questions": {"def-what-is-a-spasm": {"box": 9}}}), encoding="utf-8")
    page.locator(".sc-progress-load").set_input_files(str(path))
    assert _status(page) == WORDS.bad_file
    warnings = [text for kind, text in messages if kind == "warning" and text.startswith("spasm-course: refused")]
    assert warnings == ["spasm-course: refused the progress file: malformed: does not match the schema at "
                        "/questions/def-what-is-a-spasm: required quiz"], messages
    assert not page.problems.errors


def test_a_file_the_browser_cannot_read_is_refused_and_the_page_works_on(page, site_url, tmp_path):
    messages = _messages(page)
    page.goto(site_url + PROGRESS_PAGE)
    # As a file that went away, or a disk error: reading it fails.
    page.evaluate("() => { Blob.prototype.text = () => Promise.reject(new DOMException('gone', 'NotReadableError')); }")
    path = tmp_path / "progress.json"
    path.write_text("{}", encoding="utf-8")
    page.locator(".sc-progress-load").set_input_files(str(path))
    assert _status(page) == WORDS.bad_file
    warnings = [text for kind, text in messages if kind == "warning" and text.startswith("spasm-course: refused")]
    assert len(warnings) == 1 and "could not read it" in warnings[0] and "gone" in warnings[0], messages
    assert not page.problems.errors  # caught: no uncaught rejection
    assert page.locator(".sc-progress-load").input_value() == ""  # ready for another file
    assert norm(page.locator(".sc-progress-status").inner_text()) == WORDS.empty
