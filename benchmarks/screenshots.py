#!/usr/bin/env python
"""Screenshots of chapters 1 and 5, at phone (390 px) and desktop (1280 px) width, light mode.

    python benchmarks/screenshots.py SITE_HTML_DIR LABEL    # e.g. _build/html after

Writes benchmarks/screenshots/<chapter>-<width>-<label>.png (the top of the page, as a
reader first sees it), served by tools/loopback.py and taken in Chromium (Debian's, else Playwright's own).
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
                context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
                context.add_init_script("localStorage.setItem('mode','light');localStorage.setItem('theme','light');")
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                out = HERE / "screenshots" / f"{name}-{width_name}-{label}.png"
                page.screenshot(path=str(out))
                print(out)
                context.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
