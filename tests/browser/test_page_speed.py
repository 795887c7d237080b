"""What keeps a phone's main thread free while a page loads (spasm_course.sphinx.slim), and
that a reader loses nothing by it:

* the colour theme is chosen once, before the first style, in every mode;
* the header is never painted half parsed (no layout shift when the rest arrives);
* a header button's tooltip still shows on hover and on keyboard focus, though it is made then;
* a code block wider than a phone is still a tab stop, so a keyboard can scroll it;
* sections skipped off screen still take a link to their heading, and leave room for focus rings.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect
from site_helpers import CHAPTER_ONE, Watch

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}

THEME_LOG_JS = """() => {
  window.scThemes = [];
  new MutationObserver(records => records.forEach(r => window.scThemes.push(r.target.dataset.theme)))
    .observe(document, {subtree: true, attributes: true, attributeFilter: ['data-theme']});
}"""


@pytest.fixture
def phone_page(browser, site_url):
    """A page in a fresh phone-sized context, watching for console errors and off-site requests."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.problems = Watch(page, site_url)
    yield page
    context.close()


@pytest.mark.parametrize("system, stored, expected", [
    ("light", None, "light"), ("dark", None, "dark"),      # a first visit: the system's choice
    ("dark", "light", "light"), ("light", "dark", "dark"),  # the reader chose with the colour-mode button
    ("dark", "auto", "dark"),
])
def test_colour_theme_is_set_once_before_the_first_style(browser, site_url, system, stored, expected):
    context = browser.new_context(color_scheme=system)
    try:
        if stored:
            context.add_init_script(f"localStorage.setItem('mode', '{stored}')")
        context.add_init_script(f"({THEME_LOG_JS})()")
        page = context.new_page()
        page.problems = Watch(page, site_url)
        page.goto(site_url + CHAPTER_ONE)
        page.wait_for_load_state("load")
        page.wait_for_timeout(200)
        themes = page.evaluate("window.scThemes")
        # The head script sets it (once), the theme's script sets the same again: never another value,
        # so the page is never styled in the wrong colours, nor styled twice.
        assert themes and set(themes) == {expected}, themes
        assert page.evaluate("document.documentElement.dataset.theme") == expected
        assert page.problems.errors == [] and page.problems.external == []
    finally:
        context.close()


class _SlowHeaderHandler(SimpleHTTPRequestHandler):
    """Serves the site; the one page ``split`` names comes in two parts, 0.8 s apart, the
    first ending inside the article header (after its first button), as on a slow network."""

    split: dict[str, bytes] = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path not in self.split:
            return super().do_GET()
        body = self.split[path]
        cut = body.index(b"</button>", body.index(b"header-article-items__end")) + len(b"</button>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body[:cut])
        self.wfile.flush()
        time.sleep(0.8)
        self.wfile.write(body[cut:])
        self.close_connection = True


SHIFTS_JS = """() => { window.scShifts = [];
  new PerformanceObserver(list => { for (const e of list.getEntries()) window.scShifts.push(e.value); })
    .observe({type: 'layout-shift', buffered: true}); }"""


def _shifts_while_header_streams(browser, site_dir, html: bytes) -> list[float]:
    handler = functools.partial(_SlowHeaderHandler, directory=str(site_dir))
    _SlowHeaderHandler.split = {"/" + CHAPTER_ONE: html}
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(**PHONE)
    try:
        context.add_init_script(f"({SHIFTS_JS})()")
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/{CHAPTER_ONE}")
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        return page.evaluate("window.scShifts")
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_header_is_never_painted_half_parsed(browser, site_dir):
    """A phone on a slow network gets the header's buttons in two parts: nothing moves."""
    html = (site_dir / CHAPTER_ONE).read_bytes()
    hold = b'<link rel="expect" href="#sc-header-parsed" blocking="render">'
    assert hold in html and b'id="sc-header-parsed"' in html
    assert html.index(b'id="sc-header-parsed"') > html.rindex(b"header-article-items__end")
    assert _shifts_while_header_streams(browser, site_dir, html) == []
    # The same page without the hold: the first buttons are painted, the others then push them
    # left.  (This is what the hold prevents, so this test can fail.)
    assert sum(_shifts_while_header_streams(browser, site_dir, html.replace(hold, b""))) > 0


def test_header_tooltips_show_on_hover_and_on_focus(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.problems = Watch(page, site_url)
        page.goto(site_url + CHAPTER_ONE)
        page.wait_for_load_state("load")
        button = page.locator(".bd-header-article .theme-switch-button")
        # Made when first wanted, not at load: the button keeps its title until then.
        assert page.locator("[data-bs-original-title]").count() == 0
        expect(button).to_have_accessible_name("Color mode")
        button.hover()
        expect(page.get_by_role("tooltip")).to_have_text("Color mode", timeout=3000)
        page.mouse.move(5, 600)
        expect(page.get_by_role("tooltip")).to_have_count(0, timeout=3000)
        fullscreen = page.locator(".bd-header-article .btn-fullscreen-button")
        fullscreen.focus()
        expect(page.get_by_role("tooltip")).to_have_text("Fullscreen mode", timeout=3000)
        expect(fullscreen).to_have_accessible_name("Fullscreen mode")
        assert page.problems.errors == [] and page.problems.external == []
    finally:
        context.close()


WIDE_PRE_JS = """() => {
  const wide = Array.from(document.querySelectorAll('.bd-article pre')).find(p => p.scrollWidth > p.clientWidth + 20);
  if (!wide) return null;
  wide.id = wide.id || 'sc-test-wide';
  return '#' + wide.id;
}"""


def test_wide_code_block_on_a_phone_is_a_tab_stop(phone_page, site_url):
    page = phone_page
    page.goto(site_url + "book/editing-questions.html")
    page.wait_for_load_state("load")
    # Before it is laid out (its section is skipped off screen), every block that may scroll
    # is a tab stop; so axe finds no scrollable region a keyboard cannot reach.
    assert page.eval_on_selector_all(".bd-article pre", "ps => ps.filter(p => p.tabIndex !== 0 && "
                                     "!p.hasAttribute('tabindex')).length") == 0
    selector = page.evaluate(WIDE_PRE_JS)
    assert selector, "editing-questions has a code block wider than a phone"
    block = page.locator(selector)
    block.scroll_into_view_if_needed()
    expect(block).to_have_attribute("tabindex", "0", timeout=3000)
    # ... so the keyboard reaches it and scrolls it sideways.
    block.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("s => document.querySelector(s).scrollLeft > 0", arg=selector, timeout=3000)
    # A block that fits is not a tab stop, once it is laid out.
    narrow = page.evaluate("""() => { const p = Array.from(document.querySelectorAll('.bd-article pre'))
        .find(p => p.scrollWidth <= p.clientWidth && p.scrollHeight <= p.clientHeight);
        if (!p) return null; p.id = p.id || 'sc-test-narrow'; p.scrollIntoView(); return '#' + p.id; }""")
    assert narrow, "editing-questions has a code block that fits a phone"
    expect(page.locator(narrow)).to_have_attribute("tabindex", "-1", timeout=3000)
    assert page.problems.errors == [] and page.problems.external == []


def test_link_to_a_far_section_lands_on_its_heading(phone_page, site_url):
    """Sections off screen are skipped, not dropped: a link into the last one still lands on it."""
    page = phone_page
    page.goto(site_url + "book/editing-questions.html")
    anchors = page.eval_on_selector_all(".bd-article > section > section[id]", "s => s.map(x => x.id)")
    assert len(anchors) >= 3
    assert page.eval_on_selector(".bd-article > section > section:last-of-type",
                                 "s => getComputedStyle(s).contentVisibility") == "auto"
    last = anchors[-1]
    page.goto(site_url + f"book/editing-questions.html#{last}")
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    top = page.eval_on_selector(f"[id='{last}'] > :is(h2, h3)", "h => h.getBoundingClientRect().top")
    assert 0 <= top < 250, f"the heading of #{last} is at {top}px, not at the top of the screen"
    assert page.problems.errors == [] and page.problems.external == []


def test_focus_ring_at_a_skipped_sections_edge_is_not_clipped(phone_page, site_url):
    """A skipped section clips what it paints to its padding box: its padding must hold a focus ring."""
    page = phone_page
    page.goto(site_url + "book/editing-questions.html")
    page.keyboard.press("Tab")
    room = page.evaluate("""() => {
      const s = document.querySelector('.bd-article > section > section');
      const a = s.querySelector('a[href], button, input');
      a.focus({focusVisible: true});
      const st = getComputedStyle(a), ss = getComputedStyle(s);
      const ring = parseFloat(st.outlineWidth) + Math.max(0, parseFloat(st.outlineOffset) || 0);
      const left = a.getBoundingClientRect().left - s.getBoundingClientRect().left;
      return {ring, left, visibility: ss.contentVisibility};
    }""")
    assert room["visibility"] == "auto"
    assert room["ring"] > 0 and room["left"] >= room["ring"], room
