"""After an edit to one question, an incremental build shows the new question everywhere.

An instructor edits a prompt and runs the README's build command again, without
``--all``.  Every page that shows the question must then show the new prompt and
the new content hash (``progress.question_hash``): the chapter, Practice again,
the progress page and the answer key.  A page left with the old hash would make
``course.js`` drop the learner's answers to that question when they move between
pages.

The instructor edition is built, since it holds every student page and the
answer key.  The book is built from the repository into a temporary folder; the
bank is a copy (``SPASM_QUIZ_DIR``), so the edit never touches the repository.
"""

from __future__ import annotations

import re
import shutil

import pytest
from sitebuild import build_book, warning_lines

from spasm_course.content import QUIZ_DIR, load_bank
from spasm_course.engines.progress import question_hash
from spasm_course.frontends.render import esc, quiz_html

pytestmark = pytest.mark.slow  # two builds of the book

QUIZ, QUESTION = "ch01-definition", "def-what-is-a-spasm"
NEW_PROMPT = "Which of these describes a muscle spasm best?"
CHAPTER = "notebooks/01-what-are-muscle-spasms"
#: Every page that shows the question, and whether it carries the question's hash.
PAGES = {CHAPTER: True, "book/practice": True, "book/progress": True, "book/answer-key": False}
#: A page that shows another chapter's quiz: the edit must not make the build read it again.
UNRELATED = "notebooks/02-causes"


def built(result, out_dir):
    log = result.stdout + result.stderr
    assert result.returncode == 0 and not warning_lines(log), "\n".join(warning_lines(log)) + log[-3000:]
    return log, out_dir / "_build" / "html"


def read_again(log: str) -> list[str]:
    """The documents the build read (so re-rendered), from its log."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    return re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)", plain, flags=re.M)


def page(html, name: str) -> str:
    return (html / f"{name}.html").read_text(encoding="utf-8")


def the_question(bank):
    return next(q for q in bank.quiz(QUIZ).questions if q.id == QUESTION)


def test_an_edited_question_is_new_on_every_page_after_an_incremental_build(tmp_path):
    bank_dir = tmp_path / "quizzes"
    shutil.copytree(QUIZ_DIR, bank_dir)
    env = {"SPASM_QUIZ_DIR": str(bank_dir)}
    out = tmp_path / "book"
    _, html = built(build_book(out, "_toc_instructor.yml", extra_env=env), out)

    old = the_question(load_bank(bank_dir))
    for name, has_hash in PAGES.items():
        text = page(html, name)
        assert esc(old.prompt) in text, f"{name} does not show the question before the edit"
        assert (question_hash(old) in text) is has_hash, name

    path = bank_dir / f"{QUIZ}.yml"
    source = path.read_text(encoding="utf-8")
    assert source.count(f'prompt: "{old.prompt}"') == 1
    path.write_text(source.replace(f'prompt: "{old.prompt}"', f'prompt: "{NEW_PROMPT}"'), encoding="utf-8")
    bank = load_bank(bank_dir)  # the edit is a valid question
    new = the_question(bank)
    assert new.prompt == NEW_PROMPT and question_hash(new) != question_hash(old)

    log, html = built(build_book(out, "_toc_instructor.yml", extra_env=env, from_clean=False), out)
    again = read_again(log)
    assert UNRELATED not in again, f"an incremental build, not a full one: it read {again}"

    stale = []
    for name, has_hash in PAGES.items():
        text = page(html, name)
        if esc(NEW_PROMPT) not in text:
            stale.append(f"{name}: no new prompt")
        if has_hash and question_hash(new) not in text:
            stale.append(f"{name}: no new hash {question_hash(new)}")
    for built_page in sorted(html.rglob("*.html")):
        if question_hash(old) in built_page.read_text(encoding="utf-8"):
            stale.append(f"{built_page.relative_to(html)}: still the old hash {question_hash(old)}")
    for name in PAGES:
        if name != CHAPTER and esc(old.prompt) in page(html, name):  # the chapter's own prose asks it too
            stale.append(f"{name}: still the old prompt")
    assert not stale, f"stale after the edit (the build read {again}):\n" + "\n".join(stale)
    # The chapter shows the quiz exactly as the current bank renders it.
    assert quiz_html(bank.quiz(QUIZ)) in page(html, CHAPTER)
