"""The triage result as a plain-text card (``describe`` in chapter 5, the widget's text).

A front end like the widget (:mod:`spasm_course.frontends.triage_widget`) and the site
(:mod:`spasm_course.frontends.render`): it lays out what :func:`spasm_course.engines.triage.assess`
returns, in triage.yml's words.
"""

from __future__ import annotations

import textwrap

from spasm_course.engines.triage import TriageInputError, TriageResult, assess, check_answers
from spasm_course.content.triage_words import content
from spasm_course.content.worked_cases import worked_case


def _bullets(lines, width: int) -> list[str]:
    return [textwrap.fill(line, width, initial_indent="- ", subsequent_indent="  ") for line in lines]


#: The lists of a result card: (heading message id, TriageResult field).
CARD_SECTIONS = (("what_to_do", "advice"), ("why", "reasons"), ("from_source", "source"))

#: The one description of a result card's layout, which the widget, the site
#: and the plain-text card all follow: the parts in order, per level (a level
#: not named uses ``default``).  ``label`` is the result in words (never colour
#: alone); ``advice``, ``reasons`` and ``source`` are the lists of
#: CARD_SECTIONS, each under its heading and left out when empty;
#: ``emergency`` and ``disclaimer`` are the messages.  "Somewhere else, or not
#: sure" opens with the emergency line.
CARD_LAYOUTS = {
    "default": ("label", "advice", "reasons", "source", "emergency", "disclaimer"),
    "outside_course": ("emergency", "label", "advice", "reasons", "source", "disclaimer"),
}


def card_layout(level: str) -> tuple[str, ...]:
    """The parts of a result card of ``level``, in order (:data:`CARD_LAYOUTS`)."""
    return CARD_LAYOUTS.get(level, CARD_LAYOUTS["default"])


def card_parts(result: TriageResult) -> list[tuple[str, str, list[str]]]:
    """The card of a result as ``(part, heading, lines)``, in layout order, empty lists left out.

    ``heading`` is the section's heading for a list ("" for the label, the
    emergency line and the disclaimer, which are one line each).  Source
    lines are the quotes without their quote marks; each front end adds them.
    """
    words = content().messages
    headings = {name: getattr(words, heading) for heading, name in CARD_SECTIONS}
    parts = []
    for part in card_layout(result.level):
        if part == "label":
            parts.append((part, "", [f"{words.result}: {result.label}"]))
        elif part in headings:
            lines = list(getattr(result, part))
            if lines:
                parts.append((part, headings[part], lines))
        else:
            parts.append((part, "", [getattr(words, part)]))
    return parts


def card_text(result: TriageResult, width: int = 78) -> str:
    """A result as plain text, in the card's layout (:func:`card_parts`)."""
    out: list[str] = []
    previous = ""
    for part, heading, lines in card_parts(result):
        # A blank line between parts, except that the disclaimer follows the emergency line.
        gap = [""] if out and not (part == "disclaimer" and previous == "emergency") else []
        if heading:
            shown = [f"“{quote}”" for quote in lines] if part == "source" else lines
            out += gap + [f"{heading}:"] + _bullets(shown, width)
        else:
            out += gap + [textwrap.fill(line, width) for line in lines]
        previous = part
    return "\n".join(out)


def describe_case(name: str) -> None:
    """Print the plain-text card of a worked case of ``worked_cases.yml`` (chapter 5).

    An unknown name prints the names of the worked cases instead.
    """
    try:
        answers = worked_case(name)
    except ValueError as exc:
        print(exc)
        return
    describe(**answers)


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
