"""The course's Sphinx hooks, one by one, without building the whole book.

* sphinx.site: the page clean-up (widget state dropped, repeated scripts kept
  once).
* sphinx.ext: the ``spasm_quiz_dir`` config value reaches every consumer of
  the bank: the progress page, the outcomes map, the answer key, and
  ``show_quiz`` in the build's process and any process it starts (through
  ``SPASM_QUIZ_DIR``).
* sphinx.mime: a notebook's stored quiz and simulator outputs are rendered from
  the bank the build reads, never from what the notebook stored; a quiz the
  bank lacks fails the build; after an edit an incremental build reads again
  exactly the pages made from the bank.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import textwrap
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from myst_nb.core.render import get_mime_priority
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.errors import ExtensionError
from sphinx.util.docutils import docutils_namespace

from spasm_course.content import ENV_QUIZ_DIR, bank as bank_module, course_quiz_dir, load_bank
from spasm_course.content import triage_words as triage_words_module, words as words_module
from spasm_course.content.triage_words import TRIAGE_PATH
from spasm_course.content.words import WORDS_PATH
from spasm_course.engines.progress import question_hash
from spasm_course.frontends import preview, render
from spasm_course.frontends.render import QUIZ_MIME, TRIAGE_MIME, TRIAGE_REFERENCE
from spasm_course.sphinx import ext as sphinx_ext, mime as sphinx_mime, site as sphinx_site

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bad_banks" / "good_minimal"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


# ----------------------------------------------------------------- page clean-up


def test_page_clean_up_drops_widget_state_and_repeated_scripts():
    thebe = "const THEBE_JS_URL = \"x\""
    scripts = [
        _JavaScript("_static/course.js"),
        _JavaScript("ipywidgets_state", type=WIDGET_STATE, body="{\"state\": {}}"),
        _JavaScript(None, body=thebe),
        _JavaScript("_static/course.js"),
        _JavaScript(None, body=thebe),
        _JavaScript("_static/course.js", defer="defer"),  # same file, other attributes: a different entry
        "_static/plain.js",  # Sphinx also allows bare strings
    ]
    context = {"script_files": scripts}
    sphinx_site.clean_page_scripts(None, "page", "page.html", context, None)
    kept = [(getattr(s, "filename", s) or "", dict(getattr(s, "attributes", {}))) for s in context["script_files"]]
    assert kept == [("_static/course.js", {}), ("", {"body": thebe}),
                    ("_static/course.js", {"defer": "defer"}), ("_static/plain.js", {})]
    assert context["script_files"] is scripts  # changed in place: the template reads this list


def test_page_clean_up_leaves_a_page_without_scripts_alone():
    context = {"title": "x"}
    sphinx_site.clean_page_scripts(None, "page", "page.html", context, None)
    assert context == {"title": "x"}


# ----------------------------------------------------------------- where the bank is


def test_config_value_becomes_the_quiz_folder_and_is_restored(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_QUIZ_DIR, raising=False)
    app = SimpleNamespace(confdir=str(tmp_path))
    sphinx_ext.use_configured_quiz_dir(app, SimpleNamespace(spasm_quiz_dir="bank/quizzes"))
    assert course_quiz_dir() == (tmp_path / "bank" / "quizzes").resolve()
    assert os.environ[ENV_QUIZ_DIR] == str((tmp_path / "bank" / "quizzes").resolve())  # what kernels inherit
    sphinx_ext.restore_quiz_dir(app, None)
    assert ENV_QUIZ_DIR not in os.environ


def test_a_quiz_folder_set_in_the_environment_wins_over_the_config(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_QUIZ_DIR, str(FIXTURE_BANK))
    app = SimpleNamespace(confdir=str(tmp_path))
    sphinx_ext.use_configured_quiz_dir(app, SimpleNamespace(spasm_quiz_dir="elsewhere"))
    sphinx_ext.restore_quiz_dir(app, None)
    assert course_quiz_dir() == FIXTURE_BANK


PROBE = '''
import json, os
from pathlib import Path


def _probe(app, env, docnames):
    # What the build's readers of the bank, and a process it starts, see now.
    from spasm_course import show_quiz
    from spasm_course.content import load_course_bank
    Path(app.outdir, "probe.json").write_text(json.dumps({
        "env": os.environ.get("SPASM_QUIZ_DIR"),
        "show_quiz": [q.id for q in show_quiz("fixture-good").quiz.questions],
        "export": [q.id for q in load_course_bank().questions()],
    }))


def setup(app):
    app.connect("env-before-read-docs", _probe)
    return {"parallel_read_safe": True}
'''


def test_progress_page_outcomes_map_answer_key_and_kernels_read_one_configured_bank(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_QUIZ_DIR, raising=False)
    src = tmp_path / "src"
    src.mkdir()
    (src / "probe_ext.py").write_text(PROBE, encoding="utf-8")
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(src)!r})
        extensions = ["spasm_course.sphinx.ext", "spasm_course.sphinx.progress", "probe_ext"]
        spasm_quiz_dir = {str(FIXTURE_BANK)!r}
    """), encoding="utf-8")
    (src / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   progress\n   outcomes\n   key\n",
                                   encoding="utf-8")
    (src / "progress.rst").write_text("Progress\n========\n\n.. quiz-progress::\n", encoding="utf-8")
    (src / "outcomes.rst").write_text("Outcomes\n========\n\n.. outcomes-map::\n", encoding="utf-8")
    (src / "key.rst").write_text("Key\n===\n\n.. answer-key::\n", encoding="utf-8")
    out = tmp_path / "html"
    build(src, tmp_path, fresh=True)  # (it warns that no chapter page shows the quiz)
    assert ENV_QUIZ_DIR not in os.environ  # restored when the build finished
    probe = json.loads((out / "probe.json").read_text(encoding="utf-8"))
    assert probe == {"env": str(FIXTURE_BANK.resolve()), "show_quiz": ["fixture-good-question"],
                     "export": ["fixture-good-question"]}
    pages = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in ("progress", "outcomes", "key")}
    for name, page in pages.items():
        assert "fixture-good" in page, name
        assert "ch01-definition" not in page and "review-" not in page, f"{name} shows the course's own bank"
    assert "fixture-good-question" in pages["outcomes"] and "fixture-good-question" in pages["key"]


# ----------------------------------------------------------------- notebook outputs rendered from the bank

STALE = '<p class="sc-preview">STALE: what the notebook stored</p>'


def quiz_output(data) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("execute_result", execution_count=1, data={
        QUIZ_MIME: data, "text/html": STALE, "text/plain": "Quiz: stored"})


def triage_output() -> nbformat.NotebookNode:
    return nbformat.v4.new_output("execute_result", execution_count=2, data={
        TRIAGE_MIME: dict(TRIAGE_REFERENCE), "text/html": STALE, "text/plain": "Triage simulator"})


def write_book(src: Path, bank_dir: Path, quiz_data) -> None:
    """A small book: a chapter notebook with a quiz and the simulator, the progress page, a plain page."""
    (src / "notebooks").mkdir(parents=True)
    (src / "conf.py").write_text(textwrap.dedent(f"""
        extensions = ["myst_nb", "spasm_course.sphinx.ext", "spasm_course.sphinx.progress"]
        spasm_quiz_dir = {str(bank_dir)!r}
        nb_execution_mode = "off"
        exclude_patterns = ["_build"]
    """), encoding="utf-8")
    (src / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   notebooks/01-quiz\n   progress\n   plain\n",
                                   encoding="utf-8")
    (src / "progress.rst").write_text("Progress\n========\n\n.. quiz-progress::\n", encoding="utf-8")
    (src / "plain.rst").write_text("Plain\n=====\n\nNothing from the bank.\n", encoding="utf-8")
    quiz_cell = nbformat.v4.new_code_cell('show_quiz("fixture-good")', execution_count=1, outputs=[quiz_output(quiz_data)])
    triage_cell = nbformat.v4.new_code_cell("show_triage()", execution_count=2, outputs=[triage_output()])
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Chapter"), quiz_cell, triage_cell])
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(book, src / "notebooks" / "01-quiz.ipynb")


def as_a_new_process() -> None:
    """Forget the bank and words this process loaded: each jupyter-book build is a new process."""
    bank_module._bank_in.cache_clear()
    words_module.course_words.cache_clear()
    triage_words_module.content.cache_clear()


def build(src: Path, out: Path, fresh: bool) -> tuple[list[str], str]:
    """Build ``src`` into ``out``; the documents it read and its warnings."""
    as_a_new_process()
    warnings, read = io.StringIO(), []
    with docutils_namespace():  # as a new process: no node or directive left from an earlier build
        app = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html", status=None,
                     warning=warnings, freshenv=fresh)
        app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(sorted(docnames)))
        app.build()
    return read, warnings.getvalue()


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_QUIZ_DIR, raising=False)
    bank_dir = tmp_path / "quizzes"
    shutil.copytree(FIXTURE_BANK, bank_dir)
    src = tmp_path / "src"
    write_book(src, bank_dir, {"quiz": "fixture-good"})
    yield SimpleNamespace(src=src, out=tmp_path / "out", bank_dir=bank_dir,
                          page=lambda name: (tmp_path / "out" / "html" / f"{name}.html").read_text(encoding="utf-8"))
    as_a_new_process()  # the next test reads the course's own files again


def test_a_stored_quiz_and_simulator_are_rendered_from_the_bank_not_from_the_notebook(book):
    read, warnings = build(book.src, book.out, fresh=True)
    assert warnings == ""
    chapter = book.page("notebooks/01-quiz")
    assert render.quiz_html(load_bank(book.bank_dir).quiz("fixture-good")) in chapter
    assert render.triage_html() in chapter
    assert "STALE" not in chapter and preview.PREVIEW_CLASS not in chapter


def test_a_quiz_the_bank_does_not_hold_fails_the_build_and_shows_nothing(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV_QUIZ_DIR, raising=False)
    write_book(tmp_path / "src", FIXTURE_BANK, {"quiz": "no-such-quiz"})
    _, warnings = build(tmp_path / "src", tmp_path / "out", fresh=True)
    assert "01-quiz.ipynb" in warnings and "unknown quiz 'no-such-quiz'" in warnings, warnings
    assert "known quizzes: fixture-good" in warnings
    chapter = (tmp_path / "out" / "html" / "notebooks" / "01-quiz.html").read_text(encoding="utf-8")
    assert "STALE" not in chapter and "sc-quiz" not in chapter


@pytest.mark.parametrize("stored", [{"quiz": 3}, {"quiz": "fixture-good", "extra": 1}, "fixture-good"])
def test_a_malformed_quiz_output_names_its_shape(stored):
    with pytest.raises(ValueError, match=r'holds \{"quiz": <quiz id>\}'):
        render.referenced_html(QUIZ_MIME, stored, load_bank(FIXTURE_BANK))


def test_an_edited_question_reads_again_only_the_pages_made_from_the_bank(book):
    build(book.src, book.out, fresh=True)
    read, warnings = build(book.src, book.out, fresh=False)
    assert (read, warnings) == ([], "")  # nothing changed: nothing read

    path = book.bank_dir / "fixture-good.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('prompt: "What is a muscle spasm?"',
                                                             'prompt: "Which words describe a muscle spasm?"'),
                    encoding="utf-8")
    question = load_bank(book.bank_dir).quiz("fixture-good").questions[0]
    read, warnings = build(book.src, book.out, fresh=False)
    assert warnings == "" and read == ["notebooks/01-quiz", "progress"]
    for name in ("notebooks/01-quiz", "progress"):
        page = book.page(name)
        assert "Which words describe a muscle spasm?" in page and question_hash(question) in page, name

    for shared in (WORDS_PATH, TRIAGE_PATH):  # the words every page shows: as if edited (then put back)
        before = shared.stat()
        os.utime(shared)
        try:
            read, _ = build(book.src, book.out, fresh=False)
        finally:
            os.utime(shared, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert read == ["notebooks/01-quiz", "progress"], shared.name


def test_a_quiz_file_added_to_the_bank_reads_again_the_pages_that_show_every_quiz(book):
    build(book.src, book.out, fresh=True)
    text = (book.bank_dir / "fixture-good.yml").read_text(encoding="utf-8")
    (book.bank_dir / "fixture-more.yml").write_text(
        text.replace("id: fixture-good\n", "id: fixture-more\n").replace("fixture-good-question", "fixture-more-question"),
        encoding="utf-8")
    read, warnings = build(book.src, book.out, fresh=False)
    assert warnings == "" and read == ["progress"]  # the chapter's quiz file did not change
    assert "fixture-more-question" in book.page("progress")


def test_the_build_stops_with_the_fix_when_myst_nb_does_not_know_the_renderer(monkeypatch):
    monkeypatch.setattr(sphinx_mime, "load_mime_renders", lambda: [])
    with pytest.raises(ExtensionError, match=r"pip install -r requirements.txt") as caught:
        sphinx_mime.check_registered(None, None)
    assert "myst_nb.mime_renderers" in str(caught.value)


def test_the_renderer_is_ahead_of_the_stored_html_for_html_builders_only():
    config = [["html", "text/html", 0]]  # _config.yml's
    html = get_mime_priority("html", config)
    assert html.index(QUIZ_MIME) < html.index("text/html") and html.index(TRIAGE_MIME) < html.index("text/html")
    assert QUIZ_MIME not in get_mime_priority("latex", config)
