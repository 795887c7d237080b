"""The triage simulator's vocabulary and wording: the ids of its answers,
levels and warning signs, and the words of ``content/triage.yml`` (schema and
loader).  The rule that picks among them is :mod:`spasm_course.triage`.

The ids are the code's; triage.yml must give text for exactly those (else the
build stops, naming the file and entry).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import model_validator

from .content import CONTENT_DIR, ContentError, Strict, load_model, not_in_source

TRIAGE_PATH = CONTENT_DIR / "triage.yml"

# ----------------------------------------------------------------- the answers

#: The form's fields, in the order they are asked.
FIELDS = ("kind", "severity", "frequency", "home_care", "causes")

#: The allowed values of each field (for ``causes``: of each item of the list).
ALLOWED = {
    "kind": ("spasm", "twitch"),
    "severity": ("mild", "moderate", "severe"),
    "frequency": ("first_time", "occasional", "frequent"),
    "home_care": ("not_tried", "helped", "poor"),
    "causes": (
        "overuse", "fatigue", "injury", "strain", "overstretch", "held_position",
        "dehydration", "electrolytes", "neck_back_pain",
    ),
}

#: The answers each kind needs.
REQUIRED = {"spasm": FIELDS, "twitch": ("kind",)}
#: A missing or unknown kind needs the answers of this kind.
REQUIRED_DEFAULT = "spasm"

LEVELS = ("not_a_spasm", "self_care", "watch", "appointment")

#: The source's four warning signs, in the source's order.
SIGNS = ("severe", "frequent", "poor_home_care", "no_cause")

#: The answer values that are *not* a sign, per sign (the keys of ``absent``
#: in triage.yml).  ``"causes"`` stands for "at least one cause was given".
NOT_SIGN = {
    "severe": ("mild", "moderate"),
    "frequent": ("first_time", "occasional"),
    "poor_home_care": ("helped", "not_tried"),
    "no_cause": ("causes",),
}


# ----------------------------------------------------------------- the wording


class Level(Strict):
    label: str
    colour: str
    background: str


class FieldText(Strict):
    name: str
    label: str
    values: dict[str, str]
    none_label: Optional[str] = None


class Sign(Strict):
    name: str
    present: str
    absent: dict[str, str]


class Reasons(Strict):
    spasm: str
    twitch: list[str]
    self_care: str
    watch: list[str]
    appointment: str


class Advice(Strict):
    doctor: str
    home_treatments: list[str]
    home_care_poor: str
    watch: list[str]
    appointment: list[str]
    not_a_spasm: list[str]


class CaseWording(Strict):
    """How a case is told in a quiz question, and the choices of a warning_signs question."""

    facts: dict[str, dict[str, str]]
    causes_none: str
    causes_some: str
    cause_facts: dict[str, str]
    ask: str
    signs: dict[str, str]
    none_label: str
    present: str
    absent: str
    none_right: str
    none_wrong: str
    result_line: str


class Messages(Strict):
    please_answer: str
    check: str
    result: str
    why: str
    what_to_do: str
    from_source: str
    disclaimer: str
    emergency: str
    title: str
    intro: str
    changed: str
    plain_repr: str


class TriageContent(Strict):
    """Everything the simulator says, read from triage.yml."""

    levels: dict[str, Level]
    fields: dict[str, FieldText]
    warning_signs: dict[str, Sign]
    reasons: Reasons
    advice: Advice
    sources: dict[str, list[str]]
    case_question: CaseWording
    messages: Messages

    @model_validator(mode="after")
    def _matches_the_code(self) -> "TriageContent":
        # The ids are the code's; the file must give text for exactly those.
        def same(what: str, got, want) -> None:
            missing = [key for key in want if key not in got]
            unknown = [key for key in got if key not in want]
            if missing or unknown:
                raise ValueError(f"{what}: missing ids {missing}, unknown ids {unknown}; "
                                 f"the ids are {list(want)}")

        same("levels", self.levels, LEVELS)
        same("sources", self.sources, LEVELS)
        same("fields", self.fields, FIELDS)
        for name in FIELDS:
            same(f"fields.{name}.values", self.fields[name].values, ALLOWED[name])
        if not self.fields["causes"].none_label:
            raise ValueError("fields.causes.none_label: missing")
        same("warning_signs", self.warning_signs, SIGNS)
        for sign in SIGNS:
            same(f"warning_signs.{sign}.absent", self.warning_signs[sign].absent, NOT_SIGN[sign])
        case = self.case_question
        same("case_question.facts", case.facts, FIELDS[:-1])
        for name in FIELDS[:-1]:
            same(f"case_question.facts.{name}", case.facts[name], ALLOWED[name])
        same("case_question.cause_facts", case.cause_facts, ALLOWED["causes"])
        same("case_question.signs", case.signs, SIGNS)
        for name, key in [("causes_some", "{causes}"), ("present", "{fact}"), ("absent", "{fact}"),
                          ("none_wrong", "{count}"), ("result_line", "{label}")]:
            if key not in getattr(case, name):
                raise ValueError(f"case_question.{name}: must contain {key}")
        if "{fields}" not in self.messages.please_answer:
            raise ValueError("messages.please_answer: must contain {fields}")
        return self


def load_content(path: Path = TRIAGE_PATH, source: str | None = None) -> TriageContent:
    """Read and check triage.yml.  Raises ContentError naming the file and entry."""
    path = Path(path)
    content = load_model(path, TriageContent, "a mapping with levels, fields, warning_signs, ...")
    for level, quotes in content.sources.items():
        for quote in not_in_source(quotes, source):
            raise ContentError(f"{path}: sources.{level}: not word for word in the source text: {quote!r}")
    return content


@lru_cache(maxsize=1)
def content() -> TriageContent:
    """The course's triage wording, loaded once per process."""
    return load_content()
