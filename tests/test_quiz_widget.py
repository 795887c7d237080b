"""The notebook quiz widget, driven as a student would, with no front end."""

from __future__ import annotations

import pytest

from spasm_course.engines import grading
from spasm_course import show_quiz
from spasm_course.content import default_bank
from spasm_course.engines.grading import display_order
from spasm_course.frontends.quiz_widget import CORRECT, INCORRECT, REVEALED, SAFE, UNANSWERED, QuizWidget
from spasm_course.content.words import course_words

BANK = default_bank()
QUIZ_IDS = [quiz.id for quiz in BANK.quizzes]


def _wrong_answers(question):
    return [cid for cid in (c.id for c in question.choices) if cid not in question.correct]


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_every_question_grades_right_and_wrong_answers(quiz_id):
    quiz = show_quiz(quiz_id)
    for qw in quiz.questions:
        question = qw.question
        qw.select(question.correct)
        qw.check_button.click()
        assert qw.state == CORRECT, question.id
        assert qw.feedback_text.startswith("Correct!"), question.id
        assert question.explanation.strip() in qw.feedback_text
        assert "Correct!" in qw.feedback.value
        for wrong in _wrong_answers(question):
            qw.try_again_button.click()
            qw.select([wrong])
            qw.check_button.click()
            graded = grading.grade(question, [wrong])
            # A more careful care level than the rule is "safe", never a mistake; every other wrong answer is incorrect.
            assert graded.status in (INCORRECT, SAFE), (question.id, wrong)
            assert graded.status == INCORRECT or question.has_levels, (question.id, wrong)
            assert qw.state == graded.status, (question.id, wrong)
            assert f'class="sc-feedback sc-{graded.status}"' in qw.feedback.value, (question.id, wrong)
            # A care-level miss is headed by its kind (less care, a safe choice, a twitch) instead.
            headline = graded.headline
            assert headline == "Not quite." or question.has_levels, (question.id, wrong)
            assert qw.feedback_text.startswith(headline), (question.id, wrong)
            feedback = question.choice(wrong).feedback.strip()
            assert f"{question.label(wrong)}: {feedback}" in qw.feedback_text, (question.id, wrong)
            assert all(f"“{quote}”" in qw.feedback_text for quote in question.quotes)


@pytest.mark.parametrize("quiz_id", QUIZ_IDS)
def test_score_counts_each_question_once(quiz_id):
    quiz = show_quiz(quiz_id)
    total = len(quiz.questions)
    assert quiz.score_text == f"Score: 0 of {total} correct"
    first = quiz.questions[0]
    first.select(first.question.correct)
    for _ in range(3):  # repeated clicks never double-count
        first.check_button.click()
    assert quiz.score_text == f"Score: 1 of {total} correct"
    assert f"Score: 1 of {total} correct" in quiz.score.value
    first.try_again_button.click()
    assert first.state == UNANSWERED and first.selected() == [] and first.feedback.value == ""
    assert quiz.score_text == f"Score: 0 of {total} correct"


def test_check_with_nothing_chosen_asks_for_an_answer_and_scores_nothing():
    quiz = show_quiz("ch01-spasm-or-twitch")
    qw = quiz.questions[0]
    qw.check_button.click()
    assert qw.feedback_text == "Choose an answer first."
    assert "Choose an answer first." in qw.feedback.value
    assert qw.state == UNANSWERED
    assert quiz.correct_count == 0
    # a right answer after that is scored normally
    qw.select(qw.question.correct)
    qw.check_button.click()
    assert quiz.correct_count == 1


def test_show_answer_reveals_without_scoring_and_locks_until_try_again():
    quiz = show_quiz("ch02-causes")
    qw = quiz.questions[0]
    qw.show_answer_button.click()
    assert qw.state == REVEALED
    assert sorted(qw.selected()) == sorted(qw.question.correct)
    assert qw.feedback_text.startswith("Here is the answer. The answer:")
    for cid in qw.question.correct:
        assert qw.question.label(cid) in qw.feedback_text.splitlines()[0]
    assert qw.check_button.disabled
    assert quiz.correct_count == 0
    qw.try_again_button.click()
    assert not qw.check_button.disabled and qw.selected() == []


def test_multi_select_is_all_or_nothing_in_the_widget():
    multis = [q for q in BANK.questions() if q.type == "multi"]
    assert multis, "the bank has a multiple-select question"
    question = multis[0]
    quiz = next(show_quiz(z.id) for z in BANK.quizzes if question in z.questions)
    qw = quiz.question(question.id)
    qw.select(question.correct[:1] + _wrong_answers(question)[:1])
    qw.check_button.click()
    assert qw.state == INCORRECT
    if len(question.correct) > 1:
        qw.try_again_button.click()
        qw.select(question.correct[:1])
        qw.check_button.click()
        assert qw.state == INCORRECT
        missed = question.correct[1]
        assert question.choice(missed).feedback.strip() in qw.feedback_text


def test_options_have_full_labels_in_display_order():
    # (The same order on every run: tests/test_determinism.py.)
    for quiz in BANK.quizzes:
        for a in show_quiz(quiz.id).questions:
            assert a.order == display_order(a.question)
            labels = [a.question.label(cid) for cid in a.order]
            if a.radio is not None:
                assert [label for label, _ in a.radio.options] == labels
            else:
                assert [box.description for box in a.boxes.values()] == labels


def test_bad_calls_give_clear_messages():
    with pytest.raises(ValueError, match="unknown quiz 'nope'; known quizzes: ch01"):
        show_quiz("nope")
    with pytest.raises(ValueError, match="quiz id"):
        show_quiz(3)
    qw = show_quiz("ch01-spasm-or-twitch").questions[0]
    with pytest.raises(ValueError, match="has no choice 'maybe'"):
        qw.select("maybe")
    with pytest.raises(ValueError, match="takes one answer"):
        qw.select(["spasm", "twitch"])


def test_repr_bundle_has_plain_text_and_the_website_html():
    quiz = show_quiz("ch02-causes")
    bundle = quiz._repr_mimebundle_()
    assert bundle["text/plain"] == f"Quiz: {quiz.quiz.title} ({len(quiz.questions)} questions)"
    assert "application/vnd.jupyter.widget-view+json" in bundle
    for question in quiz.quiz.questions:
        assert question.id in bundle["text/html"]
    assert isinstance(quiz, QuizWidget)


def test_confidence_is_optional_picked_before_check_and_recorded_with_the_answer():
    from spasm_course.content.words import course_words

    words = course_words().confidence
    quiz = show_quiz(BANK.quizzes[0].id)
    qw = quiz.questions[0]
    assert qw.confidence_buttons.description == words.legend
    assert [label for label, _ in qw.confidence_buttons.options] == [words.sure, words.not_sure]
    assert qw.confidence == "none" and qw.answered_confidence is None
    qw.select(qw.question.correct)
    qw.check_button.click()  # no mark given: it is optional
    assert qw.state == CORRECT and qw.answered_confidence == "none"
    qw.try_again_button.click()
    qw.set_confidence("sure")
    qw.select(_wrong_answers(qw.question)[:1])
    qw.check_button.click()
    assert (qw.state, qw.answered_confidence) == (INCORRECT, "sure")
    # Changing the mark after Check does not change what was recorded.
    qw.set_confidence("not_sure")
    assert qw.answered_confidence == "sure"
    qw.try_again_button.click()
    assert qw.confidence == "none" and qw.answered_confidence is None
    qw.show_answer_button.click()
    assert qw.confidence_buttons.disabled and qw.state == REVEALED
    with pytest.raises(ValueError, match="confidence"):
        qw.set_confidence("maybe")


SAFE_HEADLINE = course_words().triage_level.safe_headline


def test_a_careful_care_level_is_shown_as_safe_not_as_a_mistake():
    assert SAFE_HEADLINE == "A safe choice."
    quiz = show_quiz("ch05-triage-practice")
    total = len(quiz.questions)
    qw = next(q for q in quiz.questions if q.question.type == "triage_level" and q.question.correct == ["watch"])
    qw.select("appointment")
    qw.check_button.click()
    assert qw.state == SAFE
    assert qw.feedback_text.splitlines()[0] == SAFE_HEADLINE
    assert '<div class="sc-feedback sc-safe"><p><strong>A safe choice.</strong></p>' in qw.feedback.value
    assert "sc-incorrect" not in qw.feedback.value and "Not quite" not in qw.feedback_text
    assert "Make an appointment: A careful choice, and not a mistake." in qw.feedback_text
    # Safe is not the rule's answer: the score counts only correct answers.
    assert quiz.correct_count == 0 and quiz.score_text == f"Score: 0 of {total} correct"
    qw.try_again_button.click()
    assert qw.state == UNANSWERED and qw.feedback.value == ""
    qw.select("watch")
    qw.check_button.click()
    assert qw.state == CORRECT and quiz.score_text == f"Score: 1 of {total} correct"


def test_a_level_tagged_single_question_shows_safe_too():
    quiz = show_quiz("ch05-triage-rule")
    qw = quiz.question("triage-no-signs-self-care")
    qw.select("appointment")
    qw.check_button.click()
    assert qw.state == SAFE and qw.feedback_text.startswith(SAFE_HEADLINE)
    assert "sc-feedback sc-safe" in qw.feedback.value and quiz.correct_count == 0


def test_a_twitch_taken_for_a_spasm_is_still_incorrect():
    quiz = show_quiz("ch05-triage-practice")
    twitch = next(q for q in default_bank().quiz("ch05-triage-practice").questions if q.case.kind == "twitch")
    qw = quiz.question(twitch.id)
    qw.select("self_care")
    qw.check_button.click()
    assert qw.state == INCORRECT
    assert qw.feedback_text.startswith(course_words().triage_level.over_headline)
    assert "sc-feedback sc-incorrect" in qw.feedback.value
    # For a twitch, only "Make an appointment" is a safe choice.
    qw.try_again_button.click()
    qw.select("appointment")
    qw.check_button.click()
    assert qw.state == SAFE and qw.feedback_text.startswith(SAFE_HEADLINE)
