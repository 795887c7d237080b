"""The content rules that make a case test understanding, not pattern-spotting.

Per question (:func:`question_case_rules`, run by ``check`` for every question):

* no text of any question uses "can they keep using it?" as a clue
  (``cues.yml`` ``use_clues``);
* a "spasm or twitch?" case names no answer word (spasm, cramp, twitch,
  fasciculation) before its closing question; holds a phrase of its deciding
  feature and none of the other's; lists every cue whose trigger phrase it
  holds; and, if it is a twitch, lists no property the source gives only to
  spasms;
* a triage case (``warning_signs``, ``triage_level``) tells each fact of its
  case in everyday words (``case_phrasings.yml``): a phrasing of the case's
  value and none of another value, and no number.

Across the bank (:func:`bank_case_rules`): no two questions describe the same
case, nor a worked case of the notebooks (``worked_cases.yml``), and a first
name belongs to one question.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from .case_words import answer_word_stems, before_question, case_phrasings, cue_words, find_phrases
from .models import CASE_TYPES, Question
from .yamlbase import CONTENT_DIR

#: A number in a triage case prompt: the source gives no count or threshold.
NUMBER = re.compile(r"\d|\b(?:once|twice|thrice|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                    r"dozen|hundred|half)\b", re.IGNORECASE)


def _all_texts(question: Question) -> list[str]:
    texts = [question.prompt, question.explanation] + [p for c in question.choices for p in (c.text, c.feedback)]
    figure = getattr(question, "figure", None)  # (tools/measure_questions.py reads banks older than pictures)
    return texts + ([figure.alt] if figure is not None else [])


def use_clue_problems(question: Question) -> list[str]:
    table = {"use": cue_words().use_clues}
    found = sorted({p for text in _all_texts(question) for p in find_phrases(text, table).get("use", [])})
    if not found:
        return []
    return [f"uses whether the person can keep using the muscle as a clue ({', '.join(repr(p) for p in found)}); "
            "the source never mentions it"]


def spasm_or_twitch_problems(question: Question) -> list[str]:
    if question.type != "spasm_or_twitch":
        return []
    words = cue_words()
    problems = []
    scene = before_question(question.prompt)
    if question.figure is not None:
        scene = f"{scene} {question.figure.alt}"  # a drawn case: the alt text says what is seen
    named = answer_word_stems(scene)
    if named:
        problems.append(f"the prompt names an answer word ({', '.join(named)}) before its closing question")
    features = find_phrases(scene, words.features)
    own = question.deciding_feature
    if own not in features:
        problems.append(f"the prompt describes no {own} (say it in words such as {words.features[own][:3]})")
    others = {f: found for f, found in features.items() if f != own}
    for feature, found in others.items():
        problems.append(f"the prompt also describes {feature} ({', '.join(repr(p) for p in found)}), "
                        f"but its deciding feature is {own}: one deciding feature per case")
    triggered = find_phrases(scene, {cue: item.triggers for cue, item in words.cues.items()})
    listed = question.cues or []
    missing = [cue for cue in triggered if cue not in listed]
    if missing:
        problems.append("cues: the prompt holds " + "; ".join(
            f"{cue!r} ({', '.join(repr(p) for p in triggered[cue])})" for cue in missing) + ", so list "
            f"{'it' if len(missing) == 1 else 'them'} in cues")
    if question.correct == ["twitch"]:
        spasm_only = [cue for cue in listed if not words.cues[cue].twitch]
        if spasm_only:
            problems.append(f"a twitch case lists {spasm_only}, which the source gives only to spasms; "
                            "a twitch case tells only what the source says a twitch is, and a scene")
    return problems


def _case_facts(question: Question) -> dict[str, list[str]]:
    """The case's value of each fact, as the keys of case_phrasings.yml (causes: each cause, or none)."""
    case = question.case
    facts = {"kind": [case.kind]}
    for name in ("severity", "frequency", "home_care"):
        if getattr(case, name) is not None:
            facts[name] = [getattr(case, name)]
    if case.causes is not None:
        facts["causes"] = list(dict.fromkeys(case.causes)) or ["none"]
    return facts


def triage_case_problems(question: Question) -> list[str]:
    if question.type not in CASE_TYPES or question.case is None:
        return []
    phrasings = case_phrasings()
    problems = []
    number = NUMBER.search(question.prompt)
    if number:
        problems.append(f"the prompt gives a number ({number.group(0)!r}); the source gives no counts or "
                        "thresholds, so tell it in words a reader maps to one value")
    for fact, values in _case_facts(question).items():
        table = getattr(phrasings, fact)
        found = find_phrases(question.prompt, table)
        for value in values:
            if value not in table:
                problems.append(f"case_phrasings.yml gives no phrasing of {fact}: {value}")
            elif value not in found:
                problems.append(f"the prompt does not tell {fact}: {value} in everyday words "
                                f"(for example {table[value][:3]})")
        wrong = {other: found[other] for other in found if other not in values}
        for other, phrases in wrong.items():
            problems.append(f"the prompt tells {fact}: {other} ({', '.join(repr(p) for p in phrases)}), "
                            f"but the case says {fact}: {', '.join(values)}")
    return problems


def question_case_rules(question: Question) -> list[str]:
    """Every per-question rule of this module, one line per problem."""
    return use_clue_problems(question) + spasm_or_twitch_problems(question) + triage_case_problems(question)


# ----------------------------------------------------------------- across the bank


def case_key(question: Question) -> tuple | None:
    """What makes two questions the same case, or None for a question that is not a case."""
    if question.type == "spasm_or_twitch":
        return ("spasm_or_twitch", question.body_area, question.deciding_feature, frozenset(question.cues or ()))
    if question.case is not None:
        return triage_case_key(question.case.answers())
    return None


def triage_case_key(answers: dict) -> tuple:
    """A triage case's kind, place, three facts and causes (the causes as a set)."""
    causes = answers.get("causes")
    return ("triage", answers.get("kind", "spasm"), answers.get("where"), answers.get("severity"),
            answers.get("frequency"), answers.get("home_care"),
            None if causes is None else frozenset(causes))


def describe_key(key: tuple) -> str:
    if key[0] == "spasm_or_twitch":
        return f"body_area {key[1]}, deciding_feature {key[2]}, cues {sorted(key[3]) or 'none'}"
    names = ("kind", "where", "severity", "frequency", "home_care", "causes")
    return ", ".join(f"{name} {sorted(value) if isinstance(value, frozenset) else value}"
                     for name, value in zip(names, key[1:]) if value is not None)


#: A capitalised word of a prompt is taken as a person's first name when the
#: bank never writes it in lower case, it does not end in "ing", and it is not
#: in ``cues.yml`` ``not_names`` (sentence-opening words such as "Which").
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


@lru_cache(maxsize=1)
def _course_vocabulary() -> frozenset[str]:
    """The lower-case words of the course's own content files (so that "Her" is no name in a small bank)."""
    words = set()
    for name in ("source.txt", "triage.yml", "words.yml", "cues.yml", "case_phrasings.yml", "objectives.yml"):
        path = CONTENT_DIR / name
        if path.exists():
            words.update(re.findall(r"\b[a-z]+\b", path.read_text(encoding="utf-8")))
    return frozenset(words)


def first_names(questions: list[Question]) -> dict[str, list[str]]:
    """Each first name found in the prompts, with the ids of the questions that use it."""
    lower = set(_course_vocabulary())
    for question in questions:
        for text in _all_texts(question):
            lower.update(re.findall(r"\b[a-z]+\b", text))
    not_names = set(cue_words().not_names)
    used = defaultdict(list)
    for question in questions:
        for word in dict.fromkeys(_CAPITALISED.findall(question.prompt)):
            if word.lower() not in lower and not word.endswith("ing") and word not in not_names:
                used[word].append(question.id)
    return dict(used)


def bank_case_rules(questions: list[tuple[str, Question]], worked: dict[str, dict] | None = None) -> list[str]:
    """Rules across the bank.  ``questions`` pairs each question with its file;
    ``worked`` maps a worked case's name to its answers (``worked_cases.yml``)."""
    problems = []
    seen: dict[tuple, str] = {}
    for name, answers in (worked or {}).items():
        seen.setdefault(triage_case_key(answers), f"the worked case {name!r} of worked_cases.yml")
    for path, question in questions:
        key = case_key(question)
        if key is None:
            continue
        if key in seen:
            problems.append(f"{path}: question {question.id!r}: describes the same case as {seen[key]} "
                            f"({describe_key(key)}): one case, one question")
        else:
            seen[key] = f"question {question.id!r} ({path})"
    where = {question.id: path for path, question in questions}
    for name, ids in first_names([q for _, q in questions]).items():
        for other in ids[1:]:
            problems.append(f"{where[other]}: question {other!r}: the first name {name!r} is already used by "
                            f"question {ids[0]!r}; a first name belongs to one question")
    return problems
