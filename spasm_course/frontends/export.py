"""Export the question bank for learning management systems (LMS).

Run ``python -m spasm_course export --format gift|qti|csv --out DIR``.

* ``gift``: one file for the whole bank, ``spasm-course-gift.txt``, in Moodle's
  GIFT format.  Each quiz starts with a ``$CATEGORY:`` line, so one import
  makes one question category per quiz.
* ``qti``: for each quiz, ``<quiz id>.txt`` in text2qti's plain-text format and
  ``<quiz id>.zip``, the QTI package that text2qti makes from it (for Canvas).
* ``csv``: one file, ``spasm-course-questions.csv``, one row per question.

A "safe" choice (a more careful care level than the rule's,
:mod:`spasm_course.engines.triage_practice`) scores half, as on the site
(:data:`spasm_course.engines.progress.RESULT_SCORES`): in GIFT its weight is
``%50%``.  text2qti 0.8 cannot give one choice of a multiple-choice question
part marks (a choice is right, scoring 100, or wrong), so in QTI a safe
choice scores 0 and the question's general feedback says, once, that the
course gives it half (:data:`QTI_SAFE_NOTE`).  The CSV names the safe
choices in its ``safe`` and ``safe_text`` columns.

Choices are always listed in the course's display order
(:func:`spasm_course.engines.grading.display_order`), so every export matches the site.

The bank is the course's (:func:`spasm_course.content.load_course_bank`): the
environment variable ``SPASM_QUIZ_DIR``, if set, replaces the folder of quiz
files (``spasm_course/content/quizzes``), so tests can point the exporter at a
small or broken bank; leave it unset normally.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import os
import re
import sys
import zipfile
from pathlib import Path
from typing import Callable

from spasm_course.content import (ENV_QUIZ_DIR, Bank, ContentError, Question, Quiz, deciding_features,
                                  load_course_bank, normalise_space)
from spasm_course.engines.grading import display_order, messages, quoted, reveal, safe_answers
from spasm_course.engines.progress import RESULT_SCORES
from spasm_course.content.figures import figure_bytes
from spasm_course.frontends.render import figure_html

FORMATS = ("gift", "qti", "csv")
GIFT_FILE = "spasm-course-gift.txt"
CSV_FILE = "spasm-course-questions.csv"
#: The folder, beside the QTI export's text2qti sources, that holds the pictures they show.
QTI_FIGURES = "figures"
COURSE = "Muscle spasms and twitches"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: What the QTI general feedback adds to a question with safe choices, since
#: text2qti cannot give them half marks.  ``{choices}``: their labels in quotes.
QTI_SAFE_NOTE = ("In the course, a more careful choice than the rule ({choices}) is not a mistake "
                 "and gets half a mark. This quiz cannot give half marks, so here it gets none.")


class ExportError(ValueError):
    """An export could not be written.  The message is one line for the user."""


def ordered_choices(question: Question) -> list[tuple[str, str, str, bool]]:
    """``(letter, label, feedback, is_correct)`` for each choice, in display order."""
    rows = []
    for letter, choice_id in zip(LETTERS, display_order(question)):
        choice = question.choice(choice_id)
        rows.append((letter, question.label(choice_id).strip(), choice.feedback.strip(),
                     choice_id in question.correct))
    return rows


def general_feedback(question: Question) -> str:
    """The explanation, the deciding feature if any, the simulator's result for a
    case question, and the source quote(s), as one line."""
    parts = [question.explanation]
    if question.deciding_feature:
        parts.append(f"{messages()['deciding_feature']} {deciding_features()[question.deciding_feature]}.")
    triage_result = reveal(question).triage_result
    if triage_result:
        parts.append(triage_result)
    parts.append(f"{messages()['source']} {quoted(question.quotes)}")
    return normalise_space(" ".join(parts))


# --------------------------------------------------------------------------- GIFT


def gift_escape(text: str) -> str:
    """Escape GIFT's special characters (``~ = # { } :`` and backslash) with a backslash.

    Whitespace is folded to single spaces: in GIFT a blank line ends a question.
    """
    return re.sub(r"([\\~=#{}:])", r"\\\1", normalise_space(text))


def gift_weight(percent: float) -> str:
    """A weight as Moodle wants it: at most 5 decimals, no trailing zeros (33.33333)."""
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def gift_prompt(question: Question) -> str:
    """The question text: plain, or for a question with a picture, HTML (``[html]``) with the
    picture itself as a ``data:`` URI, so the one GIFT file carries it."""
    if question.figure is None:
        return gift_escape(question.full_prompt)
    markup = f"<p>{html.escape(normalise_space(question.full_prompt))}</p>{figure_html(question)}"
    return "[html]" + gift_escape(markup)


def gift_question(question: Question) -> str:
    lines = [f"// question: {question.id}",
             f"// objective: {question.objective}",
             f"::{gift_escape(question.id)}::{gift_prompt(question)}{{"]
    choices = ordered_choices(question)
    if question.multiple:
        # Several answers: the correct ones share 100%, each wrong one costs 100%
        # (Moodle never gives less than 0).  So a wrong pick scores 0, as on the
        # site; unlike the site, Moodle gives part marks for a partial right set.
        right = sum(1 for *_, ok in choices if ok)
        for _, label, feedback, ok in choices:
            weight = gift_weight(100 / right) if ok else "-100"
            lines.append(f"\t~%{weight}%{gift_escape(label)}#{gift_escape(feedback)}")
    else:
        # One answer (true/false and spasm/twitch too, so each choice keeps its feedback).
        # A safe choice (a more careful care level) scores half, as in the course.
        safe = safe_answers(question)
        half = f"~%{gift_weight(RESULT_SCORES['safe'] * 100)}%"
        for choice_id, (_, label, feedback, ok) in zip(display_order(question), choices):
            marker = "=" if ok else half if choice_id in safe else "~"
            lines.append(f"\t{marker}{gift_escape(label)}#{gift_escape(feedback)}")
    lines.append(f"\t####{gift_escape(general_feedback(question))}")
    lines.append("}")
    return "\n".join(lines)


def gift_text(bank: Bank) -> str:
    """The whole bank as one GIFT file, one ``$CATEGORY`` per quiz."""
    blocks = [f"// {COURSE}: question bank in Moodle GIFT format.\n"
              "// Made by `python -m spasm_course export --format gift`. Do not edit by hand:\n"
              "// edit spasm_course/content/quizzes/*.yml and export again."]
    for quiz in bank.quizzes:
        # In a category path "/" separates levels; Moodle reads "//" as a plain "/".
        title = normalise_space(quiz.title).replace("/", "//")
        blocks.append(f"// quiz: {quiz.id}\n$CATEGORY: $course$/top/{COURSE}/{title}")
        blocks.extend(gift_question(question) for question in quiz.questions)
    return "\n\n".join(blocks) + "\n"


def write_gift(bank: Bank, out_dir: Path) -> list[Path]:
    path = out_dir / GIFT_FILE
    _write_text(path, gift_text(bank))
    return [path]


# --------------------------------------------------------------------------- QTI (text2qti)


def text2qti_escape(text: str) -> str:
    """Make text appear literally in text2qti, whose text is Markdown plus ``$math$``.

    A backslash escapes the characters Python-Markdown (as text2qti sets it
    up) treats as markup, and ``$``, which text2qti itself unescapes.  ``&``
    and ``<`` become HTML entities, since Markdown passes raw HTML through.
    """
    text = normalise_space(text).replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|>\"'$])", r"\\\1", text)


def qti_general_feedback(question: Question) -> str:
    """:func:`general_feedback`, then :data:`QTI_SAFE_NOTE` if the question has safe choices."""
    safe = safe_answers(question)
    if not safe:
        return general_feedback(question)
    names = " or ".join(f"“{question.label(cid).strip()}”" for cid in safe)
    return f"{general_feedback(question)} {QTI_SAFE_NOTE.format(choices=names)}"


def text2qti_quiz_text(quiz: Quiz) -> str:
    """One quiz in text2qti's plain-text format."""
    lines = [f"Quiz title: {normalise_space(quiz.title)}"]
    if quiz.intro.strip():
        lines.append(f"Quiz description: {text2qti_escape(quiz.intro)}")
    lines += ["Shuffle answers: false", "Show correct answers: true", ""]
    for number, question in enumerate(quiz.questions, start=1):
        lines.append(f"Title: {question.id}")
        prompt = text2qti_escape(question.full_prompt)
        if question.figure is not None:  # the picture, from the figures/ folder written beside this file
            prompt += f" ![{text2qti_escape(question.figure.alt)}]({QTI_FIGURES}/{question.figure.file})"
        lines.append(f"{number}.  {prompt}")
        lines.append(f"... {text2qti_escape(qti_general_feedback(question))}")
        for letter, label, feedback, ok in ordered_choices(question):
            if question.multiple:
                marker = "[*]" if ok else "[ ]"
            else:
                marker = f"{'*' if ok else ''}{letter})"
            lines.append(f"{marker} {text2qti_escape(label)}")
            lines.append(f"... {text2qti_escape(feedback)}")
        lines.append("")
    return "\n".join(lines)


def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed file dates, so that the same bank gives the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.external_attr = info.external_attr
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def text2qti_zip(text: str, name: str) -> bytes:
    """Run text2qti's own parser and QTI writer on one quiz file's text."""
    # deferred: only the QTI export needs text2qti (and its Markdown), slow to import for the other formats
    from text2qti.config import Config  # deferred (see above)
    from text2qti.err import Text2qtiError  # deferred (see above)
    from text2qti.qti import QTI  # deferred (see above)
    from text2qti.quiz import Quiz as T2QQuiz  # deferred (see above)

    try:
        # Config() without .load(): use text2qti's defaults, and do not create
        # ~/.text2qti.bespon on the user's machine.
        quiz = T2QQuiz(text, config=Config(), source_name=name)
        return _stable_zip(QTI(quiz).zip_bytes())
    except Text2qtiError as exc:
        raise ExportError(f"text2qti could not convert {name}: {normalise_space(str(exc))}") from None


def write_qti(bank: Bank, out_dir: Path, log: Callable[[str], None] = print) -> list[Path]:
    written = []
    for quiz in bank.quizzes:
        text = text2qti_quiz_text(quiz)
        source = out_dir / f"{quiz.id}.txt"
        _write_text(source, text)
        log(f"wrote {source} (text2qti source, {len(quiz.questions)} questions)")
        for name in sorted({q.figure.file for q in quiz.questions if q.figure is not None}):
            picture = out_dir / QTI_FIGURES / name
            picture.parent.mkdir(parents=True, exist_ok=True)
            if picture not in written:
                picture.write_bytes(figure_bytes(name))
                log(f"wrote {picture} (a picture the questions show)")
                written.append(picture)
        package = out_dir / f"{quiz.id}.zip"
        # text2qti reads a picture's path from its working folder; the .txt keeps it relative.
        here = text.replace(f"]({QTI_FIGURES}/", f"]({(out_dir / QTI_FIGURES).resolve().as_posix()}/")
        package.write_bytes(text2qti_zip(here, source.name))
        log(f"wrote {package} (QTI for Canvas, {len(quiz.questions)} questions)")
        written += [source, package]
    return written


# --------------------------------------------------------------------------- CSV

CSV_COLUMNS = ["quiz", "question_id", "chapter", "type", "objective", "prompt",
               *[f"choice_{letter}" for letter in LETTERS[:6]],
               "correct", "correct_text", "explanation", "source", "safe", "safe_text", "figure"]


def csv_rows(bank: Bank) -> list[list[str]]:
    """The header and one row per question.  Choices fill choice_a.. in display order;
    ``correct`` holds their letters (``b d``), ``correct_text`` their text joined by `` | ``,
    and ``source`` the source sentence(s) joined the same way.  ``safe`` and
    ``safe_text`` name the safe choices (:func:`spasm_course.engines.grading.safe_answers`, scored half) the same
    way as ``correct`` and ``correct_text``; both are empty for most questions.  ``figure`` names
    the picture file a question shows (in ``spasm_course/content/figures/``), or is empty."""
    rows = [list(CSV_COLUMNS)]
    width = CSV_COLUMNS.index("correct") - CSV_COLUMNS.index("choice_a")
    for quiz in bank.quizzes:
        for question in quiz.questions:
            choices = ordered_choices(question)
            labels = [label for _, label, _, _ in choices]
            right = [(letter, label) for letter, label, _, ok in choices if ok]
            letter_of = dict(zip(display_order(question), LETTERS))
            safe = [(letter_of[cid], question.label(cid).strip()) for cid in safe_answers(question)]
            rows.append([quiz.id, question.id, str(question.chapter), question.type, question.objective,
                         question.full_prompt.strip(), *labels, *[""] * (width - len(labels)),
                         " ".join(letter for letter, _ in right), " | ".join(label for _, label in right),
                         question.explanation.strip(), " | ".join(question.quotes),
                         " ".join(letter for letter, _ in safe), " | ".join(label for _, label in safe),
                         "" if question.figure is None else question.figure.file])
    return rows


def write_csv(bank: Bank, out_dir: Path) -> list[Path]:
    path = out_dir / CSV_FILE
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csv_rows(bank))
    _write_text(path, buffer.getvalue())
    return [path]


# --------------------------------------------------------------------------- driver


def _write_text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def prepare_out_dir(out: Path) -> Path:
    """Create the output folder if needed.  Raises ExportError with a one-line reason."""
    if out.exists() and not out.is_dir():
        raise ExportError(f"cannot write to {out}: it is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create the folder {out}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise ExportError(f"cannot write to {out}: permission denied")
    return out


def export(bank: Bank, fmt: str, out: Path, log: Callable[[str], None] = print) -> list[Path]:
    """Write ``bank`` in format ``fmt`` into folder ``out``; log one line per file."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    out = prepare_out_dir(Path(out))
    total = len(bank.questions())
    try:
        if fmt == "qti":
            return write_qti(bank, out, log)
        written = write_gift(bank, out) if fmt == "gift" else write_csv(bank, out)
    except OSError as exc:
        raise ExportError(f"cannot write to {out}: {exc.strerror or exc}") from None
    for path in written:
        log(f"wrote {path} ({fmt.upper()}, {total} questions in {len(bank.quizzes)} quizzes)")
    return written


#: ``python -m spasm_course export``: how the command line lists it (see __main__).
COMMAND = dict(
    name="export", help="write the question bank for Moodle (GIFT), Canvas (QTI) or a spreadsheet (CSV)",
    description="Write every quiz question, with its answers and feedback, for a learning management system.",
    epilog=f"Files: gift -> {GIFT_FILE}; qti -> <quiz id>.txt and <quiz id>.zip per quiz; "
           f"csv -> {CSV_FILE}.  {ENV_QUIZ_DIR}, if set, replaces the quiz folder (for tests).")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", required=True, choices=FORMATS, metavar="{gift,qti,csv}",
                        help="gift (Moodle), qti (Canvas, made with text2qti) or csv")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="folder to write into (created if missing)")


def run(args: argparse.Namespace) -> int:
    """Run the ``export`` subcommand.  Problems print one line on stderr and return 1."""
    try:
        bank = load_course_bank()
        export(bank, args.format, args.out)
    except (ContentError, ExportError) as exc:
        message = normalise_space(str(exc))
        print(f"error: {message}", file=sys.stderr)
        return 1
    return 0
