"""The triage simulator on the built website, in Chromium: the same results as triage.assess()."""

from __future__ import annotations

from itertools import product

from site_helpers import norm, shown_lines, triage_page

from spasm_course.engines import triage
from spasm_course.frontends.triage_card import card_parts

SPASM_FIELDS = ("severity", "frequency", "home_care")


DOCTOR = "If you are worried, a doctor can advise you."
EMERGENCY = "If you think you have an emergency, call your local emergency number."


def card_lines(result) -> list[str]:
    """What the card must show, in the one card layout (triage_card.card_parts): for most
    levels the answer first, then what to do, why, the source, the emergency sentence and
    the disclaimer; "somewhere else" opens with the emergency sentence."""
    assert triage.content().messages.emergency == EMERGENCY
    lines = []
    for part, heading, texts in card_parts(result):
        if heading:
            lines.append(f"{heading}:")
        lines += [f"“{quote}”" for quote in texts] if part == "source" else texts
    return [norm(line) for line in lines]


class Form:
    """The simulator's form, driven as a student would."""

    def __init__(self, page):
        self.page = page
        self.card = page.locator('[id="sc-triage.result"]')
        self.ticked: list[str] = []  # the cause boxes this test ticked

    def box(self, name: str, value: str):
        return self.page.locator(f'input[id="sc-triage.{name}.{value}"]')

    def choose(self, name: str, value: str):
        self.box(name, value).check()

    def causes(self, causes: list[str]):
        """Tick exactly these causes ("None of these" for an empty list)."""
        wanted = list(causes) or ["none"]
        for value in self.ticked:
            if value not in wanted:
                self.box("causes", value).uncheck()
        for value in wanted:
            self.choose("causes", value)
        self.ticked = wanted

    def check(self) -> list[str]:
        self.page.locator("section.sc-triage .sc-check").click()
        return shown_lines(self.card)


# Click the given boxes (clearing the other causes first), click Check, and return the
# card's lines and colours: one round trip per case, through the page's own handlers.
_ANSWER = """(answers) => {
  const box = (name, value) => document.getElementById('sc-triage.' + name + '.' + value);
  for (const input of document.querySelectorAll('input[name="sc-triage.causes"]:checked')) input.click();
  for (const [name, value] of answers) if (!box(name, value).checked) box(name, value).click();
  document.querySelector('section.sc-triage .sc-check').click();
  const region = document.getElementById('sc-triage.result');
  const card = region.querySelector('.sc-triage-card');
  return {
    lines: Array.from(region.querySelectorAll('p, li')).map(e => e.textContent.replace(/\\s+/g, ' ').trim()),
    colours: [getComputedStyle(card).borderLeftColor, getComputedStyle(card).backgroundColor],
  };
}"""


def test_every_answer_shows_what_assess_says(page, site_url, site_dir):
    page.goto(site_url + triage_page(site_dir))
    one_cause = [triage.ALLOWED["causes"][0]]
    cases = 0
    places = triage.IN_COURSE
    for severity, frequency, home_care in product(*(triage.ALLOWED[name] for name in SPASM_FIELDS)):
        for causes in ([], one_cause):
            where = places[cases % len(places)]  # every in-course place in turn: the place does not change the result
            answers = [("where", where), ("kind", "spasm"), ("severity", severity), ("frequency", frequency),
                       ("home_care", home_care)] + [("causes", c) for c in causes or ["none"]]
            shown = page.evaluate(_ANSWER, answers)
            result = triage.assess(where=where, kind="spasm", severity=severity, frequency=frequency,
                                   home_care=home_care, causes=causes)
            assert shown["lines"] == card_lines(result), answers
            why = shown["lines"].index(f"{triage.content().messages.why}:")
            advice = shown["lines"][1:why]
            home = [norm(line) for line in triage.content().advice.home_treatments]
            if result.level != "appointment":
                assert DOCTOR in advice, answers
            if home_care == "poor" and result.level == "watch":
                # Home treatment failed: the signs and the doctor line first, the treatments for reference.
                assert advice[1] not in home and advice.index(DOCTOR) < advice.index(home[0]), answers
                assert "self-care" not in shown["lines"][0].lower(), answers
            elif result.level != "appointment":
                assert shown["lines"][why - 1] == DOCTOR, answers
            level = triage.content().levels[result.level]
            assert shown["colours"] == [rgb(level.colour), rgb(level.background)], answers
            cases += 1
    assert cases == 54
    form = Form(page)
    form.ticked = one_cause

    # Several causes count as "a cause", as in assess().
    several = list(triage.ALLOWED["causes"][2:6])
    form.causes(several)
    where = page.evaluate("document.querySelector('input[name=\"sc-triage.where\"]:checked').value")
    result = triage.assess(where=where, kind="spasm", severity="severe", frequency="frequent", home_care="poor",
                           causes=several)
    assert form.check() == card_lines(result)

    # A twitch needs no other answer; the spasm questions are greyed out.
    form.choose("kind", "twitch")
    assert form.box("severity", "mild").is_disabled() and form.box("causes", "none").is_disabled()
    twitch = form.check()
    assert twitch == card_lines(triage.assess(where=where, kind="twitch"))
    assert twitch[twitch.index("Why:") - 1] == DOCTOR
    form.choose("kind", "spasm")
    assert form.box("severity", "mild").is_enabled() and form.box("causes", "none").is_enabled()
    assert not page.problems.errors


def rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def test_missing_answers_are_listed_and_no_level_is_shown(page, site_url, site_dir):
    page.goto(site_url + triage_page(site_dir))
    form = Form(page)
    # Nothing answered: every question is listed, as missing_fields() says.
    assert form.check() == [triage.please_answer(triage.missing_fields())]
    form.choose("kind", "spasm")
    form.choose("severity", "mild")
    assert form.check() == [triage.please_answer(triage.missing_fields(kind="spasm", severity="mild"))]
    form.choose("where", "leg_or_foot")
    assert form.card.locator(".sc-triage-label").count() == 0
    form.choose("frequency", "occasional")
    form.choose("home_care", "helped")
    assert form.check() == [triage.please_answer(["causes"])]

    # "None of these" and the causes exclude each other.
    form.choose("causes", "overuse")
    form.choose("causes", "none")
    assert not form.box("causes", "overuse").is_checked()
    form.choose("causes", "electrolytes")
    assert not form.box("causes", "none").is_checked()
    assert form.box("causes", "heat").count() == 0  # heat is not a cause
    result = triage.assess(where="leg_or_foot", kind="spasm", severity="mild", frequency="occasional",
                           home_care="helped", causes=["electrolytes"])
    assert form.check() == card_lines(result)

    # Changing an answer after Check takes the out-of-date result away.
    form.choose("severity", "severe")
    assert shown_lines(form.card) == [norm(triage.content().messages.changed)]
    assert not page.problems.errors


def test_keyboard_alone_can_get_a_result(page, site_url, site_dir):
    page.goto(site_url + triage_page(site_dir))
    page.locator('fieldset[data-field="where"] legend').click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sc-triage.where.arm_or_hand"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sc-triage.kind.spasm"
    page.keyboard.press("ArrowDown")  # radios: arrows move and select
    assert Form(page).box("kind", "twitch").is_checked()
    page.keyboard.press("Tab")  # the spasm questions are disabled: straight to Check
    assert "sc-check" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert shown_lines(Form(page).card) == [norm(triage.please_answer(["where"]))]
    page.locator('fieldset[data-field="where"] legend').click()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the first place: arm or hand
    assert Form(page).box("where", "arm_or_hand").is_checked()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past kind (twitch, chosen) to Check
    page.keyboard.press("Enter")
    assert shown_lines(Form(page).card) == card_lines(triage.assess(where="arm_or_hand", kind="twitch"))


def test_somewhere_else_gives_the_outside_course_card_and_asks_nothing_more(page, site_url, site_dir):
    page.goto(site_url + triage_page(site_dir))
    form = Form(page)
    # Answers given before do not matter: "somewhere else, or not sure" beats them all.
    for name, value in [("kind", "spasm"), ("severity", "mild"), ("frequency", "first_time"),
                        ("home_care", "helped"), ("causes", "overuse")]:
        form.choose(name, value)
    note = page.locator("section.sc-triage .sc-triage-not-needed")
    assert note.is_hidden()
    form.choose("where", "elsewhere")
    assert note.is_visible() and norm(note.inner_text()) == norm(triage.content().messages.not_needed)
    for name in ("kind", "severity", "frequency", "home_care", "causes"):
        assert page.locator(f'fieldset[data-field="{name}"] input').first.is_disabled(), name
    lines = form.check()
    result = triage.assess(where="elsewhere")
    assert result.level == "outside_course"
    assert lines == card_lines(result)
    assert lines[0] == EMERGENCY  # the card opens with the emergency line
    assert lines[-1] == norm(triage.content().messages.disclaimer)
    home = [norm(line) for line in triage.content().advice.home_treatments]
    assert not set(home) & set(lines)  # no home treatment
    assert form.card.locator(".sc-triage-advice li").count() == len(triage.content().advice.outside_course)
    # Back in a place the course covers, the questions come back and the old answers count again.
    form.choose("where", "back")
    assert note.is_hidden() and form.box("severity", "mild").is_enabled()
    assert not page.problems.errors


def test_neck_or_back_pain_is_offered_only_for_the_neck_or_back(page, site_url, site_dir):
    page.goto(site_url + triage_page(site_dir))
    form = Form(page)
    pain = form.box("causes", "neck_back_pain")
    assert pain.is_hidden()  # no place chosen yet
    form.choose("where", "neck")
    assert pain.is_visible()
    for name, value in [("kind", "spasm"), ("severity", "severe"), ("frequency", "frequent"),
                        ("home_care", "poor")]:
        form.choose(name, value)
    form.choose("causes", "neck_back_pain")
    result = triage.assess(where="neck", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
                           causes=["neck_back_pain"])
    assert result.level == "watch"  # the pain is an obvious cause in the neck
    assert form.check() == card_lines(result)
    # A leg or foot spasm is not offered the box, and a ticked box goes.
    form.choose("where", "leg_or_foot")
    assert pain.is_hidden() and not pain.is_checked()
    lines = form.check()
    assert lines == [norm(triage.please_answer(["causes"]))]
    form.choose("causes", "none")
    assert form.check() == card_lines(triage.assess(where="leg_or_foot", kind="spasm", severity="severe",
                                                    frequency="frequent", home_care="poor", causes=[]))
    # Where the box is explained, the page says why it is offered only for the neck or back.
    hint = page.locator('[id="sc-triage.causes.hint"]')
    assert norm(triage.content().cause_place_note) in norm(hint.inner_text())
    for name in triage.content().tie_break.fields:
        assert norm(triage.content().tie_break.text) == norm(
            page.locator(f'[id="sc-triage.{name}.hint"]').inner_text())
    assert page.locator('[id="sc-triage.home_care.hint"]').count() == 0
    assert not page.problems.errors
