"""The content layer: the course's data (``source.txt``, ``quizzes/``, ``words.yml``,
``triage.yml``, ``objectives.yml``, the published schemas) and the code that reads and
checks it.  The lowest layer: it imports no other part of the course.

* :mod:`.yamlbase` -- the base every content file is read with (plain YAML, the strict
  model base, errors that name the file and entry);
* :mod:`.models` -- the question bank's models;
* :mod:`.bank` -- loading the bank, every content rule, where the course's bank is;
* :mod:`.words` and :mod:`.triage_words` -- ``words.yml`` and ``triage.yml``;
* :mod:`.version` -- which edition this is.

The names of ``yamlbase``, ``models`` and ``bank`` are importable from here too
(``from spasm_course.content import default_bank``).
"""

from __future__ import annotations

from .yamlbase import (  # noqa: F401
    CONTENT_DIR, SOURCE_PATH, ContentError, Strict, normalise_space, source_text, describe_errors,
    not_in_source, load_model, read_yaml,
)
from .models import (  # noqa: F401
    CaseBuilder, set_case_builder, case_builder, safe_choice_levels, REVIEW_CHAPTER, CHAPTERS,
    QuestionType, MULTIPLE_ANSWER_TYPES, CASE_TYPES, FIXED_CHOICES, Skill, BodyArea, BODY_AREAS,
    DecidingFeature, DECIDING_FEATURE_IDS, MAX_CHOICES, ID_PATTERN, CHOICE_ID_PATTERN, ChapterNumber,
    CareLevel, Choice, Case, Question, Quiz, Objective, Bank,
)
from .bank import (  # noqa: F401
    QUIZ_DIR, OBJECTIVES_PATH, FEATURES_PATH, ENV_QUIZ_DIR, QUIZ_SUFFIX, BANNED_PHRASES, WRONG_OPENINGS,
    load_quiz_file, load_objectives, quiz_files, check_bank, load_bank, course_quiz_dir,
    load_course_bank, deciding_features, default_bank,
)
