"""The engines: the course's rules, decided in Python from the content alone (no widgets,
no browser).  Grading (:mod:`.grading`), the triage rule (:mod:`.triage`, with
:mod:`.triage_practice` for care-level answers), the review schedule
(:mod:`.schedule`) and the progress file (:mod:`.progress`).

Importing this package registers the triage engine's case builder with the
content models (:mod:`.cases`), so case questions can be loaded.
"""

from __future__ import annotations

from . import cases  # noqa: F401  (registers the case builder)
