"""The triage engine follows the source's appointment rule for every answer.

The expected level is worked out here from the four warning signs of the
source, independently of the engine's own code.
"""

from __future__ import annotations

import json
from itertools import product

import pytest
import yaml

from spasm_course import triage
from spasm_course.content import ContentError
from spasm_course.triage import TriageInputError, assess, decision_table, missing_fields
from spasm_course.triage_card import card_text, describe
from spasm_course.triage_words import TRIAGE_PATH, load_content

SOURCE = (TRIAGE_PATH.parent / "source.txt").read_text(encoding="utf-8")
YML = yaml.safe_load(TRIAGE_PATH.read_text(encoding="utf-8"))

SEVERITIES = ["mild", "moderate", "severe"]
FREQUENCIES = ["first_time", "occasional", "frequent"]
HOME_CARE = ["not_tried", "helped", "poor"]
ALL_CAUSES = ["overuse", "fatigue", "injury", "strain", "overstretch", "held_position",
              "dehydration", "electrolytes", "neck_back_pain"]
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
# The one sentence that ends the advice of self-care, watch and a twitch.
DOCTOR = "If you are worried, a doctor can advise you."
EMERGENCY = "If you think you have an emergency, call your local emergency number."
DISCLAIMER = "This simulator is for learning only. It does not diagnose anything. It is not medical advice."
POOR_INTRO = ("You said home treatment helped little or not at all. "
              "For reference, these are the home treatments the source gives:")
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


def starts_with_home_treatments(advice):
    return len(advice) >= 4 and all(
        all(word in line.lower() for word in words) for line, words in zip(advice, HOME_TREATMENTS)
    )


# ----------------------------------------------------------------- the rule


@pytest.mark.parametrize("severity, frequency, home_care, causes_name", SPASM_CASES)
def test_every_spasm_answer_follows_the_rule(severity, frequency, home_care, causes_name):
    causes = CAUSE_LISTS[causes_name]
    result = assess(kind="spasm", severity=severity, frequency=frequency, home_care=home_care, causes=causes)
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
    else:
        # Home treatment that failed is not offered as new advice: the card says so first.
        if home_care == "poor":
            assert result.advice[0] == POOR_INTRO
            assert starts_with_home_treatments(result.advice[1:]), result.advice
        else:
            assert POOR_INTRO not in result.advice
            assert starts_with_home_treatments(result.advice), result.advice
        assert "make an appointment" not in advice or level == "watch"
        # A doctor is always an option: the advice ends with the doctor sentence, once.
        assert result.advice[-1] == DOCTOR and result.advice.count(DOCTOR) == 1
    if level == "self_care":
        assert result.label == "Self-care at home"
        assert "None of the four warning signs" in reasons
    if level == "watch":
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
    result = assess(kind="spasm", severity=severity, frequency=frequency, home_care="not_tried",
                    causes=CAUSE_LISTS[causes_name])
    assert result.level != "appointment"
    assert starts_with_home_treatments(result.advice)
    assert "you have not tried home treatment" in " ".join(result.reasons).lower()
    assert "Warning sign: it responded poorly" not in result.reasons


def test_the_result_does_not_depend_on_which_causes():
    # Reasons never list the chosen causes, so the website can precompute them.
    labels = YML["fields"]["causes"]["values"]
    for severity, frequency, home_care in product(SEVERITIES, FREQUENCIES, HOME_CARE):
        answers = dict(kind="spasm", severity=severity, frequency=frequency, home_care=home_care)
        results = {assess(**answers, causes=causes) for name, causes in CAUSE_LISTS.items() if causes}
        assert len(results) == 1
        (result,) = results
        text = " ".join(result.reasons + result.advice)
        assert not [label for label in labels.values() if label in text]


def test_twitch_needs_no_other_answer_and_is_not_a_spasm():
    result = assess(kind="twitch")
    assert result.level == "not_a_spasm"
    assert result.label == "This sounds like a twitch, not a spasm"
    reasons = " ".join(result.reasons)
    assert "fine movement" in reasons and "small segment" in reasons
    assert "involuntary contraction" in reasons
    assert "The source gives no treatment for twitches" in reasons
    assert result.advice[-1] == DOCTOR
    assert not starts_with_home_treatments(result.advice)
    assert result.warning_signs == ()
    # Other answers, if given, change nothing.
    assert assess(kind="twitch", severity="severe", frequency="frequent", home_care="poor", causes=[]) == result


def test_twitch_still_rejects_bad_other_answers():
    with pytest.raises(TriageInputError, match="severity"):
        assess(kind="twitch", severity="terrible")
    with pytest.raises(TriageInputError, match="causes"):
        assess(kind="twitch", causes="overuse")


def test_heat_is_not_a_cause():
    # The source names heat cramps only to say when a spasm may come, not as a cause.
    with pytest.raises(TriageInputError) as error:
        assess(kind="spasm", severity="severe", frequency="frequent", home_care="poor", causes=["heat"])
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


def test_no_result_names_a_diagnosis_or_advice_outside_the_source():
    texts = [" ".join(assess(kind="twitch").reasons + assess(kind="twitch").advice)]
    for severity, frequency, home_care, name in SPASM_CASES:
        r = assess(kind="spasm", severity=severity, frequency=frequency, home_care=home_care,
                   causes=CAUSE_LISTS[name])
        texts.append(" ".join(r.reasons + r.advice))
    text = " ".join(texts).lower()
    for word in ["diagnos", "you have a", "you may have", "water", "potassium", "banana", "911", "emergency"]:
        assert word not in text, word


def test_result_is_frozen_and_serialisable():
    result = assess(kind="spasm", severity="mild", frequency="occasional", home_care="helped", causes=["strain"])
    with pytest.raises(AttributeError):
        result.level = "appointment"
    data = json.loads(json.dumps(result.to_dict()))
    assert data["level"] == "self_care" and data["label"] == result.label
    assert data["reasons"] == list(result.reasons) and data["advice"] == list(result.advice)
    assert data["source"] == list(result.source)


# ----------------------------------------------------------------- bad input

COMPLETE = dict(kind="spasm", severity="moderate", frequency="occasional", home_care="helped", causes=["fatigue"])
ALLOWED = {"kind": ["spasm", "twitch"], "severity": SEVERITIES, "frequency": FREQUENCIES,
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
    assert str(error.value).startswith(f"Please answer: {field}")
    assert_names_field_and_values(error, field)
    assert missing_fields(**answers) == [field]


def test_all_missing_answers_are_listed_at_once():
    with pytest.raises(TriageInputError) as error:
        assess(kind="spasm", severity="mild")
    assert str(error.value).startswith("Please answer: frequency, home_care, causes.")
    for field in ["frequency", "home_care", "causes"]:
        assert_names_field_and_values(error, field)
    with pytest.raises(TriageInputError) as error:
        assess()
    assert str(error.value).startswith("Please answer: kind, severity, frequency, home_care, causes.")


def test_missing_fields():
    assert missing_fields() == ["kind", "severity", "frequency", "home_care", "causes"]
    assert missing_fields(kind="twitch") == []
    assert missing_fields(kind="spasm", causes=[]) == ["severity", "frequency", "home_care"]
    assert missing_fields(**COMPLETE) == []
    with pytest.raises(TriageInputError, match="colour"):
        missing_fields(colour="red")
    with pytest.raises(TriageInputError, match="severity"):
        missing_fields(severity="awful")


@pytest.mark.parametrize("field", ["kind", "severity", "frequency", "home_care"])
@pytest.mark.parametrize("bad", ["extreme", "", "Severe", 3, True, ["mild"], 2.5])
def test_unknown_or_wrongly_typed_answer(field, bad):
    with pytest.raises(TriageInputError) as error:
        assess(**{**COMPLETE, field: bad})
    assert_names_field_and_values(error, field)


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


# ----------------------------------------------------------------- the website's table


def test_decision_table_agrees_with_assess_everywhere():
    table = json.loads(json.dumps(decision_table()))  # JSON-serialisable
    results = table["results"]
    assert len(results) == 3 * 3 * 3 * 2 + 1
    assert results["twitch"] == assess(kind="twitch").to_dict()
    for severity, frequency, home_care, name in SPASM_CASES:
        causes = CAUSE_LISTS[name]
        key = f"spasm|{severity}|{frequency}|{home_care}|{'causes' if causes else 'none'}"
        expected = assess(kind="spasm", severity=severity, frequency=frequency, home_care=home_care, causes=causes)
        assert results[key] == expected.to_dict(), key
        assert results[key]["level"] == expected_level(severity, frequency, home_care, causes)


def test_decision_table_has_what_a_form_needs():
    table = decision_table()
    assert table["allowed"] == ALLOWED
    assert table["required"] == {"spasm": ["kind", "severity", "frequency", "home_care", "causes"],
                                 "twitch": ["kind"]}
    assert table["required_default"] == "spasm"
    assert table["messages"]["please_answer"].format(fields="How often") == "Please answer: How often."
    for field in ALLOWED:
        labels = table["labels"][field]
        assert labels["label"] and labels["name"]
        assert list(labels["values"]) == ALLOWED[field]
    assert table["labels"]["causes"]["values"]["held_position"] == (
        "You had held the muscle in the same position for a long time")
    assert table["messages"]["emergency"] == EMERGENCY
    assert table["labels"]["causes"]["none_label"] == "None of these"
    assert set(table["levels"]) == {"not_a_spasm", "self_care", "watch", "appointment"}
    # The key rule the site applies gives exactly the table's keys.
    for answers in [dict(kind="twitch"), dict(kind="spasm", severity="mild", frequency="frequent", home_care="poor",
                                               causes=[]),
                    dict(kind="spasm", severity="severe", frequency="first_time", home_care="helped",
                         causes=["overuse", "strain"])]:
        parts = table["key_parts"][answers["kind"]]
        built = table["key_separator"].join(
            p["const"] if "const" in p else ((p["some"] if answers[p["field"]] else p["none"]) if "some" in p
                                             else answers[p["field"]]) for p in parts)
        assert built == triage.decision_key(**answers) and built in table["results"]


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


def test_loader_rejects_a_quote_not_in_the_source(tmp_path):
    data = json.loads(json.dumps(YML))
    data["sources"]["self_care"].append("Eat a banana.")
    with pytest.raises(ContentError, match=r"triage\.yml: sources\.self_care: .*banana"):
        load_content(_write(tmp_path, data))


def test_loader_rejects_a_missing_or_renamed_entry(tmp_path):
    data = json.loads(json.dumps(YML))
    data["fields"]["causes"]["values"]["sunburn"] = data["fields"]["causes"]["values"].pop("dehydration")
    with pytest.raises(ContentError, match=r"triage\.yml: fields\.causes\.values: missing ids \['dehydration'\], unknown ids \['sunburn'\]"):
        load_content(_write(tmp_path, data))
    data = json.loads(json.dumps(YML))
    del data["levels"]["watch"]["label"]
    with pytest.raises(ContentError, match=r"levels\.watch\.label"):
        load_content(_write(tmp_path, data))


def test_the_course_file_loads():
    assert load_content().levels["watch"].label == "Watch and use self-care"


# ----------------------------------------------------------------- the chapter's helper


def test_describe_prints_a_plain_card(capsys):
    answers = dict(kind="spasm", severity="severe", frequency="frequent", home_care="poor", causes=[])
    describe(**answers)
    first = capsys.readouterr().out
    assert first.startswith("Result: Make an appointment\n")
    assert "Why:" in first and "What to do:" in first and "From the source:" in first
    assert "underlying factors" in first
    assert "It is not medical advice." in " ".join(first.split())
    assert all(len(line) <= 78 for line in first.splitlines())


def _card_order_ok(text: str) -> bool:
    flat = " ".join(text.split())
    marks = ["Result: ", "What to do:", "Why:", "From the source:", EMERGENCY, DISCLAIMER]
    at = [flat.find(mark) for mark in marks]
    return -1 not in at and at == sorted(at) and flat.endswith(EMERGENCY + " " + DISCLAIMER)


@pytest.mark.parametrize("key", sorted(decision_table()["results"]))
def test_every_plain_text_card_puts_the_answer_first_and_ends_with_emergency_then_disclaimer(key):
    if key == "twitch":
        result = assess(kind="twitch")
    else:
        _, severity, frequency, home_care, causes = key.split("|")
        result = assess(kind="spasm", severity=severity, frequency=frequency, home_care=home_care,
                        causes=["overuse"] if causes == "causes" else [])
    card = card_text(result)
    assert card.startswith(f"Result: {result.label}\n")
    assert _card_order_ok(card), card
    # The advice under "What to do", the reasons under "Why".
    flat = " ".join(card.split())
    assert flat.index(" ".join(result.advice[-1].split())) < flat.index("Why:")


def test_describe_explains_bad_answers_instead_of_a_result(capsys):
    describe(kind="spasm", severity="mild")
    out = capsys.readouterr().out
    assert out.startswith("Please answer: frequency, home_care, causes.")
    assert "Result:" not in out
    describe(kind="spasm", colour="red")
    assert "unknown field" in capsys.readouterr().out
