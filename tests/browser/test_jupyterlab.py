"""The chapters in a real JupyterLab, in Chromium, as a student meets them.

* Opened fresh (no cell run), every stored widget output starts with the
  preview line, and its buttons are disabled and do nothing.
* After Run All, the live widgets replace the previews; one question of every
  type in the bank is answered with the keyboard alone (Tab, Space, Enter),
  and focus stays in the widget; the triage simulator says "Please answer"
  and reaches "appointment".
* Chapter 5's simulator, its cell run and answered with the keyboard alone:
  "Somewhere else, or not sure" greys out every other question and gives the
  outside_course card, which opens with the emergency line and shows no home
  treatment.
* axe-core's colour-contrast rule finds nothing on a quiz and on the triage
  simulator (its "Please answer" note and its result card) in JupyterLab Dark
  and in JupyterLab Light.

One JupyterLab server serves every test of the session (the ``jupyterlab``
fixture in conftest.py): 127.0.0.1, no token, a folder holding copies of the
chapters with their stored outputs, and JupyterLab's news, update checks and
autosave turned off (so the copies keep their stored outputs).  ``SPASM_SCREENSHOTS=<folder>`` saves chapter 1
before and after running, in JupyterLab Dark (tests/browser/screenshots/
holds the committed pair).
"""

from __future__ import annotations

import json
import os
import re
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect
from repo import ROOT as REPO
from conftest import LAB_NOTEBOOKS
from site_helpers import AXE_JS, BANK, Watch, norm

from spasm_course.engines import grading, triage
from spasm_course.frontends import preview
from spasm_course.content.words import course_words

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CHAPTER_ONE = NOTEBOOK = REPO / "notebooks" / "01-what-are-muscle-spasms.ipynb"
RUN_TIMEOUT = 120_000  # milliseconds for the kernel to run every cell and show the widgets
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
STORED = ".jp-OutputArea-output[data-mime-type='text/html']"
LIVE = ".jp-OutputArea-output:has(.jupyter-widgets)"  # a live widget's output (it has no data-mime-type)
DARK, LIGHT = "JupyterLab Dark", "JupyterLab Light"
WIDGET_CALL = re.compile(r"\bshow_(quiz|triage)\(")
QUIZ_CALL = re.compile(r"show_quiz\(\s*[\"']([^\"']+)[\"']")

#: How a student chooses answers for each question type: one radio button, or
#: check boxes.  A type in the bank with no entry here fails the test.
CHOOSE_WITH = {
    "single": "radio",
    "true_false": "radio",
    "spasm_or_twitch": "radio",
    "multi": "checkbox",
    "warning_signs": "checkbox",
    "triage_level": "radio",
}


# ----------------------------------------------------------------- the notebooks


def notebook_source(path: Path) -> str:
    return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def widget_cell_count(path: Path) -> int:
    return sum(bool(WIDGET_CALL.search(cell.source))
               for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def first_quiz_id(notebook: Path) -> str:
    found = QUIZ_CALL.search(notebook_source(notebook))
    assert found, f"{notebook.name} shows no quiz"
    return found.group(1)


def cleared_copy(source: Path, folder: Path) -> Path:
    """The notebook with every output, execution count and widget state removed."""
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    target = folder / source.name
    nbformat.write(notebook, target)
    return target


def triage_notebook() -> Path:
    found = [path for path in NOTEBOOKS if "show_triage(" in notebook_source(path)]
    assert found, "no chapter shows the triage simulator"
    return found[0]


def bank_types() -> set[str]:
    return {question.type for question in BANK.questions()}


def question_plan() -> dict[Path, list[tuple[str, int]]]:
    """For each question type in the bank that this test can answer, the first
    question of that type in the first chapter showing it:
    {notebook: [(quiz id, question index), ...]}."""
    shown = {quiz_id: path for path in NOTEBOOKS for quiz_id in QUIZ_CALL.findall(notebook_source(path))}
    plan: dict[Path, list[tuple[str, int]]] = {}
    for kind in sorted(bank_types() & set(CHOOSE_WITH)):
        found = [(shown[quiz.id], quiz.id, index) for quiz in BANK.quizzes if quiz.id in shown
                 for index, question in enumerate(quiz.questions) if question.type == kind]
        if found:
            path, quiz_id, index = min(found, key=lambda f: (NOTEBOOKS.index(f[0]), f[1], f[2]))
            plan.setdefault(path, []).append((quiz_id, index))
    return plan


@pytest.fixture
def lab_page(browser, jupyterlab):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.watch = Watch(page, jupyterlab)
    page.base = jupyterlab
    yield page
    assert not page.watch.external, page.watch.external
    context.close()


def screenshot_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SPASM_SCREENSHOTS", "").strip() or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ----------------------------------------------------------------- JupyterLab, as a user drives it


def open_notebook(page, path: Path):
    """Open a chapter in a new tab; returns the visible notebook panel."""
    page.goto(f"{page.base}lab/tree/{LAB_NOTEBOOKS}/{path.name}?reset")
    panel = page.locator(PANEL)
    panel.locator(".jp-Notebook").wait_for()
    panel.locator(".jp-Cell").first.wait_for()
    return panel


def menu(page, *path: str) -> None:
    """Click through the menu bar: menu(page, "Run", "Run All Cells")."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{re.escape(path[0])}$")).click()
    for label in path[1:]:
        page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(label)}$")).last.click()


def set_theme(page, theme: str) -> None:
    if page.locator(f"body[data-jp-theme-name='{theme}']").count():
        return
    menu(page, "Settings", "Theme", theme)
    page.locator(f"body[data-jp-theme-name='{theme}']").wait_for(state="attached")
    page.wait_for_function("() => getComputedStyle(document.body).getPropertyValue('--jp-layout-color0').trim() !== ''")
    page.wait_for_timeout(500)  # the theme's style sheet applies


def wait_for_idle_kernel(base: str, name: str | None = None) -> None:
    """The server has started the kernel of notebook ``name`` (any notebook if None) and it is idle.

    jupyter_server can answer 500 while a kernel is still starting (its
    last_activity is not set yet), so a failed poll is retried."""
    deadline = time.monotonic() + RUN_TIMEOUT / 1000
    last_error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "api/sessions", timeout=5) as response:
                sessions = json.load(response)
        except OSError as error:  # HTTPError and URLError are OSErrors
            last_error, sessions = error, []
        if any((name is None or s.get("path", "").endswith(name))
               and (s.get("kernel") or {}).get("execution_state") == "idle" for s in sessions):
            return
        time.sleep(0.5)
    pytest.fail(f"{name or 'a notebook'}: the kernel did not start (last error: {last_error})")


def run_all(page, panel, path: Path) -> None:
    """Run ▸ Run All Cells, then wait until every widget cell shows its live widget."""
    wait_for_idle_kernel(page.base, path.name)
    # The toolbar says "idle" before the kernel has even started, hence the poll above.
    page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=RUN_TIMEOUT)
    menu(page, "Run", "Run All Cells")
    expected = widget_cell_count(path)
    page.wait_for_function(
        """([panel, live, stored, n]) => {
             const p = document.querySelector(panel);
             return p && p.querySelectorAll(live).length === n && p.querySelectorAll(stored).length === 0;
           }""",
        arg=[PANEL, LIVE, STORED, expected], timeout=RUN_TIMEOUT,
    )
    # The widgets' views render after their outputs appear: wait for the last one's buttons.
    panel.locator(LIVE).last.locator("button").first.wait_for(state="attached", timeout=RUN_TIMEOUT)


#: Wait until an element has kept its place for three frames (JupyterLab lays
#: out its notebook again after the window changes size).
SETTLE = """async (e) => {
  let last = '', same = 0;
  for (let i = 0; i < 100 && same < 3; i++) {
    await new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)));
    const now = JSON.stringify(e.getBoundingClientRect());
    same = now === last ? same + 1 : 0;
    last = now;
  }
}"""
AXE_ERROR = "Axe encountered an error"
AXE_CONTRAST = """async (element) => {
     const r = await axe.run({include: [element]},
       {runOnly: {type: 'rule', values: ['color-contrast']}, elementRef: true,
        resultTypes: ['violations', 'passes', 'incomplete']});
     // Each node as its own text (not its children's), and why it failed.
     const own = (e) => Array.from(e.childNodes).filter(c => c.nodeType === 3)
       .map(c => c.textContent).join(' ').replace(/\\s+/g, ' ').trim();
     const html = (list) => list.flatMap(rule => rule.nodes.map(
       n => own(n.element) + ' :: ' + n.html.slice(0, 120) + ' ' + (n.failureSummary || '')));
     return {violations: html(r.violations), passes: html(r.passes), incomplete: html(r.incomplete)};
   }"""


def contrast(page, selector: str) -> dict:
    """axe-core's color-contrast rule on the elements matching ``selector``, one at a time.

    axe measures only text it sees on screen.  JupyterLab's html and body are
    0 px tall (its shell is positioned on the window), which makes axe take
    every text for off-screen, so they get the window's height (nothing on
    screen moves); and for each element the window is made tall enough to
    show the whole of it, centred.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        page.add_style_tag(content="html, body { height: 100%; }")
    size = page.viewport_size
    found = {"targets": page.locator(selector).count(), "violations": [], "passes": [], "incomplete": []}
    try:
        for index in range(found["targets"]):
            element = page.locator(selector).nth(index)
            tall = element.evaluate("e => e.getBoundingClientRect().height")
            page.set_viewport_size({"width": size["width"], "height": int(max(size["height"], tall + 400))})
            for _attempt in range(3):
                element.evaluate(SETTLE)
                element.evaluate("e => e.scrollIntoView({block: 'center'})")
                element.evaluate(SETTLE)
                result = element.evaluate(AXE_CONTRAST)
                # axe can fail to measure while JupyterLab still lays out the resized
                # window ("Element midpoint exceeds the grid bounds"): measure again.
                if not any(AXE_ERROR in node for node in result["incomplete"]):
                    break
            for key, nodes in result.items():
                found[key] += nodes
    finally:
        page.set_viewport_size(size)
    return found


def assert_readable(page, selector: str, *must_pass: str) -> None:
    """No contrast violation, nothing axe could not measure, and each text in
    ``must_pass`` was measured and passed."""
    found = contrast(page, selector)
    theme = page.evaluate("() => document.body.dataset.jpThemeName")
    assert found["targets"], f"{theme}: nothing matches {selector}"
    assert not found["violations"], f"{theme}: {found['violations']}"
    assert not found["incomplete"], f"{theme}: axe could not measure {found['incomplete']}"
    assert found["passes"], f"{theme}: axe measured no text in {selector}"
    for text in must_pass:
        assert any(text in node for node in found["passes"]), f"{theme}: {text!r} was not measured; {found}"


def spaced(text: str) -> re.Pattern:
    """``text`` as a pattern that allows any run of white space between its words."""
    return re.compile(r"^\s*" + r"\s+".join(re.escape(word) for word in text.split()) + r"\s*$")


def focused(locator) -> bool:
    return locator.evaluate("e => e === document.activeElement")


def tab_to(page, locator, limit: int = 150) -> None:
    for _ in range(limit):
        if focused(locator):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"Tab never reached {locator}")


def quiz_output(panel, quiz_id: str):
    quiz = BANK.quiz(quiz_id)
    return panel.locator(LIVE).filter(has=panel.page.locator(".widget-html", has_text=quiz.title))


def question_box(output, quiz_id: str, index: int):
    """The live widget of one question: the innermost box holding its "Question N of M." heading."""
    quiz = BANK.quiz(quiz_id)
    heading = grading.messages()["question_of"].format(number=index + 1, total=len(quiz.questions)) + "."
    prompt = output.page.locator(".widget-html", has_text=heading)
    return output.locator(".widget-vbox").filter(has=prompt).last


def shown_lines(locator) -> list[str]:
    return locator.evaluate(
        "el => Array.from(el.querySelectorAll('p, li')).map(e => e.textContent.replace(/\\s+/g, ' ').trim())")


def answer_by_keyboard(page, output, quiz_id: str, index: int) -> None:
    """Tab through the question's choices and buttons, Space on the right choices,
    Enter on Check; the feedback is grading's, and focus stays in the widget."""
    question = BANK.quiz(quiz_id).questions[index]
    box = question_box(output, quiz_id, index)
    box.scroll_into_view_if_needed()
    controls = box.locator("input, button")
    kinds = controls.evaluate_all("els => els.map(e => e.tagName === 'BUTTON' ? 'button' : e.type)")
    # The choices come first, then the optional "How sure are you?" radios, then
    # Check, Try again and Show answer.
    choices = kinds[:len(question.choices)]
    assert set(choices) == {CHOOSE_WITH[question.type]}, (question.type, kinds)
    assert kinds[-3:] == ["button"] * 3 and "button" not in kinds[:-3], kinds
    wanted = {question.label(cid) for cid in question.correct}

    tab_to(page, controls.first)
    for position in range(len(kinds)):
        control = controls.nth(position)
        assert focused(control), f"{question.id}: Tab skipped control {position} ({kinds[position]})"
        if position < len(choices) and norm(control.evaluate("e => e.closest('label').textContent")) in wanted:
            page.keyboard.press("Space")
            assert control.is_checked(), f"{question.id}: Space did not choose {position}"
        if position + 1 < len(kinds):
            page.keyboard.press("Tab")
    check = controls.nth(len(kinds) - 3)
    assert check.inner_text().strip() == grading.messages()["check"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(check)
    page.keyboard.press("Enter")
    feedback = box.locator(".sc-feedback")
    feedback.wait_for(timeout=60_000)  # the kernel answers the click: slow on a busy machine
    assert shown_lines(feedback) == grading.grade(question, list(question.correct)).lines()
    # Focus stays in the widget, so the next key is the widget's, not the notebook's.
    assert focused(check), f"{question.id}: Check lost the focus"
    page.keyboard.press("Tab")
    assert focused(controls.nth(len(kinds) - 2)), f"{question.id}: Tab after Check left the widget"


# ----------------------------------------------------------------- before any cell runs


def test_a_fresh_chapter_shows_a_preview_whose_buttons_do_nothing(lab_page, tmp_path):
    page = lab_page
    panel = open_notebook(page, CHAPTER_ONE)
    set_theme(page, DARK)
    words = course_words().notebook.preview
    outputs = panel.locator(STORED)
    expected = widget_cell_count(CHAPTER_ONE)
    outputs.nth(expected - 1).wait_for(state="attached")
    assert outputs.count() == expected
    for index in range(expected):
        output = outputs.nth(index)
        line = output.locator(f":scope > .{preview.PREVIEW_CLASS}")
        assert output.evaluate(f"e => e.firstElementChild.classList.contains('{preview.PREVIEW_CLASS}')")
        line.scroll_into_view_if_needed()
        # JupyterLab paints a cell only once it is in view: wait for the painted text.
        expect(line).to_have_text(spaced(f"{words.label} {words.text}"), use_inner_text=True, timeout=30_000)
        assert line.bounding_box()["height"] > 10
        buttons = output.locator("button")
        assert buttons.count() >= 3
        assert buttons.evaluate_all("els => els.every(b => b.disabled)"), "a preview button is enabled"
        # Visibly disabled: greyed, not in the text colour of the question beside it.
        colours = output.evaluate("""e => [getComputedStyle(e.querySelector('button')).color,
                                           getComputedStyle(e.querySelector('legend')).color]""")
        assert colours[0] != colours[1], colours
    assert_readable(page, f"{PANEL} {STORED} .{preview.PREVIEW_CLASS}", words.text[:20])

    first = outputs.first
    first.locator(f".{preview.PREVIEW_CLASS}").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_folder(tmp_path) / "chapter1-before-run-dark.png"))
    before = first.inner_html()
    for label in (grading.messages()["check"], grading.messages()["show_answer"], grading.messages()["try_again"],
                  grading.messages()["reset"]):
        first.locator("button", has_text=label).first.click(force=True)
    first.locator("input").first.click(force=True)
    page.wait_for_timeout(500)
    assert first.inner_html() == before, "clicking the preview changed it"
    assert panel.locator(".sc-feedback").count() == 0
    assert panel.locator(LIVE).count() == 0, "clicking the preview ran a cell"


# ----------------------------------------------------------------- after Run All


PLAN = question_plan()
TRIAGE = triage_notebook()
RUN_ALL = sorted(set(PLAN) | {TRIAGE}, key=NOTEBOOKS.index)  # each chapter run once


def test_every_question_type_in_the_bank_is_answered_in_some_chapter():
    unhandled = sorted(bank_types() - set(CHOOSE_WITH))
    assert not unhandled, f"question types with no keyboard handler in this test: {unhandled}"
    planned = {BANK.quiz(quiz_id).questions[index].type for questions in PLAN.values()
               for quiz_id, index in questions}
    assert planned == bank_types(), f"no chapter shows {sorted(bank_types() - planned)}"
    assert CHAPTER_ONE in PLAN


@pytest.mark.parametrize("path", RUN_ALL, ids=lambda path: path.stem)
def test_run_all_replaces_the_previews_and_every_widget_works(lab_page, tmp_path, path):
    page = lab_page
    panel = open_notebook(page, path)
    set_theme(page, DARK)
    run_all(page, panel, path)
    assert panel.locator(f".{preview.PREVIEW_CLASS}").count() == 0
    assert panel.locator(STORED).count() == 0
    questions = sorted(PLAN.get(path, []))
    for quiz_id, index in questions:
        output = quiz_output(panel, quiz_id)
        # Keyboard only from here: a click on the quiz's title puts focus on its cell.
        output.locator(".widget-html", has_text=BANK.quiz(quiz_id).title).first.click()
        answer_by_keyboard(page, output, quiz_id, index)
    if path == CHAPTER_ONE:
        first_quiz, first_index = questions[0]
        question_box(quiz_output(panel, first_quiz), first_quiz, first_index).evaluate(
            "e => e.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
        page.screenshot(path=str(screenshot_folder(tmp_path) / "chapter1-after-run-dark.png"))
    # Every answered question shows feedback ("Correct!"): axe must have measured it.
    shown = [grading.messages()["correct"]] if questions else []
    if path == TRIAGE:
        triage_in_both_themes(page, panel, shown)
    else:
        for theme in (DARK, LIGHT):
            set_theme(page, theme)
            assert_readable(page, f"{PANEL} {LIVE}", *shown)


def triage_in_both_themes(page, panel, shown: list[str]) -> None:
    """The simulator says "Please answer" and reaches "appointment"; every widget
    output, the note and the card included, reads in JupyterLab Dark and Light."""
    text = triage.content()
    words = text.messages
    title = page.locator(".widget-html h3", has_text=re.compile(f"^{re.escape(words.title)}$"))
    output = panel.locator(LIVE).filter(has=title)
    output.scroll_into_view_if_needed()
    check = output.locator("button", has_text=re.compile(f"^{re.escape(words.check)}$"))
    card = output.locator(".sc-triage-card")

    def choose(field: str, value: str) -> None:
        label = text.fields[field].values[value] if value != "none" else text.fields[field].none_label
        if field == "causes":
            output.locator(".widget-checkbox label", has_text=re.compile(f"^{re.escape(label)}$")).click()
            return
        group = output.locator(".widget-radio").filter(
            has=page.locator("label.widget-label", has_text=re.compile(f"^{re.escape(text.fields[field].label)}$")))
        group.locator(".widget-radio-box label", has_text=re.compile(f"^{re.escape(label)}$")).click()

    check.click()
    everything = triage.missing_fields(where=None, kind=None, severity=None, frequency=None, home_care=None,
                                       causes=None)
    assert everything[0] == "where"
    please = triage.please_answer(everything)
    expect(card).to_have_text(spaced(please))
    expect(card).to_be_visible()
    assert_readable(page, f"{PANEL} {LIVE}", please, *shown)

    case = dict(where="leg_or_foot", kind="spasm", severity="severe", frequency="frequent", home_care="poor",
                causes=[])
    expected = triage.assess(**case)
    assert expected.level == "appointment"
    for field, value in case.items():
        for one in (value if isinstance(value, list) else [value]) or ["none"]:
            choose(field, one)
    check.click()
    result = f"{words.result}: {text.levels['appointment'].label}"
    expect(card.locator("p").first).to_have_text(spaced(result))
    assert_readable(page, f"{PANEL} .sc-triage-card", result)

    set_theme(page, LIGHT)
    assert_readable(page, f"{PANEL} .sc-triage-card", result)
    choose("causes", "none")  # untick: the causes are now unanswered
    check.click()
    please = triage.please_answer(["causes"])
    expect(card).to_have_text(spaced(please))
    expect(card).to_be_visible()
    assert_readable(page, f"{PANEL} {LIVE}", please, *shown)


# ----------------------------------------------------------------- somewhere else, by keyboard


def test_somewhere_else_reaches_outside_course_by_keyboard(lab_page):
    """Chapter 5: run the simulator's cell, then, with the keyboard alone, choose "Somewhere
    else, or not sure" (Tab, Space): every other question is greyed out, so the next Tab is
    Check; Enter shows the outside_course card, which opens with the emergency line and shows
    no home treatment."""
    page = lab_page
    text = triage.content()
    words = text.messages
    panel = open_notebook(page, TRIAGE)
    wait_for_idle_kernel(page.base, TRIAGE.name)
    page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=RUN_TIMEOUT)
    cell = panel.locator(".jp-CodeCell").filter(has_text="show_triage()")
    expect(cell).to_have_count(1)  # JupyterLab adds the cells a little after the notebook opens
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-InputPrompt").click()  # select the cell (command mode)
    page.keyboard.press("Shift+Enter")  # and run it
    output = cell.locator(LIVE)
    title = output.locator(".widget-html h3", has_text=re.compile(f"^{re.escape(words.title)}$"))
    title.wait_for(timeout=RUN_TIMEOUT)
    check = output.locator("button", has_text=re.compile(f"^{re.escape(words.check)}$"))
    check.wait_for(state="attached", timeout=RUN_TIMEOUT)

    where = output.locator(".widget-radio").filter(has=page.locator(
        "label.widget-label", has_text=re.compile(f"^{re.escape(text.fields['where'].label)}$")))
    elsewhere = where.locator(".widget-radio-box label", has_text=text.fields["where"].values["elsewhere"]
                              ).locator("input")
    # Keyboard only from here: a click on the simulator's title puts focus on its cell.
    title.click()
    tab_to(page, elsewhere, limit=20)  # "Where is it?" is the first question
    page.keyboard.press("Space")
    assert elsewhere.is_checked()
    expect(output.locator(".sc-triage-not-needed")).to_have_text(spaced(words.not_needed))
    # Every other question is greyed out (and the neck/back pain box not offered): only the
    # "Where is it?" choices can be used, so Tab goes to Check.
    expect(output.locator("input:enabled")).to_have_count(len(text.fields["where"].values))
    expect(where.locator("input:enabled")).to_have_count(len(text.fields["where"].values))
    page.keyboard.press("Tab")
    assert focused(check), "Tab after 'Somewhere else' did not go straight to Check"
    page.keyboard.press("Enter")

    card = output.locator(".sc-triage-card")
    expect(card.locator("p").first).to_have_text(spaced(words.emergency))
    expected = triage.assess(where="elsewhere")
    assert expected.level == "outside_course"
    lines = shown_lines(card)
    assert lines[:2] == [words.emergency, f"{words.result}: {expected.label}"], lines
    assert lines[-1] == words.disclaimer, lines
    assert not set(text.advice.home_treatments) & set(lines), lines
    assert not any(treatment[:30] in " ".join(lines) for treatment in text.advice.home_treatments), lines
    assert focused(check), "Check lost the focus"
