"""The triage simulator on the built website, in Chromium: the same results as triage.assess()."""

from __future__ import annotations

from itertools import product

from site_helpers import norm, shown_lines, triage_page

from spasm_course import triage

SPASM_FIELDS = ("severity", "frequency", "home_care")


DOCTOR = "If you are worried, a doctor can advise you."
EMERGENCY = "If you think you have an emergency, call your local emergency number."


def card_lines(result) -> list[str]:
    """What the card must show, as triage_widget.card_html lays it out: the answer
    first, then what to do, why, the source, the emergency sentence, the disclaimer."""
    words = triage.content().messages
    assert words.emergency == EMERGENCY
    return [norm(line) for line in [
        f"{words.result}: {result.label}", f"{words.what_to_do}:", *result.advice,
        f"{words.why}:", *result.reasons, f"{words.from_source}:",
        *[f"“{quote}”" for quote in result.source], EMERGENCY, words.disclaimer,
    ]]


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
    for severity, frequency, home_care in product(*(triage.ALLOWED[name] for name in SPASM_FIELDS)):
        for causes in ([], one_cause):
            answers = [("kind", "spasm"), ("severity", severity), ("frequency", frequency),
                       ("home_care", home_care)] + [("causes", c) for c in causes or ["none"]]
            shown = page.evaluate(_ANSWER, answers)
            result = triage.assess(kind="spasm", severity=severity, frequency=frequency,
                                   home_care=home_care, causes=causes)
            assert shown["lines"] == card_lines(result), answers
            why = shown["lines"].index(f"{triage.content().messages.why}:")
            if result.level != "appointment":
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
    result = triage.assess(kind="spasm", severity="severe", frequency="frequent", home_care="poor", causes=several)
    assert form.check() == card_lines(result)

    # A twitch needs no other answer; the spasm questions are greyed out.
    form.choose("kind", "twitch")
    assert form.box("severity", "mild").is_disabled() and form.box("causes", "none").is_disabled()
    twitch = form.check()
    assert twitch == card_lines(triage.assess(kind="twitch"))
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
    result = triage.assess(kind="spasm", severity="mild", frequency="occasional", home_care="helped",
                           causes=["electrolytes"])
    assert form.check() == card_lines(result)

    # Changing an answer after Check takes the out-of-date result away.
    form.choose("severity", "severe")
    assert shown_lines(form.card) == [norm(triage.content().messages.changed)]
    assert not page.problems.errors


def test_keyboard_alone_can_get_a_result(page, site_url, site_dir):
    page.goto(site_url + triage_page(site_dir))
    page.locator('fieldset[data-field="kind"] legend').click()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "sc-triage.kind.spasm"
    page.keyboard.press("ArrowDown")  # radios: arrows move and select
    assert Form(page).box("kind", "twitch").is_checked()
    page.keyboard.press("Tab")  # the spasm questions are disabled: straight to Check
    assert "sc-check" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert shown_lines(Form(page).card) == card_lines(triage.assess(kind="twitch"))
