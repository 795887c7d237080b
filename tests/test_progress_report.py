"""``python -m spasm_course progress-report``: good, bad and mixed sets of files."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import subprocess
import sys

import pytest
from progress_files import level_question, progress_file, record
from sitebuild import ROOT

from spasm_course.__main__ import main
from spasm_course.content import default_bank
from spasm_course.engines.progress import FORMAT_VERSION
from spasm_course.frontends.progress_report import LEARNER_FILE, QUESTION_FILE

BANK = default_bank()
QUIZ = BANK.quizzes[0]
Q1, Q2, Q3 = QUIZ.questions[:3]


def run(*args, cwd=ROOT, subprocess_run=False):
    """The command in this process (fast), or as the README runs it (``subprocess_run``)."""
    argv = ["progress-report", *map(str, args)]
    if subprocess_run:
        return subprocess.run([sys.executable, "-m", "spasm_course", *argv],
                              capture_output=True, text=True, cwd=cwd, env={"PYTHONPATH": str(ROOT), "PATH": ""})
    err, here = io.StringIO(), os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(argv, code, "", err.getvalue())


def write(path, data):
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _files(tmp_path):
    ana = write(tmp_path / "ana.json", progress_file({
        Q1.id: record(Q1, QUIZ.id, "correct", confidence="sure"),
        Q2.id: record(Q2, QUIZ.id, "incorrect", confidence="sure", box=1, due="2026-03-01"),
    }, learner="Ana"))
    ben = write(tmp_path / "ben.json", progress_file({
        Q1.id: record(Q1, QUIZ.id, "correct", first={"result": "incorrect", "confidence": "sure"}),
        Q2.id: record(Q2, QUIZ.id, "correct", confidence="not_sure", box=1, due="2026-03-01"),
        Q3.id: record(Q3, QUIZ.id, "revealed", box=1, due="2026-03-01"),
    }))
    return ana, ben


@pytest.mark.slow  # runs Python in a subprocess
def test_good_files_give_both_tables(tmp_path):
    ana, ben = _files(tmp_path)
    out = tmp_path / "out"
    result = run(ana, ben, "--out", out, subprocess_run=True)
    assert result.returncode == 0, result.stderr
    learners = rows(out / LEARNER_FILE)
    assert [r["learner"] for r in learners] == ["Ana", ""]
    first = QUIZ.chapter
    total = sum(len(q.questions) for q in BANK.quizzes if q.chapter == first)
    assert learners[0][f"ch{first}_total"] == str(total)
    assert (learners[0][f"ch{first}_answered"], learners[0][f"ch{first}_correct"]) == ("2", "1")
    assert (learners[1][f"ch{first}_answered"], learners[1][f"ch{first}_correct"]) == ("3", "2")
    assert [r["sure_but_wrong"] for r in learners] == ["1", "0"]
    assert [r["under_triage"] for r in learners] == ["0", "0"]
    assert [(r["safe"], r["score"]) for r in learners] == [("0", "1"), ("0", "2")]
    assert learners[0]["ch6_answered"] == "0"

    questions = {r["question"]: r for r in rows(out / QUESTION_FILE)}
    assert len(questions) == len(BANK.questions())
    assert (questions[Q1.id]["learners"], questions[Q1.id]["first_try_correct_rate"],
            questions[Q1.id]["sure_but_wrong_rate"]) == ("2", "0.50", "0.50")
    assert (questions[Q2.id]["first_try_correct_rate"], questions[Q2.id]["sure_but_wrong_rate"]) == ("0.50", "0.50")
    assert (questions[Q3.id]["learners"], questions[Q3.id]["first_try_correct_rate"]) == ("1", "0.00")
    untouched = BANK.quizzes[-1].questions[0].id
    assert (questions[untouched]["learners"], questions[untouched]["first_try_correct_rate"]) == ("0", "")


def test_bad_files_alone_exit_2_naming_each_with_its_reason(tmp_path):
    bad = [write(tmp_path / "broken.json", "{not json"),
           write(tmp_path / "other.json", progress_file({}, course="cooking-101")),
           write(tmp_path / "future.json", progress_file({}, version=99)),
           tmp_path / "missing.json"]
    out = tmp_path / "out"
    result = run(*bad, "--out", out)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    for path, reason in zip(bad, ("malformed", "foreign", "newer", "malformed")):
        assert any(line.startswith(f"skipped {path}: {reason}:") for line in lines), (path, result.stderr)
    assert not out.exists()


def test_a_mixed_set_skips_the_bad_and_drops_changed_questions(tmp_path):
    ana, ben = _files(tmp_path)
    changed = record(Q1, QUIZ.id, "correct", confidence="sure")
    changed["hash"] = "0123456789abcdef"  # the question was edited after this answer
    cara = write(tmp_path / "cara.json", progress_file({Q1.id: changed}, learner="Cara"))
    broken = write(tmp_path / "broken.json", json.dumps({"format": "spasm-course-progress", "format_version": 1,
                                                          "course": "muscle-spasms-course", "questions": []}))
    out = tmp_path / "out"
    result = run(ana, broken, ben, cara, "--out", out)
    assert result.returncode == 0
    assert f"skipped {broken}: malformed:" in result.stderr
    assert f"{cara}: 1 answer(s) dropped" in result.stderr and Q1.id in result.stderr
    learners = rows(out / LEARNER_FILE)
    assert [r["file"] for r in learners] == ["ana.json", "ben.json", "cara.json"]
    assert (learners[2]["correct"], learners[2]["dropped_changed"]) == ("0", "1")
    assert {r["question"]: r["learners"] for r in rows(out / QUESTION_FILE)}[Q1.id] == "2"


def test_the_course_id_comes_from_the_book_config_or_the_option(tmp_path):
    ana, _ = _files(tmp_path)
    result = run(ana, "--out", tmp_path / "o1", "--course", "another-course")
    assert result.returncode == 2 and "foreign" in result.stderr
    (tmp_path / "_config.yml").write_text("sphinx:\n  config:\n    spasm_course_id: another-course\n")
    result = run(ana, "--out", tmp_path / "o2", cwd=tmp_path)
    assert result.returncode == 2 and "another-course" in result.stderr


# ----------------------------------------------------------------- safe (a more careful care level)




WATCH, WATCH_QUIZ = level_question(BANK, "watch")
TWITCH, TWITCH_QUIZ = level_question(BANK, "not_a_spasm")
SELF_CARE, SELF_CARE_QUIZ = level_question(BANK, "self_care", "single")
APPOINTMENT, APPOINTMENT_QUIZ = level_question(BANK, "appointment")


def _choice(question, level):
    return next(c for c in question.choices if question.level_of(c.id) == level).id


def test_safe_has_its_own_column_scores_half_and_is_never_sure_but_wrong(tmp_path):
    safe = record(WATCH, WATCH_QUIZ, "safe", confidence="sure", answer=[_choice(WATCH, "appointment")],
                  first={"result": "safe", "confidence": "sure"}, box=1, due="2026-03-02")
    twitch_self_care = record(TWITCH, TWITCH_QUIZ, "incorrect", confidence="sure",
                              answer=[_choice(TWITCH, "self_care")], miss="over", box=1, due="2026-03-02")
    dee = write(tmp_path / "dee.json", progress_file({
        WATCH.id: safe, TWITCH.id: twitch_self_care,
        Q1.id: record(Q1, QUIZ.id, "correct"),
        SELF_CARE.id: record(SELF_CARE, SELF_CARE_QUIZ, "safe", answer=[_choice(SELF_CARE, "watch")]),
    }, learner="Dee"))
    eve = write(tmp_path / "eve.json", progress_file({
        WATCH.id: record(WATCH, WATCH_QUIZ, "incorrect", confidence="sure", answer=[_choice(WATCH, "self_care")],
                         miss="under", box=1, due="2026-03-02"),
    }))
    out = tmp_path / "out"
    assert run(dee, eve, "--out", out).returncode == 0
    first, second = rows(out / LEARNER_FILE)
    # Dee: one right (1) and two safe (0.5 each); the twitch answered self-care stays wrong.
    assert (first["answered"], first["correct"], first["safe"], first["score"]) == ("4", "1", "2", "2")
    assert (first["sure_but_wrong"], first["under_triage"]) == ("1", "0")  # the twitch, not the safe one
    # Eve: under-triage stays flagged, and is "sure but wrong".
    assert (second["safe"], second["score"], second["sure_but_wrong"], second["under_triage"]) == ("0", "0", "1", "1")

    questions = {r["question"]: r for r in rows(out / QUESTION_FILE)}
    watch = questions[WATCH.id]
    assert (watch["learners"], watch["first_try_correct_rate"], watch["first_try_safe_rate"],
            watch["sure_but_wrong_rate"]) == ("2", "0.00", "0.50", "0.50")
    assert questions[TWITCH.id]["first_try_safe_rate"] == "0.00"
    assert questions[Q2.id]["first_try_safe_rate"] == ""  # nobody answered it


def test_a_version_1_file_loads_and_its_cautious_wrong_answer_counts_as_safe(tmp_path):
    assert FORMAT_VERSION == 2
    # Saved before "safe" existed: "Make an appointment" for a watch case was
    # "incorrect" (miss "over"); the current rule grades it safe.
    old = record(WATCH, WATCH_QUIZ, "incorrect", confidence="sure", answer=[_choice(WATCH, "appointment")],
                 miss="over", box=1, due="2026-03-02")
    still_wrong = record(TWITCH, TWITCH_QUIZ, "incorrect", confidence="sure",
                         answer=[_choice(TWITCH, "watch")], miss="over", box=1, due="2026-03-02")
    under = record(APPOINTMENT, APPOINTMENT_QUIZ, "incorrect", answer=[_choice(APPOINTMENT, "watch")],
                   miss="under", box=1, due="2026-03-02")
    fay = write(tmp_path / "fay.json", progress_file({
        WATCH.id: old, TWITCH.id: still_wrong, APPOINTMENT.id: under, Q1.id: record(Q1, QUIZ.id, "correct"),
    }, learner="Fay", version=1))
    out = tmp_path / "out"
    result = run(fay, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "skipped" not in result.stderr and "dropped" not in result.stderr
    (fay_row,) = rows(out / LEARNER_FILE)
    assert (fay_row["answered"], fay_row["correct"], fay_row["safe"], fay_row["score"]) == ("4", "1", "1", "1.5")
    # The twitch answered "watch" is still wrong although sure; under-triage stays flagged.
    assert (fay_row["sure_but_wrong"], fay_row["under_triage"]) == ("1", "1")


def test_a_file_of_the_next_format_version_is_refused_as_newer(tmp_path):
    future = write(tmp_path / "future.json", progress_file({Q1.id: record(Q1, QUIZ.id, "correct")}, version=3))
    ana, _ = _files(tmp_path)
    out = tmp_path / "out"
    result = run(future, ana, "--out", out)
    assert result.returncode == 0
    assert f"skipped {future}: newer: format version 3 is newer than this course knows (2)" in result.stderr
    assert [r["file"] for r in rows(out / LEARNER_FILE)] == ["ana.json"]
