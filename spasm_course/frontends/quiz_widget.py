"""The quiz as ipywidgets, for JupyterLab.

All grading comes from :mod:`spasm_course.engines.grading`; this module only lays out
controls and shows results.  Feedback is written to widget traits (``value``)
so tests can drive a quiz with no front end: pick answers with
:meth:`QuestionWidget.select`, press buttons with ``.click()``, and read
``feedback_text`` and ``QuizWidget.score_text``.

:meth:`QuizWidget._repr_mimebundle_` adds two outputs beside the widget view.
A notebook stores them (the widget view is dropped: ``tools/execute_notebooks.py``):

* ``text/html``: the preview line and the kernel-free rendering of the quiz, which
  JupyterLab shows before the cell runs (:mod:`spasm_course.frontends.preview`);
* :data:`~spasm_course.frontends.render.QUIZ_MIME`, naming the quiz: the website
  renders the quiz from the current bank when it is built, and shows nothing else
  of the cell's output.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from spasm_course.engines import grading
from spasm_course.content import Question, Quiz, default_bank
from spasm_course.engines.grading import messages
from spasm_course.content.words import course_words
from spasm_course.frontends.preview import with_preview
from spasm_course.frontends.render import QUIZ_MIME, figure_html, quiz_html, quiz_reference

#: Question states: "unanswered", "revealed", or the status of the last graded
#: answer (:attr:`grading.Grade.status`).  The score counts questions whose
#: state is "correct".  "safe" (a more careful care level than the rule gives,
#: see :mod:`spasm_course.engines.triage_practice`) is not a mistake, but it is not the
#: rule's answer either: it is shown with its own headline and class
#: (``sc-safe``), and not counted as correct.
UNANSWERED, CORRECT, INCORRECT, SAFE, REVEALED = "unanswered", "correct", "incorrect", "safe", "revealed"


def _full_width() -> widgets.Layout:
    """A new layout per control: a Layout is a widget model, so none is made at import."""
    return widgets.Layout(width="100%")


def feedback_html(result: grading.Grade) -> str:
    """HTML for a grade, escaped; the same parts, in the same order, as ``Grade.lines``.

    The box's class names the status (``sc-correct``, ``sc-incorrect``, ``sc-safe``,
    ``sc-revealed``, ``sc-unanswered``); the headline is the grade's own.
    """
    lines = result.lines()
    status = html.escape(result.status)
    parts = [f'<div class="sc-feedback sc-{status}"><p><strong>{html.escape(lines[0])}</strong></p>']
    if len(lines) > 1:
        parts.append("<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:]) + "</ul>")
    parts.append("</div>")
    return "".join(parts)


class QuestionWidget(widgets.VBox):
    """One question: prompt, options, Check / Try again / Show answer, and feedback."""

    def __init__(self, question: Question, number: int, total: int, on_change=None):
        self.question = question
        self.order = grading.display_order(question)
        self.state = UNANSWERED
        self.last_result: grading.Grade | None = None
        self._on_change = on_change
        heading = messages()["question_of"].format(number=number, total=total)
        self.prompt = widgets.HTML(
            f"<p><strong>{html.escape(heading)}.</strong> {html.escape(question.full_prompt)}</p>"
            f"{figure_html(question)}",
            layout=_full_width(),
        )
        labels = [(question.label(cid), cid) for cid in self.order]
        if question.multiple:
            self.boxes = {
                cid: widgets.Checkbox(value=False, description=label, indent=False, layout=_full_width(),
                                      tooltip=label, style={"description_width": "initial"})
                for label, cid in labels
            }
            options = widgets.VBox(list(self.boxes.values()), layout=_full_width())
            self.radio = None
        else:
            self.boxes = {}
            self.radio = widgets.RadioButtons(options=labels, value=None, layout=_full_width(),
                                              description="", style={"description_width": "initial"})
            options = self.radio
        # "How sure are you?": optional, picked before Check, recorded with the answer.
        words = course_words().confidence
        # The radio group's description is its label (its legend); the hint says it is optional.
        self.confidence_legend = widgets.HTML(f"<p><em>{html.escape(words.hint)}</em></p>", layout=_full_width())
        self.confidence_buttons = widgets.RadioButtons(
            options=[(words.sure, "sure"), (words.not_sure, "not_sure")], value=None, layout=_full_width(),
            description=words.legend, style={"description_width": "initial"})
        self.answered_confidence: str | None = None  # the confidence recorded with the last answer
        self.check_button = widgets.Button(description=messages()["check"], button_style="primary",
                                           tooltip=f"{messages()['check']}: {heading}")
        self.try_again_button = widgets.Button(description=messages()["try_again"],
                                               tooltip=f"{messages()['try_again']}: {heading}")
        self.show_answer_button = widgets.Button(description=messages()["show_answer"],
                                                 tooltip=f"{messages()['show_answer']}: {heading}")
        self.check_button.on_click(lambda _: self.check())
        self.try_again_button.on_click(lambda _: self.try_again())
        self.show_answer_button.on_click(lambda _: self.show_answer())
        self.feedback = widgets.HTML("", layout=_full_width())
        super().__init__(
            [self.prompt, options, self.confidence_legend, self.confidence_buttons,
             widgets.HBox([self.check_button, self.try_again_button, self.show_answer_button]),
             self.feedback],
            layout=widgets.Layout(width="100%", margin="0 0 1em 0"),
        )

    # -- answers ------------------------------------------------------------
    def selected(self) -> list[str]:
        if self.radio is not None:
            return [] if self.radio.value is None else [self.radio.value]
        return [cid for cid, box in self.boxes.items() if box.value]

    def select(self, answer) -> None:
        """Choose an answer as a student would: a choice id, or a list of ids."""
        chosen = grading.grade(self.question, answer).selected  # validates the ids
        if self.radio is not None:
            self.radio.value = chosen[0] if chosen else None
        else:
            for cid, box in self.boxes.items():
                box.value = cid in chosen

    @property
    def confidence(self) -> str:
        """"sure", "not_sure", or "none" when no mark is picked (it is optional)."""
        return self.confidence_buttons.value or "none"

    def set_confidence(self, value: str | None) -> None:
        """Pick "sure" or "not_sure" as a learner would (None or "none" clears it)."""
        if value not in (None, "none", "sure", "not_sure"):
            raise ValueError(f"confidence is 'sure', 'not_sure' or None, not {value!r}")
        self.confidence_buttons.value = None if value in (None, "none") else value

    def _set_enabled(self, enabled: bool) -> None:
        self.confidence_buttons.disabled = not enabled
        if self.radio is not None:
            self.radio.disabled = not enabled
        for box in self.boxes.values():
            box.disabled = not enabled
        self.check_button.disabled = not enabled

    # -- buttons ------------------------------------------------------------
    def check(self) -> grading.Grade:
        result = grading.grade(self.question, self.selected())
        self.last_result = result
        self.feedback.value = feedback_html(result)
        if result.status != UNANSWERED:  # nothing chosen: nothing scored
            self.state = result.status
            self.answered_confidence = self.confidence
        self._changed()
        return result

    def try_again(self) -> None:
        self.select([])
        self.set_confidence(None)
        self.answered_confidence = None
        self.state = UNANSWERED
        self.last_result = None
        self.feedback.value = ""
        self._set_enabled(True)
        self._changed()

    def show_answer(self) -> grading.Grade:
        result = grading.reveal(self.question)
        self.select(list(result.selected))
        self.last_result = result
        self.state = REVEALED
        self.answered_confidence = self.confidence
        self.feedback.value = feedback_html(result)
        self._set_enabled(False)  # "Try again" starts over
        self._changed()
        return result

    @property
    def feedback_text(self) -> str:
        return "" if self.last_result is None else self.last_result.text()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()


class QuizWidget(widgets.VBox):
    """A quiz: its questions and a running score."""

    def __init__(self, quiz: Quiz):
        self.quiz = quiz
        total = len(quiz.questions)
        self.questions = [QuestionWidget(q, i + 1, total, self._update_score) for i, q in enumerate(quiz.questions)]
        self.title = widgets.HTML(f"<h3>{html.escape(quiz.title)}</h3>"
                                  + (f"<p>{html.escape(quiz.intro)}</p>" if quiz.intro else ""))
        self.score = widgets.HTML("", layout=_full_width())
        super().__init__([self.title, *self.questions, self.score], layout=_full_width())
        self._update_score()

    @property
    def correct_count(self) -> int:
        return sum(q.state == CORRECT for q in self.questions)

    @property
    def score_text(self) -> str:
        return grading.score_text(self.correct_count, len(self.questions))

    def _update_score(self) -> None:
        self.score.value = f"<p><strong>{html.escape(self.score_text)}</strong></p>"

    def question(self, question_id: str) -> QuestionWidget:
        for q in self.questions:
            if q.question.id == question_id:
                return q
        raise ValueError(f"quiz {self.quiz.id!r} has no question {question_id!r}")

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"Quiz: {self.quiz.title} ({len(self.questions)} questions)"
        bundle["text/html"] = with_preview(quiz_html(self.quiz))
        bundle[QUIZ_MIME] = quiz_reference(self.quiz)
        return bundle


def show_quiz(quiz_id: str) -> QuizWidget:
    """The quiz with this id, as a widget.  Unknown ids raise ValueError listing the known ones."""
    if not isinstance(quiz_id, str):
        raise ValueError(f"show_quiz takes a quiz id (a string), not {type(quiz_id).__name__}")
    return QuizWidget(default_bank().quiz(quiz_id))
