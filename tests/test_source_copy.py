"""The course's copy of the source text is the real one, and the book shows all of it."""

import hashlib
from pathlib import Path

from prose import REPO, SOURCE_PATH, source_lines

# The shared master copy, kept next to the repository by the project.
SHARED_SOURCE = REPO / ".." / "shared" / "source" / "muscle-spasms.txt"

# sha256 of the source text as provided to the project.  Checked always, so a
# changed copy is caught even where the shared master copy is not present.
SOURCE_SHA256 = "a397d964038917eb16a76517c605db92ba6a9f48660f76a179ad4617d07126dc"

SOURCE_PAGE = REPO / "book" / "source-text.md"


def test_source_has_the_recorded_checksum():
    digest = hashlib.sha256(SOURCE_PATH.read_bytes()).hexdigest()
    assert digest == SOURCE_SHA256, (
        f"{SOURCE_PATH} changed (sha256 {digest}); the course's medical text must be "
        "the provided source, byte for byte"
    )


def test_source_matches_shared_copy_when_present():
    # The recorded checksum is the fallback; when the master copy exists it decides.
    expected = SHARED_SOURCE.read_bytes() if SHARED_SOURCE.exists() else None
    actual = SOURCE_PATH.read_bytes()
    if expected is None:
        assert hashlib.sha256(actual).hexdigest() == SOURCE_SHA256
    else:
        assert actual == expected, f"{SOURCE_PATH} differs from {SHARED_SOURCE.resolve()}"


def _page_lines_in_order(page_text: str) -> list[str]:
    """Source lines not found on the page in source order (empty when all are)."""
    page = [line.rstrip() for line in page_text.split("\n")]
    missing, position = [], 0
    for kind, line in source_lines(SOURCE_PATH.read_text(encoding="utf-8")):
        wanted = f"## {line}" if kind == "heading" else line
        try:
            position = page.index(wanted, position) + 1
        except ValueError:
            missing.append(wanted)
    return missing


def test_source_page_shows_every_line_verbatim_in_order():
    missing = _page_lines_in_order(SOURCE_PAGE.read_text(encoding="utf-8"))
    assert not missing, f"{SOURCE_PAGE} lacks (or misorders) these source lines: {missing}"


def test_page_check_catches_an_edited_line():
    # Guard for the check itself: changing one word of one line must be caught.
    text = SOURCE_PAGE.read_text(encoding="utf-8").replace("often painful", "rarely painful")
    missing = _page_lines_in_order(text)
    assert len(missing) == 1 and "Muscle spasms occur suddenly" in missing[0]
