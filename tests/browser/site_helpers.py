"""Small helpers shared by the browser tests (pages of the site, reading feedback)."""

from __future__ import annotations

import re
from pathlib import Path

from spasm_course.frontends import render
from spasm_course.content import Question, Quiz, default_bank

VENDOR = Path(__file__).parent / "vendor"
AXE_JS = VENDOR / "axe.min.js"

BANK = default_bank()
CHAPTER_ONE = "notebooks/01-what-are-muscle-spasms.html"
TEXT_PAGE = "book/about.html"
PROGRESS_PAGE = "book/progress.html"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def html_pages(site_dir: Path) -> list[str]:
    """Every HTML page of the built site, as paths relative to its root."""
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


def is_redirect(site_dir: Path, path: str) -> bool:
    """JB's index.html only forwards to the first page (a meta refresh)."""
    return 'http-equiv="refresh"' in (site_dir / path).read_text(encoding="utf-8").lower()


def pages_with(site_dir: Path, marker: str) -> list[str]:
    return [p for p in html_pages(site_dir) if marker in (site_dir / p).read_text(encoding="utf-8")]


def quiz_pages(site_dir: Path) -> list[str]:
    return pages_with(site_dir, 'class="sc-quiz"')


def triage_page(site_dir: Path) -> str:
    found = pages_with(site_dir, '<section class="sc-triage"')
    assert found, "no page shows the triage simulator"
    return found[0]


def quizzes_on(page) -> list[str]:
    return page.eval_on_selector_all("section.sc-quiz", "els => els.map(e => e.dataset.quiz)")


def question_form(page, quiz: Quiz, question: Question):
    return page.locator(f'form[id="{render.question_dom_id(quiz, question)}"]')


def choice(page, quiz: Quiz, question: Question, choice_id: str):
    return page.locator(f'input[id="{render.choice_dom_id(quiz, question, choice_id)}"]')


def shown_lines(locator) -> list[str]:
    """The lines shown in a feedback region or result card: paragraphs and list items, in order."""
    return locator.evaluate(
        "el => Array.from(el.querySelectorAll('p, li'))"
        ".map(e => e.textContent.replace(/\\s+/g, ' ').trim())"
    )


_ANSWER = """([formId, ids]) => {
  const form = document.getElementById(formId);
  form.querySelector('.sc-try-again').click();
  for (const id of ids) form.querySelector('input[value="' + CSS.escape(id) + '"]').click();
  form.querySelector('.sc-check').click();
  return Array.from(form.querySelectorAll('.sc-feedback-region p, .sc-feedback-region li'))
    .map(e => e.textContent.replace(/\\s+/g, ' ').trim());
}"""


def answer(page, quiz: Quiz, question: Question, ids) -> list[str]:
    """Try again, click the choices, click Check, and return the feedback lines, all in one
    round trip (real click events on the page's own elements, so the page's handlers run)."""
    return page.evaluate(_ANSWER, [render.question_dom_id(quiz, question), list(ids)])


_REVEAL = """(formId) => {
  const form = document.getElementById(formId);
  const lines = () => Array.from(form.querySelectorAll('.sc-feedback-region p, .sc-feedback-region li'))
    .map(e => e.textContent.replace(/\\s+/g, ' ').trim());
  form.querySelector('.sc-show-answer').click();
  const inputs = Array.from(form.querySelectorAll('input'));
  const shown = {lines: lines(), checked: inputs.filter(i => i.checked).map(i => i.value),
                 disabled: inputs.every(i => i.disabled) && form.querySelector('.sc-check').disabled};
  form.querySelector('.sc-try-again').click();
  shown.after = lines();
  shown.enabled = inputs.every(i => !i.disabled && !i.checked);
  return shown;
}"""


def reveal_then_try_again(page, quiz: Quiz, question: Question) -> dict:
    """Click Show answer, read what shows, click Try again, read again (one round trip)."""
    return page.evaluate(_REVEAL, render.question_dom_id(quiz, question))


def score(page, quiz: Quiz) -> str:
    return norm(page.locator(f'section[id="{render.quiz_dom_id(quiz)}"] .sc-score').inner_text())


def stored(page, quiz_id: str):
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('spasm-course:quiz:{quiz_id}'))")


class Watch:
    """Console errors, uncaught exceptions and off-site requests seen by a page."""

    def __init__(self, page, base_url: str):
        self.errors: list[str] = []
        self.external: list[str] = []
        self._base = base_url
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}\n{exc.stack or ''}"))
        page.on("request", self._request)

    def _console(self, message):
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            self.errors.append(f"console.error: {message.text} (at {where})")

    def _request(self, request):
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        if not url.startswith("http://127.0.0.1:"):
            self.external.append(url)


#: The axe rules whose result can change with light or dark mode.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def run_axe(page, rules: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical violations on the current page (vendored, no network).

    ``rules`` limits the run to those rule ids (all rules when None)."""
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    return page.evaluate(
        """async (options) => {
            const r = await axe.run(document, options);
            return r.violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => ({id: v.id, impact: v.impact, help: v.help,
                          nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}));
        }""",
        options,
    )
