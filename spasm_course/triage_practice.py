"""Triage practice: the ``triage_level`` question type, scored by harm.

The learner reads a case (the same case model as ``warning_signs``,
:class:`spasm_course.content.Case`) and picks the level the course's rule
gives: twitch (``not_a_spasm``), ``self_care``, ``watch`` or ``appointment``.

* The key is ``triage.assess(case).level``: computed, never typed.
* A wrong choice is **under-triage** when it gives less care than the rule
  (lower in :data:`CARE_ORDER`), **over-triage** when it gives more.  Under-
  triage is named as the riskier mistake; over-triage is reported neutrally,
  with "seeing a doctor when you are worried is always fine".  Feedback that
  involves "watch" says it is the course's own middle level.
* The words live in ``content/words.yml`` (``triage_level``); the level
  names in ``content/triage.yml``.
"""

from __future__ import annotations

from .words import course_words

#: The levels from least to most care (the order of ``triage.LEVELS``).
CARE_ORDER = ("not_a_spasm", "self_care", "watch", "appointment")
UNDER, OVER = "under", "over"


def _answers(case) -> dict:
    return case.answers() if hasattr(case, "answers") else dict(case)


def rule_level(case) -> str:
    from .triage import assess

    return assess(**_answers(case)).level


def miss(chosen: str, correct: str) -> str:
    """``"under"``, ``"over"``, or ``""`` when the choice is the rule's level."""
    if chosen not in CARE_ORDER or correct not in CARE_ORDER:
        raise ValueError(f"levels are {list(CARE_ORDER)}, not {chosen!r} / {correct!r}")
    if chosen == correct:
        return ""
    return UNDER if CARE_ORDER.index(chosen) < CARE_ORDER.index(correct) else OVER


def level_prompt_lines(case) -> list[str]:
    """What a triage_level question adds to its prompt: every fact of the case
    (spasm or twitch first), in triage.yml's words, then the question."""
    from .triage import case_facts

    return case_facts(_answers(case), with_kind=True) + [course_words().triage_level.ask]


def level_choices(case) -> tuple[list[dict], list[str]]:
    """The four levels as choices (id, text, feedback), least care first, and the key."""
    from .triage import check_case, content

    check_case(_answers(case))
    words = course_words().triage_level
    levels = content().levels
    correct = rule_level(case)
    label = levels[correct].label
    choices = []
    for level in CARE_ORDER:
        kind = miss(level, correct)
        text = {"": words.right, UNDER: words.under, OVER: words.over}[kind].format(label=label)
        if "watch" in (level, correct):
            text += " " + words.watch_note
        choices.append({"id": level, "text": levels[level].label, "feedback": text})
    return choices, [correct]


def headline_id(kind: str) -> str:
    """The message id of a wrong answer's headline (see :func:`headlines`)."""
    return f"{kind}_triage"


def headlines() -> dict[str, str]:
    """The headlines of under- and over-triage, by message id."""
    words = course_words().triage_level
    return {headline_id(UNDER): words.under_headline, headline_id(OVER): words.over_headline}
