"""The triage simulator widget, driven as a student would, with no front end."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from spasm_course import show_triage
from spasm_course.engines import triage
from spasm_course.frontends import triage_card, triage_widget
from spasm_course.frontends.triage_card import card_text
from spasm_course.content.triage_words import Level
from spasm_course.frontends.triage_widget import TriageSimulator

LABELS = {
    "outside_course": "This course does not cover that place",
    "not_a_spasm": "This sounds like a twitch, not a spasm",
    "self_care": "Self-care at home",
    "watch": "Watch and use self-care",
    "appointment": "Make an appointment",
}
#: The label of "watch" when home treatment helped little or not at all.
WATCH_POOR = "Watch: some warning signs are present"
SHORT_NAMES = {"where": "Where", "kind": "Spasm or twitch", "severity": "How bad", "frequency": "How often",
               "home_care": "Home treatment", "causes": "Obvious causes"}
ELSEWHERE = "Somewhere else, or not sure (for example the chest, belly, head, face or throat)"
NOT_NEEDED = "You chose somewhere else, or not sure. The other questions are not needed. Press Check."
TIE_BREAK = "Can't choose between two answers? Choose the more serious one."


def fill(sim, where=None, kind=None, severity=None, frequency=None, home_care=None, causes=None):
    """Answer the form; causes=[] ticks "None of these", None ticks nothing.  Where is answered first."""
    sim.where.value = where
    sim.kind.value = kind
    sim.severity.value = severity
    sim.frequency.value = frequency
    sim.home_care.value = home_care
    if causes is not None and not causes:
        sim.no_cause.value = True
    for cause, box in sim.cause_boxes.items():
        box.value = bool(causes) and cause in causes


def shown_labels(card_value):
    return [label for label in [*LABELS.values(), WATCH_POOR] if html.escape(label) in card_value]


class _Lines(HTMLParser):
    """The text of each <p> and <li> of some HTML, as a reader sees them, in order."""

    def __init__(self):
        super().__init__()
        self.lines, self._open = [], None

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "li"):
            self._open = ""

    def handle_endtag(self, tag):
        if tag in ("p", "li") and self._open is not None:
            self.lines.append(self._open)
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open += data


def card_lines(card_value: str) -> list[str]:
    parser = _Lines()
    parser.feed(card_value)
    return parser.lines


def layout_lines(result) -> list[str]:
    """The lines the card must show, from the one card layout (triage_card.card_parts)."""
    lines = []
    for part, heading, texts in triage_card.card_parts(result):
        if heading:
            lines.append(f"{heading}:")
        lines += [f"“{text}”" for text in texts] if part == "source" else texts
    return lines


CASES = [
    ("appointment", dict(where="leg_or_foot", kind="spasm", severity="severe", frequency="frequent",
                         home_care="poor", causes=[])),
    ("watch", dict(where="arm_or_hand", kind="spasm", severity="severe", frequency="occasional", home_care="helped",
                   causes=["dehydration"])),
    ("self_care", dict(where="back", kind="spasm", severity="mild", frequency="first_time", home_care="not_tried",
                       causes=["overuse", "neck_back_pain"])),
    ("not_a_spasm", dict(where="neck", kind="twitch")),
    ("outside_course", dict(where="elsewhere")),
]


def test_starts_empty():
    sim = show_triage()
    assert isinstance(sim, TriageSimulator)
    for radio in [sim.where, sim.kind, sim.severity, sim.frequency, sim.home_care]:
        assert radio.value is None and not radio.disabled
    # No place is chosen yet: the neck/back pain box is not offered, nor the "not needed" line.
    assert sim.cause_boxes["neck_back_pain"].layout.display == "none"
    assert sim.not_needed.layout.display == "none"
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
    assert f"sc-triage-{level}" in sim.card.value and 'role="status"' in sim.card.value
    colours = triage.content().levels[level]
    assert colours.colour in sim.card.value and colours.background in sim.card.value
    assert sim.message == card_text(sim.result)
    assert f"Result: {LABELS[level]}" in sim.message.splitlines()[:3]
    for line in sim.result.reasons + sim.result.advice + sim.result.source:
        assert html.escape(line) in sim.card.value
    assert card_lines(sim.card.value) == layout_lines(sim.result)


ALL_ANSWERS = [dict(where="elsewhere"), dict(where="arm_or_hand", kind="twitch")] + [
    dict(where="back", kind="spasm", severity=severity, frequency=frequency, home_care=home_care, causes=causes)
    for severity in ("mild", "moderate", "severe") for frequency in ("first_time", "occasional", "frequent")
    for home_care in ("not_tried", "helped", "poor") for causes in ([], ["neck_back_pain"])
]
DOCTOR = "If you are worried, a doctor can advise you."
EMERGENCY = "If you think you have an emergency, call your local emergency number."
DISCLAIMER = "This simulator is for learning only. It does not diagnose anything. It is not medical advice."
HOME_TREATMENTS = tuple(triage.content().advice.home_treatments)


def test_every_card_follows_the_one_card_layout():
    # Somewhere else, the twitch and all 54 spasm answers, through the widget as a student fills it.
    assert len(ALL_ANSWERS) == 56
    sim = show_triage()
    for answers in ALL_ANSWERS:
        fill(sim, **answers)
        sim.check_button.click()
        result = sim.result
        assert result == triage.assess(**answers), answers
        card = sim.card.value
        lines = card_lines(card)
        assert lines == layout_lines(result), answers
        label = f"Result: {result.label}"
        if result.level == "outside_course":
            # Somewhere else opens with the emergency line; nothing from the source, no home treatment.
            assert lines[:2] == [EMERGENCY, label], lines
            assert "From the source:" not in lines and not set(HOME_TREATMENTS) & set(lines)
        else:
            # The answer first; what to do, why, the source; the emergency line, then the disclaimer.
            order = [label, "What to do:", "Why:", "From the source:", EMERGENCY]
            assert lines[0] == label and [lines.index(mark) for mark in order] == sorted(
                lines.index(mark) for mark in order), (answers, lines)
        assert lines[-1] == DISCLAIMER and lines.count(EMERGENCY) == 1, answers
        # Nothing but closing tags after the disclaimer.
        assert card.endswith(f"<p><em>{DISCLAIMER}</em></p></div>"), answers
        advice = lines[lines.index("What to do:") + 1:lines.index("Why:")]
        assert advice == list(result.advice), answers
        if result.level in ("not_a_spasm", "self_care") or (
                result.level == "watch" and "poor_home_care" not in result.warning_signs):
            assert advice[-1] == DOCTOR, answers
        if "poor_home_care" in result.warning_signs and result.level == "watch":
            # Home treatment helped little: no label or first line suggests self-care.
            assert result.label == WATCH_POOR and advice[0] not in HOME_TREATMENTS, answers
            assert advice.index(DOCTOR) < advice.index(HOME_TREATMENTS[0]), answers


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
    fill(sim, where="leg_or_foot", kind="spasm", severity="mild", frequency="first_time", home_care="helped")
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
    # Home treatment helped little: the label does not suggest self-care.
    assert f"Result: {WATCH_POOR}" in sim.card.value and "Watch and use self-care" not in sim.card.value
    sim.kind.value = "twitch"
    sim.check_button.click()
    assert sim.result.level == "not_a_spasm"
    assert shown_labels(sim.card.value) == [LABELS["not_a_spasm"]]
    sim.where.value = "elsewhere"
    assert sim.result is None and "You changed an answer" in sim.card.value
    sim.check_button.click()
    assert sim.result.level == "outside_course"


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
    sim.where.value = "neck"
    sim.kind.value = "twitch"
    assert sim.severity.disabled and sim.no_cause.disabled and sim.cause_boxes["electrolytes"].disabled
    assert sim.cause_boxes["neck_back_pain"].disabled
    assert not sim.where.disabled and not sim.kind.disabled
    sim.kind.value = "spasm"
    assert not sim.severity.disabled and not sim.no_cause.disabled


def spasm_controls(sim):
    return [sim.kind, sim.severity, sim.frequency, sim.home_care, *sim.cause_boxes.values(), sim.no_cause]


def test_somewhere_else_asks_nothing_more_and_gives_outside_course():
    sim = show_triage()
    # A complete spasm answer first: "somewhere else" beats every other answer.
    fill(sim, **CASES[0][1])
    sim.where.value = "elsewhere"
    assert sim.where.options[-1] == (ELSEWHERE, "elsewhere")
    assert all(control.disabled for control in spasm_controls(sim)) and not sim.where.disabled
    assert sim.not_needed.layout.display != "none" and html.escape(NOT_NEEDED) in sim.not_needed.value
    assert not sim.check_button.disabled
    assert sim.answers()["where"] == "elsewhere"
    sim.check_button.click()
    assert sim.result == triage.assess(where="elsewhere") and sim.result.level == "outside_course"
    lines = card_lines(sim.card.value)
    assert lines[0] == EMERGENCY and lines[1] == f"Result: {LABELS['outside_course']}"
    assert lines[-1] == DISCLAIMER
    for treatment in HOME_TREATMENTS:
        assert html.escape(treatment) not in sim.card.value and treatment not in sim.message
    assert "From the source:" not in lines  # no quote: the course makes no medical statement here
    assert sim.message.splitlines()[0] == EMERGENCY
    # Back to a place the course covers: the questions come back, as they were answered.
    sim.where.value = "leg_or_foot"
    assert not any(control.disabled for control in spasm_controls(sim))
    assert sim.not_needed.layout.display == "none"
    assert sim.severity.value == "severe"
    sim.check_button.click()
    assert sim.result.level == "appointment"


def test_somewhere_else_alone_is_a_complete_answer():
    sim = show_triage()
    sim.where.value = "elsewhere"
    sim.check_button.click()
    assert sim.result is not None and sim.result.level == "outside_course"


def test_the_neck_or_back_pain_box_is_offered_only_for_the_neck_or_back():
    sim = show_triage()
    box = sim.cause_boxes["neck_back_pain"]
    for place in ("neck", "back"):
        sim.where.value = place
        assert box.layout.display != "none", place
    box.value = True
    for place in ("leg_or_foot", "arm_or_hand", "elsewhere"):
        sim.where.value = place
        # Hidden and unticked: the engine never gets a cause it refuses.
        assert box.layout.display == "none", place
        assert box.value is False
        sim.where.value = "neck"
        box.value = True
    # The other boxes stay offered everywhere.
    sim.where.value = "leg_or_foot"
    assert all(other.layout.display != "none" for cause, other in sim.cause_boxes.items() if cause != "neck_back_pain")
    # Ticked with the neck, then moved to a leg: a result, not a refused cause; "none of these" is not ticked.
    fill(sim, where="neck", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
         causes=["neck_back_pain"])
    sim.check_button.click()
    assert sim.result.level == "watch"  # the cause counts for the neck
    sim.where.value = "leg_or_foot"
    assert sim.answers()["causes"] is None
    sim.check_button.click()
    assert sim.result is None and sim.message == "Please answer: Obvious causes."


def test_the_tie_break_line_is_under_severity_and_frequency_only():
    sim = show_triage()
    children = list(sim.children)
    hints = [child for child in children if isinstance(child, triage_widget.widgets.HTML)
             and html.escape(TIE_BREAK) in child.value]
    assert len(hints) == 2
    assert [children[children.index(hint) - 1] for hint in hints] == [sim.severity, sim.frequency]
    assert not any(html.escape(TIE_BREAK) in child.value for child in sim.causes_group.children
                   if isinstance(child, triage_widget.widgets.HTML))
    # The note on where the neck/back pain box counts is with the causes.
    note = triage.content().cause_place_note
    assert html.escape(note) in sim.cause_note.value and sim.cause_note in sim.causes_group.children


def test_controls_have_full_labels():
    sim = show_triage()
    fields = triage.content().fields
    # "Where is it?" is the first question.
    assert sim.children[1] is sim.where
    for name in ["where", "kind", "severity", "frequency", "home_care"]:
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
