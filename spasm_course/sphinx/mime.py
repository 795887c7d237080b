"""The notebooks' quizzes and simulator, rendered from the current bank when the site is built.

The site build executes no notebook (``execute_notebooks: "off"`` in
``_config.yml``).  A quiz or simulator cell stores, beside its JupyterLab
preview, an output that names what it shows
(:data:`~spasm_course.frontends.render.QUIZ_MIME`, ``{"quiz": "ch01-definition"}``;
:data:`~spasm_course.frontends.render.TRIAGE_MIME`).  myst-nb hands those outputs
to :class:`CourseOutputs`, a MIME renderer that the package registers in
myst-nb's entry point group ``myst_nb.mime_renderers`` (``pyproject.toml``).
It renders the quiz or the simulator from the bank the build reads, and makes
the page depend on the files it was made from
(:func:`spasm_course.sphinx.ext.note_bank_dependencies`), so an incremental
build shows an edited question on every page.  Its priority puts it ahead of
``text/html`` for the HTML builders, so the site never shows the stored preview
(or its preview line) and there is nothing to take out of a page.

An install whose metadata predates the entry point (an editable install made
before it existed) would leave these outputs to myst-nb, which skips them with
a warning; :func:`check_registered` stops the build first and says how to
reinstall.
"""

from __future__ import annotations

from docutils import nodes
from myst_nb.core.render import load_mime_renders
from sphinx.errors import ExtensionError

from spasm_course.frontends.render import QUIZ_MIME, TRIAGE_MIME, referenced_html
from spasm_course.sphinx.ext import checked_bank, note_bank_dependencies

COURSE_MIME_TYPES = (QUIZ_MIME, TRIAGE_MIME)
#: The builders whose pages show the course's HTML.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
#: Ahead of ``text/html`` (myst-nb ranks it 30; ``_config.yml`` 0): lower comes first.
PRIORITY = -1
ENTRY_POINT = "spasm-course = spasm_course.sphinx.mime:CourseOutputs"


class CourseOutputs:
    """myst-nb MIME renderer plugin (``myst_nb.core.render.MimeRenderPlugin``) for the course's outputs."""

    mime_priority_overrides = [(builder, mime_type, PRIORITY)
                               for builder in HTML_BUILDERS for mime_type in COURSE_MIME_TYPES]

    @staticmethod
    def handle_mime(renderer, data, inline: bool):
        """The named quiz or simulator as raw HTML (None: not one of the course's outputs)."""
        if data.mime_type not in COURSE_MIME_TYPES or inline:
            return None
        try:
            markup, quiz = referenced_html(data.mime_type, data.content, checked_bank())
        except (ValueError, ExtensionError) as exc:
            renderer.logger.warning(f"cell {data.cell_index}: {exc}", subtype="spasm_course", line=data.line)
            # Not the stored preview in its place: the page shows nothing of this output.
            return [nodes.raw("", "", format="html")]
        env = getattr(renderer.renderer, "sphinx_env", None)  # None when docutils alone renders the notebook
        if env is not None:
            note_bank_dependencies(env, quizzes=[] if quiz is None else [quiz])
        # The classes myst-nb gives a text/html output, so the page's markup is the same.
        return [nodes.raw("", markup, format="html", classes=["output", "text_html"])]


def check_registered(app, config) -> None:
    """``config-inited``: stop the build if myst-nb does not know :class:`CourseOutputs`."""
    if not any(plugin is CourseOutputs for plugin in load_mime_renders()):
        raise ExtensionError(
            "myst-nb does not know how to show the course's quizzes: the installed spasm-course lacks "
            f"the entry point [project.entry-points.\"myst_nb.mime_renderers\"] {ENTRY_POINT} "
            "(an install made before it was added).  Install the package again: "
            "pip install -r requirements.txt (or pip install -e .)")


def setup(app):
    app.connect("config-inited", check_registered)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
