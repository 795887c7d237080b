"""Muscle spasms and twitches: quizzes, triage simulator and content tools.

Notebooks call :func:`show_quiz` and :func:`show_triage`; everything they show
comes from the YAML files in ``spasm_course/content/``.

The widgets are imported on first use (module ``__getattr__``), so that
``import spasm_course.content``, the command line and the Sphinx extensions
never load ipywidgets or IPython.
"""

from __future__ import annotations

import importlib

#: Public name -> module that defines it (imported when the name is first used).
_LAZY = {
    "ContentError": "content",
    "load_bank": "content",
    "show_quiz": "quiz_widget",
    "show_triage": "triage_widget",
    "assess": "triage",
}

__all__ = ["ContentError", "load_bank", "show_quiz", "show_triage", "assess"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
