"""The learning tools' words (content/words.yml): complete, plain, readable, placeholders kept."""

from __future__ import annotations

import pytest
from prose import grade

from spasm_course.content import ContentError
from spasm_course.content.words import WORDS_PATH, load_words


def _texts(node) -> list[str]:
    if isinstance(node, dict):
        return [t for value in node.values() for t in _texts(value)]
    return [node]


def test_the_words_read_at_grade_8():
    words = load_words().model_dump()
    passages = [text.replace("{", "").replace("}", "") for text in _texts(words)]
    assert grade(passages) <= 8.5


@pytest.mark.parametrize("edit, message", [
    (("  due_today: \"Questions due today: {count}.\"", "  due_today: Questions due today."),
     "practice.due_today: must use the placeholders ['count']"),
    (("  sure: Sure\n", ""), "confidence.sure: Field required"),
    (("  not_sure: Not sure\n", "  not_sure: <b>Not sure</b>\n"), "confidence.not_sure: plain text only"),
    (("confidence:\n", "confidence:\n  extra: x\n"), "confidence.extra: Extra inputs are not permitted"),
    (("  safe: \"A careful choice, and not a mistake. On its own, the rule gives: {label}.",
      "  safe: \"A careful choice, and not a mistake. On its own, the rule gives the level."),
     "triage_level.safe: must use the placeholders ['label']"),
    (("  safe_headline: \"A safe choice.\"\n", ""), "triage_level.safe_headline: Field required"),
    (("  col_safe: Safe choices (more care than the rule)\n", ""), "progress.col_safe: Field required"),
])
def test_a_broken_file_names_the_entry(tmp_path, edit, message):
    text = WORDS_PATH.read_text(encoding="utf-8")
    assert edit[0] in text
    path = tmp_path / "words.yml"
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ContentError, match=str(path)) as caught:
        load_words(path)
    assert message in str(caught.value)


def test_a_safe_choice_is_never_called_a_mistake():
    # Caution is never a mistake (issue 19): a neutral headline, then what the rule on its own gives.
    words = load_words().triage_level
    assert words.safe_headline == "A safe choice."
    for text in (words.safe_headline, words.safe):
        lowered = text.lower()
        assert not lowered.startswith(("not quite", "wrong", "incorrect", "no.")), text
        assert "mistake" not in lowered.replace("not a mistake", ""), text
    assert "On its own, the rule gives: {label}." in words.safe
    # Under-triage stays the riskier mistake.
    assert "riskier mistake" in words.under and "riskier mistake" in words.under_headline
    assert load_words().progress.col_safe
