"""The triage result as a plain-text card (``describe`` in chapter 5, the widget's text).

A front end like the widget (:mod:`spasm_course.triage_widget`) and the site
(:mod:`spasm_course.render`): it lays out what :func:`spasm_course.triage.assess`
returns, in triage.yml's words.
"""

from __future__ import annotations

import textwrap

from .triage import TriageInputError, TriageResult, assess, check_answers
from .triage_words import content


def _bullets(lines, width: int) -> list[str]:
    return [textwrap.fill(line, width, initial_indent="- ", subsequent_indent="  ") for line in lines]


#: The sections of every result card, in order (the widget, the site and the
#: plain-text card all follow it): the result, then these lists, then the
#: emergency sentence and the disclaimer.
CARD_SECTIONS = (("what_to_do", "advice"), ("why", "reasons"), ("from_source", "source"))


def card_text(result: TriageResult, width: int = 78) -> str:
    """A result as plain text: label, what to do, why, source, emergency sentence, disclaimer."""
    words = content().messages
    parts = [f"{words.result}: {result.label}"]
    for heading, name in CARD_SECTIONS:
        lines = getattr(result, name)
        if name == "source":
            lines = [f"“{quote}”" for quote in lines]
        parts += ["", f"{getattr(words, heading)}:"] + _bullets(lines, width)
    parts += ["", textwrap.fill(words.emergency, width), textwrap.fill(words.disclaimer, width)]
    return "\n".join(parts)


def describe(**answers) -> None:
    """Print the plain-text card for a set of answers (used in chapter 5).

    Incomplete or wrong answers print the reason instead of a result.
    """
    try:
        result = assess(**check_answers(answers))
    except TriageInputError as exc:
        print(exc)
        return
    print(card_text(result))
