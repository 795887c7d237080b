"""The quizzes on the built website, in Chromium: same feedback as grading.py, same states as quiz.py."""

from __future__ import annotations

import re

from site_helpers import (BANK, CHAPTER_ONE, Watch, answer, choice, norm, question_form, quiz_pages, quizzes_on,
                          reveal_then_try_again, score, shown_lines, stored, triage_page)

from spasm_course.engines import grading
from spasm_course.frontends import render


def answers_to_try(question) -> list[list[str]]:
    """Each single choice; for a multi-select also the correct set and one wrong combination;
    for a warning_signs question every possible answer (its key comes from the triage engine)."""
    order = grading.display_order(question)
    if question.type == "warning_signs":
        return [list(answer) for answer in grading.possible_answers(question)]
    answers = [[cid] for cid in order]
    if question.multiple:
        answers.append(list(question.correct))
        wrong = [cid for cid in order if cid not in question.correct]
        if wrong:
            answers.append([question.correct[0], wrong[0]])
    return answers


def expected(result) -> list[str]:
    return [norm(line) for line in result.lines()]


def test_feedback_on_the_site_is_grading_feedback_for_every_answer(page, site_url, site_dir):
    on_site = set()
    for path in quiz_pages(site_dir):
        page.goto(site_url + path)
        for quiz_id in quizzes_on(page):
            quiz = BANK.quiz(quiz_id)
            on_site.add(quiz_id)
            for question in quiz.questions:
                for ids in answers_to_try(question):
                    shown = answer(page, quiz, question, ids)
                    assert shown == expected(grading.grade(question, ids)), (question.id, ids)
                shown = reveal_then_try_again(page, quiz, question)
                assert shown["lines"] == expected(grading.reveal(question)), question.id
                assert sorted(shown["checked"]) == sorted(question.correct), question.id
                assert shown["disabled"] and shown["after"] == [] and shown["enabled"], question.id
    assert on_site == {quiz.id for quiz in BANK.quizzes}, "every quiz of the bank is on the site"
    assert {q.type for q in BANK.questions()} >= {"multi", "warning_signs"}, "the parity check covers every type"
    assert not page.problems.errors


def first_quiz(page):
    return BANK.quiz(quizzes_on(page)[0])


def test_keyboard_tab_space_enter_gives_feedback_in_the_live_region(page, site_url):
    page.goto(site_url + CHAPTER_ONE)
    quiz = first_quiz(page)
    question = quiz.questions[0]
    form = question_form(page, quiz, question)
    form.locator("legend").first.click()  # start the Tab order at this question
    page.keyboard.press("Tab")
    first = grading.display_order(question)[0]
    assert page.evaluate("document.activeElement.id") == render.choice_dom_id(quiz, question, first)
    page.keyboard.press("Space")
    assert choice(page, quiz, question, first).is_checked()
    # Tab past the option (a radio group is one stop) and "How sure are you?" (one stop,
    # nothing picked: it is optional) to Check, then Enter.
    for _ in range((len(question.choices) if question.multiple else 1) + 1):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").count("sc-check") == 1
    page.keyboard.press("Enter")
    region = form.locator('[aria-live="polite"]')
    assert shown_lines(region) == expected(grading.grade(question, [first]))
    assert not page.problems.errors


def test_check_with_nothing_chosen_asks_for_an_answer_and_scores_nothing(page, site_url):
    page.goto(site_url + CHAPTER_ONE)
    quiz = first_quiz(page)
    total = len(quiz.questions)
    question = quiz.questions[0]
    form = question_form(page, quiz, question)
    assert score(page, quiz) == f"Score: 0 of {total} correct"
    form.locator(".sc-check").click()
    assert shown_lines(form.locator(".sc-feedback-region")) == ["Choose an answer first."]
    assert score(page, quiz) == f"Score: 0 of {total} correct"
    assert stored(page, quiz.id) is None


def test_score_counts_each_question_once_and_buttons_behave(page, site_url):
    page.goto(site_url + CHAPTER_ONE)
    quiz = first_quiz(page)
    total = len(quiz.questions)
    first, second = quiz.questions[0], quiz.questions[1]
    form = question_form(page, quiz, first)
    for cid in first.correct:
        choice(page, quiz, first, cid).check()
    for _ in range(3):  # repeated Check never double-counts
        form.locator(".sc-check").click()
    assert score(page, quiz) == f"Score: 1 of {total} correct"

    # A wrong answer to the same question replaces the right one.
    wrong = [c for c in grading.display_order(first) if c not in first.correct][0]
    form.locator(".sc-try-again").click()
    assert score(page, quiz) == f"Score: 0 of {total} correct"
    assert shown_lines(form.locator(".sc-feedback-region")) == []
    assert not form.evaluate("f => Array.from(f.querySelectorAll('input')).some(i => i.checked)")
    choice(page, quiz, first, wrong).check()
    form.locator(".sc-check").click()
    assert shown_lines(form.locator(".sc-feedback-region"))[0] == "Not quite."
    assert score(page, quiz) == f"Score: 0 of {total} correct"

    # Show answer: the answer is selected, not counted, and inputs wait for Try again.
    other = question_form(page, quiz, second)
    other.locator(".sc-show-answer").click()
    assert score(page, quiz) == f"Score: 0 of {total} correct"
    assert other.locator(".sc-check").is_disabled()
    assert other.evaluate("f => Array.from(f.querySelectorAll('input')).every(i => i.disabled)")
    saved = stored(page, quiz.id)["questions"][second.id]
    assert (saved["answer"], saved["result"]) == (list(grading.reveal(second).selected), "revealed")
    other.locator(".sc-try-again").click()
    assert other.locator(".sc-check").is_enabled()
    for cid in second.correct:
        choice(page, quiz, second, cid).check()
    other.locator(".sc-check").click()
    assert score(page, quiz) == f"Score: 1 of {total} correct"
    assert not page.problems.errors


def test_reload_restores_answers_feedback_and_score_and_reset_clears(page, site_url):
    page.goto(site_url + CHAPTER_ONE)
    quiz = first_quiz(page)
    total = len(quiz.questions)
    right, wrong_q, shown = quiz.questions[0], quiz.questions[1], quiz.questions[2]
    for cid in right.correct:
        choice(page, quiz, right, cid).check()
    question_form(page, quiz, right).locator(".sc-check").click()
    wrong = [c for c in grading.display_order(wrong_q) if c not in wrong_q.correct][0]
    choice(page, quiz, wrong_q, wrong).check()
    question_form(page, quiz, wrong_q).locator(".sc-check").click()
    question_form(page, quiz, shown).locator(".sc-show-answer").click()

    saved = stored(page, quiz.id)
    assert {key: saved[key] for key in ("version", "quiz", "chapter", "total")} == \
        {"version": render.RECORD_VERSION, "quiz": quiz.id, "chapter": quiz.chapter, "total": total}
    assert {qid: (r["answer"], r["result"]) for qid, r in saved["questions"].items()} == {
        right.id: (list(grading.grade(right, right.correct).selected), "correct"),
        wrong_q.id: ([wrong], "incorrect"),
        shown.id: (list(grading.reveal(shown).selected), "revealed"),
    }

    page.reload()
    assert score(page, quiz) == f"Score: 1 of {total} correct"
    assert shown_lines(question_form(page, quiz, right).locator(".sc-feedback-region")) == \
        expected(grading.grade(right, right.correct))
    assert choice(page, quiz, wrong_q, wrong).is_checked()
    assert shown_lines(question_form(page, quiz, wrong_q).locator(".sc-feedback-region")) == \
        expected(grading.grade(wrong_q, [wrong]))
    assert shown_lines(question_form(page, quiz, shown).locator(".sc-feedback-region")) == \
        expected(grading.reveal(shown))
    assert question_form(page, quiz, shown).locator(".sc-check").is_disabled()

    page.locator(f'section[id="{render.quiz_dom_id(quiz)}"] .sc-reset').click()
    assert score(page, quiz) == f"Score: 0 of {total} correct"
    assert stored(page, quiz.id) is None
    assert page.locator(f'section[id="{render.quiz_dom_id(quiz)}"] .sc-feedback').count() == 0
    page.reload()
    assert score(page, quiz) == f"Score: 0 of {total} correct"
    assert page.locator(f'section[id="{render.quiz_dom_id(quiz)}"] input:checked').count() == 0
    assert not page.problems.errors


BLOCK_STORAGE = """
Object.defineProperty(window, 'localStorage', {
  configurable: true,
  get() { throw new DOMException('The user blocked storage', 'SecurityError'); },
});
"""


def test_quiz_works_when_the_browser_blocks_storage(context, site_url):
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    watch = Watch(page, site_url)
    page.goto(site_url + CHAPTER_ONE)
    quiz = first_quiz(page)
    question = quiz.questions[0]
    for cid in question.correct:
        choice(page, quiz, question, cid).check()
    question_form(page, quiz, question).locator(".sc-check").click()
    assert score(page, quiz) == f"Score: 1 of {len(quiz.questions)} correct"
    assert shown_lines(question_form(page, quiz, question).locator(".sc-feedback-region"))[0] == "Correct!"
    page.locator(f'section[id="{render.quiz_dom_id(quiz)}"] .sc-reset').click()
    assert score(page, quiz) == f"Score: 0 of {len(quiz.questions)} correct"
    # The theme's own scripts read localStorage unguarded and may log errors;
    # none may come from the course's script.
    ours = [e for e in watch.errors if "spasm-course" in e or re.search(r"_static/course-\w+/", e)]
    assert not ours, ours


def test_without_javascript_the_questions_still_read(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + CHAPTER_ONE)
        quiz = BANK.quiz(quizzes_on(page)[0])
        question = quiz.questions[0]
        legend = question_form(page, quiz, question).locator("legend").first
        assert legend.is_visible() and norm(question.full_prompt) in norm(legend.inner_text())
        assert choice(page, quiz, question, question.choices[0].id).is_visible()
        # Buttons that could do nothing are hidden.
        assert not question_form(page, quiz, question).locator(".sc-check").is_visible()
    finally:
        context.close()


def test_every_option_and_button_is_at_least_24_by_24_pixels(page, site_url, site_dir):
    small = []
    for path in (CHAPTER_ONE, triage_page(site_dir)):
        page.goto(site_url + path)
        small += page.evaluate(
            """() => Array.from(document.querySelectorAll(
                   '.sc-quiz input, .sc-quiz button, .sc-triage input, .sc-triage button'))
                 .filter(el => !el.closest('[hidden]'))  // not offered here (a cause for another place)
                 .map(el => [el.id || el.className, el.getBoundingClientRect()])
                 .filter(([name, box]) => box.width < 24 || box.height < 24)
                 .map(([name, box]) => name + ' ' + box.width + 'x' + box.height)"""
        )
    assert not small, small
