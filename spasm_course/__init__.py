"""Muscle spasms and twitches: quizzes, triage simulator and content tools.

Notebooks call :func:`show_quiz` and :func:`show_triage`; everything they show
comes from the YAML files in ``spasm_course/content/``.
"""

from .content import ContentError, load_bank
from .quiz import show_quiz
from .triage import assess
from .triage_widget import show_triage

__all__ = ["ContentError", "load_bank", "show_quiz", "show_triage", "assess"]
