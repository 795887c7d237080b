"""The triage engine's part in loading case questions (``warning_signs``, ``triage_level``).

The content models must not import an engine (the layers rule), yet a case
question's choices, key and prompt lines are the engine's to compute.  So the
models ask a registered :class:`~spasm_course.content.models.CaseBuilder`, and
this module registers the engine's one when ``spasm_course.engines`` is
imported (``spasm_course`` imports it first thing).
"""

from __future__ import annotations

from spasm_course.content.models import CaseBuilder, set_case_builder
from spasm_course.engines import triage, triage_practice


class EngineCaseBuilder(CaseBuilder):
    def check_case(self, answers: dict) -> None:
        triage.check_case(answers)

    def choices(self, question_type: str, case) -> tuple[list[dict], list[str]]:
        if question_type == "triage_level":
            return triage_practice.level_choices(case)
        return triage.case_choices(case)

    def prompt_lines(self, question_type: str, case) -> list[str]:
        if question_type == "triage_level":
            return triage_practice.level_prompt_lines(case)
        return triage.case_prompt_lines(case)

    def safe_levels(self, key_level: str) -> tuple[str, ...]:
        return triage_practice.SAFE_CHOICES.get(key_level, ())


set_case_builder(EngineCaseBuilder())
