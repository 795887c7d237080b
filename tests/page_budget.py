"""What each kind of page may load, and how much: the one list (page-budget test and benchmark).

A page's type comes from its path (:func:`page_type`).  ``ALLOWED[type]`` are
patterns of the site-relative paths a page of that type may request (the
page itself is always allowed); anything else, and any request off
127.0.0.1, fails the page-budget test.  ``BUDGET[type]`` is the most it may
transfer gzipped and uncompressed, and its Lighthouse target.

Script weight goes by what a page holds (:func:`script_type`): ``SCRIPTS[type]``
is the most JavaScript (decoded bytes: the theme's and Sphinx's scripts, the
course's modules, the search index) a page of that type may load.  The
course's modules load only where a course block is, and only the entries of
the blocks the page holds, with their imports (``spasm_course.sphinx.site``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

KB = 1000


@dataclass(frozen=True)
class Budget:
    gzipped: int  # bytes over the wire, headers included
    uncompressed: int  # bytes of the bodies after decoding
    lighthouse: int  # minimum performance score (mobile preset, median of 3)


# Every page: the theme's CSS and deferred scripts, the course's own files, the logo.
_EVERY_PAGE = [
    r"_static/styles/(theme|pydata-sphinx-theme|sphinx-book-theme)\.css",
    r"_static/scripts/(bootstrap|pydata-sphinx-theme|sphinx-book-theme)\.js",
    r"_static/(basic\.css|pygments\.css|mystnb\.\w+\.css|doctools\.js|sphinx_highlight\.js)",
    r"_static/(course\.css|theme-fixes\.js|course-print\.css)",
    r"_static/course-[0-9a-f]{10}/[\w-]+\.js",  # the course's modules (only where a course block is; see SCRIPTS)
    r"_static/(logo\.svg|favicon\.svg)", r"favicon\.ico",
    # only on pages that use them (the extension unlinks them elsewhere):
    r"_static/(copybutton\.css|copybutton\.js|clipboard\.min\.js)",  # pages with a code block
    r"_static/(togglebutton\.css|togglebutton\.js)",  # pages with a toggle or dropdown admonition
    r"_static/images/logo_(binder|colab|jupyterhub)\.(svg|png)",  # notebook pages' launch menu
]

#: Page type -> what its pages may request.  Nothing else: no Font Awesome, no thebe, no
#: sphinx-design, and the search scripts and index only on the search page.
ALLOWED: dict[str, list[str]] = {
    "content": _EVERY_PAGE,
    "search": _EVERY_PAGE + [r"_static/(searchtools|language_data)\.js", r"searchindex\.js"],
    "bank": _EVERY_PAGE,  # the answer key and a practice page carry the whole question bank
}

BUDGET: dict[str, Budget] = {
    "content": Budget(gzipped=200 * KB, uncompressed=900 * KB, lighthouse=95),
    "search": Budget(gzipped=200 * KB, uncompressed=900 * KB, lighthouse=95),
    "bank": Budget(gzipped=400 * KB, uncompressed=1800 * KB, lighthouse=90),
}


#: Script type -> the most JavaScript its pages may load, decoded bytes.  Measured (issue 20):
#: text pages 112-129 kB (the copy button's scripts on pages with code), search 177-180 kB,
#: the course's modules 25 kB on a chapter, 35 kB on chapter 5, 31 kB on Practice again and
#: 34 kB on the progress page (one course.js of 51 kB on each of them before).
SCRIPTS: dict[str, int] = {
    # Each + 7 kB since issue 23: offline.js (the offline copy's registration, update notice and the
    # progress page's "Offline use" section), a deferred module on every page.
    "text": 142 * KB,  # no course block: the theme's and Sphinx's scripts, the reset notice's entry
    "search": 197 * KB,  # + the search scripts and index
    "quiz": 152 * KB,  # a chapter: + quiz-page.js and its imports
    "quiz+triage": 182 * KB,  # chapter 5: + triage-page.js
    "practice": 162 * KB,  # Practice again: + practice-page.js (which shows quiz questions)
    "progress": 162 * KB,  # the progress page: + progress-page.js (the progress file's checks)
}


def script_type(path: str, blocks) -> str:
    """A page's script type from its path and the kinds of course block it holds ("quiz", "triage", ...)."""
    if path == "search.html":
        return "search"
    return "+".join(sorted(blocks)) or "text"


def page_type(path: str) -> str:
    """``path`` relative to the site root, e.g. ``book/answer-key.html``."""
    if path == "search.html":
        return "search"
    name = path.rsplit("/", 1)[-1]
    if name.startswith(("answer-key", "practice")):
        return "bank"
    return "content"


def allowed(kind: str, path: str) -> bool:
    """May a page of type ``kind`` request the site file ``path`` (no query string)?"""
    return any(re.fullmatch(pattern, path) for pattern in ALLOWED[kind])
