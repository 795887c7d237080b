"""Load and validate the course's content files (quizzes, objectives, source text).

Everything a student sees in a quiz comes from YAML files in
``spasm_course/content/``.  This module reads them, checks them against a
pydantic schema, and reports every problem with the file and the entry named,
so that a bad edit fails the tests and the book build with a clear message.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal, Optional, Union, get_args

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CONTENT_DIR = Path(__file__).parent / "content"
SOURCE_PATH = CONTENT_DIR / "source.txt"
QUIZ_DIR = CONTENT_DIR / "quizzes"
OBJECTIVES_PATH = CONTENT_DIR / "objectives.yml"
FEATURES_PATH = CONTENT_DIR / "deciding_features.yml"

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
QUESTION_TYPES = get_args(QuestionType)

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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _not_blank(value: str) -> str:
    if not value or not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _known_chapter(value: int) -> int:
    if value not in CHAPTERS:
        raise ValueError(f"unknown chapter {value}; allowed: {sorted(CHAPTERS)}")
    return value


#: A chapter number of the course (1 to 6).
ChapterNumber = Annotated[int, AfterValidator(_known_chapter)]


class Choice(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    text: str = ""
    feedback: str

    _check_feedback = field_validator("feedback")(_not_blank)


class Case(_Strict):
    """A person's situation, in the triage engine's ids (see ``triage.ALLOWED``).

    ``kind`` is ``spasm`` unless given.  A spasm case gives severity,
    frequency, home_care and causes (``[]`` for none); a twitch case gives
    only ``kind``.  The triage engine checks the values
    (:func:`spasm_course.triage.check_case`), so a case the simulator would
    refuse cannot load.  ``warning_signs`` questions use it, and any later
    type that practises triage can too.
    """

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


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    chapter: ChapterNumber
    type: QuestionType
    skill: Skill
    objective: str
    prompt: str
    # Required for every type except the CASE_TYPES, whose choices and
    # correct answers the triage engine fills in from ``case``.
    choices: list[Choice] = Field(default_factory=list)
    correct: list[str] = Field(default_factory=list)
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
            raise ValueError(f"a {where} question has a case (severity, frequency, home_care, causes)")
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


class Quiz(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    chapter: ChapterNumber
    title: str
    intro: str = ""
    questions: list[Question] = Field(min_length=1)
    path: str = ""  # set by the loader, for messages

    _check_title = field_validator("title")(_not_blank)


class Objective(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    chapter: ChapterNumber
    text: str

    _check_text = field_validator("text")(_not_blank)


class Bank(_Strict):
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


def _describe(error: ValidationError, data: dict) -> list[str]:
    """Turn pydantic's errors into lines that name the question id."""
    lines = []
    for err in error.errors():
        loc = list(err["loc"])
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
        message = err["msg"].removeprefix("Value error, ")
        lines.append(f"{', '.join(where) or 'file'}: {message}")
    return lines


# libyaml's safe loader parses about ten times faster than the pure-Python one;
# both accept the same documents and build the same data.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_near_error(text: str, exc: yaml.YAMLError) -> str:
    """Name the entry (the last ``id:`` at or above the error's line), so the reader knows where to look."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return ""
    lines = text.splitlines()[: mark.line + 1]
    for line in reversed(lines):
        found = re.match(r"\s*-?\s*id:\s*['\"]?([^'\"\s#]+)", line)
        if found and line.startswith((" ", "-")):
            return f"question {found.group(1)!r} (near line {mark.line + 1}): "
    return f"line {mark.line + 1}: "


def read_yaml(path: Path, expected: type, shape: str):
    """Parse a YAML content file and check its top-level shape, or raise ContentError."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise ContentError(f"{path}: {_entry_near_error(text, exc)}not valid YAML: {exc}") from None
    if not isinstance(data, expected):
        raise ContentError(f"{path}: expected {shape}")
    return data


def load_quiz_file(path: Path, source: str | None = None) -> Quiz:
    """Read and validate one quiz file.  Raises ContentError naming file and entry."""
    path = Path(path)
    data = read_yaml(path, dict, "a mapping with id, chapter, title and questions")
    try:
        quiz = Quiz.model_validate({**data, "path": str(path)})
    except ValidationError as exc:
        raise ContentError(f"{path}: " + "; ".join(_describe(exc, data))) from None
    source = normalise_space(source_text() if source is None else source)
    for question in quiz.questions:
        for quote in question.quotes:
            if quote not in source:
                raise ContentError(
                    f"{path}: question {question.id!r}: source is not word for word in the source text: "
                    f"{quote!r}"
                )
    return quiz


def load_objectives(path: Path = OBJECTIVES_PATH) -> tuple[Objective, ...]:
    path = Path(path)
    data = read_yaml(path, list, "a list of objectives")
    objectives = []
    for index, item in enumerate(data):
        try:
            objectives.append(Objective.model_validate(item))
        except ValidationError as exc:
            oid = item.get("id", f"#{index + 1}") if isinstance(item, dict) else f"#{index + 1}"
            raise ContentError(f"{path}: objective {oid!r}: " + "; ".join(_describe(exc, {}))) from None
    ids = [o.id for o in objectives]
    for oid in ids:
        if ids.count(oid) > 1:
            raise ContentError(f"{path}: objective {oid!r}: duplicate id")
    return tuple(objectives)


def load_bank(quiz_dir: Path = QUIZ_DIR, objectives_path: Path = OBJECTIVES_PATH,
              source: str | None = None) -> Bank:
    """Load every ``*.yml`` quiz file in ``quiz_dir`` and check the bank as a whole."""
    quiz_dir = Path(quiz_dir)
    files = sorted(quiz_dir.glob("*.yml"))
    if not files:
        raise ContentError(f"{quiz_dir}: no quiz files (*.yml) found")
    objectives = load_objectives(objectives_path)
    objective_ids = {o.id for o in objectives}
    quizzes = [load_quiz_file(path, source) for path in files]
    seen: dict[str, str] = {}
    for quiz in quizzes:
        if quiz.id in seen:
            raise ContentError(f"{quiz.path}: quiz {quiz.id!r}: duplicate quiz id (also in {seen[quiz.id]})")
        seen[quiz.id] = quiz.path
    seen = {}
    for quiz in quizzes:
        for question in quiz.questions:
            if question.id in seen:
                raise ContentError(
                    f"{quiz.path}: question {question.id!r}: duplicate id (also in {seen[question.id]})"
                )
            seen[question.id] = quiz.path
            if question.objective not in objective_ids:
                raise ContentError(
                    f"{quiz.path}: question {question.id!r}: unknown objective {question.objective!r}"
                )
    quizzes.sort(key=lambda q: (q.chapter, Path(q.path).name))
    return Bank(quizzes=tuple(quizzes), objectives=objectives)


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


@lru_cache(maxsize=1)
def default_bank() -> Bank:
    """The course's own bank, loaded once per process."""
    return load_bank()
