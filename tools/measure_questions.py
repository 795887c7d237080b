"""Measure how much guessing from surface patterns pays, before and after a change.

    python tools/measure_questions.py                 # this tree
    python tools/measure_questions.py --before REV    # REV and this tree, side by side

Prints a Markdown table of every measure of issue 21: the bank-wide shares of
``spasm_course.content.balance`` (longest and shortest choice, multi-select,
order, cues, apply, "the source" in feedback), plus duplicate cases, reused
first names, "the source" in the quiz files and the notebooks, and words per
chapter.  For ``--before``, REV is checked out in a temporary worktree and
measured with this tree's measuring code (``balance``, ``case_words``,
``case_rules``, and their data files), so both columns count the same way; a
bank from before cues were listed has its cues found from their trigger words.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The measuring code and data copied into an older tree for ``--before``.
MEASURING = ["balance.py", "case_words.py", "case_rules.py", "worked_cases.py", "cues.yml",
             "case_phrasings.yml", "worked_cases.yml"]


def collect(tree: Path) -> dict[str, str]:
    """Every measure of the tree whose package is imported (run with that tree on sys.path)."""
    sys.path.insert(0, str(ROOT / "tests"))
    import spasm_course  # noqa: F401  (registers the case builder)
    from prose import chapter_prose, chapter_words, source_mentions
    from spasm_course.content.balance import case_cues, measures
    from spasm_course.content.bank import load_bank
    from spasm_course.content.case_rules import first_names, triage_case_key

    bank = load_bank(tree / "spasm_course" / "content" / "quizzes")
    out = {m.name: m.value for m in measures(bank)}
    keys = Counter()
    for q in bank.questions():
        if q.type == "spasm_or_twitch":
            keys[(q.body_area, q.deciding_feature, frozenset(case_cues(q)))] += 1
        elif q.case is not None:
            keys[triage_case_key(q.case.answers())] += 1
    out["questions that repeat another question's case"] = str(sum(n - 1 for n in keys.values() if n > 1))
    reused = {name: ids for name, ids in first_names(bank.questions()).items() if len(ids) > 1}
    out["first names used by more than one question"] = str(len(reused))
    raw = sum(path.read_text(encoding="utf-8").lower().count("the source")
              for path in sorted((tree / "spasm_course" / "content" / "quizzes").glob("*.yml")))
    out['"the source" in the quiz files (every occurrence)'] = str(raw)
    notebooks = sorted((tree / "notebooks").glob("*.ipynb"))
    mentions = [source_mentions(chapter_prose(path)) for path in notebooks]
    out['"the source" and synonyms in notebook prose (not "does not say")'] = str(sum(mentions))
    for path in notebooks:
        out[f"words in {path.stem}"] = str(chapter_words(path))
    return out


def measure_rev(rev: str) -> dict[str, str]:
    """The measures of git revision ``rev``, counted with this tree's measuring code."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree), rev], check=True)
        try:
            for name in MEASURING:
                shutil.copy2(ROOT / "spasm_course" / "content" / name, tree / "spasm_course" / "content" / name)
            env = {**os.environ, "PYTHONPATH": str(tree)}
            env.pop("SPASM_QUIZ_DIR", None)
            done = subprocess.run([sys.executable, __file__, "--json", "--tree", str(tree)], env=env,
                                  capture_output=True, text=True, check=False)
            if done.returncode:
                raise SystemExit(f"measuring {rev} failed:\n{done.stderr}")
            return json.loads(done.stdout)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)


def table(columns: dict[str, dict[str, str]]) -> str:
    names = list(dict.fromkeys(name for column in columns.values() for name in column))
    lines = ["| Measure | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    lines += [f"| {name} | " + " | ".join(column.get(name, "") for column in columns.values()) + " |"
              for name in names]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", metavar="REV", help="also measure this git revision, in a first column")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tree", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(collect(args.tree)))
        return 0
    columns = {}
    if args.before:
        columns[f"before ({args.before})"] = measure_rev(args.before)
    columns["now"] = collect(ROOT)
    print(table(columns))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
