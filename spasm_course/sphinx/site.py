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
  sphinx-exercise ship theirs: ``course.css`` and one ES module entry per kind
  of course block (a quiz, the triage simulator, the progress page, Practice
  again: :data:`ENTRIES`) are added only to pages that hold one
  (:data:`COURSE_BLOCK`); the entry's imports are preloaded.  They are copied
  into ``_static/`` when the builder starts, the scripts into a folder named
  by their hash (:func:`front_end_folder`; the name is in ``html_context``,
  so a changed script makes an incremental build write every page again).
  (The theme's own fix-ups, ``theme-fixes.js``, belong to :mod:`spasm_course.sphinx.slim`.)
"""

from __future__ import annotations

import hashlib
import re
import shutil
from functools import lru_cache
from pathlib import Path

from spasm_course.content.figures import FIGURES_DIR
from spasm_course.frontends.render import STORAGE_PREFIX

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
#: What the course's script and style are added for: the blocks render.py and the progress and
#: practice directives write, each with the ES module entry that sets it up (its imports follow).
COURSE_BLOCK = re.compile(r'<(?:section|div) class="sc-(quiz|triage|progress|practice)"')
ENTRIES = {"quiz": "quiz-page.js", "triage": "triage-page.js", "progress": "progress-page.js",
           "practice": "practice-page.js"}
COURSE_CSS = "course.css"
#: The entry of a page with no course block: it tells a learner whose saved answers were reset
#: because their questions changed (static/resets-page.js), reading RECORDS_FILE.
RESETS_ENTRY = "resets-page.js"
#: The SCORM package's launch page entry (issue 24): written by frontends/scorm_package.py, on no page of the site.
SCORM_ENTRY = "scorm.js"
#: The course's quizzes and question hashes, for RESETS_ENTRY (written by sphinx/progress.py).
RECORDS_FILE = "course-records.json"
#: Where the site keeps the chapters' pictures: the place the notebooks link them, from the book's root.
FIGURES_ON_SITE = "spasm_course/content/figures"
_IMPORT = re.compile(r'^import\b[^"\n]*"\./([\w-]+\.js)";', re.M)


@lru_cache(maxsize=1)
def front_end_folder() -> str:
    """The scripts' folder in ``_static``: named by a hash of them all, so a browser never mixes
    modules of two builds from its cache (the imports are relative, and so versioned with it)."""
    digest = hashlib.sha256()
    for path in sorted(STATIC_DIR.glob("*.js")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"course-{digest.hexdigest()[:10]}"


@lru_cache(maxsize=None)
def module_imports(name: str) -> tuple[str, ...]:
    """Every module ``name`` imports, directly or not, in the order they are first met."""
    found: list[str] = []
    todo = [name]
    while todo:
        for child in _IMPORT.findall((STATIC_DIR / todo.pop(0)).read_text(encoding="utf-8")):
            if child not in found:
                found.append(child)
                todo.append(child)
    return tuple(found)


def front_end_in_config(app, config) -> None:
    """``config-inited``: the scripts' folder is part of the HTML configuration, so when a script
    changes, an incremental build writes every page again (no page may keep linking a folder the
    build has replaced)."""
    config.html_context = {**config.html_context, "spasm_course_scripts": front_end_folder()}


def copy_front_end(app) -> None:
    """``builder-inited``: copy the package's style and scripts into the site's ``_static``, and the
    course's pictures to :data:`FIGURES_ON_SITE`."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    folder = static / front_end_folder()
    for old in static.glob("course-*"):
        if old.is_dir() and old != folder:
            shutil.rmtree(old)  # an earlier build's scripts
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC_DIR / COURSE_CSS, static / COURSE_CSS)
    for path in STATIC_DIR.glob("*.js"):
        shutil.copyfile(path, folder / path.name)
    # The chapters' pictures: the notebooks link them as ../spasm_course/content/figures/<name>
    # (so JupyterLab finds them in the checkout); the site keeps the same place.
    figures = Path(app.outdir) / FIGURES_ON_SITE
    if figures.exists():
        shutil.rmtree(figures)  # a picture removed from the course leaves the site too
    figures.mkdir(parents=True)
    for path in sorted(FIGURES_DIR.glob("*.svg")):
        shutil.copyfile(path, figures / path.name)


def add_course_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: course.css and the entry of each kind of course block the page holds
    (a module script, deferred), with its imports preloaded.  A page with no course block gets
    only :data:`RESETS_ENTRY`, which reads nothing more unless this browser has saved answers."""
    kinds = sorted(set(COURSE_BLOCK.findall(context.get("body", ""))))
    folder = front_end_folder()
    if not kinds:
        if app.builder.format == "html":
            app.add_js_file(f"{folder}/{RESETS_ENTRY}", type="module", **{"data-sc-storage-prefix": STORAGE_PREFIX})
        return
    app.add_css_file(COURSE_CSS)
    preload: list[str] = []
    for kind in kinds:
        app.add_js_file(f"{folder}/{ENTRIES[kind]}", type="module")
        preload += [name for name in module_imports(ENTRIES[kind]) if name not in preload]
    links = "".join(f'\n<link rel="modulepreload" href="{context["pathto"](f"_static/{folder}/{name}", 1)}">'
                    for name in preload)
    context["metatags"] = context.get("metatags", "") + links


#: Which hook runs on which Sphinx event (with its priority where it matters).
HOOKS = (
    ("config-inited", front_end_in_config, 500),
    ("builder-inited", copy_front_end, 500),
    ("html-page-context", add_course_assets, 500),
    ("html-page-context", clean_page_scripts, 900),
)


def setup(app):
    for event, hook, priority in HOOKS:
        app.connect(event, hook, priority=priority)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
