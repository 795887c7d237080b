"""Old name of :mod:`spasm_course.sphinx.progress`, kept so that a book whose ``_config.yml``
still lists ``spasm_course.sphinx_progress`` builds as before.  It logs one info line (not a
warning, so ``-W`` builds pass) naming the new module.
"""

from __future__ import annotations

from sphinx.util import logging

from spasm_course.sphinx import progress as _new
from spasm_course.sphinx.progress import *  # noqa: F401,F403

NEW_NAME = "spasm_course.sphinx.progress"


def setup(app):
    logging.getLogger(__name__).info(f"spasm_course.sphinx_progress is now {NEW_NAME}: list that name in _config.yml")
    return _new.setup(app)
