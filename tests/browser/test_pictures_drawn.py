"""Pictures that teach (issue 22), seen in real Chromium: on the site and in JupyterLab, in
light and dark mode, every picture draws with a size; on a phone a chapter's picture opens
at full width; the captions read in both JupyterLab themes."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from site_helpers import BANK, run_axe
from test_jupyterlab import (CHAPTER_ONE, DARK, LIGHT, PANEL, STORED, assert_readable, lab_page, open_notebook,  # noqa: F401 (lab_page: a fixture)
                             set_theme)

#: Chapter 1's quizzes, in the order of their cells (each stores one preview output).
STORED_QUIZZES = [quiz for cell in json.loads(CHAPTER_ONE.read_text(encoding="utf-8"))["cells"]
                  if cell["cell_type"] == "code"
                  for quiz in re.findall(r'show_quiz\("([\w-]+)"\)', "".join(cell["source"]))]

#: The chapters with pictures: their prose's, or their quizzes' drawn cases.
PAGES = ["notebooks/01-what-are-muscle-spasms.html", "notebooks/03-symptoms.html",
         "notebooks/04-treatment-and-when-to-see-a-doctor.html", "notebooks/05-triage-simulator.html",
         "notebooks/06-review.html"]
PICTURES = "figure.sc-figure img, ul.sc-picture-list img"
#: Every drawn picture's size once it has loaded (it must be in view: most load lazily).
SIZES = """async (root) => {
  const out = [];
  for (const img of root.querySelectorAll(arguments_selector)) {
    if (img.closest('[hidden]')) continue;
    img.scrollIntoView({block: 'center'});
    await img.decode().catch(() => null);
    const box = img.getBoundingClientRect();
    out.push({src: (img.getAttribute('src') || '').slice(0, 60), natural: img.naturalWidth,
              width: box.width, height: box.height, alt: img.getAttribute('alt')});
  }
  return out;
}""".replace("arguments_selector", repr(PICTURES))


def mode_context(browser, mode: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=mode)
    context.add_init_script(f"localStorage.setItem('mode','{mode}');localStorage.setItem('theme','{mode}');")
    return context


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_picture_draws_with_a_size_in_light_and_dark_mode(browser, site_url, mode):
    context = mode_context(browser, mode)
    try:
        page = context.new_page()
        seen = 0
        for path in PAGES:
            page.goto(site_url + path)
            assert page.evaluate("document.documentElement.dataset.theme") == mode
            sizes = page.evaluate(SIZES, page.locator("article").element_handle())
            assert sizes, f"{path}: no picture"
            for size in sizes:
                assert size["natural"] > 0 and size["width"] > 0 and size["height"] > 0, (path, size)
            seen += len(sizes)
        # The three chapter pictures, the picture lists' drawings (three treatments, four signs)
        # and each drawn quiz case.
        assert seen == 3 + 3 + 4 + sum(q.figure is not None for q in BANK.questions())
        assert not run_axe(page), f"{mode}: axe"
    finally:
        context.close()


def test_on_a_phone_a_chapter_picture_fills_the_column_and_opens_at_full_width(browser, site_url):
    context = mode_context(browser, "light", width=390)
    try:
        page = context.new_page()
        page.goto(site_url + PAGES[0])
        link = page.locator("figure.sc-chapter-figure a").first
        img = link.locator("img")
        img.scroll_into_view_if_needed()
        page.evaluate("(img) => img.decode()", img.element_handle())
        box, column = img.bounding_box(), page.locator("article").bounding_box()
        assert box["width"] >= 0.85 * column["width"] and box["x"] + box["width"] <= 390
        # Its space was reserved: the height follows the drawing's own proportions.
        natural = page.evaluate("(i) => [i.naturalWidth, i.naturalHeight]", img.element_handle())
        assert abs(box["height"] / box["width"] - natural[1] / natural[0]) < 0.02
        with page.expect_navigation():
            link.click()
        assert page.url.endswith(".svg")
        drawn = page.evaluate("() => [document.documentElement.localName, innerWidth]")
        assert drawn[0] == "svg"
    finally:
        context.close()


# ----------------------------------------------------------------- JupyterLab


def test_chapter_pictures_and_drawn_cases_draw_in_jupyterlab_light_and_dark_before_run_all(lab_page):
    page = lab_page
    panel = open_notebook(page, CHAPTER_ONE)
    for theme in (LIGHT, DARK):
        set_theme(page, theme)
        chapter = panel.locator(".jp-RenderedMarkdown figure img").first
        chapter.scroll_into_view_if_needed()
        # JupyterLab draws a cell only once it is in view: bring the practice quiz's stored preview there.
        quiz = panel.locator(STORED).nth(STORED_QUIZZES.index("ch01-spasm-or-twitch"))
        quiz.wait_for(state="attached")
        quiz.scroll_into_view_if_needed()
        cases = quiz.locator("figure.sc-figure img")
        expected = sum(q.figure is not None for q in BANK.quiz("ch01-spasm-or-twitch").questions)
        assert expected >= 2
        expect(cases).to_have_count(expected, timeout=30_000)
        for img in [chapter, *[cases.nth(i) for i in range(expected)]]:
            img.scroll_into_view_if_needed()
            page.wait_for_function("(i) => i.complete && i.naturalWidth > 0", arg=img.element_handle(),
                                   timeout=30_000)
            box = img.bounding_box()
            assert box and box["width"] > 0 and box["height"] > 0, theme
            assert img.get_attribute("alt")
        assert_readable(page, f"{PANEL} .jp-RenderedMarkdown figcaption", "Left, a spasm")
