"""``python -m spasm_course progress-report FILE... --out DIR``: two CSV tables for instructors.

From learners' progress files ("Download my progress" on the website):

* ``progress-by-learner.csv``: one row per file: the learner's name (if they
  typed one), per chapter how many questions are answered and correct, how
  many latest answers are ``safe`` (a more careful care level than the rule),
  the ``score`` (:func:`spasm_course.engines.progress.score`: right 1, safe 0.5), the
  number of questions whose latest answer was wrong although marked "sure",
  and the number of triage questions whose latest answer gave less care than
  the course's rule (under-triage).  A safe answer is never "sure but wrong"
  and never under-triage.
* ``progress-by-question.csv``: one row per question of the bank: how many
  learners answered it, the share right on the first try, the share safe on
  the first try, and the share wrong on the first try although marked "sure"
  (an item-difficulty table).

These files are self-reported by learners, not proof of work.  A bad file is
named on stderr with its reason and skipped; a record whose question changed
since (its hash differs) is dropped and never counted.  The records left are
read by the current rules (:func:`spasm_course.engines.progress.upgrade_records`), so
an older file's ``incorrect`` answer that is now ``safe`` counts as safe.  A
first try keeps no answer, so an older file's first try stays as it was saved.
The exit status is 2 only when no file could be read.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from spasm_course.content import Bank, ContentError, load_course_bank
from spasm_course.engines.progress import (DEFAULT_COURSE_ID, ProgressFileError, bank_hashes, counts,
                                           course_id_from_config, drop_stale, read_progress_file, score,
                                           upgrade_records)

LEARNER_FILE = "progress-by-learner.csv"
QUESTION_FILE = "progress-by-question.csv"


def _rate(count: int, total: int) -> str:
    return f"{count / total:.2f}" if total else ""


def _number(value: float) -> str:
    """A score as a spreadsheet reads it: ``12``, ``12.5``."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def learner_rows(bank: Bank, files: list[tuple[str, dict, list[str]]]) -> tuple[list[str], list[list]]:
    chapters = sorted({quiz.chapter for quiz in bank.quizzes})
    totals = {ch: sum(len(q.questions) for q in bank.quizzes if q.chapter == ch) for ch in chapters}
    chapter_of = {question.id: question.chapter for question in bank.questions()}
    header = ["file", "learner"]
    for ch in chapters:
        header += [f"ch{ch}_total", f"ch{ch}_answered", f"ch{ch}_correct"]
    header += ["answered", "correct", "safe", "score", "sure_but_wrong", "under_triage", "dropped_changed"]
    rows = []
    for name, data, dropped in files:
        records = data["questions"]
        # progress.counts: the same counts the progress page shows (answered, correct, safe, ...).
        by_chapter = {ch: counts({qid: r for qid, r in records.items() if chapter_of[qid] == ch}) for ch in chapters}
        total = counts(records)
        row = [name, data.get("learner", "")]
        for ch in chapters:
            row += [totals[ch], by_chapter[ch]["answered"], by_chapter[ch]["correct"]]
        row += [total["answered"], total["correct"], total["safe"], _number(score(records)), total["sure_wrong"],
                total["under_triage"], len(dropped)]
        rows.append(row)
    return header, rows


def question_rows(bank: Bank, files: list[tuple[str, dict, list[str]]]) -> tuple[list[str], list[list]]:
    header = ["question", "quiz", "chapter", "type", "learners", "first_try_correct_rate", "first_try_safe_rate",
              "sure_but_wrong_rate"]
    rows = []
    for quiz in bank.quizzes:
        for question in quiz.questions:
            firsts = [data["questions"][question.id]["first"] for _, data, _ in files
                      if question.id in data["questions"]]
            n = len(firsts)
            first = counts(dict(enumerate(firsts)))  # first tries: right, safe, wrong although sure
            rows.append([question.id, quiz.id, quiz.chapter, question.type, n, _rate(first["correct"], n),
                         _rate(first["safe"], n), _rate(first["sure_wrong"], n)])
    return header, rows


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def report(bank: Bank, paths: list[Path], out_dir: Path, course_id: str, err=None) -> int:
    """Write both CSV files; returns the exit status (2 when no file could be read)."""
    err = err or sys.stderr
    hashes = bank_hashes(bank)
    good = []
    for path in paths:
        try:
            data = read_progress_file(path, course_id)
        except ProgressFileError as exc:
            print(f"skipped {path}: {exc.reason}: {exc}", file=err)
            continue
        kept, dropped = drop_stale(data["questions"], hashes)
        kept = upgrade_records(kept, bank)  # an old "incorrect" that the rule now grades "safe" is safe
        if dropped:
            print(f"{path}: {len(dropped)} answer(s) dropped, their question changed or is gone: "
                  f"{', '.join(sorted(dropped))}", file=err)
        good.append((Path(path).name, {**data, "questions": kept}, dropped))
    if not good:
        print("error: no progress file could be read; nothing written", file=err)
        return 2
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(out_dir / LEARNER_FILE, *learner_rows(bank, good))
    _write(out_dir / QUESTION_FILE, *question_rows(bank, good))
    print(f"read {len(good)} of {len(paths)} file(s); wrote {out_dir / LEARNER_FILE} and "
          f"{out_dir / QUESTION_FILE}", file=err)
    return 0


COMMAND = dict(
    name="progress-report", help="summarise learners' progress files in two CSV tables",
    description=f"Read progress files saved with 'Download my progress' and write {LEARNER_FILE} (one row "
                f"per learner) and {QUESTION_FILE} (one row per question). The files are self-reported, "
                "not proof of work.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="progress files (.json)")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="folder to write into")
    parser.add_argument("--course", metavar="ID",
                        help="the course id the files must carry (default: spasm_course_id from "
                             f"./_config.yml, else {DEFAULT_COURSE_ID!r})")


def run(args: argparse.Namespace) -> int:
    course_id = args.course or course_id_from_config(Path("_config.yml")) or DEFAULT_COURSE_ID
    try:
        bank = load_course_bank()
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return report(bank, args.files, args.out, course_id)

