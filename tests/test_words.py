"""The learning tools' words (content/words.yml): complete, plain, readable, placeholders kept."""

from __future__ import annotations

import pytest
from prose import grade

from spasm_course.content import ContentError
from spasm_course.words import WORDS_PATH, load_words


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
])
def test_a_broken_file_names_the_entry(tmp_path, edit, message):
    text = WORDS_PATH.read_text(encoding="utf-8")
    assert edit[0] in text
    path = tmp_path / "words.yml"
    path.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    with pytest.raises(ContentError, match=str(path)) as caught:
        load_words(path)
    assert message in str(caught.value)
