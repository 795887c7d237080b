"""Triage practice: the ``triage_level`` question type, scored by harm.

The learner reads a case (the same case model as ``warning_signs``,
:class:`spasm_course.content.Case`) and picks the level the course's rule
gives: twitch (``not_a_spasm``), ``self_care``, ``watch`` or ``appointment``.

* The key is ``triage.assess(case).level``: computed, never typed.
* A choice other than the key is judged by :func:`miss`:

  - **under-triage** (``"under"``): less care than the rule (lower in
    :data:`CARE_ORDER`).  It is named as the riskier mistake.
  - **safe** (``"safe"``): more caution than the rule, which is never a
    mistake.  The key is ``self_care`` or ``watch`` and the choice a higher
    spasm level (``watch`` or ``appointment``); or the key is ``not_a_spasm``
    (a twitch) and the choice ``appointment``: a doctor can always advise.
    It is graded ``safe``, scores half (:data:`spasm_course.engines.progress.RESULT_SCORES`),
    never counts as "sure but wrong", and does not mark the question done.
  - ``"over"``: the key is a twitch and the choice ``self_care`` or ``watch``.
    It stays incorrect: it offers spasm treatments, and the source gives no
    treatment for twitches.

  Feedback that involves "watch" says it is the course's own middle level.
* The same judgement applies to ``single`` questions whose choices are tagged
  with a ``level`` in the YAML (:attr:`spasm_course.content.Question.has_levels`).
* The words live in ``content/words.yml`` (``triage_level``); the level
  names in ``content/triage.yml``.
"""

from __future__ import annotations

from typing import get_args

from spasm_course.content.models import CareLevel
from spasm_course.content.words import course_words
from spasm_course.engines.triage import assess, check_case, content

#: The levels from least to most care: the care levels a choice can name (content.models.CareLevel,
#: in the order of ``triage.LEVELS``), written once.
CARE_ORDER = get_args(CareLevel)
UNDER, OVER, SAFE = "under", "over", "safe"
#: The kinds of miss, as :func:`miss` returns them.
MISSES = (UNDER, OVER, SAFE)

#: key level -> the chosen levels that are a safe (cautious) choice for it.
SAFE_CHOICES = {
    "not_a_spasm": ("appointment",),
    "self_care": ("watch", "appointment"),
    "watch": ("appointment",),
    "appointment": (),
}


def _answers(case) -> dict:
    return case.answers() if hasattr(case, "answers") else dict(case)


def rule_level(case) -> str:
    return assess(**_answers(case)).level


def miss(chosen: str, correct: str) -> str:
    """``"under"``, ``"safe"``, ``"over"``, or ``""`` when the choice is the rule's level."""
    if chosen not in CARE_ORDER or correct not in CARE_ORDER:
        raise ValueError(f"levels are {list(CARE_ORDER)}, not {chosen!r} / {correct!r}")
    if chosen == correct:
        return ""
    if CARE_ORDER.index(chosen) < CARE_ORDER.index(correct):
        return UNDER
    return SAFE if chosen in SAFE_CHOICES[correct] else OVER


def level_prompt_lines(case) -> list[str]:
    """What a triage_level question adds to its prompt: only the question.  The
    prompt tells the case in everyday words; the facts in triage.yml's words are
    shown with the feedback (:func:`~spasm_course.engines.triage.case_result_line`)."""
    check_case(_answers(case))
    return [course_words().triage_level.ask]


def level_choices(case) -> tuple[list[dict], list[str]]:
    """The four levels as choices (id, text, feedback), least care first, and the key."""
    check_case(_answers(case))
    words = course_words().triage_level
    levels = content().levels
    correct = rule_level(case)
    label = levels[correct].label
    choices = []
    for level in CARE_ORDER:
        kind = miss(level, correct)
        text = {"": words.right, UNDER: words.under, OVER: words.over, SAFE: words.safe}[kind].format(label=label)
        if "watch" in (level, correct):
            text += " " + words.watch_note
        choices.append({"id": level, "text": levels[level].label, "feedback": text})
    return choices, [correct]


def headline_id(kind: str) -> str:
    """The message id of a wrong answer's headline (see :func:`headlines`)."""
    return f"{kind}_triage"


def headlines() -> dict[str, str]:
    """The headlines of an under-triage, a safe choice and a twitch taken for a spasm, by message id."""
    words = course_words().triage_level
    return {headline_id(UNDER): words.under_headline, headline_id(OVER): words.over_headline,
            headline_id(SAFE): words.safe_headline}
