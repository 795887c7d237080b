"""A lookup in the page data that misses is reported (console.error), never silent or shown as "undefined".

The page's data is changed on its way to the browser (one entry removed), the
way a stale or hand-edited page would be; the Watch helper sees the error.
"""

from __future__ import annotations

import json
import re

from site_helpers import BANK, CHAPTER_ONE, PROGRESS_PAGE, Watch, answer, triage_page

from spasm_course.engines import grading
from spasm_course.frontends import render


def _serve_changed(page, site_url: str, path: str, css_class: str, change) -> None:
    """Serve ``path`` with the JSON block of class ``css_class`` passed through ``change``."""
    pattern = re.compile(rf'<script type="application/json" class="{css_class}">(.*?)</script>', re.S)

    def handle(route):
        response = route.fetch()
        text = response.text()
        match = pattern.search(text)
        assert match, f"{path} has no {css_class} block"
        data = json.loads(match.group(1))
        change(data)
        route.fulfill(response=response, body=text[:match.start()] + render.json_script(data, css_class)
                      + text[match.end():])

    page.route(f"{site_url}/{path}", handle)


def test_a_missing_outcome_is_reported_and_shows_nothing(page, site_url):
    quiz = next(q for q in BANK.quizzes if q.chapter == 1)
    question = quiz.questions[0]
    wrong = next(c for c in grading.display_order(question) if c not in question.correct)

    def drop(data):
        if data["id"] == quiz.id:
            # The table names choices by their position in the display order (render.outcomes_by_position).
            del data["questions"][0]["outcomes"][str(grading.display_order(question).index(wrong))]

    _serve_changed(page, site_url, CHAPTER_ONE, "sc-quiz-data", drop)
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{CHAPTER_ONE}")
    assert answer(page, quiz, question, [wrong]) == []
    assert any(f"spasm-course: no outcome of {question.id} for {wrong}" in e for e in watch.errors), watch.errors
    # The other answers still work.
    assert answer(page, quiz, question, list(question.correct))[0] == grading.messages()["correct"]


def test_a_missing_triage_result_is_reported(page, site_url, site_dir):
    path = triage_page(site_dir)
    key = "spasm|severe|frequent|poor|none"

    def drop(data):
        del data["results"][key]

    _serve_changed(page, site_url, path, "sc-triage-data", drop)
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{path}")
    form = page.locator("section.sc-triage")
    for name, value in [("where", "back"), ("kind", "spasm"), ("severity", "severe"), ("frequency", "frequent"),
                        ("home_care", "poor"), ("causes", "none")]:
        form.locator(f'input[id="sc-triage.{name}.{value}"]').check()
    form.locator(".sc-check").click()
    assert form.locator(".sc-triage-result").inner_text().strip() == ""
    assert any(f"spasm-course: no triage result for {key}" in e for e in watch.errors), watch.errors


def test_an_unmodified_page_reports_nothing(page, site_url):
    quiz = next(q for q in BANK.quizzes if q.chapter == 1)
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{CHAPTER_ONE}")
    for question in quiz.questions:
        answer(page, quiz, question, list(question.correct))
    assert [e for e in watch.errors if "spasm-course" in e] == []


def test_a_missing_word_or_quiz_on_the_progress_page_is_reported(page, site_url):
    def drop(data):
        del data["messages"]["due_count"]
        data["done"]["chapter_quizzes"]["1"].append("no-such-quiz")

    _serve_changed(page, site_url, PROGRESS_PAGE, "sc-progress-data", drop)
    watch = Watch(page, site_url)
    page.goto(f"{site_url}/{PROGRESS_PAGE}")
    page.wait_for_function("document.querySelector('.sc-progress-chapters').textContent !== ''")
    assert any("spasm-course: no message due_count" in e for e in watch.errors), watch.errors
    assert any("spasm-course: no quiz on the progress page: no-such-quiz" in e for e in watch.errors), watch.errors
