"""Sphinx extension: the course offline, after one visit, one build at a time (issue 23).

* Every page gets ``offline.js`` (a deferred module; :data:`OFFLINE_ENTRY`), which registers
  the worker once the page has loaded and the browser is idle, shows the update notice and fills
  the progress page's "Offline use" section.  Its words are ``words.yml`` ``offline``.  The
  page also gets the theme colours (light and dark) and, with offline use on, the web app
  manifest, so a phone can install the course.
* When the build has written every page (``build-finished``), the edition's root gets
  ``sw.js`` (``offline-worker.js`` after a line that sets its CONFIG), ``manifest.webmanifest``
  and ``course-icon.svg`` (made from the book's logo).  The worker's file list is every page,
  script, style, picture and the search index, never ``_sources/``, source maps or PDFs.
* The build id is the course version (with its commit), the edition, and a hash of the file
  list and contents.  It is written on every page (``data-sc-build``) and into ``offline.js``,
  and names the worker's cache, so no page mixes two builds.
* ``spasm_offline: false`` in ``_config.yml`` (or ``SPASM_OFFLINE=0``, as the SCORM package's
  build sets) turns offline use off: the pages register nothing, and ``sw.js`` becomes a worker
  that removes itself and its copies, so a site that turns it off later strands no reader.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from spasm_course.content.version import course_version
from spasm_course.content.words import course_words
from spasm_course.sphinx.site import front_end_folder

#: The page script (in the course's scripts' folder, spasm_course/static/).
OFFLINE_ENTRY = "offline.js"
WORKER = "sw.js"
MANIFEST = "manifest.webmanifest"
ICON = "course-icon.svg"
WORKER_TEMPLATE = Path(__file__).with_name("offline-worker.js")
#: What no reader needs offline: page sources, source maps, PDFs, Sphinx's own bookkeeping.
LEFT_OUT_DIRS = ("_sources", ".doctrees")
LEFT_OUT_SUFFIXES = (".map", ".pdf", ".pickle", ".inv", ".buildinfo", ".ipynb", ".md", ".txt")
LEFT_OUT_NAMES = (WORKER, ".buildinfo", "objects.inv")
#: The most an edition's copy may weigh, transferred gzipped (issue 23).
MAX_PRECACHE_GZIPPED = 1_500_000
#: The brand colour of the logo, and the page colours of the light and dark themes.
THEME_COLOURS = {"light": "#ffffff", "dark": "#14181e"}
BRAND = "#0b5d6b"
BUILD_ATTRIBUTE = re.compile(r'data-sc-build="[^"]*"')
BUILD_CONSTANT = re.compile(r'^var BUILD = "[^"]*";', re.M)
UNSET = "unbuilt"
ENV_OFFLINE = "SPASM_OFFLINE"


def offline_on(config) -> bool:
    """Whether offline use is on: ``$SPASM_OFFLINE`` (0/1, off/on, false/true) wins over ``spasm_offline``."""
    value = os.environ.get(ENV_OFFLINE, "").strip().lower()
    if value in ("0", "off", "false", "no"):
        return False
    if value in ("1", "on", "true", "yes"):
        return True
    return bool(config.spasm_offline)


def edition(app) -> str:
    """"instructor" for the edition with the answer key, else "student": their copies never mix."""
    return "instructor" if "book/answer-key" in app.env.found_docs else "student"


def offline_words() -> dict:
    return course_words().offline.model_dump()


def add_offline_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: the page script, the theme colours and (offline use on) the manifest."""
    if app.builder.format != "html":
        return
    on = offline_on(app.config)
    app.add_js_file(f"{front_end_folder()}/{OFFLINE_ENTRY}", type="module", **{
        "data-sc-offline": "on" if on else "off", "data-sc-edition": edition(app),
        "data-sc-build": UNSET, "data-sc-words": json.dumps(offline_words(), ensure_ascii=False)})
    metas = "".join(f'\n<meta name="theme-color" media="(prefers-color-scheme: {mode})" content="{colour}">'
                    for mode, colour in THEME_COLOURS.items())
    if on:
        metas += f'\n<link rel="manifest" href="{context["pathto"](MANIFEST, 1)}">'
    context["metatags"] = context.get("metatags", "") + metas


def precache_files(outdir: Path) -> list[str]:
    """Every file a reader needs offline, relative to the edition's root, in a fixed order."""
    files = []
    for path in sorted(outdir.rglob("*")):
        relative = path.relative_to(outdir)
        if not path.is_file() or relative.parts[0] in LEFT_OUT_DIRS or path.name in LEFT_OUT_NAMES:
            continue
        if path.suffix in LEFT_OUT_SUFFIXES or path.name.startswith("."):
            continue
        files.append(relative.as_posix())
    return files


def build_id(outdir: Path, files: list[str], name: str, version: str) -> str:
    """The version, the edition and 12 hex digits of SHA-256 over the file list and contents (each
    page's own build id and offline.js's left out, so the id does not depend on itself)."""
    digest = hashlib.sha256()
    for file in files:
        data = (outdir / file).read_bytes()
        if file.endswith(".html"):
            data = BUILD_ATTRIBUTE.sub(f'data-sc-build="{UNSET}"', data.decode("utf-8")).encode("utf-8")
        elif file.endswith(f"/{OFFLINE_ENTRY}"):
            data = BUILD_CONSTANT.sub(f'var BUILD = "{UNSET}";', data.decode("utf-8")).encode("utf-8")
        digest.update(file.encode("utf-8") + b"\0" + data + b"\0")
    safe_version = re.sub(r"[^0-9A-Za-z.+-]+", "-", version).strip("-")
    return f"{safe_version}-{name}-{digest.hexdigest()[:12]}"


def worker_text(config: dict) -> str:
    """sw.js: its CONFIG, then the worker (offline-worker.js)."""
    head = "var CONFIG = " + json.dumps(config, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + ";\n"
    return head + WORKER_TEMPLATE.read_text(encoding="utf-8")


def icon_svg(logo: str) -> str:
    """A square icon from the book's logo (its drawing, centred on a square of its own colour)."""
    body = re.sub(r"^.*?<svg\b[^>]*>|</svg>\s*$", "", logo.strip(), flags=re.S)
    body = re.sub(r"<title>.*?</title>", "", body, flags=re.S)
    box = re.search(r'viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"', logo)
    width, height = (float(box.group(1)), float(box.group(2))) if box else (120.0, 60.0)
    side = max(width, height) * 1.25
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side:g} {side:g}" width="512" height="512">'
            f'<rect width="{side:g}" height="{side:g}" fill="{BRAND}"/>'
            f'<g transform="translate({(side - width) / 2:g} {(side - height) / 2:g})">{body.strip()}</g></svg>\n')


def manifest(app) -> dict:
    title = app.config.html_title or app.config.project
    return {
        "name": title, "short_name": "Spasms course" if len(title) > 12 else title,
        "description": course_words().offline.intro,
        "start_url": "./", "scope": "./", "display": "standalone",
        "background_color": THEME_COLOURS["light"], "theme_color": BRAND,
        "icons": [{"src": ICON, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }


def _stamp(path: Path, pattern: re.Pattern, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    stamped = pattern.sub(value, text)
    if stamped != text:
        path.write_text(stamped, encoding="utf-8")


def write_offline(app, exception) -> None:
    """``build-finished``: the manifest, the icon and sw.js; then the build id on every page."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    on = offline_on(app.config)
    for name in (MANIFEST, ICON):
        (outdir / name).unlink(missing_ok=True)
    if on:
        logo = Path(app.confdir) / (app.config.html_logo or "")
        if logo.is_file():
            (outdir / ICON).write_text(icon_svg(logo.read_text(encoding="utf-8")), encoding="utf-8")
        (outdir / MANIFEST).write_text(json.dumps(manifest(app), ensure_ascii=False, indent=1) + "\n",
                                       encoding="utf-8")
    files = precache_files(outdir)
    build = build_id(outdir, files, edition(app), course_version())
    worker = {"build": build, "edition": edition(app), "offline": on, "files": files if on else []}
    (outdir / WORKER).write_text(worker_text(worker), encoding="utf-8")
    for file in files:
        if file.endswith(".html"):
            _stamp(outdir / file, BUILD_ATTRIBUTE, f'data-sc-build="{build}"')
    _stamp(outdir / "_static" / front_end_folder() / OFFLINE_ENTRY, BUILD_CONSTANT, f'var BUILD = "{build}";')


def setup(app):
    # _config.yml sphinx.config: spasm_offline: false turns offline use off (SPASM_OFFLINE=0 too).
    app.add_config_value("spasm_offline", True, "html", types=[bool])
    app.connect("html-page-context", add_offline_assets)
    app.connect("build-finished", write_offline)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
