"""The question bank's models: quizzes, questions, choices, cases and objectives.

The models check a question's own shape (its choices and answers agree, the
fixed choices of true/false and spasm/twitch, a case question's case).  A case
question's choices, key and prompt lines are made by the triage engine: the
engines register the builder (:func:`set_case_builder`) when
``spasm_course`` is imported, so this layer never imports an engine.  The rules
that need the whole bank or the source text are in :mod:`spasm_course.content.bank`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union, get_args

from pydantic import (AfterValidator, Field, PrivateAttr, WithJsonSchema, field_validator, model_validator)

from .case_words import cue_words
from .figures import Figure
from .yamlbase import ContentError, Strict, normalise_space


# ----------------------------------------------------------------- the triage engine's part


class CaseBuilder:
    """What the triage engine does for a case question (``warning_signs``, ``triage_level``).

    The engine (:mod:`spasm_course.engines.cases`) registers one with
    :func:`set_case_builder` when ``spasm_course`` is imported, so the models
    never import an engine (the layers rule), and the case questions' choices,
    key and prompt are still computed by the engine, never typed.
    """

    def check_case(self, answers: dict) -> None:  # pragma: no cover - the engine's
        """Raise a ValueError naming the field unless ``answers`` is a complete, in-course case."""
        raise NotImplementedError

    def choices(self, question_type: str, case: "Case") -> tuple[list[dict], list[str]]:  # pragma: no cover
        """The choices (id, text, feedback) and the key of a case question."""
        raise NotImplementedError

    def prompt_lines(self, question_type: str, case: "Case") -> list[str]:  # pragma: no cover
        """What a case question adds to its prompt: the case's facts and its question."""
        raise NotImplementedError

    def safe_levels(self, key_level: str) -> tuple[str, ...]:  # pragma: no cover
        """The care levels that are a safe (more careful) choice when the key is ``key_level``."""
        raise NotImplementedError


_case_builder: list[CaseBuilder] = []


def set_case_builder(builder: CaseBuilder) -> None:
    """Register the triage engine's :class:`CaseBuilder` (done by ``spasm_course.engines``)."""
    _case_builder[:] = [builder]


def case_builder() -> CaseBuilder:
    """The registered :class:`CaseBuilder`; importing ``spasm_course`` registers the engine's."""
    if not _case_builder:
        raise ContentError("the triage engine is not loaded: import spasm_course (its engines build case questions)")
    return _case_builder[0]


def safe_choice_levels(key_level: str) -> tuple[str, ...]:
    """The levels that are a safe choice for a key level, by the engine's rule."""
    return case_builder().safe_levels(key_level)


# ----------------------------------------------------------------- the models

#: The chapter whose quiz reviews the others: its questions name the chapter
#: (1 to 5) they review, so they need not match the quiz's chapter.
REVIEW_CHAPTER = 6

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
BodyArea = Literal["calf", "foot", "thigh", "hand_or_finger", "forearm", "upper_arm", "neck", "back"]
BODY_AREAS = get_args(BodyArea)

#: The source's two descriptions that tell a spasm from a twitch: a bulging,
#: tight muscle, and a fine movement of a small segment of a larger muscle.
#: Their display text is in content/deciding_features.yml.  That spasms occur
#: suddenly and bring the need to stretch are taught as facts, never as what
#: decides a case: the source does not say that a twitch lacks them.
DecidingFeature = Literal["bulging_tight", "fine_movement"]
DECIDING_FEATURE_IDS = get_args(DecidingFeature)

MAX_CHOICES = 6  # keeps every possible answer of a multi-select gradable in advance


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
    (:func:`spasm_course.engines.triage.check_case`), so a case the simulator would
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
        case_builder().check_case(self.answers())  # the engine owns the ids and rules; a ValueError
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
    # The surface cues a spasm_or_twitch case contains that do NOT decide it
    # (ids from content/cues.yml; [] for none).
    cues: Optional[list[str]] = None
    # A picture shown with the prompt (content/figures/); a drawn case's alt text
    # says what is seen, and the content rules read it with the prompt.
    figure: Optional[Figure] = None
    case: Optional[Case] = None

    _check_text = field_validator("prompt", "explanation", "objective")(_not_blank)
    _check_quotes = field_validator("source")(_check_source)

    @field_validator("cues")
    @classmethod
    def _known_cues(cls, value):
        if value is None:
            return value
        known = list(cue_words().cues)
        unknown = [cue for cue in value if cue not in known]
        if unknown:
            raise ValueError(f"unknown cues {unknown}; the cues (content/cues.yml) are {known}")
        if len(set(value)) != len(value):
            raise ValueError(f"cues repeat: {value}")
        return value

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
        for name in ("deciding_feature", "body_area", "cues"):
            if self.type == "spasm_or_twitch" and getattr(self, name) is None:
                raise ValueError(f"a spasm_or_twitch question names its {name}")
            if self.type != "spasm_or_twitch" and getattr(self, name) is not None:
                raise ValueError(f"only spasm_or_twitch questions have a {name}")
        return self

    def _fill_from_case(self) -> None:
        """Check a case question and set its choices and key, as the triage engine computes them."""
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
        if self.type == "warning_signs" and self.case.kind == "twitch":
            raise ValueError("a warning_signs case is a spasm (kind: spasm): a twitch has no warning signs")
        # triage_level: the four levels, the key assess()'s level; warning_signs: the signs, the key those present.
        choices, correct = case_builder().choices(self.type, self.case)
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
    def scene(self) -> str:
        """What the learner is told of the case: the prompt, and a picture's alt text."""
        return self.prompt if self.figure is None else f"{self.prompt} {self.figure.alt}"

    @property
    def full_prompt(self) -> str:
        """The prompt a learner sees.  A case question adds the case's facts, in
        triage.yml's words, and its question; other prompts are as written."""
        if self.case is None:
            return self.prompt
        return " ".join([self.prompt, *case_builder().prompt_lines(self.type, self.case)])

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
