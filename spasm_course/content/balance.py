"""Bank-wide shares that keep guessing from surface patterns from paying.

``python -m spasm_course check --balance`` runs these on the course's bank,
and the tests run them on the shipped bank.  They are not load rules: an
instructor's own small bank (three questions cannot balance anything) still
loads and builds.  Each measure says what it counts, its value and its limit:

* the longest choice is the key in at most 40 % of the single-choice
  questions with 3 or more choices, and so is the shortest;
* 35-65 % of all ``multi`` choices are correct, and each ``multi`` question
  has at least 2 right and 2 wrong choices;
* in the order a quiz shows its questions, no more than 3 cases in a row
  have the same answer, and a quiz with 6 or more "spasm or twitch?" cases
  has 40-60 % spasms among them;
* a cue found in 4 or more cases points to spasm in 30-70 % of them, and at
  least a third of the cases are counter-cue cases (a cue suggests the other
  answer);
* at least half the questions ask the learner to apply, and every quiz has 2;
* at most 15 % of the feedback lines and explanations name "the source" (or
  the text, article, passage, leaflet); a sentence that says what the source
  does NOT say is needed for fidelity and does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from .case_words import cue_words, find_phrases
from .models import Bank, Question

LONGEST_MAX = Fraction(40, 100)
MULTI_RANGE = (Fraction(35, 100), Fraction(65, 100))
MULTI_EACH = 2
RUN_MAX = 3
SPASM_SHARE_RANGE = (Fraction(40, 100), Fraction(60, 100))
SPASM_SHARE_MIN_CASES = 6
CUE_SHARE_RANGE = (Fraction(30, 100), Fraction(70, 100))
CUE_SHARE_MIN_CASES = 4
COUNTER_CUE_MIN = Fraction(1, 3)
APPLY_MIN = Fraction(50, 100)
APPLY_PER_QUIZ = 2
SOURCE_MENTION_MAX = Fraction(15, 100)

#: "The source" and its synonyms: naming the document instead of the body.
SOURCE_MENTION = re.compile(r"\b(?:the|this) (?:source|text|article|passage|leaflet)\b", re.IGNORECASE)
#: A sentence that says what the source does not say is needed for fidelity.
NEGATION = re.compile(r"\b(?:not|no|never|nothing|none|neither|nor)\b|n't\b", re.IGNORECASE)


@dataclass(frozen=True)
class Measure:
    """One bank-wide share: what it counts, its value, its limit, and whether it is met."""

    name: str
    value: str
    limit: str
    ok: bool
    details: tuple[str, ...] = ()


def _pct(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * part / whole) if whole else 0} %)"


def _lengths(question: Question) -> list[int]:
    return [len(question.label(c.id)) for c in question.choices]


def _key_is(question: Question, pick) -> bool:
    lengths = _lengths(question)
    key = question.choices.index(question.choice(question.correct[0]))
    return lengths[key] == pick(lengths)


def length_measures(bank: Bank) -> list[Measure]:
    singles = [q for q in bank.questions() if q.type == "single" and len(q.choices) >= 3]
    out = []
    for name, pick in (("longest choice is the key", max), ("shortest choice is the key", min)):
        hits = [q.id for q in singles if _key_is(q, pick)]
        ok = not singles or Fraction(len(hits), len(singles)) <= LONGEST_MAX
        out.append(Measure(name, _pct(len(hits), len(singles)), "at most 40 % of single-choice questions "
                           "with 3 or more choices", ok, tuple(hits)))
    return out


def multi_measures(bank: Bank) -> list[Measure]:
    multis = [q for q in bank.questions() if q.type == "multi"]
    right = sum(len(q.correct) for q in multis)
    total = sum(len(q.choices) for q in multis)
    share_ok = not total or MULTI_RANGE[0] <= Fraction(right, total) <= MULTI_RANGE[1]
    thin = tuple(f"{q.id}: {len(q.correct)} right, {len(q.choices) - len(q.correct)} wrong" for q in multis
                 if len(q.correct) < MULTI_EACH or len(q.choices) - len(q.correct) < MULTI_EACH)
    return [Measure("multi-select choices that are correct", _pct(right, total), "35-65 %", share_ok),
            Measure("multi-select questions with fewer than 2 right or 2 wrong", str(len(thin)), "0",
                    not thin, thin)]


def _answer(question: Question) -> str:
    return ",".join(sorted(question.correct))


def longest_runs(bank: Bank) -> dict[str, tuple[int, str]]:
    """Per quiz and case type, the longest run of cases with the same answer, in the order shown."""
    runs = {}
    for quiz in bank.quizzes:
        for kind in ("spasm_or_twitch", "triage_level"):
            answers = [_answer(q) for q in quiz.questions if q.type == kind]
            best, run, at = 0, 0, ""
            for index, answer in enumerate(answers):
                run = run + 1 if index and answers[index - 1] == answer else 1
                if run > best:
                    best, at = run, answer
            if answers:
                runs[f"{quiz.id} ({kind})"] = (best, at)
    return runs


def order_measures(bank: Bank) -> list[Measure]:
    runs = longest_runs(bank)
    long = tuple(f"{where}: {n} {answer!r} in a row" for where, (n, answer) in runs.items() if n > RUN_MAX)
    longest = max((n for n, _ in runs.values()), default=0)
    out = [Measure("longest run of cases with the same answer", str(longest), f"at most {RUN_MAX}", not long, long)]
    for quiz in bank.quizzes:
        cases = [q for q in quiz.questions if q.type == "spasm_or_twitch"]
        if len(cases) >= SPASM_SHARE_MIN_CASES:
            spasms = sum(q.correct == ["spasm"] for q in cases)
            ok = SPASM_SHARE_RANGE[0] <= Fraction(spasms, len(cases)) <= SPASM_SHARE_RANGE[1]
            out.append(Measure(f"spasms among {quiz.id}'s cases", _pct(spasms, len(cases)), "40-60 %", ok))
    return out


def case_cues(question: Question) -> tuple[str, ...]:
    """The cues a case lists (or, for a bank written before cues were listed, those its prompt triggers)."""
    listed = getattr(question, "cues", None)
    if listed is not None:
        return tuple(listed)
    table = {cue: item.triggers for cue, item in cue_words().cues.items()}
    return tuple(find_phrases(question.prompt, table))


def is_counter_cue(question: Question) -> bool:
    """A case where a listed cue suggests the other answer."""
    cues = cue_words().cues
    return any(cue in cues and cues[cue].suggests != question.correct[0] for cue in case_cues(question))


def cue_measures(bank: Bank) -> list[Measure]:
    cases = [q for q in bank.questions() if q.type == "spasm_or_twitch"]
    out = []
    for cue in cue_words().cues:
        with_cue = [q for q in cases if cue in case_cues(q)]
        spasms = sum(q.correct == ["spasm"] for q in with_cue)
        if len(with_cue) >= CUE_SHARE_MIN_CASES:
            ok = CUE_SHARE_RANGE[0] <= Fraction(spasms, len(with_cue)) <= CUE_SHARE_RANGE[1]
            out.append(Measure(f"cue {cue!r} points to spasm", _pct(spasms, len(with_cue)), "30-70 %", ok))
        else:
            out.append(Measure(f"cue {cue!r} points to spasm", _pct(spasms, len(with_cue)),
                               f"any, in fewer than {CUE_SHARE_MIN_CASES} cases", True))
    counter = [q for q in cases if is_counter_cue(q)]
    ok = not cases or Fraction(len(counter), len(cases)) >= COUNTER_CUE_MIN
    out.append(Measure("counter-cue cases", _pct(len(counter), len(cases)), "at least a third", ok))
    return out


def skill_measures(bank: Bank) -> list[Measure]:
    questions = bank.questions()
    apply = sum(q.skill == "apply" for q in questions)
    out = [Measure("questions that ask to apply", _pct(apply, len(questions)), "at least 50 %",
                   not questions or Fraction(apply, len(questions)) >= APPLY_MIN)]
    few = tuple(f"{quiz.id}: {n}" for quiz in bank.quizzes
                if (n := sum(q.skill == "apply" for q in quiz.questions)) < APPLY_PER_QUIZ)
    out.append(Measure("quizzes with fewer than 2 apply questions", str(len(few)), "0", not few, few))
    return out


def names_source(line: str) -> bool:
    """Whether a line names "the source" (or a synonym) outside a sentence that says what it does not say."""
    for sentence in re.split(r"(?<=[.!?])\s+", line):
        if SOURCE_MENTION.search(sentence) and not NEGATION.search(sentence):
            return True
    return False


def feedback_lines(bank: Bank) -> list[str]:
    """Every choice feedback line and explanation of the bank."""
    return [text for q in bank.questions() for text in (q.explanation, *(c.feedback for c in q.choices))]


def wording_measures(bank: Bank) -> list[Measure]:
    lines = feedback_lines(bank)
    naming = [line for line in lines if names_source(line)]
    ok = not lines or Fraction(len(naming), len(lines)) <= SOURCE_MENTION_MAX
    return [Measure('feedback lines and explanations that name "the source"', _pct(len(naming), len(lines)),
                    "at most 15 %", ok)]


def measures(bank: Bank) -> list[Measure]:
    """Every bank-wide share, in the order of the issue that set them."""
    return (length_measures(bank) + multi_measures(bank) + order_measures(bank) + cue_measures(bank)
            + skill_measures(bank) + wording_measures(bank))


def balance_problems(bank: Bank) -> list[str]:
    """One line per share that is not met, with its value, its limit and the questions involved."""
    problems = []
    for m in measures(bank):
        if not m.ok:
            detail = f" ({'; '.join(m.details)})" if m.details else ""
            problems.append(f"{m.name}: {m.value}; the limit is {m.limit}{detail}")
    return problems
