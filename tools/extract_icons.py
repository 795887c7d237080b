#!/usr/bin/env python
"""Write spasm_course/theme/icons.json: the Font Awesome Free icons the site shows, as SVG paths.

The paths come from the copy of Font Awesome Free 6.5.2 that pydata-sphinx-theme
0.17.1 bundles (``static/scripts/fontawesome.js``), so each icon looks exactly
as before.  Font Awesome Free icons are CC BY 4.0 (https://fontawesome.com/license/free);
the attribution is in icons.json and in the site's CSS.  Run it only to add an icon:

    python tools/extract_icons.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pydata_sphinx_theme

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "spasm_course" / "theme" / "icons.json"
BUNDLE = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"

# (style, name): solid icons for the theme's buttons and CSS markers, brands for the repository hosts.
WANTED = [("solid", n) for n in (
    "bars", "magnifying-glass", "magnifying-glass-minus", "angle-left", "angle-right", "angle-down", "arrow-up",
    "list", "outdent", "download", "expand", "file", "file-pdf", "lightbulb", "rocket", "circle-half-stroke",
    "moon", "sun", "code", "pencil", "play", "circle-exclamation", "triangle-exclamation", "bell", "circle-check",
    "circle-xmark", "circle-info", "share", "arrow-up-right-from-square")] + \
    [("brands", n) for n in ("github", "gitlab", "bitbucket")]


def packs(js: str) -> dict[str, str]:
    """The bundle defines brands, regular, then solid icons, each pack closed by d("fa?", p)."""
    ends = {m.group(1): m.start() for m in re.finditer(r'\bd\("(fa[brs])",\s*\w+\)', js)}
    return {"brands": js[:ends["fab"]], "solid": js[ends["far"]:ends["fas"]]}


def main() -> None:
    js = BUNDLE.read_text(encoding="utf-8")
    found = {}
    for style, name in WANTED:
        key = f'"{name}"' if "-" in name else rf'(?<![\w-]){name}'
        match = re.search(key + r':\[(\d+),(\d+),\[[^\]]*\],"\w+","([^"]+)"\]', packs(js)[style])
        if not match:
            raise SystemExit(f"{name} ({style}) not found in {BUNDLE}")
        found[name] = {"viewBox": f"0 0 {match.group(1)} {match.group(2)}", "path": match.group(3)}
    data = {"source": "Font Awesome Free 6.5.2 (as bundled in pydata-sphinx-theme 0.17.1)",
            "license": "CC BY 4.0, https://fontawesome.com/license/free", "icons": found}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(found)} icons to {OUT}")


if __name__ == "__main__":
    main()
