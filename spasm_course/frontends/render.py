"""Kernel-free HTML for the website: the quizzes and the triage simulator.

The book shows these instead of the ipywidgets.  Each block is plain, escaped HTML that reads well with
no JavaScript, plus a ``<script type="application/json">`` block that
the site's scripts (``spasm_course/static/``) read to make it interactive.

No rule is decided here or in the browser.  The JSON carries what
:mod:`spasm_course.engines.grading` and :mod:`spasm_course.engines.triage` computed:

* a quiz question carries ``grading.outcome_table`` (every possible answer ->
  status, headline id, and which choices' feedback to show; choices written as
  their positions, see :func:`outcomes_by_position`) and the named
  parts of grading's feedback (``FeedbackItem.line`` per choice, ``Grade.tail``);
  the page joins them as ``Grade.lines()`` does.
* the triage form carries what the site's scripts read of ``triage.decision_table()``
  (results, the key and missing-answer rules, the words), with its repeated
  strings stored once (see :func:`triage_page_data`).
* every word comes from content YAML (``words.yml``, ``triage.yml``), shipped
  in the page data; the scripts type no text of their own.

A notebook stores no copy of this HTML for the website.  A quiz or simulator cell
stores a small output that names what it shows (:data:`QUIZ_MIME`,
:data:`TRIAGE_MIME`), and the site build renders that from the current bank
(:func:`referenced_html`, called by :mod:`spasm_course.sphinx.mime`).

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

from spasm_course.engines import grading, schedule
from spasm_course.content import Bank, Question, Quiz
from spasm_course.content.figures import data_uri, figure_size
from spasm_course.content.words import course_words
from spasm_course.engines.progress import RECORD_VERSION, question_hash
from spasm_course.engines import triage
from spasm_course.engines.triage_practice import headlines
from spasm_course.frontends.triage_card import CARD_LAYOUTS, CARD_SECTIONS

#: The localStorage key of a quiz's saved answers is this prefix + the quiz id.
STORAGE_PREFIX = "spasm-course:quiz:"
# RECORD_VERSION (the version of what the site saves under a quiz's key) is engines.progress's,
# where the rule that reads a stored value lives (progress.read_stored); it is in every quiz's data.
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


# ----------------------------------------------------------------- what a notebook stores

#: The output a notebook's quiz cell stores beside the widget, ``{"quiz": <quiz id>}``: it names
#: the quiz, and the site build renders that quiz from the current bank.  JupyterLab has no
#: renderer for it, so it shows the live widget, or before the cell runs the stored preview.
QUIZ_MIME = "application/vnd.spasm-course.quiz+json"
#: The same for the triage simulator, ``{"triage": "simulator"}``.
TRIAGE_MIME = "application/vnd.spasm-course.triage+json"
TRIAGE_REFERENCE = {"triage": "simulator"}


def quiz_reference(quiz: Quiz) -> dict:
    """What a quiz cell stores under :data:`QUIZ_MIME`."""
    return {"quiz": quiz.id}


def referenced_html(mime_type: str, data, bank: Bank) -> tuple[str, Quiz | None]:
    """The site's HTML for a stored :data:`QUIZ_MIME` or :data:`TRIAGE_MIME` output, and the quiz
    it shows (None for the simulator).  Raises ValueError saying what is wrong with ``data``."""
    if mime_type == QUIZ_MIME:
        if not (isinstance(data, dict) and set(data) == {"quiz"} and isinstance(data["quiz"], str)):
            raise ValueError(f"{QUIZ_MIME} holds {{\"quiz\": <quiz id>}}, not {data!r}")
        quiz = bank.quiz(data["quiz"])  # ValueError naming the known quizzes
        return quiz_html(quiz), quiz
    if mime_type == TRIAGE_MIME:
        if data != TRIAGE_REFERENCE:
            raise ValueError(f"{TRIAGE_MIME} holds {TRIAGE_REFERENCE}, not {data!r}")
        return triage_html(), None
    raise ValueError(f"not an output of the course: {mime_type}")


# ----------------------------------------------------------------- quizzes


def quiz_dom_id(quiz: Quiz) -> str:
    return f"sc-quiz-{quiz.id}"


def question_dom_id(quiz: Quiz, question: Question) -> str:
    return f"sc-{quiz.id}__{question.id}"


def choice_dom_id(quiz: Quiz, question: Question, choice_id: str) -> str:
    return f"{question_dom_id(quiz, question)}__{choice_id}"


def _question_data(question: Question) -> dict:
    """One question's data for the page: grading's outcome table and the parts of its feedback.

    The page builds feedback as ``Grade.lines()`` does: the headline (looked up
    in the page's messages), the shown choices' lines (``FeedbackItem.line``),
    then the question's tail (``Grade.tail``, the same for every answer).
    """
    order = grading.display_order(question)
    shown = grading.reveal(question)
    # Only what the site's scripts read: the prompt, labels and headings are in the markup.
    return {
        "id": question.id,
        "hash": question_hash(question),
        "choices": [{"id": cid, "line": grading.feedback_item(question, cid).line} for cid in order],
        "tail": shown.tail,
        # "Show answer" is built like a checked answer: its headline, the shown choices' lines, the tail.
        "reveal": {"selected": list(shown.selected), "headline": shown.headline,
                   "show": [order.index(item.choice) for item in shown.items]},
        "outcomes": outcomes_by_position(question),
        # The record upgrade (progress.upgrade_record): answers, as choice ids joined by "+", that the
        # rule grades "safe", so an older "incorrect" record of one of them becomes "safe".
        "safe": grading.safe_answers(question),
    }


def outcomes_by_position(question: Question) -> dict[str, dict]:
    """``grading.outcome_table`` with every choice id written as its position in the display order.

    A key is the chosen choices' positions joined by ``+`` ("0+2" for the first and third
    choice shown), and ``show`` lists positions too: the long choice ids are not repeated in
    every entry (this table is the biggest part of a quiz's data).  ``choices`` in the
    question's data lists the ids in the same order, so quiz.js maps ids to positions.
    """
    order = grading.display_order(question)
    table = grading.outcome_table(question)
    packed = {}
    for answer, (key, entry) in zip(grading.possible_answers(question), table.items()):
        assert key == "+".join(answer)  # the same order as outcome_table walks
        packed["+".join(str(order.index(cid)) for cid in answer)] = {
            **entry, "show": [order.index(cid) for cid in entry["show"]]}
    return packed


def page_messages() -> dict:
    """The quiz words the page looks up: grading's, and the triage practice headlines."""
    return {**grading.messages(), **headlines()}


def shared_quiz_data() -> dict:
    """What every quiz's data holds alike: the words and the schedule table.  A page with many
    quizzes (Practice again) ships these once, in its own data block, instead of in each quiz's."""
    return {"messages": page_messages(), "schedule": schedule.schedule_table()}


def quiz_data(quiz: Quiz, shared: bool = True) -> dict:
    """Everything the site's scripts (``static/quiz.js``) need to run a quiz, as JSON-ready data.

    With ``shared=False`` the words and schedule (:func:`shared_quiz_data`) are left out;
    the page then ships them once for all its quizzes.
    """
    total = len(quiz.questions)
    data = {
        "version": 1,
        "record_version": RECORD_VERSION,
        "id": quiz.id,
        "chapter": quiz.chapter,
        "total": total,
        "storage_key": STORAGE_PREFIX + quiz.id,
        "questions": [_question_data(q) for q in quiz.questions],
    }
    if shared:
        data.update(shared_quiz_data())
    return data


def confidence_html(qid: str) -> str:
    """The optional "How sure are you?" radio pair: a fieldset of its own inside the question's."""
    words = course_words().confidence
    options = []
    for value in CONFIDENCE_IDS:
        dom_id = f"{qid}.confidence.{value}"
        options.append(f'<div class="sc-choice"><input type="radio" id="{esc(dom_id)}" name="{esc(qid)}.confidence" '
                       f'value="{value}"><label for="{esc(dom_id)}">{esc(getattr(words, value))}</label></div>')
    return (f'<fieldset class="sc-confidence" aria-describedby="{esc(qid)}.confidence.hint">'
            f"<legend>{esc(words.legend)}</legend>"
            f'<p class="sc-confidence-hint" id="{esc(qid)}.confidence.hint">{esc(words.hint)}</p>'
            f'<div class="sc-confidence-choices">{"".join(options)}</div></fieldset>')


def heading_sentence(heading: str) -> str:
    """A question's heading as its legend starts: a full stop added unless it already ends a sentence."""
    return heading if heading.rstrip().endswith((".", "?", "!")) else f"{heading}."


def _question_html(quiz: Quiz, question: Question, number: int, heading: str | None = None,
                   hidden: bool = False, controls: bool = True) -> str:
    """A question's form.  ``controls=False`` leaves out what is the same for every question
    but its id (the "How sure are you?" fieldset, the buttons, the feedback region): the
    Practice again page ships those once, in :func:`practice_controls_html`."""
    qid = question_dom_id(quiz, question)
    if heading is None:
        heading = grading.messages()["question_of"].format(number=number, total=len(quiz.questions))
    kind = "checkbox" if question.multiple else "radio"
    options = []
    for choice in grading.display_order(question):
        cid = choice_dom_id(quiz, question, choice)
        options.append(
            f'<div class="sc-choice"><input type="{kind}" id="{esc(cid)}" name="{esc(qid)}" '
            f'value="{esc(choice)}"><label for="{esc(cid)}">{esc(question.label(choice))}</label></div>'
        )
    return (
        f'<form class="sc-question" id="{esc(qid)}" data-question="{esc(question.id)}" novalidate'
        f'{" hidden" if hidden else ""}>'
        f'<fieldset><legend><strong>{esc(heading_sentence(heading))}</strong> {esc(question.full_prompt)}</legend>'
        f'{figure_html(question)}<div class="sc-choices">{"".join(options)}</div>{confidence_html(qid) if controls else ""}</fieldset>'
        f'{_buttons_html(qid) if controls else ""}'
        f"</form>"
    )


def figure_html(question: Question) -> str:
    """A question's picture (its case, drawn), or "": the drawing itself as a ``data:`` URI, so the
    widget, a notebook's stored preview, the site and a printed page show it with no file beside
    them; its width and height reserve its space, and its alt text says what is seen."""
    if question.figure is None:
        return ""
    width, height = figure_size(question.figure.file)
    return (f'<figure class="sc-figure"><img src="{data_uri(question.figure.file)}" alt="{esc(question.figure.alt)}" '
            f'width="{width}" height="{height}" loading="lazy" decoding="async"></figure>')


def _buttons_html(qid: str) -> str:
    """A question's buttons and its feedback region (the end of its form)."""
    messages = grading.messages()
    # The buttons are hidden and disabled until the site's script runs: with no
    # JavaScript they could not do anything, and the questions still read well.
    # (JupyterLab's HTML sanitizer drops ``hidden`` but keeps ``disabled``, so
    # a notebook's stored preview shows them greyed out.)
    return (
        f'<div class="sc-buttons" hidden>'
        f'<button disabled type="submit" class="sc-button sc-check">{esc(messages["check"])}</button>'
        f'<button disabled type="button" class="sc-button sc-try-again">{esc(messages["try_again"])}</button>'
        f'<button disabled type="button" class="sc-button sc-show-answer">{esc(messages["show_answer"])}</button>'
        f"</div>"
        f'<div class="sc-feedback-region" id="{esc(qid)}.feedback" aria-live="polite"></div>'
    )


def quiz_html(quiz: Quiz) -> str:
    """The website's version of a quiz: escaped HTML plus its data for the site's script."""
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
        f'<button disabled type="button" class="sc-button sc-reset">{esc(grading.messages()["reset"])}</button>'
        f"</div>"
        f"{json_script(data, 'sc-quiz-data')}"
        f"</section>"
    )


# ----------------------------------------------------------------- triage simulator


#: What triage.js reads of a triage result (``warning_signs`` is for the quizzes, not the card).
_RESULT_FIELDS = ("level", "label", "reasons", "advice", "source")
#: The triage words triage.js shows (the form's other words are in the markup).
_TRIAGE_WORDS = ("result", "changed", "emergency", "disclaimer", "please_answer", "not_needed")


def triage_page_data(table: dict) -> dict:
    """What triage.js needs of ``decision_table()``, with its repeated strings stored once.

    The 56 results repeat the same reasons, advice and quotes many times
    (about 100 kB as plain JSON).  Here every list of strings in a result
    becomes a list of numbers pointing into ``strings``; triage.js turns them
    back (``unpackResults`` there).  The page also gets the routes (which
    answers are needed, and which key parts make the key: ``routes``,
    ``key_parts``, ``key_separator``), which causes each place allows
    (``cause_places``), the card's layout, and the words it shows.
    """
    strings: list[str] = []
    index: dict[str, int] = {}

    def ref(text: str) -> int:
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    packed = {key: {name: ([ref(t) for t in result[name]] if isinstance(result[name], list) else result[name])
                    for name in _RESULT_FIELDS}
              for key, result in table["results"].items()}
    messages = table["messages"]
    return {
        "results": packed, "strings": strings, "packed": ["reasons", "advice", "source"],
        "fields": table["fields"], "routes": table["routes"], "cause_places": table["cause_places"],
        "key_parts": table["key_parts"], "key_separator": table["key_separator"],
        "names": {name: label["name"] for name, label in table["labels"].items()},
        "levels": {name: {"colour": level["colour"], "background": level["background"]}
                   for name, level in table["levels"].items()},
        "messages": {name: messages[name] for name in _TRIAGE_WORDS + tuple(h for h, _ in CARD_SECTIONS)},
        # The card (triage_card.CARD_LAYOUTS): its parts in order per level; a list's heading message id.
        "card_layouts": {level: list(parts) for level, parts in CARD_LAYOUTS.items()},
        "card_headings": {name: heading for heading, name in CARD_SECTIONS},
    }


def triage_html() -> str:
    """The website's triage simulator: the form, a result area, and the decision table."""
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
        hints = []
        if name in text.tie_break.fields:
            hints.append(text.tie_break.text)
        if name == "causes":
            hints.append(text.cause_place_note)
        hint_id = f"sc-triage.{name}.hint"
        described = f' aria-describedby="{esc(hint_id)}"' if hints else ""
        hint = (f'<p class="sc-triage-hint" id="{esc(hint_id)}">{esc(" ".join(hints))}</p>' if hints else "")
        groups.append(
            f'<fieldset class="sc-triage-field" data-field="{esc(name)}"{described}>'
            f"<legend>{esc(field.label)}</legend>{hint}"
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
        f"{json_script(triage_page_data(table), 'sc-triage-data')}"
        "</section>"
    )


# ----------------------------------------------------------------- Practice again


#: Stands for a question's form id in the Practice again page's controls template.  Real form
#: ids hold "__" (question_dom_id), this one does not, so it never clashes with one.
PRACTICE_CONTROLS_ID = "sc-practice-question"


def practice_controls_html() -> str:
    """What every question's form on the Practice again page needs but ships only once: a
    ``<template>`` with the "How sure are you?" fieldset, the buttons and the feedback region,
    written for the id :data:`PRACTICE_CONTROLS_ID`.  practice.js copies it into a question's
    form, with that form's id in place of the placeholder, when it first shows the question
    (the forms are hidden until then, so a reader without JavaScript misses nothing)."""
    qid = PRACTICE_CONTROLS_ID
    return f'<template class="sc-practice-controls">{confidence_html(qid)}{_buttons_html(qid)}</template>'


def practice_quiz_html(quiz: Quiz) -> str:
    """Every question of a quiz for the Practice again page: the chapters' markup and data, each
    question hidden until practice.js finds it due, and headed with its chapter and quiz.  The words
    and schedule are not repeated per quiz: the page's ``sc-practice-data`` holds them
    (:func:`shared_quiz_data`); nor are each form's controls (:func:`practice_controls_html`)."""
    words = course_words().practice
    heading = words.heading.format(chapter=quiz.chapter, quiz=quiz.title)
    questions = "".join(_question_html(quiz, q, i + 1, heading=heading, hidden=True, controls=False)
                        for i, q in enumerate(quiz.questions))
    return (f'<section class="sc-practice-quiz" data-quiz="{esc(quiz.id)}">{questions}'
            f"{json_script(quiz_data(quiz, shared=False), 'sc-quiz-data')}</section>")
