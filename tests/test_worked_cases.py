"""Chapter 5's worked cases live in data (worked_cases.yml), so the rule "one case,
one question" can check them against the quizzes (issue 21 §3)."""

from __future__ import annotations

import json

import pytest

from repo import ROOT
from spasm_course import describe, describe_case
from spasm_course.content import ContentError
from spasm_course.content.worked_cases import worked_cases

NOTEBOOK = ROOT / "notebooks" / "05-triage-simulator.ipynb"


def printed(capsys, call, *args, **kwargs) -> str:
    call(*args, **kwargs)
    return capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(worked_cases()))
def test_a_worked_case_prints_the_simulators_card_for_its_answers(name, capsys):
    card = printed(capsys, describe_case, name)
    assert card.startswith("Result: ") and card == printed(capsys, describe, **worked_cases()[name])


def test_an_unknown_worked_case_names_the_known_ones_instead_of_crashing(capsys):
    out = printed(capsys, describe_case, "no-such-case")
    assert out.startswith("unknown worked case 'no-such-case'; the worked cases are ")
    assert all(name in out for name in worked_cases())


def test_chapter_5_shows_every_worked_case_from_data_and_types_none():
    cells = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    shown = [name for cell in cells for name in worked_cases() if f'describe_case("{name}")' in cell]
    assert shown == list(worked_cases())
    assert not any("describe(" in cell for cell in cells), "a case typed into the notebook escapes the checks"


@pytest.mark.parametrize("text, words", [
    ("bad name:\n  where: neck\n  kind: twitch\n", "'bad name': a case name is lower-case words joined by -"),
    ("calf-case:\n  where: leg_or_foot\n  kind: spasm\n  severity: mild\n", "'calf-case': "),
    ("calf-case: [leg_or_foot]\n", "'calf-case': needs the simulator's answers"),
])
def test_a_malformed_worked_case_file_is_refused_naming_the_file_and_case(tmp_path, text, words):
    path = tmp_path / "worked_cases.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        worked_cases.__wrapped__(path)
    assert str(path) in str(caught.value) and words in str(caught.value), str(caught.value)
