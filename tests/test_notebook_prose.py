"""The chapters talk about the body, briefly, and say their key message first (issue 21 §5).

* A chapter's own prose (markdown cells, the quoted source box left out) is at
  most 800 words: the source is about 370 words.
* All notebook prose names "the source" (or the text, article, passage,
  leaflet) at most 25 times; a sentence that says what the source does NOT
  say is needed for fidelity and does not count.  The quote box carries the
  attribution.
* The key message is the first paragraph after the disclaimer: after the
  "not medical advice" paragraph comes a plain paragraph (not a heading, list
  or quote), before the learning objectives.
"""

from __future__ import annotations

import re

import pytest

from prose import REPO, chapter_words, chapter_prose, notebook_markdown, source_mentions

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
MAX_WORDS = 800
MAX_SOURCE_MENTIONS = 25
DISCLAIMER = re.compile(r"not medical advice", re.IGNORECASE)


def test_there_are_six_chapters():
    assert len(NOTEBOOKS) == 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_chapter_prose_is_at_most_800_words(path):
    assert chapter_words(path) <= MAX_WORDS, f"{path.name}: {chapter_words(path)} words"


def test_notebooks_name_the_source_at_most_25_times():
    counts = {path.name: source_mentions(chapter_prose(path)) for path in NOTEBOOKS}
    assert sum(counts.values()) <= MAX_SOURCE_MENTIONS, counts


def key_message(path) -> str:
    """The first paragraph after the disclaimer ("" if none), in reading order."""
    paragraphs = [p.strip() for cell in notebook_markdown(path) for p in re.split(r"\n\s*\n", cell) if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        if DISCLAIMER.search(paragraph):
            rest = paragraphs[index + 1:]
            return rest[0] if rest else ""
    return ""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_key_message_comes_first_after_the_disclaimer(path):
    message = key_message(path)
    assert message, f"{path.name}: no paragraph after the disclaimer"
    assert not message.startswith(("#", "-", "*", ">", "|", "```", ":::")), message
    assert len(message.split()) >= 8, f"{path.name}: the key message is too short to say anything: {message!r}"


@pytest.mark.parametrize("line, expected", [
    ("The source says spasms occur suddenly.", 1),
    ("The source gives no treatment for twitches.", 0),
    ("The text and the article agree.", 2),
    ("A spasm happens without you choosing it.", 0),
])
def test_source_mentions_counts_what_it_should(line, expected):
    assert source_mentions(line) == expected
