"""Confidence marks in the live quiz widget, in a real JupyterLab (reuses test_jupyterlab's server)."""

from __future__ import annotations

import re

from site_helpers import BANK, Watch
from test_jupyterlab import (NOTEBOOK, PANEL, RUN_TIMEOUT, first_quiz_id, jupyterlab,  # noqa: F401 (fixture)
                             wait_for_idle_kernel)

from spasm_course import grading
from spasm_course.learning_words import learning_words


def run_all(page, base: str, name: str):
    page.goto(f"{base}lab/tree/{name}?reset")
    panel = page.locator(PANEL)
    panel.locator(".jp-Notebook").wait_for()
    wait_for_idle_kernel(base)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=RUN_TIMEOUT)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()
    return panel


def test_confidence_mark_in_the_live_widget(browser, jupyterlab):
    base, name = jupyterlab
    words = learning_words().confidence
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
        panel.locator("button.jupyter-button", has_text=grading.MESSAGES["check"]).first.click()
        feedback = panel.locator(".sc-feedback").first
        feedback.wait_for(timeout=30_000)
        assert re.sub(r"\s+", " ", feedback.inner_text()).startswith(grading.MESSAGES["incorrect"])
        # Try again clears the mark: the kernel saw it and reset it.
        panel.locator("button.jupyter-button", has_text=grading.MESSAGES["try_again"]).first.click()
        feedback.wait_for(state="detached", timeout=30_000)
        checked = sure_group.evaluate("g => Array.from(g.querySelectorAll('input')).map(i => i.checked)")
        choices = groups.nth(0).evaluate("g => Array.from(g.querySelectorAll('input')).map(i => i.checked)")
        assert checked == [False, False], (checked, choices)
        assert not watch.external, watch.external
    finally:
        context.close()
