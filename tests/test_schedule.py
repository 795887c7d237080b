"""The Practice again schedule: every (box, result, confidence) of the issue's table."""

from __future__ import annotations

import json

import pytest

from spasm_course.engines import schedule
from spasm_course.engines.schedule import next_box, schedule_table

# The issue's table, written out by hand for every case (0 = not in the queue).
#   wrong, "safe" or "Show answer"          -> box 1
#   right and sure                          -> up one box; from box 4 it leaves
#   right and not sure / no confidence      -> stays in its box
# and entry: a question not yet queued enters box 1 unless right and sure.
EXPECTED = {
    # box: {(result, confidence): next}
    0: {("incorrect", "sure"): 1, ("incorrect", "not_sure"): 1, ("incorrect", "none"): 1,
        ("revealed", "sure"): 1, ("revealed", "not_sure"): 1, ("revealed", "none"): 1,
        ("safe", "sure"): 1, ("safe", "not_sure"): 1, ("safe", "none"): 1,
        ("correct", "sure"): 0, ("correct", "not_sure"): 1, ("correct", "none"): 1},
    1: {("incorrect", "sure"): 1, ("incorrect", "not_sure"): 1, ("incorrect", "none"): 1,
        ("revealed", "sure"): 1, ("revealed", "not_sure"): 1, ("revealed", "none"): 1,
        ("safe", "sure"): 1, ("safe", "not_sure"): 1, ("safe", "none"): 1,
        ("correct", "sure"): 2, ("correct", "not_sure"): 1, ("correct", "none"): 1},
    2: {("incorrect", "sure"): 1, ("incorrect", "not_sure"): 1, ("incorrect", "none"): 1,
        ("revealed", "sure"): 1, ("revealed", "not_sure"): 1, ("revealed", "none"): 1,
        ("safe", "sure"): 1, ("safe", "not_sure"): 1, ("safe", "none"): 1,
        ("correct", "sure"): 3, ("correct", "not_sure"): 2, ("correct", "none"): 2},
    3: {("incorrect", "sure"): 1, ("incorrect", "not_sure"): 1, ("incorrect", "none"): 1,
        ("revealed", "sure"): 1, ("revealed", "not_sure"): 1, ("revealed", "none"): 1,
        ("safe", "sure"): 1, ("safe", "not_sure"): 1, ("safe", "none"): 1,
        ("correct", "sure"): 4, ("correct", "not_sure"): 3, ("correct", "none"): 3},
    4: {("incorrect", "sure"): 1, ("incorrect", "not_sure"): 1, ("incorrect", "none"): 1,
        ("revealed", "sure"): 1, ("revealed", "not_sure"): 1, ("revealed", "none"): 1,
        ("safe", "sure"): 1, ("safe", "not_sure"): 1, ("safe", "none"): 1,
        ("correct", "sure"): 0, ("correct", "not_sure"): 4, ("correct", "none"): 4},
}


def test_intervals_are_0_1_3_7_days():
    assert schedule.INTERVALS == {1: 0, 2: 1, 3: 3, 4: 7}


@pytest.mark.parametrize("box", sorted(EXPECTED))
def test_every_transition_follows_the_issue_table(box):
    for (result, confidence), want in EXPECTED[box].items():
        assert next_box(box, result, confidence) == want, (box, result, confidence)


def test_the_shipped_table_is_the_rule_for_every_case_and_nothing_else():
    table = schedule_table()
    expected = {f"{box}|{result}|{conf}": want
                for box, rows in EXPECTED.items() for (result, conf), want in rows.items()}
    assert table["next"] == expected
    assert table["intervals"] == {"1": 0, "2": 1, "3": 3, "4": 7}
    assert table["not_queued"] == 0
    json.dumps(table)  # JSON-ready


def test_safe_is_a_result_and_is_asked_again_like_a_wrong_answer():
    # A more careful care level than the rule is not a mistake, but not the rule's answer either:
    # it does not mark the question done, so it comes back today (box 1), whatever the confidence.
    assert schedule.RESULTS == ("correct", "incorrect", "safe", "revealed")
    assert schedule_table()["results"] == list(schedule.RESULTS)
    for box in schedule.BOXES:
        for confidence in schedule.CONFIDENCES:
            assert next_box(box, "safe", confidence) == next_box(box, "incorrect", confidence) == 1
    assert schedule.INTERVALS[1] == 0


def test_right_and_sure_climbs_every_box_then_leaves():
    box, path = 0, []
    box = next_box(box, "incorrect", "sure")
    while box:
        path.append(box)
        box = next_box(box, "correct", "sure")
    assert path == [1, 2, 3, 4]


@pytest.mark.parametrize("args, word", [((5, "correct", "sure"), "box"), ((-1, "correct", "sure"), "box"),
                                        ((1, "right", "sure"), "result"), ((1, "correct", "maybe"), "confidence"),
                                        ((1, "correct", None), "confidence")])
def test_unknown_values_are_refused_by_name(args, word):
    with pytest.raises(ValueError, match=word):
        next_box(*args)


def test_the_practice_page_tells_the_same_waits_as_the_table():
    from sitebuild import ROOT

    text = " ".join((ROOT / "book" / "practice.md").read_text(encoding="utf-8").split())
    waits = [days for days in schedule.INTERVALS.values() if days]
    said = [f"{days} day" + ("s" if days > 1 else "") for days in waits]
    assert ", then ".join(said) in text, said
    assert "comes back today" in text  # box 1: due again the same day


def test_due_dates_are_calendar_days_after_the_answer():
    from datetime import date

    from spasm_course.engines.schedule import due_date, is_due, queued

    assert due_date(0, date(2024, 2, 28)) is None
    assert [due_date(box, date(2024, 2, 28)) for box in (1, 2, 3, 4)] == [
        "2024-02-28", "2024-02-29", "2024-03-02", "2024-03-06"]
    assert due_date(4, date(2023, 12, 29)) == "2024-01-05"
    with pytest.raises(ValueError):
        due_date(5, date(2024, 1, 1))
    assert is_due({"box": 1, "due": "2024-01-01"}, "2024-01-01") and not is_due({"box": 1, "due": "2024-01-02"}, "2024-01-01")
    assert not queued({"box": 0, "due": "2024-01-01"}) and not queued({"box": 2, "due": None})
