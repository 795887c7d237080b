"""What a notebook shows before its cells run: the preview line, disabled buttons,
and a first cell that says how to use the notebook in JupyterLab; and what it
stores for the website beside the preview: the name of what each widget cell
shows (the site renders that from the bank, so it never shows the preview)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nbformat
import pytest
from prose import MAX_GRADE, grade, markdown_passages
from repo import ROOT

from spasm_course.frontends import preview, render
from spasm_course import show_quiz, show_triage
from spasm_course.content import ContentError, default_bank
from spasm_course.content.words import WORDS_PATH, load_words

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_CALL = re.compile(r"\bshow_(quiz|triage)\(")


class Tags(HTMLParser):
    def __init__(self, markup: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def bundle_html(widget) -> str:
    bundle = widget._repr_mimebundle_()
    return (bundle[0] if isinstance(bundle, tuple) else bundle)["text/html"]


def test_the_preview_words_come_from_words_yml():
    words = load_words().notebook
    line = preview.preview_html()
    assert words.preview.label in line and words.preview.text in line
    # What the line must tell a student (the wording, checked in the data).
    for needed in ("Shift+Enter", "Run All Cells", "website"):
        assert needed in words.preview.text, needed
    assert preview.PREVIEW_CLASS in line


@pytest.mark.parametrize("widget, kernel_free, mime_type, reference", [
    *[pytest.param(lambda qid=q.id: show_quiz(qid), lambda qid=q.id: render.quiz_html(default_bank().quiz(qid)),
                   render.QUIZ_MIME, {"quiz": q.id}, id=q.id) for q in default_bank().quizzes],
    pytest.param(show_triage, render.triage_html, render.TRIAGE_MIME, {"triage": "simulator"}, id="triage"),
])
def test_every_widget_bundle_stores_the_preview_and_names_what_the_site_renders(widget, kernel_free, mime_type,
                                                                               reference):
    bundle = widget()._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    # JupyterLab: the preview line, then the kernel-free rendering.
    assert data["text/html"] == preview.preview_html() + kernel_free()
    # The site: only the name of what the cell shows, rendered from the bank at build time (no preview line).
    assert data[mime_type] == reference
    site_html, _ = render.referenced_html(mime_type, data[mime_type], default_bank())
    assert site_html == kernel_free() and preview.PREVIEW_CLASS not in site_html


@pytest.mark.parametrize("markup", [
    *[pytest.param(lambda qid=q.id: render.quiz_html(default_bank().quiz(qid)), id=q.id)
      for q in default_bank().quizzes],
    pytest.param(render.triage_html, id="triage"),
])
def test_every_button_of_the_kernel_free_html_starts_disabled(markup):
    # JupyterLab's sanitizer drops "hidden" but keeps "disabled", so in a
    # notebook's stored output the buttons show greyed out; the site's script enables them.
    buttons = [attrs for tag, attrs in Tags(markup()).tags if tag == "button"]
    assert buttons and all("disabled" in attrs for attrs in buttons)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_stored_widget_output_has_the_preview_and_names_what_it_shows(path):
    notebook = nbformat.read(path, as_version=4)
    html_outputs, widget_cells = 0, 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        call = WIDGET_CALL.search(cell.source)
        widget_cells += bool(call)
        for output in cell.outputs:
            data = output.get("data", {})
            html = data.get("text/html")
            if html is not None:  # any rich output, so a widget added later is covered too
                html_outputs += 1
                assert html.startswith(preview.preview_html()), f"{path.name}: an HTML output has no preview line"
                # ...and beside it, the name of what the site renders (the cell's own quiz, or the simulator).
                assert call, f"{path.name}: an HTML output from a cell that shows no widget"
                if call.group(1) == "quiz":
                    quiz_id = re.search(r'show_quiz\("([^"]+)"\)', cell.source).group(1)
                    assert data.get(render.QUIZ_MIME) == {"quiz": quiz_id}, f"{path.name}: {quiz_id}"
                else:
                    assert data.get(render.TRIAGE_MIME) == render.TRIAGE_REFERENCE, path.name
    assert html_outputs == widget_cells, f"{path.name}: {widget_cells} widget cells, {html_outputs} HTML outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_first_cell_says_how_to_use_the_notebook_in_jupyterlab(path):
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown", f"{path.name}: the first cell is not prose"
    text = first.source
    for needed in ("JupyterLab", "Run All Cells", "answer", "website", "progress"):
        assert needed in text, f"{path.name}: the first cell does not mention {needed!r}"
    assert re.search(r"not keep your quiz scores", text), f"{path.name}: the first cell must say scores are not kept"
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    assert 2 <= len(sentences) <= 3, sentences
    assert grade(markdown_passages(text)) <= MAX_GRADE
    # The website keeps progress itself; the JupyterLab note is left out there.
    assert "remove-cell" in first.metadata.get("tags", [])


@pytest.mark.parametrize("text, problem", [
    ("  preview: {label: 'Preview.'}\n", "notebook.preview.text: Field required"),
    ("  preview: {label: '  ', text: 'Run it.'}\n", "notebook.preview.label: must not be empty"),
    ("  preview: {label: a, text: b, colour: red}\n", "notebook.preview.colour: Extra inputs are not permitted"),
    ("  - just a list\n", "notebook: Input should be a valid dictionary"),
    ("  preview: [unclosed\n", "not valid YAML"),
])
def test_a_malformed_notebook_entry_names_the_file_and_the_entry(tmp_path, text, problem):
    original = WORDS_PATH.read_text(encoding="utf-8")
    assert original.count("\nnotebook:\n") == 1
    path = tmp_path / "words.yml"
    path.write_text(original.split("\nnotebook:\n")[0] + "\nnotebook:\n" + text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_words(path)
    assert str(path) in str(caught.value) and problem in str(caught.value), str(caught.value)
