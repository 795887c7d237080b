"""Learning tools on the built site: confidence marks, Practice again on a schedule over
simulated days, the progress summary, and the progress file (download, load, refusals).

Dates: the browser's clock is moved with Playwright's clock control, in a time zone far
from UTC (Pacific/Kiritimati, UTC+14), so "today" is the learner's local date.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from site_helpers import BANK, CHAPTER_ONE, PROGRESS_PAGE, Watch, norm, run_axe, COLOUR_RULES

from spasm_course.frontends import render
from spasm_course.content.words import course_words
from spasm_course.engines.progress import FORMAT_VERSION, question_hash
from spasm_course.frontends.progress_report import LEARNER_FILE, QUESTION_FILE, report
from spasm_course.sphinx.progress import progress_words

PRACTICE_PAGE = "book/practice.html"
ZONE = "Pacific/Kiritimati"  # UTC+14: at 12:00 UTC the local date is already the next day
START = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)  # local: 2 March 2026, 02:00
WORDS = course_words()
QUIZ = BANK.quizzes[0]
QUESTION = next(q for q in QUIZ.questions if q.type != "multi")
WRONG = next(c.id for c in QUESTION.choices if c.id not in QUESTION.correct)
RIGHT = QUESTION.correct[0]


def local(days: int) -> str:
    return (datetime(2026, 3, 2) + timedelta(days=days)).strftime("%Y-%m-%d")


@pytest.fixture
def learner(browser, site_url):
    """A fresh browser context (one learner) with the clock at START; yields a page."""
    contexts = []

    def make(start: datetime = START):
        context = browser.new_context(timezone_id=ZONE, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.clock.install(time=start)
        page.problems = Watch(page, site_url)
        page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield make
    for context in contexts:
        context.close()


_ANSWER = """([formId, ids, confidence]) => {
  const form = document.getElementById(formId);
  const button = (name) => form.querySelector(name);
  if (!button('.sc-check').disabled && form.querySelector('.sc-feedback-region').textContent)
    button('.sc-try-again').click();
  if (button('.sc-check').disabled) button('.sc-try-again').click();
  for (const id of ids) form.querySelector('.sc-choices input[value="' + CSS.escape(id) + '"]').click();
  if (confidence) form.querySelector('.sc-confidence input[value="' + confidence + '"]').click();
  button('.sc-check').click();
  return form.querySelector('.sc-feedback-region').textContent;
}"""


def answer(page, quiz, question, ids, confidence=None) -> str:
    return page.evaluate(_ANSWER, [render.question_dom_id(quiz, question), list(ids), confidence])


def reveal(page, quiz, question) -> None:
    page.locator(f'form[id="{render.question_dom_id(quiz, question)}"] .sc-show-answer').click()


def record(page, quiz=QUIZ, question=QUESTION):
    saved = page.evaluate(f"() => JSON.parse(localStorage.getItem('spasm-course:quiz:{quiz.id}'))")
    return None if saved is None else saved["questions"].get(question.id)


def all_saved(page) -> dict:
    return page.evaluate("""() => Object.fromEntries(Object.keys(localStorage)
        .filter(k => k.startsWith('spasm-course:')).sort().map(k => [k, localStorage.getItem(k)]))""")


def visible_practice(page) -> list[str]:
    return page.eval_on_selector_all(".sc-practice form.sc-question:not([hidden])",
                                     "els => els.map(e => e.dataset.question)")


def practice_status(page) -> tuple[str, str | None]:
    return norm(page.locator(".sc-practice-status").inner_text()), \
        page.locator(".sc-practice-next").get_attribute("data-date")


def move_clock(page, days: int, path: str) -> None:
    page.clock.set_system_time(START + timedelta(days=days))
    page.goto(page.url.split("/book/")[0].split("/notebooks/")[0] + "/" + path)


# ----------------------------------------------------------------- confidence


def test_confidence_by_keyboard_alone_is_recorded_with_the_answer(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    form = page.locator(f'form[id="{render.question_dom_id(QUIZ, QUESTION)}"]')
    # Its own fieldset and legend, inside the question's fieldset.
    confidence = form.locator("fieldset fieldset.sc-confidence")
    assert norm(confidence.locator("legend").inner_text()) == WORDS.confidence.legend
    first_choice = form.locator(".sc-choices input").first
    first_choice.focus()
    order = [c for c in page.evaluate(
        "id => Array.from(document.getElementById(id).querySelectorAll('.sc-choices input')).map(i => i.value)",
        render.question_dom_id(QUIZ, QUESTION))]
    for _ in range(order.index(RIGHT)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into "How sure are you?"
    assert page.evaluate("document.activeElement.name").endswith(".confidence")
    page.keyboard.press("Space")  # Sure (the first)
    page.keyboard.press("ArrowDown")  # Not sure
    page.keyboard.press("ArrowUp")  # back to Sure
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").count("sc-check")
    page.keyboard.press("Enter")
    assert form.locator(".sc-feedback.sc-correct").count() == 1
    saved = record(page)
    assert (saved["result"], saved["confidence"], saved["answer"], saved["box"]) == ("correct", "sure", [RIGHT], 0)
    assert saved["hash"] == question_hash(QUESTION) and saved["first"] == {"result": "correct", "confidence": "sure"}
    # Try again clears the mark; the record keeps its first try.
    form.locator(".sc-try-again").click()
    assert form.locator(".sc-confidence input:checked").count() == 0
    assert record(page)["result"] == "unanswered" and record(page)["first"]["result"] == "correct"
    assert not page.problems.errors and not page.problems.external


# ----------------------------------------------------------------- Practice again over days


def test_a_wrong_answer_comes_back_and_climbs_the_boxes_until_it_leaves(learner, site_url):
    page = learner()
    page.goto(site_url + PRACTICE_PAGE)
    assert practice_status(page) == (WORDS.practice.queue_empty, None) and visible_practice(page) == []

    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    assert (record(page)["box"], record(page)["due"]) == (1, local(0))  # local date, not UTC's 1 March
    page.goto(site_url + PROGRESS_PAGE)
    assert page.locator(".sc-progress-due").get_attribute("data-due") == "1"

    page.goto(site_url + PRACTICE_PAGE)
    assert visible_practice(page) == [QUESTION.id]
    assert practice_status(page) == (WORDS.practice.due_today.format(count=1), None)
    heading = WORDS.practice.heading.format(chapter=QUIZ.chapter, quiz=QUIZ.title)
    assert norm(page.locator(f'form[data-question="{QUESTION.id}"] legend').first.inner_text()).startswith(heading)

    # Day 0: right and sure -> box 2, due in 1 day; the question stays on screen with its feedback.
    answer(page, QUIZ, QUESTION, [RIGHT], "sure")
    assert (record(page)["box"], record(page)["due"]) == (2, local(1))
    assert practice_status(page) == (WORDS.practice.none_due, local(1))
    assert visible_practice(page) == [QUESTION.id]
    page.reload()
    assert visible_practice(page) == []

    # Day 1: due. Right but not sure -> stays in box 2, due again after 1 day.
    move_clock(page, 1, PRACTICE_PAGE)
    assert visible_practice(page) == [QUESTION.id]
    answer(page, QUIZ, QUESTION, [RIGHT], "not_sure")
    assert (record(page)["box"], record(page)["due"]) == (2, local(2))
    # Day 2: right with no mark -> stays too; then (same day) right and sure -> box 3 (3 days).
    move_clock(page, 2, PRACTICE_PAGE)
    answer(page, QUIZ, QUESTION, [RIGHT])
    assert (record(page)["box"], record(page)["due"]) == (2, local(3))
    answer(page, QUIZ, QUESTION, [RIGHT], "sure")
    assert (record(page)["box"], record(page)["due"]) == (3, local(5))
    # Day 4: not due yet; the page says when.
    move_clock(page, 4, PRACTICE_PAGE)
    assert visible_practice(page) == [] and practice_status(page) == (WORDS.practice.none_due, local(5))
    # Day 5: answered on the chapter page instead: the same record moves the same way (box 4, 7 days).
    move_clock(page, 5, CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [RIGHT], "sure")
    assert (record(page)["box"], record(page)["due"]) == (4, local(12))
    # Day 12: right and sure in box 4 -> leaves the queue.
    move_clock(page, 12, PRACTICE_PAGE)
    assert visible_practice(page) == [QUESTION.id]
    answer(page, QUIZ, QUESTION, [RIGHT], "sure")
    assert (record(page)["box"], record(page)["due"]) == (0, None)
    page.reload()
    assert practice_status(page) == (WORDS.practice.queue_empty, None)
    assert record(page)["first"] == {"result": "incorrect", "confidence": "sure"}
    assert not page.problems.errors and not page.problems.external


def test_every_question_due_at_once_shows_with_its_own_working_controls(learner, site_url):
    # The page is set up in small tasks and each form gets its controls (copied from one template)
    # when first shown; with the whole bank due, every question still shows, complete and working.
    page = learner()
    page.goto(site_url + PRACTICE_PAGE)
    records = {quiz.id: {"version": render.RECORD_VERSION, "quiz": quiz.id, "chapter": quiz.chapter,
                         "total": len(quiz.questions),
                         "questions": {q.id: {"quiz": quiz.id, "answer": [], "result": "incorrect",
                                              "confidence": "none",
                                              "first": {"result": "incorrect", "confidence": "none"},
                                              "box": 1, "due": local(0), "time": "2026-03-01T12:00:00.000Z",
                                              "hash": question_hash(q)} for q in quiz.questions}}
               for quiz in BANK.quizzes}
    page.evaluate("records => { for (const [id, r] of Object.entries(records)) "
                  "localStorage.setItem('spasm-course:quiz:' + id, JSON.stringify(r)); }", records)
    page.reload()
    every = [q.id for quiz in BANK.quizzes for q in quiz.questions]
    assert visible_practice(page) == every
    assert practice_status(page) == (WORDS.practice.due_today.format(count=len(every)), None)
    forms = page.eval_on_selector_all(".sc-practice form.sc-question", """forms => forms.map(f => ({
        confidence: f.querySelectorAll('fieldset > .sc-confidence').length,
        mine: Array.from(f.querySelectorAll('.sc-confidence [id], .sc-feedback-region'))
          .every(e => e.id.startsWith(f.id + '.')),
        checkEnabled: !f.querySelector('.sc-check').disabled && !f.querySelector('.sc-buttons').hidden}))""")
    assert forms == [{"confidence": 1, "mine": True, "checkEnabled": True}] * len(every)
    ids = page.eval_on_selector_all("[id]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids))
    last_quiz = BANK.quizzes[-1]
    last = last_quiz.questions[-1]
    assert answer(page, last_quiz, last, list(last.correct), "sure")
    assert (record(page, last_quiz, last)["box"], record(page, last_quiz, last)["confidence"]) == (2, "sure")
    assert not page.problems.errors and not page.problems.external


def test_show_answer_and_unsure_right_answers_join_the_queue_and_reset_all_clears_it(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    second, third = [q for q in QUIZ.questions if q.id != QUESTION.id][:2]
    reveal(page, QUIZ, second)
    answer(page, QUIZ, third, list(third.correct), "not_sure")
    answer(page, QUIZ, QUESTION, [RIGHT], "sure")  # right and sure: not queued
    page.goto(site_url + PRACTICE_PAGE)
    assert sorted(visible_practice(page)) == sorted([second.id, third.id])

    page.goto(site_url + PROGRESS_PAGE)
    page.locator(".sc-progress-reset").click()  # the confirmation is accepted
    assert all_saved(page) == {}
    page.goto(site_url + PRACTICE_PAGE)
    assert visible_practice(page) == [] and practice_status(page)[0] == WORDS.practice.queue_empty


def test_reset_all_asks_first_and_keeps_everything_when_cancelled(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    page.goto(site_url + PROGRESS_PAGE)
    before = all_saved(page)
    # The learner answers "Cancel" to the confirmation.
    page.evaluate("() => { window.confirm = (message) => { window.__asked = message; return false; }; }")
    page.locator(".sc-progress-reset").click()
    assert page.evaluate("window.__asked") == WORDS.progress.reset_confirm
    assert all_saved(page) == before and len(before) == 1


# ----------------------------------------------------------------- progress summary


def test_progress_page_counts_sure_but_wrong_per_chapter_and_links_to_them(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    second = [q for q in QUIZ.questions if q.id != QUESTION.id][0]
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    answer(page, QUIZ, second, list(second.correct), "sure")
    page.goto(site_url + PROGRESS_PAGE)
    row = page.locator(f'tr[data-chapter="{QUIZ.chapter}"]')
    total = sum(len(q.questions) for q in BANK.quizzes if q.chapter == QUIZ.chapter)
    assert norm(row.locator(".sc-progress-correct").inner_text()) == \
        WORDS.progress.correct_of.format(correct=1, total=total)
    assert norm(row.locator(".sc-progress-sure-wrong").inner_text()) == "1"
    links = page.locator(".sc-progress-sure-wrong-list a")
    assert links.count() == 1 and norm(links.inner_text()) == norm(QUESTION.prompt)
    assert not page.locator(".sc-progress-sure-wrong-none").is_visible()
    links.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#{render.question_dom_id(QUIZ, QUESTION)}")
    assert page.locator(f'form[id="{render.question_dom_id(QUIZ, QUESTION)}"] .sc-feedback.sc-incorrect').count() == 1


# ----------------------------------------------------------------- the progress file


def download(page, site_url, name: str | None = None) -> Path:
    page.goto(site_url + PROGRESS_PAGE)
    if name is not None:
        page.locator(".sc-progress-name").fill(name)
        page.locator(".sc-progress-name").dispatch_event("change")
    with page.expect_download() as info:
        page.locator(".sc-progress-download").click()
    path = Path(info.value.path())
    assert info.value.suggested_filename == "muscle-spasms-course-progress.json"
    return path


def load(page, path: Path) -> str:
    page.locator(".sc-progress-load").set_input_files(str(path))
    status = page.locator(".sc-progress-file-status")
    page.wait_for_function("el => el.textContent.trim() !== ''", arg=status.element_handle())
    return norm(status.inner_text())


def test_download_then_load_in_a_fresh_browser_restores_everything(learner, site_url, tmp_path):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    second, third = [q for q in QUIZ.questions if q.id != QUESTION.id][:2]
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    answer(page, QUIZ, second, list(second.correct), "not_sure")
    reveal(page, QUIZ, third)
    path = download(page, site_url, "Ana")
    saved = all_saved(page)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["course"], data["learner"], data["format_version"]) == ("muscle-spasms-course", "Ana", FORMAT_VERSION)
    assert sorted(data["questions"]) == sorted([QUESTION.id, second.id, third.id])
    import jsonschema
    from spasm_course.engines.progress import schema
    jsonschema.validate(data, schema())

    fresh = learner(START + timedelta(hours=1))
    fresh.goto(site_url + PROGRESS_PAGE)
    assert load(fresh, path) == WORDS.progress.loaded.format(count=3)
    assert all_saved(fresh) == saved
    assert fresh.locator(".sc-progress-name").input_value() == "Ana"
    fresh.goto(site_url + PRACTICE_PAGE)
    assert sorted(visible_practice(fresh)) == sorted([QUESTION.id, second.id, third.id])
    fresh.goto(site_url + CHAPTER_ONE)
    form = fresh.locator(f'form[id="{render.question_dom_id(QUIZ, QUESTION)}"]')
    assert form.locator(".sc-feedback.sc-incorrect").count() == 1
    assert form.locator('.sc-confidence input[value="sure"]').is_checked()

    # Merge: a newer answer in this browser wins over the file's; loading again changes nothing.
    answer(fresh, QUIZ, QUESTION, [RIGHT], "sure")
    fresh.goto(site_url + PROGRESS_PAGE)
    assert load(fresh, path) == WORDS.progress.nothing_new
    assert record(fresh)["result"] == "correct"
    for p in (page, fresh):
        assert not p.problems.errors and not p.problems.external


def _file(path: Path, data) -> Path:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_bad_foreign_newer_and_edited_files_change_nothing(learner, site_url, tmp_path):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    good = json.loads(download(page, site_url).read_text(encoding="utf-8"))
    before = all_saved(page)
    second = [q for q in QUIZ.questions if q.id != QUESTION.id][0]
    later = "2027-01-01T00:00:00.000Z"
    edited = {**good, "questions": {
        QUESTION.id: {**good["questions"][QUESTION.id], "result": "correct", "time": later, "hash": "0" * 16},
        second.id: {**good["questions"][QUESTION.id], "result": "correct", "answer": list(second.correct),
                    "time": later, "hash": "f" * 16}}}
    cases = {
        "not-json.json": ("{ this is not json", WORDS.progress.bad_file),
        "wrong-shape.json": ({**good, "questions": []}, WORDS.progress.bad_file),
        "bad-record.json": ({**good, "questions": {QUESTION.id: {**good["questions"][QUESTION.id], "box": 9,
                                                                  "time": later}}}, WORDS.progress.bad_file),
        "other-format.json": ({"hello": "world"}, WORDS.progress.bad_file),
        "foreign.json": ({**good, "course": "cooking-101"}, WORDS.progress.foreign),
        "newer.json": ({**good, "format_version": FORMAT_VERSION + 1, "questions": "whatever"}, WORDS.progress.newer),
        "edited.json": (edited, WORDS.progress.dropped.format(count=2)),
    }
    for name, (content, message) in cases.items():
        assert load(page, _file(tmp_path / name, content)) == message, name
        assert all_saved(page) == before, name
        page.reload()
    assert not page.problems.errors and not page.problems.external


def test_answers_saved_before_a_question_changed_are_dropped_not_regraded(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [RIGHT], "sure")
    # As if the site was rebuilt with this question edited: the saved hash no longer matches.
    page.evaluate("""([key, id]) => { const s = JSON.parse(localStorage.getItem(key));
        s.questions[id].hash = '0123456789abcdef'; localStorage.setItem(key, JSON.stringify(s)); }""",
                  [render.STORAGE_PREFIX + QUIZ.id, QUESTION.id])
    page.goto(site_url + PROGRESS_PAGE)
    assert norm(page.locator(f'tr[data-quiz="{QUIZ.id}"] .sc-progress-score').inner_text()) == \
        progress_words()["not_started"]
    assert all_saved(page) == {}
    # The learner is told, once, on the page that cleared it.
    notice = page.locator(".sc-answers-reset")
    assert [norm(t) for t in notice.all_inner_texts()] == [WORDS.quiz.answers_reset.format(count=1)]
    assert notice.get_attribute("role") == "status"
    page.reload()
    assert page.locator(".sc-answers-reset").count() == 0
    page.goto(site_url + CHAPTER_ONE)
    assert page.locator(".sc-answers-reset").count() == 0
    form = page.locator(f'form[id="{render.question_dom_id(QUIZ, QUESTION)}"]')
    assert form.locator(".sc-feedback").count() == 0 and form.locator("input:checked").count() == 0


def test_a_chapter_says_how_many_saved_answers_its_changed_questions_cleared(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    others = [q for q in QUIZ.questions if q.id != QUESTION.id][:2]
    for question in [QUESTION, *others]:
        answer(page, QUIZ, question, list(question.correct))
    page.evaluate("""([key, ids]) => { const s = JSON.parse(localStorage.getItem(key));
        for (const id of ids) s.questions[id].hash = '0123456789abcdef'; localStorage.setItem(key, JSON.stringify(s)); }""",
                  [render.STORAGE_PREFIX + QUIZ.id, [QUESTION.id, others[0].id]])
    page.reload()
    notice = page.locator(".sc-answers-reset")
    assert [norm(t) for t in notice.all_inner_texts()] == [WORDS.quiz.answers_reset.format(count=2)]
    # It stands just before the quiz that cleared them; the answer that still fits is kept.
    assert page.evaluate("document.querySelector('.sc-answers-reset').nextElementSibling.dataset.quiz") == QUIZ.id
    assert record(page, QUIZ, others[1])["result"] == "correct" and record(page, QUIZ, QUESTION) is None
    page.reload()
    assert page.locator(".sc-answers-reset").count() == 0
    assert not page.problems.errors


HOME_PAGE = "book/intro.html"
GLOSSARY = "book/glossary.html"


def test_the_first_page_opened_after_an_update_says_how_many_answers_were_reset_even_with_no_quiz(
        learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    keep = next(q for q in QUIZ.questions if q.id != QUESTION.id)
    for question in (QUESTION, keep):
        answer(page, QUIZ, question, list(question.correct))
    # As if the course was updated and QUESTION edited; a newer format's entry of another quiz stays.
    other = BANK.quizzes[1]
    newer = {"version": 99, "quiz": other.id, "questions": {"x": {"result": "from the future"}}}
    page.evaluate("""([key, id, otherKey, newer]) => { const s = JSON.parse(localStorage.getItem(key));
        s.questions[id].hash = '0123456789abcdef'; localStorage.setItem(key, JSON.stringify(s));
        localStorage.setItem(otherKey, JSON.stringify(newer)); }""",
                  [render.STORAGE_PREFIX + QUIZ.id, QUESTION.id, render.STORAGE_PREFIX + other.id, newer])
    page.goto(site_url + HOME_PAGE)
    notice = page.locator(".sc-answers-reset")
    notice.wait_for()
    assert [norm(t) for t in notice.all_inner_texts()] == [WORDS.quiz.answers_reset.format(count=1)]
    assert notice.get_attribute("role") == "status"
    assert page.evaluate("!!document.querySelector('article .sc-answers-reset')")
    # Dropped once, here: the answer that still fits is kept, and the entry of a newer format is untouched.
    assert record(page, QUIZ, QUESTION) is None and record(page, QUIZ, keep)["result"] == "correct"
    assert page.evaluate("k => JSON.parse(localStorage.getItem(k))", render.STORAGE_PREFIX + other.id) == newer
    # Said once: neither the chapter nor another page says it again.
    page.goto(site_url + CHAPTER_ONE)
    page.wait_for_function("document.documentElement.dataset.scInit === 'done'")
    assert page.locator(".sc-answers-reset").count() == 0
    page.goto(site_url + GLOSSARY)
    page.wait_for_load_state("networkidle")
    assert page.locator(".sc-answers-reset").count() == 0
    assert not page.problems.errors


def test_answers_to_questions_the_course_no_longer_has_are_kept_and_told_once(learner, site_url):
    page = learner()
    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [RIGHT])
    # As if the course was updated and a question the learner answered was retired (or renamed).
    page.evaluate("""([key, id]) => { const s = JSON.parse(localStorage.getItem(key));
        s.questions['retired-question'] = s.questions[id]; localStorage.setItem(key, JSON.stringify(s)); }""",
                  [render.STORAGE_PREFIX + QUIZ.id, QUESTION.id])
    page.goto(site_url + HOME_PAGE)
    notice = page.locator(".sc-answers-reset")
    notice.wait_for()
    assert [norm(t) for t in notice.all_inner_texts()] == [WORDS.quiz.answers_reset.format(count=1)]
    # Never deleted (a page keeps what it does not understand), and told only once.
    stored = page.evaluate("k => JSON.parse(localStorage.getItem(k))", render.STORAGE_PREFIX + QUIZ.id)
    assert stored["questions"]["retired-question"]["result"] == "correct"
    page.goto(site_url + CHAPTER_ONE)
    assert page.locator(".sc-answers-reset").count() == 0
    assert record(page, QUIZ, QUESTION)["result"] == "correct"
    assert not page.problems.errors


def test_a_page_with_no_quiz_reads_nothing_more_when_nothing_was_saved(learner, site_url):
    page = learner()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + HOME_PAGE)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if url.endswith(("course-records.json", "records.js"))], requested
    assert page.locator(".sc-answers-reset").count() == 0
    assert not page.problems.errors


# ----------------------------------------------------------------- three learners -> the instructor's report


def test_three_learners_files_make_the_instructor_report(learner, site_url, tmp_path):
    others = [q for q in QUIZ.questions if q.id != QUESTION.id]
    plans = {
        "Ana": [(QUESTION, [WRONG], "sure"), (others[0], list(others[0].correct), "sure")],
        "Ben": [(QUESTION, [RIGHT], "sure"), (others[0], list(others[0].correct), "not_sure"),
                (others[1], list(others[1].correct), None)],
        "": [(QUESTION, [RIGHT], "not_sure")],
    }
    files = []
    for index, (name, answers) in enumerate(plans.items()):
        page = learner()
        page.goto(site_url + CHAPTER_ONE)
        for question, ids, confidence in answers:
            answer(page, QUIZ, question, ids, confidence)
        if name == "Ana":  # and one triage-practice answer with less care than the rule gives
            practice = BANK.quiz("ch05-triage-practice")
            page.goto(site_url + "notebooks/05-triage-simulator.html")
            answer(page, practice, next(q for q in practice.questions if q.correct == ["watch"]), ["self_care"], "sure")
        target = tmp_path / f"learner-{index + 1}.json"
        shutil.copy(download(page, site_url, name or None), target)
        files.append(target)
        assert not page.problems.errors and not page.problems.external
    out = tmp_path / "report"
    assert report(BANK, files, out, "muscle-spasms-course") == 0
    with open(out / LEARNER_FILE, encoding="utf-8", newline="") as handle:
        learners = list(csv.DictReader(handle))
    assert [row["learner"] for row in learners] == ["Ana", "Ben", ""]
    assert [row["under_triage"] for row in learners] == ["1", "0", "0"]
    with open(out / QUESTION_FILE, encoding="utf-8", newline="") as handle:
        by_question = {row["question"]: row for row in csv.DictReader(handle)}
    row = by_question[QUESTION.id]
    assert (row["learners"], row["first_try_correct_rate"], row["sure_but_wrong_rate"]) == ("3", "0.67", "0.33")
    keep = os.environ.get("SPASM_KEEP_PROGRESS_EXAMPLE", "").strip()
    if keep:  # to refresh the committed example (docs/progress-report-example/)
        Path(keep).mkdir(parents=True, exist_ok=True)
        for path in files + [out / LEARNER_FILE, out / QUESTION_FILE]:
            shutil.copy(path, Path(keep) / path.name)


# ----------------------------------------------------------------- accessibility


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_practice_and_progress_pages_pass_axe(learner, site_url, mode):
    page = learner()
    page.add_init_script(f"try {{ localStorage.setItem('mode', '{mode}'); "
                         f"localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}")
    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    page.goto(site_url + PRACTICE_PAGE)
    assert visible_practice(page) == [QUESTION.id]
    answer(page, QUIZ, QUESTION, [WRONG], "not_sure")  # feedback on screen too
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    assert run_axe(page) == []
    page.goto(site_url + PROGRESS_PAGE)
    assert page.locator(".sc-progress-sure-wrong-list a").count() == 0  # now "not sure"
    page.goto(site_url + CHAPTER_ONE)
    answer(page, QUIZ, QUESTION, [WRONG], "sure")
    page.goto(site_url + PROGRESS_PAGE)
    assert page.locator(".sc-progress-sure-wrong-list a").count() == 1
    assert run_axe(page) == []
    assert not page.problems.errors and not page.problems.external


# ----------------------------------------------------------------- triage practice


CHAPTER_FIVE = "notebooks/05-triage-simulator.html"


def test_triage_practice_marks_caution_safe_not_wrong_and_the_progress_page_counts_it_apart(learner, site_url):
    from spasm_course.engines import grading

    quiz = BANK.quiz("ch05-triage-practice")
    watch_case = next(q for q in quiz.questions if q.correct == ["watch"])
    twitch_case = next(q for q in quiz.questions if q.correct == ["not_a_spasm"])
    tl = WORDS.triage_level
    page = learner()
    page.goto(site_url + CHAPTER_FIVE)
    form = page.locator(f'form[id="{render.question_dom_id(quiz, watch_case)}"]')

    def shown() -> list[str]:
        return [norm(t) for t in form.locator(".sc-feedback-region li, .sc-feedback-region p").all_inner_texts()]

    # Under-triage: self-care for a watch case, the riskier mistake.
    answer(page, quiz, watch_case, ["self_care"], "sure")
    assert shown() == grading.grade(watch_case, ["self_care"]).lines()
    assert shown()[0] == tl.under_headline and "riskier mistake" in shown()[1] and tl.watch_note in shown()[1]
    assert (record(page, quiz, watch_case)["result"], record(page, quiz, watch_case)["miss"]) == ("incorrect", "under")
    # An appointment where the rule gives watch: a safe choice, never marked as a mistake.
    answer(page, quiz, watch_case, ["appointment"], "sure")
    assert shown() == grading.grade(watch_case, ["appointment"]).lines()
    assert shown()[0] == tl.safe_headline
    assert form.locator(".sc-feedback.sc-safe").count() == 1 and form.locator(".sc-feedback.sc-incorrect").count() == 0
    saved = record(page, quiz, watch_case)
    assert saved["result"] == "safe" and "miss" not in saved and saved["box"] == 1  # asked again, like any non-key
    # Right.
    answer(page, quiz, watch_case, ["watch"])
    assert form.locator(".sc-feedback.sc-correct").count() == 1 and "miss" not in record(page, quiz, watch_case)
    # A twitch answered "Self-care at home" is still incorrect: the source gives no treatment for twitches.
    twitch_form = page.locator(f'form[id="{render.question_dom_id(quiz, twitch_case)}"]')
    answer(page, quiz, twitch_case, ["self_care"], "sure")
    assert twitch_form.locator(".sc-feedback.sc-incorrect").count() == 1
    assert record(page, quiz, twitch_case)["result"] == "incorrect"

    # The progress page counts under-triage and safe choices apart from other mistakes.
    other = next(q for q in quiz.questions if q.correct == ["appointment"])
    answer(page, quiz, other, ["watch"], "not_sure")
    self_care_case = next(q for q in quiz.questions if q.correct == ["self_care"])
    answer(page, quiz, self_care_case, ["appointment"], "sure")  # sure, and safe: never "sure but wrong"
    page.goto(site_url + PROGRESS_PAGE)
    row = page.locator(f'tr[data-chapter="{quiz.chapter}"]')
    assert norm(row.locator(".sc-progress-under").inner_text()) == "1"
    assert norm(row.locator(".sc-progress-safe").inner_text()) == "1"
    assert norm(row.locator(".sc-progress-sure-wrong").inner_text()) == "1"  # the sure twitch-as-self-care
    assert norm(page.locator(".sc-progress-under-triage").inner_text()) == \
        WORDS.progress.under_triage.format(count=1)
    assert not page.problems.errors and not page.problems.external


# ----------------------------------------------------------------- saved records survive format changes


def _store(page, quiz, version: int, questions: dict) -> None:
    page.evaluate("""([key, value]) => localStorage.setItem(key, JSON.stringify(value))""",
                  [render.STORAGE_PREFIX + quiz.id,
                   {"version": version, "quiz": quiz.id, "chapter": quiz.chapter, "total": len(quiz.questions),
                    "questions": questions}])


def _old_record(quiz, question, answer_ids, result, **extra) -> dict:
    return {"quiz": quiz.id, "answer": answer_ids, "result": result, "confidence": "sure",
            "first": {"result": result, "confidence": "sure"}, "box": 1, "due": local(0),
            "time": "2026-03-01T12:00:00.000Z", "hash": question_hash(question), **extra}


def test_records_of_the_old_format_are_upgraded_in_place_and_cautious_ones_become_safe(learner, site_url):
    quiz = BANK.quiz("ch05-triage-practice")
    watch_case = next(q for q in quiz.questions if q.correct == ["watch"])
    under_case = next(q for q in quiz.questions if q.correct == ["appointment"])
    page = learner()
    page.goto(site_url + PROGRESS_PAGE)
    # Version 2 (before "safe"): an over-triage was saved as incorrect with miss "over".
    _store(page, quiz, 2, {
        watch_case.id: _old_record(quiz, watch_case, ["appointment"], "incorrect", miss="over"),
        under_case.id: _old_record(quiz, under_case, ["watch"], "incorrect", miss="under"),
    })
    page.goto(site_url + CHAPTER_FIVE)
    saved = page.evaluate(f"() => JSON.parse(localStorage.getItem('{render.STORAGE_PREFIX}{quiz.id}'))")
    assert saved["version"] == render.RECORD_VERSION  # upgraded in place
    upgraded = saved["questions"][watch_case.id]
    assert upgraded["result"] == "safe" and "miss" not in upgraded
    assert {k: v for k, v in upgraded.items() if k not in ("result",)} == \
        {k: v for k, v in _old_record(quiz, watch_case, ["appointment"], "incorrect").items() if k != "result"}
    assert saved["questions"][under_case.id] == _old_record(quiz, under_case, ["watch"], "incorrect", miss="under")
    form = page.locator(f'form[id="{render.question_dom_id(quiz, watch_case)}"]')
    assert norm(form.locator(".sc-feedback p").first.inner_text()) == WORDS.triage_level.safe_headline
    assert not page.problems.errors


def test_a_record_the_page_does_not_understand_survives_a_visit_untouched(learner, site_url):
    quiz = BANK.quiz("ch05-triage-practice")
    question = quiz.questions[1]
    page = learner()
    page.goto(site_url + PROGRESS_PAGE)
    key = render.STORAGE_PREFIX + quiz.id
    # A newer format: never read, changed or deleted, even when the learner answers here.
    newer = {"version": render.RECORD_VERSION + 1, "quiz": quiz.id, "questions": {question.id: {"future": True}}}
    page.evaluate("([key, value]) => localStorage.setItem(key, JSON.stringify(value))", [key, newer])
    before = all_saved(page)
    for path in (CHAPTER_FIVE, PROGRESS_PAGE, PRACTICE_PAGE):
        page.goto(site_url + path)
    page.goto(site_url + CHAPTER_FIVE)
    answer(page, quiz, question, question.correct)
    page.goto(site_url + PROGRESS_PAGE)
    page.locator(".sc-progress-reset").click()  # "Reset all progress" (the dialog is accepted)
    assert all_saved(page)[key] == before[key]

    # This version, with an unknown result and an unknown question beside a record it knows.
    strange = _old_record(quiz, question, question.correct, "half-right")
    gone = _old_record(quiz, question, ["watch"], "incorrect")
    _store(page, quiz, render.RECORD_VERSION, {question.id: strange, "a-question-from-a-later-bank": gone})
    page.goto(site_url + CHAPTER_FIVE)
    other = quiz.questions[2]
    answer(page, quiz, other, other.correct)  # saving this quiz keeps what it does not understand
    saved = json.loads(all_saved(page)[key])["questions"]
    assert saved[question.id] == strange and saved["a-question-from-a-later-bank"] == gone
    assert saved[other.id]["result"] == "correct"
    page.locator(f'section[id="{render.quiz_dom_id(quiz)}"] .sc-reset').click()  # "Reset this quiz"
    saved = json.loads(all_saved(page)[key])["questions"]
    assert saved == {question.id: strange, "a-question-from-a-later-bank": gone}
    assert not page.problems.errors
