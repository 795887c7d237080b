"""The triage simulator widget, driven as a student would, with no front end."""

from __future__ import annotations

import html
import re

import pytest

from spasm_course import show_triage
from spasm_course import triage, triage_card, triage_widget
from spasm_course.triage_card import card_text
from spasm_course.triage_words import Level
from spasm_course.triage_widget import TriageSimulator

LABELS = {
    "not_a_spasm": "This sounds like a twitch, not a spasm",
    "self_care": "Self-care at home",
    "watch": "Watch and use self-care",
    "appointment": "Make an appointment",
}
SHORT_NAMES = {"kind": "Spasm or twitch", "severity": "How bad", "frequency": "How often",
               "home_care": "Home treatment", "causes": "Obvious causes"}


def fill(sim, kind=None, severity=None, frequency=None, home_care=None, causes=None):
    """Answer the form; causes=[] ticks "None of these", None ticks nothing."""
    sim.kind.value = kind
    sim.severity.value = severity
    sim.frequency.value = frequency
    sim.home_care.value = home_care
    if causes is not None and not causes:
        sim.no_cause.value = True
    for cause, box in sim.cause_boxes.items():
        box.value = bool(causes) and cause in causes


def shown_labels(card_value):
    return [label for label in LABELS.values() if html.escape(label) in card_value]


CASES = [
    ("appointment", dict(kind="spasm", severity="severe", frequency="frequent", home_care="poor", causes=[])),
    ("watch", dict(kind="spasm", severity="severe", frequency="occasional", home_care="helped", causes=["dehydration"])),
    ("self_care", dict(kind="spasm", severity="mild", frequency="first_time", home_care="not_tried",
                       causes=["overuse", "fatigue"])),
    ("not_a_spasm", dict(kind="twitch")),
]


def test_starts_empty():
    sim = show_triage()
    assert isinstance(sim, TriageSimulator)
    for radio in [sim.kind, sim.severity, sim.frequency, sim.home_care]:
        assert radio.value is None
    assert not any(box.value for box in sim.cause_boxes.values()) and sim.no_cause.value is False
    assert sim.card.value == "" and sim.result is None and sim.message == ""


@pytest.mark.parametrize("level, answers", CASES, ids=[case[0] for case in CASES])
def test_each_level_is_reachable(level, answers):
    sim = show_triage()
    fill(sim, **answers)
    sim.check_button.click()
    assert sim.result is not None and sim.result.level == level
    assert sim.result == triage.assess(**answers)
    # The card says the level in words, not only with colour.
    assert f"Result: {html.escape(LABELS[level])}" in sim.card.value
    assert shown_labels(sim.card.value) == [LABELS[level]]
    assert f"sc-triage-{level}" in sim.card.value
    assert sim.message == card_text(sim.result)
    assert sim.message.startswith(f"Result: {LABELS[level]}")
    for line in sim.result.reasons + sim.result.advice + sim.result.source:
        assert html.escape(line) in sim.card.value


ALL_ANSWERS = [dict(kind="twitch")] + [
    dict(kind="spasm", severity=severity, frequency=frequency, home_care=home_care, causes=causes)
    for severity in ("mild", "moderate", "severe") for frequency in ("first_time", "occasional", "frequent")
    for home_care in ("not_tried", "helped", "poor") for causes in ([], ["neck_back_pain"])
]
DOCTOR = "If you are worried, a doctor can advise you."
EMERGENCY = "If you think you have an emergency, call your local emergency number."
DISCLAIMER = "This simulator is for learning only. It does not diagnose anything. It is not medical advice."


def test_every_card_puts_the_answer_first_and_ends_with_emergency_then_disclaimer():
    # All 54 spasm answers and the twitch, through the widget as a student fills it.
    assert len(ALL_ANSWERS) == 55
    sim = show_triage()
    for answers in ALL_ANSWERS:
        fill(sim, **answers)
        sim.check_button.click()
        result = sim.result
        assert result == triage.assess(**answers), answers
        card = sim.card.value
        order = [f"Result: {html.escape(result.label)}", "What to do:", "Why:", "From the source:",
                 EMERGENCY, DISCLAIMER]
        at = [card.find(mark) for mark in order]
        assert -1 not in at and at == sorted(at), (answers, at)
        # Nothing but closing tags after the disclaimer.
        assert card.endswith(f"<p><em>{DISCLAIMER}</em></p></div>"), answers
        advice = card[card.index("What to do:"):card.index("<p><strong>Why:")]
        assert all(html.escape(line) in advice for line in result.advice), answers
        if result.level != "appointment":
            assert result.advice[-1] == DOCTOR, answers
            assert advice.endswith(f"<li>{DOCTOR}</li></ul>"), answers


def test_an_empty_form_lists_every_question():
    sim = show_triage()
    sim.check_button.click()
    assert sim.result is None
    assert sim.message == "Please answer: " + ", ".join(SHORT_NAMES.values()) + "."
    assert html.escape(sim.message) in sim.card.value
    assert shown_labels(sim.card.value) == []
    assert "Result:" not in sim.card.value


@pytest.mark.parametrize("left_out", list(SHORT_NAMES))
def test_an_incomplete_spasm_names_what_is_missing(left_out):
    sim = show_triage()
    answers = {**CASES[0][1], left_out: None}
    fill(sim, **answers)
    sim.check_button.click()
    assert sim.result is None
    assert sim.message == f"Please answer: {SHORT_NAMES[left_out]}."
    assert "Please answer:" in sim.card.value and "Result:" not in sim.card.value
    assert shown_labels(sim.card.value) == []


def test_causes_count_as_answered_only_when_something_is_ticked():
    sim = show_triage()
    fill(sim, kind="spasm", severity="mild", frequency="first_time", home_care="helped")
    sim.check_button.click()
    assert sim.message == "Please answer: Obvious causes."
    sim.no_cause.value = True
    sim.check_button.click()
    assert sim.result.level == "watch"  # "no obvious cause" is a warning sign
    assert "it has no obvious cause" in sim.message


def test_changing_an_answer_and_checking_again_updates_the_card():
    sim = show_triage()
    fill(sim, **CASES[0][1])
    sim.check_button.click()
    assert sim.result.level == "appointment"
    sim.severity.value = "mild"
    # The old result is not left on show as if it were current.
    assert sim.result is None and "Make an appointment" not in sim.card.value
    assert "You changed an answer" in sim.card.value
    sim.check_button.click()
    assert sim.result.level == "watch"
    assert "Result: Watch and use self-care" in sim.card.value
    sim.kind.value = "twitch"
    sim.check_button.click()
    assert sim.result.level == "not_a_spasm"
    assert shown_labels(sim.card.value) == [LABELS["not_a_spasm"]]


def test_none_of_these_and_the_causes_exclude_each_other():
    sim = show_triage()
    sim.cause_boxes["overuse"].value = True
    sim.cause_boxes["electrolytes"].value = True
    sim.no_cause.value = True
    assert not any(box.value for box in sim.cause_boxes.values())
    assert sim.answers()["causes"] == []
    sim.cause_boxes["strain"].value = True
    assert sim.no_cause.value is False
    assert sim.answers()["causes"] == ["strain"]


def test_twitch_greys_out_the_spasm_questions():
    sim = show_triage()
    sim.kind.value = "twitch"
    assert sim.severity.disabled and sim.no_cause.disabled and sim.cause_boxes["electrolytes"].disabled
    sim.kind.value = "spasm"
    assert not sim.severity.disabled and not sim.no_cause.disabled


def test_controls_have_full_labels():
    sim = show_triage()
    fields = triage.content().fields
    for name in ["kind", "severity", "frequency", "home_care"]:
        radio = getattr(sim, name)
        assert radio.description == fields[name].label
        assert radio.style.description_width == "initial"
        assert [label for label, _ in radio.options] == list(fields[name].values.values())
    assert sim.cause_boxes["held_position"].description == (
        "You had held the muscle in the same position for a long time")
    assert "heat" not in sim.cause_boxes
    assert sim.no_cause.description == "None of these"
    for box in [*sim.cause_boxes.values(), sim.no_cause]:
        assert box.style.description_width == "initial" and box.layout.width == "100%"
    assert sim.check_button.description == "Check"


def test_text_in_the_card_is_escaped(monkeypatch):
    original = triage.content()
    levels = dict(original.levels)
    levels["watch"] = Level(label="<b>Watch</b> & see", colour="red\"><script>x</script>", background="#fff")
    patched = original.model_copy(update={"levels": levels})
    monkeypatch.setattr(triage, "content", lambda: patched)
    monkeypatch.setattr(triage_widget, "content", lambda: patched)
    monkeypatch.setattr(triage_card, "content", lambda: patched)
    sim = show_triage()
    fill(sim, **CASES[1][1])
    sim.check_button.click()
    assert sim.result.label == "<b>Watch</b> & see"
    assert "<b>Watch</b>" not in sim.card.value and "<script>" not in sim.card.value
    assert "Result: &lt;b&gt;Watch&lt;/b&gt; &amp; see" in sim.card.value


def test_plain_text_repr_and_no_random_ids_in_the_card():
    sim = show_triage()
    bundle = sim._repr_mimebundle_()
    assert bundle["text/plain"] == "Triage simulator (run in JupyterLab to use it)"
    # The card holds no element id (random or not); that it is the same on
    # every run is checked across processes in tests/test_determinism.py.
    fill(sim, **CASES[0][1])
    sim.check_button.click()
    assert sim.card.value and not re.search(r"\bid=", sim.card.value), sim.card.value
