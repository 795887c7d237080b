"""The learner's progress file: its schema, reading it, and merging records.

"Download my progress" on the website saves one JSON file; "Load progress"
reads it back; ``python -m spasm_course progress-report`` reads many.  The
format is the JSON Schema ``content/schema/progress.schema.json`` (published
in the repository; the website gets the same schema and checks a file against
it before it changes anything).

Rules, defined here: the website runs the same rules in its own modules
(``spasm_course/static/``), and tests/browser/test_parity.py replays golden
cases from these functions there (CONTRIBUTING, "Which rules run where"):

* A file is refused whole, with its reason, when it is not JSON or not the
  schema's shape (``malformed``), when it is of a newer format version than
  this code knows (``newer``), or from another course (``foreign``).  The
  checks run in the order: format marker, version, schema, course; so a
  foreign file of a newer format is "newer".
* A question's record carries the :func:`question_hash` of the question as
  the learner saw it.  A record whose hash is not the current question's (an
  instructor edited it), or whose question no longer exists, is dropped: it
  is never counted, least of all as correct.
* Format version 2 added the result ``safe`` (a more cautious care level than
  the rule; :mod:`spasm_course.engines.triage_practice`).  A file of version 1 still
  loads: :func:`upgrade_records` turns each ``incorrect`` record whose answer
  the current rule grades ``safe`` into a ``safe`` record.
* Merging goes question by question: a record on one side only is kept; for
  a question on both sides the newer ``time`` wins (on a tie, the record
  already kept stays).  No question's record disappears.
* What the website stored in a browser (:func:`read_stored`): a value of a
  newer version or of another quiz is never changed; entries of an unknown
  question or result are kept as they are; older versions are upgraded.
* A file is read as JSON and a browser read it: 3.0 is the integer 3, a
  pattern's ``$`` ends the text, lengths count characters.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import yaml

from spasm_course.content import CONTENT_DIR, Bank, Question, Quiz
from spasm_course.content.figures import figure_digest
from spasm_course.engines import schedule
from spasm_course.engines.grading import display_order, grade

SCHEMA_PATH = CONTENT_DIR / "schema" / "progress.schema.json"
FORMAT = "spasm-course-progress"
FORMAT_VERSION = 2
#: The course id when the book's configuration sets none (``spasm_course_id``).
DEFAULT_COURSE_ID = "muscle-spasms-course"

#: The JSON Schema keywords the schema may use: the website's small checker
#: (``static/progressfile.js`` ``schemaProblem``) implements exactly these.
SCHEMA_KEYWORDS = frozenset({
    "$schema", "$id", "title", "description", "type", "const", "enum", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "required", "properties", "additionalProperties", "propertyNames", "maxProperties",
    "items", "maxItems",
})

REASONS = ("malformed", "newer", "foreign")

#: The version of what the website saves in the browser under a quiz's key
#: (``{version, quiz, chapter, total, questions: {id: record}}``).  Version 2
#: keeps, per question, a record in the progress file's format; version 3 adds
#: the result "safe".  Version 1 was ``{selected, state}`` per question.  The
#: site upgrades older values in place (:func:`read_stored`) and never changes
#: or deletes one it does not understand (a newer version, an unknown result
#: or an unknown question).
RECORD_VERSION = 3

#: What each latest result scores, everywhere a score is given (the progress
#: report, GIFT's weights): a safe care level scores half; anything else 0.
RESULT_SCORES = {"correct": 1.0, "safe": 0.5}


class ProgressFileError(ValueError):
    """A progress file is refused whole.  ``reason`` is one of :data:`REASONS`."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


# ----------------------------------------------------------------- the question hash


def shown_question(question: Question) -> dict:
    """The question as the learner saw it: prompt, choices with their labels (in display
    order), the key, and its picture (file, digest of the drawing, alt text).  Any edit
    to one of these, a redrawn picture too, changes :func:`question_hash`."""
    order = display_order(question)
    return {
        "id": question.id,
        "type": question.type,
        "prompt": question.full_prompt.strip(),
        "choices": [[cid, question.label(cid).strip()] for cid in order],
        "key": sorted(question.correct),
        # Only a question with a picture has this key, so no other question's hash changes.
        **({"figure": [question.figure.file, figure_digest(question.figure.file), question.figure.alt]}
           if question.figure is not None else {}),
    }


def question_hash(question: Question) -> str:
    """16 hex digits of SHA-256 over :func:`shown_question` as canonical JSON.

    The same on every run, machine and process (no ``hash()``, no salt)."""
    text = json.dumps(shown_question(question), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def bank_hashes(bank: Bank) -> dict[str, str]:
    """Every question id of the bank -> its hash."""
    return {question.id: question_hash(question) for question in bank.questions()}


# ----------------------------------------------------------------- reading a file


def _json_integer(value) -> bool:
    """An integer as JSON (and JSON Schema, and a browser) sees it: 3 and 3.0 alike, never a boolean."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


@lru_cache(maxsize=None)
def ecma_pattern(pattern: str) -> re.Pattern:
    """A JSON Schema ``pattern`` (an ECMA-262 regular expression) for Python's ``re``: ``$`` ends
    the text (Python's also matches before a final newline, so "...\\n" would pass) and ``\\d``,
    ``\\w`` are ASCII, as in a browser."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        out.append("\\Z" if ch == "$" and not in_class else ch)
        i += 1
    return re.compile("".join(out), re.ASCII)


@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # deferred: only reading a progress file needs it, and it is slow to import

    def pattern(validator, value, instance, schema_):
        if validator.is_type(instance, "string") and not ecma_pattern(value).search(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {value!r}")

    ecma = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": pattern})
    return ecma(schema())


def _schema_problem(data) -> str | None:
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    first = errors[0]
    where = "/".join(str(part) for part in first.absolute_path) or "the file"
    message = first.message if len(first.message) <= 200 else first.message[:200] + "..."  # it may quote the file
    return f"{where}: {message}"


def check_progress(data, course_id: str) -> dict:
    """Return ``data`` if it is a progress file of this course that this code can read.

    Raises :class:`ProgressFileError` with ``reason`` ``malformed``, ``newer`` or ``foreign``.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProgressFileError("malformed", "not a progress file of this course software "
                                             f"(its 'format' is not {FORMAT!r})")
    version = data.get("format_version")
    if _json_integer(version) and version > FORMAT_VERSION:
        raise ProgressFileError("newer", f"format version {version} is newer than this course knows "
                                         f"({FORMAT_VERSION})")
    problem = _schema_problem(data)
    if problem:
        raise ProgressFileError("malformed", f"does not match the progress file schema: {problem}")
    if data["course"] != course_id:
        raise ProgressFileError("foreign", f"from another course ({data['course']!r}, this is {course_id!r})")
    return data


def read_progress_file(path: Path, course_id: str) -> dict:
    """Read and check one progress file; raises ProgressFileError (reason and message)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressFileError("malformed", f"cannot be read: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgressFileError("malformed", f"not valid JSON: {exc}") from None
    return check_progress(data, course_id)


# ----------------------------------------------------------------- records


def drop_stale(records: dict, hashes: dict[str, str]) -> tuple[dict, list[str]]:
    """Keep the records whose question exists with the same hash; also return the dropped ids."""
    kept, dropped = {}, []
    for qid, record in records.items():
        if qid in hashes and hashes[qid] == record.get("hash"):
            kept[qid] = record
        else:
            dropped.append(qid)
    return kept, dropped


def upgrade_record(record: dict, question: Question) -> dict:
    """A record as the current rules read it: an ``incorrect`` answer that the
    rule now grades ``safe`` becomes ``safe`` (its ``miss`` goes).  Anything
    else is returned unchanged.  ``record`` itself is never changed."""
    answer = record.get("answer")
    if record.get("result") != "incorrect" or not question.has_levels or not isinstance(answer, list) or not answer:
        return record
    try:
        status = grade(question, answer).status
    except ValueError:  # an answer the question no longer has: leave the record as it is
        return record
    if status != "safe":
        return record
    upgraded = {name: value for name, value in record.items() if name != "miss"}
    upgraded["result"] = "safe"
    return upgraded


def upgrade_records(records: dict, bank: Bank) -> dict:
    """:func:`upgrade_record` for each record of a known question (others unchanged)."""
    questions = {question.id: question for question in bank.questions()}
    return {qid: upgrade_record(record, questions[qid]) if qid in questions else record
            for qid, record in records.items()}


def score(records: dict) -> float:
    """The score of a set of latest records: :data:`RESULT_SCORES` summed."""
    return sum(RESULT_SCORES.get(record.get("result"), 0.0) for record in records.values())


def sure_but_wrong(record: dict) -> bool:
    """Wrong although marked "sure" (a safe answer is not wrong)."""
    return record.get("result") == "incorrect" and record.get("confidence") == "sure"


def counts(records: dict) -> dict[str, int]:
    """How many of ``records`` (``{id: record}``, latest answers or first tries) are answered (one
    of :data:`schedule.RESULTS`), correct, safe, sure but wrong, and under-triage (an incorrect
    care level with less care than the rule).  The progress report's columns and the progress
    page's counts (per quiz, per chapter)."""
    found = dict.fromkeys(("answered", "correct", "safe", "sure_wrong", "under_triage"), 0)
    for record in records.values():
        result = record.get("result")
        found["answered"] += result in schedule.RESULTS
        found["correct"] += result == "correct"
        found["safe"] += result == "safe"
        found["sure_wrong"] += sure_but_wrong(record)
        found["under_triage"] += result == "incorrect" and record.get("miss") == "under"
    return found


#: The record field that decides a merge: the greater value (the newer ISO time) wins.
#: The progress page gets it in its data; progressfile.js ``mergeRecords`` compares by it.
MERGE_BY = "time"


def merge(kept: dict, incoming: dict) -> dict:
    """Merge two sets of records question by question: the newer ``time`` wins; a tie keeps ``kept``'s."""
    merged = dict(kept)
    for qid, record in incoming.items():
        if qid not in merged or record[MERGE_BY] > merged[qid][MERGE_BY]:
            merged[qid] = record
    return merged


# ----------------------------------------------------------------- what a browser stored

#: The results a version 1 entry could hold.
_V1_RESULTS = ("correct", "incorrect", "revealed")


def upgrade_entry(entry: dict, question: Question, quiz_id: str, *, today, time: str) -> dict | None:
    """A version 1 entry (``{selected, state}``) as a record answered at ``time`` on ``today``
    (a date), or None when it is not understood."""
    result = entry.get("state")
    selected = entry.get("selected")
    if result not in _V1_RESULTS or not isinstance(selected, list):
        return None
    box = schedule.next_box(schedule.NOT_QUEUED, result, "none")
    return {"quiz": quiz_id, "answer": [str(item) for item in selected], "result": result, "confidence": "none",
            "first": {"result": result, "confidence": "none"}, "box": box, "due": schedule.due_date(box, today),
            "time": time, "hash": question_hash(question)}


def read_stored(saved, quiz: Quiz, *, today, time: str) -> dict:
    """What a browser stored under a quiz's key (``saved``, parsed JSON or None), as the site reads it.

    Returns ``records`` (the quiz's current questions' records, upgraded to
    :data:`RECORD_VERSION`), ``keep`` (entries not understood: an unknown
    question or result; written back untouched), ``read_only`` (a newer
    version, or not this quiz's value: never written), ``changed`` (an
    upgrade or a dropped stale record: worth saving), ``dropped`` (how many
    answers were dropped because their question changed: the page says so once)
    and ``retired`` (the ids of answers to questions no longer in the quiz: kept,
    as an entry not understood, but no longer shown, so the page tells the learner
    of them too, once each).  A record whose hash is
    not its question's is dropped, as :func:`drop_stale` drops it.  A version 1
    entry becomes a record answered at ``time`` on ``today``.
    """
    state = {"records": {}, "keep": {}, "read_only": False, "changed": False, "dropped": 0, "retired": []}
    if saved is None:
        return state
    if (not isinstance(saved, dict) or saved.get("quiz") != quiz.id or not isinstance(saved.get("questions"), dict)
            or not _json_integer(saved.get("version")) or saved["version"] > RECORD_VERSION):
        state["read_only"] = True
        return state
    known = (*schedule.RESULTS, "unanswered")
    questions = {question.id: question for question in quiz.questions}
    if saved["version"] != RECORD_VERSION:
        state["changed"] = True
    for qid, entry in saved["questions"].items():
        question = questions.get(qid)
        record = entry
        if question is not None and saved["version"] == 1 and isinstance(entry, dict):
            record = upgrade_entry(entry, question, quiz.id, today=today, time=time)
        if question is None or not isinstance(record, dict) or not _known(record.get("result"), known):
            state["keep"][qid] = entry
            if question is None and isinstance(record, dict) and _known(record.get("result"), known):
                state["retired"].append(qid)  # an answer the learner no longer sees: they are told
            continue
        if record.get("hash") != question_hash(question):
            state["changed"] = True
            state["dropped"] += 1  # the learner is told (words.yml quiz.answers_reset)
            continue
        upgraded = upgrade_record(record, question)
        state["changed"] |= upgraded is not record
        state["records"][qid] = upgraded
    state["retired"].sort()  # in a fixed order (a browser lists number-like keys first)
    return state


def _known(result, known: tuple[str, ...]) -> bool:
    return isinstance(result, str) and result in known


# ----------------------------------------------------------------- done

#: A quiz is done when the latest record of every one of its questions has one of
#: these results ("Show answer" does not count); a chapter is done when every
#: quiz of it is done.  The progress page gets both in its data (:func:`done_rule`).
DONE_RESULTS = ("correct",)


def quiz_done(quiz, records: dict) -> bool:
    """Whether every question of ``quiz`` has a record (``{question id: record}``) with a done result."""
    return all(records.get(q.id, {}).get("result") in DONE_RESULTS for q in quiz.questions)


def chapters_done(bank: Bank, records: dict) -> list[int]:
    """The chapters whose every quiz is done, in order."""
    chapters = sorted({quiz.chapter for quiz in bank.quizzes})
    return [ch for ch in chapters if all(quiz_done(q, records) for q in bank.quizzes if q.chapter == ch)]


def done_rule(bank: Bank) -> dict:
    """The "done" rule as data for the progress page's script: the results that count, and each chapter's quizzes."""
    chapters: dict[str, list[str]] = {}
    for quiz in bank.quizzes:
        chapters.setdefault(str(quiz.chapter), []).append(quiz.id)
    return {"results": list(DONE_RESULTS), "chapter_quizzes": chapters}


# ----------------------------------------------------------------- the course id


def course_id_from_config(path: Path) -> str | None:
    """``sphinx.config.spasm_course_id`` from a Jupyter Book ``_config.yml``, if set."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    try:
        value = data["sphinx"]["config"]["spasm_course_id"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) and re.fullmatch(r"\S.{0,99}", value) else None
