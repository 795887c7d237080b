"""Sphinx extension: page clean-ups for the kernel-free website, and the course's front end.

* Two clean-ups of every HTML page, since the site runs no widget code:

  - the ``application/vnd.jupyter.widget-state+json`` block that myst-nb copies
    from a notebook saved with its widget state is dropped (it is only read by the widget
    manager, which the site does not load, and it weighs about 200 kB per quiz);
  - inline scripts that appear twice are kept once.  Sphinx 7.4 lists a
    body-only script added after the builder started (sphinx-thebe's
    ``const THEBE_JS_URL = ...``) twice, and the second ``const`` throws
    "Identifier 'THEBE_JS_URL' has already been declared" in the console.

* The package's front end (``spasm_course/static/``), as sphinx-design and
  sphinx-exercise ship theirs: ``course.js`` and ``course.css`` are added only
  to pages that hold a quiz, the triage simulator, the progress page or the
  Practice again page (:data:`COURSE_BLOCK`).  They are copied into
  ``_static/`` when the builder starts, so Sphinx links them with a checksum.
  (The theme's own fix-ups, ``theme-fixes.js``, belong to ``sphinx_slim``.)
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


# ----------------------------------------------------------------- page clean-up


def _script_key(script):
    """What makes two script entries the same: file name, body and other attributes."""
    attributes = dict(getattr(script, "attributes", {}) or {})
    filename = getattr(script, "filename", script) or ""
    return (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))


def clean_page_scripts(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context`` hook (runs after myst-nb's): drop widget state and repeated scripts."""
    scripts = context.get("script_files")
    if not scripts:
        return
    kept, seen = [], set()
    for script in scripts:
        attributes = getattr(script, "attributes", {}) or {}
        if attributes.get("type") == WIDGET_STATE:
            continue
        key = _script_key(script)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept


# ----------------------------------------------------------------- the front end

STATIC_DIR = Path(__file__).parents[1] / "static"
#: What the course's script and style are added for: the blocks render.py and
#: the progress and practice directives write.
COURSE_BLOCK = re.compile(r'<(?:section|div) class="sc-(?:quiz|triage|progress|practice)"')
COURSE_JS, COURSE_CSS = "course.js", "course.css"


def copy_front_end(app) -> None:
    """``builder-inited``: copy the package's script and style into the site's ``_static``."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in (COURSE_JS, COURSE_CSS):
        shutil.copyfile(STATIC_DIR / name, static / name)


def add_course_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: course.js and course.css, on the pages that hold a course block only."""
    if COURSE_BLOCK.search(context.get("body", "")):
        app.add_css_file(COURSE_CSS)
        app.add_js_file(COURSE_JS)


#: Which hook runs on which Sphinx event (with its priority where it matters).
HOOKS = (
    ("builder-inited", copy_front_end, 500),
    ("html-page-context", add_course_assets, 500),
    ("html-page-context", clean_page_scripts, 900),
)


def setup(app):
    for event, hook, priority in HOOKS:
        app.connect(event, hook, priority=priority)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
