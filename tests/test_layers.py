"""The package's layers (``.importlinter``): cli > sphinx > frontends > engines > content.

``lint-imports`` must keep both contracts (no upward import, no cycle among a layer's
modules), and it must be able to fail: a copy of the package with one planted upward
import breaks it.  Function-local imports exist only to defer a heavy import, and each
says so in a ``# deferred`` comment.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from repo import ROOT

PACKAGE = ROOT / "spasm_course"
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"]


def lint(cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(LINT + ["--config", str(cwd / ".importlinter"), "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_the_layers_contracts_are_kept():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.slow
def test_an_upward_import_breaks_the_layers(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "spasm_course", ignore=shutil.ignore_patterns("__pycache__", "content"))
    shutil.copy(ROOT / ".importlinter", tmp_path / ".importlinter")
    content = tmp_path / "spasm_course" / "content"
    content.mkdir()
    for path in (PACKAGE / "content").glob("*.py"):
        shutil.copy(path, content / path.name)
    models = content / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "\nfrom spasm_course.engines import grading  # planted\n",
                      encoding="utf-8")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "spasm_course.content.models -> spasm_course.engines.grading" in result.stdout


def _local_imports(path: Path):
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for inner in ast.walk(node):
                if isinstance(inner, (ast.Import, ast.ImportFrom)):
                    yield inner.lineno, lines[inner.lineno - 1]


def test_function_local_imports_only_defer_a_heavy_import_and_say_so():
    found = [(path.relative_to(ROOT).as_posix(), line, text.strip())
             for path in sorted(PACKAGE.rglob("*.py")) for line, text in _local_imports(path)]
    assert found, "the check must see the deferred imports there are"
    undeclared = [item for item in found if "# deferred" not in item[2]]
    assert undeclared == []
    course = [item for item in found if "spasm_course" in item[2].split("#")[0]]
    assert course == []  # never the course's own modules: that would hide an upward import or a cycle
