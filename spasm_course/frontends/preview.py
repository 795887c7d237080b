"""The preview line at the top of a notebook's stored widget output.

A chapter notebook is stored with the kernel-free HTML of its quizzes and
simulator (see :mod:`spasm_course.frontends.render`), so JupyterLab shows them
before any cell has run.  Until then nothing can answer their buttons, so
:func:`with_preview` puts a line above them that says so, in the words of
``content/words.yml`` (``notebook.preview``).  Running the cell replaces the stored output with
the live widget, and the line goes with it.

The website never shows this output: it renders each quiz and the simulator from
the bank when it is built (the output the cell stores beside the preview names
what to render: :data:`~spasm_course.frontends.render.QUIZ_MIME`), so it has no
preview line to take out.
"""

from __future__ import annotations

import html

from spasm_course.content.words import course_words

#: The class of the preview line; nothing else in a page may use it.
PREVIEW_CLASS = "sc-preview"


def preview_html() -> str:
    """The preview line.  Its colours are JupyterLab's (inherited), so it reads in every theme."""
    preview = course_words().notebook.preview
    return (f'<p class="{PREVIEW_CLASS}" style="border: 2px solid; padding: 0.5em 0.75em;">'
            f"<strong>{html.escape(preview.label)}</strong> {html.escape(preview.text)}</p>")


def with_preview(kernel_free_html: str) -> str:
    """A widget's stored ``text/html``: the preview line, then the kernel-free rendering."""
    return preview_html() + kernel_free_html

