"""The worked cases of chapter 5, from ``worked_cases.yml``.

Each is a named set of the triage simulator's answers.  The notebook prints a
case's card with ``describe_case(name)``, and the bank's rule "one case, one
question" (:mod:`spasm_course.content.case_rules`) checks that no question asks
the same case.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .models import Case
from .yamlbase import CONTENT_DIR, ContentError, describe_errors, read_yaml

WORKED_CASES_PATH = CONTENT_DIR / "worked_cases.yml"


@lru_cache(maxsize=None)
def worked_cases(path: Path = WORKED_CASES_PATH) -> dict[str, dict]:
    """Each worked case's name and its answers (checked by the triage engine).  Raises ContentError."""
    path = Path(path)
    data = read_yaml(path, dict, "a mapping of case names to the simulator's answers")
    cases = {}
    for name, answers in data.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", str(name)):
            raise ContentError(f"{path}: {name!r}: a case name is lower-case words joined by -")
        if not isinstance(answers, dict):
            raise ContentError(f"{path}: {name!r}: needs the simulator's answers (where, kind, ...)")
        try:
            cases[name] = Case.model_validate(answers).answers()
        except ValidationError as exc:
            raise ContentError(f"{path}: {name!r}: " + "; ".join(describe_errors(exc, {}))) from None
    return cases


def worked_case(name: str) -> dict:
    """The answers of one worked case.  Raises ValueError naming the known cases."""
    cases = worked_cases()
    if name not in cases:
        raise ValueError(f"unknown worked case {name!r}; the worked cases are {', '.join(cases)}")
    return dict(cases[name])
