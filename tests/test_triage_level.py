"""The triage_level question type: key from the engine, feedback scored by harm, everywhere."""

from __future__ import annotations

import itertools

import pytest

from spasm_course import grading, render, triage
from spasm_course.content import ContentError, default_bank, load_quiz_file
from spasm_course.export import export
from spasm_course.words import course_words
from spasm_course.triage_practice import CARE_ORDER, miss

BANK = default_bank()
LEVEL_QUESTIONS = [q for q in BANK.questions() if q.type == "triage_level"]
WORDS = course_words().triage_level
RULE = "If the muscle spasm is severe, happens frequently, responds poorly to treatment, and is not related to obvious causes, make an appointment with your doctor."


def test_chapter_5_has_at_least_8_covering_every_level_and_3_with_three_signs():
    in_five = [q for q in LEVEL_QUESTIONS if q.chapter == 5]
    assert len(in_five) >= 8
    assert {q.correct[0] for q in in_five} == set(CARE_ORDER)
    three = [q for q in in_five if q.case.kind == "spasm"
             and len(triage.assess(**q.case.answers()).warning_signs) == 3]
    assert len(three) >= 3


@pytest.mark.parametrize("question", LEVEL_QUESTIONS, ids=lambda q: q.id)
def test_key_is_the_engines_level_and_every_wrong_choice_says_which_way(question):
    level = triage.assess(**question.case.answers()).level
    assert question.correct == [level] and not question.multiple
    assert [c.id for c in question.choices] == list(CARE_ORDER) == grading.display_order(question)
    label = triage.content().levels[level].label
    for choice in CARE_ORDER:
        result = grading.grade(question, [choice])
        line = result.lines()[1]
        assert f"The rule gives: {label}." in line or WORDS.right.format(label=label) in line
        if choice == level:
            assert result.status == "correct" and not result.miss
        elif CARE_ORDER.index(choice) < CARE_ORDER.index(level):
            assert (result.status, result.miss, result.headline) == ("incorrect", "under", WORDS.under_headline)
            assert "riskier mistake" in line
        else:
            assert (result.status, result.miss, result.headline) == ("incorrect", "over", WORDS.over_headline)
            assert "seeing a doctor when you are worried is always fine" in line and "mistake" not in line
        assert (WORDS.watch_note in line) == ("watch" in (choice, level))
        assert triage.case_result_line(question.case) in result.lines()


def test_miss_direction_for_every_pair():
    for chosen, correct in itertools.product(CARE_ORDER, repeat=2):
        expected = "" if chosen == correct else ("under" if CARE_ORDER.index(chosen) < CARE_ORDER.index(correct)
                                                else "over")
        assert miss(chosen, correct) == expected


def test_the_prompt_states_every_case_fact_in_the_engines_words():
    for question in LEVEL_QUESTIONS:
        answers = question.case.answers()
        for fact in triage.case_facts(answers, with_kind=True):
            assert fact in question.full_prompt, question.id
        assert question.full_prompt.endswith(WORDS.ask)


def _quiz_file(tmp_path, body: str):
    path = tmp_path / "ch05-bad.yml"
    path.write_text("id: ch05-bad\nchapter: 5\ntitle: T\nquestions:\n  - id: bad-level\n    chapter: 5\n"
                    "    type: triage_level\n    skill: apply\n    objective: ch05-apply-rule\n"
                    "    prompt: A person.\n    explanation: E.\n"
                    f"    source: \"{RULE}\"\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize("body, words", [
    ("    case: {kind: spasm, severity: awful, frequency: frequent, home_care: poor, causes: []}\n", "severity"),
    ("    case: {kind: spasm, severity: severe, frequency: frequent, causes: []}\n", "home_care"),
    ("    case: {kind: twitch}\n    correct: [not_a_spasm]\n", "computes them"),
    ("", "has a case"),
])
def test_a_bad_case_fails_naming_file_and_question(tmp_path, body, words):
    path = _quiz_file(tmp_path, body)
    with pytest.raises(ContentError) as caught:
        load_quiz_file(path)
    assert str(path) in str(caught.value) and "bad-level" in str(caught.value) and words in str(caught.value)


def test_site_table_carries_miss_and_headline_and_the_page_has_the_words():
    quiz = BANK.quiz("ch05-triage-practice")
    data = render.quiz_data(quiz)
    assert data["messages"]["under_triage"] == WORDS.under_headline
    for question, qdata in zip(quiz.questions, data["questions"]):
        for key, outcome in qdata["outcomes"].items():  # keyed by the choice's position (render.outcomes_by_position)
            result = grading.grade(question, [qdata["choices"][int(key)]["id"]])
            assert outcome.get("miss", "") == result.miss
            assert data["messages"][outcome.get("headline", outcome["status"])] == result.headline
    markup = render.quiz_html(quiz)
    assert markup.count('type="radio"') == len(quiz.questions) * (4 + 2)  # levels + Sure / Not sure


def test_exports_make_it_single_choice(tmp_path):
    export(BANK, "gift", tmp_path)
    gift = (tmp_path / "spasm-course-gift.txt").read_text(encoding="utf-8")
    question = LEVEL_QUESTIONS[0]
    block = gift[gift.index(f"::{question.id}::"):]
    block = block[:block.index("\n}")]
    lines = [line.strip() for line in block.splitlines()]
    assert sum(line.startswith("=") for line in lines) == 1 and "~%" not in block  # one right answer
    assert sum(line.startswith("~") for line in lines) == 3

