"""Sphinx extension for the course book (listed in ``_config.yml``).

* When the build starts, it loads and checks the question bank.  A malformed
  quiz file stops the build with the loader's message, which names the file
  and the question id.
* ``outcomes-map`` directive: a table of every learning objective, by chapter,
  with the ids of the questions that assess it (from ``objectives.yml`` and the
  quiz files, at build time).
* ``answer-key`` directive: every quiz and question with its choices in display
  order, the correct ones marked in words, the feedback, explanation, source
  quote and objective.  Only ``book/answer-key.md`` uses it, and only the
  instructor edition (``_toc_instructor.yml``) builds that page.

* Every page that shows something made from the bank (a chapter's quiz or the
  simulator, Practice again, the progress page, the outcomes map, the answer
  key) notes the files it was made from (:func:`note_bank_dependencies`), so
  an incremental build reads it again after an edit to one of them, or when
  the bank gains or loses a quiz file.
* It loads :mod:`spasm_course.sphinx.mime`, which renders the notebooks' quiz
  and simulator outputs from the bank.

Where the bank is: the config value ``spasm_quiz_dir`` (in ``_config.yml``
under ``sphinx: config:``; a path relative to the book's root) names the quiz
folder.  When the build starts, this extension exports it as the environment
variable ``SPASM_QUIZ_DIR`` (see :func:`spasm_course.content.course_quiz_dir`),
so every reader of the bank in the build (the notebooks' quizzes, the progress
and practice pages, the outcomes map, the answer key) and any process the build
starts read the same bank; the variable is restored when the build finishes.
A ``SPASM_QUIZ_DIR`` already set (tests use it to point a build at a broken
bank) wins over the config value.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective

from spasm_course.content import (CHAPTERS, ENV_QUIZ_DIR, FEATURES_PATH, OBJECTIVES_PATH, Bank, ContentError, Question,
                                  Quiz, course_quiz_dir, deciding_features, default_bank, quiz_files)
from spasm_course.content.triage_words import TRIAGE_PATH
from spasm_course.content.words import WORDS_PATH
from spasm_course.frontends.export import ordered_choices
from spasm_course.frontends.render import figure_html
from spasm_course.engines.grading import messages, quoted, reveal

NOT_ASSESSED = "— (not assessed yet)"

TYPE_NAMES = {
    "single": "Choose one answer",
    "true_false": "True or false",
    "multi": "Choose all that apply",
    "spasm_or_twitch": "Spasm or twitch?",
    "warning_signs": "Warning signs (choose all that apply)",
    "triage_level": "Triage level (choose one)",
}


def checked_bank() -> Bank:
    """The bank, or an ExtensionError carrying the loader's message (file and question id)."""
    try:
        return default_bank()
    except ContentError as exc:
        raise ExtensionError(f"The question bank is not valid: {exc}") from None


#: The value ``SPASM_QUIZ_DIR`` had before the build exported ``spasm_quiz_dir`` (None: unset).
_ENV_BEFORE = "_spasm_env_quiz_dir_before"


def use_configured_quiz_dir(app, config) -> None:
    """``config-inited`` hook: export ``spasm_quiz_dir`` as ``SPASM_QUIZ_DIR`` for this build.

    An environment variable is the one channel that also reaches the notebook
    kernels.  A value already in the environment wins (tests set it).
    """
    configured = str(config.spasm_quiz_dir or "").strip()
    if not configured or os.environ.get(ENV_QUIZ_DIR, "").strip():
        return
    setattr(app, _ENV_BEFORE, os.environ.get(ENV_QUIZ_DIR))
    os.environ[ENV_QUIZ_DIR] = str((Path(app.confdir) / configured).resolve())


def restore_quiz_dir(app, exception) -> None:
    """``build-finished`` hook: put ``SPASM_QUIZ_DIR`` back as it was before the build."""
    if not hasattr(app, _ENV_BEFORE):
        return
    before = getattr(app, _ENV_BEFORE)
    delattr(app, _ENV_BEFORE)
    if before is None:
        os.environ.pop(ENV_QUIZ_DIR, None)
    else:
        os.environ[ENV_QUIZ_DIR] = before


def check_bank_on_start(app) -> None:
    """``builder-inited`` hook: fail the build early if the bank is malformed."""
    checked_bank()


# --------------------------------------------------------------------------- what a page is made from

#: The content files besides the quiz files that every page showing the bank reads:
#: the words of the quizzes and pages, the simulator's and triage questions' words, and
#: the deciding features that feedback names.
SHARED_CONTENT = (WORDS_PATH, TRIAGE_PATH, FEATURES_PATH)


def bank_files() -> list[str]:
    """The quiz files the bank is made of now (absolute paths, sorted)."""
    return [str(path.resolve()) for path in quiz_files(course_quiz_dir())[0]]


def _whole_bank_pages(env) -> dict[str, list[str]]:
    """docname -> the quiz files (:func:`bank_files`) of a page that shows every quiz, when it was read."""
    if not hasattr(env, "spasm_whole_bank_pages"):
        env.spasm_whole_bank_pages = {}
    return env.spasm_whole_bank_pages


def note_bank_dependencies(env, quizzes: list[Quiz] | None = None, extra=()) -> None:
    """Make the page being read depend on what it shows from the bank.

    Its dependencies: the files of ``quizzes`` (every quiz file when None), the
    :data:`SHARED_CONTENT` files and ``extra``; an incremental build reads the
    page again when one of them changes.  A page that shows every quiz
    (``quizzes=None``) is also read again when the bank gains or loses a quiz
    file, or the build reads another quiz folder (:func:`whole_bank_pages_to_read`).
    """
    files = bank_files()
    paths = files if quizzes is None else [Path(quiz.path) for quiz in quizzes]
    for path in [*paths, *SHARED_CONTENT, *extra]:
        env.note_dependency(str(Path(path).resolve()))
    if quizzes is None:
        _whole_bank_pages(env)[env.docname] = files


def whole_bank_pages_to_read(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: the pages showing every quiz that were read with other quiz files."""
    files = bank_files()
    return sorted(doc for doc, seen in _whole_bank_pages(env).items() if seen != files and doc not in removed)


def purge_whole_bank_page(app, env, docname) -> None:
    """``env-purge-doc``: forget a page that is read again or removed."""
    _whole_bank_pages(env).pop(docname, None)


def merge_whole_bank_pages(app, env, docnames, other) -> None:
    """``env-merge-info``: take what a parallel reader recorded."""
    _whole_bank_pages(env).update({doc: files for doc, files in _whole_bank_pages(other).items() if doc in docnames})


# --------------------------------------------------------------------------- outcomes map


class OutcomeRow(NamedTuple):
    chapter: int
    chapter_title: str
    objective_id: str
    objective_text: str
    question_ids: tuple[str, ...]


def outcomes_rows(bank: Bank) -> list[OutcomeRow]:
    """One row per objective, in objectives.yml order, with the questions assessing it."""
    rows = []
    for objective in bank.objectives:
        ids = tuple(q.id for q in bank.questions() if q.objective == objective.id)
        rows.append(OutcomeRow(objective.chapter, CHAPTERS[objective.chapter], objective.id,
                               objective.text.strip(), ids))
    return rows


def _para(*parts) -> nodes.paragraph:
    """A paragraph from strings (plain text) and ready-made inline nodes."""
    para = nodes.paragraph()
    for part in parts:
        para += nodes.Text(part) if isinstance(part, str) else part
    return para


def _ids_para(ids: tuple[str, ...]) -> nodes.paragraph:
    if not ids:
        return _para(NOT_ASSESSED)
    parts = []
    for index, qid in enumerate(ids):
        if index:
            parts.append(", ")
        parts.append(nodes.literal(text=qid))
    return _para(*parts)


def outcomes_table(rows: list[OutcomeRow]) -> nodes.table:
    """A docutils table: chapter | objective | questions."""
    table = nodes.table(classes=["spasm-outcomes-map"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (20, 40, 40):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    header = nodes.row()
    for title in ("Chapter", "Learning objective", "Questions that assess it"):
        header += nodes.entry("", _para(title))
    head += header
    body = nodes.tbody()
    group += body
    for row in rows:
        line = nodes.row()
        line += nodes.entry("", _para(f"{row.chapter}. {row.chapter_title}"))
        line += nodes.entry("", _para(row.objective_text, " (", nodes.literal(text=row.objective_id), ")"))
        line += nodes.entry("", _ids_para(row.question_ids))
        body += line
    return table


class _BankDirective(SphinxDirective):
    has_content = False
    required_arguments = 0
    optional_arguments = 0

    def bank(self) -> Bank:
        # Rebuild this page when a quiz file, the words or the objectives change.
        note_bank_dependencies(self.env, extra=[OBJECTIVES_PATH])
        try:
            return checked_bank()
        except ExtensionError as exc:
            raise self.error(str(exc)) from None


class OutcomesMapDirective(_BankDirective):
    def run(self):
        return [outcomes_table(outcomes_rows(self.bank()))]


# --------------------------------------------------------------------------- answer key


def question_nodes(question: Question, number: int, total: int) -> list[nodes.Node]:
    """One question of the answer key, with the right answers marked in words."""
    out: list[nodes.Node] = [
        nodes.rubric("", f"Question {number} of {total}: ", nodes.literal(text=question.id),
                     ids=[f"question-{question.id}"]),
        _para(nodes.strong(text="Type: "), TYPE_NAMES[question.type], ". ",
              nodes.strong(text="Skill: "), question.skill, ". ",
              nodes.strong(text="Objective: "), nodes.literal(text=question.objective)),
        _para(nodes.strong(text="Prompt: "), question.full_prompt.strip()),
    ]
    if question.figure is not None:
        out.append(nodes.raw("", figure_html(question), format="html"))
    choices = nodes.bullet_list()
    for letter, label, feedback, ok in ordered_choices(question):
        mark = nodes.strong(text="CORRECT ANSWER ✓") if ok else nodes.Text("wrong answer")
        item = nodes.list_item()
        item += _para(f"({letter}) {label} — ", mark)
        item += _para(nodes.emphasis(text="Feedback: "), feedback)
        choices += item
    out.append(choices)
    answers = "; ".join(f"({letter}) {label}" for letter, label, _, ok in ordered_choices(question) if ok)
    out.append(_para(nodes.strong(text=f"{messages()['answer_is']} "), answers))
    out.append(_para(nodes.strong(text=f"{messages()['why']} "), question.explanation.strip()))
    if question.deciding_feature:
        out.append(_para(nodes.strong(text=f"{messages()['deciding_feature']} "),
                         deciding_features()[question.deciding_feature]))
    triage_result = reveal(question).triage_result
    if triage_result:
        out.append(_para(nodes.strong(text=triage_result)))
    out.append(_para(nodes.strong(text=f"{messages()['source']} "), quoted(question.quotes)))
    return out


def answer_key_nodes(bank: Bank) -> list[nodes.Node]:
    """One section per quiz (so each shows in the page's contents), questions inside."""
    sections = []
    for quiz in bank.quizzes:
        section = nodes.section(ids=[f"quiz-{quiz.id}"])
        section += nodes.title(text=f"Chapter {quiz.chapter}: {quiz.title.strip()}")
        section += _para("Quiz ", nodes.literal(text=quiz.id), f" (file {Path(quiz.path).name}), "
                         f"{len(quiz.questions)} questions.")
        for number, question in enumerate(quiz.questions, start=1):
            # One box per question, so that print keeps a question on one page.
            box = nodes.container(classes=["sc-key-question"])
            box.extend(question_nodes(question, number, len(quiz.questions)))
            section += box
        sections.append(section)
    return sections


class AnswerKeyDirective(_BankDirective):
    def run(self):
        return answer_key_nodes(self.bank())


def setup(app):
    app.add_config_value("spasm_quiz_dir", "", "env", [str])
    app.connect("config-inited", use_configured_quiz_dir)
    app.connect("build-finished", restore_quiz_dir)
    app.connect("builder-inited", check_bank_on_start)
    app.connect("env-get-outdated", whole_bank_pages_to_read)
    app.connect("env-purge-doc", purge_whole_bank_page)
    app.connect("env-merge-info", merge_whole_bank_pages)
    # The notebooks' quizzes and simulator, rendered from the bank (a book whose
    # _config.yml predates that module gets it too).
    app.setup_extension("spasm_course.sphinx.mime")
    app.add_directive("outcomes-map", OutcomesMapDirective)
    app.add_directive("answer-key", AnswerKeyDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
