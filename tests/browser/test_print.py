"""Printing a page from the browser (what Ctrl+P gives): the print stylesheet at work."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from site_helpers import BANK, CHAPTER_ONE, choice, question_form, triage_page

ROOT = Path(__file__).resolve().parents[2]
DISCLAIMER = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["announcement"]

#: In print media, what a question shows: controls, feedback and how each choice looks.
_PRINTED = """() => {
  const shown = (el) => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
  const visible = (sel) => Array.from(document.querySelectorAll(sel)).filter(shown).length;
  const inputs = Array.from(document.querySelectorAll('.sc-choice input'));
  return {
    buttons: visible('button, .sc-buttons, .sc-button'),
    feedback: visible('.sc-feedback-region, .sc-feedback, .sc-quiz-footer, .sc-triage-result'),
    nav: visible('.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, .bd-header-article'),
    inputs: inputs.length,
    drawn: inputs.filter((i) => getComputedStyle(i).appearance !== 'none').length,
    unbreakable: Array.from(document.querySelectorAll('.sc-question'))
      .filter((q) => getComputedStyle(q).breakInside !== 'avoid').length,
  };
}"""


def pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    out = subprocess.run([shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def test_a_used_quiz_prints_as_a_blank_question_sheet(page, site_url):
    """Answer a question and show another's answer on screen: the print shows neither."""
    page.goto(site_url + CHAPTER_ONE)
    quiz = BANK.quiz("ch01-definition")
    first, second = quiz.questions[0], quiz.questions[1]
    choice(page, quiz, first, sorted(first.correct)[0]).check()
    question_form(page, quiz, first).locator(".sc-check").click()
    question_form(page, quiz, second).locator(".sc-show-answer").click()
    assert question_form(page, quiz, first).locator(".sc-feedback").is_visible()

    page.emulate_media(media="print")
    printed = page.evaluate(_PRINTED)
    assert printed["buttons"] == 0 and printed["feedback"] == 0 and printed["nav"] == 0, printed
    assert printed["inputs"] > 0 and printed["drawn"] == 0, "choices print as plain empty boxes and circles"
    assert printed["unbreakable"] == 0, "every question is kept on one page"


def test_every_printed_page_has_the_disclaimer_and_its_number(page, site_url, site_dir, tmp_path):
    page.goto(site_url + triage_page(site_dir))
    pages = pdf_pages(page.pdf(), tmp_path)  # no options: the page's own @page rules, as in Ctrl+P
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        flat = re.sub(r"\s+", " ", text)
        assert re.sub(r"\s+", " ", DISCLAIMER) in flat, f"printed page {number} has no disclaimer"
        assert f"Page {number} of {len(pages)}" in flat, f"printed page {number} has no page number"
        assert "Course version " in flat
    everything = "\n".join(pages)
    assert "Your result, and the reason:" in everything, "the triage form prints as a worksheet"
    # Every answer prints, the cause the screen offers only for the neck or back too.
    from spasm_course.engines import triage
    pain = triage.content().fields["causes"].values["neck_back_pain"]
    assert page.locator('input[id="sc-triage.causes.neck_back_pain"]').is_hidden(), "hidden on screen until a place"
    assert re.sub(r"\s+", " ", pain) in re.sub(r"\s+", " ", everything)
    assert not [line for line in everything.splitlines() if line.strip() in {"Check", "Try again", "Show answer"}]


_LIGHT_TEXT = """() => {
  const light = [];
  for (const el of document.querySelectorAll('article :is(p, li, td, th, pre, blockquote, legend, label, dt, dd, h1, h2, h3)')) {
    if (getComputedStyle(el).display === 'none' || !el.textContent.trim()) continue;
    const [r, g, b] = getComputedStyle(el).color.match(/[\\d.]+/g).map(Number);
    if (0.2126 * r + 0.7152 * g + 0.0722 * b > 100) light.push(el.tagName + ': ' + el.textContent.trim().slice(0, 40));
  }
  return light;
}"""


def test_dark_mode_prints_dark_text_on_white(page, site_url, site_dir):
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + triage_page(site_dir))
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
    assert page.evaluate(_LIGHT_TEXT), "on screen, dark mode has light text (else this test checks nothing)"
    page.emulate_media(media="print", color_scheme="dark")
    assert page.evaluate(_LIGHT_TEXT) == []
