"""The course's pictures: SVG line drawings in ``content/figures/`` (see its README.md).

A question may show one as its case (``figure: {file: case-calf-bulge.svg, alt: ...}``);
the chapters show the others in their prose.  This module finds a picture, checks it
(an SVG of the folder, with its size reserved by ``width`` and ``height``, at most
:data:`MAX_GZIPPED` bytes gzipped) and gives what the front ends need: its size, a
``data:`` URI (the widget, the stored previews, the site's quizzes and the exports
carry the picture itself, so it shows with no file beside it) and a digest, which is
part of the question's content hash, so a redrawn picture counts as a changed question.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator

from .yamlbase import CONTENT_DIR, Strict

FIGURES_DIR = CONTENT_DIR / "figures"
#: The most a picture may weigh, gzipped (issue 22: 8 KB each, 24 KB per page).
MAX_GZIPPED = 8 * 1024
MAX_GZIPPED_PER_PAGE = 24 * 1024
FILE_PATTERN = r"^[a-z0-9][a-z0-9-]*\.svg$"
_SIZE = re.compile(r'<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"', re.S)
_UNSAFE = re.compile(r"<script\b|\son\w+\s*=|<foreignObject\b|(?:href|src)\s*=\s*\"(?!#)", re.I)


def figure_path(name: str) -> Path:
    return FIGURES_DIR / name


@lru_cache(maxsize=None)
def figure_bytes(name: str) -> bytes:
    """The picture's file, checked: a ValueError names what is wrong."""
    if not re.fullmatch(FILE_PATTERN, name):
        raise ValueError(f"{name!r} is not a picture's file name: lower-case words joined by -, ending .svg")
    path = figure_path(name)
    if not path.is_file():
        known = ", ".join(sorted(p.name for p in FIGURES_DIR.glob("*.svg")))
        raise ValueError(f"no picture {name!r} in {FIGURES_DIR} (the pictures are: {known})")
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if not _SIZE.search(text):
        raise ValueError(f"{path}: the <svg> needs width and height, so the page reserves its space")
    unsafe = _UNSAFE.search(text)
    if unsafe:
        raise ValueError(f"{path}: a picture holds no script, event handler or outside link: {unsafe.group(0)!r}")
    packed = len(gzip.compress(data, 9, mtime=0))
    if packed > MAX_GZIPPED:
        raise ValueError(f"{path}: {packed} bytes gzipped, more than {MAX_GZIPPED}")
    return data


def figure_size(name: str) -> tuple[int, int]:
    """The picture's width and height (its ``<svg>`` attributes), in CSS pixels."""
    width, height = _SIZE.search(figure_bytes(name).decode("utf-8")).groups()
    return round(float(width)), round(float(height))


def figure_digest(name: str) -> str:
    """16 hex digits of SHA-256 over the file: part of a question's content hash."""
    return hashlib.sha256(figure_bytes(name)).hexdigest()[:16]


def gzipped_size(name: str) -> int:
    return len(gzip.compress(figure_bytes(name), 9, mtime=0))


def data_uri(name: str) -> str:
    """The picture as a ``data:`` URI (base64, so any front end can carry it unchanged)."""
    return "data:image/svg+xml;base64," + base64.b64encode(figure_bytes(name)).decode("ascii")


def _known_figure(value: str) -> str:
    figure_bytes(value)  # a ValueError names what is wrong
    return value


class Figure(Strict):
    """A picture a question shows as its case, and its text alternative.

    ``alt`` says what is seen, as the picture does, no more: for a "spasm or
    twitch?" case the content rules read it with the prompt (no answer word, one
    deciding feature, its cues listed).
    """

    file: str = Field(pattern=FILE_PATTERN)
    alt: str

    _check_file = field_validator("file")(_known_figure)

    @field_validator("alt")
    @classmethod
    def _alt(cls, value: str) -> str:
        if not value or not value.strip():
            raise ValueError("a picture needs alt text that says what is seen")
        return " ".join(value.split())
