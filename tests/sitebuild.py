"""Build the book the way the README does, for tests (imported by tests/conftest.py and tests).

A plain module, not a conftest: ``from conftest import ...`` is ambiguous once
tests/browser/ has a conftest of its own.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from repo import ROOT


def build_book(out_dir: Path, toc: str = "_toc.yml", extra_env: dict | None = None,
               from_clean: bool = True) -> subprocess.CompletedProcess:
    """Run the README's build command into ``out_dir`` and return the finished process
    (``from_clean=False``: an incremental build, reusing what ``out_dir`` holds)."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    command = [str(jupyter_book), "build", str(ROOT), "-W", "-n", "--keep-going", *(["--all"] if from_clean else []),
               "--path-output", str(out_dir), "--toc", str(ROOT / toc)]
    # The caller's COURSE_* settings (repository, hub, PDF folder) never leak into a test build.
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("COURSE_")}, **(extra_env or {})}
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=900)


def warning_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", line)]
