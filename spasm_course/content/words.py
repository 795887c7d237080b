"""The words a learner sees outside the questions: quiz buttons and feedback
headings, confidence marks, Practice again, the progress page, triage practice,
and the notebooks' preview line (JupyterLab only), and the SCORM package's launch page.

They live in ``content/words.yml``; this module reads and checks that file
(the triage simulator's wording is in ``triage.yml``, read by
:mod:`spasm_course.content.triage_words`).  Python and the site's script only fill in
the ``{placeholders}``.  A missing or unknown entry, an empty text, HTML, or a
text that lost one of its placeholders stops the build with a message naming
the file and entry.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import field_validator

from .yamlbase import CONTENT_DIR, ContentError, Strict, load_model

WORDS_PATH = CONTENT_DIR / "words.yml"

#: The placeholders each text must keep (the code fills them in).
PLACEHOLDERS = {
    "quiz.score": {"correct", "total"},
    "quiz.question_of": {"number", "total"},
    "quiz.answers_reset": {"count"},
    "practice.heading": {"chapter", "quiz"},
    "practice.due_today": {"count"},
    "practice.next_due": {"date"},
    "progress.chapters_done": {"chapters"},
    "progress.correct_of": {"correct", "total"},
    "progress.due_count": {"count"},
    "progress.under_triage": {"count"},
    "progress.downloaded": {"count"},
    "progress.loaded": {"count"},
    "progress.dropped": {"count"},
    "triage_level.right": {"label"},
    "triage_level.under": {"label"},
    "triage_level.over": {"label"},
    "triage_level.safe": {"label"},
}


class _Words(Strict):
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


class QuizWords(_Words):
    unanswered: str
    correct: str
    incorrect: str
    revealed: str
    answer_is: str
    why: str
    deciding_feature: str
    source: str
    score: str
    check: str
    try_again: str
    show_answer: str
    reset: str
    question_of: str
    answers_reset: str


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
    table_caption: str
    col_quiz_chapter: str
    col_quiz: str
    col_questions: str
    col_score: str
    col_done: str
    empty: str
    not_started: str
    done: str
    in_progress: str
    chapters_done: str
    no_chapters_done: str
    reset_all: str
    reset_done: str
    no_storage: str
    chapters_caption: str
    col_chapter: str
    col_correct: str
    col_sure_wrong: str
    col_under_triage: str
    col_safe: str
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
    lms_load_off: str


class TriageLevelWords(_Words):
    ask: str
    right: str
    under: str
    safe: str
    over: str
    watch_note: str
    under_headline: str
    safe_headline: str
    over_headline: str


class PreviewWords(_Words):
    label: str
    text: str


class NotebookWords(_Words):
    """What a chapter notebook says in JupyterLab only (the website leaves it out)."""

    preview: PreviewWords


class OfflineWords(_Words):
    """The site's offline copy: the update notice, and the progress page's "Offline use" section."""

    update_ready: str
    reload: str
    heading: str
    intro: str
    available: str
    saving: str
    not_available: str
    save_data: str
    unsupported: str
    turned_off: str
    remove: str
    removed: str


class LmsWords(_Words):
    """The SCORM package's launch page (frontends/scorm_package.py, static/scorm.js)."""

    frame_title: str
    no_script: str
    no_lms: str
    not_saved: str


class CourseWords(_Words):
    quiz: QuizWords
    confidence: ConfidenceWords
    practice: PracticeWords
    progress: ProgressWords
    triage_level: TriageLevelWords
    notebook: NotebookWords
    offline: OfflineWords
    lms: LmsWords


def load_words(path: Path = WORDS_PATH) -> CourseWords:
    """Read and check words.yml.  Raises ContentError naming the file and entry."""
    path = Path(path)
    words = load_model(path, CourseWords, "a mapping with quiz, confidence, practice, progress, triage_level, notebook, offline and lms")
    dumped = words.model_dump()
    for entry, names in PLACEHOLDERS.items():
        group, key = entry.split(".")
        found = set(re.findall(r"\{(\w+)\}", dumped[group][key]))
        if found != names:
            raise ContentError(f"{path}: {entry}: must use the placeholders {sorted(names)}, has {sorted(found)}")
    return words


@lru_cache(maxsize=1)
def course_words() -> CourseWords:
    """The course's words, loaded once per process."""
    return load_words()
