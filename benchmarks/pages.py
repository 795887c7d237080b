"""Browser measurements for benchmarks/run.py: page weight and Check latency.

A built site is served over loopback (``http.server`` in a thread) and opened
in Chromium (Debian's, else Playwright's own) through Playwright.  Every page is loaded cold, in a new
browser context, so nothing comes from the cache.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from loopback import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402  (tools/loopback.py, shared with the tests)

# In-page timing of every quiz question on the page: pick the first choice,
# click Check, stop the clock when the question's aria-live region has text
# (and its layout is computed).  Runs wholly in the page, so no Python round
# trip is counted.  Returns one number (ms) per question.
CHECK_LATENCY_JS = """
async () => {
  const times = [];
  for (const form of document.querySelectorAll('form.sc-question')) {
    const live = form.querySelector('[aria-live="polite"]');
    const check = form.querySelector('button.sc-check');
    form.querySelector('input').click();
    if (live.textContent.trim()) throw new Error('feedback present before Check: ' + form.id);
    const done = new Promise(resolve => {
      const observer = new MutationObserver(() => {
        if (live.textContent.trim()) {
          live.getBoundingClientRect();  // include style and layout of the new text
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(live, {childList: true, subtree: true, characterData: true});
    });
    const start = performance.now();
    check.click();
    const end = await Promise.race([done, new Promise(r => setTimeout(() => r(null), 5000))]);
    if (end === null) throw new Error('no feedback within 5 s: ' + form.id);
    times.push(end - start);
  }
  return times;
}
"""


@contextmanager
def chromium():
    """A headless Chromium browser (Playwright's sync API): Debian's, else Playwright's own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(p), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def measure_page(browser, url: str, check_latency: bool) -> dict:
    """Cold-load one page; count requests and bytes transferred (headers + bodies).

    With ``check_latency``, also time Check -> feedback for every quiz question on it.
    """
    context = browser.new_context(service_workers="block")  # first load only: no offline copy (issue 23)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    requests: dict[str, str] = {}
    transferred = {"bytes": 0, "document": 0, "failed": 0}

    def sent(event):
        if event["request"]["url"].startswith("http"):
            requests[event["requestId"]] = event["request"]["url"]

    def finished(event):
        if event["requestId"] in requests:
            transferred["bytes"] += event["encodedDataLength"]
            if requests[event["requestId"]] == url:  # the HTML page itself
                transferred["document"] = event["encodedDataLength"]

    def failed(event):
        if event["requestId"] in requests:
            transferred["failed"] += 1

    cdp.on("Network.requestWillBeSent", sent)
    cdp.on("Network.loadingFinished", finished)
    cdp.on("Network.loadingFailed", failed)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="networkidle")
    result = {
        "requests": len(requests),
        "bytes": transferred["bytes"],
        "document": transferred["document"],
        "failed": transferred["failed"],
        "external": sum(1 for u in requests.values() if not u.startswith("http://127.0.0.1")),
        "check_ms": [],
    }
    # Questions a reader sees on load (Practice again shows none until some are due).
    if check_latency and page.locator("form.sc-question:not([hidden])").count():
        # The course's script unhides the buttons when it has wired up a quiz, in set-up tasks.
        page.wait_for_selector("html[data-sc-init=done]", state="attached", timeout=10_000)
        result["check_ms"] = page.evaluate(CHECK_LATENCY_JS)
    context.close()
    return result


def measure_site(html_dir: Path, pages: list[str], check_latency: bool = True) -> dict[str, dict]:
    """``measure_page`` for each page (paths relative to ``html_dir``)."""
    with serve(html_dir) as base, chromium() as browser:
        return {name: measure_page(browser, base + name, check_latency) for name in pages}
