"""Sphinx extension: stop each notebook kernel at once when the build has run it.

The pinned ipykernel (7.2; 7.3 and later log a "running over TCP without
encryption" WARNING on every kernel start) can race while it shuts down
gracefully and print a harmless traceback ("Socket operation on non-socket",
fixed upstream in ipykernel 7.3) into the build log.  Every cell has finished
by the time the kernel is shut down, so stopping it at once loses nothing and
keeps the build log free of noise that looks like a failure.
"""

from __future__ import annotations


def setup(app):
    from nbclient import NotebookClient

    NotebookClient.shutdown_kernel.default_value = "immediate"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
