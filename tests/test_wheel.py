"""The package works installed, not only editable: its wheel ships every file it reads at run
time, and the book builds with nothing but that wheel to import.

``pip install -e .`` hides a missing data file: the editable package reads its files from the
checkout.  So this test does what a fork or a hosting service would do, from a copy of the
repository (tracked files, plus new ones not yet committed, so a file you add is checked too):

1. builds the wheel (``pip wheel --no-deps --no-build-isolation``: the venv's own setuptools,
   pinned in requirements.txt, so no network) and compares its files with the source tree;
2. makes a virtual environment with ``--system-site-packages`` and ``pip install --no-deps``
   the wheel into it: the course's dependencies come from the environment the tests run in;
3. deletes ``spasm_course/`` from the copy and builds the book there with that environment's
   Python (``jupyter-book build . -W -n --keep-going``), and checks chapter 1 has its quiz;
   the ``pdf`` command, run there, reads the book's ``_toc.yml``, not one beside the package.

Why the wheel's copy is the one imported (checked, not assumed: ``spasm_course.__file__``):

* The build runs with no ``PYTHONPATH`` (the tests' own may name a checkout) and
  ``PYTHONNOUSERSITE=1``, from the copy, which has no ``spasm_course/`` folder.
* ``--system-site-packages`` adds the *base* Python's site-packages.  When the tests run in a
  virtual environment (a contributor's venv, CI's ``.venv``), the packages live in that venv
  instead, so its site-packages folders are added by a ``.pth`` file holding their paths.  A
  path line in a ``.pth`` file puts the folder on ``sys.path`` after the new venv's own
  site-packages, and does not run the ``.pth`` files inside it, so an editable install there
  (``__editable__.spasm_course-*.pth``, whose finder would read the checkout) is never
  switched on.  Where it is on (the tests run in a base Python with an editable install),
  setuptools appends its finder to ``sys.meta_path``, after the path finder, which finds the
  wheel's copy first.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from repo import ROOT
from sitebuild import warning_lines

from spasm_course.content import load_quiz_file

pytestmark = pytest.mark.slow

PACKAGE = "spasm_course"

#: Files under spasm_course/ (besides modules) that must NOT be in the wheel -> why.  None yet:
#: every data file there is read at run time.  Anything else lives outside the package folder.
NOT_SHIPPED: dict[str, str] = {}

#: The page of chapter 1 and the quiz it must show.
CHAPTER_1 = "notebooks/01-what-are-muscle-spasms.html"
CHAPTER_1_QUIZ = "ch01-definition"

#: Environment variables that would point the build at something other than the installed wheel.
NOT_PASSED = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "SPASM_QUIZ_DIR")


def source_files() -> list[str]:
    """The repository's files, as git sees them: tracked, plus new ones not ignored."""
    done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"git ls-files failed (this test reads the checkout's file list): {done.stderr}"
    return sorted({name for name in done.stdout.split("\0") if name and (ROOT / name).is_file()})


def needed_data_files(files: list[str]) -> set[str]:
    """Every file under spasm_course/ that is not a module, less NOT_SHIPPED: what the wheel must hold."""
    return {name for name in files
            if name.startswith(PACKAGE + "/") and not name.endswith(".py") and name not in NOT_SHIPPED}


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("wheel") / "repo"
    for name in source_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    return copy


@pytest.fixture(scope="module")
def wheel(source_copy) -> Path:
    dist = source_copy.parent / "dist"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "--disable-pip-version-check", "-q", "-w", str(dist), "."],
                          cwd=source_copy, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the wheel did not build:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    (built,) = dist.glob("spasm_course-*.whl")
    return built


def test_wheel_ships_every_file_the_package_reads(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = {n for n in archive.namelist() if not n.endswith("/") and ".dist-info/" not in n}
    files = source_files()
    missing = needed_data_files(files) - names
    assert not missing, (f"the wheel lacks files under {PACKAGE}/ that the package reads at run time: "
                         f"{sorted(missing)}; add their kind to [tool.setuptools.package-data] in "
                         f"pyproject.toml (or, if one must not ship, to NOT_SHIPPED here, saying why)")
    modules = {n for n in files if n.startswith(PACKAGE + "/") and n.endswith(".py")}
    assert modules <= names, f"the wheel lacks modules: {sorted(modules - names)}"
    stray = names - needed_data_files(files) - modules
    assert not stray, f"the wheel holds files that are not the package's source: {sorted(stray)}"
    for name in NOT_SHIPPED:
        assert name in files, f"NOT_SHIPPED names {name}, which is not in the repository: remove it"


def _outer_site_packages() -> list[str]:
    """The site-packages of the virtual environment the tests run in ([] in a base Python)."""
    if sys.prefix == sys.base_prefix:
        return []
    return [path for path in site.getsitepackages() if Path(path).is_dir()]


@pytest.fixture(scope="module")
def installed(wheel, source_copy) -> tuple[Path, dict]:
    """A venv with the wheel installed: (its python, the environment to run it in)."""
    venv = source_copy.parent / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
                   check=True, capture_output=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    outer = _outer_site_packages()
    if outer:  # see the module docstring: paths only, so no .pth file of theirs runs
        (Path(purelib) / "_outer_environment.pth").write_text("\n".join(outer) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED and not k.startswith("COURSE_")}
    env["PYTHONNOUSERSITE"] = "1"
    # --ignore-installed: the outer environment's (editable) spasm-course is not this venv's to replace
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--ignore-installed",
                           "--disable-pip-version-check", "-q", str(wheel)],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"pip install of the wheel failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return python, env


def test_the_venv_imports_the_wheels_copy(installed, source_copy):
    python, env = installed
    shutil.rmtree(source_copy / PACKAGE, ignore_errors=True)
    done = subprocess.run([str(python), "-c", "import spasm_course, sys; print(spasm_course.__file__)"],
                          cwd=source_copy, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    where = Path(done.stdout.strip())
    assert where.is_relative_to(python.parent.parent), (
        f"the new venv imports spasm_course from {where}, not from the installed wheel")


def test_the_installed_pdf_command_reads_the_books_table_of_contents(installed, source_copy):
    """The workbook's pages come from the book's _toc.yml (the current folder's), not the package's."""
    python, env = installed
    shutil.rmtree(source_copy / PACKAGE, ignore_errors=True)
    done = subprocess.run([str(python), "-c", "from spasm_course.frontends.pdf import workbook_pages; "
                                              "print(workbook_pages())"],
                          cwd=source_copy, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "notebooks/01-what-are-muscle-spasms" in done.stdout and "book/glossary" in done.stdout, done.stdout


@pytest.fixture(scope="module")
def built_from_wheel(installed, source_copy) -> Path:
    """The book, built in the copy with spasm_course/ deleted: only the installed wheel can serve it."""
    python, env = installed
    shutil.rmtree(source_copy / PACKAGE, ignore_errors=True)
    config = source_copy / "_config.yml"
    # The bank folder in _config.yml is the checkout's, now deleted: an empty value is the
    # installed package's own bank (content/quizzes/ in the wheel).
    text, count = re.subn(r"(?m)^(\s*spasm_quiz_dir:).*$", r'\1 ""', config.read_text(encoding="utf-8"))
    assert count == 1, "_config.yml has no spasm_quiz_dir line to empty"
    config.write_text(text, encoding="utf-8")
    jupyter_book = "import sys; from jupyter_book.cli.main import main; sys.argv[0] = 'jupyter-book'; sys.exit(main())"
    done = subprocess.run([str(python), "-c", jupyter_book, "build", ".", "-W", "-n", "--keep-going"],
                          cwd=source_copy, env=env, capture_output=True, text=True, timeout=900)
    log = done.stdout + done.stderr
    problems = warning_lines(log)
    assert done.returncode == 0 and not problems, (
        f"the book did not build from the installed wheel (exit {done.returncode}):\n"
        + "\n".join(problems) + "\n--- log tail ---\n" + log[-4000:])
    return source_copy / "_build" / "html"


def test_book_builds_from_the_installed_wheel_with_chapter_1s_quiz(built_from_wheel):
    page = (built_from_wheel / CHAPTER_1).read_text(encoding="utf-8")
    assert f'data-quiz="{CHAPTER_1_QUIZ}"' in page, f"{CHAPTER_1} shows no quiz {CHAPTER_1_QUIZ}"
    quiz = load_quiz_file(ROOT / PACKAGE / "content" / "quizzes" / f"{CHAPTER_1_QUIZ}.yml")  # the wheel's source
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    for question in quiz.questions:
        assert " ".join(question.prompt.split()) in text, f"{CHAPTER_1} lacks the question {question.id}"
    # Every script and style the page links was shipped and copied (the course's modules, theme-fixes.js, ...).
    linked = re.findall(r'(?:src|href)="((?:\.\./)*_static/[^"?#]+)', page)
    assert any(link.endswith(".js") for link in linked) and any(link.endswith(".css") for link in linked)
    for link in linked:
        assert (built_from_wheel / CHAPTER_1).parent.joinpath(link).resolve().is_file(), f"{CHAPTER_1} links {link}: missing"
