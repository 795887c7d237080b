"""The progress file: question hash, published schema, checks and merge rules."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

import jsonschema
import pytest
from progress_files import level_question, progress_file, record
from sitebuild import ROOT

from spasm_course.content import Choice, default_bank
from spasm_course.engines.progress import (FORMAT_VERSION, RESULT_SCORES, SCHEMA_KEYWORDS, SCHEMA_PATH,
                                           ProgressFileError, bank_hashes, check_progress, course_id_from_config,
                                           drop_stale, merge, question_hash, schema, score, upgrade_record,
                                           upgrade_records)

BANK = default_bank()
COURSE = course_id_from_config(ROOT / "_config.yml")
QUIZ = next(q for q in BANK.quizzes if any(x.type == "single" for x in q.questions))
SINGLE = next(x for x in QUIZ.questions if x.type == "single")


# ----------------------------------------------------------------- hash


_HASHES = ("import json; from spasm_course.content import default_bank; from spasm_course.engines.progress import "
           "bank_hashes; print(json.dumps(bank_hashes(default_bank()), sort_keys=True))")


@pytest.mark.slow  # runs Python in a subprocess
def test_hash_is_the_same_in_other_processes_with_other_hash_seeds():
    here = bank_hashes(BANK)
    assert len(set(here.values())) == len(here)  # one hash per question
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", _HASHES], env=env, capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout
        assert json.loads(out) == here


def test_hash_changes_with_any_edit_to_prompt_choices_or_key():
    base = question_hash(SINGLE)
    assert len(base) == 16 and int(base, 16) >= 0
    edits = [SINGLE.model_copy(update={"prompt": SINGLE.prompt + " "}),  # trailing space is not an edit
             SINGLE.model_copy(update={"explanation": SINGLE.explanation + " More."})]
    assert {question_hash(q) for q in edits} == {base}  # what the learner chose from is unchanged
    wrong = next(c.id for c in SINGLE.choices if c.id not in SINGLE.correct)
    changed = [
        SINGLE.model_copy(update={"prompt": SINGLE.prompt + " Really?"}),
        SINGLE.model_copy(update={"choices": [Choice(id=c.id, text=c.text + "!" if c.id == wrong else c.text,
                                                     feedback=c.feedback) for c in SINGLE.choices]}),
        SINGLE.model_copy(update={"choices": SINGLE.choices + [Choice(id="zz-new", text="Another one",
                                                                      feedback="No.")]}),
        SINGLE.model_copy(update={"correct": [wrong]}),
    ]
    hashes = [question_hash(q) for q in changed]
    assert base not in hashes and len(set(hashes)) == len(hashes)
    true_false = next(q for q in BANK.questions() if q.type == "true_false")
    flipped = true_false.model_copy(update={"correct": ["false" if true_false.correct == ["true"] else "true"]})
    assert question_hash(flipped) != question_hash(true_false)


# ----------------------------------------------------------------- schema


def _keywords(node, found: set) -> set:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties",):
                for sub in value.values():
                    _keywords(sub, found)
            elif key not in ("enum", "const", "required", "description", "title"):
                _keywords(value, found)
    elif isinstance(node, list):
        for item in node:
            _keywords(item, found)
    return found


def test_schema_is_valid_and_uses_only_what_the_website_checker_knows():
    jsonschema.Draft202012Validator.check_schema(schema())
    assert SCHEMA_PATH.is_file() and SCHEMA_PATH.parent.name == "schema"
    assert _keywords(schema(), set()) <= SCHEMA_KEYWORDS


def _good() -> dict:
    other = QUIZ.questions[1]
    return progress_file({SINGLE.id: record(SINGLE, QUIZ.id, "correct", confidence="sure"),
                          other.id: record(other, QUIZ.id, "incorrect", box=1, due="2026-03-01")},
                         learner="Ana")


def test_a_good_file_passes_python_and_the_schema():
    data = _good()
    jsonschema.validate(data, schema())
    assert check_progress(data, COURSE) is data
    assert COURSE == "muscle-spasms-course"


def _broken(change) -> dict:
    data = copy.deepcopy(_good())
    change(data)
    return data


MALFORMED = {
    "not an object": lambda d: d.clear() or d.update({"format": ["x"]}),
    "no questions": lambda d: d.pop("questions"),
    "unknown top key": lambda d: d.update({"extra": 1}),
    "bad result": lambda d: d["questions"][SINGLE.id].update({"result": "great"}),
    "box 5": lambda d: d["questions"][SINGLE.id].update({"box": 5}),
    "bad time": lambda d: d["questions"][SINGLE.id].update({"time": "yesterday"}),
    "bad due": lambda d: d["questions"][SINGLE.id].update({"due": "1/2/2026"}),
    "bad hash": lambda d: d["questions"][SINGLE.id].update({"hash": "XYZ"}),
    "missing confidence": lambda d: d["questions"][SINGLE.id].pop("confidence"),
    "bad question id": lambda d: d["questions"].update({"Bad Id": d["questions"][SINGLE.id]}),
    "version as text": lambda d: d.update({"format_version": "1"}),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_malformed_files_are_refused_as_malformed(name):
    data = _broken(MALFORMED[name])
    with pytest.raises(ProgressFileError) as caught:
        check_progress(data, COURSE)
    assert caught.value.reason == "malformed", str(caught.value)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())


def test_newer_format_and_other_course_are_refused_with_their_reason():
    assert FORMAT_VERSION == 2  # version 2 added the result "safe"
    for version in (3, 99):
        with pytest.raises(ProgressFileError, match=f"format version {version} is newer") as caught:
            check_progress(_broken(lambda d: d.update({"format_version": version})), COURSE)
        assert caught.value.reason == "newer"
    with pytest.raises(ProgressFileError, match="another course") as caught:
        check_progress(_broken(lambda d: d.update({"course": "cooking-101"})), COURSE)
    assert caught.value.reason == "foreign"


def test_a_version_1_file_still_loads_and_version_2_may_hold_safe():
    old = _broken(lambda d: d.update({"format_version": 1}))
    assert check_progress(old, COURSE) is old
    watch, quiz_id = level_question(BANK, "watch")
    appointment = _level_choice(watch, "appointment")
    safe = progress_file({watch.id: record(watch, quiz_id, "safe", answer=[appointment],
                                           first={"result": "safe", "confidence": "sure"}, box=1,
                                           due="2026-03-02")})
    assert safe["format_version"] == 2 and check_progress(safe, COURSE) is safe
    jsonschema.validate(safe, schema())
    # A safe record has no "miss": that is for wrong care levels (under, over).
    with pytest.raises(ProgressFileError) as caught:
        check_progress(_broken(lambda d: d["questions"][SINGLE.id].update({"miss": "safe"})), COURSE)
    assert caught.value.reason == "malformed"


# ----------------------------------------------------------------- records


def test_stale_records_are_dropped_and_merge_keeps_every_question_newest_first():
    hashes = bank_hashes(BANK)
    a, b, c = QUIZ.questions[:3]
    stale = {**record(a, QUIZ.id, "correct"), "hash": "0" * 16}
    kept, dropped = drop_stale({a.id: stale, b.id: record(b, QUIZ.id), "gone-question": record(c, QUIZ.id)},
                               hashes)
    assert list(kept) == [b.id] and sorted(dropped) == sorted([a.id, "gone-question"])

    old = record(a, QUIZ.id, "incorrect", time="2026-03-01T10:00:00.000Z")
    new = record(a, QUIZ.id, "correct", time="2026-03-02T09:00:00.000Z")
    browser = {a.id: old, b.id: record(b, QUIZ.id, "correct", time="2026-03-05T10:00:00.000Z")}
    loaded = {a.id: new, b.id: record(b, QUIZ.id, "incorrect", time="2026-03-04T10:00:00.000Z"),
              c.id: record(c, QUIZ.id, "revealed")}
    merged = merge(browser, loaded)
    assert merged == {a.id: new, b.id: browser[b.id], c.id: loaded[c.id]}
    tie = {a.id: {**old, "result": "revealed"}}
    assert merge({a.id: old}, tie)[a.id] is old  # a tie keeps what is there


def test_done_a_quiz_when_every_question_is_right_and_a_chapter_when_every_quiz_is():
    from spasm_course.engines.progress import chapters_done, done_rule, quiz_done

    chapter = next(ch for ch in sorted({q.chapter for q in BANK.quizzes})
                   if sum(q.chapter == ch for q in BANK.quizzes) > 1)
    first, second = [q for q in BANK.quizzes if q.chapter == chapter][:2]
    right = {q.id: {"result": "correct"} for q in first.questions}
    assert quiz_done(first, right) and not quiz_done(second, right)
    assert chapter not in chapters_done(BANK, right)
    revealed = {**right, first.questions[0].id: {"result": "revealed"}}
    assert not quiz_done(first, revealed), '"Show answer" does not count as done'
    both = {**right, **{q.id: {"result": "correct"} for q in second.questions}}
    assert chapter in chapters_done(BANK, both)
    safe = {**right, first.questions[0].id: {"result": "safe"}}
    assert not quiz_done(first, safe), "a safe answer is not the rule's: the question is not done"
    # What the progress page gets: the same rule as data.
    rule = done_rule(BANK)
    assert rule["results"] == ["correct"]
    assert rule["chapter_quizzes"][str(chapter)] == [q.id for q in BANK.quizzes if q.chapter == chapter]


def test_the_progress_schema_uses_the_content_id_patterns():
    from spasm_course.content import CHOICE_ID_PATTERN, ID_PATTERN

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    questions = schema["properties"]["questions"]
    record = questions["additionalProperties"]["properties"]
    assert questions["propertyNames"]["pattern"] == ID_PATTERN
    assert record["quiz"]["pattern"] == ID_PATTERN
    assert record["answer"]["items"]["pattern"] == CHOICE_ID_PATTERN


# ----------------------------------------------------------------- safe: the record upgrade and the score




def _level_choice(question, level: str) -> str:
    return next(c.id for c in question.choices if question.level_of(c.id) == level)


def test_an_old_incorrect_cautious_answer_is_upgraded_to_safe():
    watch, quiz_id = level_question(BANK, "watch")
    old = record(watch, quiz_id, "incorrect", confidence="sure", answer=[_level_choice(watch, "appointment")],
                 miss="over", box=1, due="2026-03-02")
    before = copy.deepcopy(old)
    new = upgrade_record(old, watch)
    assert new["result"] == "safe" and "miss" not in new
    assert {k: v for k, v in new.items() if k not in ("result", "miss")} == \
        {k: v for k, v in old.items() if k not in ("result", "miss")}  # answer, box, due, time, hash, first kept
    assert old == before, "the record passed in is not changed"
    jsonschema.validate(progress_file({watch.id: new}), schema())
    # The same for a single question whose choices are tagged with a level.
    single, single_quiz = level_question(BANK, "self_care", "single")
    for level in ("watch", "appointment"):
        rec = record(single, single_quiz, "incorrect", answer=[_level_choice(single, level)])
        assert upgrade_record(rec, single)["result"] == "safe", level


def test_other_records_are_not_upgraded():
    watch, quiz_id = level_question(BANK, "watch")
    twitch, twitch_quiz = level_question(BANK, "not_a_spasm")
    under = record(watch, quiz_id, "incorrect", answer=[_level_choice(watch, "self_care")], miss="under")
    spasm_care_for_a_twitch = record(twitch, twitch_quiz, "incorrect",
                                     answer=[_level_choice(twitch, "self_care")], miss="over")
    right = record(watch, quiz_id, "correct")
    revealed = record(watch, quiz_id, "revealed")
    tried_again = {**record(watch, quiz_id, "unanswered"), "answer": []}
    gone_choice = record(watch, quiz_id, "incorrect", answer=["no-such-choice"])
    for rec, question in [(under, watch), (spasm_care_for_a_twitch, twitch), (right, watch), (revealed, watch),
                          (tried_again, watch), (gone_choice, watch)]:
        assert upgrade_record(rec, question) is rec, rec
    # A choice that states a reading of the rule has no level: it stays wrong.
    reading = [(q, c.id) for q in BANK.questions() if q.type == "single" and q.has_levels
               for c in q.choices if c.level is None and c.id not in q.correct]
    assert reading
    for question, choice_id in reading:
        rec = record(question, QUIZ.id, "incorrect", answer=[choice_id])
        assert upgrade_record(rec, question) is rec, (question.id, choice_id)
    # A question with no level choices is never upgraded.
    wrong = next(c.id for c in SINGLE.choices if c.id not in SINGLE.correct)
    plain = record(SINGLE, QUIZ.id, "incorrect", answer=[wrong])
    assert upgrade_record(plain, SINGLE) is plain


def test_upgrade_records_leaves_an_unknown_question_alone_and_score_counts_safe_half():
    watch, quiz_id = level_question(BANK, "watch")
    a, b = QUIZ.questions[:2]
    cautious = record(watch, quiz_id, "incorrect", answer=[_level_choice(watch, "appointment")], miss="over")
    unknown = record(a, QUIZ.id, "incorrect")
    records = {watch.id: cautious, a.id: record(a, QUIZ.id, "correct"), b.id: record(b, QUIZ.id, "revealed"),
               "gone-question": unknown}
    upgraded = upgrade_records(records, BANK)
    assert [r["result"] for r in upgraded.values()] == ["safe", "correct", "revealed", "incorrect"]
    assert upgraded["gone-question"] is unknown and records[watch.id] is cautious
    assert RESULT_SCORES == {"correct": 1.0, "safe": 0.5}
    assert score(upgraded) == 1.5 and score(records) == 1.0 and score({}) == 0


# ----------------------------------------------------------------- found by the parity test (tests/browser/test_parity.py)


def test_a_file_is_read_as_json_and_a_browser_read_it():
    good = progress_file({SINGLE.id: record(SINGLE, QUIZ.id)}, course=COURSE)
    # 3.0 is the integer 3 in JSON: a newer version, not a file of an unknown shape.
    with pytest.raises(ProgressFileError) as caught:
        check_progress({**good, "format_version": float(FORMAT_VERSION + 1)}, COURSE)
    assert caught.value.reason == "newer"
    # A pattern's "$" ends the text (ECMA-262): a hash, time or id with a newline after it is malformed.
    for broken in ({**good, "saved": "2026-03-01T10:00:00.000Z\n"},
                   {**good, "questions": {SINGLE.id: {**record(SINGLE, QUIZ.id), "hash": question_hash(SINGLE) + "\n"}}},
                   {**good, "questions": {SINGLE.id + "\n": record(SINGLE, QUIZ.id)}}):
        with pytest.raises(ProgressFileError) as caught:
            check_progress(broken, COURSE)
        assert caught.value.reason == "malformed"
    # Lengths count characters (code points), not UTF-16 units: 200 emoji are a name of 200.
    assert check_progress({**good, "learner": "\U0001F600" * 200}, COURSE)
    with pytest.raises(ProgressFileError):
        check_progress({**good, "learner": "\U0001F600" * 201}, COURSE)


def test_a_record_of_an_unknown_question_is_dropped_even_without_a_hash():
    kept, dropped = drop_stale({"gone-question": {"result": "correct"}}, bank_hashes(BANK))
    assert kept == {} and dropped == ["gone-question"]


def test_only_a_list_answer_is_upgraded_and_a_choice_given_twice_counts_once():
    question, quiz_id = level_question(BANK, "self_care")
    safe = next(c.id for c in question.choices if upgrade_record(
        record(question, quiz_id, "incorrect", answer=[c.id]), question)["result"] == "safe")
    twice = record(question, quiz_id, "incorrect", answer=[safe, safe])
    assert upgrade_record(twice, question)["result"] == "safe"
    as_text = {**record(question, quiz_id, "incorrect"), "answer": safe}
    assert upgrade_record(as_text, question) is as_text


def test_counts_are_the_report_and_progress_page_columns():
    from spasm_course.engines.progress import counts

    records = {"a": {"result": "correct", "confidence": "sure"},
               "b": {"result": "incorrect", "confidence": "sure", "miss": "under"},
               "c": {"result": "safe", "confidence": "sure"},
               "d": {"result": "incorrect", "confidence": "none", "miss": "over"},
               "e": {"result": "unanswered", "confidence": "none"},
               "f": {"result": "revealed", "confidence": "sure"}}
    assert counts(records) == {"answered": 5, "correct": 1, "safe": 1, "sure_wrong": 1, "under_triage": 1}
    assert counts({}) == {"answered": 0, "correct": 0, "safe": 0, "sure_wrong": 0, "under_triage": 0}


def test_what_a_browser_stored_is_read_as_the_site_reads_it():
    from datetime import date

    from spasm_course.engines.progress import RECORD_VERSION, read_stored

    day, time = date(2026, 3, 1), "2026-03-01T12:00:00.000Z"
    a, b = QUIZ.questions[:2]
    ours = {"version": RECORD_VERSION, "quiz": QUIZ.id, "questions": {
        a.id: record(a, QUIZ.id), b.id: {**record(b, QUIZ.id), "hash": "0" * 16},
        "gone-question": {"result": "correct"}, SINGLE.id + "-x": "odd"}}
    state = read_stored(ours, QUIZ, today=day, time=time)
    assert state["records"] == {a.id: ours["questions"][a.id]}  # the edited question's record is dropped
    assert state["keep"] == {"gone-question": {"result": "correct"}, SINGLE.id + "-x": "odd"}
    assert state["changed"] and not state["read_only"]
    for foreign in ({**ours, "version": RECORD_VERSION + 1}, {**ours, "quiz": "another"}, [], "x"):
        assert read_stored(foreign, QUIZ, today=day, time=time)["read_only"]
    old = {"version": 1, "quiz": QUIZ.id, "questions": {a.id: {"selected": list(a.correct), "state": "correct"}}}
    upgraded = read_stored(old, QUIZ, today=day, time=time)["records"][a.id]
    assert upgraded["result"] == "correct" and upgraded["box"] == 1 and upgraded["due"] == "2026-03-01"
    assert upgraded["time"] == time and upgraded["hash"] == question_hash(a)
