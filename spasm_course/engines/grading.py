"""Grading, decided by the question data alone (no widgets, no browser).

The notebook widget and the website both use what this module returns: the
widget calls :func:`grade` directly, and the website looks up the outcomes that
:func:`outcome_table` computed at build time.  So there is one set of rules.
"""

from __future__ import annotations

import itertools
import random
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

from spasm_course.content import CASE_TYPES, FIXED_CHOICES, Question, deciding_features
from spasm_course.content.words import course_words
from spasm_course.engines.triage import NO_SIGN, case_result_line
from spasm_course.engines.triage_practice import SAFE, headline_id, headlines
from spasm_course.engines.triage_practice import miss as triage_miss


@lru_cache(maxsize=1)
def messages() -> Mapping[str, str]:
    """The quiz's own words (``quiz`` in content/words.yml): headlines, headings, buttons.

    The widget, the site (which gets them in its page data) and the exports
    all say these same words.
    """
    return MappingProxyType(course_words().quiz.model_dump())


def display_order(question: Question) -> list[str]:
    """The order in which a question's choices are shown.

    True/false and spasm/twitch keep their natural order, and so do the
    choices the triage engine makes for a case question.  Other questions are
    shuffled with a seed taken from the question id, so the order is the same
    on every run and on every machine (``zlib.crc32`` is not salted, unlike
    ``hash``).
    """
    ids = [c.id for c in question.choices]
    fixed = FIXED_CHOICES.get(question.type)
    if fixed is not None:
        return list(fixed)
    if question.type in CASE_TYPES:
        return ids  # the engine's order: the four signs as the source gives them, then "none"
    rng = random.Random(zlib.crc32(question.id.encode("utf-8")))
    rng.shuffle(ids)
    return ids


@dataclass(frozen=True)
class FeedbackItem:
    """One choice's feedback."""

    choice: str
    label: str
    text: str

    @property
    def line(self) -> str:
        """The choice's feedback line, as both front ends show it: "<label>: <feedback>"."""
        return f"{self.label}: {self.text}"


def feedback_item(question: Question, choice_id: str) -> FeedbackItem:
    """A choice's feedback (the same whatever else was chosen)."""
    return FeedbackItem(choice_id, question.label(choice_id), question.choice(choice_id).feedback)


@dataclass(frozen=True)
class Grade:
    """The result of checking one answer."""

    question_id: str
    status: str  # "correct", "incorrect", "safe" (a cautious care level, see triage_practice) or "unanswered"
    headline: str
    items: tuple[FeedbackItem, ...] = ()
    explanation: str = ""
    deciding_feature: str = ""
    triage_result: str = ""  # a case question: the simulator's level for the case, as a sentence
    miss: str = ""  # a care-level answer that is not the key: "under", "over" or "safe" (triage_practice)
    source: tuple[str, ...] = ()  # the quoted source sentence(s)
    selected: tuple[str, ...] = field(default=())

    @property
    def choice_lines(self) -> list[str]:
        """The middle part: one line per shown choice, in display order."""
        return [item.line for item in self.items]

    @property
    def tail(self) -> list[str]:
        """The last part, the same for every answer to the question: why, the deciding
        feature, the simulator's level for a case, and the source.  Empty when unanswered."""
        if self.status == "unanswered":
            return []
        words = messages()
        out = [f"{words['why']} {self.explanation}"]
        if self.deciding_feature:
            out.append(f"{words['deciding_feature']} {self.deciding_feature}")
        if self.triage_result:
            out.append(self.triage_result)
        out.append(f"{words['source']} {quoted(self.source)}")
        return out

    def lines(self) -> list[str]:
        """The feedback as plain lines, in the order both front ends show it: headline, choice lines, tail."""
        return [self.headline] + self.choice_lines + self.tail

    def text(self) -> str:
        return "\n".join(self.lines())


def quoted(quotes) -> str:
    """Source sentences in curly quotes, one after another: “A.” “B.”"""
    return " ".join(f"“{quote}”" for quote in quotes)


def _normalise_selection(question: Question, selected) -> tuple[str, ...]:
    if selected is None:
        return ()
    if isinstance(selected, str):
        selected = [selected]
    if isinstance(selected, bool):
        selected = [str(selected).lower()]
    try:
        items = list(selected)
    except TypeError:
        raise ValueError(
            f"question {question.id!r}: an answer is a choice id or a list of choice ids, "
            f"not {type(selected).__name__}"
        ) from None
    ids = [c.id for c in question.choices]
    chosen = []
    for item in items:
        if isinstance(item, bool):
            item = str(item).lower()
        if not isinstance(item, str) or item not in ids:
            raise ValueError(
                f"question {question.id!r} has no choice {item!r}; its choices are: {', '.join(ids)}"
            )
        if item not in chosen:
            chosen.append(item)
    if not question.multiple and len(chosen) > 1:
        raise ValueError(f"question {question.id!r} takes one answer, got {len(chosen)}: {chosen}")
    order = display_order(question)
    return tuple(sorted(chosen, key=order.index))


def grade(question: Question, selected) -> Grade:
    """Grade an answer: a choice id, or a list of them for a multi-select.

    Multi-select questions (``multi`` and ``warning_signs``) are
    all-or-nothing.  The feedback holds the feedback of every chosen choice,
    and of every correct choice that was missed, in display order.  A
    ``warning_signs`` question also always shows every sign, present or
    absent, and the level the triage simulator gives for its case.  Nothing
    chosen gives status ``"unanswered"``.
    Raises ``ValueError`` for a choice the question does not have.
    """
    chosen = _normalise_selection(question, selected)
    if not chosen:
        return Grade(question.id, "unanswered", messages()["unanswered"])
    correct = set(chosen) == set(question.correct)
    status = "correct" if correct else "incorrect"
    order = display_order(question)
    miss = ""
    headline = messages()[status]
    if question.has_levels and not correct:
        chosen_level, key_level = question.level_of(chosen[0]), question.level_of(question.correct[0])
        if chosen_level is not None:  # a choice that states a reading stays right or wrong
            miss = triage_miss(chosen_level, key_level)
            headline = headlines()[headline_id(miss)]
            if miss == SAFE:
                status = SAFE
    if question.type == "triage_level":
        shown = list(chosen)
        triage_result = case_result_line(question.case)
    elif question.type in CASE_TYPES:
        shown = [cid for cid in order if cid != NO_SIGN or cid in chosen or cid in question.correct]
        triage_result = case_result_line(question.case)
    elif question.multiple:
        shown = [cid for cid in order if cid in chosen or cid in question.correct]
        triage_result = ""
    else:
        shown = list(chosen)
        triage_result = ""
    items = tuple(feedback_item(question, cid) for cid in shown)
    return Grade(
        question_id=question.id,
        status=status,
        headline=headline,
        items=items,
        explanation=question.explanation.strip(),
        deciding_feature=deciding_features().get(question.deciding_feature or "", ""),
        triage_result=triage_result,
        miss=miss,
        source=question.quotes,
        selected=chosen,
    )


def reveal(question: Question) -> Grade:
    """What "Show answer" shows: the correct choices with their feedback."""
    shown = grade(question, question.correct)
    return Grade(
        question_id=question.id,
        status="revealed",
        headline=f"{messages()['revealed']} {messages()['answer_is']} "
        + ", ".join(question.label(cid) for cid in shown.selected),
        items=shown.items,
        explanation=shown.explanation,
        deciding_feature=shown.deciding_feature,
        triage_result=shown.triage_result,
        source=shown.source,
        selected=shown.selected,
    )


def possible_answers(question: Question) -> list[tuple[str, ...]]:
    """Every answer a student can give: one choice, or any non-empty set for a multi-select."""
    order = display_order(question)
    if not question.multiple:
        return [(cid,) for cid in order]
    return [combo for size in range(1, len(order) + 1) for combo in itertools.combinations(order, size)]


def safe_answers(question: Question) -> list[str]:
    """The answers (choice ids joined by ``+``, in display order) that :func:`grade` grades
    ``safe``: a more careful care level than the key.  Only a question whose choices are
    care levels (``Question.has_levels``, always one answer) has any, so for it each is one
    choice id.  The site ships them for the record upgrade; the exports weigh them half."""
    if not question.has_levels:
        return []
    return ["+".join(answer) for answer in possible_answers(question) if grade(question, answer).status == "safe"]


def outcome_table(question: Question) -> dict[str, dict]:
    """Every possible answer's grade, keyed by the chosen ids joined with ``+``.

    The website only looks answers up in this table, so it cannot grade
    differently from :func:`grade`.  A triage_level answer that misses adds
    ``miss`` ("under", "over" or "safe") and ``headline``, the id of its headline in
    the page's messages (:func:`spasm_course.engines.triage_practice.headlines`).
    """
    table = {}
    for answer in possible_answers(question):
        result = grade(question, answer)
        entry = {"status": result.status, "show": [item.choice for item in result.items]}
        if result.miss:
            entry.update(miss=result.miss, headline=headline_id(result.miss))
        table["+".join(answer)] = entry
    return table


def score_text(correct: int, total: int) -> str:
    return messages()["score"].format(correct=correct, total=total)
