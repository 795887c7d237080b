"""What each kind of page may load, and how much: the one list (page-budget test and benchmark).

A page's type comes from its path (:func:`page_type`).  ``ALLOWED[type]`` are
patterns of the site-relative paths a page of that type may request (the
page itself is always allowed); anything else, and any request off
127.0.0.1, fails the page-budget test.  ``BUDGET[type]`` is the most it may
transfer gzipped and uncompressed, and its Lighthouse target.
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
    r"_static/(course\.js|course\.css|theme-fixes\.js|course-print\.css)",
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
