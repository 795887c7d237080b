"""Chapter 1 in a real JupyterLab, in Chromium: run all cells, answer with the live widget.

The server runs on 127.0.0.1 with no token, in a temporary folder holding a
copy of the chapter with its outputs cleared, and with JupyterLab's news and
update checks turned off (its settings folder is temporary too).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from site_helpers import BANK, Watch

from spasm_course import grading

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "notebooks" / "01-what-are-muscle-spasms.ipynb"
START_TIMEOUT = 90  # seconds for the server to answer
RUN_TIMEOUT = 120_000  # milliseconds for the kernel to run every cell and show the widgets
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cleared_copy(source: Path, folder: Path) -> Path:
    """The notebook with every output, execution count and widget state removed."""
    notebook = nbformat.read(source, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    notebook.metadata.pop("widgets", None)
    target = folder / source.name
    nbformat.write(notebook, target)
    return target


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """A JupyterLab server on a free port; yields (base URL, notebook name)."""
    root = tmp_path_factory.mktemp("lab")
    work = root / "work"
    settings = root / "settings"
    work.mkdir()
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}), encoding="utf-8")
    notebook = cleared_copy(NOTEBOOK, work)
    port = free_port()
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        "JUPYTER_RUNTIME_DIR": str(root / "runtime"),
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    }
    log = (root / "server.log").open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.token=", "--ServerApp.password=", "--allow-root", f"--notebook-dir={work}"],
        cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with urllib.request.urlopen(base + "api/status", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (root / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, notebook.name
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def first_quiz_id(notebook: Path) -> str:
    source = "\n".join(cell.source for cell in nbformat.read(notebook, as_version=4).cells)
    found = re.search(r"show_quiz\(\s*[\"']([^\"']+)[\"']", source)
    assert found, f"{notebook.name} shows no quiz"
    return found.group(1)


def wait_for_idle_kernel(base: str) -> None:
    # jupyter_server can answer 500 to GET /api/kernels while a kernel is still
    # starting (its last_activity is not set yet), so a failed poll is retried.
    deadline = time.monotonic() + RUN_TIMEOUT / 1000
    last_error = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "api/kernels", timeout=5) as response:
                kernels = json.load(response)
        except OSError as error:  # HTTPError and URLError are OSErrors
            last_error, kernels = error, []
        if any(kernel.get("execution_state") == "idle" for kernel in kernels):
            return
        time.sleep(0.5)
    pytest.fail(f"the notebook's kernel did not start (last error: {last_error})")


def test_live_widget_grades_an_answer_after_run_all(browser, jupyterlab):
    base, name = jupyterlab
    quiz = BANK.quiz(first_quiz_id(NOTEBOOK))
    question = quiz.questions[0]
    answer = question.correct[0]
    label = question.label(answer)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        watch = Watch(page, base)
        page.goto(f"{base}lab/tree/{name}?reset")
        panel = page.locator(PANEL)
        panel.locator(".jp-Notebook").wait_for()
        # The toolbar says "idle" before the kernel has even started, so first wait
        # for the server to report a kernel, then for the page to be connected to it.
        wait_for_idle_kernel(base)
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=RUN_TIMEOUT)
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator("li.lm-Menu-item[data-command='runmenu:run-all']").click()

        # The first question's radio buttons come from the live ipywidgets.
        # (JupyterLab skips painting cells out of view, so wait for it to exist, then scroll.)
        options = panel.locator(".widget-radio-box").first
        options.wait_for(state="attached", timeout=RUN_TIMEOUT)
        options.scroll_into_view_if_needed()
        options.locator("label", has_text=label).first.click()
        check = panel.locator("button.jupyter-button", has_text=grading.messages()["check"]).first
        check.click()
        feedback = panel.locator(".sc-feedback").first
        feedback.wait_for(timeout=30_000)
        expected = grading.grade(question, [answer]).lines()
        text = re.sub(r"\s+", " ", feedback.inner_text())
        assert text.startswith(expected[0]), text
        assert re.sub(r"\s+", " ", expected[-1]) in text, text
        assert not watch.external, watch.external
    finally:
        context.close()
