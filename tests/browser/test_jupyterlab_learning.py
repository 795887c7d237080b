"""Confidence marks in the live quiz widget, in a real JupyterLab (reuses test_jupyterlab's server)."""

from __future__ import annotations

import re

from conftest import LAB_NOTEBOOKS
from site_helpers import BANK, Watch
from test_jupyterlab import NOTEBOOK, PANEL, RUN_TIMEOUT, first_quiz_id, wait_for_idle_kernel

from spasm_course.engines import grading
from spasm_course.content.words import course_words


def upload(page, base: str, name: str, notebook: dict) -> None:
    """Save a notebook on the server with the contents API, as JupyterLab itself does
    (the server's _xsrf cookie, sent back as a header)."""
    page.goto(f"{base}lab")
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")
    response = page.request.put(f"{base}api/contents/{LAB_NOTEBOOKS}/{name}", headers={"X-XSRFToken": xsrf},
                                data={"type": "notebook", "format": "json", "content": notebook})
    assert response.ok, response.status


def run_all(page, base: str, name: str):
    page.goto(f"{base}lab/tree/{LAB_NOTEBOOKS}/{name}?reset")
    panel = page.locator(PANEL)
    panel.locator(".jp-Notebook").wait_for()
    wait_for_idle_kernel(base, name)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=RUN_TIMEOUT)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    return panel


def test_confidence_mark_in_the_live_widget(browser, jupyterlab):
    base, name = jupyterlab, NOTEBOOK.name
    words = course_words().confidence
    quiz = BANK.quiz(first_quiz_id(NOTEBOOK))
    question = quiz.questions[0]
    wrong = next(c.id for c in question.choices if c.id not in question.correct)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        watch = Watch(page, base)
        panel = run_all(page, base, name)
        # The question's first radio group is its choices, the second "How sure are you?".
        groups = panel.locator(".widget-radio")
        groups.nth(1).wait_for(state="attached", timeout=RUN_TIMEOUT)
        groups.nth(1).scroll_into_view_if_needed()
        sure_group = groups.nth(1)
        assert re.sub(r"\s+", " ", sure_group.locator("label").first.inner_text()).strip() == words.legend
        groups.nth(0).locator("label", has_text=question.label(wrong)).first.click()
        sure = sure_group.locator("input[type=radio]").first
        sure.focus()
        page.keyboard.press("Space")  # keyboard alone picks "Sure"
        assert sure.is_checked()
        panel.locator("button.jupyter-button", has_text=grading.messages()["check"]).first.click()
        feedback = panel.locator(".sc-feedback").first
        feedback.wait_for(timeout=60_000)  # the kernel answers the click: slow on a busy machine
        assert re.sub(r"\s+", " ", feedback.inner_text()).startswith(grading.messages()["incorrect"])
        # Try again clears the mark: the kernel saw it and reset it.
        panel.locator("button.jupyter-button", has_text=grading.messages()["try_again"]).first.click()
        feedback.wait_for(state="detached", timeout=30_000)
        checked = sure_group.evaluate("g => Array.from(g.querySelectorAll('input')).map(i => i.checked)")
        choices = groups.nth(0).evaluate("g => Array.from(g.querySelectorAll('input')).map(i => i.checked)")
        assert checked == [False, False], (checked, choices)
        assert not watch.external, watch.external
    finally:
        context.close()


def test_triage_level_question_in_the_live_widget(browser, jupyterlab):
    """Chapter 5's triage practice: "Make an appointment" for a twitch is a safe choice, never a mistake."""
    import json

    from test_jupyterlab import REPO, cleared_copy

    from spasm_course.engines.triage import content

    base = jupyterlab
    source = REPO / "notebooks" / "05-triage-simulator.ipynb"
    name = "ch05-practice.ipynb"
    # Chapter 5's practice-quiz cell, cleared, goes next to chapter 1 on the same server
    # (see upload()).  Only that cell: JupyterLab does not draw cells far out of view.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        notebook = json.loads(cleared_copy(source, Path(folder)).read_text(encoding="utf-8"))
    notebook["cells"] = [cell for cell in notebook["cells"]
                         if cell["cell_type"] == "code" and "ch05-triage-practice" in "".join(cell["source"])]
    assert len(notebook["cells"]) == 1

    quiz = BANK.quiz("ch05-triage-practice")
    index = next(i for i, q in enumerate(quiz.questions) if q.correct == ["not_a_spasm"])  # the twitch case
    question = quiz.questions[index]
    safe = grading.grade(question, ["appointment"])
    assert safe.status == "safe"
    levels = content().levels
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        watch = Watch(page, base)
        upload(page, base, name, notebook)
        panel = run_all(page, base, name)
        group = panel.locator(".widget-radio-box").filter(has_text=levels["not_a_spasm"].label).nth(index)
        group.wait_for(state="attached", timeout=RUN_TIMEOUT)
        group.scroll_into_view_if_needed()
        labels = [re.sub(r"\s+", " ", t).strip() for t in group.locator("label").all_text_contents()]
        assert labels == [levels[level].label for level in ("not_a_spasm", "self_care", "watch", "appointment")]
        group.locator("label", has_text=levels["appointment"].label).first.click()
        # This question's own Check: the first Check button after its options.
        box = group.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
        box.locator("button.jupyter-button", has_text=grading.messages()["check"]).first.click()
        feedback = box.locator(".sc-feedback").first
        feedback.wait_for(timeout=60_000)  # the kernel answers the click: slow on a busy machine
        text = re.sub(r"\s+", " ", feedback.inner_text())
        assert text.startswith(safe.headline) and "A careful choice, and not a mistake." in text
        assert "sc-safe" in feedback.get_attribute("class") and grading.messages()["incorrect"] not in text
        assert not watch.external, watch.external
    finally:
        context.close()
