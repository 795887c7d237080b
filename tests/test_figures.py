"""Pictures that teach (issue 22): every picture exists, is small, says what it shows in
words, reads in dark mode, and reaches every front end a question goes to.

The browser tests (tests/browser/test_figures.py) check that they render, with a size,
in light and dark mode, on the site and in JupyterLab.
"""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from pathlib import Path

import pytest

from prose import REPO, notebook_markdown
from spasm_course.content import ContentError, default_bank, load_bank, normalise_space
from spasm_course.content.figures import (FIGURES_DIR, MAX_GZIPPED, MAX_GZIPPED_PER_PAGE, data_uri, figure_size,
                                          gzipped_size)
from spasm_course.engines import progress
from spasm_course.frontends import render
from spasm_course.frontends.export import csv_rows, gift_question, text2qti_quiz_text, write_qti
from spasm_course.frontends.quiz_widget import QuestionWidget

SVGS = sorted(FIGURES_DIR.glob("*.svg"))
README = (FIGURES_DIR / "README.md").read_text(encoding="utf-8")
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
BANK = default_bank()
PICTURE_QUESTIONS = [q for q in BANK.questions() if q.figure is not None]
IMG = re.compile(r"<img\b[^>]*>")


def attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return None if found is None else found.group(1)


def notebook_images(path: Path) -> list[str]:
    return [tag for cell in notebook_markdown(path) for tag in IMG.findall(cell)]


# ------------------------------------------------------------------ the files


def test_the_course_has_its_pictures():
    assert len(SVGS) >= 10


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.name)
def test_a_picture_is_small_sized_and_carries_its_own_light_background(path):
    text = path.read_text(encoding="utf-8")
    assert len(gzip.compress(path.read_bytes(), 9)) <= MAX_GZIPPED
    assert re.search(r'<svg\b[^>]*\sviewBox="[^"]+"', text) and figure_size(path.name) > (0, 0)
    assert 'role="img"' in text and "<title>" in text and "<desc>" in text
    # An <img> cannot follow the theme: the drawing's first shape is a light card behind it all.
    first = re.search(r"<(rect|path|ellipse|circle|g)\b[^>]*>", text).group(0)
    assert first.startswith("<rect") and re.search(r'fill="#(?:f[0-9a-f]{5}|fff)"', first), first
    assert not re.search(r"<script|<image|<foreignObject|\son\w+=|https?://(?!www\.w3\.org/2000/svg)", text)
    # No numbers, no alarm symbols in the picture's words.
    words = " ".join(re.findall(r">([^<]+)<", text))
    assert not re.search(r"\d|!", words), words


@pytest.mark.parametrize("path", SVGS, ids=lambda p: p.name)
def test_the_readme_says_what_each_picture_shows_and_quotes_its_sentence(path):
    row = next((line for line in README.splitlines() if line.startswith(f"| `{path.name}`")), None)
    assert row, f"figures/README.md has no row for {path.name}"
    source = normalise_space((REPO / "spasm_course" / "content" / "source.txt").read_text(encoding="utf-8"))
    quotes = re.findall(r"“([^”]+)”", row)
    assert quotes and all(normalise_space(q) in source for q in quotes), row
    raw, packed = map(int, re.search(r"\| (\d+) / (\d+) \|$", row).groups())
    assert raw == len(path.read_bytes()) and packed == gzipped_size(path.name), f"{path.name}: sizes in the README"


def test_every_picture_a_page_or_question_names_exists():
    named = {attribute(tag, "src").split("/")[-1] for path in NOTEBOOKS for tag in notebook_images(path)}
    named |= {q.figure.file for q in PICTURE_QUESTIONS}
    assert named and named <= {p.name for p in SVGS}


# ------------------------------------------------------------------ words for every picture


def test_every_chapter_picture_has_alt_text_or_is_a_marked_decoration_beside_its_words():
    for path in NOTEBOOKS:
        for cell in notebook_markdown(path):
            for tag in IMG.findall(cell):
                alt = attribute(tag, "alt")
                assert alt is not None, f"{path.name}: {tag}"
                if not alt.strip():  # decorative: hidden, and the list item says it in words
                    assert attribute(tag, "aria-hidden") == "true", f"{path.name}: {tag}"
                    item = re.search(re.escape(tag) + r"\s*([^<]+)</li>", cell)
                    assert item and len(item.group(1).split()) >= 3, f"{path.name}: {tag}"
                else:
                    assert attribute(tag, "width") and attribute(tag, "height"), f"{path.name}: {tag}"


def test_at_least_four_questions_use_a_picture_as_the_case_with_alt_text():
    assert len(PICTURE_QUESTIONS) >= 4
    assert {q.correct[0] for q in PICTURE_QUESTIONS if q.type == "spasm_or_twitch"} == {"spasm", "twitch"}
    for question in PICTURE_QUESTIONS:
        assert len(question.figure.alt.split()) >= 8, question.id


def page_pictures(path: Path) -> set[str]:
    """The pictures a chapter's page shows: its prose's and its quizzes' drawn cases."""
    shown = {attribute(tag, "src").split("/")[-1] for tag in notebook_images(path)}
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    quizzes = {m for c in cells if c["cell_type"] == "code" for m in re.findall(r'show_quiz\("([\w-]+)"\)',
                                                                                "".join(c["source"]))}
    shown |= {q.figure.file for quiz in quizzes for q in BANK.quiz(quiz).questions if q.figure is not None}
    return shown


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_page_shows_at_most_24_kb_of_pictures(path):
    assert sum(gzipped_size(name) for name in page_pictures(path)) <= MAX_GZIPPED_PER_PAGE


def test_practice_again_shows_at_most_24_kb_of_pictures():
    assert sum(gzipped_size(q.figure.file) for q in PICTURE_QUESTIONS) <= MAX_GZIPPED_PER_PAGE


# ------------------------------------------------------------------ every front end


QUESTION = PICTURE_QUESTIONS[0]


def test_the_site_and_the_widget_show_the_drawing_with_its_size_and_alt_text():
    quiz = next(quiz for quiz in BANK.quizzes if QUESTION in quiz.questions)
    width, height = figure_size(QUESTION.figure.file)
    img = (f'<img src="{data_uri(QUESTION.figure.file)}" alt="{render.esc(QUESTION.figure.alt)}" '
           f'width="{width}" height="{height}" loading="lazy" decoding="async">')
    form = render.quiz_html(quiz).split(f'id="{render.question_dom_id(quiz, QUESTION)}"')[1].split("</form>")[0]
    assert img in form
    assert img in QuestionWidget(QUESTION, 1, 1).prompt.value


def test_a_redrawn_picture_changes_the_questions_hash(monkeypatch):
    before = progress.question_hash(QUESTION)
    monkeypatch.setattr(progress, "figure_digest", lambda name: "0" * 16)
    assert progress.question_hash(QUESTION) != before


def test_a_question_without_a_picture_keeps_its_hash_form():
    # The picture joins the hashed fields only when there is one, so no other answer was reset.
    plain = next(q for q in BANK.questions() if q.figure is None)
    assert "figure" not in progress.shown_question(plain) and "figure" in progress.shown_question(QUESTION)


def test_gift_carries_the_drawing_and_csv_names_its_file():
    gift = gift_question(QUESTION)
    assert "::[html]" in gift and "data\\:image/svg+xml;base64," in gift
    rows = csv_rows(BANK)
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[1] == QUESTION.id)))
    assert row["figure"] == QUESTION.figure.file
    assert all(dict(zip(rows[0], r))["figure"] == "" for r in rows[1:]
               if r[1] not in {q.id for q in PICTURE_QUESTIONS})


def test_qti_packages_the_drawing(tmp_path):
    quiz = next(quiz for quiz in BANK.quizzes if QUESTION in quiz.questions)
    assert f"](figures/{QUESTION.figure.file})" in text2qti_quiz_text(quiz)
    paths = write_qti(BANK, tmp_path, log=lambda line: None)
    assert tmp_path / "figures" / QUESTION.figure.file in paths
    with zipfile.ZipFile(tmp_path / f"{quiz.id}.zip") as package:
        pictures = [name for name in package.namelist() if name.endswith(".svg")]
        assert [Path(name).name for name in pictures] == [QUESTION.figure.file] or \
            QUESTION.figure.file in {Path(name).name for name in pictures}
        assert package.read(pictures[0]) == (FIGURES_DIR / Path(pictures[0]).name).read_bytes()
        assert any(Path(pictures[0]).name in package.read(n).decode("utf-8", "replace")
                   for n in package.namelist() if n.endswith(".xml"))


# ------------------------------------------------------------------ bad input


QUIZ_WITH_PICTURE = """id: fixture-picture
chapter: 1
title: Fixture
questions:
  - id: fixture-drawn-case
    chapter: 1
    type: spasm_or_twitch
    skill: apply
    objective: ch01-tell-apart
    body_area: thigh
    deciding_feature: fine_movement
    cues: []
    prompt: "Look at this drawing of a thigh. Spasm or twitch?"
    figure: {figure}
    choices: [{{id: spasm, feedback: x}}, {{id: twitch, feedback: x}}]
    correct: [twitch]
    explanation: x
    source: "A muscle twitch, or fasciculation, is an uncontrolled fine movement of a small segment of a larger muscle that can be seen under the skin."
"""


@pytest.mark.parametrize("figure, words", [
    ("{file: no-such-picture.svg, alt: A small patch moves}", "no picture 'no-such-picture.svg'"),
    ("{file: case-thigh-flicker.svg, alt: ''}", "a picture needs alt text that says what is seen"),
    ("{file: ../secret.svg, alt: A small patch moves}", "figure.file"),
    # The alt text is read with the prompt: a drawn twitch that also "goes hard" decides two ways.
    ("{file: case-thigh-flicker.svg, alt: 'A small patch moves and the thigh goes hard'}",
     "also describes bulging_tight"),
])
def test_a_bad_picture_is_refused_naming_the_file_and_question(tmp_path, figure, words):
    (tmp_path / "fixture-picture.yml").write_text(QUIZ_WITH_PICTURE.format(figure=figure), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_bank(tmp_path)
    message = str(caught.value)
    assert "fixture-picture.yml" in message and "fixture-drawn-case" in message and words in message, message


def test_the_fixture_loads_with_a_good_picture(tmp_path):
    figure = "{file: case-thigh-flicker.svg, alt: 'A thigh; a small patch moves under the skin'}"
    (tmp_path / "fixture-picture.yml").write_text(QUIZ_WITH_PICTURE.format(figure=figure), encoding="utf-8")
    assert load_bank(tmp_path).questions()[0].figure.file == "case-thigh-flicker.svg"
