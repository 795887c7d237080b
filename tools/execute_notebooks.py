"""Run every chapter notebook top to bottom and store its outputs.

Use this after editing a notebook or the question bank, then commit the
notebooks: CI's nbval run compares these stored outputs with a fresh run.

    python tools/execute_notebooks.py            # all notebooks
    python tools/execute_notebooks.py notebooks/02-causes.ipynb

The site build runs no notebook: a quiz or simulator cell's stored output names
what it shows (``application/vnd.spasm-course.quiz+json`` and ``...triage+json``,
see ``spasm_course/frontends/render.py``), and the build renders that from the
current bank.  The other outputs (the worked examples' text, the JupyterLab
preview) are shown as stored, so run this after a change that alters them.

Two things keep the stored files the same from run to run:
- the widget-view output (it holds a random model id, and the widget's state
  is not stored) is dropped; the quiz's text/html preview stays, so a
  reader sees the questions before running the notebook in JupyterLab;
- no execution timing metadata is recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CELL_TIMEOUT = 10  # seconds; the course's limit for any one cell


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
        record_timing=False,
        # ipykernel 7.2 (pinned) can race while it shuts down gracefully and print a harmless
        # traceback ("Socket operation on non-socket", fixed in 7.3); every cell has run by then.
        shutdown_kernel="immediate",
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    nbformat.write(nb, path)
    print(f"executed {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    paths = [Path(p).resolve() for p in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        if not path.exists():
            print(f"error: no such notebook: {path}", file=sys.stderr)
            return 2
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
