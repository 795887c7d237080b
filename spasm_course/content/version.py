"""Which edition of the course this is: the package version, plus the git commit where known.

The site footer, the about page's citation and both PDFs show
:func:`course_version`, so a learner and an instructor can tell which edition
they hold.
"""

from __future__ import annotations

import os
import re
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "spasm-course"


def package_version() -> str:
    """The version in ``pyproject.toml`` (read from it in a checkout, else from the installed metadata)."""
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', pyproject.read_text(encoding="utf-8"))
        if found:
            return found.group(1)
    return metadata.version(PACKAGE)


def git_commit(root: Path = ROOT) -> str | None:
    """The short commit id of the checkout, or None outside a git checkout (or with no git)."""
    try:
        done = subprocess.run(["git", "rev-parse", "--short=7", "HEAD"], cwd=root, capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        done = None
    if done is not None and done.returncode == 0 and re.fullmatch(r"[0-9a-f]{7,40}", done.stdout.strip()):
        return done.stdout.strip()
    sha = os.environ.get("GITHUB_SHA", "").strip()  # set by GitHub Actions
    return sha[:7] if re.fullmatch(r"[0-9a-f]{40}", sha) else None


def course_version(root: Path = ROOT) -> str:
    """``"0.1.0 (commit 4c07b67)"``, or just ``"0.1.0"`` where the commit is not known."""
    commit = git_commit(root)
    return f"{package_version()} (commit {commit})" if commit else package_version()
