"""Load and validate the question bank, and find the course's bank.

Everything a student sees in a quiz comes from YAML files in
``spasm_course/content/``.  This module reads them (through
:mod:`spasm_course.content.yamlbase`), checks them against the models
(:mod:`spasm_course.content.models`) and the course's content rules, and
reports every problem with the file and the entry named, so that a bad edit
fails ``python -m spasm_course check``, the tests and the book build with a
clear message.

Every content rule lives here or in the models (not in tests):

* a quiz folder holds only ``*.yml`` quiz files (a ``.yaml`` or any other file
  is an error, not silently skipped; hidden files such as ``.DS_Store`` are
  ignored);
* each file is plain YAML data (see ``yamlbase``);
* it matches the schema (the models; ``content/schema/quiz.schema.json``
  is generated from them), and a question's choices and answers agree;
* the file is named after its quiz id (``<id>.yml``);
* a question's chapter is its quiz's chapter, except in the review chapter,
  whose questions name the earlier chapter they review;
* every ``source`` is word for word in ``source.txt``;
* text is plain (no HTML) and makes none of the claims in
  :data:`BANNED_PHRASES`;
* a choice graded "safe" (a more careful care level) is never called wrong;
* a case tests understanding, not pattern-spotting (:mod:`.case_rules`): no
  answer word, one deciding feature, its cues listed, a triage case told in
  everyday words that agree with its fields, and never "can they keep using
  it?" as a clue;
* ids are unique across the bank and every objective exists; no two
  questions (nor a worked case of ``worked_cases.yml``) describe the same
  case, and a first name belongs to one question.

The bank-wide shares that keep guessing from paying (:mod:`.balance`) are not
load rules: ``check --balance`` and the tests run them on the course's bank.

Where the bank is: :func:`course_quiz_dir` (``$SPASM_QUIZ_DIR``, else the
Sphinx config value ``spasm_quiz_dir``, which the book's extension exports as
that variable so the notebook kernels read the same bank, else the course's
own folder).  Every consumer (the widgets, the site, the exports, ``check``)
loads the bank through :func:`default_bank` or :func:`load_course_bank`.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from .case_rules import bank_case_rules, question_case_rules
from .models import (DECIDING_FEATURE_IDS, REVIEW_CHAPTER, Bank, Objective, Question, Quiz,
                     safe_choice_levels)
from .worked_cases import worked_cases
from .yamlbase import (CONTENT_DIR, ContentError, _read_yaml, describe_errors, normalise_space, not_in_source,
                       read_yaml, source_text)

QUIZ_DIR = CONTENT_DIR / "quizzes"
OBJECTIVES_PATH = CONTENT_DIR / "objectives.yml"
FEATURES_PATH = CONTENT_DIR / "deciding_features.yml"

#: Environment variable that replaces the quiz folder for one run (tests use it;
#: the book's ``spasm_quiz_dir`` config value sets it for the notebook kernels).
ENV_QUIZ_DIR = "SPASM_QUIZ_DIR"

#: A quiz file's name: ``<quiz id>`` + this suffix.
QUIZ_SUFFIX = ".yml"

#: Claims the source text does not make, which no question text may contain
#: (matched anywhere in the text, ignoring case).
BANNED_PHRASES = ("harmless", "caffeine", "potassium", "banana", "drink water", "911", "emergency room")

#: Text that looks like an HTML tag.  Content is plain text; the front ends escape it.
_HTML_TAG = re.compile(r"<[a-zA-Z/!]")


def _texts(quiz: Quiz, question: Question) -> list[str]:
    """The text a learner reads for one question (not the source quote, which is the source's)."""
    texts = [question.prompt, question.explanation] + [part for c in question.choices for part in (c.text, c.feedback)]
    return texts + ([question.figure.alt] if question.figure is not None else [])


def _question_rules(quiz: Quiz, question: Question, source: str) -> list[str]:
    """The content rules beyond the schema, for one question of a loaded quiz."""
    problems = [f"source is not word for word in the source text: {quote!r}"
                for quote in not_in_source(question.quotes, source)]
    if quiz.chapter != REVIEW_CHAPTER and question.chapter != quiz.chapter:
        problems.append(f"chapter {question.chapter} differs from its quiz's chapter {quiz.chapter} "
                        f"(only the chapter {REVIEW_CHAPTER} review quiz mixes chapters)")
    if quiz.chapter == REVIEW_CHAPTER and question.chapter >= REVIEW_CHAPTER:
        problems.append(f"a review question names the chapter it reviews (1 to {REVIEW_CHAPTER - 1}), "
                        f"not {question.chapter}")
    problems += _text_rules(_texts(quiz, question))
    problems += _safe_choice_rules(question)
    problems += question_case_rules(question)
    return problems


#: How a choice's feedback may not start when a rule grades the choice "safe":
#: a more careful care level than the rule is never called a mistake.
WRONG_OPENINGS = ("not quite", "wrong", "incorrect", "no.", "that is a mistake")


def _safe_choice_rules(question: Question) -> list[str]:
    if question.type != "single" or not question.has_levels:
        return []
    key = question.level_of(question.correct[0])
    safe = safe_choice_levels(key)
    return [f"choice {c.id!r}: its level {c.level!r} is a safe (more careful) choice when the key is {key!r}, "
            f"so its feedback must not call it wrong: {c.feedback[:40]!r}"
            for c in question.choices
            if c.level in safe and c.feedback.strip().lower().startswith(WRONG_OPENINGS)]


def _text_rules(texts: list[str]) -> list[str]:
    problems = []
    for text in texts:
        tag = _HTML_TAG.search(text)
        if tag:
            problems.append(f"text must be plain, not HTML: {text[max(tag.start() - 20, 0):tag.start() + 20]!r}")
        lowered = text.lower()
        found = [phrase for phrase in BANNED_PHRASES if phrase in lowered]
        if found:
            problems.append(f"mentions {found}, a claim the source text does not make: {text!r}")
    return problems


def _quiz_file(path: Path, source: str) -> tuple[Quiz | None, list[str]]:
    """Read and check one quiz file: ``(quiz, problems)``, quiz None if it could not be read."""
    path = Path(path)
    data, problems = _read_yaml(path, dict, "a mapping with id, chapter, title and questions")
    if data is None:
        return None, problems
    try:
        quiz = Quiz.model_validate(data)
    except ValidationError as exc:
        return None, [f"{path}: {line}" for line in describe_errors(exc, data)]
    quiz._path = str(path)
    if path.stem != quiz.id or path.suffix != QUIZ_SUFFIX:
        problems.append(f"{path}: quiz {quiz.id!r}: the file must be named after the quiz id: {quiz.id}{QUIZ_SUFFIX}")
    problems += [f"{path}: quiz {quiz.id!r}: {line}" for line in _text_rules([quiz.title, quiz.intro])]
    for question in quiz.questions:
        problems += [f"{path}: question {question.id!r}: {line}" for line in _question_rules(quiz, question, source)]
    return quiz, problems


def load_quiz_file(path: Path, source: str | None = None) -> Quiz:
    """Read and check one quiz file.  Raises ContentError naming file and entry (one problem a line)."""
    quiz, problems = _quiz_file(path, normalise_space(source_text() if source is None else source))
    if problems:
        raise ContentError("\n".join(problems))
    return quiz


def _objectives(path: Path) -> tuple[tuple[Objective, ...], list[str]]:
    path = Path(path)
    data, problems = _read_yaml(path, list, "a list of objectives")
    if data is None:
        return (), problems
    objectives = []
    for index, item in enumerate(data):
        try:
            objectives.append(Objective.model_validate(item))
        except ValidationError as exc:
            oid = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            problems.append(f"{path}: objective {oid!r}: " + "; ".join(describe_errors(exc, {})))
    ids = [o.id for o in objectives]
    problems += [f"{path}: objective {oid!r}: duplicate id" for oid in sorted({i for i in ids if ids.count(i) > 1})]
    return tuple(objectives), problems


def load_objectives(path: Path = OBJECTIVES_PATH) -> tuple[Objective, ...]:
    objectives, problems = _objectives(path)
    if problems:
        raise ContentError("\n".join(problems))
    return objectives


def quiz_files(quiz_dir: Path) -> tuple[list[Path], list[str]]:
    """The quiz files in ``quiz_dir``, and a problem for every other entry.

    Only ``*.yml`` files are quizzes.  Anything else (``x.yaml``, ``notes.txt``,
    a folder) is reported rather than skipped, so an edit is never silently
    ignored.  Hidden entries (``.DS_Store``, editor swap files) are left alone.
    """
    quiz_dir = Path(quiz_dir)
    if not quiz_dir.is_dir():
        return [], [f"{quiz_dir}: the quiz folder does not exist"]
    files, problems = [], []
    for path in sorted(quiz_dir.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_file() and path.suffix == QUIZ_SUFFIX:
            files.append(path)
        elif path.is_file() and path.suffix == ".yaml":
            problems.append(f"{path}: quiz files end in {QUIZ_SUFFIX}: rename it to {path.stem}{QUIZ_SUFFIX}")
        else:
            problems.append(f"{path}: not a quiz file: the quiz folder holds only <quiz id>{QUIZ_SUFFIX} files")
    if not files and not problems:
        problems.append(f"{quiz_dir}: no quiz files (*{QUIZ_SUFFIX}) found")
    return files, problems


def check_bank(quiz_dir: Path = QUIZ_DIR, objectives_path: Path = OBJECTIVES_PATH,
               source: str | None = None) -> tuple[Bank | None, list[str]]:
    """Run every content rule on a bank: ``(bank, problems)``.

    Every problem is one line naming the file and, where there is one, the
    question.  The bank is None when there is any problem.
    """
    source = normalise_space(source_text() if source is None else source)
    files, problems = quiz_files(quiz_dir)
    objectives, objective_problems = _objectives(objectives_path)
    problems += objective_problems
    objective_ids = {o.id for o in objectives}
    quizzes = []
    for path in files:
        quiz, found = _quiz_file(path, source)
        problems += found
        if quiz is not None:
            quizzes.append(quiz)
    seen: dict[str, str] = {}
    for quiz in quizzes:
        if quiz.id in seen:
            problems.append(f"{quiz.path}: quiz {quiz.id!r}: duplicate quiz id (also in {seen[quiz.id]})")
        seen.setdefault(quiz.id, quiz.path)
    seen = {}
    for quiz in quizzes:
        for question in quiz.questions:
            if question.id in seen:
                problems.append(f"{quiz.path}: question {question.id!r}: duplicate id (also in {seen[question.id]})")
            seen.setdefault(question.id, quiz.path)
            if objectives and question.objective not in objective_ids:
                problems.append(f"{quiz.path}: question {question.id!r}: unknown objective {question.objective!r}")
    try:
        worked = worked_cases()
    except ContentError as exc:
        worked, problems = {}, problems + [str(exc)]
    problems += bank_case_rules([(quiz.path, q) for quiz in quizzes for q in quiz.questions], worked)
    if problems:
        return None, problems
    quizzes.sort(key=lambda q: (q.chapter, Path(q.path).name))
    return Bank(quizzes=tuple(quizzes), objectives=objectives), []


def load_bank(quiz_dir: Path = QUIZ_DIR, objectives_path: Path = OBJECTIVES_PATH,
              source: str | None = None) -> Bank:
    """Load and check every quiz file in ``quiz_dir``.  Raises ContentError listing
    every problem, one a line, each naming the file and the question."""
    bank, problems = check_bank(quiz_dir, objectives_path, source)
    if problems:
        raise ContentError("\n".join(problems))
    return bank


def course_quiz_dir() -> Path:
    """The course's quiz folder: ``$SPASM_QUIZ_DIR`` if set, else ``content/quizzes``.

    The book's ``spasm_quiz_dir`` config value reaches here through that
    variable (see :mod:`spasm_course.sphinx.ext`), so the build, its notebook
    kernels and the command line all read one bank.
    """
    value = os.environ.get(ENV_QUIZ_DIR, "").strip()
    return Path(value) if value else QUIZ_DIR


def load_course_bank() -> Bank:
    """Load and check the bank in :func:`course_quiz_dir`, afresh.  Raises ContentError."""
    return load_bank(course_quiz_dir())


@lru_cache(maxsize=None)
def _bank_in(quiz_dir: Path) -> Bank:
    return load_bank(quiz_dir)


@lru_cache(maxsize=1)
def deciding_features(path: Path = FEATURES_PATH) -> dict[str, str]:
    """The display text of each deciding feature id, from deciding_features.yml.

    The file must give a non-empty text for exactly the ids of ``DecidingFeature``.
    """
    path = Path(path)
    data = read_yaml(path, dict, "a mapping of deciding feature ids to their text")
    missing = [key for key in DECIDING_FEATURE_IDS if key not in data]
    unknown = [key for key in data if key not in DECIDING_FEATURE_IDS]
    if missing or unknown:
        raise ContentError(f"{path}: missing ids {missing}, unknown ids {unknown}; "
                           f"the ids are {list(DECIDING_FEATURE_IDS)}")
    for key, text in data.items():
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{path}: {key}: needs a non-empty text")
    return {key: normalise_space(data[key]) for key in DECIDING_FEATURE_IDS}


def default_bank() -> Bank:
    """The course's bank (from :func:`course_quiz_dir`), loaded once per folder per process."""
    return _bank_in(course_quiz_dir().resolve())
