"""The "Practice again" schedule: Leitner boxes 1 to 4, as data.

A question enters the review queue when it is answered wrong, revealed with
"Show answer", or answered right but not marked "sure".  In the queue it sits
in a box; a box says how many days after the last answer it is due again:

=====  ==============
box    due again after
=====  ==============
1      0 days (the same day)
2      1 day
3      3 days
4      7 days
=====  ==============

What an answer does (the issue's table):

* wrong, "safe" (a more cautious care level than the rule), or "Show answer"
                                  -> box 1 (a question not yet queued enters box 1);
* right and "sure"                -> up one box; right and sure in box 4 leaves the queue
                                     (a question not queued stays out);
* right and "not sure", or right
  with no confidence given        -> stays in its box, due again after that box's
                                     interval (a question not queued enters box 1).

"Not queued" is box 0: never queued, or left the queue.  The rule is defined
once, in :func:`next_box`; :func:`schedule_table` spells it out for every
(box, result, confidence), and the website only looks answers up there.
When a question is due again (:func:`due_date`: the learner's local calendar
date) and whether it is due (:func:`queued`, :func:`is_due`) run in the
browser too; tests/browser/test_parity.py checks the site against these.
"""

from __future__ import annotations

from datetime import date, timedelta

#: Days after the last answer until a question in each box is due again.
INTERVALS = {1: 0, 2: 1, 3: 3, 4: 7}

#: Box 0: the question is not in the review queue.
NOT_QUEUED = 0
BOXES = (NOT_QUEUED, *INTERVALS)

#: What an answer can be.  "revealed" is "Show answer"; "safe" is a more
#: cautious care level than the rule (not a mistake, but not the rule's answer,
#: so it is asked again like any other); a triage question's under-triage is
#: "incorrect".
RESULTS = ("correct", "incorrect", "safe", "revealed")

#: The confidence a learner can give; "none" = not given (it is optional).
CONFIDENCES = ("sure", "not_sure", "none")

#: The box a question enters when it joins the queue.
ENTRY_BOX = 1


def next_box(box: int, result: str, confidence: str) -> int:
    """The box after an answer (0 = not in the queue).

    Raises ValueError for a box, result or confidence that does not exist.
    """
    if box not in BOXES:
        raise ValueError(f"box must be one of {list(BOXES)}, not {box!r}")
    if result not in RESULTS:
        raise ValueError(f"result must be one of {list(RESULTS)}, not {result!r}")
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence must be one of {list(CONFIDENCES)}, not {confidence!r}")
    if result != "correct":
        return ENTRY_BOX
    if confidence == "sure":
        if box == NOT_QUEUED:
            return NOT_QUEUED  # right and sure, never queued: nothing to practise
        return box + 1 if box < max(INTERVALS) else NOT_QUEUED
    return ENTRY_BOX if box == NOT_QUEUED else box


def table_key(box: int, result: str, confidence: str) -> str:
    """The key of :func:`schedule_table`'s ``next`` map: ``"<box>|<result>|<confidence>"``."""
    return f"{box}|{result}|{confidence}"


def schedule_table() -> dict:
    """The whole schedule as JSON-ready data, for the website.

    ``next`` maps every ``table_key(box, result, confidence)`` (``"<box>|<result>|<confidence>"``)
    to the next box (0 = leaves or stays out of the queue); ``intervals`` maps each box (as a
    string, JSON keys being strings) to its days; ``results`` lists what an answer can be.
    Only what the site reads.
    """
    return {
        "not_queued": NOT_QUEUED,
        "intervals": {str(box): days for box, days in INTERVALS.items()},
        "results": list(RESULTS),
        "next": {
            table_key(box, result, confidence): next_box(box, result, confidence)
            for box in BOXES for result in RESULTS for confidence in CONFIDENCES
        },
    }


def due_date(box: int, day: date) -> str | None:
    """The date ("YYYY-MM-DD") a question put in ``box`` on ``day`` is due again; None when not queued.

    Raises ValueError for a box that does not exist."""
    if box == NOT_QUEUED:
        return None
    if box not in INTERVALS or isinstance(box, bool):
        raise ValueError(f"box must be one of {list(BOXES)}, not {box!r}")
    return (day + timedelta(days=INTERVALS[box])).isoformat()


def queued(record) -> bool:
    """Whether a record is in the review queue: in a box, with a due date."""
    return (isinstance(record, dict) and record.get("box") != NOT_QUEUED and isinstance(record.get("due"), str)
            and record["due"] != "")


def is_due(record, today: str) -> bool:
    """Whether a record is due for review on ``today`` ("YYYY-MM-DD") or before."""
    return queued(record) and record["due"] <= today
