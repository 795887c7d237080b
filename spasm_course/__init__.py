"""Muscle spasms and twitches: quizzes, triage simulator and content tools.

Notebooks call :func:`show_quiz` and :func:`show_triage`; everything they show
comes from the YAML files in ``spasm_course/content/``.
"""

from .content import ContentError, load_bank
from .quiz import show_quiz

__all__ = ["ContentError", "load_bank", "show_quiz", "show_triage", "assess"]


def show_triage():
    """The triage simulator widget (see :mod:`spasm_course.triage_widget`)."""
    from .triage_widget import show_triage as _show

    return _show()


def assess(**answers):
    """The triage engine (see :func:`spasm_course.triage.assess`)."""
    from .triage import assess as _assess

    return _assess(**answers)
