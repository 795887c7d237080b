"""The progress page of the built site: scores from localStorage, done chapters, reset."""

from __future__ import annotations

from collections import Counter

from site_helpers import BANK, PROGRESS_PAGE, choice, norm, question_form

from spasm_course.frontends import render
from spasm_course.sphinx.progress import progress_words
WORDS = progress_words()


def row(page, quiz_id: str):
    return page.locator(f'tr[data-quiz="{quiz_id}"]')


def cell(page, quiz_id: str, name: str) -> str:
    return norm(row(page, quiz_id).locator(f".sc-progress-{name}").inner_text())


def answer_all_correctly(page, quiz) -> None:
    for question in quiz.questions:
        for cid in question.correct:
            choice(page, quiz, question, cid).check()
        question_form(page, quiz, question).locator(".sc-check").click()


def test_progress_page_shows_scores_done_chapters_and_resets(page, site_url):
    page.goto(site_url + PROGRESS_PAGE)
    status = page.locator(".sc-progress-status")
    assert norm(status.inner_text()) == WORDS["empty"]
    for quiz in BANK.quizzes:
        assert cell(page, quiz.id, "score") == WORDS["not_started"]
    assert norm(page.locator(".sc-progress-chapters").inner_text()) == WORDS["no_chapters_done"]

    # Each row links to the chapter page that holds its quiz.
    per_chapter = Counter(quiz.chapter for quiz in BANK.quizzes)
    single = next(quiz for quiz in BANK.quizzes if per_chapter[quiz.chapter] == 1)
    row(page, single.id).locator("a").click()
    page.wait_for_load_state()
    chapter_url = page.url
    assert page.locator(f'section[id="{render.quiz_dom_id(single)}"]').count() == 1

    # One right answer, then the progress page shows the score.
    first = single.questions[0]
    for cid in first.correct:
        choice(page, single, first, cid).check()
    question_form(page, single, first).locator(".sc-check").click()
    page.goto(site_url + PROGRESS_PAGE)
    total = len(single.questions)
    assert cell(page, single.id, "score") == f"Score: 1 of {total} correct"
    assert cell(page, single.id, "done") == WORDS["in_progress"]
    assert not status.is_visible()

    # All right: the quiz and its chapter are done.
    page.goto(chapter_url)
    answer_all_correctly(page, single)
    page.goto(site_url + PROGRESS_PAGE)
    assert cell(page, single.id, "score") == f"Score: {total} of {total} correct"
    assert cell(page, single.id, "done") == WORDS["done"]
    assert norm(page.locator(".sc-progress-chapters").inner_text()) == \
        WORDS["chapters_done"].format(chapters=single.chapter)

    page.once("dialog", lambda dialog: dialog.accept())  # "Clear every saved answer...?"
    page.locator(".sc-progress-reset").click()
    assert cell(page, single.id, "score") == WORDS["not_started"]
    assert norm(status.inner_text()) == f'{WORDS["reset_done"]} {WORDS["empty"]}'
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('spasm-course:'))") == []
    page.reload()
    assert norm(status.inner_text()) == WORDS["empty"]
    assert not page.problems.errors
