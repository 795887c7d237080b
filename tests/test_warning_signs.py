"""`warning_signs` questions: the triage engine computes their key, so the quiz
and the simulator cannot disagree.

The expected signs and levels are worked out here from the source's rule,
independently of the engine, for every question of the bank and for all 54
possible spasm cases (a quiz file generated into a temporary folder and read by
the course's own loader).
"""

from __future__ import annotations

from itertools import product

import pytest
import yaml

from spasm_course.frontends import render
from spasm_course.engines import triage
from spasm_course.content import triage_words
from spasm_course.content.case_words import case_phrasings
from spasm_course.content import OBJECTIVES_PATH, Case, ContentError, default_bank, load_bank
from spasm_course.frontends.export import general_feedback
from spasm_course.engines.grading import grade, outcome_table, reveal
from spasm_course.frontends.quiz_widget import CORRECT, INCORRECT, QuestionWidget
from spasm_course.sphinx.ext import question_nodes

YML = yaml.safe_load(triage_words.TRIAGE_PATH.read_text(encoding="utf-8"))
WORDS = YML["case_question"]
SIGNS = ["severe", "frequent", "poor_home_care", "no_cause"]
LEVEL_LABELS = {level: YML["levels"][level]["label"] for level in YML["levels"]}
RULE = ("If the muscle spasm is severe, happens frequently, responds poorly to treatment, "
        "and is not related to obvious causes, make an appointment with your doctor.")


def expected_signs(case: dict) -> list[str]:
    present = {"severe": case["severity"] == "severe", "frequent": case["frequency"] == "frequent",
               "poor_home_care": case["home_care"] == "poor", "no_cause": not case["causes"]}
    return [sign for sign in SIGNS if present[sign]]


def expected_level(case: dict) -> str:
    count = len(expected_signs(case))
    return "appointment" if count == 4 else "self_care" if count == 0 else "watch"


def expected_label(case: dict) -> str:
    """The simulator's label: "watch" has its own when home treatment helped little or not at all."""
    level = expected_level(case)
    if level == "watch" and case["home_care"] == "poor":
        return YML["levels"]["watch"]["label_poor_home_care"]
    return LEVEL_LABELS[level]


def check_question(question, case: dict) -> None:
    """Everything a learner sees of a warning_signs question agrees with the rule."""
    signs = expected_signs(case)
    assert question.correct == (signs or ["none"]), question.id
    assert [c.id for c in question.choices] == SIGNS + ["none"]
    assert [question.label(c) for c in SIGNS] == [WORDS["signs"][s] for s in SIGNS]
    assert question.label("none") == WORDS["none_label"] == "None of the four signs"
    # The prompt is the scene in the person's words, then the question; each
    # field's fact in triage.yml's words comes only with the feedback.
    prompt = question.full_prompt
    assert prompt == f"{question.prompt} {WORDS['ask']}"
    shown = reveal(question).triage_result
    for name in ("severity", "frequency", "home_care"):
        assert WORDS["facts"][name][case[name]] in shown, (question.id, name)
        assert WORDS["facts"][name][case[name]] not in prompt, (question.id, name)
    if case["causes"]:
        for cause in case["causes"]:
            assert WORDS["cause_facts"][cause] in shown, (question.id, cause)
    else:
        assert WORDS["causes_none"] in shown
    # Right is all of the signs and nothing else.
    assert grade(question, question.correct).status == "correct"
    table = outcome_table(question)
    assert len(table) == 2 ** 5 - 1
    assert [key for key, value in table.items() if value["status"] == "correct"] == ["+".join(question.correct)]
    # The feedback names every sign, present or absent, and the simulator's level.
    label = expected_label(case)
    for answer in (["none"], question.correct, SIGNS):
        result = grade(question, answer)
        shown = {item.choice: item.text for item in result.items}
        for sign in SIGNS:
            start = "This sign is present." if sign in signs else "This sign is not present."
            assert shown[sign].startswith(start), (question.id, sign, shown[sign])
        assert ("none" in shown) == ("none" in answer or not signs)
        assert any(line.endswith(f"For this case, the triage simulator gives: {label}.") for line in result.lines())
    assert triage.assess(**{**case, "where": question.case.where, "kind": "spasm"}).label == label


# ----------------------------------------------------------------- every possible case


def everyday_prompt(case: dict) -> str:
    """A prompt that tells each fact of a case with the first everyday phrasing of its value
    (case_phrasings.yml), as the content rules require; no first name, so 54 can share it."""
    words = case_phrasings()
    parts = [words.kind["spasm"][0]]
    parts += [getattr(words, name)[case[name]][0] for name in ("severity", "frequency", "home_care")]
    parts += [words.causes[cause][0] for cause in case["causes"]] or [words.causes["none"][0]]
    return "; ".join(parts) + "."


@pytest.fixture(scope="module")
def all_cases_bank(tmp_path_factory):
    """A quiz file with one warning_signs question per possible case (54), loaded by the loader.

    The cases go round the four places the course covers; the place never changes the key."""
    folder = tmp_path_factory.mktemp("all-cases")
    questions, cases = [], {}
    for number, (severity, frequency, home_care, causes) in enumerate(product(
            ("mild", "moderate", "severe"), ("first_time", "occasional", "frequent"),
            ("not_tried", "helped", "poor"), ([], ["electrolytes", "overstretch"]))):
        qid = f"ws-case-{number}"
        # A list of its own per case: a shared one would be dumped as a YAML alias, which the loader refuses.
        where = ("arm_or_hand", "leg_or_foot", "neck", "back")[number % 4]
        case = {"where": where, "severity": severity, "frequency": frequency, "home_care": home_care,
                "causes": list(causes)}
        cases[qid] = case
        questions.append({"id": qid, "chapter": 5, "type": "warning_signs", "skill": "apply",
                          "objective": "ch05-apply-rule", "prompt": everyday_prompt(case),
                          "case": case, "explanation": "The rule.", "source": RULE})
    quiz = {"id": "all-cases", "chapter": 5, "title": "All cases", "questions": questions}
    (folder / "all-cases.yml").write_text(yaml.safe_dump(quiz, sort_keys=False), encoding="utf-8")
    return load_bank(folder, OBJECTIVES_PATH), cases


def test_all_54_cases_are_keyed_by_the_rule(all_cases_bank):
    bank, cases = all_cases_bank
    questions = bank.questions()
    assert len(questions) == len(cases) == 54
    levels = set()
    for question in questions:
        assert question.case.where == cases[question.id]["where"]
        check_question(question, cases[question.id])
        levels.add(expected_level(cases[question.id]))
    assert levels == {"self_care", "watch", "appointment"}


def test_all_54_cases_render_for_the_site(all_cases_bank):
    # render.quiz_data checks, for every possible answer, that the page's feedback
    # is grading's; it raises if not.
    bank, _ = all_cases_bank
    data = render.quiz_data(bank.quizzes[0])
    assert len(data["questions"]) == 54
    assert all(len(q["outcomes"]) == 31 for q in data["questions"])


# ----------------------------------------------------------------- the course's bank


BANK_CASES = [q for q in default_bank().questions() if q.type == "warning_signs"]


def test_the_bank_has_warning_signs_questions_in_chapters_4_to_6_only():
    assert BANK_CASES, "no warning_signs question in the bank"
    assert any(q.chapter == 4 for q in BANK_CASES)
    assert all(q.chapter in (4, 5, 6) and q.skill == "apply" for q in BANK_CASES)


@pytest.mark.parametrize("question", BANK_CASES, ids=lambda q: q.id)
def test_bank_question_key_matches_the_engine(question):
    case = {"severity": question.case.severity, "frequency": question.case.frequency,
            "home_care": question.case.home_care, "causes": list(question.case.causes)}
    assert question.case.kind == "spasm"
    assert question.case.where in triage.IN_COURSE
    check_question(question, case)
    assert question.correct == (list(triage.assess(**question.case.answers()).warning_signs) or ["none"])


@pytest.mark.parametrize("question", BANK_CASES, ids=lambda q: q.id)
def test_bank_question_partly_right_is_wrong(question):
    if question.correct != ["none"]:
        assert grade(question, question.correct + ["none"]).status == "incorrect"
        if len(question.correct) > 1:
            assert grade(question, question.correct[:-1]).status == "incorrect"
    else:
        assert grade(question, ["none", "severe"]).status == "incorrect"
    missing = [s for s in SIGNS if s not in question.correct]
    if missing and question.correct != ["none"]:
        assert grade(question, question.correct + missing[:1]).status == "incorrect"


# ----------------------------------------------------------------- front ends


def _question():
    return BANK_CASES[0]


def test_notebook_widget_uses_checkboxes_and_grades_all_or_nothing():
    question = _question()
    widget = QuestionWidget(question, 1, 1)
    assert widget.radio is None and list(widget.boxes) == SIGNS + ["none"]
    assert question.full_prompt in widget.prompt.value
    widget.select(question.correct)
    widget.check()
    assert widget.state == CORRECT
    assert "For this case, the triage simulator gives:" in widget.feedback_text
    widget.try_again()
    widget.select(["none"] if question.correct != ["none"] else ["severe"])
    widget.check()
    assert widget.state == INCORRECT


def test_site_html_has_checkboxes_labelled_with_the_signs_and_the_facts_in_the_legend():
    question = _question()
    quiz = next(q for q in default_bank().quizzes if question in q.questions)
    markup = render.quiz_html(quiz)
    form = markup[markup.index(f'id="{render.question_dom_id(quiz, question)}"'):]
    form = form[:form.index("</form>")]
    choices = form.split('class="sc-confidence"')[0]  # then "How sure are you?" (two radios)
    assert choices.count('type="checkbox"') == 5 and 'type="radio"' not in choices
    assert render.esc(question.full_prompt) in form
    for sign in SIGNS:
        assert f">{render.esc(WORDS['signs'][sign])}</label>" in form


def test_answer_key_and_exports_give_the_level_and_the_facts():
    question = _question()
    key = "\n".join(node.astext() for node in question_nodes(question, 1, 1))
    assert question.full_prompt in key
    assert reveal(question).triage_result in key
    assert "Warning signs (choose all that apply)" in key
    assert reveal(question).triage_result in general_feedback(question)


# ----------------------------------------------------------------- the case model


def test_the_case_model_is_checked_by_the_engine():
    assert Case(where="neck", kind="twitch").answers() == {"where": "neck", "kind": "twitch"}
    spasm = Case(where="back", severity="mild", frequency="occasional", home_care="helped", causes=[])
    assert spasm.answers() == {"where": "back", "kind": "spasm", "severity": "mild", "frequency": "occasional",
                               "home_care": "helped", "causes": []}
    pain = Case(where="neck", severity="mild", frequency="occasional", home_care="helped", causes=["neck_back_pain"])
    assert triage.assess(**pain.answers()).level == "self_care"  # in the neck it is an obvious cause
    full = {"severity": "mild", "frequency": "frequent", "home_care": "poor", "causes": []}
    for bad, words in [({"where": "leg_or_foot", "kind": "twitch", "severity": "mild"},
                        "a twitch case gives only where and kind"),
                       ({"where": "leg_or_foot", "severity": "mild"}, "missing frequency, home_care, causes"),
                       ({"where": "leg_or_foot", **full, "severity": "awful"}, "'awful' is not an allowed value"),
                       ({"where": "leg_or_foot", **full, "causes": ["heat"]}, "'heat' is not an allowed cause"),
                       ({"where": "leg_or_foot", "kind": "cramp"}, "kind: 'cramp' is not an allowed value"),
                       # Every case says where it is, and it is a place the course covers.
                       (full, "missing where"),
                       ({"kind": "twitch"}, "missing where"),
                       ({"where": "elsewhere", **full}, "where: a quiz case is set in a place the course covers"),
                       ({"where": "elsewhere", "kind": "twitch"}, "a place the course covers"),
                       ({"where": "chest", **full}, "where: 'chest' is not an allowed value"),
                       # Long-term neck or back pain is a cause only for the neck or back.
                       ({"where": "leg_or_foot", **full, "causes": ["neck_back_pain"]},
                        "'neck_back_pain' counts only for a spasm in the neck or back")]:
        with pytest.raises(ValueError, match=words):
            Case(**bad)


def test_a_twitch_case_cannot_be_a_warning_signs_question(tmp_path):
    quiz = {"id": "twitchy", "chapter": 4, "title": "T", "questions": [{
        "id": "ws-twitch", "chapter": 4, "type": "warning_signs", "skill": "apply",
        "objective": "ch04-see-doctor", "prompt": "Kim sees a flicker.",
        "case": {"where": "leg_or_foot", "kind": "twitch"},
        "explanation": "None.", "source": RULE}]}
    (tmp_path / "twitchy.yml").write_text(yaml.safe_dump(quiz), encoding="utf-8")
    with pytest.raises(ContentError, match=r"twitchy\.yml: question 'ws-twitch'.*twitch has no warning signs"):
        load_bank(tmp_path, OBJECTIVES_PATH)


def test_warning_signs_only_in_chapters_4_to_6_and_only_apply(tmp_path):
    base = {"id": "ws-x", "chapter": 2, "type": "warning_signs", "skill": "apply", "objective": "ch04-see-doctor",
            "prompt": "Kim.", "case": {"where": "arm_or_hand", "severity": "mild", "frequency": "frequent",
                                       "home_care": "poor", "causes": []}, "explanation": "E.", "source": RULE}
    for change, words in [({}, "only in chapters"), ({"chapter": 4, "skill": "recall"}, "skill apply")]:
        quiz = {"id": "bad", "chapter": 4, "title": "T", "questions": [{**base, **change}]}
        (tmp_path / "bad.yml").write_text(yaml.safe_dump(quiz), encoding="utf-8")
        with pytest.raises(ContentError, match=words):
            load_bank(tmp_path, OBJECTIVES_PATH)
