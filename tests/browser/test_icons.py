"""The theme's icon buttons, now inline SVG instead of Font Awesome: each is visible, named,
drawn in both colour modes, and does its job.  On a build with a repository and a JupyterHub
URL set (``site_with_repo``), so the repository and launch buttons exist.
"""

from __future__ import annotations

import re

import pytest
from loopback import serve
from playwright.sync_api import expect
from site_helpers import CHAPTER_ONE, Watch, run_axe

# (accessible name, CSS selector of the button) for every icon button of a chapter's header.
HEADER_BUTTONS = [
    ("Toggle primary sidebar", ".bd-header-article .primary-toggle"),
    ("Launch interactive content", ".dropdown-launch-buttons > button"),
    ("Source repositories", ".dropdown-source-buttons > button"),
    ("Download this page", ".dropdown-download-buttons > button"),
    ("Fullscreen mode", ".bd-header-article .btn-fullscreen-button"),
    ("Color mode", ".bd-header-article .theme-switch-button"),
    ("Search", ".bd-header-article .search-button"),
    ("Toggle secondary sidebar", ".bd-header-article .secondary-toggle"),
]
#: At desktop width the header's search button gives way to the navbar's search field, and
#: the table of contents is shown, so it has no toggle.
DESKTOP_BUTTONS = [b for b in HEADER_BUTTONS if b[0] not in ("Search", "Toggle secondary sidebar")] + [
    ("Search", ".bd-header .search-button-field")]
MODES = ["light", "dark"]
WIDTHS = {"phone": (390, HEADER_BUTTONS), "desktop": (1280, DESKTOP_BUTTONS)}

# Name, size, the SVG drawn (a path with a non-zero box) and its colour against the page.
BUTTON_STATE_JS = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  const svg = Array.from(el.querySelectorAll('svg')).find(s => s.getBoundingClientRect().width > 0);
  const svgBox = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const path = svg && svg.querySelector('path');
  return {width: box.width, height: box.height, svgWidth: svgBox.width, svgHeight: svgBox.height,
          drawn: !!(path && path.getAttribute('d') && path.getBBox().width > 0),
          colour: svg ? getComputedStyle(svg).color : null,
          fontIcons: el.querySelectorAll('i[class*="fa-"], span[class*="fa-"]').length};
}"""

LUMINANCE_JS = """(colour) => {
  const c = document.createElement('canvas').getContext('2d');
  c.fillStyle = colour; const hex = c.fillStyle;
  const rgb = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}"""


@pytest.fixture(scope="module")
def repo_url(site_with_repo):
    with serve(site_with_repo) as url:
        yield url


def open_page(browser, base: str, path: str, mode: str, width: int = 1280):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}');")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.problems = Watch(page, base)
    page.goto(base + path, wait_until="load")
    return context, page


def contrast(page, colour: str, background: str) -> float:
    a, b = page.evaluate(LUMINANCE_JS, colour), page.evaluate(LUMINANCE_JS, background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("mode", MODES)
def test_every_icon_button_is_visible_named_and_drawn(browser, repo_url, mode, width):
    pixels, buttons = WIDTHS[width]
    context, page = open_page(browser, repo_url, CHAPTER_ONE, mode, width=pixels)
    page.wait_for_load_state("networkidle")  # theme-fixes.js names the search button on "load"
    assert page.evaluate("document.documentElement.dataset.theme") == mode
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for name, selector in buttons:
        state = page.evaluate(BUTTON_STATE_JS, selector)
        assert state, f"no {name!r} button ({selector}) on {CHAPTER_ONE}"
        assert state["width"] > 0 and state["height"] > 0, f"{name!r} button has no size ({mode})"
        assert state["svgWidth"] > 0 and state["svgHeight"] > 0 and state["drawn"], f"{name!r} draws no SVG ({mode})"
        assert state["fontIcons"] == 0, f"{name!r} still holds a Font Awesome element"
        # its accessible name, as assistive technology computes it
        # its accessible name, as assistive technology computes it ("Search Ctrl+K" once relabelled)
        expect(page.locator(selector).first).to_have_accessible_name(re.compile("^" + re.escape(name)))
        # non-text contrast (WCAG 1.4.11): the icon stands out from the page in this mode
        ratio = contrast(page, state["colour"], background)
        assert ratio >= 3, f"{name!r} icon contrast {ratio:.1f}:1 in {mode} mode"
    assert page.problems.errors == [] and page.problems.external == []
    context.close()


@pytest.mark.parametrize("mode", MODES)
def test_axe_clean_with_svg_icons(browser, repo_url, mode):
    context, page = open_page(browser, repo_url, CHAPTER_ONE, mode)
    assert run_axe(page) == []
    assert page.problems.errors == [] and page.problems.external == []
    context.close()


def test_sidebar_toggles_open_the_navigation_and_contents_on_a_phone(browser, repo_url):
    """(The themes wire only the hidden navbar toggles; theme-fixes.js forwards the visible ones.)"""
    context, page = open_page(browser, repo_url, CHAPTER_ONE, "light", width=390)
    page.locator(".bd-header-article .primary-toggle").click()
    nav = page.locator("#pst-primary-sidebar-modal")
    nav.get_by_role("link", name="2. What causes muscle spasms?").wait_for(state="visible")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('#pst-primary-sidebar-modal').open")
    page.locator(".bd-header-article .secondary-toggle").click()
    contents = page.locator("#pst-secondary-sidebar-modal")
    contents.get_by_role("link", name="1.1. Learning objectives").wait_for(state="visible")
    assert page.problems.errors == [] and page.problems.external == []
    context.close()


def test_sidebar_toggle_hides_and_shows_the_navigation_on_a_desktop(browser, repo_url):
    context, page = open_page(browser, repo_url, CHAPTER_ONE, "light", width=1280)
    link = page.locator("#pst-primary-sidebar").get_by_role("link", name="2. What causes muscle spasms?")
    assert link.is_visible()
    page.locator(".bd-header-article .primary-toggle").click()
    link.wait_for(state="hidden")
    page.locator(".bd-header-article .primary-toggle").click()
    link.wait_for(state="visible")
    assert page.problems.errors == [] and page.problems.external == []
    context.close()


@pytest.mark.parametrize("mode", MODES)
def test_search_button_from_a_chapter_finds_twitch(browser, repo_url, mode):
    context, page = open_page(browser, repo_url, CHAPTER_ONE, mode)
    page.get_by_role("button", name="Search", exact=False).first.click()
    dialog = page.locator("#pst-search-dialog")
    dialog.wait_for(state="visible")
    field = dialog.locator("input[name=q]")
    field.fill("twitch")
    field.press("Enter")
    page.wait_for_url("**/search.html?q=twitch*")
    page.wait_for_selector("#search-results li a", timeout=15_000)
    found = page.locator("#search-results li a").all_inner_texts()
    assert any("twitch" in text.lower() or "spasm" in text.lower() for text in found), found
    assert page.problems.errors == [] and page.problems.external == []
    context.close()


def test_download_fullscreen_colour_repository_and_launch_do_their_jobs(browser, repo_url):
    context, page = open_page(browser, repo_url, CHAPTER_ONE, "light")
    # Download: the menu opens and its .ipynb link serves the notebook.
    page.locator(".dropdown-download-buttons > button").click()
    source = page.locator(".dropdown-download-buttons .dropdown-menu").get_by_role("link", name=".ipynb")
    source.wait_for(state="visible")
    href = source.get_attribute("href")
    assert href.endswith("01-what-are-muscle-spasms.ipynb")
    status = page.evaluate("async (u) => (await fetch(u)).status", href)
    assert status == 200, f"{href}: HTTP {status}"
    assert page.locator(".dropdown-download-buttons").get_by_role("button", name=".pdf").is_visible()
    page.keyboard.press("Escape")
    # Full screen: the page goes full screen.
    page.locator(".bd-header-article .btn-fullscreen-button").click()
    page.wait_for_function("document.fullscreenElement !== null")
    page.evaluate("document.exitFullscreen()")
    # Colour mode: each click moves to the next mode, and the page's colours follow.
    seen = []
    for _ in range(3):
        page.locator(".bd-header-article .theme-switch-button").click()
        seen.append(page.evaluate("[document.documentElement.dataset.mode, document.documentElement.dataset.theme]"))
    assert {mode for mode, _ in seen} == {"light", "dark", "auto"}, seen
    # Repository and launch menus: links to the configured repository and hosts (not followed).
    page.locator(".dropdown-source-buttons > button").click()
    repo_link = page.locator(".dropdown-source-buttons").get_by_role("link", name="Repository")
    repo_link.wait_for(state="visible")
    assert repo_link.get_attribute("href").startswith("https://github.com/")
    page.keyboard.press("Escape")
    page.locator(".dropdown-launch-buttons > button").click()
    launch = page.locator(".dropdown-launch-buttons .dropdown-menu a")
    launch.first.wait_for(state="visible")
    hrefs = launch.evaluate_all("els => els.map(a => a.href)")
    assert hrefs and all("01-what-are-muscle-spasms.ipynb" in h for h in hrefs), hrefs
    assert page.problems.errors == [] and page.problems.external == []
    context.close()
