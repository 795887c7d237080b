"""Build progress files for tests, in the published format (a plain module, not a conftest)."""

from __future__ import annotations

from spasm_course.content import Bank, Question
from spasm_course.engines.progress import DEFAULT_COURSE_ID, FORMAT, FORMAT_VERSION, question_hash


def record(question: Question, quiz_id: str, result: str = "correct", *, confidence: str = "none",
           answer=None, first=None, box: int = 0, due=None, time: str = "2026-03-01T10:00:00.000Z",
           miss: str | None = None) -> dict:
    if answer is None:
        wrong = [c.id for c in question.choices if c.id not in question.correct][:1]
        answer = list(question.correct) if result in ("correct", "revealed") else wrong
    entry = {"quiz": quiz_id, "answer": answer, "result": result, "confidence": confidence,
             "first": first or {"result": result if result != "unanswered" else "incorrect",
                                "confidence": confidence},
             "box": box, "due": due, "time": time, "hash": question_hash(question)}
    if miss:
        entry["miss"] = miss
    return entry


def progress_file(records: dict, *, learner: str | None = None, course: str = DEFAULT_COURSE_ID,
                  version: int = FORMAT_VERSION) -> dict:
    data = {"format": FORMAT, "format_version": version, "course": course, "questions": records}
    if learner is not None:
        data["learner"] = learner
    return data


def level_question(bank: Bank, key: str, type_: str = "triage_level"):
    """A question whose choices are care levels and whose key is ``key``, with its quiz id."""
    for quiz in bank.quizzes:
        for question in quiz.questions:
            if question.type == type_ and question.has_levels and question.level_of(question.correct[0]) == key:
                return question, quiz.id
    raise AssertionError(f"the bank has no {type_} question whose key is {key!r}")
