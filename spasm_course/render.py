"""Kernel-free HTML for the website: the quizzes and the triage simulator.

The book shows these instead of the ipywidgets (see ``nb_mime_priority_overrides``
in ``_config.yml``).  Each block is plain, escaped HTML that reads well with
no JavaScript, plus a ``<script type="application/json">`` block that
``_static/course.js`` reads to make it interactive.

No rule is decided here or in the browser.  The JSON carries what
:mod:`spasm_course.grading` and :mod:`spasm_course.triage` computed:

* a quiz question carries ``grading.outcome_table`` (every possible answer ->
  status + which choices' feedback to show) and the text lines of
  ``Grade.lines()``, cut into parts the page puts back together.  Before any
  HTML is returned, :func:`quiz_data` checks that putting the parts together
  gives ``grading.grade(...).lines()`` for every possible answer.
* the triage form carries ``triage.decision_table()``, with its repeated
  strings stored once (see :func:`_pack_triage_table`).

Element ids are built from the quiz, question and choice ids, so they are the
same on every build and unique on a page: quiz and question ids never hold
``_``, so ``__`` separates the parts without clashes, and ids that are not
built from data (``.feedback``, ``.title``, the triage form's) use ``.``, which
no content id can hold.  A quiz shown twice on one page would repeat its ids;
the chapters show each quiz once.
"""

from __future__ import annotations

import html
import json

from . import grading, schedule
from .content import Question, Quiz
from .learning_words import learning_words
from .progress import question_hash

#: The localStorage key of a quiz's saved answers is this prefix + the quiz id.
STORAGE_PREFIX = "spasm-course:quiz:"
#: The version of what course.js saves under a quiz's key.  Version 2 keeps, per
#: question, a record in the progress file's format (spasm_course.progress).
RECORD_VERSION = 2
#: The confidence marks a learner can give (ids of schedule.CONFIDENCES, "none" aside).
CONFIDENCE_IDS = ("sure", "not_sure")


def esc(text: str) -> str:
    return html.escape(str(text), quote=True)


def json_script(data: dict, css_class: str) -> str:
    """A ``<script type="application/json">`` block that no data can break out of.

    ``<``, ``>`` and ``&`` are written as JSON ``\\u`` escapes, so a string
    holding ``</script>`` or ``<!--`` stays inside the block.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'<script type="application/json" class="{esc(css_class)}">{text}</script>'


# ----------------------------------------------------------------- quizzes


def quiz_dom_id(quiz: Quiz) -> str:
    return f"sc-quiz-{quiz.id}"


def question_dom_id(quiz: Quiz, question: Question) -> str:
    return f"sc-{quiz.id}__{question.id}"


def choice_dom_id(quiz: Quiz, question: Question, choice_id: str) -> str:
    return f"{question_dom_id(quiz, question)}__{choice_id}"


def _question_data(question: Question) -> dict:
    """One question's data for the page, checked against ``grading``."""
    order = grading.display_order(question)
    table = grading.outcome_table(question)
    shown = grading.reveal(question)

    # The feedback line of each choice, and the lines after the choice lines
    # ("Why: ...", the deciding feature, "From the source: ..."), both cut
    # out of Grade.lines() so the page shows grading's own text.
    lines = shown.lines()
    tail = lines[1 + len(shown.items):]
    choice_line: dict[str, str] = {}
    for cid in order:
        result = grading.grade(question, [cid])
        index = [item.choice for item in result.items].index(cid)
        choice_line[cid] = result.lines()[1 + index]

    # The page builds feedback as: headline, the shown choices' lines, tail.
    messages = page_messages()
    # Make sure that gives exactly Grade.lines() for every possible answer.
    for key, outcome in table.items():
        built = [messages[outcome.get("headline", outcome["status"])]] + [choice_line[c] for c in outcome["show"]] + tail
        expected = grading.grade(question, key.split("+")).lines()
        if built != expected:
            raise ValueError(f"question {question.id!r}: the website's feedback for answer {key!r} "
                             f"would differ from grading.grade(): {built!r} != {expected!r}")

    # Only what course.js reads: the prompt, labels and headings are in the markup.
    return {
        "id": question.id,
        "hash": question_hash(question),
        "choices": [{"id": cid, "line": choice_line[cid]} for cid in order],
        "tail": tail,
        "reveal": {"selected": list(shown.selected), "lines": lines},
        "outcomes": table,
    }


def page_messages() -> dict:
    """The quiz words the page looks up: grading's, and the triage practice headlines."""
    from .triage_practice import headlines

    return {**grading.MESSAGES, **headlines()}


def quiz_data(quiz: Quiz) -> dict:
    """Everything ``course.js`` needs to run a quiz, as JSON-ready data."""
    total = len(quiz.questions)
    return {
        "version": 1,
        "record_version": RECORD_VERSION,
        "id": quiz.id,
        "title": quiz.title,
        "chapter": quiz.chapter,
        "total": total,
        "storage_key": STORAGE_PREFIX + quiz.id,
        "messages": page_messages(),
        "questions": [_question_data(q) for q in quiz.questions],
        "schedule": schedule.schedule_table(),
    }


def confidence_html(qid: str) -> str:
    """The optional "How sure are you?" radio pair: a fieldset of its own inside the question's."""
    words = learning_words().confidence
    options = []
    for value in CONFIDENCE_IDS:
        dom_id = f"{qid}.confidence.{value}"
        options.append(f'<div class="sc-choice"><input type="radio" id="{esc(dom_id)}" name="{esc(qid)}.confidence" '
                       f'value="{value}"><label for="{esc(dom_id)}">{esc(getattr(words, value))}</label></div>')
    return (f'<fieldset class="sc-confidence" aria-describedby="{esc(qid)}.confidence.hint">'
            f"<legend>{esc(words.legend)}</legend>"
            f'<p class="sc-confidence-hint" id="{esc(qid)}.confidence.hint">{esc(words.hint)}</p>'
            f'<div class="sc-confidence-choices">{"".join(options)}</div></fieldset>')


def _question_html(quiz: Quiz, question: Question, number: int, heading: str | None = None,
                   hidden: bool = False) -> str:
    qid = question_dom_id(quiz, question)
    if heading is None:
        heading = grading.MESSAGES["question_of"].format(number=number, total=len(quiz.questions))
    kind = "checkbox" if question.multiple else "radio"
    messages = grading.MESSAGES
    options = []
    for choice in grading.display_order(question):
        cid = choice_dom_id(quiz, question, choice)
        options.append(
            f'<div class="sc-choice"><input type="{kind}" id="{esc(cid)}" name="{esc(qid)}" '
            f'value="{esc(choice)}"><label for="{esc(cid)}">{esc(question.label(choice))}</label></div>'
        )
    # The buttons are hidden and disabled until course.js runs: with no
    # JavaScript they could not do anything, and the questions still read well.
    # (JupyterLab's HTML sanitizer drops ``hidden`` but keeps ``disabled``, so
    # a notebook's stored preview shows them greyed out.)
    return (
        f'<form class="sc-question" id="{esc(qid)}" data-question="{esc(question.id)}" novalidate'
        f'{" hidden" if hidden else ""}>'
        f'<fieldset><legend><strong>{esc(heading)}.</strong> {esc(question.full_prompt)}</legend>'
        f'<div class="sc-choices">{"".join(options)}</div>{confidence_html(qid)}</fieldset>'
        f'<div class="sc-buttons" hidden>'
        f'<button disabled type="submit" class="sc-button sc-check">{esc(messages["check"])}</button>'
        f'<button disabled type="button" class="sc-button sc-try-again">{esc(messages["try_again"])}</button>'
        f'<button disabled type="button" class="sc-button sc-show-answer">{esc(messages["show_answer"])}</button>'
        f"</div>"
        f'<div class="sc-feedback-region" id="{esc(qid)}.feedback" aria-live="polite"></div>'
        f"</form>"
    )


def quiz_html(quiz: Quiz) -> str:
    """The website's version of a quiz: escaped HTML plus its data for course.js."""
    data = quiz_data(quiz)
    questions = "".join(_question_html(quiz, q, i + 1) for i, q in enumerate(quiz.questions))
    intro = f'<p class="sc-intro">{esc(quiz.intro)}</p>' if quiz.intro else ""
    score = grading.score_text(0, len(quiz.questions))
    return (
        f'<section class="sc-quiz" id="{esc(quiz_dom_id(quiz))}" data-quiz="{esc(quiz.id)}" '
        f'aria-labelledby="{esc(quiz_dom_id(quiz))}.title">'
        f'<h3 class="sc-quiz-title" id="{esc(quiz_dom_id(quiz))}.title">{esc(quiz.title)}</h3>'
        f"{intro}{questions}"
        f'<div class="sc-quiz-footer" hidden>'
        f'<p class="sc-score"><strong>{esc(score)}</strong></p>'
        f'<button disabled type="button" class="sc-button sc-reset">{esc(grading.MESSAGES["reset"])}</button>'
        f"</div>"
        f"{json_script(data, 'sc-quiz-data')}"
        f"</section>"
    )


# ----------------------------------------------------------------- triage simulator


def _pack_triage_table(table: dict) -> dict:
    """``decision_table()`` with its repeated strings stored once.

    The 55 results repeat the same reasons, advice and quotes many times
    (about 100 kB as plain JSON).  Here every list of strings in a result
    becomes a list of numbers pointing into ``strings``; course.js turns them
    back (``unpack`` there).  Nothing else changes.
    """
    strings: list[str] = []
    index: dict[str, int] = {}

    def ref(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    packed = {}
    for key, result in table["results"].items():
        packed[key] = {name: ([ref(t) for t in value] if isinstance(value, list) and name != "warning_signs"
                              else value)
                       for name, value in result.items()}
    return {**table, "results": packed, "strings": strings, "packed": ["reasons", "advice", "source"]}


def triage_html() -> str:
    """The website's triage simulator: the form, a result area, and the decision table."""
    from . import triage

    text = triage.content()
    words = text.messages
    table = triage.decision_table()
    fields = text.fields

    def choice(kind: str, name: str, value: str, label: str) -> str:
        dom_id = f"sc-triage.{name}.{value}"
        return (f'<div class="sc-choice"><input type="{kind}" id="{esc(dom_id)}" name="sc-triage.{esc(name)}" '
                f'value="{esc(value)}"><label for="{esc(dom_id)}">{esc(label)}</label></div>')

    groups = []
    for name in table["fields"]:
        field = fields[name]
        kind = "checkbox" if name == "causes" else "radio"
        options = [choice(kind, name, value, field.values[value]) for value in table["allowed"][name]]
        if name == "causes":
            options.append(choice(kind, name, "none", field.none_label or ""))
        groups.append(
            f'<fieldset class="sc-triage-field" data-field="{esc(name)}">'
            f"<legend>{esc(field.label)}</legend>"
            f'<div class="sc-choices">{"".join(options)}</div></fieldset>'
        )
    return (
        '<section class="sc-triage" id="sc-triage" aria-labelledby="sc-triage.title">'
        f'<h3 id="sc-triage.title">{esc(words.title)}</h3>'
        f"<p>{esc(words.intro)}</p>"
        f"<p><em>{esc(words.disclaimer)}</em></p>"
        '<form class="sc-triage-form" novalidate>'
        f'{"".join(groups)}'
        f'<div class="sc-buttons" hidden><button disabled type="submit" class="sc-button sc-check">'
        f"{esc(words.check)}</button></div>"
        '<div class="sc-triage-result" id="sc-triage.result" aria-live="polite"></div>'
        "</form>"
        f"{json_script(_pack_triage_table(table), 'sc-triage-data')}"
        "</section>"
    )


# ----------------------------------------------------------------- Practice again


def practice_quiz_html(quiz: Quiz) -> str:
    """Every question of a quiz for the Practice again page: the chapters' markup and data, each
    question hidden until course.js finds it due, and headed with its chapter and quiz."""
    words = learning_words().practice
    heading = words.heading.format(chapter=quiz.chapter, quiz=quiz.title)
    questions = "".join(_question_html(quiz, q, i + 1, heading=heading, hidden=True)
                        for i, q in enumerate(quiz.questions))
    return (f'<section class="sc-practice-quiz" data-quiz="{esc(quiz.id)}">{questions}'
            f"{json_script(quiz_data(quiz), 'sc-quiz-data')}</section>")
