"""The course's real question bank: it loads, it is big enough, it quotes the
source word for word, and every question grades the way a student expects."""

import re
from collections import Counter

import pytest
import yaml

from prose import MAX_GRADE
from repo import ROOT

from spasm_course.content import QUIZ_DIR, load_bank
from spasm_course.engines.grading import display_order, grade, outcome_table, reveal
from spasm_course.cli.schema import SCHEMA_COMMENT

BANK = load_bank()
QUESTIONS = BANK.questions()

# The quiz ids the chapter notebooks call.
EXPECTED_QUIZZES = {
    "ch01-definition": 1,
    "ch01-spasm-or-twitch": 1,
    "ch02-causes": 2,
    "ch03-symptoms": 3,
    "ch04-treatment": 4,
    "ch05-triage-rule": 5,
    "ch05-triage-practice": 5,
    "ch06-review": 6,
}


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _question_id(question):
    return question.id


def _wrong_choices(question):
    return [c.id for c in question.choices if c.id not in question.correct]


# ------------------------------------------------------------------ the bank


def test_expected_quizzes_exist_in_their_chapters():
    found = {quiz.id: quiz.chapter for quiz in BANK.quizzes}
    assert found == EXPECTED_QUIZZES


def test_every_chapter_has_a_quiz():
    assert {quiz.chapter for quiz in BANK.quizzes} == {1, 2, 3, 4, 5, 6}


def test_every_quiz_file_names_its_schema_on_the_first_line():
    # Editors with the YAML language server then check each file as it is typed.
    for path in sorted(QUIZ_DIR.glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == SCHEMA_COMMENT, f"{path.name}: first line is {first!r}"


def test_enough_spasm_or_twitch_scenarios():
    quiz = BANK.quiz("ch01-spasm-or-twitch")
    scenarios = [q for q in quiz.questions if q.type == "spasm_or_twitch"]
    assert len(scenarios) >= 12
    # Both answers are common, so always answering "spasm" does not pass.
    answers = Counter(q.correct[0] for q in scenarios)
    assert answers["spasm"] >= 5 and answers["twitch"] >= 5, answers


@pytest.mark.parametrize("quiz_id", ["ch01-definition", "ch02-causes", "ch03-symptoms", "ch04-treatment"])
def test_chapter_quizzes_have_at_least_four_questions(quiz_id):
    assert len(BANK.quiz(quiz_id).questions) >= 4


def test_review_quiz_covers_chapters_one_to_five():
    review = BANK.quiz("ch06-review").questions
    assert len(review) >= 12
    assert {q.chapter for q in review} == {1, 2, 3, 4, 5}
    assert all(q.id.startswith("review-") for q in review), [q.id for q in review]


def test_review_questions_are_not_copies_of_chapter_questions():
    earlier = {_normalise(q.prompt).lower() for q in QUESTIONS if not q.id.startswith("review-")}
    copies = [q.id for q in BANK.quiz("ch06-review").questions if _normalise(q.prompt).lower() in earlier]
    assert not copies, f"review prompts copied from chapter quizzes: {copies}"


def test_every_objective_is_assessed():
    # (That every question's objective exists is a loader rule.)  The
    # instructor's outcomes map lists each objective with its questions.
    known = {o.id for o in BANK.objectives}
    used = {q.objective for q in QUESTIONS}
    assert known <= used, f"objectives no question assesses: {sorted(known - used)}"


# ------------------------------------------------------------------ grading, per question


@pytest.mark.parametrize("question", QUESTIONS, ids=_question_id)
def test_correct_answer_is_graded_correct(question):
    result = grade(question, list(question.correct))
    assert result.status == "correct"
    assert result.headline == "Correct!"
    # Order of the chosen ids does not matter.
    assert grade(question, list(reversed(question.correct))).status == "correct"


#: Key level -> the more careful levels that are "safe", never a mistake (issue 19): a higher
#: spasm level for self-care or watch, and an appointment for a twitch.
CAUTIOUS = {"not_a_spasm": {"appointment"}, "self_care": {"watch", "appointment"}, "watch": {"appointment"},
            "appointment": set()}


def _level(question, choice_id):
    if question.type == "triage_level":
        return choice_id
    return question.choice(choice_id).level if question.type == "single" else None


@pytest.mark.parametrize("question", QUESTIONS, ids=_question_id)
def test_each_wrong_choice_is_incorrect_or_safe_with_its_feedback(question):
    wrong = _wrong_choices(question)
    assert wrong, f"{question.id} has no wrong choice"
    key = _level(question, question.correct[0])
    for choice_id in wrong:
        result = grade(question, [choice_id])
        safe = key is not None and _level(question, choice_id) in CAUTIOUS[key]
        assert result.status == ("safe" if safe else "incorrect"), choice_id
        assert result.headline != "Correct!"
        texts = [item.text for item in result.items]
        assert question.choice(choice_id).feedback in texts, choice_id


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.type == "multi"], ids=_question_id)
def test_multi_select_is_all_or_nothing(question):
    assert len(question.correct) >= 2, f"{question.id}: a multi-select with one answer should be single"
    # Some right answers, but not all of them.
    assert grade(question, question.correct[:-1]).status == "incorrect"
    # All right answers plus a wrong one.
    wrong = _wrong_choices(question)
    if wrong:
        result = grade(question, list(question.correct) + [wrong[0]])
        assert result.status == "incorrect"
        assert question.choice(wrong[0]).feedback in [item.text for item in result.items]
    # Exactly one of every possible answer is right.
    table = outcome_table(question)
    assert [key for key, value in table.items() if value["status"] == "correct"] == [
        "+".join(cid for cid in display_order(question) if cid in question.correct)
    ]


@pytest.mark.parametrize("question", QUESTIONS, ids=_question_id)
def test_no_answer_is_unanswered(question):
    result = grade(question, [])
    assert result.status == "unanswered"
    assert result.headline == "Choose an answer first."
    assert result.lines() == ["Choose an answer first."]


@pytest.mark.parametrize("question", QUESTIONS, ids=_question_id)
def test_unknown_choice_raises_value_error_naming_the_question(question):
    with pytest.raises(ValueError, match=re.escape(question.id)):
        grade(question, ["no-such-choice"])


@pytest.mark.parametrize("question", QUESTIONS, ids=_question_id)
def test_display_order_is_complete(question):
    # That it is the same on every run: tests/test_determinism.py.
    assert sorted(display_order(question)) == sorted(c.id for c in question.choices)


@pytest.mark.parametrize("question", QUESTIONS, ids=_question_id)
def test_reveal_shows_the_correct_answers(question):
    shown = reveal(question)
    assert set(shown.selected) == set(question.correct)
    assert shown.explanation and shown.source


def test_choice_order_is_shuffled_somewhere():
    # With a fixed seed per question, the correct answer must not always come first.
    shuffled = [q for q in QUESTIONS if q.type in ("single", "multi")]
    firsts = [display_order(q)[0] in q.correct for q in shuffled]
    assert not all(firsts)


# ------------------------------------------------------------------ readability and the instructor page

EDITING_PAGE = ROOT / "book" / "editing-questions.md"


@pytest.mark.parametrize("quiz", BANK.quizzes, ids=lambda quiz: quiz.id)
def test_quiz_text_reads_at_grade_8(quiz):
    import textstat

    parts = []
    for question in quiz.questions:
        parts += [question.prompt, question.explanation]
        parts += [part for c in question.choices for part in (c.text, c.feedback) if part]
    # Each part stands alone on screen, so each ends a sentence (as in tests/prose.py).
    text = " ".join(p if p.rstrip().endswith((".", "!", "?")) else p + "." for p in parts)
    score = textstat.flesch_kincaid_grade(text)
    assert score <= MAX_GRADE, f"{quiz.id}: Flesch-Kincaid grade {score} > {MAX_GRADE}"


def test_editing_page_examples_are_valid_questions(tmp_path):
    from spasm_course.content import load_quiz_file

    blocks = re.findall(r"```yaml\n(.*?)```", EDITING_PAGE.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) >= 2, "the page shows no YAML examples"
    known = {o.id for o in BANK.objectives}
    types = set()
    for index, block in enumerate(blocks):
        if isinstance(yaml.safe_load(block), list):
            # A question entry, as pasted under `questions:` in a quiz file.
            chapter = yaml.safe_load(block)[0]["chapter"]  # a quiz holds its own chapter's questions
            block = f'id: example\nchapter: {chapter}\ntitle: "Example"\nquestions:\n' + block
        # A quiz file is named after its quiz id (a loader rule).
        path = tmp_path / str(index) / f"{yaml.safe_load(block)['id']}.yml"
        path.parent.mkdir()
        path.write_text(block, encoding="utf-8")
        quiz = load_quiz_file(path)  # raises ContentError naming the problem
        for question in quiz.questions:
            assert question.objective in known, f"example {index}: unknown objective {question.objective}"
            types.add(question.type)
    assert types == {"single", "multi", "true_false", "spasm_or_twitch", "warning_signs"}, types
