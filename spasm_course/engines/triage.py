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

The first question is where it is.  "Somewhere else, or not sure"
(``where="elsewhere"``) gives ``"outside_course"``, which beats every other
answer: the course covers the arms, legs, neck and back only, and a doctor can
advise about anywhere else.  The long-term neck or back pain cause counts only
for a spasm in the neck or back (:data:`CAUSE_PLACES`, the course's cautious
reading); elsewhere it is refused.

The advice of every result except ``"appointment"`` ends with one sentence,
``advice.doctor`` in triage.yml: "If you are worried, a doctor can advise you."
When home treatment responded poorly, "watch" has its own label, and its
advice gives the warning signs and the doctor line first; the home treatments
follow "for reference".  Heat is not a cause: the source names heat cramps only to say when
a spasm may come.

The result depends only on (outside or not, kind, severity, frequency,
home_care, whether any cause was given), so :func:`decision_table` can list every possible answer for
the website.  All wording lives in ``content/triage.yml`` (read by
:mod:`spasm_course.content.triage_words`, which also holds the ids); this module
only picks it.  The plain-text card is :mod:`spasm_course.frontends.triage_card`.

Choices made here:

* A missing answer is ``None`` (the widgets' "nothing selected").  An empty
  string is an unknown value, not a missing one.
* ``causes`` is a list or tuple of cause ids.  Repeated causes are allowed and
  count once (only "any cause or none" matters to the rule).
* Which answers are needed follows :data:`ROUTES`: if ``kind`` is missing,
  every answer a spasm needs is reported as missing too, so that a blank
  form lists all its questions at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import product
from typing import Optional

from spasm_course.content.triage_words import (ALLOWED, CAUSE_PLACES, FACT_FIELDS, FIELDS, IN_COURSE, LEVELS,  # noqa: F401
                                               NOT_SIGN, OUTSIDE, ROUTES, SIGNS, content)


class TriageInputError(ValueError):
    """An answer is missing, of the wrong type, or not an allowed value.

    The message names the field(s) and lists the allowed values.
    """


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
        )
    if value not in ALLOWED[name]:
        raise TriageInputError(
            f"{name}: {value!r} is not an allowed value. Allowed values for {_allowed_text(name)}",
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
        )
    for item in causes:
        if not isinstance(item, str) or item not in ALLOWED["causes"]:
            raise TriageInputError(
                f"causes: {item!r} is not an allowed cause. Allowed values for {_allowed_text('causes')}",
            )
    return tuple(causes)


def check_answers(answers: dict) -> dict:
    """The answers, every field present (None when not given), each checked; or TriageInputError."""
    unknown = [key for key in answers if key not in FIELDS]
    if unknown:
        raise TriageInputError(
            f"unknown field(s): {', '.join(map(str, unknown))}. The fields are: {', '.join(FIELDS)}",
        )
    checked = {name: answers.get(name) for name in FIELDS}
    for name in FIELDS[:-1]:
        _check_value(name, checked[name])
    checked["causes"] = _check_causes(checked["causes"])
    _check_cause_places(checked["where"], checked["causes"])
    return checked


def _check_cause_places(where, causes) -> None:
    """Refuse a cause that does not count in the place given (see CAUSE_PLACES)."""
    if where is None or not causes:
        return
    for cause in dict.fromkeys(causes):
        places = CAUSE_PLACES.get(cause)
        if places is not None and where not in places:
            raise TriageInputError(
                f"causes: {cause!r} counts only for a spasm in the {' or '.join(places)}, not with "
                f"where={where!r}. The source says this pain can lead to spasms that come back, but not "
                f"where; the course counts it only for the {' or '.join(places)}, so the form does not "
                f"offer it elsewhere.",
            )


def route(checked: dict) -> dict:
    """The first of :data:`ROUTES` whose condition the (checked) answers meet."""
    for item in ROUTES:
        if item["field"] is None or checked[item["field"]] in item["values"]:
            return item
    raise AssertionError("the last route has no condition")  # pragma: no cover


def _missing(checked: dict) -> list[str]:
    return [name for name in route(checked)["required"] if checked[name] is None]


def missing_fields(**answers) -> list[str]:
    """The ids of the fields still to answer, in form order.

    "Somewhere else, or not sure" needs nothing more; a twitch needs only
    ``where`` and ``kind``; a spasm needs every field (:data:`ROUTES`).  Values
    that are given must be valid (else TriageInputError).  ``causes=[]`` is an answer
    ("none of these"); ``causes=None`` is not.
    """
    return _missing(check_answers(answers))


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


def _signs_present(severity: str, frequency: str, home_care: str, has_cause: bool) -> tuple[str, ...]:
    present = {
        "severe": severity == "severe",
        "frequent": frequency == "frequent",
        "poor_home_care": home_care == "poor",
        "no_cause": not has_cause,
    }
    return tuple(sign for sign in SIGNS if present[sign])


def _without_signs(level: str, reasons, advice) -> TriageResult:
    """A result that needs no warning signs ("somewhere else", a twitch), in triage.yml's words."""
    text = content()
    return TriageResult(level=level, label=text.levels[level].label, reasons=tuple(reasons), advice=tuple(advice),
                        source=tuple(text.sources[level]))


def _outside() -> TriageResult:
    text = content()
    return _without_signs("outside_course", text.reasons.outside_course, text.advice.outside_course)


def _twitch() -> TriageResult:
    text = content()
    return _without_signs("not_a_spasm", text.reasons.twitch, list(text.advice.not_a_spasm) + [text.advice.doctor])


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
        signs = [line.format(signs=names) for line in text.advice.watch]
        if "poor_home_care" in present:
            # Home treatment that already failed is not offered as the answer: the
            # signs and the doctor line first, the home treatments for reference.
            advice = signs + [text.advice.doctor, text.advice.home_care_poor] + list(text.advice.home_treatments)
        else:
            advice = list(text.advice.home_treatments) + signs + [text.advice.doctor]

    label = text.levels[level].label
    if level == "watch" and "poor_home_care" in present:
        label = text.levels[level].label_poor_home_care
    return TriageResult(
        level=level,
        label=label,
        reasons=tuple(reasons),
        advice=tuple(advice),
        source=tuple(text.sources[level]),
        warning_signs=present,
    )


def assess(*, where=None, kind=None, severity=None, frequency=None, home_care=None, causes=None) -> TriageResult:
    """Apply the source's rule to one set of answers.

    Raises TriageInputError (a ValueError) for a missing, unknown or
    wrongly typed answer, or a cause that does not count in the place given;
    the message names the field and the allowed values.
    """
    checked = check_answers(dict(where=where, kind=kind, severity=severity, frequency=frequency,
                              home_care=home_care, causes=causes))
    missing = _missing(checked)
    if missing:
        allowed = "; ".join(_allowed_text(name) for name in missing)
        raise TriageInputError(f"{please_answer(missing, names=False)} Allowed values: {allowed}")
    way = route(checked)["id"]
    if way == "outside":
        return _outside()
    if way == "twitch":
        return _twitch()
    return _spasm(checked["severity"], checked["frequency"], checked["home_care"], bool(checked["causes"]))


# ----------------------------------------------------------------- cases (quiz questions about a person)

#: The choice id of "None of the four signs" in a warning_signs question.
NO_SIGN = "none"


def check_case(answers: dict) -> None:
    """Check a quiz case (a dict of assess() answers): complete and valid, or TriageInputError.

    Every case is set in a place the course covers (``where``, not
    "elsewhere").  A spasm case gives every field (``causes`` may be ``[]``);
    a twitch case gives only ``where`` and ``kind``.
    """
    checked = check_answers(answers)
    if checked["where"] in OUTSIDE:
        raise TriageInputError(f"where: a quiz case is set in a place the course covers "
                               f"({', '.join(IN_COURSE)}), not {checked['where']!r}")
    if checked["kind"] is None:
        checked["kind"] = "spasm"  # a case is a spasm unless it says otherwise
    missing = _missing(checked)
    if missing:
        # A case's place is one the course covers: "elsewhere" is not offered (it is refused above).
        allowed = "; ".join(f"where: {', '.join(IN_COURSE)}" if name == "where" else _allowed_text(name)
                            for name in missing)
        raise TriageInputError(f"missing {', '.join(missing)}. Allowed values: {allowed}")
    if checked["kind"] == "twitch":
        extra = [name for name in FIELDS if name not in ("where", "kind") and checked[name] is not None]
        if extra:
            raise TriageInputError(f"a twitch case gives only where and kind, not {', '.join(extra)}")


def case_facts(answers: dict, *, with_kind: bool = False) -> list[str]:
    """One plain sentence per field of a complete case, in form order, in triage.yml's words."""
    check_case(answers)
    words = content().case_question
    names = [name for name in FACT_FIELDS if answers.get(name) is not None and (with_kind or name != "kind")]
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
    """What a warning_signs question adds to its prompt: only the question.  The
    prompt tells the case in everyday words; the facts in the signs' own words
    are shown with the feedback (:func:`case_result_line`)."""
    answers = case.answers() if hasattr(case, "answers") else dict(case)
    check_case(answers)
    return [content().case_question.ask]


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
        raise TriageInputError("a warning_signs case is a spasm (kind: spasm): a twitch has no warning signs")
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
    """The case's facts in the rule's words, then the simulator's level for it.

    Shown with the feedback, never in the prompt.
    """
    answers = case.answers() if hasattr(case, "answers") else dict(case)
    facts = " ".join(case_facts(answers, with_kind=True))
    return content().case_question.result_line.format(facts=facts, label=assess(**answers).label)


# ----------------------------------------------------------------- the table for the website

#: How a complete set of answers becomes its decision_table() key: per route
#: (:data:`ROUTES`), the parts joined by KEY_SEPARATOR.  A part is a fixed text
#: (``const``), a field's answer (``field``), or for ``causes`` the text for
#: "some" or "none" (only that matters to the rule).  The website gets this and
#: builds keys with it.  The place of an in-course spasm or twitch is not part
#: of the key: it changes which causes may be given, not the result.
KEY_SEPARATOR = "|"
KEY_PARTS = {
    "outside": ({"const": "outside"},),
    "twitch": ({"const": "twitch"},),
    "spasm": ({"const": "spasm"}, {"field": "severity"}, {"field": "frequency"}, {"field": "home_care"},
              {"field": "causes", "some": "causes", "none": "none"}),
}


def _key_part(part: dict, answers: dict) -> str:
    if "const" in part:
        return part["const"]
    value = answers[part["field"]]
    if "some" in part:
        return part["some"] if value else part["none"]
    return value


def decision_key(*, where=None, kind=None, severity=None, frequency=None, home_care=None, causes=None) -> str:
    """The decision_table() key of a complete, valid set of answers."""
    answers = dict(where=where, kind=kind, severity=severity, frequency=frequency, home_care=home_care,
                   causes=causes)
    assess(**answers)
    return KEY_SEPARATOR.join(_key_part(part, answers) for part in KEY_PARTS[route(check_answers(answers))["id"]])


def decision_table() -> dict:
    """Every possible result, plus what a form needs, as JSON-ready data.

    ``results`` maps every key (see :data:`KEY_PARTS`) to
    ``TriageResult.to_dict()``.  A form looks up its answers here, so the
    website cannot disagree with :func:`assess`.  ``routes`` is the
    missing-answer and key rule (:data:`ROUTES`), ``cause_places`` which
    causes a place allows (:data:`CAUSE_PLACES`).
    """
    text = content()
    place = IN_COURSE[0]  # any in-course place: the result does not depend on which
    results = {
        "outside": assess(where=OUTSIDE[0]).to_dict(),
        "twitch": assess(where=place, kind="twitch").to_dict(),
    }
    for severity, frequency, home_care, has_cause in product(
        ALLOWED["severity"], ALLOWED["frequency"], ALLOWED["home_care"], (True, False)
    ):
        # Any one cause that counts everywhere stands for "at least one cause": only that matters.
        causes = [ALLOWED["causes"][0]] if has_cause else []
        answers = dict(where=place, kind="spasm", severity=severity, frequency=frequency, home_care=home_care,
                       causes=causes)
        results[decision_key(**answers)] = assess(**answers).to_dict()
    return {
        "results": results,
        "fields": list(FIELDS),
        "allowed": {name: list(values) for name, values in ALLOWED.items()},
        # The missing-answer rule and the key: the first route whose field's answer is one of its values.
        "routes": [{"id": item["id"], "field": item["field"], "values": list(item["values"]),
                    "required": list(item["required"]), "note": item["note"]} for item in ROUTES],
        "cause_places": {cause: list(places) for cause, places in CAUSE_PLACES.items()},
        "key_parts": {name: [dict(part) for part in parts] for name, parts in KEY_PARTS.items()},
        "key_separator": KEY_SEPARATOR,
        "labels": {name: field.model_dump(exclude_none=True) for name, field in text.fields.items()},
        "levels": {name: level.model_dump(exclude_none=True) for name, level in text.levels.items()},
        "messages": text.messages.model_dump(),
    }
