"""The repository's root folder, for every test (one definition).

A plain module, not a conftest: tests/ is on ``sys.path`` (pytest puts the
root conftest's folder there), so tests write ``from repo import ROOT``.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
