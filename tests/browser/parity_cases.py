"""Golden cases for the parity test: inputs, and what the Python reference gives for each.

Python is the reference for every rule that also runs in the browser.  Each
``*_cases`` function below makes many varied inputs (exhaustive where the space
is small, seeded-random where it is not, plus the edge cases a stored value or
a hand-edited file can hold) and runs the Python function on each; the
browser test (test_parity.py) replays every input in the site's modules in one
page load and compares.  ``context()`` is the page data the modules get,
built by the same functions that build the site's pages.

A case is ``{"kind", "args", "want"}``; ``want`` always holds ``logged``:
whether the browser must report a lookup that misses (console.error), which
is exactly when the Python reference refuses the input (ValueError).
"""

from __future__ import annotations

import json
import random
from datetime import date, datetime, timedelta, timezone
from itertools import product
from zoneinfo import ZoneInfo

from spasm_course.content import default_bank
from spasm_course.engines import grading, progress, schedule, suspend, triage
from spasm_course.engines.progress import (DEFAULT_COURSE_ID, FORMAT, FORMAT_VERSION, ProgressFileError,
                                           bank_hashes, check_progress)
from spasm_course.frontends import render
from spasm_course.frontends.scorm_package import launch_data

#: The learner's time zone in the test's browser: Brazil moved its clocks at midnight until 2019,
#: so some local days had no midnight (a due date computed from a local midnight must still be right).
TIME_ZONE = "America/Sao_Paulo"
SEED = 20
BANK = default_bank()
QUESTIONS = {question.id: question for question in BANK.questions()}
LEVEL_QUESTIONS = [question for question in QUESTIONS.values() if question.has_levels]
COURSE = DEFAULT_COURSE_ID
RESULTS = [*schedule.RESULTS, "unanswered"]
HASHES = bank_hashes(BANK)


def context() -> dict:
    """The page data the modules get: the quizzes' data (as the chapters ship it), the words, the
    schedule table, the triage page data, and what the progress page ships for a file."""
    quizzes = {quiz.id: render.quiz_data(quiz) for quiz in BANK.quizzes}
    return {
        "quizzes": quizzes,
        "questions": {q["id"]: q for data in quizzes.values() for q in data["questions"]},
        "messages": render.page_messages(),
        "schedule": schedule.schedule_table(),
        "triage": render.triage_page_data(triage.decision_table()),
        "file": {"format": FORMAT, "format_version": FORMAT_VERSION, "course": COURSE, "schema": progress.schema()},
        "hashes": HASHES,
        "merge_by": progress.MERGE_BY,
        "done": progress.done_rule(BANK),
        "lms": launch_data(BANK),  # what the SCORM launch page ships
    }


def _case(kind: str, args: dict, want, logged: bool = False) -> dict:
    return {"kind": kind, "args": args, "want": {"value": want, "logged": logged}}


def _json(value):
    """``value`` as the browser gets it: through JSON (3.0 arrives as 3, tuples as lists)."""
    return json.loads(json.dumps(value))


# ----------------------------------------------------------------- dates and times


def local_day(ms: int) -> date:
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(TIME_ZONE)).date()


def iso_time(ms: int) -> str:
    moment = datetime.fromtimestamp(ms / 1000, timezone.utc)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{ms % 1000:03d}Z"


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def moments(rng: random.Random) -> list[int]:
    """Instants (ms) to answer at: random ones 2000-2035, and every hour around Brazil's clock changes,
    month ends, leap days and new years, in the learner's zone."""
    zone = ZoneInfo(TIME_ZONE)
    found = [rng.randrange(_ms(datetime(2000, 1, 1, tzinfo=timezone.utc)), _ms(datetime(2035, 1, 1, tzinfo=timezone.utc)))
             for _ in range(400)]
    days = [date(2018, 11, 4), date(2019, 2, 16), date(2017, 10, 15), date(2017, 2, 18), date(2016, 2, 29),
            date(2020, 2, 29), date(2023, 12, 31), date(2024, 1, 31), date(2021, 4, 30), date(2099, 12, 31)]
    for day in days:
        start = datetime(day.year, day.month, day.day, tzinfo=zone) - timedelta(hours=3)
        found += [_ms(start + timedelta(minutes=30 * step)) for step in range(60)]
    return found


def random_date(rng: random.Random) -> str:
    return (date(2024, 1, 1) + timedelta(days=rng.randrange(0, 120))).isoformat()


def random_time(rng: random.Random, few: bool = False) -> str:
    """An ISO time; with ``few``, one of a handful, so that ties happen."""
    if few:
        return f"2026-03-0{rng.randrange(1, 4)}T10:00:00.000Z"
    return iso_time(rng.randrange(1_700_000_000_000, 1_800_000_000_000))


def random_record(rng: random.Random, qid: str, quiz_id: str = "a-quiz") -> dict:
    result = rng.choice(RESULTS)
    record = {"quiz": quiz_id, "answer": rng.choice([[], ["a"], ["b", "c"]]), "result": result,
              "confidence": rng.choice(schedule.CONFIDENCES),
              "first": {"result": rng.choice(schedule.RESULTS), "confidence": rng.choice(schedule.CONFIDENCES)},
              "box": rng.randrange(0, 5), "due": rng.choice([None, random_date(rng)]), "time": random_time(rng),
              "hash": HASHES.get(qid, "0123456789abcdef")}
    if rng.random() < 0.3:
        record["miss"] = rng.choice(["under", "over"])
    return record


# ----------------------------------------------------------------- the quizzes: grading, safe, reveal


def grade_cases() -> list[dict]:
    """Every possible answer to every question (the site joins the outcome table's parts as Grade.lines())."""
    cases = []
    for qid, question in QUESTIONS.items():
        for answer in grading.possible_answers(question):
            graded = grading.grade(question, list(answer))
            cases.append(_case("grade", {"question": qid, "chosen": list(answer)},
                               {"status": graded.status, "miss": graded.miss, "lines": graded.lines()}))
        cases.append(_case("reveal", {"question": qid}, grading.reveal(question).lines()))
    return cases


def upgrade_record_cases(rng: random.Random) -> list[dict]:
    """An older record read by the current rules: every answer to every care-level question, as every
    result, with and without a miss; odd answers (not a list, repeated, unknown, two); plain questions."""
    cases = []
    for question in LEVEL_QUESTIONS:
        ids = [choice.id for choice in question.choices]
        answers = [[cid] for cid in ids] + [[cid, cid] for cid in ids] + [cid for cid in ids]
        answers += [[], [ids[0], ids[-1]], [ids[-1], ids[0]], ["no-such-choice"], None, 5]
        for answer, result, miss in product(answers, ["incorrect", "correct", "safe", "revealed"], [None, "under", "over"]):
            record = {"quiz": "q", "answer": answer, "result": result, "confidence": "sure", "box": 1,
                      "due": "2026-03-01", "time": "2026-03-01T10:00:00.000Z", "hash": HASHES[question.id]}
            if miss:
                record["miss"] = miss
            cases.append(_upgrade_case(question, record))
    plain = [question for question in QUESTIONS.values() if not question.has_levels]
    for question in rng.sample(plain, 20):
        wrong = [choice.id for choice in question.choices if choice.id not in question.correct]
        record = {"quiz": "q", "answer": wrong[:1], "result": "incorrect", "confidence": "none", "box": 1,
                  "due": None, "time": "2026-03-01T10:00:00.000Z", "hash": HASHES[question.id]}
        cases.append(_upgrade_case(question, record))
    return cases


def _upgrade_case(question, record: dict) -> dict:
    upgraded = progress.upgrade_record(record, question)
    return _case("upgrade_record", {"question": question.id, "record": record},
                 {"record": upgraded, "same": upgraded is record})


# ----------------------------------------------------------------- what a browser stored


def read_stored_cases(rng: random.Random) -> list[dict]:
    """Stored values of every shape: not ours, newer, older (version 1 entries, version 2 records
    that may now be safe), stale and unknown records, odd keys."""
    cases = []
    times = moments(rng)
    for n in range(600):
        quiz = rng.choice(BANK.quizzes)
        saved = _stored_value(rng, quiz, n)
        now = rng.choice(times)
        want = progress.read_stored(_json(saved), quiz, today=local_day(now), time=iso_time(now))
        cases.append(_case("read_stored", {"quiz": quiz.id, "saved": saved, "now": now}, _json(want)))
    return cases


def _stored_value(rng: random.Random, quiz, n: int):
    odd = [None, [], "text", 7, {"version": 3, "quiz": "another-quiz", "questions": {}},
           {"version": 3, "quiz": quiz.id, "questions": []}, {"version": 3, "quiz": quiz.id},
           {"quiz": quiz.id, "questions": {}}]
    if n < len(odd):
        return odd[n]
    version = rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 99, 0, 3.0, "3", None, True])
    questions = {}
    for question in rng.sample(quiz.questions, rng.randrange(0, len(quiz.questions) + 1)):
        questions[question.id] = _stored_entry(rng, question, quiz.id)
    for name in rng.sample(["gone-question", "__proto__", "constructor", "toString", "123", "hasOwnProperty"],
                           rng.randrange(0, 3)):
        questions[name] = _stored_entry(rng, rng.choice(quiz.questions), quiz.id)
    return {"version": version, "quiz": quiz.id, "chapter": quiz.chapter, "total": len(quiz.questions),
            "questions": questions}


def _stored_entry(rng: random.Random, question, quiz_id: str):
    kind = rng.random()
    ids = [choice.id for choice in question.choices]
    if kind < 0.25:  # a version 1 entry
        return {"selected": rng.choice([[rng.choice(ids)], ids[:2], [], [1], "x", None]),
                "state": rng.choice(["correct", "incorrect", "revealed", "unanswered", "safe", None])}
    if kind < 0.3:
        return rng.choice([None, 5, "x", [], True])
    record = random_record(rng, question.id, quiz_id)
    record["answer"] = rng.choice([[rng.choice(ids)], [], ids[:2]])
    if question.has_levels and rng.random() < 0.5:
        record["result"] = "incorrect"
    if rng.random() < 0.15:
        record["hash"] = "fedcba9876543210"  # the question was edited since
    if rng.random() < 0.05:
        del record["hash"]
    if rng.random() < 0.05:
        record["result"] = rng.choice(["maybe", None, 3, ["correct"]])
    return record


# ----------------------------------------------------------------- the schedule


def schedule_cases(rng: random.Random) -> list[dict]:
    cases = []
    boxes = [*schedule.BOXES, 5, -1, "1", 1.5, None]
    results = [*schedule.RESULTS, "unanswered", "bogus", None]
    confidences = [*schedule.CONFIDENCES, "", "maybe", None]
    for box, result, confidence in product(boxes, results, confidences):
        try:
            want, logged = schedule.next_box(box, result, confidence), False
        except ValueError:
            want, logged = None, True
        cases.append(_case("next_box", {"box": box, "result": result, "confidence": confidence}, want, logged))
    for now in moments(rng):
        for box in [*schedule.BOXES, 5]:
            try:
                want, logged = schedule.due_date(box, local_day(now)), False
            except ValueError:
                want, logged = None, True
            cases.append(_case("due_date", {"box": box, "now": now}, want, logged))
    for _ in range(800):
        record = {"box": rng.choice([0, 1, 2, 3, 4, None]), "due": rng.choice([None, "", random_date(rng)])}
        if rng.random() < 0.1:
            del record["due"]
        today = random_date(rng)
        cases.append(_case("is_due", {"record": record, "today": today},
                           {"queued": schedule.queued(record), "due": schedule.is_due(record, today)}))
    return cases


# ----------------------------------------------------------------- the progress file


def merge_cases(rng: random.Random) -> list[dict]:
    cases = []
    pool = rng.sample(sorted(QUESTIONS), 12) + ["123", "gone-question"]
    for _ in range(500):
        kept = {qid: {"result": rng.choice(RESULTS), "time": random_time(rng, few=True)}
                for qid in rng.sample(pool, rng.randrange(0, 8))}
        incoming = {qid: {"result": rng.choice(RESULTS), "time": random_time(rng, few=True)}
                    for qid in rng.sample(pool, rng.randrange(0, 8))}
        cases.append(_case("merge", {"kept": kept, "incoming": incoming}, progress.merge(kept, incoming)))
    return cases


def drop_stale_cases(rng: random.Random) -> list[dict]:
    cases = []
    pool = sorted(QUESTIONS)
    for _ in range(300):
        records = {}
        for qid in rng.sample(pool, rng.randrange(0, 10)) + rng.sample(["gone-question", "123", "x-y"], rng.randrange(0, 2)):
            record = {"result": "correct", "hash": HASHES.get(qid, "0123456789abcdef")}
            roll = rng.random()
            if roll < 0.2:
                record["hash"] = "fedcba9876543210"
            elif roll < 0.25:
                del record["hash"]
            records[qid] = record
        kept, dropped = progress.drop_stale(records, HASHES)
        cases.append(_case("drop_stale", {"records": records}, {"kept": kept, "dropped": sorted(dropped)}))
    return cases


def _good_file(rng: random.Random, count: int = 6) -> dict:
    records = {}
    for qid in rng.sample(sorted(QUESTIONS), count):
        question = QUESTIONS[qid]
        record = random_record(rng, qid, next(quiz.id for quiz in BANK.quizzes if question in quiz.questions))
        record["answer"] = [question.choices[0].id]
        record.pop("miss", None)
        records[qid] = record
    return {"format": FORMAT, "format_version": FORMAT_VERSION, "course": COURSE, "learner": "Ana",
            "saved": "2026-03-01T10:00:00.000Z", "questions": records}


def _file_changes(rng: random.Random) -> list:
    """Changes to a good file, each a function of the file (the file is a fresh copy)."""
    def top(name, value):
        return lambda f: f.__setitem__(name, value)

    def drop(name):
        return lambda f: f.pop(name)

    def record(name, value):
        def change(f):
            first = next(iter(f["questions"].values()))
            if value is _DROP:
                first.pop(name, None)
            else:
                first[name] = value
        return change

    def key(name):
        def change(f):
            qid = next(iter(f["questions"]))
            f["questions"][name] = f["questions"].pop(qid)
        return change

    astral = "\U0001F600"
    changes = [lambda f: None]
    changes += [drop(name) for name in ("format", "format_version", "course", "questions", "learner", "saved")]
    changes += [top("format", value) for value in ("spasm-course-progres", "", None, 1)]
    changes += [top("format_version", value) for value in (0, 1, 2, 3, 99, -1, "2", 2.0, 3.0, 1.5, True, None)]
    changes += [top("course", value) for value in ("", "x" * 100, "x" * 101, "cooking-101", 5, None, astral * 100,
                                                   astral * 101)]
    changes += [top("learner", value) for value in ("", "x" * 200, "x" * 201, astral * 150, astral * 201, 5, None)]
    changes += [top("saved", value) for value in ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00.000Z\n", "", 5)]
    changes += [top("extra", 1), top("questions", []), top("questions", "x"), top("questions", None)]
    changes += [key(name) for name in ("Bad_ID", "", "-x", "a" * 100, "a" * 101, "\u00e9t\u00e9", "abc\n", "123")]
    required = ["quiz", "answer", "result", "confidence", "first", "box", "due", "time", "hash"]
    changes += [record(name, _DROP) for name in required]
    changes += [record("extra", 1)]
    changes += [record("quiz", value) for value in ("Bad", "", 5, "a" * 101, "ok-quiz\n")]
    changes += [record("answer", value) for value in ([], ["a"] * 20, ["a"] * 21, [5], ["Bad"], "a", ["a_b"], None)]
    changes += [record("result", value) for value in (*RESULTS, "maybe", None)]
    changes += [record("miss", value) for value in ("under", "over", "safe", None)]
    changes += [record("confidence", value) for value in (*schedule.CONFIDENCES, "", None)]
    changes += [record("first", value) for value in (
        {"result": "correct", "confidence": "sure"}, {"result": "unanswered", "confidence": "sure"},
        {"result": "correct"}, {"result": "correct", "confidence": "sure", "x": 1}, None, [])]
    changes += [record("box", value) for value in (0, 4, 5, -1, 4.0, 2.5, "1", True, None)]
    changes += [record("due", value) for value in (None, "2024-01-01", "2024-1-1", 5, "2024-01-01\n")]
    changes += [record("time", value) for value in ("2026-03-01T10:00:00.000Z", "2026-03-01", "2026-03-01T10:00:00.000Z\n")]
    changes += [record("hash", value) for value in ("0123456789abcdef", "0123456789abcde", "0123456789abcdef0",
                                                    "0123456789ABCDEF", "0123456789abcdef\n", 5)]
    changes += [lambda f: f.update({"format_version": 3, "course": "cooking-101"}),
                lambda f: f.update({"format_version": 3, "questions": "whatever"}),
                lambda f: f.update({"course": "cooking-101", "questions": []}),
                lambda f: f.update({"format": "other", "format_version": 3}),
                lambda f: f.update({"format_version": 1, "course": "cooking-101"})]
    rng.shuffle(changes)
    return changes


_DROP = object()


def file_cases(rng: random.Random) -> list[dict]:
    """Progress files as the page reads them (the text of the file): the reason a file is refused, if any."""
    texts = ["", "{", "[]", "null", '"text"', "123", "true", '{"format": "spasm-course-progress"}', "{ this is not json",
             json.dumps(_good_file(rng))[:-1]]
    for change in _file_changes(rng):
        for _ in range(2):
            data = _good_file(rng, rng.randrange(1, 8))
            change(data)
            texts.append(json.dumps(data, ensure_ascii=rng.random() < 0.5))
    crowded = _good_file(rng, 1)  # more questions than the schema allows (slow to check: once)
    crowded["questions"].update(dict.fromkeys((f"q{n}" for n in range(10_001)), crowded["questions"].popitem()[1]))
    texts.append(json.dumps(crowded))
    cases = []
    for text in texts:
        try:
            data = json.loads(text)
            check_progress(data, COURSE)
            want = None
        except json.JSONDecodeError:
            want = "malformed"
        except ProgressFileError as error:
            want = error.reason
        cases.append(_case("check_file", {"text": text}, want))
    return cases


# ----------------------------------------------------------------- done and counts


def done_cases(rng: random.Random) -> list[dict]:
    """Records over the whole bank: every quiz right, all but one, one revealed, one safe, random."""
    cases = []
    for n in range(300):
        records = {}
        for quiz in BANK.quizzes:
            plan = rng.choice(["all", "all", "one missing", "one revealed", "one safe", "one unanswered", "random", "none"])
            odd = rng.choice(quiz.questions).id
            for question in quiz.questions:
                if plan == "none" or (plan == "one missing" and question.id == odd):
                    continue
                result = "correct"
                if plan == "random":
                    result = rng.choice(RESULTS)
                elif question.id == odd and plan.startswith("one "):
                    result = plan.split()[1]
                records[question.id] = {"result": result}
        if n % 10 == 0:
            records["gone-question"] = {"result": "correct"}
        want = {"quizzes": {quiz.id: progress.quiz_done(quiz, records) for quiz in BANK.quizzes},
                "chapters": progress.chapters_done(BANK, records)}
        cases.append(_case("done", {"records": records}, want))
    return cases


def count_cases(rng: random.Random) -> list[dict]:
    cases = []
    for _ in range(400):
        records = {}
        for qid in rng.sample(sorted(QUESTIONS), rng.randrange(0, 30)):
            record = {"result": rng.choice(RESULTS), "confidence": rng.choice(schedule.CONFIDENCES)}
            if rng.random() < 0.4:
                record["miss"] = rng.choice(["under", "over"])
            records[qid] = record
        cases.append(_case("counts", {"records": records}, progress.counts(records)))
    return cases


# ----------------------------------------------------------------- the triage simulator


def _triage_answer_sets():
    """Every partial form: each field unanswered or any value; causes unanswered, none, or some."""
    options = {name: [None, *values] for name, values in triage.ALLOWED.items() if name != "causes"}
    cause_sets = [None, [], ["overuse"], ["neck_back_pain"], ["overuse", "neck_back_pain"], ["fatigue", "fatigue"],
                  list(triage.ALLOWED["causes"])]
    for values in product(*options.values()):
        for causes in cause_sets:
            yield {**dict(zip(options, values)), "causes": causes}


def triage_cases() -> list[dict]:
    """Every partial form's route and missing answers; every complete form's key; each key's result
    (the full chain: answers -> key -> the card's result, as assess() gives it); where each cause counts."""
    cases = []
    results = {}
    for answers in _triage_answer_sets():
        try:
            missing = triage.missing_fields(**answers)
        except triage.TriageInputError:
            continue  # a cause the place does not allow: the form never offers it (cause_offered cases)
        route = triage.route(triage.check_answers(answers))["id"]
        cases.append(_case("triage_route", {"answers": answers}, {"route": route, "missing": missing}))
        if not missing:
            key = triage.decision_key(**answers)
            cases.append(_case("triage_key", {"answers": answers}, key))
            if key not in results:
                results[key] = triage.assess(**answers).to_dict()
                results[key].pop("warning_signs")  # the card does not show them; the site's data leaves them out
                cases.append(_case("triage_result", {"answers": answers}, {"key": key, "result": results[key]}))
    for cause, place in product(triage.ALLOWED["causes"], triage.ALLOWED["where"]):
        try:
            triage.check_answers({"where": place, "causes": [cause]})
            offered = True
        except triage.TriageInputError:
            offered = False
        cases.append(_case("cause_offered", {"cause": cause, "place": place}, offered))
    return cases


# ----------------------------------------------------------------- the LMS: suspend_data, score, status

LMS_TABLE = suspend.question_table(BANK)


def _lms_record(rng: random.Random, entry: dict) -> dict:
    """A record of a question of the table, as a page saves it (valid), at a random time."""
    result = rng.choice(RESULTS)
    answer = [] if result == "unanswered" else rng.sample(entry["choices"], rng.randrange(0, len(entry["choices"]) + 1))
    record = {"quiz": entry["quiz"], "answer": answer, "result": result, "confidence": rng.choice(schedule.CONFIDENCES),
              "first": {"result": rng.choice(schedule.RESULTS), "confidence": rng.choice(schedule.CONFIDENCES)},
              "box": rng.randrange(0, 5), "due": rng.choice([None, random_date(rng)]),
              "time": rng.choice([random_time(rng), random_time(rng, few=True)]), "hash": entry["hash"]}
    if result == "incorrect" and rng.random() < 0.5:
        record["miss"] = rng.choice(["under", "over"])
    return record


#: Ways a stored record can be one the encoding cannot hold.
_BROKEN = [
    lambda r: {**r, "answer": [*r["answer"], "no-such-choice"]}, lambda r: {**r, "box": 5}, lambda r: {**r, "box": "1"},
    lambda r: {**r, "box": 2.5}, lambda r: {**r, "time": "2026-02-30T10:00:00.000Z"},
    lambda r: {**r, "time": "1969-12-31T23:59:59.999Z"}, lambda r: {**r, "time": "2026-01-01"},
    lambda r: {**r, "due": "2026-13-01"}, lambda r: {**r, "due": 20260101}, lambda r: {**r, "hash": "0" * 16},
    lambda r: {**r, "result": "great"}, lambda r: {**r, "confidence": None}, lambda r: {**r, "miss": "far"},
    lambda r: {k: v for k, v in r.items() if k != "first"}, lambda r: {**r, "first": {"result": "unanswered",
                                                                                     "confidence": "none"}},
    lambda r: {**r, "answer": "a"}, lambda r: {**r, "answer": ["a"] * 21}, lambda r: [],
    lambda r: {**r, "due": "2700-01-01"},
]


def suspend_cases(rng: random.Random) -> list[dict]:
    """Encoding records (valid, unwritable, overflowing a small limit), decoding texts (the encoded ones,
    and damaged, newer, shuffled ones), the score and the status."""
    cases, texts = [], ["", "1", "2abc", "9", "x1", "10", "1" + "0" * 17, "1" + "0" * 18 + "!"]
    for n in range(400):
        chosen = rng.sample(LMS_TABLE, rng.choice([0, 1, 3, 10, 40, len(LMS_TABLE)]))
        records = {entry["id"]: _lms_record(rng, entry) for entry in chosen}
        for qid in rng.sample(sorted(records), min(len(records), rng.choice([0, 0, 1, 3]))):
            records[qid] = rng.choice(_BROKEN)(records[qid])
        if rng.random() < 0.1:
            records["gone-question"] = _lms_record(rng, LMS_TABLE[0])
        best = {qid: rng.choice([0, 0.5, 1]) for qid in records if rng.random() < 0.6}
        limit = rng.choice([suspend.LIMIT, suspend.LIMIT, rng.randrange(1, 800)])
        want = suspend.encode(records, best, LMS_TABLE, limit)
        cases.append(_case("suspend_encode", {"records": records, "best": best, "limit": limit}, want))
        texts.append(want["text"])
    damaged = []
    for text in texts[8:80]:
        if len(text) > 2:
            at = rng.randrange(1, len(text))
            damaged += [text[:at], text[:at] + rng.choice("!~ é") + text[at + 1:], "2" + text[1:],
                        text[:at] + rng.choice(suspend.ALPHABET) + text[at + 1:]]
    for text in texts + damaged:
        cases.append(_case("suspend_decode", {"text": text}, suspend.decode(text, LMS_TABLE)))
    for _ in range(200):
        best = {entry["id"]: rng.choice([0, 0.5, 1]) for entry in rng.sample(LMS_TABLE, rng.randrange(0, len(LMS_TABLE)))}
        if rng.random() < 0.2:
            best["gone-question"] = 1
        cases.append(_case("lms_score", {"best": best}, suspend.lms_score(best, LMS_TABLE)))
    for _ in range(200):
        record = {"result": rng.choice(RESULTS), "first": {"result": rng.choice(schedule.RESULTS)}}
        best = rng.choice([None, 0, 0.5, 1])
        cases.append(_case("best_after", {"best": best, "record": record}, suspend.best_after(best, record)))
    for case in done_cases(rng)[:150]:
        records = case["args"]["records"]
        cases.append(_case("lms_status", {"records": records}, suspend.lms_status(BANK, records)))
    cases.append(_case("lms_status", {"records": {e["id"]: {"result": "correct"} for e in LMS_TABLE}}, "completed"))
    return cases


# ----------------------------------------------------------------- all


def all_cases() -> list[dict]:
    rng = random.Random(SEED)
    cases = (grade_cases() + upgrade_record_cases(rng) + read_stored_cases(rng) + schedule_cases(rng)
             + merge_cases(rng) + drop_stale_cases(rng) + file_cases(rng) + done_cases(rng) + count_cases(rng)
             + triage_cases() + suspend_cases(rng))
    return _json(cases)
