"""The words of the learning tools (confidence, Practice again, progress summary, progress file).

They live in ``content/learning.yml``; this module reads and checks that file.
A missing or unknown entry, an empty text, or a text that lost one of its
``{placeholders}`` stops the build with a message naming the file and entry.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .content import CONTENT_DIR, ContentError, read_yaml

LEARNING_PATH = CONTENT_DIR / "learning.yml"

#: The placeholders each text must keep (the code fills them in).
PLACEHOLDERS = {
    "practice.heading": {"chapter", "quiz"},
    "practice.due_today": {"count"},
    "practice.next_due": {"date"},
    "progress.correct_of": {"correct", "total"},
    "progress.due_count": {"count"},
    "progress.under_triage": {"count"},
    "progress.downloaded": {"count"},
    "progress.loaded": {"count"},
    "progress.dropped": {"count"},
    "triage_level.right": {"label"},
    "triage_level.under": {"label"},
    "triage_level.over": {"label"},
}


class _Words(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*")
    @classmethod
    def _plain(cls, value):
        if isinstance(value, str):
            if not value.strip():
                raise ValueError("must not be empty")
            if re.search(r"<[a-zA-Z/!]", value):
                raise ValueError("plain text only, no HTML")
            return " ".join(value.split())
        return value


class ConfidenceWords(_Words):
    legend: str
    hint: str
    sure: str
    not_sure: str


class PracticeWords(_Words):
    heading: str
    due_today: str
    none_due: str
    next_due: str
    queue_empty: str
    no_storage: str


class ProgressWords(_Words):
    chapters_caption: str
    col_chapter: str
    col_correct: str
    col_sure_wrong: str
    col_under_triage: str
    correct_of: str
    sure_wrong_heading: str
    sure_wrong_none: str
    due_count: str
    under_triage: str
    reset_confirm: str
    file_heading: str
    file_intro: str
    name_label: str
    download: str
    load_label: str
    downloaded: str
    loaded: str
    nothing_new: str
    dropped: str
    bad_file: str
    foreign: str
    newer: str


class TriageLevelWords(_Words):
    ask: str
    right: str
    under: str
    over: str
    watch_note: str
    under_headline: str
    over_headline: str


class LearningWords(_Words):
    confidence: ConfidenceWords
    practice: PracticeWords
    progress: ProgressWords
    triage_level: TriageLevelWords


def load_learning_words(path: Path = LEARNING_PATH) -> LearningWords:
    """Read and check learning.yml.  Raises ContentError naming the file and entry."""
    path = Path(path)
    data = read_yaml(path, dict, "a mapping with confidence, practice, progress and triage_level")
    try:
        words = LearningWords.model_validate(data)
    except ValidationError as exc:
        problems = [".".join(str(p) for p in err["loc"]) + ": " + err["msg"].removeprefix("Value error, ")
                    for err in exc.errors()]
        raise ContentError(f"{path}: " + "; ".join(problems)) from None
    dumped = words.model_dump()
    for entry, names in PLACEHOLDERS.items():
        group, key = entry.split(".")
        found = set(re.findall(r"\{(\w+)\}", dumped[group][key]))
        if found != names:
            raise ContentError(f"{path}: {entry}: must use the placeholders {sorted(names)}, has {sorted(found)}")
    return words


@lru_cache(maxsize=1)
def learning_words() -> LearningWords:
    """The course's words, loaded once per process."""
    return load_learning_words()
