"""The triage_level question type: key from the engine, feedback scored by harm, everywhere."""

from __future__ import annotations

import itertools

import pytest

from spasm_course.engines import grading, triage
from spasm_course.frontends import render
from spasm_course.content import ContentError, default_bank, load_quiz_file
from spasm_course.frontends.export import export
from spasm_course.content.words import course_words
from spasm_course.engines.triage_practice import CARE_ORDER, miss

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


#: The issue's rule, written out for all 16 (chosen, key) pairs: "" when right; "under" for less care
#: than the rule (the riskier mistake); "safe" for a more careful spasm level when the key is
#: self_care or watch, or an appointment for a twitch (a doctor can always advise); "over" for
#: self-care or watch chosen for a twitch (spasm treatments, and the source gives none for twitches).
EXPECTED_MISS = {
    # (chosen, key): miss
    ("not_a_spasm", "not_a_spasm"): "", ("self_care", "not_a_spasm"): "over",
    ("watch", "not_a_spasm"): "over", ("appointment", "not_a_spasm"): "safe",
    ("not_a_spasm", "self_care"): "under", ("self_care", "self_care"): "",
    ("watch", "self_care"): "safe", ("appointment", "self_care"): "safe",
    ("not_a_spasm", "watch"): "under", ("self_care", "watch"): "under",
    ("watch", "watch"): "", ("appointment", "watch"): "safe",
    ("not_a_spasm", "appointment"): "under", ("self_care", "appointment"): "under",
    ("watch", "appointment"): "under", ("appointment", "appointment"): "",
}


@pytest.mark.parametrize("question", LEVEL_QUESTIONS, ids=lambda q: q.id)
def test_key_is_the_engines_level_and_every_wrong_choice_says_which_way(question):
    level = triage.assess(**question.case.answers()).level
    assert question.correct == [level] and not question.multiple
    assert [c.id for c in question.choices] == list(CARE_ORDER) == grading.display_order(question)
    label = triage.content().levels[level].label
    for choice in CARE_ORDER:
        result = grading.grade(question, [choice])
        line = result.lines()[1]
        assert f"rule gives: {label}." in line, line
        kind = EXPECTED_MISS[(choice, level)]
        if choice == level:
            assert result.status == "correct" and not result.miss
        elif kind == "under":
            assert (result.status, result.miss, result.headline) == ("incorrect", "under", WORDS.under_headline)
            assert "riskier mistake" in line
        elif kind == "safe":
            # Caution is never a mistake: a neutral headline, then what the rule on its own gives.
            assert (result.status, result.miss, result.headline) == ("safe", "safe", WORDS.safe_headline)
            assert line.startswith(f"{triage.content().levels[choice].label}: A careful choice, and not a mistake.")
            assert f"On its own, the rule gives: {label}." in line
            assert "mistake" not in line.replace("not a mistake", "") and "Not quite" not in result.headline
        else:
            assert (kind, level) == ("over", "not_a_spasm")
            assert (result.status, result.miss, result.headline) == ("incorrect", "over", WORDS.over_headline)
            assert "no treatment for twitches" in line
        assert (WORDS.watch_note in line) == ("watch" in (choice, level))
        assert triage.case_result_line(question.case) in result.lines()


def test_miss_for_every_pair_follows_the_issue():
    assert set(EXPECTED_MISS) == set(itertools.product(CARE_ORDER, repeat=2))
    for (chosen, correct), expected in EXPECTED_MISS.items():
        assert miss(chosen, correct) == expected, (chosen, correct)
    # "Somewhere else, or not sure" is not a care level: no quiz choice can be it.
    for chosen, correct in [("outside_course", "watch"), ("watch", "outside_course"), ("urgent", "watch")]:
        with pytest.raises(ValueError, match="levels are"):
            miss(chosen, correct)


def _level_question(key: str):
    return next(q for q in LEVEL_QUESTIONS if q.correct == [key])


@pytest.mark.parametrize("key, chosen, status, kind", [
    ("watch", "appointment", "safe", "safe"),
    ("self_care", "watch", "safe", "safe"),
    ("self_care", "appointment", "safe", "safe"),
    ("not_a_spasm", "appointment", "safe", "safe"),
    ("not_a_spasm", "self_care", "incorrect", "over"),
    ("not_a_spasm", "watch", "incorrect", "over"),
    ("watch", "self_care", "incorrect", "under"),
    ("appointment", "watch", "incorrect", "under"),
    ("appointment", "not_a_spasm", "incorrect", "under"),
])
def test_a_triage_level_answer_is_graded_by_the_rule(key, chosen, status, kind):
    question = _level_question(key)
    result = grading.grade(question, [chosen])
    headline = {"safe": WORDS.safe_headline, "over": WORDS.over_headline, "under": WORDS.under_headline}[kind]
    assert (result.status, result.miss, result.headline) == (status, kind, headline)
    # The site's table says the same, with the headline's id in the page's messages.
    outcome = grading.outcome_table(question)[chosen]
    assert (outcome["status"], outcome["miss"], outcome["headline"]) == (status, kind, f"{kind}_triage")
    assert render.page_messages()[outcome["headline"]] == headline


RULE_QUIZ = BANK.quiz("ch05-triage-rule")


@pytest.mark.parametrize("qid, chosen, status, kind", [
    # Tagged level choices: a more careful level is safe, a less careful one under-triage.
    ("triage-no-signs-self-care", "appointment", "safe", "safe"),
    ("triage-no-signs-self-care", "watch", "safe", "safe"),
    ("triage-all-four-signs", "watch", "incorrect", "under"),
    ("triage-all-four-signs", "self-care", "incorrect", "under"),
    # A choice that states a reading of the rule has no level: it stays right or wrong.
    ("triage-some-signs-watch", "appointment", "incorrect", ""),
    ("triage-some-signs-watch", "ignore", "incorrect", ""),
])
def test_a_single_question_with_level_choices_is_graded_by_the_rule(qid, chosen, status, kind):
    question = next(q for q in RULE_QUIZ.questions if q.id == qid)
    assert question.type == "single" and question.has_levels
    result = grading.grade(question, [chosen])
    assert (result.status, result.miss) == (status, kind)
    headline = {"safe": WORDS.safe_headline, "under": WORDS.under_headline,
                "": grading.messages()["incorrect"]}[kind]
    assert result.headline == headline
    assert question.choice(chosen).feedback in [item.text for item in result.items]
    if status == "safe":
        feedback = question.choice(chosen).feedback
        assert not feedback.lower().startswith(("not quite", "wrong", "incorrect")), feedback
        assert "not a mistake" in feedback
    outcome = grading.outcome_table(question)[chosen]
    assert outcome["status"] == status and outcome.get("miss", "") == kind
    assert grading.grade(question, question.correct).status == "correct"


def test_only_level_questions_can_be_safe():
    safe = {}
    for question in BANK.questions():
        statuses = {entry["status"] for entry in grading.outcome_table(question).values()}
        assert statuses <= {"correct", "incorrect", "safe"}, question.id
        if "safe" in statuses:
            safe[question.id] = question
    assert safe and all(q.has_levels for q in safe.values())
    # Every question whose key is self_care, watch or a twitch, and which offers an appointment, grades it safe.
    offered = [q for q in BANK.questions() if q.has_levels and q.level_of(q.correct[0]) != "appointment"
               and any(q.level_of(c.id) == "appointment" for c in q.choices)]
    assert len(offered) >= 9 and all(q.id in safe for q in offered)


def test_the_facts_in_the_engines_words_come_with_the_feedback_not_the_prompt():
    # The prompt tells the case in the person's words (the learner applies the
    # rule); the facts in the rule's words are shown only once they have answered.
    for question in LEVEL_QUESTIONS:
        answers = question.case.answers()
        shown = grading.reveal(question).triage_result
        for fact in triage.case_facts(answers, with_kind=True):
            assert fact not in question.full_prompt, question.id
            assert fact in shown, question.id
        assert question.full_prompt == f"{question.prompt} {WORDS.ask}"


def _quiz_file(tmp_path, body: str):
    path = tmp_path / "ch05-bad.yml"
    path.write_text("id: ch05-bad\nchapter: 5\ntitle: T\nquestions:\n  - id: bad-level\n    chapter: 5\n"
                    "    type: triage_level\n    skill: apply\n    objective: ch05-apply-rule\n"
                    "    prompt: A person.\n    explanation: E.\n"
                    f"    source: \"{RULE}\"\n{body}", encoding="utf-8")
    return path


@pytest.mark.parametrize("body, words", [
    ("    case: {where: leg_or_foot, kind: spasm, severity: awful, frequency: frequent, home_care: poor, "
     "causes: []}\n", "severity"),
    ("    case: {where: leg_or_foot, kind: spasm, severity: severe, frequency: frequent, causes: []}\n",
     "case: missing home_care"),
    ("    case: {where: leg_or_foot, kind: twitch}\n    correct: [not_a_spasm]\n", "computes them"),
    ("", "has a case"),
    # Every case is set in a place the course covers, and says where.
    ("    case: {kind: twitch}\n", "case: missing where"),
    ("    case: {kind: spasm, severity: severe, frequency: frequent, home_care: poor, causes: []}\n",
     "case: missing where"),
    ("    case: {where: elsewhere, kind: spasm, severity: mild, frequency: frequent, home_care: poor, causes: []}\n",
     "case: where: a quiz case is set in a place the course covers"),
    ("    case: {where: chest, kind: twitch}\n", "case: where: 'chest' is not an allowed value"),
    ("    case: {where: leg_or_foot, kind: spasm, severity: severe, frequency: frequent, home_care: poor, "
     "causes: [neck_back_pain]}\n", "'neck_back_pain' counts only for a spasm in the neck or back"),
])
def test_a_bad_case_fails_naming_file_and_question(tmp_path, body, words):
    path = _quiz_file(tmp_path, body)
    with pytest.raises(ContentError) as caught:
        load_quiz_file(path)
    assert str(path) in str(caught.value) and "bad-level" in str(caught.value) and words in str(caught.value)


@pytest.mark.parametrize("quiz_id", ["ch05-triage-practice", "ch05-triage-rule"])
def test_site_table_carries_status_miss_and_headline_and_the_page_has_the_words(quiz_id):
    quiz = BANK.quiz(quiz_id)
    data = render.quiz_data(quiz)
    assert data["messages"]["under_triage"] == WORDS.under_headline
    assert data["messages"]["safe_triage"] == WORDS.safe_headline
    statuses = set()
    for question, qdata in zip(quiz.questions, data["questions"]):
        safe = []
        for key, outcome in qdata["outcomes"].items():  # keyed by the choice's position (render.outcomes_by_position)
            chosen = [qdata["choices"][int(position)]["id"] for position in key.split("+")]
            result = grading.grade(question, chosen)
            assert outcome["status"] == result.status
            assert outcome.get("miss", "") == result.miss
            assert data["messages"][outcome.get("headline", outcome["status"])] == result.headline
            statuses.add(result.status)
            if result.status == "safe":
                safe.append("+".join(chosen))
        # The answers an older "incorrect" record is upgraded from (progress.upgrade_record).
        assert sorted(qdata["safe"]) == sorted(safe), question.id
    assert "safe" in statuses
    if quiz_id == "ch05-triage-practice":
        markup = render.quiz_html(quiz)
        assert markup.count('type="radio"') == len(quiz.questions) * (4 + 2)  # levels + Sure / Not sure


def test_exports_make_it_single_choice_with_half_marks_for_a_safe_level(tmp_path):
    export(BANK, "gift", tmp_path)
    gift = (tmp_path / "spasm-course-gift.txt").read_text(encoding="utf-8")
    for question in LEVEL_QUESTIONS:
        block = gift[gift.index(f"::{question.id}::"):]
        block = block[:block.index("\n}")]
        lines = [line.strip() for line in block.splitlines()]
        safe = [c for c in CARE_ORDER if miss(c, question.correct[0]) == "safe"]
        assert sum(line.startswith("=") for line in lines) == 1  # one right answer
        assert sum(line.startswith("~%50%") for line in lines) == len(safe), question.id
        assert sum(line.startswith("~") and not line.startswith("~%") for line in lines) == 3 - len(safe)
