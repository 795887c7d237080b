"""The course's Sphinx hooks, one by one, without building the whole book.

* sphinx_site: the page clean-up (widget state dropped, repeated scripts kept
  once) and the scoped nbclient patch (on only while the build reads and
  executes notebooks, only for ipykernel releases that need it, off after).
* sphinx_ext: the ``spasm_quiz_dir`` config value reaches every consumer of
  the bank: the progress page, the outcomes map, the answer key, and
  ``show_quiz`` in the kernels (through ``SPASM_QUIZ_DIR``).
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbclient import NotebookClient
from sphinx.builders.html._assets import _JavaScript

from spasm_course.sphinx import ext as sphinx_ext, site as sphinx_site
from spasm_course.content import ENV_QUIZ_DIR, course_quiz_dir

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bad_banks" / "good_minimal"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _default_shutdown() -> str:
    return NotebookClient(nbformat.v4.new_notebook()).shutdown_kernel


def _app(mode: str = "force") -> SimpleNamespace:
    return SimpleNamespace(config=SimpleNamespace(nb_execution_mode=mode))


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


# ----------------------------------------------------------------- the nbclient patch


@pytest.mark.parametrize("version, needed", [("7.2.0", True), ("7.2.2", True), ("6.29.5", True),
                                             ("7.3.0", False), ("7.10.1", False), ("8.0.0a1", False),
                                             (None, False)])
def test_the_patch_is_only_for_ipykernel_releases_that_race(version, needed):
    assert sphinx_site.needs_immediate_shutdown(version) is needed


def test_the_patch_is_on_only_while_notebooks_are_read_and_off_after(monkeypatch):
    monkeypatch.setattr(sphinx_site, "_installed_ipykernel", lambda: "7.2.0")
    before = _default_shutdown()
    assert before == "graceful"
    app = _app()
    sphinx_site.immediate_shutdown_on(app, None, ["notebooks/01-x"])
    try:
        assert _default_shutdown() == "immediate"
        sphinx_site.immediate_shutdown_on(app, None, [])  # a second call keeps the saved default
    finally:
        sphinx_site.immediate_shutdown_off(app, None)  # env-updated
    assert _default_shutdown() == before
    sphinx_site.immediate_shutdown_off(app, None)  # build-finished after env-updated: nothing left to do
    assert _default_shutdown() == before


@pytest.mark.parametrize("version, mode", [("7.3.0", "force"), ("7.2.0", "off")])
def test_no_patch_for_a_fixed_ipykernel_or_a_build_that_runs_no_notebook(monkeypatch, version, mode):
    monkeypatch.setattr(sphinx_site, "_installed_ipykernel", lambda: version)
    app = _app(mode)
    sphinx_site.immediate_shutdown_on(app, None, ["notebooks/01-x"])
    assert _default_shutdown() == "graceful"
    sphinx_site.immediate_shutdown_off(app, None)
    assert _default_shutdown() == "graceful"


@pytest.mark.slow
def test_the_patch_reaches_the_kernel_that_myst_nb_runs(monkeypatch):
    # myst-nb's "force" mode runs a notebook with jupyter-cache's
    # single_nb_execution, which makes its own NotebookClient.  Record how
    # that client stops its kernel, with the patch on and off.
    from jupyter_cache.executors.utils import single_nb_execution
    from jupyter_client.manager import AsyncKernelManager

    monkeypatch.setattr(sphinx_site, "_installed_ipykernel", lambda: "7.2.0")
    calls = []
    original = AsyncKernelManager.shutdown_kernel

    async def recording(self, now=False, restart=False):
        calls.append(now)
        return await original(self, now=now, restart=restart)

    monkeypatch.setattr(AsyncKernelManager, "shutdown_kernel", recording)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    app = _app()
    sphinx_site.immediate_shutdown_on(app, None, ["notebooks/01-x"])
    try:
        result = single_nb_execution(notebook, cwd=None, timeout=60, allow_errors=False)
    finally:
        sphinx_site.immediate_shutdown_off(app, None)
    assert result.err is None, result.exc_string
    assert calls == [True], calls  # stopped at once
    result = single_nb_execution(notebook, cwd=None, timeout=60, allow_errors=False)
    assert result.err is None, result.exc_string
    assert calls == [True, False], calls  # and gracefully again once the patch is off


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
    # What a notebook kernel started now would see: it inherits the environment.
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
    from sphinx.application import Sphinx

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
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html", status=None, warning=None,
                 freshenv=True)
    app.build()
    assert ENV_QUIZ_DIR not in os.environ  # restored when the build finished
    probe = json.loads((out / "probe.json").read_text(encoding="utf-8"))
    assert probe == {"env": str(FIXTURE_BANK.resolve()), "show_quiz": ["fixture-good-question"],
                     "export": ["fixture-good-question"]}
    pages = {name: (out / f"{name}.html").read_text(encoding="utf-8") for name in ("progress", "outcomes", "key")}
    for name, page in pages.items():
        assert "fixture-good" in page, name
        assert "ch01-definition" not in page and "review-" not in page, f"{name} shows the course's own bank"
    assert "fixture-good-question" in pages["outcomes"] and "fixture-good-question" in pages["key"]
