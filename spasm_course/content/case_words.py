"""The words a case is checked with: ``cues.yml`` and ``case_phrasings.yml``.

* ``cues.yml`` -- the surface cues of a "spasm or twitch?" case (what does
  not decide it) with their trigger phrases, the phrases of the two deciding
  features, the answer words, and the "can they keep using it?" phrases that
  are never a clue;
* ``case_phrasings.yml`` -- everyday phrasings of each value of a triage case's
  facts ("most days now" for ``frequent``), so a case prompt tells the scene in
  the person's words and a rule checks that it agrees with the case's fields.

:func:`find_phrases` is the one matcher: whole words, ignoring case, and where
two phrases overlap the longer one counts ("no pain" hides "pain").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .yamlbase import CONTENT_DIR, ContentError, Strict, load_model

CUES_PATH = CONTENT_DIR / "cues.yml"
PHRASINGS_PATH = CONTENT_DIR / "case_phrasings.yml"

Answer = Literal["spasm", "twitch"]


def _phrases(value: list[str]) -> list[str]:
    cleaned = [" ".join(str(item).split()).lower() for item in value]
    if any(not item for item in cleaned):
        raise ValueError("a phrase must not be empty")
    if len(set(cleaned)) != len(cleaned):
        raise ValueError(f"phrases repeat: {sorted({p for p in cleaned if cleaned.count(p) > 1})}")
    return cleaned


class Cue(Strict):
    label: str
    suggests: Answer
    # False: a property the source gives only to spasms, so no twitch case lists it.
    twitch: bool = True
    triggers: list[str] = Field(min_length=1)

    _check_triggers = field_validator("triggers")(_phrases)


class CueWords(Strict):
    cues: dict[str, Cue] = Field(min_length=1)
    features: dict[Literal["bulging_tight", "fine_movement"], list[str]]
    answer_words: list[str] = Field(min_length=1)
    use_clues: list[str] = Field(min_length=1)
    # Capitalised words that are not first names (see case_rules.first_names).
    not_names: list[str] = Field(default_factory=list)

    _check_lists = field_validator("answer_words", "use_clues")(_phrases)

    @field_validator("features")
    @classmethod
    def _feature_phrases(cls, value):
        if set(value) != {"bulging_tight", "fine_movement"}:
            raise ValueError("features gives phrases for exactly bulging_tight and fine_movement")
        return {key: _phrases(items) for key, items in value.items()}

    @field_validator("cues")
    @classmethod
    def _cue_ids(cls, value):
        bad = [key for key in value if not re.fullmatch(r"[a-z][a-z_]*", key)]
        if bad:
            raise ValueError(f"cue ids are lower-case words joined by _: {bad}")
        return value


class PhrasingWords(Strict):
    """One list of everyday phrasings per value of each fact of a triage case."""

    kind: dict[str, list[str]]
    severity: dict[str, list[str]]
    frequency: dict[str, list[str]]
    home_care: dict[str, list[str]]
    causes: dict[str, list[str]]

    @model_validator(mode="after")
    def _clean(self) -> "PhrasingWords":
        for fact in self.facts():
            table = getattr(self, fact)
            for value, items in table.items():
                if not items:
                    raise ValueError(f"{fact}.{value}: needs at least one phrasing")
                table[value] = _phrases(items)
            owner: dict[str, str] = {}
            for value, items in table.items():
                for phrase in items:
                    if phrase in owner:
                        raise ValueError(f"{fact}: {phrase!r} is a phrasing of both {owner[phrase]} and {value}")
                    owner[phrase] = value
        return self

    @staticmethod
    def facts() -> tuple[str, ...]:
        return ("kind", "severity", "frequency", "home_care", "causes")


@lru_cache(maxsize=None)
def cue_words(path: Path = CUES_PATH) -> CueWords:
    """``cues.yml``, checked.  Raises ContentError naming the file and entry."""
    return load_model(path, CueWords, "a mapping with cues, features, answer_words and use_clues")


@lru_cache(maxsize=None)
def case_phrasings(path: Path = PHRASINGS_PATH) -> PhrasingWords:
    """``case_phrasings.yml``, checked.  Raises ContentError naming the file and entry."""
    return load_model(path, PhrasingWords, "a mapping of facts to their values' everyday phrasings")


def _pattern(phrase: str) -> str:
    return r"(?<![\w'-])" + r"\s+".join(re.escape(part) for part in phrase.split()) + r"(?![\w'-])"


def find_phrases(text: str, table: dict[str, list[str]]) -> dict[str, list[str]]:
    """The keys of ``table`` whose phrases occur in ``text``, each with the phrases found.

    Whole words, ignoring case.  Where two phrases overlap, the longer match
    wins and the shorter one is not counted ("does not hurt" hides "hurt").
    """
    text = text.replace("\u2019", "'")
    spans = []
    for key, phrases in table.items():
        for phrase in phrases:
            for match in re.finditer(_pattern(phrase), text, flags=re.IGNORECASE):
                spans.append((match.start(), match.end(), key, phrase))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int]] = []
    found: dict[str, list[str]] = {}
    for start, end, key, phrase in spans:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        found.setdefault(key, [])
        if phrase not in found[key]:
            found[key].append(phrase)
    return {key: found[key] for key in table if key in found}


def answer_word_stems(text: str) -> list[str]:
    """The answer words (spasm, cramp, ...) that start a word of ``text``."""
    words = cue_words().answer_words
    return [w for w in words if re.search(r"(?<![\w-])" + re.escape(w), text, flags=re.IGNORECASE)]


def before_question(prompt: str) -> str:
    """A case prompt without its closing question (the last sentence, if it ends in ``?``)."""
    text = prompt.strip()
    if not text.endswith("?"):
        return text
    cut = max(text.rfind(". ", 0, len(text) - 1), text.rfind("! ", 0, len(text) - 1),
              text.rfind("? ", 0, len(text) - 1), text.rfind('." ', 0, len(text) - 1))
    return text[:cut + 1] if cut >= 0 else ""


__all__ = ["CUES_PATH", "PHRASINGS_PATH", "Cue", "CueWords", "PhrasingWords", "cue_words", "case_phrasings",
           "find_phrases", "answer_word_stems", "before_question", "ContentError"]
