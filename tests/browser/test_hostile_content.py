"""A quiz whose text tries to inject markup shows that text literally and runs none of it."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from site_helpers import Watch, shown_lines

from spasm_course.engines import grading
from spasm_course.frontends import render
from hostile import IMG, SCRIPT, hostile_quiz

STATIC = Path(__file__).resolve().parents[2] / "spasm_course" / "static"
#: The page and the course's modules are answered by the test itself (page.route): nothing listens here.
BASE = "http://127.0.0.1:9/"


def test_hostile_quiz_text_shows_literally_and_never_runs(context):
    page = context.new_page()
    quiz = hostile_quiz()
    question = quiz.questions[0]
    markup = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Hostile</title>"
              f"<style>{(STATIC / 'course.css').read_text(encoding='utf-8')}</style></head>"
              f"<body><main>{render.quiz_html(quiz)}</main>"
              '<script type="module" src="quiz-page.js"></script></body></html>')
    ours = {BASE + "hostile.html"} | {BASE + path.name for path in STATIC.glob("*.js")}

    def answer_request(route):
        url = route.request.url
        if url == BASE + "hostile.html":
            route.fulfill(body=markup, content_type="text/html")
        elif url in ours:
            route.fulfill(path=STATIC / urlsplit(url).path.lstrip("/"), content_type="text/javascript")
        else:
            route.abort()

    page.route(BASE + "**", answer_request)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    watch = Watch(page, BASE)
    page.goto(BASE + "hostile.html")
    form = page.locator(f'form[id="{render.question_dom_id(quiz, question)}"]')
    assert form.locator(".sc-check").is_visible(), "the course's script ran and enhanced the quiz"
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
    assert page.locator("script").count() == 2  # the JSON block and the course's module entry
    assert [url for url in requests if url not in ours] == []  # the page and the course's own modules only
    assert not watch.errors, watch.errors
