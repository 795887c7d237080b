"""Every output is the same from run to run (nbval and the site depend on it).

Comparing two results made in one process cannot catch what changes between
processes: Python salts ``hash()`` per process, so set order, a ``hash``-based
shuffle or a random id would pass such a test.  So the outputs are made in two
fresh interpreters with different ``PYTHONHASHSEED`` values and compared with
each other and with this process.  Each output is reduced to a SHA-256, so a
failure names the output that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # two fresh interpreters


def fingerprints() -> dict[str, str]:
    """SHA-256 of each output a learner or an LMS sees, made from the course's bank."""
    import contextlib
    import io
    import tempfile

    from spasm_course.frontends import render, triage_card
    from spasm_course.engines import triage
    from spasm_course.content import default_bank
    from spasm_course.frontends.export import export
    from spasm_course.engines.grading import display_order, outcome_table
    from spasm_course.frontends.quiz_widget import show_quiz
    from spasm_course.frontends.triage_widget import show_triage

    bank = default_bank()
    outputs: dict[str, bytes | str] = {}
    for quiz in bank.quizzes:
        outputs[f"quiz_html {quiz.id}"] = render.quiz_html(quiz)
        outputs[f"widget text/html {quiz.id}"] = show_quiz(quiz.id)._repr_mimebundle_()["text/html"]
        for question in quiz.questions:
            outputs[f"display_order {question.id}"] = json.dumps(display_order(question))
            outputs[f"outcome_table {question.id}"] = json.dumps(outcome_table(question), sort_keys=False)
    outputs["triage_html"] = render.triage_html()
    outputs["decision_table"] = json.dumps(triage.decision_table(), sort_keys=False)
    simulator = show_triage()
    outputs["triage widget text/html"] = simulator._repr_mimebundle_()["text/html"]
    answers = dict(where="leg_or_foot", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
                   causes=[])
    outputs["triage card"] = triage_card.card_text(triage.assess(**answers))
    outputs["triage card outside_course"] = triage_card.card_text(triage.assess(where="elsewhere"))
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        triage_card.describe(**answers)
    outputs["describe"] = printed.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("gift", "qti", "csv"):
            for path in export(bank, fmt, Path(folder) / fmt, log=lambda _line: None):
                outputs[f"export {path.name}"] = path.read_bytes()
    return {name: hashlib.sha256(value if isinstance(value, bytes) else value.encode("utf-8")).hexdigest()
            for name, value in outputs.items()}


def _in_fresh_interpreter(seed: str) -> dict[str, str]:
    code = (f"import json, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            "from test_determinism import fingerprints; print(json.dumps(fingerprints()))")
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SPASM_QUIZ_DIR", None)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_outputs_are_the_same_in_processes_with_different_hash_seeds(monkeypatch):
    monkeypatch.delenv("SPASM_QUIZ_DIR", raising=False)
    here = fingerprints()
    assert len(here) > 150, "the fingerprint covers every quiz, question, export and triage output"
    for seed in ("1", "2"):
        other = _in_fresh_interpreter(seed)
        assert other.keys() == here.keys()
        changed = sorted(name for name in here if other[name] != here[name])
        assert not changed, f"different under PYTHONHASHSEED={seed}: {changed[:10]}"
