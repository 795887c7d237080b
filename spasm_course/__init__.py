"""Muscle spasms and twitches: quizzes, triage simulator and content tools.

Notebooks call :func:`show_quiz` and :func:`show_triage`; everything they show
comes from the YAML files in ``spasm_course/content/``.

The package is in layers, each a subpackage that imports only the ones below it
(``.importlinter`` states it; the tests run ``lint-imports``):
``cli`` -> ``sphinx`` -> ``frontends`` -> ``engines`` -> ``content``.

The widgets are imported on first use (module ``__getattr__``), so that
``import spasm_course.content``, the command line and the Sphinx extensions
never load ipywidgets or IPython.  The engines are imported here, first: they
register the triage engine's case builder with the content models
(:mod:`spasm_course.engines.cases`).
"""

from __future__ import annotations

import importlib

from spasm_course import engines  # noqa: F401  (registers the case builder; see the docstring)

#: Public name -> module that defines it (imported when the name is first used).
_LAZY = {
    "ContentError": "content",
    "load_bank": "content",
    "show_quiz": "frontends.quiz_widget",
    "show_triage": "frontends.triage_widget",
    "describe": "frontends.triage_card",
    "describe_case": "frontends.triage_card",
    "assess": "engines.triage",
}

__all__ = ["ContentError", "load_bank", "show_quiz", "show_triage", "describe", "describe_case", "assess"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
