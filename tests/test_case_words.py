"""The words the case rules read: cues.yml, case_phrasings.yml and the one matcher (issue 21)."""

from __future__ import annotations

import pytest

from spasm_course.content import ContentError
from spasm_course.content.case_words import (CUES_PATH, PHRASINGS_PATH, answer_word_stems, before_question,
                                             case_phrasings, cue_words, find_phrases)

CUES = {cue: item.triggers for cue, item in cue_words().cues.items()}


@pytest.mark.parametrize("text, found", [
    ("It does not hurt at all.", {"painless"}),          # the longer phrase hides "hurt"
    ("It hurts a lot.", {"painful"}),
    ("She is lying in bed.", {"at_rest"}),
    ("He wakes up; the hurting stops.", {"at_rest"}),    # whole words only: "hurting" is not "hurt"
    ("Nothing here.", set()),
])
def test_find_phrases_matches_whole_words_and_the_longer_overlap_wins(text, found):
    assert set(find_phrases(text, CUES)) == found


def test_answer_words_are_found_at_the_start_of_a_word_only_before_the_closing_question():
    assert answer_word_stems("His calf cramps up.") == ["cramp"]
    assert answer_word_stems("A small spot flickers.") == []
    assert before_question("A small spot flickers. Spasm or twitch?") == "A small spot flickers."


def test_every_phrasing_belongs_to_one_value_of_its_fact():
    words = case_phrasings()
    for fact in words.facts():
        phrases = [p for items in getattr(words, fact).values() for p in items]
        assert len(phrases) == len(set(phrases)), fact


def test_a_twitch_may_have_only_the_scene_cues():
    # The source gives a twitch none of a spasm's properties (sudden, painful, short, long, recurring).
    assert {cue for cue, item in cue_words().cues.items() if item.twitch} == {
        "during_activity", "after_activity", "at_rest"}


def test_a_phrasing_given_to_two_values_is_refused_naming_the_file_and_fact(tmp_path):
    path = tmp_path / "case_phrasings.yml"
    text = PHRASINGS_PATH.read_text(encoding="utf-8").replace("first_time: [first time,",
                                                              "first_time: [now and then, first time,")
    assert text != PHRASINGS_PATH.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        case_phrasings.__wrapped__(path)
    assert str(path) in str(caught.value) and "'now and then' is a phrasing of both" in str(caught.value)


def test_a_cue_file_without_the_two_features_is_refused(tmp_path):
    path = tmp_path / "cues.yml"
    text = CUES_PATH.read_text(encoding="utf-8").replace("  fine_movement:", "  fine_motion:")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        cue_words.__wrapped__(path)
    assert str(path) in str(caught.value) and "features" in str(caught.value)
