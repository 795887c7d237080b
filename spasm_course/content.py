"""Load and validate the course's content files (quizzes, objectives, source text).

Everything a student sees in a quiz comes from YAML files in
``spasm_course/content/``.  This module reads them, checks them against a
pydantic schema and the course's content rules, and reports every problem with
the file and the entry named, so that a bad edit fails ``python -m
spasm_course check``, the tests and the book build with a clear message.

Every content rule lives here, in the loader (not in tests):

* a quiz folder holds only ``*.yml`` quiz files (a ``.yaml`` or any other file
  is an error, not silently skipped; hidden files such as ``.DS_Store`` are
  ignored);
* each file is plain YAML data: no tags (``!!str``), no anchors or aliases
  (``&x`` / ``*x``), text keys only, and no dates or other implicit types;
* it matches the schema (the models below; ``content/schema/quiz.schema.json``
  is generated from them), and a question's choices and answers agree;
* the file is named after its quiz id (``<id>.yml``);
* a question's chapter is its quiz's chapter, except in the review chapter,
  whose questions name the earlier chapter they review;
* every ``source`` is word for word in ``source.txt``;
* text is plain (no HTML) and makes none of the claims in
  :data:`BANNED_PHRASES`;
* ids are unique across the bank and every objective exists.

Where the bank is: :func:`course_quiz_dir` (``$SPASM_QUIZ_DIR``, else the
Sphinx config value ``spasm_quiz_dir``, which the book's extension exports as
that variable so the notebook kernels read the same bank, else the course's
own folder).  Every consumer (the widgets, the site, the exports, ``check``)
loads the bank through :func:`default_bank` or :func:`load_course_bank`.
"""

from __future__ import annotations

import datetime
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Optional, Union, get_args

import yaml
from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, WithJsonSchema,
                      field_validator, model_validator)

CONTENT_DIR = Path(__file__).parent / "content"
SOURCE_PATH = CONTENT_DIR / "source.txt"
QUIZ_DIR = CONTENT_DIR / "quizzes"
OBJECTIVES_PATH = CONTENT_DIR / "objectives.yml"
FEATURES_PATH = CONTENT_DIR / "deciding_features.yml"

#: Environment variable that replaces the quiz folder for one run (tests use it;
#: the book's ``spasm_quiz_dir`` config value sets it for the notebook kernels).
ENV_QUIZ_DIR = "SPASM_QUIZ_DIR"

#: A quiz file's name: ``<quiz id>`` + this suffix.
QUIZ_SUFFIX = ".yml"

#: The chapter whose quiz reviews the others: its questions name the chapter
#: (1 to 5) they review, so they need not match the quiz's chapter.
REVIEW_CHAPTER = 6

#: Claims the source text does not make, which no question text may contain
#: (matched anywhere in the text, ignoring case).
BANNED_PHRASES = ("harmless", "caffeine", "potassium", "banana", "drink water", "911", "emergency room")

#: Text that looks like an HTML tag.  Content is plain text; the front ends escape it.
_HTML_TAG = re.compile(r"<[a-zA-Z/!]")

#: Chapter numbers and titles, in course order.
CHAPTERS = {
    1: "What are muscle spasms?",
    2: "What causes muscle spasms?",
    3: "What are the symptoms?",
    4: "Treatment, and when to see a doctor",
    5: "Triage simulator",
    6: "Review",
}

QuestionType = Literal["single", "true_false", "multi", "spasm_or_twitch", "warning_signs", "triage_level"]

#: Types where the learner may choose several answers (graded all or nothing).
MULTIPLE_ANSWER_TYPES = ("multi", "warning_signs")

#: Types whose choices and correct answers the triage engine computes from the
#: question's ``case`` (the YAML gives neither), and the chapters they may be in.
CASE_TYPES = {"warning_signs": (4, 5, 6), "triage_level": (5, 6)}

#: Question types whose choices are fixed: their ids and the labels shown.
FIXED_CHOICES = {
    "true_false": {"true": "True", "false": "False"},
    "spasm_or_twitch": {"spasm": "Spasm (cramp)", "twitch": "Twitch (fasciculation)"},
}

#: What a question asks of the learner: what the source says, or to judge a situation.
Skill = Literal["recall", "apply"]

#: Where a spasm_or_twitch case is set.  Never the chest, abdomen, head, face
#: or throat, where a "self-care" lesson could teach something dangerous.
BodyArea = Literal["calf", "foot", "thigh", "hand_or_finger", "upper_arm", "neck", "back"]
BODY_AREAS = get_args(BodyArea)

#: The source's features that tell a spasm from a twitch.  Their display text
#: is in content/deciding_features.yml.
DecidingFeature = Literal["bulging_tight", "fine_movement", "sudden_onset", "urge_to_stretch"]
DECIDING_FEATURE_IDS = get_args(DecidingFeature)

MAX_CHOICES = 6  # keeps every possible answer of a multi-select gradable in advance


class ContentError(ValueError):
    """A content file is malformed.  The message names the file and the entry."""


class Strict(BaseModel):
    """The base of every content model (quizzes, triage.yml, words.yml): unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: The id of a quiz, question or objective.  No ``_``: the site's element ids
#: use ``__`` to join quiz, question and choice ids (see ``render``).
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
#: The id of a choice: it may hold ``_`` (the triage engine's ids, such as ``poor_home_care``).
CHOICE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"


def _not_blank(value: str) -> str:
    if not value or not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _known_chapter(value: int) -> int:
    if value not in CHAPTERS:
        raise ValueError(f"unknown chapter {value}; allowed: {sorted(CHAPTERS)}")
    return value


#: A chapter number of the course (1 to 6).
ChapterNumber = Annotated[int, AfterValidator(_known_chapter),
                          WithJsonSchema({"type": "integer", "enum": sorted(CHAPTERS)})]


#: The care levels a choice can name (``level:`` on a choice of a ``single``
#: question, and the choices of a ``triage_level`` question), least care first.
CareLevel = Literal["not_a_spasm", "self_care", "watch", "appointment"]


class Choice(Strict):
    id: str = Field(pattern=CHOICE_ID_PATTERN)
    text: str = ""
    feedback: str
    # The care level the choice names, if it is a level choice ("Make an
    # appointment with a doctor").  A choice that states a reading of the rule
    # ("Make an appointment, because the rule is met") has none: it stays
    # right or wrong.  A cautious level choice can then be graded "safe".
    level: Optional[CareLevel] = None

    _check_feedback = field_validator("feedback")(_not_blank)


class Case(Strict):
    """A person's situation, in the triage engine's ids (see ``triage.ALLOWED``).

    ``where`` is the place, always one the course covers.  ``kind`` is
    ``spasm`` unless given.  A spasm case gives severity,
    frequency, home_care and causes (``[]`` for none); a twitch case gives
    only ``where`` and ``kind``.  The triage engine checks the values
    (:func:`spasm_course.triage.check_case`), so a case the simulator would
    refuse cannot load.  ``warning_signs`` questions use it, and any later
    type that practises triage can too.
    """

    where: Optional[str] = None
    kind: str = "spasm"
    severity: Optional[str] = None
    frequency: Optional[str] = None
    home_care: Optional[str] = None
    causes: Optional[tuple[str, ...]] = None

    @model_validator(mode="after")
    def _engine_accepts(self) -> "Case":
        from .triage import check_case  # the engine owns the ids and rules

        check_case(self.answers())  # raises TriageInputError, a ValueError
        return self

    def answers(self) -> dict:
        """The case as keyword arguments for ``triage.assess`` (absent fields left out)."""
        return {name: (list(value) if isinstance(value, tuple) else value)
                for name, value in self.model_dump().items() if value is not None}


def _check_source(value):
    quotes = [value] if isinstance(value, str) else value
    if not quotes:
        raise ValueError("must not be empty")
    for quote in quotes:
        _not_blank(quote)
    return value


class Question(Strict):
    id: str = Field(pattern=ID_PATTERN)
    chapter: ChapterNumber
    type: QuestionType
    skill: Skill
    objective: str
    prompt: str
    # Required for every type except the CASE_TYPES, whose choices and
    # correct answers the triage engine fills in from ``case``.
    choices: list[Choice] = Field(default_factory=list)
    # One answer may be written without a list (see _listify), so the published
    # schema allows a single id or true/false too.
    correct: Annotated[list[str], WithJsonSchema({
        "anyOf": [{"type": "array", "items": {"type": "string"}},
                  {"type": "string"}, {"type": "boolean"}],
        "title": "Correct"})] = Field(default_factory=list)
    explanation: str
    # The sentence(s) the key rests on, each word for word in the source.
    source: Union[str, list[str]]
    deciding_feature: Optional[DecidingFeature] = None
    body_area: Optional[BodyArea] = None
    case: Optional[Case] = None

    _check_text = field_validator("prompt", "explanation", "objective")(_not_blank)
    _check_quotes = field_validator("source")(_check_source)

    @field_validator("correct", mode="before")
    @classmethod
    def _listify(cls, value):
        # One answer may be written without a list.  YAML reads an unquoted
        # true/false as a boolean; the choice ids are the strings.
        if isinstance(value, (str, bool)):
            value = [value]
        if isinstance(value, list):
            value = [str(v).lower() if isinstance(v, bool) else v for v in value]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Question":
        if self.type in CASE_TYPES:
            self._fill_from_case()
        else:
            if self.case is not None:
                raise ValueError(f"only {' and '.join(CASE_TYPES)} questions have a case")
            if not self.choices:
                raise ValueError("choices: Field required")
            if not self.correct:
                raise ValueError("correct: Field required")
        ids = [c.id for c in self.choices]
        if len(set(ids)) != len(ids):
            raise ValueError(f"choice ids repeat: {ids}")
        if not 2 <= len(ids) <= MAX_CHOICES:
            raise ValueError(f"needs 2 to {MAX_CHOICES} choices, has {len(ids)}")
        fixed = FIXED_CHOICES.get(self.type)
        if fixed is not None and sorted(ids) != sorted(fixed):
            raise ValueError(f"a {self.type} question has exactly the choices {list(fixed)}, not {ids}")
        if fixed is None:
            blank = [c.id for c in self.choices if not c.text.strip()]
            if blank:
                raise ValueError(f"choices {blank} have no text")
        unknown = [c for c in self.correct if c not in ids]
        if unknown:
            raise ValueError(f"correct answer {unknown} is not among the choices {ids}")
        if len(set(self.correct)) != len(self.correct):
            raise ValueError("correct answers repeat")
        if not self.multiple and len(self.correct) != 1:
            raise ValueError(f"a {self.type} question has exactly one correct answer")
        levels = [c.level for c in self.choices if c.level is not None]
        if levels and self.type != "single":
            raise ValueError("only single questions tag choices with a level "
                             "(triage_level questions get their levels from the engine)")
        if levels and len(set(levels)) != len(levels):
            raise ValueError(f"two choices name the same level: {levels}")
        if levels and self.type == "single" and self.choice(self.correct[0]).level is None:
            raise ValueError("the correct choice names no level: tag it with level, or tag no choice")
        for name in ("deciding_feature", "body_area"):
            if self.type == "spasm_or_twitch" and getattr(self, name) is None:
                raise ValueError(f"a spasm_or_twitch question names its {name}")
            if self.type != "spasm_or_twitch" and getattr(self, name) is not None:
                raise ValueError(f"only spasm_or_twitch questions have a {name}")
        return self

    def _fill_from_case(self) -> None:
        """Check a case question and set its choices and key, as the triage engine computes them."""
        from .triage import case_choices
        from .triage_practice import level_choices

        where = self.type
        if self.case is None:
            raise ValueError(f"a {where} question has a case (where, severity, frequency, home_care, causes)")
        if self.choices or self.correct:
            raise ValueError(f"a {where} question has no choices or correct in its file: "
                             "the triage engine computes them from the case")
        if self.chapter not in CASE_TYPES[self.type]:
            raise ValueError(f"{where} questions are only in chapters {list(CASE_TYPES[self.type])}, "
                             f"not chapter {self.chapter}")
        if self.skill != "apply":
            raise ValueError(f"a {where} question has skill apply: it asks the learner to judge a case")
        if self.type == "triage_level":
            choices, correct = level_choices(self.case)  # the four levels; the key is assess()'s level
        elif self.case.kind == "twitch":
            raise ValueError("a warning_signs case is a spasm (kind: spasm): a twitch has no warning signs")
        else:
            choices, correct = case_choices(self.case)
        # The model is frozen; this runs once, while it is being built.
        self.__dict__["choices"] = [Choice(**choice) for choice in choices]
        self.__dict__["correct"] = list(correct)

    def level_of(self, choice_id: str) -> str | None:
        """The care level a choice names (a triage_level choice is its level), or None."""
        if self.type == "triage_level":
            return choice_id
        return self.choice(choice_id).level

    @property
    def has_levels(self) -> bool:
        """Whether the choices are care levels, so a cautious choice can be graded "safe"."""
        return self.type == "triage_level" or any(c.level is not None for c in self.choices)

    @property
    def multiple(self) -> bool:
        """True if the learner may choose several answers."""
        return self.type in MULTIPLE_ANSWER_TYPES

    @property
    def quotes(self) -> tuple[str, ...]:
        """The source sentence(s), stripped, as a tuple (``source`` may be one string)."""
        items = [self.source] if isinstance(self.source, str) else self.source
        return tuple(normalise_space(item) for item in items)

    @property
    def full_prompt(self) -> str:
        """The prompt a learner sees.  A case question adds the case's facts, in
        triage.yml's words, and its question; other prompts are as written."""
        if self.case is None:
            return self.prompt
        from .triage import case_prompt_lines
        from .triage_practice import level_prompt_lines

        lines = level_prompt_lines(self.case) if self.type == "triage_level" else case_prompt_lines(self.case)
        return " ".join([self.prompt, *lines])

    def choice(self, choice_id: str) -> Choice:
        for c in self.choices:
            if c.id == choice_id:
                return c
        raise KeyError(choice_id)

    def label(self, choice_id: str) -> str:
        """The text shown for a choice (fixed labels for true/false and spasm/twitch)."""
        fixed = FIXED_CHOICES.get(self.type)
        if fixed is not None:
            return fixed[choice_id]
        return self.choice(choice_id).text


class Quiz(Strict):
    id: str = Field(pattern=ID_PATTERN)
    chapter: ChapterNumber
    title: str
    intro: str = ""
    questions: list[Question] = Field(min_length=1)
    _path: str = PrivateAttr(default="")  # set by the loader, for messages; not part of the file's schema

    _check_title = field_validator("title")(_not_blank)

    @property
    def path(self) -> str:
        """The file this quiz was loaded from ("" if it was not loaded from a file)."""
        return self._path


class Objective(Strict):
    id: str = Field(pattern=ID_PATTERN)
    chapter: ChapterNumber
    text: str

    _check_text = field_validator("text")(_not_blank)


class Bank(Strict):
    """All quizzes, in chapter order, with the objectives they assess."""

    quizzes: tuple[Quiz, ...]
    objectives: tuple[Objective, ...]

    def quiz(self, quiz_id: str) -> Quiz:
        for q in self.quizzes:
            if q.id == quiz_id:
                return q
        known = ", ".join(q.id for q in self.quizzes)
        raise ValueError(f"unknown quiz {quiz_id!r}; known quizzes: {known}")

    def questions(self) -> list[Question]:
        return [question for quiz in self.quizzes for question in quiz.questions]


# --------------------------------------------------------------------------- loading


def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def source_text(path: Path = SOURCE_PATH) -> str:
    return Path(path).read_text(encoding="utf-8")


def _where(loc: list, data) -> str:
    """A pydantic-style location as words: ``question 'x', choices.0.id``."""
    loc = list(loc)
    where = []
    if loc[:1] == ["questions"] and len(loc) > 1 and isinstance(loc[1], int):
        index = loc[1]
        try:
            qid = data["questions"][index].get("id", f"#{index + 1}")
        except (KeyError, IndexError, AttributeError, TypeError):
            qid = f"#{index + 1}"
        where.append(f"question {qid!r}")
        loc = loc[2:]
    rest = ".".join(str(part) for part in loc)
    if rest:
        where.append(rest)
    return ", ".join(where) or "file"


def describe_errors(error: ValidationError, data=None) -> list[str]:
    """Turn pydantic's errors into lines that name the entry (and a quiz file's question id)."""
    return [(f"{_where(err['loc'], data)}: " if err["loc"] else "") + err["msg"].removeprefix("Value error, ")
            for err in error.errors()]


def not_in_source(quotes, source: str | None = None) -> list[str]:
    """The quotes that are not word for word in the source text (spacing aside)."""
    text = normalise_space(source_text() if source is None else source)
    return [quote for quote in quotes if normalise_space(quote) not in text]


def load_model(path: Path, model: type, shape: str):
    """Read a YAML content file and validate it with ``model``, or raise ContentError naming file and entries."""
    path = Path(path)
    data = read_yaml(path, dict, shape)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"{path}: " + "; ".join(describe_errors(exc, data))) from None


# libyaml's safe loader parses about ten times faster than the pure-Python one;
# both accept the same documents and build the same data.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_near_line(text: str, line_index: int) -> str:
    """Name the entry (the last ``id:`` at or above a 0-based line), so the reader knows where to look."""
    lines = text.splitlines()[: line_index + 1]
    for line in reversed(lines):
        found = re.match(r"\s*-?\s*id:\s*['\"]?([^'\"\s#]+)", line)
        if found and line.startswith((" ", "-")):
            return f"question {found.group(1)!r} (near line {line_index + 1}): "
    return f"line {line_index + 1}: "


def _entry_near_error(text: str, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return "" if mark is None else _entry_near_line(text, mark.line)


_PLAIN_TYPES = (str, int, float, bool, type(None))


def _not_plain_yaml(text: str, data) -> list[str]:
    """Tags and anchors/aliases in the text, each named by where it is in the data.

    Each makes a file harder to read and to check: an alias silently repeats a
    value, and a tag changes a value's type.
    """
    problems = []
    frames: list[list] = []  # per open collection: [kind, path, index or key, expecting a key]

    def location() -> tuple:
        if not frames:
            return ()
        kind, path, at, expecting_key = frames[-1]
        return path if kind == "map" and expecting_key else (*path, at)

    def advance(node_value=None) -> None:
        if not frames:
            return
        frame = frames[-1]
        if frame[0] == "seq":
            frame[2] += 1
        elif frame[3]:
            frame[2], frame[3] = node_value, False
        else:
            frame[3] = True

    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frames.pop()
            advance()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        where = _where(list(location()), data)
        if isinstance(event, yaml.AliasEvent):
            problems.append(f"{where}: the alias *{event.anchor} is not allowed: write the value out in full")
        elif event.anchor is not None:
            problems.append(f"{where}: the anchor &{event.anchor} is not allowed: content files hold plain data")
        tag = getattr(event, "tag", None)
        if tag is not None:
            problems.append(f"{where}: the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed: "
                            "content files hold plain text, numbers, lists and mappings")
        if isinstance(event, yaml.SequenceStartEvent):
            frames.append(["seq", location(), 0, False])
        elif isinstance(event, yaml.MappingStartEvent):
            frames.append(["map", location(), None, True])
        else:
            advance(getattr(event, "value", None))
    return problems


def _not_plain_data(value, data, loc: tuple = ()) -> list[str]:
    """Keys that are not text, and values YAML turned into dates or other non-plain types."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(f"{_where(list(loc), data)}: the key {key!r} is not text "
                                "(keys are words such as id, prompt or choices)")
            problems += _not_plain_data(item, data, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += _not_plain_data(item, data, (*loc, index))
    elif not isinstance(value, _PLAIN_TYPES):
        hint = " (put dates in quotes)" if isinstance(value, (datetime.date, datetime.datetime)) else ""
        problems.append(f"{_where(list(loc), data)}: {type(value).__name__} values are not allowed; "
                        f"use plain text{hint}")
    return problems


def _read_yaml(path: Path, expected: type, shape: str) -> tuple[object, list[str]]:
    """Parse a YAML content file as plain data; ``(data, problems)``, data None if unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}: cannot read the file: {exc}"]
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
        problems = [f"{path}: {line}" for line in _not_plain_yaml(text, data)]
    except yaml.YAMLError as exc:
        return None, [f"{path}: {_entry_near_error(text, exc)}not valid YAML: {exc}"]
    if not problems and not isinstance(data, expected):
        return None, [f"{path}: expected {shape}"]
    if not problems:  # a tag's value already has its problem named
        problems = [f"{path}: {line}" for line in _not_plain_data(data, data)]
    return (None if problems else data), problems


def read_yaml(path: Path, expected: type, shape: str):
    """Parse a YAML content file as plain data and check its top-level shape, or raise ContentError."""
    data, problems = _read_yaml(path, expected, shape)
    if problems:
        raise ContentError("\n".join(problems))
    return data


def _texts(quiz: Quiz, question: Question) -> list[str]:
    """The text a learner reads for one question (not the source quote, which is the source's)."""
    return [question.prompt, question.explanation] + [part for c in question.choices for part in (c.text, c.feedback)]


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
    return problems


#: How a choice's feedback may not start when a rule grades the choice "safe":
#: a more careful care level than the rule is never called a mistake.
WRONG_OPENINGS = ("not quite", "wrong", "incorrect", "no.", "that is a mistake")


def _safe_choice_rules(question: Question) -> list[str]:
    if question.type != "single" or not question.has_levels:
        return []
    from .triage_practice import SAFE_CHOICES  # the engine's rule; imported when a question has level choices

    key = question.level_of(question.correct[0])
    return [f"choice {c.id!r}: its level {c.level!r} is a safe (more careful) choice when the key is {key!r}, "
            f"so its feedback must not call it wrong: {c.feedback[:40]!r}"
            for c in question.choices
            if c.level in SAFE_CHOICES.get(key, ()) and c.feedback.strip().lower().startswith(WRONG_OPENINGS)]


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


# --------------------------------------------------------------------------- the course's bank


def course_quiz_dir() -> Path:
    """The course's quiz folder: ``$SPASM_QUIZ_DIR`` if set, else ``content/quizzes``.

    The book's ``spasm_quiz_dir`` config value reaches here through that
    variable (see :mod:`spasm_course.sphinx_ext`), so the build, its notebook
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
