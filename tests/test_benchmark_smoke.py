"""The benchmark script still runs, and its report still has every measure.

Runs ``python benchmarks/run.py --quick`` (smoke mode: the template book only,
the README test command with --collect-only, small growth sizes).  It checks
that the report's rows are there with numbers in them, never how fast
anything was: timing belongs in benchmarks/RESULTS.md, not in a test.

No recursion: quick mode only *collects* the README test command, and the
full benchmark deselects this file (``--deselect tests/test_benchmark_smoke.py``).
"""

from __future__ import annotations

import math
import re
import subprocess
import sys

import pytest
from repo import ROOT

pytestmark = pytest.mark.slow  # runs the benchmark script (about a minute)


# Measure names (row prefixes) the quick report must contain, one per measuring function.
EXPECTED = [
    "Clean build, template",
    "Clean build per page, template",
    "No-op rebuild, template",
    "Edit one chapter + rebuild, template",
    "README test command, --collect-only",
    "Requests per page, median, template",
    "Transferred per page, median, template",
    "Check -> feedback, median, quiz_html page",
    "Check -> feedback, max, quiz_html page",
    "load_bank(), real bank",
    "assess() calls per second",
    "decision_table()",
    "Load+validate, 10 questions",
    "Load+validate, 100 questions",
    "Render, 10 questions",
    "Render, 100 questions",
    "Per-question load time, 100 vs 10 questions",
    "Per-question render time, 100 vs 10 questions",
]


@pytest.fixture(scope="module")
def quick_report() -> str:
    result = subprocess.run([sys.executable, "benchmarks/run.py", "--quick"], cwd=ROOT,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"benchmarks/run.py --quick exited {result.returncode}:\n{result.stderr[-4000:]}"
    return result.stdout


def summary_rows(report: str) -> dict[str, list[str]]:
    """Measure -> the row's cells, from the Summary table."""
    summary = report.split("## Summary", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in summary.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0] not in ("Section", "---"):
            rows[cells[1]] = cells
    return rows


def test_quick_report_has_every_measure_with_a_number(quick_report):
    rows = summary_rows(quick_report)
    for name in EXPECTED:
        matches = [cells for measure, cells in rows.items() if measure.startswith(name)]
        assert matches, f"no row {name!r} in the benchmark summary; rows are: {list(rows)}"
        value = float(matches[0][2])  # ValueError here if the cell is not a number
        assert math.isfinite(value) and value >= 0, f"row {name!r} has value {matches[0][2]!r}"


def test_quick_report_names_machine_and_commands(quick_report):
    assert re.search(r"- Machine: \d+ CPUs", quick_report)
    assert "- Python 3." in quick_report
    # The measured test command is the README's, with this test deselected.
    assert "--deselect tests/test_benchmark_smoke.py" in quick_report
    # The collect-only run found tests, and left out exactly this file's tests.
    ours = len([name for name in globals() if name.startswith("test_")])
    assert re.search(rf"exit \d+: \d+ tests? collected, {ours} deselected", quick_report), \
        "the README test command did not deselect exactly the benchmark smoke tests"
