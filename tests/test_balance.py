"""Guessing from surface patterns does not pay (issue 21, the bank-wide shares).

The shares live in ``spasm_course.content.balance`` and run as
``python -m spasm_course check --balance``.  Each is checked on the shipped
bank, and each is shown to fail on a small bank built to break it, so none
can pass by not looking.
"""

from __future__ import annotations

import pytest

from spasm_course.__main__ import main
from spasm_course.content import Bank, Question, Quiz, default_bank
from spasm_course.content.balance import (balance_problems, is_counter_cue, measures, names_source)

TWITCH_SOURCE = ("A muscle twitch, or fasciculation, is an uncontrolled fine movement of a small segment of a "
                 "larger muscle that can be seen under the skin.")
SPASM_SOURCE = "A bulging, tight muscle may be seen or felt underneath the skin where the muscle is located."


def case(qid: str, answer: str, cues=(), area="thigh") -> dict:
    return dict(id=qid, chapter=1, type="spasm_or_twitch", skill="apply", objective="ch01-tell-apart",
                prompt=("A small patch flickers." if answer == "twitch" else "It goes hard.") + " Spasm or twitch?",
                choices=[{"id": "spasm", "feedback": "x"}, {"id": "twitch", "feedback": "x"}],
                correct=[answer], explanation="x", body_area=area, cues=list(cues),
                deciding_feature="fine_movement" if answer == "twitch" else "bulging_tight",
                source=TWITCH_SOURCE if answer == "twitch" else SPASM_SOURCE)


def single(qid: str, texts: list[str], key: int, skill="recall", feedback="x", explanation="x") -> dict:
    return dict(id=qid, chapter=1, type="single", skill=skill, objective="ch01-define-spasm", prompt="Which?",
                choices=[{"id": f"c{i}", "text": t, "feedback": feedback} for i, t in enumerate(texts)],
                correct=[f"c{key}"], explanation=explanation, source=SPASM_SOURCE)


def multi(qid: str, right: int, wrong: int) -> dict:
    choices = [{"id": f"r{i}", "text": f"right {i}", "feedback": "x"} for i in range(right)]
    choices += [{"id": f"w{i}", "text": f"wrong {i}", "feedback": "x"} for i in range(wrong)]
    return dict(id=qid, chapter=1, type="multi", skill="recall", objective="ch01-define-spasm", prompt="Which?",
                choices=choices, correct=[f"r{i}" for i in range(right)], explanation="x", source=SPASM_SOURCE)


def bank_of(*questions: dict) -> Bank:
    quiz = Quiz(id="fixture", chapter=1, title="Fixture", questions=[Question(**q) for q in questions])
    return Bank(quizzes=(quiz,), objectives=())


def failing(bank: Bank) -> set[str]:
    return {m.name for m in measures(bank) if not m.ok}


# ------------------------------------------------------------------ the shipped bank


def test_the_course_bank_meets_every_bank_wide_share():
    assert balance_problems(default_bank()) == []


def test_check_balance_exits_0_on_the_course_bank_and_prints_each_share(capsys):
    assert main(["check", "--balance"]) == 0
    out = capsys.readouterr().out
    for name in ("longest choice is the key", "multi-select choices that are correct",
                 "longest run of cases with the same answer", "counter-cue cases",
                 "questions that ask to apply", 'name "the source"'):
        assert name in out, out


def test_check_balance_exits_1_naming_the_share_an_unbalanced_bank_misses(tmp_path, capsys):
    cases = "".join(f"""
  - id: run-{i}
    chapter: 1
    type: spasm_or_twitch
    skill: apply
    objective: ch01-tell-apart
    prompt: "Her {area} goes hard. Spasm or twitch?"
    choices: [{{id: spasm, feedback: x}}, {{id: twitch, feedback: x}}]
    correct: [spasm]
    explanation: x
    deciding_feature: bulging_tight
    body_area: {area}
    cues: []
    source: "{SPASM_SOURCE}"
""" for i, area in enumerate(["calf", "thigh", "foot", "back"]))
    (tmp_path / "run.yml").write_text(f"id: run\nchapter: 1\ntitle: Run\nquestions:{cases}", encoding="utf-8")
    # The bank loads (a small bank is not refused) ...
    assert main(["check", "--quiz-dir", str(tmp_path)]) == 0
    capsys.readouterr()
    # ... but its four spasms in a row do not balance.
    assert main(["check", "--quiz-dir", str(tmp_path), "--balance"]) == 1
    err = capsys.readouterr().err
    assert "error: longest run of cases with the same answer: 4; limit at most 3 (run (spasm_or_twitch): " \
           "4 'spasm' in a row)" in err, err


# ------------------------------------------------------------------ each share can fail


def test_length_share_fails_when_the_longest_choice_is_usually_the_key():
    long_keys = [single(f"s{i}", ["short", "tiny", "the longest choice of all"], key=2) for i in range(3)]
    assert "longest choice is the key" in failing(bank_of(*long_keys))
    mixed = long_keys[:1] + [single(f"m{i}", ["a middle one", "tiny", "the longest choice of all"], key=0)
                             for i in range(2)]
    assert "longest choice is the key" not in failing(bank_of(*mixed))
    short_keys = [single(f"t{i}", ["short", "a middle one", "the longest choice of all"], key=0) for i in range(3)]
    assert "shortest choice is the key" in failing(bank_of(*short_keys))


def test_multi_share_fails_when_most_choices_are_right_or_a_question_has_one_wrong():
    assert "multi-select choices that are correct" in failing(bank_of(multi("a", 4, 2), multi("b", 4, 2)))
    assert "multi-select choices that are correct" not in failing(bank_of(multi("a", 2, 2), multi("b", 3, 2)))
    thin = [m for m in measures(bank_of(multi("a", 2, 1), multi("b", 2, 3)))
            if m.name == "multi-select questions with fewer than 2 right or 2 wrong"][0]
    assert not thin.ok and thin.details == ("a: 2 right, 1 wrong",)


def test_order_fails_on_four_cases_in_a_row_and_on_a_lopsided_quiz():
    areas = ["calf", "thigh", "foot", "back", "neck", "upper_arm"]
    four = [case(f"s{i}", "spasm", area=areas[i]) for i in range(4)] + [case("t", "twitch")]
    assert "longest run of cases with the same answer" in failing(bank_of(*four))
    three = [case(f"s{i}", "spasm", area=areas[i]) for i in range(3)] + [case("t", "twitch"),
                                                                       case("s3", "spasm", area="back")]
    assert "longest run of cases with the same answer" not in failing(bank_of(*three))
    lopsided = [case(f"s{i}", "spasm" if i % 4 else "twitch", area=areas[i]) for i in range(6)]
    assert "spasms among fixture's cases" in failing(bank_of(*lopsided))


def test_cue_share_fails_when_a_cue_always_points_one_way():
    areas = ["calf", "thigh", "foot", "back", "neck", "upper_arm"]
    resting_twitches = [case(f"t{i}", "twitch", cues=["at_rest"], area=areas[i]) for i in range(4)]
    spasms = [case(f"s{i}", "spasm", area=areas[i]) for i in range(4)]
    bank = bank_of(*[q for pair in zip(resting_twitches, spasms) for q in pair])
    assert "cue 'at_rest' points to spasm" in failing(bank)
    balanced = [case(f"t{i}", "twitch", cues=["at_rest"], area=areas[i]) for i in range(2)]
    balanced += [case(f"s{i}", "spasm", cues=["at_rest"], area=areas[i]) for i in range(2)]
    assert "cue 'at_rest' points to spasm" not in failing(bank_of(*balanced))


def test_counter_cue_share_fails_when_every_cue_points_the_right_way():
    plain = [case("s1", "spasm", cues=["sudden"]), case("t1", "twitch", cues=["at_rest"]),
             case("s2", "spasm", cues=["painful"], area="calf")]
    assert "counter-cue cases" in failing(bank_of(*plain))
    assert not any(is_counter_cue(Question(**q)) for q in plain)
    resting_spasm = Question(**case("s3", "spasm", cues=["at_rest"], area="back"))
    assert is_counter_cue(resting_spasm)
    counter = [case("s3", "spasm", cues=["at_rest"], area="back"), case("t2", "twitch", cues=["after_activity"],
                                                                      area="calf")]
    assert "counter-cue cases" not in failing(bank_of(*plain, *counter))  # 2 of 5


def test_apply_share_fails_on_a_recall_heavy_bank():
    recall = [single(f"r{i}", ["a", "b", "c"], key=i % 3) for i in range(3)]
    assert "questions that ask to apply" in failing(bank_of(*recall))
    assert "quizzes with fewer than 2 apply questions" in failing(bank_of(*recall))


def test_source_mentions_fail_when_feedback_talks_about_the_document():
    chatty = [single(f"q{i}", ["a", "b", "c"], key=i % 3, feedback="The source says so.",
                     explanation="The text tells us this.") for i in range(3)]
    assert 'feedback lines and explanations that name "the source"' in failing(bank_of(*chatty))


@pytest.mark.parametrize("line, counts", [
    ("The source says a spasm is sudden.", True),
    ("This is what the article tells us.", True),
    ("A spasm happens without you choosing it.", False),
    # What the source does NOT say is needed for fidelity, so it does not count.
    ("The source gives no treatment for twitches.", False),
    ("The text does not say how big the muscle must be.", False),
    ("A twitch is small. The passage says it is seen under the skin.", True),
])
def test_a_sentence_that_says_what_the_source_does_not_say_is_not_counted(line, counts):
    assert names_source(line) is counts
