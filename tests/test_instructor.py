"""The instructor toolkit in the book: outcomes map, answer key, the two editions,
and the build failing on a malformed question bank."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError

from sitebuild import build_book
from spasm_course.content import OBJECTIVES_PATH, Bank, ContentError, default_bank, load_bank
from spasm_course.engines.grading import display_order
from spasm_course.sphinx.ext import (NOT_ASSESSED, answer_key_nodes, check_bank_on_start, outcomes_rows,
                                     outcomes_table)


BROKEN_QUIZ = """
id: broken-quiz
chapter: 1
title: Broken
questions:
  - id: broken-question
    chapter: 1
    type: single
    skill: recall
    objective: ch01-define-spasm
    prompt: "What is a muscle spasm?"
    choices:
      - {id: right, text: "An involuntary contraction of a muscle", feedback: "Right."}
      - {id: wrong, text: "A tear", feedback: "Not quite."}
    correct: [maybe]
    explanation: "The source says so."
    source: "A muscle spasm, or muscle cramp, is an involuntary contraction of a muscle."
"""


def main_text(path: Path) -> str:
    """The text of the page's article only (not the navigation).

    Sphinx turns straight quotes into curly ones; they are made straight again here.
    """
    source = path.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", source, flags=re.S)
    assert match, f"no <article> in {path}"
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(0))).split())
    return straight(text)


def straight(text: str) -> str:
    return text.translate(str.maketrans("“”‘’", "\"\"''"))


# --------------------------------------------------------------------------- outcomes map (pure)


def with_objective(bank: Bank, question_id: str, objective: str) -> Bank:
    """A copy of the bank in which one question assesses another objective."""
    quizzes = []
    for quiz in bank.quizzes:
        questions = [q.model_copy(update={"objective": objective}) if q.id == question_id else q
                     for q in quiz.questions]
        quizzes.append(quiz.model_copy(update={"questions": questions}))
    return bank.model_copy(update={"quizzes": tuple(quizzes)})


def test_outcomes_rows_list_every_objective_with_its_questions():
    bank = default_bank()
    rows = outcomes_rows(bank)
    assert [r.objective_id for r in rows] == [o.id for o in bank.objectives]
    listed = [qid for row in rows for qid in row.question_ids]
    assert sorted(listed) == sorted(q.id for q in bank.questions())  # each question once
    by_id = {q.id: q for q in bank.questions()}
    for row in rows:
        assert all(by_id[qid].objective == row.objective_id for qid in row.question_ids)


def test_outcomes_map_follows_a_change_of_objective():
    bank = default_bank()
    question = bank.questions()[0]
    target = next(o.id for o in bank.objectives if o.id != question.objective)
    before = {r.objective_id: r.question_ids for r in outcomes_rows(bank)}
    after = {r.objective_id: r.question_ids for r in outcomes_rows(with_objective(bank, question.id, target))}
    assert question.id in before[question.objective] and question.id not in before[target]
    assert question.id not in after[question.objective] and question.id in after[target]


def test_objective_without_questions_shows_not_assessed():
    bank = default_bank()
    lonely = bank.objectives[-1].id
    moved = bank
    for question in bank.questions():
        if question.objective == lonely:
            moved = with_objective(moved, question.id, bank.objectives[0].id)
    rows = outcomes_rows(moved)
    assert rows[-1].objective_id == lonely and rows[-1].question_ids == ()
    table = outcomes_table(rows).astext()
    assert NOT_ASSESSED in table
    assert all(qid in table for qid in rows[0].question_ids)


# --------------------------------------------------------------------------- answer key (pure)


def test_answer_key_marks_right_answers_in_words_in_display_order():
    bank = default_bank()
    text = "\n".join(node.astext() for node in answer_key_nodes(bank))
    for question in bank.questions():
        assert question.id in text
        block = text[text.index(f"{question.id}\n"):]
        for letter, choice_id in zip("abcdef", display_order(question)):
            label = question.label(choice_id).strip()
            mark = "CORRECT ANSWER ✓" if choice_id in question.correct else "wrong answer"
            assert f"({letter}) {label} — {mark}" in block, (question.id, label)
        assert question.explanation.strip() in block and all(quote in block for quote in question.quotes)


# --------------------------------------------------------------------------- bad bank


def test_bank_hook_raises_with_file_and_question(tmp_path, monkeypatch):
    (tmp_path / "broken.yml").write_text(BROKEN_QUIZ, encoding="utf-8")
    monkeypatch.setenv("SPASM_QUIZ_DIR", str(tmp_path))
    with pytest.raises(ExtensionError) as caught:
        check_bank_on_start(None)
    message = str(caught.value)
    assert "broken.yml" in message and "broken-question" in message and "maybe" in message


@pytest.mark.slow
def test_book_build_fails_on_a_malformed_question_file(tmp_path):
    quiz_dir = tmp_path / "quizzes"
    quiz_dir.mkdir()
    (quiz_dir / "broken.yml").write_text(BROKEN_QUIZ, encoding="utf-8")
    with pytest.raises(ContentError, match="broken-question"):  # the fixture really is malformed
        load_bank(quiz_dir, OBJECTIVES_PATH)
    result = build_book(tmp_path / "site", extra_env={"SPASM_QUIZ_DIR": str(quiz_dir)})
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broken.yml" in log and "broken-question" in log
    assert not (tmp_path / "site" / "_build" / "html" / "index.html").exists()


# --------------------------------------------------------------------------- the two editions
# (tests/test_project.py checks that _toc_instructor.yml is _toc.yml plus the answer key)


def test_student_edition_has_no_answer_key(student_site):
    assert not list(student_site.rglob("answer-key*"))
    for page in student_site.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        assert "answer-key.html" not in source, page
        links = re.findall(r"<a\b[^>]*>(.*?)</a>", source, flags=re.S)
        assert not any(" ".join(re.sub(r"<[^>]+>", " ", a).split()) == "Answer key" for a in links), page


def test_instructor_guide_shows_the_outcomes_map_with_real_questions(student_site):
    text = main_text(student_site / "book" / "instructor-guide.html")
    assert "Learning outcomes map" in text
    for row in outcomes_rows(default_bank()):
        assert straight(row.objective_text) in text
        for qid in row.question_ids:
            assert qid in text
    assert "python -m spasm_course export --format gift" in text


def test_instructor_edition_has_answer_key_with_every_answer(instructor_site):
    key = instructor_site / "book" / "answer-key.html"
    assert key.exists()
    text = main_text(key)
    assert "for instructors" in text
    bank = default_bank()
    for question in bank.questions():
        assert question.id in text
        block = text[text.index(f"{question.id} "):]
        for letter, choice_id in zip("abcdef", display_order(question)):
            if choice_id in question.correct:
                label = straight(" ".join(question.label(choice_id).split()))
                assert f"({letter}) {label} — CORRECT ANSWER ✓" in block, (question.id, label)
    guide = (instructor_site / "book" / "instructor-guide.html").read_text(encoding="utf-8")
    assert re.search(r'<a\b[^>]*href="answer-key.html"', guide)  # the navigation links to it
