"""``python -m spasm_course check``: run every content rule on the question bank.

The rules live in the loader (:func:`spasm_course.content.check_bank`); this
command only prints what it finds.  Exit status 0 and one summary line when
the bank is sound; else 1 and one line per problem on stderr, each naming the
file and the question.  ``--quiz-dir`` checks another folder (by default the
course's bank: ``$SPASM_QUIZ_DIR`` if set, else ``spasm_course/content/quizzes``).

``--balance`` also measures the bank-wide shares that keep guessing from
paying (:mod:`spasm_course.content.balance`): it prints each share with its
limit, and exits 1 if one is not met.  They are not load rules, so an
instructor's own small bank still loads and builds without them.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spasm_course.content import ENV_QUIZ_DIR, OBJECTIVES_PATH, check_bank, course_quiz_dir, normalise_space
from spasm_course.content.balance import measures


#: ``python -m spasm_course check``: how the command line lists it (see __main__).
COMMAND = dict(
    name="check", help="check the question bank against every content rule",
    description="Check every quiz file (schema, source quotes, ids, chapters, plain text, banned claims) "
                "and list each problem with its file and question.",
    epilog=f"Exit status: 0 if the bank is sound, 1 if not.  {ENV_QUIZ_DIR}, if set, replaces the quiz folder.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiz-dir", type=Path, metavar="DIR", default=None,
                        help="folder of quiz files to check (default: the course's bank)")
    parser.add_argument("--objectives", type=Path, metavar="FILE", default=OBJECTIVES_PATH,
                        help="objectives file (default: the course's objectives.yml)")
    parser.add_argument("--balance", action="store_true",
                        help="also measure the bank-wide shares (longest choice, multi-select, order, cues, "
                             "apply, \"the source\") and fail if one is not met")


def run(args: argparse.Namespace) -> int:
    quiz_dir = args.quiz_dir or course_quiz_dir()
    bank, problems = check_bank(quiz_dir, args.objectives)
    if problems:
        for problem in problems:
            print(f"error: {normalise_space(problem)}", file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {quiz_dir}", file=sys.stderr)
        return 1
    print(f"ok: {len(bank.questions())} questions in {len(bank.quizzes)} quiz files in {quiz_dir} "
          "pass every content rule")
    if not getattr(args, "balance", False):
        return 0
    return _balance(bank)


def _balance(bank) -> int:
    failed = 0
    for m in measures(bank):
        mark = "ok" if m.ok else "error"
        detail = f" ({'; '.join(m.details)})" if m.details and not m.ok else ""
        print(f"{mark}: {m.name}: {m.value}; limit {m.limit}{detail}", file=sys.stdout if m.ok else sys.stderr)
        failed += not m.ok
    if failed:
        print(f"{failed} bank-wide share{'s are' if failed != 1 else ' is'} not met", file=sys.stderr)
        return 1
    print("ok: every bank-wide share is met")
    return 0
