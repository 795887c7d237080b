"""Every page of both editions, served gzipped on loopback and loaded cold in Chromium, stays
within its budget and requests only what its page type may load (tests/page_budget.py); its
JavaScript stays within its script type's weight, and of the course's modules it loads exactly
the entries of the course blocks it holds and their imports (spasm_course.sphinx.site).

Also, on every page (at a phone's width): no request fails, none leaves 127.0.0.1,
no console error, no icon is drawn from an icon font (a CSS pseudo-element showing
a private-use character), no script in <head> blocks the first paint, and nothing
visible moves while it loads (layout shift).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from loopback import serve
from page_budget import BUDGET, SCRIPTS, allowed, page_type, script_type
from site_helpers import html_pages, is_redirect

from spasm_course.sphinx.offline import OFFLINE_ENTRY
from spasm_course.sphinx.site import COURSE_BLOCK, ENTRIES, RESETS_ENTRY, module_imports

#: A course module's path in the site: _static/course-<hash of the scripts>/<name>.js.
COURSE_MODULE = re.compile(r"_static/course-[0-9a-f]{10}/([\w-]+\.js)$")

# A ::before/::after whose content is a private-use character: a glyph of an icon font.
FONT_ICONS_JS = r"""() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el instanceof SVGElement) continue;  // an SVG's parts draw no pseudo-elements
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      if (/[\uE000-\uF8FF]/.test(content)) found.push(el.tagName + '.' + el.className + pseudo);
    }
  }
  return found.slice(0, 5);
}"""

# Layout shifts during the load (what Lighthouse adds up as CLS), read once the page is idle.
# Every shift counts: nothing here touches the page (Playwright's emulation sets hadRecentInput).
LAYOUT_SHIFT_JS = """() => new Promise(done => {
  let total = 0;
  const add = entries => { for (const e of entries) total += e.value; };
  const observer = new PerformanceObserver(list => add(list.getEntries()));
  observer.observe({type: 'layout-shift', buffered: true});
  setTimeout(() => { add(observer.takeRecords()); observer.disconnect(); done(total); }, 1000);
})"""
#: Lighthouse's target is 0; a sub-pixel shift from timing is tolerated, a moved block is not.
MAX_LAYOUT_SHIFT = 0.01

BLOCKING_SCRIPT = re.compile(r"<script(?![^>]*\b(?:defer|async)\b)[^>]*\bsrc=")


def measure(browser, base: str, path: str) -> dict:
    """Cold-load one page; every request with its bytes on the wire and decoded."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)  # Lighthouse's phone
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    urls, wire, body, failed = {}, {}, {}, []
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.dataReceived", lambda e: body.__setitem__(e["requestId"], body.get(e["requestId"], 0) + e["dataLength"]))
    cdp.on("Network.loadingFinished", lambda e: wire.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.on("Network.loadingFailed", lambda e: failed.append(urls.get(e["requestId"], "?")))
    cdp.on("Network.responseReceived", lambda e: e["response"]["status"] >= 400 and failed.append(
        f'{e["response"]["url"]} ({e["response"]["status"]})'))
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(base + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    font_icons = page.evaluate(FONT_ICONS_JS)
    layout_shift = page.evaluate(LAYOUT_SHIFT_JS)
    context.close()
    requests = {rid: url for rid, url in urls.items() if url.startswith("http")}
    scripts = [rid for rid, url in requests.items() if urlsplit(url).path.endswith(".js")]
    modules = {m.group(1) for url in requests.values() if (m := COURSE_MODULE.search(urlsplit(url).path))}
    return {"requests": requests, "wire": sum(wire.get(r, 0) for r in requests),
            "body": sum(body.get(r, 0) for r in requests), "failed": failed, "errors": errors,
            "font_icons": font_icons, "layout_shift": layout_shift,
            "scripts": sum(body.get(r, 0) for r in scripts), "modules": modules}


def course_modules(blocks) -> set[str]:
    """The course's modules a page with these kinds of course block uses: each entry and its imports.
    A page with none loads only the entry that tells of reset answers (and, with nothing saved in the
    browser, nothing more)."""
    if not blocks:
        return {RESETS_ENTRY, OFFLINE_ENTRY}
    return {OFFLINE_ENTRY} | {name for kind in blocks for name in (ENTRIES[kind], *module_imports(ENTRIES[kind]))}


def check_site(browser, site, paths) -> list[str]:
    problems = []
    with serve(site, compress=True) as base:
        for path in paths:
            if is_redirect(site, path):
                continue
            kind, budget = page_type(path), BUDGET[page_type(path)]
            got = measure(browser, base, path)
            where = f"{path} ({kind})"
            for url in got["requests"].values():
                if not url.startswith(base):
                    problems.append(f"{where} requested off-site {url}")
                    continue
                local = urlsplit(url[len(base):]).path
                if local != path and not allowed(kind, local):
                    problems.append(f"{where} requested {local}, which a {kind} page may not load")
            if got["wire"] > budget.gzipped:
                problems.append(f"{where} transferred {got['wire']} bytes gzipped, budget {budget.gzipped}")
            if got["body"] > budget.uncompressed:
                problems.append(f"{where} loaded {got['body']} bytes uncompressed, budget {budget.uncompressed}")
            text = (site / path).read_text(encoding="utf-8")
            blocks = set(COURSE_BLOCK.findall(text))
            scripts = script_type(path, blocks)
            if scripts not in SCRIPTS:
                problems.append(f"{where} is a {scripts} page, which has no script budget in tests/page_budget.py")
            elif got["scripts"] > SCRIPTS[scripts]:
                problems.append(f"{where} loaded {got['scripts']} bytes of JavaScript, a {scripts} page's budget is "
                                f"{SCRIPTS[scripts]}")
            if got["modules"] != course_modules(blocks):
                problems.append(f"{where} loaded the course modules {sorted(got['modules'])}, its blocks "
                                f"({sorted(blocks)}) use {sorted(course_modules(blocks))}")
            problems += [f"{where} request failed: {u}" for u in got["failed"]]
            problems += [f"{where} console error: {e}" for e in got["errors"]]
            problems += [f"{where} draws an icon-font glyph: {e}" for e in got["font_icons"]]
            if got["layout_shift"] > MAX_LAYOUT_SHIFT:
                problems.append(f"{where} shifts its layout while loading (CLS {got['layout_shift']:.3f})")
            head = text.split("</head>", 1)[0]
            problems += [f"{where} has a render-blocking script: {m.group(0)}..."
                         for m in BLOCKING_SCRIPT.finditer(head)]
    return problems


def test_every_student_page_within_budget_and_loads_only_what_its_type_may(browser, site_dir):
    problems = check_site(browser, site_dir, html_pages(site_dir))
    assert not problems, "student site:\n" + "\n".join(problems)


def test_every_instructor_page_within_budget_and_loads_only_what_its_type_may(browser, instructor_site):
    problems = check_site(browser, instructor_site, html_pages(instructor_site))
    assert not problems, "instructor site:\n" + "\n".join(problems)


def test_page_types_and_budget_table():
    """The answer key and a practice page get the bank budget; only search.html may load the index."""
    assert page_type("book/answer-key.html") == "bank"
    assert page_type("book/practice-again.html") == "bank"
    assert page_type("notebooks/01-what-are-muscle-spasms.html") == "content"
    assert allowed("search", "searchindex.js") and not allowed("content", "searchindex.js")
    assert not allowed("content", "_static/scripts/fontawesome.js")
    assert not allowed("content", "_static/sphinx-design.min.css")
    assert not allowed("content", "_static/sphinx-thebe.js")
    assert not allowed("content", "_static/course.js") and allowed("content", "_static/course-0123456789/quiz.js")
    assert script_type("notebooks/05-triage-simulator.html", {"triage", "quiz"}) == "quiz+triage"
    assert script_type("book/about.html", set()) == "text" and script_type("search.html", set()) == "search"
    assert all(set(kind.split("+")) <= set(ENTRIES) for kind in SCRIPTS if kind not in ("text", "search"))
    # A text page loads only the reset notice's entry and offline.js; each other page only what its blocks use.
    assert course_modules(set()) == {"resets-page.js", "offline.js"}
    assert course_modules({"progress"}).isdisjoint({"quiz.js", "triage.js", "practice.js"})
    assert course_modules({"quiz"}).isdisjoint({"triage.js", "progress.js", "progressfile.js", "practice.js"})
