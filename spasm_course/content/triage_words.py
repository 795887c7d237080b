"""The triage simulator's vocabulary and wording: the ids of its answers,
levels and warning signs, and the words of ``content/triage.yml`` (schema and
loader).  The rule that picks among them is :mod:`spasm_course.engines.triage`.

The ids are the code's; triage.yml must give text for exactly those (else the
build stops, naming the file and entry).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from pydantic import model_validator

from .models import BODY_AREAS
from .yamlbase import CONTENT_DIR, ContentError, Strict, load_model, not_in_source

TRIAGE_PATH = CONTENT_DIR / "triage.yml"

# ----------------------------------------------------------------- the answers

#: The form's fields, in the order they are asked.  ``where`` comes first.
FIELDS = ("where", "kind", "severity", "frequency", "home_care", "causes")

#: The allowed values of each field (for ``causes``: of each item of the list).
ALLOWED = {
    "where": ("arm_or_hand", "leg_or_foot", "neck", "back", "elsewhere"),
    "kind": ("spasm", "twitch"),
    "severity": ("mild", "moderate", "severe"),
    "frequency": ("first_time", "occasional", "frequent"),
    "home_care": ("not_tried", "helped", "poor"),
    "causes": (
        "overuse", "fatigue", "injury", "strain", "overstretch", "held_position",
        "dehydration", "electrolytes", "neck_back_pain",
    ),
}

#: The ``where`` answers outside what the course covers ("somewhere else, or not sure").
OUTSIDE = ("elsewhere",)
#: The places the course covers: the arms, legs, neck and back.
IN_COURSE = tuple(place for place in ALLOWED["where"] if place not in OUTSIDE)

#: Causes that count only for a spasm in some places: cause -> those places.
#: The source says "Chronic neck and back pain can lead to recurrent muscles
#: spasms" without saying where; the course's cautious reading counts it only
#: for the neck or back.  Elsewhere the box is not offered and the engine refuses it.
CAUSE_PLACES = {"neck_back_pain": ("neck", "back")}

#: How a form is read.  The first route whose condition holds (``field``'s
#: answer is one of ``values``; a missing answer matches none) decides which
#: answers are needed and how the decision table's key is made; the last route
#: has no condition.  So "somewhere else, or not sure" beats every other answer,
#: a twitch needs only where and kind, and a missing or unknown kind needs what
#: a spasm needs (so a blank form lists all its questions at once).
ROUTES = (
    # ``note``: the triage.yml message a form shows while this route holds (the other questions are not asked).
    {"id": "outside", "field": "where", "values": OUTSIDE, "required": ("where",), "note": "not_needed"},
    {"id": "twitch", "field": "kind", "values": ("twitch",), "required": ("where", "kind"), "note": None},
    {"id": "spasm", "field": None, "values": (), "required": FIELDS, "note": None},
)

#: The results.  ``outside_course`` is not a care level: it says the course
#: does not cover the place, and that a doctor can advise.
LEVELS = ("outside_course", "not_a_spasm", "self_care", "watch", "appointment")

#: The fields a quiz case's facts are told in (``where`` is told by the scene).
FACT_FIELDS = ("kind", "severity", "frequency", "home_care")

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
    # "watch" only: its label when home treatment helped little or not at all,
    # so that no label suggests self-care is the answer then.
    label_poor_home_care: Optional[str] = None


class FieldText(Strict):
    name: str
    label: str
    values: dict[str, str]
    none_label: Optional[str] = None


class Sign(Strict):
    name: str
    present: str
    absent: dict[str, str]


class TieBreak(Strict):
    """One line shown under some questions of the form (severity and frequency)."""

    text: str
    fields: list[str]


class Reasons(Strict):
    outside_course: list[str]
    spasm: str
    twitch: list[str]
    self_care: str
    watch: list[str]
    appointment: str


class Advice(Strict):
    outside_course: list[str]
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
    not_needed: str
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
    tie_break: TieBreak
    # The long-term neck or back pain box: why it is offered only for the neck or back.
    cause_place_note: str
    # Each body_area of a spasm_or_twitch quiz case -> the place (a ``where`` answer) it is in.
    body_areas: dict[str, str]
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
        if not self.levels["watch"].label_poor_home_care:
            raise ValueError("levels.watch.label_poor_home_care: missing")
        unknown = [name for name in self.tie_break.fields if name not in FIELDS]
        if unknown:
            raise ValueError(f"tie_break.fields: unknown fields {unknown}; the fields are {list(FIELDS)}")
        same("body_areas", self.body_areas, BODY_AREAS)
        for area, place in self.body_areas.items():
            if place not in IN_COURSE:
                raise ValueError(f"body_areas.{area}: {place!r} is not a place the course covers; "
                                 f"the places are {list(IN_COURSE)}")
        case = self.case_question
        same("case_question.facts", case.facts, FACT_FIELDS)
        for name in FACT_FIELDS:
            same(f"case_question.facts.{name}", case.facts[name], ALLOWED[name])
        same("case_question.cause_facts", case.cause_facts, ALLOWED["causes"])
        same("case_question.signs", case.signs, SIGNS)
        for name, key in [("causes_some", "{causes}"), ("present", "{fact}"), ("absent", "{fact}"),
                          ("none_wrong", "{count}"), ("result_line", "{label}"), ("result_line", "{facts}")]:
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
