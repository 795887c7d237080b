"""A broken quiz file stops the bank from loading, with a message an editor can act on.

Each folder in tests/fixtures/bad_banks/ is a small question bank with ONE
defect (the good_minimal folder has none).  Loading it must raise ContentError,
and the message must name the file and the question, and say what is wrong.
"""

from pathlib import Path

import pytest

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
    "missing_skill": ("fixture-skill.yml", "fixture-no-skill", "skill: Field required"),
    "old_deciding_feature": ("fixture-feature.yml", "fixture-old-feature", "deciding_feature: Input should be"),
    # warning_signs: the triage engine checks the case and computes the key.
    "bad_case": ("fixture-case.yml", "fixture-bad-case", "case: causes: 'sunburn' is not an allowed cause"),
    "case_missing_field": ("fixture-case-field.yml", "fixture-case-no-frequency", "case: missing frequency"),
    "case_with_choices": ("fixture-case-choices.yml", "fixture-case-typed-key",
                          "no choices or correct in its file: the triage engine computes them"),
}


def load_fixture(case: str):
    return load_bank(quiz_dir=FIXTURES / case, objectives_path=OBJECTIVES_PATH)


def test_good_minimal_fixture_loads():
    # The bad cases are copies of this file with one change, so this shows they
    # fail for their own defect and not for some other reason.
    bank = load_fixture("good_minimal")
    assert [q.id for q in bank.questions()] == ["fixture-good-question"]


def test_every_fixture_folder_is_tested():
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders == set(BAD_CASES) | {"good_minimal"}


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
    assert question_id in rest, message
    assert reason in rest, message


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
