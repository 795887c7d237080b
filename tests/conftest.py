"""Shared fixtures: the repository root and the two built editions of the site.

Each edition is built once per test session, from clean, into a temporary
folder, exactly as the README builds it (``-W -n --keep-going``).  A build
with any warning fails every test that needs it, with the log in the message.

Markers (registered in pyproject.toml), so that the inner loop
``python -m pytest -m "not slow and not browser"`` stays fast: every test in
tests/browser/ is ``browser``; a test that needs a built site, and every
notebook cell nbval runs, is ``slow``.  Other slow tests carry
``@pytest.mark.slow`` themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitebuild import ROOT, build_book, warning_lines  # tests/ is on sys.path: this file lives there

EDITIONS = {
    "student": ["_toc.yml"],
    "instructor": ["_toc_instructor.yml"],
}


#: Fixtures that build the whole book: a test using one is slow.
SITE_FIXTURES = {"student_site", "instructor_site", "site_dir", "site_url", "scorm_zip"}
BROWSER_DIR = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(config, items):
    # A conftest's modifyitems hook sees every collected item, notebooks too.
    for item in items:
        path = Path(str(item.path)).resolve()
        if BROWSER_DIR in path.parents:
            item.add_marker(pytest.mark.browser)
        if path.suffix == ".ipynb" or SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


def _built(tmp_path_factory, edition: str, extra_env=None) -> Path:
    out_dir = tmp_path_factory.mktemp(f"site-{edition}")
    result = build_book(out_dir, EDITIONS[edition][0], extra_env=extra_env)
    log = result.stdout + result.stderr
    (out_dir / "build.log").write_text(log, encoding="utf-8")  # tests read what the build said
    problems = warning_lines(log)
    if result.returncode != 0 or problems:
        pytest.fail(f"{edition} build failed (exit {result.returncode}); warnings:\n"
                    + "\n".join(problems) + "\n--- log tail ---\n" + log[-4000:])
    html = out_dir / "_build" / "html"
    assert (html / "index.html").exists(), f"no index.html in {html}"
    return html


@pytest.fixture(scope="session")
def student_site(tmp_path_factory) -> Path:
    """The student edition's ``_build/html`` folder."""
    return _built(tmp_path_factory, "student")


@pytest.fixture(scope="session")
def instructor_site(tmp_path_factory) -> Path:
    """The instructor edition's ``_build/html`` folder (with the answer key)."""
    return _built(tmp_path_factory, "instructor")


REPO_ENV = {"COURSE_REPOSITORY_URL": "https://github.com/example-org/spasm-course-fork",
            "COURSE_JUPYTERHUB_URL": "https://hub.example-university.edu"}


@pytest.fixture(scope="session")
def site_with_repo(tmp_path_factory) -> Path:
    """The student edition built with a repository and a JupyterHub URL set."""
    return _built(tmp_path_factory, "student", extra_env=REPO_ENV)


@pytest.fixture(scope="session")
def scorm_zip(tmp_path_factory) -> Path:
    """The SCORM package (issue 24), made once per session by the real command,
    ``python -m spasm_course scorm --out DIR`` (it builds the student site with offline use off)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("scorm")
    env = {k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}
    done = subprocess.run([sys.executable, "-m", "spasm_course", "scorm", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        pytest.fail(f"the scorm command failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    (found,) = out.glob("*.zip")
    return found
