"""Sphinx extension for the website's "Practice again" page (``book/practice.md``).

``practice-again`` directive: every quiz's questions with the same kernel-free
markup and data as the chapters (:func:`spasm_course.frontends.render.practice_quiz_html`),
all hidden; ``spasm_course/static/practice.js`` shows the ones due for review today, from
the records the chapters saved, and applies the schedule table
(:mod:`spasm_course.engines.schedule`) to each answer.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from spasm_course.content import default_bank
from spasm_course.content.words import course_words
from spasm_course.frontends.render import (PRACTICE_CONTROLS_ID, json_script, practice_controls_html,
                                           practice_quiz_html, shared_quiz_data)
from spasm_course.sphinx.ext import note_bank_dependencies


class PracticeDirective(SphinxDirective):
    has_content = False

    def run(self):
        note_bank_dependencies(self.env)  # read again when a question or the words change
        words = course_words().practice
        quizzes = "".join(practice_quiz_html(quiz) for quiz in default_bank().quizzes)
        data = {"messages": words.model_dump(), "shared": shared_quiz_data(),
                "controls_id": PRACTICE_CONTROLS_ID}
        markup = (
            '<div class="sc-practice">'
            '<p class="sc-practice-status" role="status" aria-live="polite"></p>'
            '<p class="sc-practice-next"></p>'
            f"{quizzes}{practice_controls_html()}"
            f"{json_script(data, 'sc-practice-data')}"
            "</div>"
        )
        return [nodes.raw("", markup, format="html")]


def setup(app):
    app.add_directive("practice-again", PracticeDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
