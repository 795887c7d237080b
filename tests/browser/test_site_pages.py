"""Every page of the built site, in Chromium: nothing from other hosts, no console errors,
no widget machinery, no serious accessibility problems in light or dark mode, and
chapter pages with quizzes that weigh little more than a text page."""

from __future__ import annotations

from site_helpers import (BANK, CHAPTER_ONE, COLOUR_RULES, TEXT_PAGE, Watch, html_pages, is_redirect,
                          quiz_pages, quizzes_on, run_axe, triage_page)

from spasm_course.engines import grading
from spasm_course.frontends import preview, render
from spasm_course.content.words import course_words

WIDGET_MACHINERY = ("require.js", "require.min.js", "embed-amd", "html-manager", "jupyter-widgets")

# Puts every kind of feedback on screen (correct, not quite, revealed, "choose an
# answer", a triage note and a result card) so that axe checks their colours too.
_EXERCISE = """(quizzes) => {
  const click = (el) => el && el.click();
  for (const q of quizzes) {
    const form = (id) => document.getElementById(id);
    for (const id of q.right[1]) click(form(q.right[0]).querySelector('input[value="' + CSS.escape(id) + '"]'));
    click(form(q.right[0]).querySelector('.sc-check'));
    click(form(q.wrong[0]).querySelector('input[value="' + CSS.escape(q.wrong[1]) + '"]'));
    click(form(q.wrong[0]).querySelector('.sc-check'));
    click(form(q.shown).querySelector('.sc-show-answer'));
    click(form(q.empty).querySelector('.sc-check'));
  }
  const triage = document.querySelector('section.sc-triage');
  if (triage) {
    click(triage.querySelector('.sc-check'));
    for (const id of ['kind.spasm', 'severity.severe', 'frequency.frequent', 'home_care.helped', 'causes.none'])
      click(document.getElementById('sc-triage.' + id));
    click(triage.querySelector('.sc-check'));
  }
}"""


def notebook_preview_problems(page) -> list[str]:
    """The notebook's preview line must never show on the site, and the kernel-free
    controls it greys out in JupyterLab must be shown and enabled here."""
    found = []
    words = course_words().notebook.preview
    if page.locator(f".{preview.PREVIEW_CLASS}").count() or words.text in page.locator("body").inner_text():
        found.append("shows the notebook preview line")
    idle = page.evaluate("""() => {
      // Buttons of a shown question or form (the practice page hides questions not yet due).
      const hidden = Array.from(document.querySelectorAll('.sc-buttons'))
        .filter(b => b.parentElement.checkVisibility() && !b.checkVisibility());
      const disabled = document.querySelectorAll(
        '.sc-try-again:disabled, .sc-show-answer:disabled, .sc-reset:disabled, .sc-triage .sc-check:disabled');
      return hidden.length + disabled.length;
    }""")
    if idle:
        found.append(f"{idle} quiz or triage controls hidden or disabled")
    return found


def exercise(page) -> None:
    plans = []
    for quiz_id in quizzes_on(page):
        quiz = BANK.quiz(quiz_id)
        questions = (quiz.questions * 4)[:4]
        right, wrong, shown, empty = questions
        bad = [c for c in grading.display_order(wrong) if c not in wrong.correct][:1] or [wrong.correct[0]]
        plans.append({
            "right": [render.question_dom_id(quiz, right), list(right.correct)],
            "wrong": [render.question_dom_id(quiz, wrong), bad[0]],
            "shown": render.question_dom_id(quiz, shown),
            "empty": render.question_dom_id(quiz, empty),
        })
    page.evaluate(_EXERCISE, plans)


def visit_every_page(browser, site_url, site_dir, mode: str) -> dict:
    """Visit every page in ``mode``; return what went wrong, by page."""
    context = browser.new_context()
    # The theme reads its mode from localStorage before the page paints.
    context.add_init_script(f"try {{ localStorage.setItem('mode', '{mode}'); "
                            f"localStorage.setItem('theme', '{mode}'); }} catch (e) {{}}")
    problems: dict[str, list] = {}
    requested: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("request", lambda request: requested.append(request.url))
        watch = Watch(page, site_url)
        pages = html_pages(site_dir)
        assert len(pages) >= 10
        # Chapters first, so the progress page has scores to show.
        for path in sorted(pages, key=lambda p: (not p.startswith("notebooks/"), p)):
            found = []
            page.goto(site_url + path)
            if mode == "light":
                page.wait_for_load_state("networkidle")  # late requests count too
            if is_redirect(site_dir, path):
                page.wait_for_url(lambda url: not url.endswith(path))
            else:
                if page.evaluate("document.documentElement.dataset.theme") != mode:
                    found.append(f"not in {mode} mode")
                if page.locator('script[type^="application/vnd.jupyter.widget"]').count():
                    found.append("carries ipywidgets state or views")
                found += notebook_preview_problems(page)
                exercise(page)
                # Light mode: every rule.  Dark mode: the page is the same but for its
                # colours, so the colour rules again.
                found += run_axe(page, None if mode == "light" else COLOUR_RULES)
            found += watch.errors + [f"request to another host: {url}" for url in watch.external]
            watch.errors.clear()
            watch.external.clear()
            if found:
                problems[path] = found
        machinery = [url for url in requested if any(name in url for name in WIDGET_MACHINERY)]
        if machinery:
            problems["widget machinery"] = machinery
    finally:
        context.close()
    return problems


def test_every_page_in_light_mode_is_clean_and_accessible(browser, site_url, site_dir):
    problems = visit_every_page(browser, site_url, site_dir, "light")
    assert not problems, problems


def test_every_page_in_dark_mode_is_clean_and_accessible(browser, site_url, site_dir):
    problems = visit_every_page(browser, site_url, site_dir, "dark")
    assert not problems, problems


def page_weight(browser, url: str) -> int:
    """Bytes of every response body a fresh visit to ``url`` loads (the page and all it fetched,
    fonts included), from the browser's own resource timing."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        page.evaluate("document.fonts.ready.then(() => true)")
        return page.evaluate(
            """() => performance.getEntriesByType('navigation')
                 .concat(performance.getEntriesByType('resource'))
                 .reduce((sum, entry) => sum + entry.decodedBodySize, 0)"""
        )
    finally:
        context.close()


#: What a chapter's quizzes or simulator may add to a text page's weight: the allowance of
#: the earlier rule "at most 1.1 x a text page" when every page carried 2.5 MB of theme.
#: With the theme slimmed to about 0.6 MB a ratio would shrink the allowance with it.
#: (tests/page_budget.py caps every page's total: 200 kB gzipped, 900 kB uncompressed.)
QUIZ_ALLOWANCE = 250_000


def test_chapter_pages_with_quizzes_weigh_at_most_250_kb_more_than_a_text_page(browser, site_url, site_dir):
    text = page_weight(browser, site_url + TEXT_PAGE)
    weights = {path: page_weight(browser, site_url + path)
               for path in sorted(set(quiz_pages(site_dir)) | {CHAPTER_ONE, triage_page(site_dir)})}
    report = ", ".join(f"{path}: {weight} B (+{weight - text} B)" for path, weight in weights.items())
    print(f"\npage weights: {TEXT_PAGE}: {text} B; {report}")
    heavy = {path: weight - text for path, weight in weights.items() if weight > text + QUIZ_ALLOWANCE}
    assert not heavy, f"more than {QUIZ_ALLOWANCE} B heavier than {TEXT_PAGE} ({text} B): {heavy}"
