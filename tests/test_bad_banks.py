"""A broken quiz file stops the bank from loading, with a message an editor can act on.

Each folder in tests/fixtures/bad_banks/ is a small question bank with ONE
defect (the good_minimal folder has none).  Loading it must raise ContentError,
and ``python -m spasm_course check`` must exit 1; both messages must name the
file and the question, and say what is wrong.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from spasm_course.__main__ import main
from spasm_course.content import OBJECTIVES_PATH, ContentError, load_bank

FIXTURES = Path(__file__).parent / "fixtures" / "bad_banks"

# case folder -> (file the message must name, question id, words that say what is wrong)
BAD_CASES = {
    "missing_correct": ("fixture-missing.yml", "fixture-missing-correct", "correct: Field required"),
    "duplicate_question_id": ("fixture-dup-b.yml", "fixture-dup-question", "duplicate id"),
    "unknown_chapter": ("fixture-chapter.yml", "fixture-unknown-chapter", "unknown chapter 9"),
    "unknown_type": ("fixture-type.yml", "fixture-unknown-type", "type: Input should be"),
    "correct_not_among_choices": ("fixture-correct.yml", "fixture-correct-not-a-choice", "not among the choices"),
    "source_not_in_text": ("fixture-source.yml", "fixture-source-not-verbatim", "not word for word"),
    "empty_prompt": ("fixture-prompt.yml", "fixture-empty-prompt", "prompt: must not be empty"),
    # Not valid YAML: the loader cannot read the question, so the id reaches the
    # message through PyYAML's quoted line; the line number is there too.
    "invalid_yaml": ("fixture-yaml.yml", "fixture-bad-yaml", "not valid YAML"),
    "unknown_objective": ("fixture-objective.yml", "fixture-unknown-objective", "unknown objective"),
    "file_not_named_after_quiz": ("fixture-renamed.yml", "fixture-name", "named after the quiz id: fixture-name.yml"),
    "chapter_not_quiz_chapter": ("fixture-chapter-mismatch.yml", "fixture-question-chapter",
                                 "chapter 2 differs from its quiz's chapter 1"),
    "html_in_text": ("fixture-html.yml", "fixture-html-prompt", "must be plain, not HTML"),
    "banned_claim": ("fixture-banned.yml", "fixture-banned-claim", "['harmless'], a claim the source"),
    "yaml_alias": ("fixture-alias.yml", "fixture-alias-question", "the alias *praise is not allowed"),
    "yaml_tag": ("fixture-tag.yml", "fixture-tag-question", "the tag !!binary is not allowed"),
    "non_text_key": ("fixture-key.yml", "fixture-key-question", "the key 2 is not text"),
    # A file that is not a quiz is reported, never skipped; it holds no question.
    "yaml_suffix": ("fixture-suffix.yaml", None, "rename it to fixture-suffix.yml"),
    "unknown_file": ("notes.txt", None, "not a quiz file"),
    "missing_skill": ("fixture-skill.yml", "fixture-no-skill", "skill: Field required"),
    "old_deciding_feature": ("fixture-feature.yml", "fixture-old-feature", "deciding_feature: Input should be"),
    # warning_signs: the triage engine checks the case and computes the key.
    "bad_case": ("fixture-case.yml", "fixture-bad-case", "case: causes: 'sunburn' is not an allowed cause"),
    "case_missing_field": ("fixture-case-field.yml", "fixture-case-no-frequency", "case: missing frequency"),
    "case_with_choices": ("fixture-case-choices.yml", "fixture-case-typed-key",
                          "no choices or correct in its file: the triage engine computes them"),
    # Every case says where it is, in a place the course covers (issue 19).
    "case_no_where": ("fixture-case-no-where.yml", "fixture-case-without-where",
                      "case: missing where. Allowed values: where: arm_or_hand, leg_or_foot, neck, back"),
    "case_elsewhere": ("fixture-case-elsewhere.yml", "fixture-case-somewhere-else",
                       "case: where: a quiz case is set in a place the course covers"),
    # Long-term neck or back pain is a cause only for a spasm in the neck or back.
    "case_cause_wrong_place": ("fixture-case-cause-place.yml", "fixture-calf-neck-back-pain",
                               "case: causes: 'neck_back_pain' counts only for a spasm in the neck or back"),
    # Care-level tags on choices: what makes a cautious choice "safe", never a mistake.
    "level_correct_untagged": ("fixture-level-key.yml", "fixture-untagged-key", "the correct choice names no level"),
    "safe_choice_called_wrong": ("fixture-safe-wrong.yml", "fixture-safe-called-wrong",
                                 "choice 'appointment': its level 'appointment' is a safe (more careful) choice "
                                 "when the key is 'self_care', so its feedback must not call it wrong"),
    "level_on_non_single": ("fixture-level-multi.yml", "fixture-multi-with-levels",
                            "only single questions tag choices with a level"),
    "level_repeated": ("fixture-level-twice.yml", "fixture-same-level-twice", "two choices name the same level"),
    "level_not_a_care_level": ("fixture-level-unknown.yml", "fixture-unknown-level",
                               "choices.1.level: Input should be 'not_a_spasm', 'self_care', 'watch' or 'appointment'"),
    # Questions that only understanding can pass (issue 21).
    "sot_answer_word": ("fixture-answer-word.yml", "fixture-names-the-answer",
                        "the prompt names an answer word (twitch) before its closing question"),
    "sot_no_feature": ("fixture-no-feature.yml", "fixture-featureless", "the prompt describes no fine_movement"),
    "sot_two_features": ("fixture-two-features.yml", "fixture-both-features",
                         "the prompt also describes bulging_tight ('hard'), but its deciding feature is fine_movement"),
    "sot_cue_not_listed": ("fixture-cue-unlisted.yml", "fixture-unlisted-cue",
                           "cues: the prompt holds 'at_rest' ('sitting'), so list it in cues"),
    "sot_twitch_spasm_property": ("fixture-twitch-property.yml", "fixture-sudden-twitch",
                                  "a twitch case lists ['sudden'], which the source gives only to spasms"),
    "sot_no_cues": ("fixture-no-cues.yml", "fixture-cues-missing", "a spasm_or_twitch question names its cues"),
    "sot_unknown_cue": ("fixture-unknown-cue.yml", "fixture-windy-cue", "unknown cues ['windy']"),
    "sot_sudden_decides": ("fixture-sudden-decides.yml", "fixture-sudden-feature",
                           "deciding_feature: Input should be 'bulging_tight' or 'fine_movement'"),
    "duplicate_case": ("fixture-same-case.yml", "fixture-second-telling",
                       "describes the same case as question 'fixture-first-telling'"),
    "first_name_twice": ("fixture-name-twice.yml", "fixture-lee-calf",
                         "the first name 'Lee' is already used by question 'fixture-lee-thigh'"),
    "use_clue": ("fixture-use-clue.yml", "fixture-keeps-using",
                 "uses whether the person can keep using the muscle as a clue ('can still use')"),
    "case_fact_untold": ("fixture-fact-untold.yml", "fixture-untold-frequency",
                         "the prompt does not tell frequency: occasional in everyday words"),
    "case_fact_disagrees": ("fixture-fact-disagrees.yml", "fixture-disagreeing-frequency",
                            "the prompt tells frequency: frequent ('most days'), but the case says frequency: occasional"),
    "case_number": ("fixture-case-number.yml", "fixture-counted", "the prompt gives a number ('3')"),
    "case_as_worked_case": ("fixture-worked-case.yml", "fixture-worked-again",
                            "describes the same case as the worked case 'race-training' of worked_cases.yml"),
}

#: Folders of banks with no defect: each bad case is a copy of one with one change.
GOOD = ("good_minimal", "good_cases")


def load_fixture(case: str):
    return load_bank(quiz_dir=FIXTURES / case, objectives_path=OBJECTIVES_PATH)


def test_good_minimal_fixture_loads():
    # The bad cases are copies of this file with one change, so this shows they
    # fail for their own defect and not for some other reason.
    bank = load_fixture("good_minimal")
    assert [q.id for q in bank.questions()] == ["fixture-good-question"]


def test_good_cases_fixture_passes_every_case_rule():
    # The case rules' fixtures change one thing of these two cases.
    bank = load_fixture("good_cases")
    assert [q.id for q in bank.questions()] == ["fixture-good-twitch", "fixture-good-warning-signs"]


@pytest.mark.parametrize("case", [c for c in sorted(BAD_CASES) if c.startswith(("sot_", "case_", "use_clue"))
                                  or c in ("duplicate_case", "first_name_twice")])
def test_case_rule_fixture_has_exactly_one_defect(case):
    # One defect each, so a case rule that stopped working could not hide behind another.
    from spasm_course.content import check_bank
    bank, problems = check_bank(FIXTURES / case, OBJECTIVES_PATH)
    assert bank is None and len(problems) == 1, problems


def test_every_fixture_folder_is_tested():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(BAD_CASES) | set(GOOD)


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_bank_is_refused_with_a_clear_message(case):
    filename, question_id, reason = BAD_CASES[case]
    with pytest.raises(ContentError) as caught:
        load_fixture(case)
    message = str(caught.value)
    path = str(FIXTURES / case / filename)
    assert path in message, message
    # Look for the id and the reason outside the path (folder names could match).
    rest = message.replace(path, "")
    assert question_id is None or question_id in rest, message
    assert reason in rest, message


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_check_command_exits_1_naming_file_and_question(case, capsys):
    filename, question_id, reason = BAD_CASES[case]
    assert main(["check", "--quiz-dir", str(FIXTURES / case)]) == 1
    captured = capsys.readouterr()
    problems = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    path = str(FIXTURES / case / filename)
    assert any(path in line and reason in line and (question_id is None or question_id in line.replace(path, ""))
               for line in problems), captured.err
    assert captured.out == ""


def test_check_command_lists_every_problem_not_only_the_first(tmp_path, capsys):
    for case in ("html_in_text", "banned_claim"):
        for path in (FIXTURES / case).iterdir():
            (tmp_path / path.name).write_bytes(path.read_bytes())
    assert main(["check", "--quiz-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "fixture-html-prompt" in err and "fixture-banned-claim" in err, err
    assert "2 problems" in err, err


@pytest.mark.slow  # a fresh interpreter
def test_check_command_passes_the_course_bank_without_widgets():
    # As an instructor runs it: a fresh interpreter, the course's own bank.
    code = ("import sys, runpy; sys.argv = ['spasm_course', 'check']\n"
            "try:\n    runpy.run_module('spasm_course', run_name='__main__')\n"
            "except SystemExit as done:\n"
            "    assert 'ipywidgets' not in sys.modules and 'IPython' not in sys.modules, 'widgets imported'\n"
            "    raise")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env={k: v for k, v in __import__("os").environ.items() if k != "SPASM_QUIZ_DIR"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ") and "pass every content rule" in result.stdout, result.stdout


def test_a_case_without_a_place_is_offered_only_the_places_the_course_covers():
    # "Somewhere else" is refused for a quiz case, so the message does not suggest it.
    with pytest.raises(ContentError) as caught:
        load_fixture("case_no_where")
    message = str(caught.value)
    assert "where: arm_or_hand, leg_or_foot, neck, back" in message and "elsewhere" not in message, message


def test_duplicate_id_message_names_both_files():
    with pytest.raises(ContentError) as caught:
        load_fixture("duplicate_question_id")
    message = str(caught.value)
    assert "fixture-dup-a.yml" in message and "fixture-dup-b.yml" in message, message


def test_invalid_yaml_message_gives_the_line():
    with pytest.raises(ContentError) as caught:
        load_fixture("invalid_yaml")
    assert "line 12" in str(caught.value), str(caught.value)


def test_content_error_is_a_value_error():
    # Callers that catch ValueError (the project's rule for bad input) catch it too.
    with pytest.raises(ValueError):
        load_fixture("unknown_type")
