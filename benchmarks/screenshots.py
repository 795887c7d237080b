#!/usr/bin/env python
"""Screenshots of chapters 1 and 5, at phone (390 px) and desktop (1280 px) width, light mode;
and of every picture of the course as a reader sees it on a phone, in light and dark mode.

    python benchmarks/screenshots.py SITE_HTML_DIR LABEL    # e.g. _build/html after
    python benchmarks/screenshots.py SITE_HTML_DIR --figures

Writes benchmarks/screenshots/<chapter>-<width>-<label>.png (the top of the page, as a
reader first sees it), or benchmarks/screenshots/figures/<picture>-390px-<mode>.png (the
figure, picture list or quiz question that shows it), served by tools/loopback.py and taken
in Chromium (Debian's, else Playwright's own).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tools"))
from loopback import chromium_path, serve  # noqa: E402

PAGES = {"chapter1": "notebooks/01-what-are-muscle-spasms.html", "chapter5": "notebooks/05-triage-simulator.html"}
WIDTHS = {"390px": (390, 844), "desktop": (1280, 900)}


def main(site: Path, label: str) -> None:
    from playwright.sync_api import sync_playwright

    with serve(site, compress=True) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(p), args=["--no-sandbox", "--disable-gpu"])
        for name, path in PAGES.items():
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1,
                                              service_workers="block")
                context.add_init_script("localStorage.setItem('mode','light');localStorage.setItem('theme','light');")
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                out = HERE / "screenshots" / f"{name}-{width_name}-{label}.png"
                page.screenshot(path=str(out))
                print(out)
                context.close()
        browser.close()


#: The pages that show pictures, and where: a chapter's figures and picture lists, and its quizzes' drawn cases.
FIGURE_PAGES = ["notebooks/01-what-are-muscle-spasms.html", "notebooks/03-symptoms.html",
                "notebooks/04-treatment-and-when-to-see-a-doctor.html", "notebooks/05-triage-simulator.html",
                "notebooks/06-review.html"]
#: What holds a picture on the page (the screenshot is of that, so the caption or question shows too).
HOLDERS = "figure.sc-figure, ul.sc-picture-list"


def figures(site: Path) -> None:
    from playwright.sync_api import sync_playwright

    out_dir = HERE / "screenshots" / "figures"
    out_dir.mkdir(parents=True, exist_ok=True)
    with serve(site, compress=True) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(p), args=["--no-sandbox", "--disable-gpu"])
        for mode in ("light", "dark"):
            context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, service_workers="block",
                                          color_scheme=mode)
            context.add_init_script(f"localStorage.setItem('mode','{mode}');localStorage.setItem('theme','{mode}');")
            page = context.new_page()
            for path in FIGURE_PAGES:
                page.goto(base + path, wait_until="networkidle")
                holders = page.locator(HOLDERS)
                for index in range(holders.count()):
                    holder = holders.nth(index)
                    holder.scroll_into_view_if_needed()
                    page.evaluate("(el) => Promise.all([...el.querySelectorAll('img')].map((i) => i.decode()))",
                                  holder.element_handle())
                    if not holder.is_visible():  # a question not shown (Practice again keeps them hidden)
                        continue
                    srcs = holder.locator("img").evaluate_all("(imgs) => imgs.map((i) => i.getAttribute('src'))")
                    name = Path(srcs[0].split("/")[-1]).stem if srcs and not srcs[0].startswith("data:") else \
                        holder.evaluate("(el) => el.closest('form')?.dataset.question || 'figure'")
                    if holder.evaluate("(el) => el.matches('ul')"):
                        name = f"list-{name}"
                    target = out_dir / f"{name}-390px-{mode}.png"
                    holder.screenshot(path=str(target))
                    print(target)
            context.close()
        browser.close()


if __name__ == "__main__":
    if sys.argv[2:] == ["--figures"]:
        figures(Path(sys.argv[1]))
    else:
        main(Path(sys.argv[1]), sys.argv[2])
