"""The project's layout keeps its promises: toc, README command, pins, stored notebooks."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import yaml
from repo import ROOT

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _toc_files(toc_path: Path) -> list[str]:
    toc = yaml.safe_load(toc_path.read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def _existing(docname: str) -> Path | None:
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{docname}{suffix}"
        if path.exists():
            return path
    return None


def test_every_toc_entry_exists_and_every_notebook_is_in_the_toc():
    files = _toc_files(ROOT / "_toc.yml")
    missing = [f for f in files if _existing(f) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"
    notebooks = sorted(f"notebooks/{p.stem}" for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert len(notebooks) == 6, notebooks
    assert [f for f in files if f.startswith("notebooks/")] == notebooks, "chapters in toc order 01..06"


def test_instructor_toc_is_the_student_toc_plus_the_answer_key():
    student = _toc_files(ROOT / "_toc.yml")
    instructor = _toc_files(ROOT / "_toc_instructor.yml")
    assert [f for f in instructor if f != "book/answer-key"] == student
    assert "book/answer-key" in instructor and "book/answer-key" not in student


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"<!-- test-command:start -->\s*```bash\n(.+?)\n```\s*<!-- test-command:end -->", readme, re.S)
    assert block, "README marks its test command"
    command = block.group(1).strip()
    assert "--nbval" in command and "notebooks" in command and "tests" in command
    extracted = subprocess.run(
        ["awk", "/<!-- test-command:start -->/{on=1; next} /<!-- test-command:end -->/{on=0} on && !/^```/",
         "README.md"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    assert extracted == command
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -q -r requirements.txt" in ci and 'eval "$test_command"' in ci


def test_every_requirement_is_pinned():
    lines = [line.strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    reqs = [line for line in lines if line and not line.startswith("#")]
    assert "-e ." in reqs
    unpinned = [r for r in reqs if r != "-e ." and not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.\-+]+", r)]
    assert not unpinned, f"unpinned requirements: {unpinned}"
    names = {r.split("==")[0].lower().replace("_", "-") for r in reqs if "==" in r}
    for needed in ("jupyter-book", "jupyterlab", "nbval", "ipywidgets", "pydantic", "playwright",
                   "textstat", "text2qti", "pytest", "sphinx-design"):
        assert needed in names, f"{needed} is not pinned in requirements.txt"
    assert "jupyter-book==1.0.4.post1" in reqs and "textstat==0.7.3" in reqs


def test_notebooks_are_stored_executed_in_order_without_random_ids():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert code, f"{path.name} has code cells"
        counts = [c["execution_count"] for c in code]
        assert counts == list(range(1, len(code) + 1)), f"{path.name} was not run top to bottom: {counts}"
        shown = [c for c in code if c["outputs"]]
        assert shown, f"{path.name} stores no outputs"
        for cell in code:
            for output in cell["outputs"]:
                assert output.get("output_type") != "error", f"{path.name} stores an error"
                assert WIDGET_VIEW not in output.get("data", {}), f"{path.name} stores a random widget model id"
        assert "widgets" not in nb.get("metadata", {}), f"{path.name} stores widget state"


def test_config_promises_a_kernel_free_site_with_the_disclaimer_on_every_page():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert "not medical advice" in config["html"]["announcement"]
    assert "emergency" in config["html"]["announcement"]
    sphinx = config["sphinx"]["config"]
    assert sphinx["nb_mime_priority_overrides"] == [["html", "text/html", 0]]
    assert sphinx["nb_ipywidgets_js"] == {}
    assert config["only_build_toc_files"] is True


def test_pages_workflow_is_valid_and_uses_the_readme_commands():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "pip install -r requirements.txt && jupyter-book build . -W -n --keep-going" in steps
    readme = (ROOT / "README.md").read_text()
    assert "pip install -r requirements.txt && jupyter-book build . -W -n --keep-going" in readme
