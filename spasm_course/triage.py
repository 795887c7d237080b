"""The triage rule of chapter 5, as plain logic (no widgets, no browser).

The source says: "If the muscle spasm is severe, happens frequently, responds
poorly to treatment, and is not related to obvious causes, make an appointment
with your doctor."  So a spasm has four warning signs:

* severe            -- ``severity == "severe"``
* frequent          -- ``frequency == "frequent"``
* poor_home_care    -- ``home_care == "poor"`` ("not_tried" is *not* this sign)
* no_cause          -- ``causes`` is empty

All four give ``"appointment"``, none gives ``"self_care"``, and some but not
all give ``"watch"``: a middle level that is the course's own reading of the
source's "and" (the source does not define it; "watch" is careful not to claim
more than the source says).  A twitch gives ``"not_a_spasm"``.

The advice of every result except ``"appointment"`` ends with one sentence,
``advice.doctor`` in triage.yml: "If you are worried, a doctor can advise you."
When home treatment responded poorly, "watch" says so before it lists the home
treatments.  Heat is not a cause: the source names heat cramps only to say when
a spasm may come.

The result depends only on (kind, severity, frequency, home_care, whether any
cause was given), so :func:`decision_table` can list every possible answer for
the website.  All wording lives in ``content/triage.yml``; this module only
picks it.

Choices made here:

* A missing answer is ``None`` (the widgets' "nothing selected").  An empty
  string is an unknown value, not a missing one.
* ``causes`` is a list or tuple of cause ids.  Repeated causes are allowed and
  count once (only "any cause or none" matters to the rule).
* If ``kind`` is missing, every answer a spasm needs is reported as missing
  too, so that a blank form lists all its questions at once.
"""

from __future__ import annotations

import textwrap
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from .content import CONTENT_DIR, ContentError, normalise_space, read_yaml, source_text

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

LEVELS = ("not_a_spasm", "self_care", "watch", "appointment")

#: The source's four warning signs, in the source's order.
SIGNS = ("severe", "frequent", "poor_home_care", "no_cause")

#: The answer values that are *not* a sign, per sign (the keys of ``absent``
#: in triage.yml).  ``"causes"`` stands for "at least one cause was given".
_NOT_SIGN = {
    "severe": ("mild", "moderate"),
    "frequent": ("first_time", "occasional"),
    "poor_home_care": ("helped", "not_tried"),
    "no_cause": ("causes",),
}


class TriageInputError(ValueError):
    """An answer is missing, of the wrong type, or not an allowed value.

    The message names the field(s) and lists the allowed values.
    ``fields`` holds the field ids concerned.
    """

    def __init__(self, message: str, fields: tuple[str, ...] = ()):
        super().__init__(message)
        self.fields = tuple(fields)


# ----------------------------------------------------------------- the wording


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    label: str
    colour: str
    background: str


class FieldText(_Strict):
    name: str
    label: str
    values: dict[str, str]
    none_label: Optional[str] = None


class Sign(_Strict):
    name: str
    present: str
    absent: dict[str, str]


class Reasons(_Strict):
    spasm: str
    twitch: list[str]
    self_care: str
    watch: list[str]
    appointment: str


class Advice(_Strict):
    doctor: str
    home_treatments: list[str]
    home_care_poor: str
    watch: list[str]
    appointment: list[str]
    not_a_spasm: list[str]


class CaseWording(_Strict):
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


class Messages(_Strict):
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


class TriageContent(_Strict):
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
            same(f"warning_signs.{sign}.absent", self.warning_signs[sign].absent, _NOT_SIGN[sign])
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
    data = read_yaml(path, dict, "a mapping with levels, fields, warning_signs, ...")
    try:
        content = TriageContent.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            where = "".join(f"{part}: " for part in [".".join(str(p) for p in err["loc"])] if part)
            problems.append(where + err["msg"].removeprefix("Value error, "))
        raise ContentError(f"{path}: " + "; ".join(problems)) from None
    source = normalise_space(source_text() if source is None else source)
    for level, quotes in content.sources.items():
        for quote in quotes:
            if normalise_space(quote) not in source:
                raise ContentError(f"{path}: sources.{level}: not word for word in the source text: {quote!r}")
    return content


@lru_cache(maxsize=1)
def content() -> TriageContent:
    """The course's triage wording, loaded once per process."""
    return load_content()


# ----------------------------------------------------------------- checking input


def _allowed_text(name: str) -> str:
    text = f"{name}: {', '.join(ALLOWED[name])}"
    if name == "causes":
        text += " (a list of these; an empty list [] means none of these)"
    return text


def _check_value(name: str, value) -> None:
    """Raise TriageInputError unless ``value`` is None or an allowed value."""
    if value is None:
        return
    if not isinstance(value, str):
        raise TriageInputError(
            f"{name} must be one of the allowed values, not {type(value).__name__} {value!r}. "
            f"Allowed values for {_allowed_text(name)}",
            (name,),
        )
    if value not in ALLOWED[name]:
        raise TriageInputError(
            f"{name}: {value!r} is not an allowed value. Allowed values for {_allowed_text(name)}",
            (name,),
        )


def _check_causes(causes) -> Optional[tuple[str, ...]]:
    """Return the causes as a new tuple (the caller's list is never changed)."""
    if causes is None:
        return None
    if not isinstance(causes, (list, tuple)):
        kind = "a plain string" if isinstance(causes, str) else type(causes).__name__
        raise TriageInputError(
            f"causes must be a list of causes (or an empty list for none), not {kind} {causes!r}. "
            f"Allowed values for {_allowed_text('causes')}",
            ("causes",),
        )
    for item in causes:
        if not isinstance(item, str) or item not in ALLOWED["causes"]:
            raise TriageInputError(
                f"causes: {item!r} is not an allowed cause. Allowed values for {_allowed_text('causes')}",
                ("causes",),
            )
    return tuple(causes)


def _check_all(answers: dict) -> dict:
    unknown = [key for key in answers if key not in FIELDS]
    if unknown:
        raise TriageInputError(
            f"unknown field(s): {', '.join(map(str, unknown))}. The fields are: {', '.join(FIELDS)}",
            tuple(unknown),
        )
    checked = {name: answers.get(name) for name in FIELDS}
    for name in FIELDS[:-1]:
        _check_value(name, checked[name])
    checked["causes"] = _check_causes(checked["causes"])
    return checked


def _missing(checked: dict) -> list[str]:
    needed = REQUIRED.get(checked["kind"], REQUIRED["spasm"])
    # An unknown kind needs what a spasm needs (REQUIRED["spasm"] includes kind).
    return [name for name in needed if checked[name] is None]


def missing_fields(**answers) -> list[str]:
    """The ids of the fields still to answer, in form order.

    A twitch needs only ``kind``; a spasm needs every field.  Values that are
    given must be valid (else TriageInputError).  ``causes=[]`` is an answer
    ("none of these"); ``causes=None`` is not.
    """
    return _missing(_check_all(answers))


def please_answer(missing: list[str], *, names: bool = True) -> str:
    """The "Please answer: ..." message, with short names (or ids) of the fields."""
    fields = content().fields
    shown = [fields[m].name if names else m for m in missing]
    return content().messages.please_answer.format(fields=", ".join(shown))


# ----------------------------------------------------------------- the rule


@dataclass(frozen=True)
class TriageResult:
    """What the simulator says for one set of answers."""

    level: str                      # one of LEVELS
    label: str                      # short human title of the level
    reasons: tuple[str, ...]        # which answers led there, in plain words
    advice: tuple[str, ...]         # what to do, in plain words
    source: tuple[str, ...]         # the source sentences the result rests on
    warning_signs: tuple[str, ...] = ()  # the ids of the signs present (spasm only)

    def to_dict(self) -> dict:
        """A JSON-serialisable copy (tuples become lists)."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in asdict(self).items()}

    def text(self, width: int = 78) -> str:
        """The result as a plain-text card."""
        return card_text(self, width)


def _signs_present(severity: str, frequency: str, home_care: str, has_cause: bool) -> tuple[str, ...]:
    present = {
        "severe": severity == "severe",
        "frequent": frequency == "frequent",
        "poor_home_care": home_care == "poor",
        "no_cause": not has_cause,
    }
    return tuple(sign for sign in SIGNS if present[sign])


def _twitch() -> TriageResult:
    text = content()
    return TriageResult(
        level="not_a_spasm",
        label=text.levels["not_a_spasm"].label,
        reasons=tuple(text.reasons.twitch),
        advice=tuple(text.advice.not_a_spasm) + (text.advice.doctor,),
        source=tuple(text.sources["not_a_spasm"]),
    )


def _spasm(severity: str, frequency: str, home_care: str, has_cause: bool) -> TriageResult:
    text = content()
    present = _signs_present(severity, frequency, home_care, has_cause)
    answer_for = {"severe": severity, "frequent": frequency, "poor_home_care": home_care,
                  "no_cause": "causes" if has_cause else None}

    reasons = [text.reasons.spasm]
    for sign in SIGNS:
        wording = text.warning_signs[sign]
        reasons.append(wording.present if sign in present else wording.absent[answer_for[sign]])

    if len(present) == len(SIGNS):
        level = "appointment"
        reasons.append(text.reasons.appointment)
        advice = list(text.advice.appointment)
    elif not present:
        level = "self_care"
        reasons.append(text.reasons.self_care)
        advice = list(text.advice.home_treatments) + [text.advice.doctor]
    else:
        level = "watch"
        reasons += [line.format(count=len(present)) for line in text.reasons.watch]
        names = ", ".join(text.warning_signs[sign].name for sign in present)
        # Home treatment that already failed is not offered as new advice.
        before = [text.advice.home_care_poor] if "poor_home_care" in present else []
        advice = (before + list(text.advice.home_treatments)
                  + [line.format(signs=names) for line in text.advice.watch] + [text.advice.doctor])

    return TriageResult(
        level=level,
        label=text.levels[level].label,
        reasons=tuple(reasons),
        advice=tuple(advice),
        source=tuple(text.sources[level]),
        warning_signs=present,
    )


def assess(*, kind=None, severity=None, frequency=None, home_care=None, causes=None) -> TriageResult:
    """Apply the source's rule to one set of answers.

    Raises TriageInputError (a ValueError) for a missing, unknown or
    wrongly typed answer; the message names the field and the allowed values.
    """
    checked = _check_all(dict(kind=kind, severity=severity, frequency=frequency,
                              home_care=home_care, causes=causes))
    missing = _missing(checked)
    if missing:
        allowed = "; ".join(_allowed_text(name) for name in missing)
        raise TriageInputError(f"{please_answer(missing, names=False)} Allowed values: {allowed}", tuple(missing))
    if checked["kind"] == "twitch":
        return _twitch()
    return _spasm(checked["severity"], checked["frequency"], checked["home_care"], bool(checked["causes"]))


# ----------------------------------------------------------------- cases (quiz questions about a person)

#: The choice id of "None of the four signs" in a warning_signs question.
NO_SIGN = "none"


def check_case(answers: dict) -> None:
    """Check a quiz case (a dict of assess() answers): complete and valid, or TriageInputError.

    A spasm case gives every field (``causes`` may be ``[]``); a twitch case
    gives only ``kind``.
    """
    checked = _check_all(answers)
    missing = _missing(checked)
    if missing:
        allowed = "; ".join(_allowed_text(name) for name in missing)
        raise TriageInputError(f"missing {', '.join(missing)}. Allowed values: {allowed}", tuple(missing))
    if checked["kind"] == "twitch":
        extra = [name for name in FIELDS if name != "kind" and checked[name] is not None]
        if extra:
            raise TriageInputError(f"a twitch case gives only kind, not {', '.join(extra)}", tuple(extra))


def case_facts(answers: dict, *, with_kind: bool = False) -> list[str]:
    """One plain sentence per field of a complete case, in form order, in triage.yml's words."""
    check_case(answers)
    words = content().case_question
    names = [name for name in FIELDS[:-1] if answers.get(name) is not None and (with_kind or name != "kind")]
    lines = [words.facts[name][answers[name]] for name in names]
    if answers.get("causes") is not None:
        causes = answers["causes"]
        named = list(dict.fromkeys(causes))  # repeats count once
        lines.append(words.causes_some.format(causes="; ".join(words.cause_facts[c] for c in named))
                     if named else words.causes_none)
    return lines


def _sign_facts(answers: dict) -> dict[str, str]:
    """The fact sentence that shows whether each warning sign is there."""
    facts = case_facts(answers)
    return dict(zip(SIGNS, facts))


def case_prompt_lines(case) -> list[str]:
    """What a warning_signs question adds to its prompt: the case's facts, then the question."""
    answers = case.answers() if hasattr(case, "answers") else dict(case)
    return case_facts(answers) + [content().case_question.ask]


def case_choices(case) -> tuple[list[dict], list[str]]:
    """The choices (id, text, feedback) and correct ids of a warning_signs question.

    The choices are the four signs, in the source's order, then ``none``.
    The correct ones are the signs :func:`assess` finds in the case, or
    ``none``.  Each sign's feedback says whether it is present and quotes
    the case's fact.  Raises TriageInputError for a case that is not a valid
    spasm case.
    """
    answers = case.answers() if hasattr(case, "answers") else dict(case)
    check_case(answers)
    if answers.get("kind") == "twitch":
        raise TriageInputError("a warning_signs case is a spasm (kind: spasm): a twitch has no warning signs",
                               ("kind",))
    result = assess(**answers)
    words = content().case_question
    facts = _sign_facts(answers)
    choices = [
        {"id": sign, "text": words.signs[sign],
         "feedback": (words.present if sign in result.warning_signs else words.absent).format(fact=facts[sign])}
        for sign in SIGNS
    ]
    count = len(result.warning_signs)
    choices.append({"id": NO_SIGN, "text": words.none_label,
                    "feedback": words.none_wrong.format(count=count) if count else words.none_right})
    return choices, list(result.warning_signs) or [NO_SIGN]


def case_result_line(case) -> str:
    """The sentence that gives the simulator's level for a case ("The triage simulator ...: <label>.")."""
    answers = case.answers() if hasattr(case, "answers") else dict(case)
    return content().case_question.result_line.format(label=assess(**answers).label)


# ----------------------------------------------------------------- the table for the website

KEY_FORMAT = "spasm|<severity>|<frequency>|<home_care>|<causes or none>"


def decision_key(*, kind=None, severity=None, frequency=None, home_care=None, causes=None) -> str:
    """The decision_table() key of a complete, valid set of answers."""
    assess(kind=kind, severity=severity, frequency=frequency, home_care=home_care, causes=causes)
    if kind == "twitch":
        return "twitch"
    return "|".join(["spasm", severity, frequency, home_care, "causes" if causes else "none"])


def decision_table() -> dict:
    """Every possible result, plus what a form needs, as JSON-ready data.

    ``results`` maps "twitch" and every spasm key (see ``key_format``) to
    ``TriageResult.to_dict()``.  A form looks up its answers here, so the
    website cannot disagree with :func:`assess`.
    """
    text = content()
    results = {"twitch": assess(kind="twitch").to_dict()}
    for severity, frequency, home_care, has_cause in product(
        ALLOWED["severity"], ALLOWED["frequency"], ALLOWED["home_care"], (True, False)
    ):
        # Any one cause stands for "at least one cause": only that matters.
        causes = [ALLOWED["causes"][0]] if has_cause else []
        answers = dict(kind="spasm", severity=severity, frequency=frequency, home_care=home_care, causes=causes)
        results[decision_key(**answers)] = assess(**answers).to_dict()
    return {
        "key_format": KEY_FORMAT,
        "results": results,
        "fields": list(FIELDS),
        "allowed": {name: list(values) for name, values in ALLOWED.items()},
        "required": {kind: list(fields) for kind, fields in REQUIRED.items()},
        "labels": {name: field.model_dump(exclude_none=True) for name, field in text.fields.items()},
        "levels": {name: level.model_dump() for name, level in text.levels.items()},
        "messages": text.messages.model_dump(),
        "please_answer": text.messages.please_answer,
        # The card's lists, in order: [heading message id, result field].
        "card_sections": [list(section) for section in CARD_SECTIONS],
    }


# ----------------------------------------------------------------- plain-text card


def _bullets(lines, width: int) -> list[str]:
    return [textwrap.fill(line, width, initial_indent="- ", subsequent_indent="  ") for line in lines]


#: The sections of every result card, in order (the widget, the site and the
#: plain-text card all follow it): the result, then these lists, then the
#: emergency sentence and the disclaimer.
CARD_SECTIONS = (("what_to_do", "advice"), ("why", "reasons"), ("from_source", "source"))


def card_text(result: TriageResult, width: int = 78) -> str:
    """A result as plain text: label, what to do, why, source, emergency sentence, disclaimer."""
    words = content().messages
    parts = [f"{words.result}: {result.label}"]
    for heading, name in CARD_SECTIONS:
        lines = getattr(result, name)
        if name == "source":
            lines = [f"“{quote}”" for quote in lines]
        parts += ["", f"{getattr(words, heading)}:"] + _bullets(lines, width)
    parts += ["", textwrap.fill(words.emergency, width), textwrap.fill(words.disclaimer, width)]
    return "\n".join(parts)


def describe(**answers) -> None:
    """Print the plain-text card for a set of answers (used in chapter 5).

    Incomplete or wrong answers print the reason instead of a result.
    """
    try:
        result = assess(**_check_all(answers))
    except TriageInputError as exc:
        print(exc)
        return
    print(card_text(result))
