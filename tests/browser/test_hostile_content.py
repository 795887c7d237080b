"""A quiz whose text tries to inject markup shows that text literally and runs none of it."""

from __future__ import annotations

from pathlib import Path

from site_helpers import Watch, shown_lines

from spasm_course.engines import grading
from spasm_course.frontends import render
from hostile import IMG, SCRIPT, hostile_quiz

STATIC = Path(__file__).resolve().parents[2] / "spasm_course" / "static"
def test_hostile_quiz_text_shows_literally_and_never_runs(context):
    page = context.new_page()
    quiz = hostile_quiz()
    question = quiz.questions[0]
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    watch = Watch(page, "http://127.0.0.1/")
    page.set_content(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Hostile</title>"
        f"<style>{(STATIC / 'course.css').read_text(encoding='utf-8')}</style></head>"
        f"<body><main>{render.quiz_html(quiz)}</main>"
        f"<script>{(STATIC / 'course.js').read_text(encoding='utf-8')}</script></body></html>"
    )
    form = page.locator(f'form[id="{render.question_dom_id(quiz, question)}"]')
    assert form.locator(".sc-check").is_visible(), "course.js ran and enhanced the quiz"
    assert SCRIPT in page.locator("h3").inner_text()
    assert f"Prompt {SCRIPT} {IMG}" in form.locator("legend").first.inner_text()
    assert form.locator(f'label[for="{render.choice_dom_id(quiz, question, "a")}"]').inner_text() == f"Choice {SCRIPT}"

    for answer in (["a"], ["b"]):
        form.locator(".sc-try-again").click()
        page.locator(f'input[id="{render.choice_dom_id(quiz, question, answer[0])}"]').check()
        form.locator(".sc-check").click()
        assert shown_lines(form.locator(".sc-feedback-region")) == grading.grade(question, answer).lines()
    form.locator(".sc-show-answer").click()
    assert shown_lines(form.locator(".sc-feedback-region")) == grading.reveal(question).lines()

    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert page.locator("script").count() == 2  # the JSON block and course.js itself
    assert not requests, requests
    assert not watch.errors, watch.errors
