"""The published JSON Schema of a quiz file is current, and editors can trust it.

``spasm_course/content/schema/quiz.schema.json`` is generated from the
loader's models by ``python -m spasm_course schema``.  Editors check quiz
files against it through each file's first line, so it must be current, it
must accept every quiz the course ships, and it must refuse what the loader
refuses field by field.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from spasm_course.cli import schema
from spasm_course.__main__ import main
from spasm_course.content import QUIZ_DIR

COMMITTED = json.loads(schema.SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(COMMITTED)
GOOD_FIXTURE = Path(__file__).parent / "fixtures" / "bad_banks" / "good_minimal" / "fixture-good.yml"


def _errors(data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)]


def test_committed_schema_is_current():
    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.schema_text(), (
        "quiz.schema.json is out of date: run `python -m spasm_course schema` and commit it")


def test_schema_check_command_reports_a_stale_file(tmp_path, monkeypatch, capsys):
    stale = tmp_path / "quiz.schema.json"
    monkeypatch.setattr(schema, "SCHEMA_PATH", stale)
    assert main(["schema", "--check"]) == 1  # missing
    assert "out of date" in capsys.readouterr().err
    assert main(["schema"]) == 0
    assert stale.read_text(encoding="utf-8") == schema.schema_text()
    assert main(["schema", "--check"]) == 0
    stale.write_text(stale.read_text(encoding="utf-8").replace('"Quiz"', '"Old"'), encoding="utf-8")
    assert main(["schema", "--check"]) == 1


def test_schema_is_valid_json_schema_with_no_loader_only_fields():
    jsonschema.Draft202012Validator.check_schema(COMMITTED)
    assert COMMITTED["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(COMMITTED["properties"]) == {"id", "chapter", "title", "intro", "questions"}
    assert COMMITTED["additionalProperties"] is False


@pytest.mark.parametrize("path", sorted(QUIZ_DIR.glob("*.yml")), ids=lambda p: p.name)
def test_every_quiz_file_validates_against_the_committed_schema(path):
    assert _errors(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_schema_refuses_what_an_editor_gets_wrong_field_by_field():
    good = yaml.safe_load(GOOD_FIXTURE.read_text(encoding="utf-8"))
    assert _errors(good) == []
    cases = {
        "a misspelled field": lambda q: q["questions"][0].update(promt="x"),
        "a loader-only field": lambda q: q.update(path="/somewhere"),
        "an unknown type": lambda q: q["questions"][0].update(type="essay"),
        "an unknown chapter": lambda q: q.update(chapter=9),
        "a missing source": lambda q: q["questions"][0].pop("source"),
        "an id with capitals": lambda q: q["questions"][0].update(id="Fixture-Good"),
        "no questions": lambda q: q.update(questions=[]),
    }
    for name, spoil in cases.items():
        data = copy.deepcopy(good)
        spoil(data)
        assert _errors(data), f"the schema accepts {name}"
    # One answer may be written without a list, as the loader allows.
    data = copy.deepcopy(good)
    data["questions"][0]["correct"] = "contraction"
    assert _errors(data) == []


def test_schema_knows_care_level_tags_and_where_a_case_is():
    good = yaml.safe_load(GOOD_FIXTURE.read_text(encoding="utf-8"))
    # A choice may name a care level, and only a care level.
    for level in ("not_a_spasm", "self_care", "watch", "appointment"):
        data = copy.deepcopy(good)
        data["questions"][0]["choices"][0]["level"] = level
        assert _errors(data) == [], level
    for level in ("outside_course", "urgent", 3):
        data = copy.deepcopy(good)
        data["questions"][0]["choices"][0]["level"] = level
        assert _errors(data), f"the schema accepts level {level!r}"
    # A case says where it is (the loader checks the value against the engine's places).
    case = {"where": "leg_or_foot", "severity": "mild", "frequency": "first_time", "home_care": "helped",
            "causes": []}
    question = {"id": "ws-x", "chapter": 4, "type": "warning_signs", "skill": "apply",
                "objective": "ch04-see-doctor", "prompt": "Kim.", "case": case, "explanation": "E.", "source": "S."}
    assert _errors({**good, "questions": [question]}) == []
    assert _errors({**good, "questions": [{**question, "case": {**case, "place": "calf"}}]})
