"""The learner's records in an LMS: the compact ``cmi.suspend_data`` encoding, the score and the status.

SCORM 1.2 keeps at most 4,096 characters of ``cmi.suspend_data`` per learner.  A record in the
progress file's format is about 230 characters, so the course writes its own compact ASCII
encoding, specified in ``content/schema/suspend-data.md`` (beside the progress file's schema).
This module is the reference; ``static/suspend.js`` runs the same rules in the launch page, and
tests/browser/test_parity.py replays golden cases from these functions there.

* :func:`question_table` lists the bank's questions in a fixed order (id, quiz, hash, choice
  ids).  A record names its question by its place in that list and a check of its hash; a
  record whose question changed since (an edited question, a new version of the package) is
  dropped on reading and counted, as the website drops it.
* :func:`encode` writes every record it can.  A record it cannot write (an unknown question,
  an answer that is not one of the question's choices, a value the schema does not allow) is
  left out and named.  When the text would be longer than the limit, the oldest records (by
  ``time``) are left out, whole, until it fits; they are named too (the page logs them).
* :func:`decode` refuses a text of a newer format (``newer``) or one it cannot read
  (``malformed``) whole; the page then never writes over it.
* :func:`lms_score`: 0 to 100 from each question's best result so far (:func:`best_after`),
  correct 1, safe 0.5 (``progress.RESULT_SCORES``); :func:`lms_status`: ``completed`` when
  every chapter is done by the course's done rule (``progress.chapters_done``), else
  ``incomplete``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timezone

from spasm_course.content import Bank
from spasm_course.engines import progress, schedule

#: The format's version: the text's first character.
FORMAT_VERSION = "1"
#: SCORM 1.2's limit on cmi.suspend_data (CMIString4096).
LIMIT = 4096
#: The 64 characters, in value order (0 to 63).
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
RESULTS = ("correct", "incorrect", "safe", "revealed", "unanswered")
FIRST_RESULTS = ("correct", "incorrect", "safe", "revealed")
CONFIDENCES = ("sure", "not_sure", "none")
MISSES = (None, "under", "over")
#: A question's best result so far, as a score (progress.RESULT_SCORES), in value order.
BESTS = (0, 0.5, 1)
#: The most choices an answer may hold (progress.schema.json: maxItems).
MAX_ANSWER = 20
#: Characters of each field, in the order they are written (the answer follows, one per choice).
WIDTHS = {"question": 2, "hash": 3, "state": 1, "first": 1, "due": 3, "time": 7, "answer": 1}
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TIME = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z$")
_EPOCH = date(1970, 1, 1).toordinal()


class _Unwritable(ValueError):
    """A record the encoding cannot hold."""


def question_table(bank: Bank) -> list[dict]:
    """Every question of the bank in the bank's order: id, quiz, hash and choice ids (as the quiz file lists them)."""
    return [{"id": q.id, "quiz": quiz.id, "hash": progress.question_hash(q), "choices": [c.id for c in q.choices]}
            for quiz in bank.quizzes for q in quiz.questions]


def hash_check(question_hash: str) -> int:
    """The part of a question's hash a record keeps: its first four hex digits, as a number."""
    return int(question_hash[:4], 16)


def best_after(best, record: dict) -> float:
    """A question's best score so far after ``record``: the greater of ``best`` (or 0) and what the
    record's latest and first results score.  A later "Try again" never lowers it."""
    first = record.get("first") if isinstance(record.get("first"), dict) else {}
    scores = [best or 0, progress.RESULT_SCORES.get(record.get("result"), 0),
              progress.RESULT_SCORES.get(first.get("result"), 0)]
    found = max(scores)
    return int(found) if found in (0, 1) else found


# ----------------------------------------------------------------- numbers as characters


def _chars(value: int, width: int) -> str:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value >= 64 ** width:
        raise _Unwritable(f"{value!r} does not fit in {width} characters")
    out = ""
    for _ in range(width):
        out = ALPHABET[value % 64] + out
        value //= 64
    return out


def _number(text: str) -> int:
    value = 0
    for ch in text:
        at = ALPHABET.find(ch)
        if at < 0:
            raise ValueError(f"character {ch!r} is not in the alphabet")
        value = value * 64 + at
    return value


def _days(due) -> int:
    """A due date as days since 1970-01-01, plus one (0 = no due date)."""
    if due is None:
        return 0
    found = _DATE.match(due) if isinstance(due, str) else None
    if not found:
        raise _Unwritable(f"due {due!r} is not a date")
    try:
        day = date(*map(int, found.groups()))
    except ValueError:
        raise _Unwritable(f"due {due!r} is not a date") from None
    return day.toordinal() - _EPOCH + 1


def _due(days: int):
    return None if days == 0 else date.fromordinal(days - 1 + _EPOCH).isoformat()


def time_ms(time) -> int:
    """A record's ``time`` (ISO 8601 UTC with milliseconds) as milliseconds since 1970."""
    found = _TIME.match(time) if isinstance(time, str) else None
    if not found:
        raise _Unwritable(f"time {time!r} is not an ISO time")
    year, month, day, hour, minute, second, ms = map(int, found.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise _Unwritable(f"time {time!r} is not an ISO time") from None
    return calendar.timegm((year, month, day, hour, minute, second)) * 1000 + ms


def _time(ms: int) -> str:
    moment = datetime.fromtimestamp(ms // 1000, timezone.utc)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def _index(values: tuple, value, what: str) -> int:
    if isinstance(value, (str, type(None))) and value in values:
        return values.index(value)
    raise _Unwritable(f"{what} {value!r} is not one of {list(values)}")


# ----------------------------------------------------------------- one record


def encode_record(at: int, entry: dict, record: dict, best) -> str:
    """Record ``record`` of question number ``at`` (its ``entry`` of :func:`question_table`) as text."""
    if not isinstance(record, dict) or record.get("hash") != entry["hash"]:
        raise _Unwritable("the record is not of this question as it is now")
    first = record.get("first")
    if not isinstance(first, dict):
        raise _Unwritable("no first try")
    box = record.get("box")
    if not progress._json_integer(box) or int(box) not in schedule.BOXES:
        raise _Unwritable(f"box {box!r}")
    box = int(box)
    answer = record.get("answer")
    if not isinstance(answer, list) or len(answer) > MAX_ANSWER:
        raise _Unwritable("the answer is not a list of at most 20 choices")
    choices = [_index(tuple(entry["choices"]), choice, "choice") for choice in answer]
    state = (_index(RESULTS, record.get("result"), "result") * 9
             + _index(CONFIDENCES, record.get("confidence"), "confidence") * 3
             + _index(MISSES, record.get("miss"), "miss"))
    first_try = (_index(FIRST_RESULTS, first.get("result"), "first result") * 15
                 + _index(CONFIDENCES, first.get("confidence"), "first confidence") * 5 + box)
    best_at = BESTS.index(best_after(best if best in BESTS else 0, record))
    return (_chars(at, 2) + _chars(hash_check(entry["hash"]), 3) + _chars(state, 1) + _chars(first_try, 1)
            + _chars(_days(record.get("due")), 3) + _chars(time_ms(record.get("time")), 7)
            + _chars(len(choices) * 3 + best_at, 1) + "".join(_chars(c, 1) for c in choices))


def encode(records: dict, best: dict, table: list[dict], limit: int = LIMIT) -> dict:
    """All of ``records`` (``{question id: record}``) with each question's ``best`` score so far, as text.

    Returns ``text``, ``unwritable`` (ids of records the encoding cannot hold, in table order;
    also a question not in the table) and ``overflow`` (ids of the oldest records left out so
    that the text fits in ``limit`` characters, oldest first)."""
    places = {entry["id"]: at for at, entry in enumerate(table)}
    written: list[tuple[int, int, str]] = []  # (time in ms, place, text)
    unwritable = []
    for qid in records:
        if qid not in places:
            unwritable.append(qid)
            continue
        at = places[qid]
        try:
            text = encode_record(at, table[at], records[qid], best.get(qid))
        except _Unwritable:
            unwritable.append(qid)
            continue
        written.append((time_ms(records[qid]["time"]), at, text))
    unwritable.sort(key=lambda qid: (places.get(qid, len(table)), qid))
    overflow = []
    size = len(FORMAT_VERSION) + sum(len(text) for _, _, text in written)
    for ms, at, text in sorted(written):
        if size <= limit:
            break
        overflow.append(table[at]["id"])
        size -= len(text)
    kept = sorted((at, text) for _, at, text in written if table[at]["id"] not in overflow)
    return {"text": FORMAT_VERSION + "".join(text for _, text in kept), "unwritable": unwritable,
            "overflow": overflow}


def decode(text, table: list[dict]) -> dict:
    """What a suspend_data text holds: ``records`` and ``best`` (``{question id: ...}``), ``dropped``
    (how many records were of questions that changed or are gone) and ``problem`` (None, or
    ``newer`` / ``malformed``: the text is refused whole, and nothing is read from it).  An empty
    text holds nothing."""
    empty = {"records": {}, "best": {}, "dropped": 0, "problem": None}
    if text == "":
        return empty
    if not isinstance(text, str):
        return {**empty, "problem": "malformed"}
    if text[0] != FORMAT_VERSION:
        return {**empty, "problem": "newer" if text[0] in "23456789" else "malformed"}
    try:
        return {**_read(text, table), "problem": None}
    except ValueError:
        return {**empty, "problem": "malformed"}


def _read(text: str, table: list[dict]) -> dict:
    records, best, times, dropped = {}, {}, {}, 0
    fixed = sum(WIDTHS.values())
    at = len(FORMAT_VERSION)
    while at < len(text):
        if at + fixed > len(text):
            raise ValueError("a record is cut short")
        fields = {}
        for name, width in WIDTHS.items():
            fields[name] = _number(text[at:at + width])
            at += width
        count, best_at = divmod(fields["answer"], 3)
        if count > MAX_ANSWER or at + count > len(text):
            raise ValueError("an answer is cut short")
        answer = [_number(ch) for ch in text[at:at + count]]
        at += count
        state, first_try = fields["state"], fields["first"]
        if state >= len(RESULTS) * 9 or first_try >= len(FIRST_RESULTS) * 15 or first_try % 5 >= len(schedule.BOXES):
            raise ValueError("a value out of range")
        entry = _question(fields["question"], fields["hash"], table)
        if entry is None or any(c >= len(entry["choices"]) for c in answer):
            dropped += 1  # the question changed since (or is gone): the record is dropped, as the site drops it
            continue
        record = {
            "quiz": entry["quiz"], "answer": [entry["choices"][c] for c in answer],
            "result": RESULTS[state // 9], "confidence": CONFIDENCES[state // 3 % 3],
            "first": {"result": FIRST_RESULTS[first_try // 15], "confidence": CONFIDENCES[first_try // 5 % 3]},
            "box": first_try % 5, "due": _due(fields["due"]), "time": _time(fields["time"]), "hash": entry["hash"],
        }
        if MISSES[state % 3] is not None:
            record["miss"] = MISSES[state % 3]
        qid = entry["id"]
        if qid in records and fields["time"] <= times[qid]:
            continue  # the same question twice: the newer record wins (progress.merge)
        records[qid], best[qid], times[qid] = record, BESTS[best_at], fields["time"]
    return {"records": records, "best": best, "dropped": dropped}


def _question(at: int, check: int, table: list[dict]) -> dict | None:
    """The question a record names: the one at its place if the hash check agrees, else the one
    question whose hash agrees (the bank was reordered), else None."""
    if at < len(table) and hash_check(table[at]["hash"]) == check:
        return table[at]
    found = [entry for entry in table if hash_check(entry["hash"]) == check]
    return found[0] if len(found) == 1 else None


# ----------------------------------------------------------------- what the LMS is told


def lms_score(best: dict, table: list[dict]) -> int:
    """``cmi.core.score.raw``: 0 to 100, each question's best score so far over the bank, rounded half up."""
    ids = {entry["id"] for entry in table}
    halves = sum(int(2 * best[qid]) for qid in best if qid in ids and best[qid] in BESTS)
    return (100 * halves + len(table)) // (2 * len(table)) if table else 0


def lms_status(bank: Bank, records: dict) -> str:
    """``cmi.core.lesson_status``: completed when every chapter is done (``progress.chapters_done``)."""
    chapters = sorted({quiz.chapter for quiz in bank.quizzes})
    return "completed" if progress.chapters_done(bank, records) == chapters else "incomplete"
