"""The triage engine follows the source's appointment rule for every answer.

The expected level is worked out here from the four warning signs of the
source and the course's two own rules (issue 19: "somewhere else, or not
sure" beats every answer; the long-term neck or back pain cause counts only
for the neck or back), independently of the engine's own code.
"""

from __future__ import annotations

import json
from itertools import product

import pytest
import yaml

from spasm_course.engines import triage
from spasm_course.content import BODY_AREAS, ContentError
from spasm_course.engines.triage import TriageInputError, assess, decision_table, missing_fields
from spasm_course.frontends.triage_card import card_parts, card_text, describe
from spasm_course.content.triage_words import TRIAGE_PATH, load_content

SOURCE = (TRIAGE_PATH.parent / "source.txt").read_text(encoding="utf-8")
YML = yaml.safe_load(TRIAGE_PATH.read_text(encoding="utf-8"))

PLACES = ["arm_or_hand", "leg_or_foot", "neck", "back"]  # the places the course covers
WHERE = PLACES + ["elsewhere"]
NECK_OR_BACK = ["neck", "back"]  # where long-term neck or back pain counts as a cause
KINDS = ["spasm", "twitch"]
SEVERITIES = ["mild", "moderate", "severe"]
FREQUENCIES = ["first_time", "occasional", "frequent"]
HOME_CARE = ["not_tried", "helped", "poor"]
ALL_CAUSES = ["overuse", "fatigue", "injury", "strain", "overstretch", "held_position",
              "dehydration", "electrolytes", "neck_back_pain"]
# Representative cause sets: none, each cause alone, two pairs (one with the
# place-bound cause), and all of them.
CAUSE_SETS = {"none": [], **{cause: [cause] for cause in ALL_CAUSES},
              "overuse+dehydration": ["overuse", "dehydration"],
              "neck_back_pain+held_position": ["neck_back_pain", "held_position"],
              "all": list(ALL_CAUSES)}
# The cause sets of the detailed checks below (the exhaustive test walks every set above).
CAUSE_LISTS = {
    "none": [],
    "one": ["held_position"],
    "another-one": ["electrolytes"],
    "several": ["overuse", "dehydration", "neck_back_pain"],
    "all": list(ALL_CAUSES),
}
SPASM_CASES = list(product(SEVERITIES, FREQUENCIES, HOME_CARE, CAUSE_LISTS))

# Words that show each home treatment of the source is in the advice, in order.
HOME_TREATMENTS = [("heating pad", "ice", "short periods", "several times a day"), ("warm bath",),
                   ("stretch", "massage"), ("stretched position", "until the spasm stops")]
HOME_WORDS = ("heating pad", "ice on", "warm bath", "stretch", "massage")
# The one sentence that ends the advice of self-care, watch and a twitch.
DOCTOR = "If you are worried, a doctor can advise you."
EMERGENCY = "If you think you have an emergency, call your local emergency number."
DISCLAIMER = "This simulator is for learning only. It does not diagnose anything. It is not medical advice."
POOR_INTRO = ("You said home treatment helped little or not at all. "
              "For reference, these are the home treatments the source gives:")
WATCH_POOR_LABEL = YML["levels"]["watch"]["label_poor_home_care"]
# Words naming each warning sign in the "Warning signs present" line.
SIGN_WORDS = {"severe": "severe", "frequent": "often", "poor": "poorly", "no_cause": "no obvious cause"}


def expected_level(severity, frequency, home_care, causes):
    signs = [severity == "severe", frequency == "frequent", home_care == "poor", len(causes) == 0]
    if all(signs):
        return "appointment"
    if not any(signs):
        return "self_care"
    return "watch"


def present_signs(severity, frequency, home_care, causes):
    present = {"severe": severity == "severe", "frequent": frequency == "frequent",
               "poor": home_care == "poor", "no_cause": not causes}
    return [sign for sign, on in present.items() if on]


def place_for(causes) -> str:
    """An in-course place where every one of ``causes`` counts."""
    return "back" if "neck_back_pain" in causes else "leg_or_foot"


def spasm(severity, frequency, home_care, causes, where=None):
    return dict(where=where or place_for(causes), kind="spasm", severity=severity, frequency=frequency,
                home_care=home_care, causes=causes)


def is_home_treatment(line: str) -> bool:
    return any(word in line.lower() for word in HOME_WORDS)


def starts_with_home_treatments(advice):
    return len(advice) >= 4 and all(
        all(word in line.lower() for word in words) for line, words in zip(advice, HOME_TREATMENTS)
    )


# ----------------------------------------------------------------- the rule, exhaustively


TABLE = json.loads(json.dumps(decision_table()))  # JSON-serialisable, as the site gets it


@pytest.mark.parametrize("where, kind", list(product(WHERE, KINDS)))
def test_every_answer_agrees_with_the_rule_and_the_decision_table(where, kind):
    """Every where x kind x severity x frequency x home_care x cause set."""
    outside = assess(where="elsewhere")
    twitch = assess(where="arm_or_hand", kind="twitch")
    checked = 0
    for severity, frequency, home_care, name in product(SEVERITIES, FREQUENCIES, HOME_CARE, CAUSE_SETS):
        causes = CAUSE_SETS[name]
        answers = dict(where=where, kind=kind, severity=severity, frequency=frequency, home_care=home_care,
                       causes=list(causes))
        if "neck_back_pain" in causes and where not in NECK_OR_BACK:
            # The box is not offered for other places (nor "somewhere else"): the engine refuses it, saying why.
            with pytest.raises(TriageInputError) as error:
                assess(**answers)
            message = str(error.value)
            assert message.startswith("causes: 'neck_back_pain' counts only for a spasm in the neck or back"), message
            assert f"where={where!r}" in message and "but not where" in message, message
            with pytest.raises(TriageInputError, match="neck_back_pain"):
                missing_fields(**answers)
            continue
        result = assess(**answers)
        if where == "elsewhere":
            level, key = "outside_course", "outside"
            assert result == outside  # every other answer is beaten
        elif kind == "twitch":
            level, key = "not_a_spasm", "twitch"
            assert result == twitch  # the place and the other answers change nothing
        else:
            level = expected_level(severity, frequency, home_care, causes)
            key = f"spasm|{severity}|{frequency}|{home_care}|{'causes' if causes else 'none'}"
            assert result.warning_signs == tuple(
                sign for sign, on in zip(triage.SIGNS, [severity == "severe", frequency == "frequent",
                                                        home_care == "poor", not causes]) if on)
        assert result.level == level, answers
        assert missing_fields(**answers) == []
        assert triage.decision_key(**answers) == key, answers
        assert TABLE["results"][key] == result.to_dict(), answers
        checked += 1
    assert checked >= 3 * 3 * 3 * 10  # at least every set without the place-bound cause


def test_the_decision_table_lists_every_result_once():
    results = TABLE["results"]
    # 3 severities x 3 frequencies x 3 home care x (some cause or none), a twitch, and somewhere else.
    assert len(results) == 3 * 3 * 3 * 2 + 1 + 1 == 56
    assert results["outside"] == assess(where="elsewhere").to_dict()
    assert results["twitch"] == assess(where="neck", kind="twitch").to_dict()
    levels = {result["level"] for result in results.values()}
    assert levels == set(triage.LEVELS) == {"outside_course", "not_a_spasm", "self_care", "watch", "appointment"}


def test_where_comes_first_and_the_levels_start_with_outside_course():
    assert triage.FIELDS == ("where", "kind", "severity", "frequency", "home_care", "causes")
    assert triage.ALLOWED["where"] == ("arm_or_hand", "leg_or_foot", "neck", "back", "elsewhere")
    assert triage.IN_COURSE == tuple(PLACES) and triage.OUTSIDE == ("elsewhere",)
    assert triage.LEVELS[0] == "outside_course"
    assert list(YML["fields"]) == list(triage.FIELDS)


# ----------------------------------------------------------------- somewhere else, or not sure


@pytest.mark.parametrize("others", [
    {},
    dict(kind="twitch"),
    dict(kind="spasm", severity="mild", frequency="first_time", home_care="helped", causes=["overuse"]),
    dict(kind="spasm", severity="severe", frequency="frequent", home_care="poor", causes=[]),
    dict(severity="moderate"),
])
def test_somewhere_else_needs_nothing_more_and_beats_every_answer(others):
    assert missing_fields(where="elsewhere", **others) == []
    result = assess(where="elsewhere", **others)
    assert result.level == "outside_course"
    assert result.label == YML["levels"]["outside_course"]["label"]
    assert result.warning_signs == ()
    assert triage.decision_key(where="elsewhere", **others) == "outside"


def test_somewhere_else_still_refuses_bad_other_answers():
    with pytest.raises(TriageInputError, match="severity"):
        assess(where="elsewhere", severity="terrible")
    with pytest.raises(TriageInputError, match="causes"):
        assess(where="elsewhere", causes="overuse")


def test_outside_course_card_opens_with_the_emergency_line_and_offers_no_treatment_or_reason():
    result = assess(where="elsewhere")
    parts = card_parts(result)
    assert parts[0] == ("emergency", "", [EMERGENCY])
    assert parts[-1] == ("disclaimer", "", [DISCLAIMER])
    assert [part for part, _, _ in parts] == ["emergency", "label", "advice", "reasons", "disclaimer"]
    # It quotes no source: the course makes no medical statement here.
    assert result.source == () and YML["sources"]["outside_course"] == []
    lines = [line for _, _, part_lines in parts for line in part_lines]
    text = " ".join(lines).lower()
    assert not [line for line in lines if is_home_treatment(line)], lines
    # What it says: the course covers the arms, legs, neck and back; a doctor can advise about anywhere else.
    assert "only covers muscle spasms and twitches in the arms, legs, neck and back" in text
    assert "a doctor can advise you" in text
    # It gives no medical reason ("it could be your heart").
    for word in ("heart", "lung", "stroke", "could be", "may be", "might be", "sign of", "danger", "serious",
                 "because", "diagnos", "cause"):
        assert word not in text.replace(DISCLAIMER.lower(), ""), word
    card = card_text(result)
    assert card.startswith(EMERGENCY + "\n")
    assert " ".join(card.split()).endswith(DISCLAIMER)
    assert "From the source:" not in card and "“" not in card


def test_the_where_answers_name_the_places_and_what_somewhere_else_means():
    values = YML["fields"]["where"]["values"]
    assert list(values) == WHERE
    elsewhere = values["elsewhere"].lower()
    assert "not sure" in elsewhere
    for place in ("chest", "belly", "head", "face", "throat"):
        assert place in elsewhere, place


# ----------------------------------------------------------------- neck or back pain, only for the neck or back


@pytest.mark.parametrize("where", NECK_OR_BACK)
def test_neck_or_back_pain_counts_as_a_cause_for_the_neck_or_back(where):
    answers = dict(where=where, kind="spasm", severity="severe", frequency="frequent", home_care="poor")
    assert assess(**answers, causes=[]).level == "appointment"
    with_pain = assess(**answers, causes=["neck_back_pain"])
    assert with_pain.level == "watch" and "no_cause" not in with_pain.warning_signs
    assert with_pain == assess(**answers, causes=["overuse"])


@pytest.mark.parametrize("where, kind", [("leg_or_foot", "spasm"), ("arm_or_hand", "spasm"),
                                         ("leg_or_foot", "twitch"), ("elsewhere", "spasm")])
def test_neck_or_back_pain_elsewhere_is_refused_saying_why(where, kind):
    # The case: a calf, severe, often, home treatment failed, and the box ticked gave "watch".
    answers = dict(where=where, kind=kind, severity="severe", frequency="frequent", home_care="poor",
                   causes=["strain", "neck_back_pain"])
    with pytest.raises(TriageInputError) as error:
        assess(**answers)
    message = str(error.value)
    assert message.startswith("causes: 'neck_back_pain'")
    assert "only for a spasm in the neck or back" in message and f"where={where!r}" in message
    assert "can lead to spasms that come back, but not where" in message and "does not offer it" in message
    assert isinstance(error.value, ValueError)
    # An unanswered place is reported as missing, not refused for the cause.
    assert missing_fields(**{**answers, "where": None}) == ["where"]


def test_the_form_explains_where_the_neck_or_back_pain_box_is_offered():
    note = YML["cause_place_note"]
    assert "neck or back" in note and "does not say where" in note
    assert triage.CAUSE_PLACES == {"neck_back_pain": ("neck", "back")}
    assert TABLE["cause_places"] == {"neck_back_pain": ["neck", "back"]}


# ----------------------------------------------------------------- the rule, in detail


@pytest.mark.parametrize("severity, frequency, home_care, causes_name", SPASM_CASES)
def test_every_spasm_answer_follows_the_rule(severity, frequency, home_care, causes_name):
    causes = CAUSE_LISTS[causes_name]
    result = assess(**spasm(severity, frequency, home_care, causes))
    level = expected_level(severity, frequency, home_care, causes)
    assert result.level == level
    assert result.reasons and all(isinstance(r, str) and r.strip() for r in result.reasons)
    assert result.advice and all(isinstance(a, str) and a.strip() for a in result.advice)
    assert result.source and all(quote in SOURCE for quote in result.source)

    signs = present_signs(severity, frequency, home_care, causes)
    reasons = " ".join(result.reasons)
    advice = " ".join(result.advice).lower()
    # Each warning sign is named as present or absent, one line each.
    assert sum(r.startswith("Warning sign:") for r in result.reasons) == len(signs)
    assert sum(r.startswith("Not a warning sign") for r in result.reasons) == 4 - len(signs)
    if causes:
        assert "you linked the spasm to an obvious cause" in reasons.lower()
    else:
        assert "you did not link it to any obvious cause" in reasons.lower()

    if level == "appointment":
        assert result.label == "Make an appointment"
        assert "make an appointment with your doctor" in advice
        assert "underlying factors" in advice
        assert "medications" in advice and "injection" in advice
        assert "“If the muscle spasm is severe, happens frequently, responds poorly to treatment" in reasons
        assert DOCTOR not in result.advice
        assert not is_home_treatment(result.advice[0])
    else:
        assert "make an appointment" not in advice or level == "watch"
        # A doctor is always an option: the doctor sentence is there, once.
        assert result.advice.count(DOCTOR) == 1
    if home_care == "poor" and level == "watch":
        # Home treatment that failed is not offered as the answer: no label or first line suggests
        # self-care; the signs and the doctor line come first, the home treatments "for reference".
        assert result.label == WATCH_POOR_LABEL and "self-care" not in result.label.lower()
        assert result.advice[0].startswith("Warning signs present:") and not is_home_treatment(result.advice[0])
        doctor, intro = result.advice.index(DOCTOR), result.advice.index(POOR_INTRO)
        assert not [line for line in result.advice[:doctor] if is_home_treatment(line)], result.advice
        assert doctor < intro and starts_with_home_treatments(result.advice[intro + 1:]), result.advice
    elif level != "appointment":
        assert POOR_INTRO not in result.advice
        assert starts_with_home_treatments(result.advice), result.advice
        assert result.advice[-1] == DOCTOR
    if level == "self_care":
        assert result.label == "Self-care at home"
        assert "None of the four warning signs" in reasons
    if level == "watch":
        if home_care != "poor":
            assert result.label == "Watch and use self-care"
        listed = [line for line in result.advice if line.startswith("Warning signs present:")]
        assert len(listed) == 1
        for sign, words in SIGN_WORDS.items():
            assert (words in listed[0]) == (sign in signs), (sign, listed[0])
        assert "when all four warning signs come together" in advice
        assert "does not define it" in reasons
        # What "watch" is careful about: claiming more than the source says, not the person's health.
        assert "careful not to claim more than the source says" in reasons
        assert "not a judgment about your health" in reasons
        assert f"({len(signs)} of 4)" in reasons


@pytest.mark.parametrize("severity, frequency, causes_name", list(product(SEVERITIES, FREQUENCIES, CAUSE_LISTS)))
def test_not_tried_is_not_the_warning_sign_and_advice_starts_with_home_treatments(severity, frequency, causes_name):
    result = assess(**spasm(severity, frequency, "not_tried", CAUSE_LISTS[causes_name]))
    assert result.level != "appointment"
    assert result.label != WATCH_POOR_LABEL
    assert starts_with_home_treatments(result.advice)
    assert "you have not tried home treatment" in " ".join(result.reasons).lower()
    assert "Warning sign: it responded poorly" not in result.reasons


def test_the_result_does_not_depend_on_which_causes_or_which_place():
    # Reasons never list the chosen causes or the place, so the website can precompute them.
    labels = YML["fields"]["causes"]["values"]
    places = YML["fields"]["where"]["values"]
    for severity, frequency, home_care in product(SEVERITIES, FREQUENCIES, HOME_CARE):
        answers = dict(kind="spasm", severity=severity, frequency=frequency, home_care=home_care)
        results = {assess(where=where, **answers, causes=causes)
                   for causes in CAUSE_LISTS.values() if causes for where in NECK_OR_BACK}
        results |= {assess(where=where, **answers, causes=causes) for causes in CAUSE_SETS.values()
                    if causes and "neck_back_pain" not in causes for where in PLACES}
        assert len(results) == 1
        (result,) = results
        text = " ".join(result.reasons + result.advice)
        assert not [label for label in labels.values() if label in text]
        assert not [label for label in places.values() if label in text]
        assert len({assess(where=where, **answers, causes=[]) for where in PLACES}) == 1


def test_twitch_needs_no_other_answer_and_is_not_a_spasm():
    result = assess(where="leg_or_foot", kind="twitch")
    assert result.level == "not_a_spasm"
    assert result.label == "This sounds like a twitch, not a spasm"
    reasons = " ".join(result.reasons)
    assert "fine movement" in reasons and "small segment" in reasons
    assert "involuntary contraction" in reasons
    assert "The source gives no treatment for twitches" in reasons
    assert result.advice[-1] == DOCTOR and result.advice.count(DOCTOR) == 1
    assert not starts_with_home_treatments(result.advice)
    assert not [line for line in result.advice if is_home_treatment(line)]
    assert result.warning_signs == ()
    # Other answers, if given, change nothing; a twitch still needs its place.
    assert assess(where="back", kind="twitch", severity="severe", frequency="frequent", home_care="poor",
                  causes=[]) == result
    assert missing_fields(kind="twitch") == ["where"]


def test_twitch_still_rejects_bad_other_answers():
    with pytest.raises(TriageInputError, match="severity"):
        assess(where="neck", kind="twitch", severity="terrible")
    with pytest.raises(TriageInputError, match="causes"):
        assess(where="neck", kind="twitch", causes="overuse")


def test_heat_is_not_a_cause():
    # The source names heat cramps only to say when a spasm may come, not as a cause.
    with pytest.raises(TriageInputError) as error:
        assess(where="leg_or_foot", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
               causes=["heat"])
    assert str(error.value).startswith("causes: 'heat' is not an allowed cause")
    assert "heat" not in triage.ALLOWED["causes"]
    assert "heat" not in YML["fields"]["causes"]["values"]


def test_the_doctor_sentence_is_stored_once():
    text = TRIAGE_PATH.read_text(encoding="utf-8")
    assert text.count(DOCTOR) == 1
    assert YML["advice"]["doctor"] == DOCTOR


def test_cause_boxes_ask_only_what_a_person_can_know():
    labels = YML["fields"]["causes"]["values"]
    # Electrolyte problems cannot be felt: the box asks what a doctor or a test said.
    assert "doctor or a test told you" in labels["electrolytes"]
    assert "only what you know" in YML["fields"]["causes"]["label"]


def test_the_tie_break_line_is_under_severity_and_frequency_only():
    assert YML["tie_break"] == {"text": "Can't choose between two answers? Choose the more serious one.",
                                "fields": ["severity", "frequency"]}


def test_no_result_names_a_diagnosis_or_advice_outside_the_source():
    texts = []
    for result in (assess(where="neck", kind="twitch"), assess(where="elsewhere")):
        texts.append(" ".join(result.reasons + result.advice))
    for severity, frequency, home_care, name in SPASM_CASES:
        r = assess(**spasm(severity, frequency, home_care, CAUSE_LISTS[name]))
        texts.append(" ".join(r.reasons + r.advice))
    text = " ".join(texts).lower()
    for word in ["diagnos", "you have a", "you may have", "water", "potassium", "banana", "911", "emergency",
                 "heart"]:
        assert word not in text, word


def test_result_is_frozen_and_serialisable():
    result = assess(where="arm_or_hand", kind="spasm", severity="mild", frequency="occasional", home_care="helped",
                    causes=["strain"])
    with pytest.raises(AttributeError):
        result.level = "appointment"
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "self_care" and data["label"] == result.label
    assert data["reasons"] == list(result.reasons) and data["advice"] == list(result.advice)
    assert data["source"] == list(result.source)


# ----------------------------------------------------------------- bad input

COMPLETE = dict(where="leg_or_foot", kind="spasm", severity="moderate", frequency="occasional", home_care="helped",
                causes=["fatigue"])
ALLOWED = {"where": WHERE, "kind": KINDS, "severity": SEVERITIES, "frequency": FREQUENCIES,
           "home_care": HOME_CARE, "causes": ALL_CAUSES}


def assert_names_field_and_values(error, field):
    message = str(error.value)
    assert field in message
    for value in ALLOWED[field]:
        assert value in message, (field, value, message)
    assert isinstance(error.value, ValueError)


@pytest.mark.parametrize("field", list(ALLOWED))
def test_a_missing_answer_is_named_with_its_allowed_values(field):
    answers = {**COMPLETE, field: None}
    with pytest.raises(TriageInputError) as error:
        assess(**answers)
    assert str(error.value).startswith(f"Please answer: {field}.")
    assert_names_field_and_values(error, field)
    assert missing_fields(**answers) == [field]


def test_all_missing_answers_are_listed_at_once():
    with pytest.raises(TriageInputError) as error:
        assess(where="neck", kind="spasm", severity="mild")
    assert str(error.value).startswith("Please answer: frequency, home_care, causes.")
    for field in ["frequency", "home_care", "causes"]:
        assert_names_field_and_values(error, field)
    with pytest.raises(TriageInputError) as error:
        assess()
    assert str(error.value).startswith("Please answer: where, kind, severity, frequency, home_care, causes.")
    for field in ALLOWED:
        assert_names_field_and_values(error, field)
    with pytest.raises(TriageInputError) as error:
        assess(kind="twitch")
    assert str(error.value).startswith("Please answer: where.")
    assert_names_field_and_values(error, "where")


def test_missing_fields():
    assert missing_fields() == ["where", "kind", "severity", "frequency", "home_care", "causes"]
    assert missing_fields(where="elsewhere") == []
    assert missing_fields(where="neck") == ["kind", "severity", "frequency", "home_care", "causes"]
    assert missing_fields(kind="twitch") == ["where"]
    assert missing_fields(where="back", kind="twitch") == []
    assert missing_fields(kind="spasm", causes=[]) == ["where", "severity", "frequency", "home_care"]
    assert missing_fields(**COMPLETE) == []
    with pytest.raises(TriageInputError, match="colour"):
        missing_fields(colour="red")
    with pytest.raises(TriageInputError, match="severity"):
        missing_fields(severity="awful")
    with pytest.raises(TriageInputError, match="where"):
        missing_fields(where="chest")


@pytest.mark.parametrize("field", ["where", "kind", "severity", "frequency", "home_care"])
@pytest.mark.parametrize("bad", ["extreme", "", "Severe", 3, True, ["mild"], 2.5])
def test_unknown_or_wrongly_typed_answer(field, bad):
    with pytest.raises(TriageInputError) as error:
        assess(**{**COMPLETE, field: bad})
    assert_names_field_and_values(error, field)


@pytest.mark.parametrize("bad", ["chest", "belly", "head", "face", "throat", "Neck", "legs", "", 3, ["neck"]])
def test_an_unknown_place_is_refused_naming_where(bad):
    for answers in (COMPLETE, dict(kind="twitch"), {}):
        with pytest.raises(TriageInputError) as error:
            assess(**{**answers, "where": bad})
        assert str(error.value).startswith("where")
        assert_names_field_and_values(error, "where")


@pytest.mark.parametrize("bad", ["overuse", "", 3, {"overuse"}, {"overuse": True}, ["overuse", "sunburn"],
                                 ["Overuse"], [None], [3], [["overuse"]]])
def test_bad_causes(bad):
    with pytest.raises(TriageInputError) as error:
        assess(**{**COMPLETE, "causes": bad})
    assert_names_field_and_values(error, "causes")


def test_causes_as_plain_string_says_so():
    with pytest.raises(TriageInputError, match="not a plain string"):
        assess(**{**COMPLETE, "causes": "overuse"})


def test_never_a_bare_key_or_type_error():
    for bad in [object(), b"mild", {"a": 1}, ("mild",)]:
        for field in ALLOWED:
            with pytest.raises(TriageInputError):
                assess(**{**COMPLETE, field: bad})


def test_callers_causes_are_not_changed_and_tuples_and_repeats_work():
    causes = ["strain", "overuse", "strain"]  # repeats are allowed and count once
    copy = list(causes)
    listed = assess(**{**COMPLETE, "causes": causes})
    assert causes == copy
    as_tuple = assess(**{**COMPLETE, "causes": tuple(copy)})
    assert listed == as_tuple == assess(**{**COMPLETE, "causes": ["strain"]})
    empty = []
    assess(**{**COMPLETE, "causes": empty})
    assert empty == []
    repeated = ["neck_back_pain", "neck_back_pain"]
    assert assess(**{**COMPLETE, "where": "neck", "causes": repeated}) == listed
    assert repeated == ["neck_back_pain", "neck_back_pain"]


# ----------------------------------------------------------------- the website's table


def test_decision_table_has_what_a_form_needs():
    table = decision_table()
    assert table["fields"] == list(ALLOWED)
    assert table["allowed"] == ALLOWED
    assert [(r["id"], r["field"], r["values"], r["required"]) for r in table["routes"]] == [
        ("outside", "where", ["elsewhere"], ["where"]),
        ("twitch", "kind", ["twitch"], ["where", "kind"]),
        ("spasm", None, [], ["where", "kind", "severity", "frequency", "home_care", "causes"]),
    ]
    # A route's note, if any, is a message the form shows (the other questions are not asked).
    assert {r["id"]: r.get("note") for r in table["routes"]}["outside"] == "not_needed"
    assert all(r.get("note") is None or r["note"] in table["messages"] for r in table["routes"])
    assert "not needed" in table["messages"]["not_needed"]
    assert table["messages"]["please_answer"].format(fields="How often") == "Please answer: How often."
    for field in ALLOWED:
        labels = table["labels"][field]
        assert labels["label"] and labels["name"]
        assert list(labels["values"]) == ALLOWED[field]
    assert table["labels"]["causes"]["values"]["held_position"] == (
        "You had held the muscle in the same position for a long time")
    assert table["messages"]["emergency"] == EMERGENCY
    assert table["labels"]["causes"]["none_label"] == "None of these"
    assert list(table["levels"]) == list(triage.LEVELS)
    assert table["levels"]["watch"]["label_poor_home_care"] == WATCH_POOR_LABEL
    # How the site builds keys and lists missing answers from these routes is checked against
    # decision_key() and missing_fields() for every form in tests/browser/test_parity.py.


# ----------------------------------------------------------------- the wording


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_every_source_quote_in_triage_yml_is_verbatim():
    quoted = []
    for text in _strings(YML):
        start = 0
        while (open_at := text.find("“", start)) != -1:
            close_at = text.index("”", open_at)
            quoted.append(text[open_at + 1:close_at])
            start = close_at + 1
    for sentences in YML["sources"].values():
        quoted += sentences
    assert len(quoted) > 10
    not_found = [q for q in quoted if q.rstrip(".") not in SOURCE]
    assert not not_found, f"not word for word in source.txt: {not_found}"


def _write(tmp_path, data):
    path = tmp_path / "triage.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _copy():
    return json.loads(json.dumps(YML))


def test_loader_rejects_a_quote_not_in_the_source(tmp_path):
    data = _copy()
    data["sources"]["self_care"].append("Eat a banana.")
    with pytest.raises(ContentError, match=r"triage\.yml: sources\.self_care: .*banana"):
        load_content(_write(tmp_path, data))


def _rename(mapping: dict, old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


@pytest.mark.parametrize("spoil, words", [
    (lambda data: _rename(data["fields"]["causes"]["values"], "dehydration", "sunburn"),
     r"triage\.yml: fields\.causes\.values: missing ids \['dehydration'\], unknown ids \['sunburn'\]"),
    (lambda data: data["levels"]["watch"].pop("label"), r"levels\.watch\.label"),
    (lambda data: _rename(data["fields"]["where"]["values"], "elsewhere", "chest"),
     r"fields\.where\.values: missing ids \['elsewhere'\], unknown ids \['chest'\]"),
    (lambda data: data["levels"].pop("outside_course"), r"levels: missing ids \['outside_course'\]"),
    (lambda data: data["levels"]["watch"].pop("label_poor_home_care"),
     r"levels\.watch\.label_poor_home_care: missing"),
    (lambda data: data["tie_break"]["fields"].append("pain"), r"tie_break\.fields: unknown fields \['pain'\]"),
])
def test_loader_rejects_a_missing_or_renamed_entry(tmp_path, spoil, words):
    data = _copy()
    spoil(data)
    with pytest.raises(ContentError, match=words):
        load_content(_write(tmp_path, data))


def test_body_areas_map_every_quiz_area_to_a_place_the_course_covers():
    areas = load_content().body_areas
    assert set(areas) == set(BODY_AREAS)
    assert set(areas.values()) <= set(PLACES)
    # Written out by hand: each area is in the place a reader would name.
    assert areas == {"calf": "leg_or_foot", "foot": "leg_or_foot", "thigh": "leg_or_foot",
                     "hand_or_finger": "arm_or_hand", "forearm": "arm_or_hand", "upper_arm": "arm_or_hand", "neck": "neck", "back": "back"}


@pytest.mark.parametrize("spoil, words", [
    (lambda areas: areas.update(calf="elsewhere"),
     r"body_areas\.calf: 'elsewhere' is not a place the course covers"),
    (lambda areas: areas.update(thigh="knee"), r"body_areas\.thigh: 'knee' is not a place the course covers"),
    (lambda areas: areas.pop("upper_arm"), r"body_areas: missing ids \['upper_arm'\]"),
    (lambda areas: areas.update(chest="back"), r"body_areas: missing ids \[\], unknown ids \['chest'\]"),
])
def test_a_broken_body_areas_map_is_refused_naming_the_entry(tmp_path, spoil, words):
    data = _copy()
    spoil(data["body_areas"])
    path = _write(tmp_path, data)
    with pytest.raises(ContentError, match=words) as caught:
        load_content(path)
    assert str(path) in str(caught.value)


def test_the_course_file_loads():
    content = load_content()
    assert content.levels["watch"].label == "Watch and use self-care"
    assert content.levels["watch"].label_poor_home_care == WATCH_POOR_LABEL


# ----------------------------------------------------------------- the chapter's helper


def test_describe_prints_a_plain_card(capsys):
    answers = dict(where="leg_or_foot", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
                   causes=[])
    describe(**answers)
    first = capsys.readouterr().out
    assert first.startswith("Result: Make an appointment\n")
    assert "Why:" in first and "What to do:" in first and "From the source:" in first
    assert "underlying factors" in first
    assert "It is not medical advice." in " ".join(first.split())
    assert all(len(line) <= 78 for line in first.splitlines())
    describe(where="elsewhere")
    outside = capsys.readouterr().out
    assert outside.startswith(EMERGENCY + "\n")
    assert all(len(line) <= 78 for line in outside.splitlines())


def _card_order_ok(text: str, marks: list[str]) -> bool:
    flat = " ".join(text.split())
    at = [flat.find(mark) for mark in marks]
    return -1 not in at and at == sorted(at)


def _result_for_key(key: str):
    if key == "outside":
        return assess(where="elsewhere")
    if key == "twitch":
        return assess(where="arm_or_hand", kind="twitch")
    _, severity, frequency, home_care, causes = key.split("|")
    return assess(where="neck", kind="spasm", severity=severity, frequency=frequency, home_care=home_care,
                  causes=["neck_back_pain"] if causes == "causes" else [])


@pytest.mark.parametrize("key", sorted(TABLE["results"]))
def test_every_plain_text_card_follows_the_one_layout(key):
    result = _result_for_key(key)
    assert result.to_dict() == TABLE["results"][key]
    card = card_text(result)
    flat = " ".join(card.split())
    assert flat.endswith(DISCLAIMER) and flat.count(EMERGENCY) == 1
    if key == "outside":
        # Somewhere else: the emergency line first.
        assert card.startswith(EMERGENCY + "\n")
        assert _card_order_ok(card, [EMERGENCY, "Result: ", "What to do:", "Why:", DISCLAIMER]), card
        assert "From the source:" not in card
    else:
        # The answer first; the emergency line, then the disclaimer, last.
        assert card.startswith(f"Result: {result.label}\n")
        assert _card_order_ok(card, ["Result: ", "What to do:", "Why:", "From the source:", EMERGENCY,
                                     DISCLAIMER]), card
        assert flat.endswith(EMERGENCY + " " + DISCLAIMER)
    # The advice under "What to do", the reasons under "Why".
    assert flat.index(" ".join(result.advice[-1].split())) < flat.index("Why:")


def test_describe_explains_bad_answers_instead_of_a_result(capsys):
    describe(kind="spasm", severity="mild")
    out = capsys.readouterr().out
    assert out.startswith("Please answer: where, frequency, home_care, causes.")
    assert "Result:" not in out
    describe(kind="spasm", colour="red")
    assert "unknown field" in capsys.readouterr().out
    describe(where="leg_or_foot", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
             causes=["neck_back_pain"])
    out = capsys.readouterr().out
    assert "only for a spasm in the neck or back" in out and "Result:" not in out
