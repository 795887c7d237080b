"""Sphinx extension for the website's progress page.

* ``quiz-progress`` directive (used by ``book/progress.md``): a table of every
  quiz in the bank (chapter, title, number of questions, link to the chapter
  page that shows it) plus the same list as JSON.  ``spasm_course/static/progress.js``
  fills in each quiz's score from the browser's localStorage.  The chapter
  page of chapter N is the document ``notebooks/0N-*`` of the book.

The page clean-ups for the kernel-free site live in :mod:`spasm_course.sphinx.site`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from spasm_course.engines import progress, schedule
from spasm_course.content import CHAPTERS, default_bank
from spasm_course.engines.grading import messages, safe_answers
from spasm_course.content.words import course_words
from spasm_course.engines.progress import DEFAULT_COURSE_ID
from spasm_course.frontends.render import (RECORD_VERSION, STORAGE_PREFIX, esc, json_script, question_dom_id,
                                           quiz_dom_id)
from spasm_course.sphinx.ext import note_bank_dependencies
from spasm_course.sphinx.site import RECORDS_FILE

#: Every key the course saves in the browser starts with this.
ALL_PREFIX = "spasm-course:"
#: Where the progress page keeps the name the learner typed (for their progress file).
LEARNER_KEY = ALL_PREFIX + "learner"

logger = logging.getLogger(__name__)

def progress_words() -> dict:
    """The progress page's words: words.yml's ``progress`` group, and the quizzes' score line."""
    return {**course_words().progress.model_dump(), "score": messages()["score"],
            "answers_reset": messages()["answers_reset"]}


def chapter_docname(docnames, chapter: int) -> str | None:
    """The document of chapter ``chapter`` (``notebooks/0N-...``), or None."""
    pattern = re.compile(rf"^notebooks/{chapter:02d}-[^/]+$")
    found = sorted(name for name in docnames if pattern.match(name))
    return found[0] if found else None


class QuizProgressDirective(SphinxDirective):
    """``quiz-progress``: the progress table of every quiz, filled in by progress.js."""

    has_content = False

    def run(self):
        env = self.env
        builder = env.app.builder
        quizzes = []
        for quiz in default_bank().quizzes:
            target = chapter_docname(env.found_docs, quiz.chapter)
            if target is None:
                logger.warning(f"quiz-progress: no page notebooks/{quiz.chapter:02d}-*.ipynb "
                               f"holds chapter {quiz.chapter} (quiz {quiz.id!r})",
                               location=(env.docname, self.lineno))
                url = ""
            else:
                env.note_dependency(env.doc2path(target))
                url = builder.get_relative_uri(env.docname, target) + "#" + quiz_dom_id(quiz)
            page = url.split("#")[0]
            questions = [{**stored_question(q), "prompt": q.full_prompt,
                          "url": f"{page}#{question_dom_id(quiz, q)}" if page else ""}
                         for q in quiz.questions]
            quizzes.append({**stored_quiz(quiz, questions), "title": quiz.title, "url": url})
        data = progress_data(quizzes, env.config.spasm_course_id, progress.done_rule(default_bank()))
        # Read again when a question, the words or the progress file's schema change.
        note_bank_dependencies(env, extra=[progress.SCHEMA_PATH])
        return [nodes.raw("", progress_html(data), format="html")]


def stored_question(question) -> dict:
    """What a page needs to read a question's saved answer (static/records.js ``readSaved``): its
    id, its hash, and the answers graded safe (to upgrade an older record)."""
    return {"id": question.id, "hash": progress.question_hash(question),
            **({"safe": safe_answers(question)} if question.has_levels else {})}


def stored_quiz(quiz, questions: list[dict]) -> dict:
    """What a page needs to read a quiz's saved answers: where they are kept, their record version,
    the quiz's chapter and size, and ``questions`` (each at least :func:`stored_question`)."""
    return {"id": quiz.id, "chapter": quiz.chapter, "total": len(quiz.questions), "questions": questions,
            "storage_key": STORAGE_PREFIX + quiz.id, "record_version": RECORD_VERSION}


def records_list(bank) -> dict:
    """What a page with no quiz needs to drop (and count) the saved answers of changed questions,
    as a chapter does (static/records.js ``loadRecords``): each quiz's storage key, record
    version, chapter, size and questions (id, hash, and the answers graded safe), the schedule
    table (to upgrade the oldest records) and the words of the notice."""
    return {
        "messages": {"answers_reset": messages()["answers_reset"]},
        "schedule": schedule.schedule_table(),
        "quizzes": [stored_quiz(quiz, [stored_question(q) for q in quiz.questions]) for quiz in bank.quizzes],
    }


def write_records_list(app) -> None:
    """``builder-inited``: write :func:`records_list` to ``_static`` (every build, so it never lags the bank)."""
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    text = json.dumps(records_list(default_bank()), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    (static / RECORDS_FILE).write_text(text + "\n", encoding="utf-8")


def progress_data(quizzes: list[dict], course: str, done: dict) -> dict:
    """What the progress page needs: the quizzes (with each question's id, hash, prompt and link; the
    table's title and link), the words, the chapters, the schedule table, the "done" rule
    (``progress.done_rule``), and the progress file's course id, format, schema and merge field."""
    chapters = sorted({quiz["chapter"] for quiz in quizzes})
    return {
        "learner_key": LEARNER_KEY,
        "messages": progress_words(),
        "done": done, "merge_by": progress.MERGE_BY,
        "quizzes": quizzes,
        "chapters": [{"chapter": ch, "title": CHAPTERS[ch],
                      "total": sum(q["total"] for q in quizzes if q["chapter"] == ch)} for ch in chapters],
        "schedule": schedule.schedule_table(),
        "course": course, "format": progress.FORMAT, "format_version": progress.FORMAT_VERSION,
        "schema": progress.schema(), "file_name": f"{course}-progress.json",
    }


#: What only the table shows (it is in the markup): the page's script never reads these.
TABLE_ONLY = {"quizzes": ("title", "url"), "chapters": ("title",)}


def script_data(data: dict) -> dict:
    """:func:`progress_data` as the page's script gets it: without what only the table shows."""
    return {**data, **{name: [{key: value for key, value in item.items() if key not in TABLE_ONLY[name]}
                              for item in data[name]] for name in TABLE_ONLY}}


def progress_html(data: dict) -> str:
    """The table (readable with no JavaScript), a status line, a reset button, and the JSON."""
    words = data["messages"]
    rows = []
    for quiz in data["quizzes"]:
        title = esc(quiz["title"])
        link = f'<a href="{esc(quiz["url"])}">{title}</a>' if quiz["url"] else title
        rows.append(
            f'<tr data-quiz="{esc(quiz["id"])}"><td>{quiz["chapter"]}</td><td>{link}</td>'
            f'<td>{quiz["total"]}</td><td class="sc-progress-score">{esc(words["not_started"])}</td>'
            f'<td class="sc-progress-done">{esc(words["in_progress"])}</td></tr>'
        )
    return (
        '<div class="sc-progress">'
        '<p class="sc-progress-status" aria-live="polite"></p>'
        '<div class="pst-scrollable-table-container"><table class="table sc-progress-table">'
        f'<caption>{esc(words["table_caption"])}</caption>'
        f'<thead><tr>{_head(words, "col_quiz_chapter", "col_quiz", "col_questions", "col_score", "col_done")}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>'
        f'<p class="sc-progress-chapters"></p>'
        f'<p class="sc-progress-due"></p>'
        f"{_chapters_html(data)}"
        f'<p class="sc-progress-under-triage" hidden></p>'
        f'<h2>{esc(words["sure_wrong_heading"])}</h2>'
        f'<p class="sc-progress-sure-wrong-none">{esc(words["sure_wrong_none"])}</p>'
        f'<ul class="sc-progress-sure-wrong-list"></ul>'
        f"{_file_html(words)}"
        f'<p><button type="button" class="sc-button sc-progress-reset" hidden>{esc(words["reset_all"])}</button></p>'
        f"{_offline_html()}"
        f"{json_script(script_data(data), 'sc-progress-data')}"
        "</div>"
    )


def _offline_html() -> str:
    """The "Offline use" section, hidden until the page's offline.js fills it (it needs a script)."""
    words = course_words().offline
    return ('<div class="sc-offline" hidden>'
            f'<h2>{esc(words.heading)}</h2><p>{esc(words.intro)}</p>'
            '<p class="sc-offline-status" role="status" aria-live="polite"></p>'
            f'<p><button type="button" class="sc-button sc-offline-remove" hidden>{esc(words.remove)}</button></p>'
            "</div>")


def _head(words: dict, *keys: str) -> str:
    return "".join(f'<th scope="col">{esc(words[key])}</th>' for key in keys)


def _chapters_html(data: dict) -> str:
    """Per chapter: correct answers, safe choices, sure-but-wrong, and under-triage (filled in by progress.js)."""
    words = data["messages"]
    rows = "".join(
        f'<tr data-chapter="{ch["chapter"]}"><th scope="row">{ch["chapter"]}. {esc(ch["title"])}</th>'
        f'<td class="sc-progress-correct">{esc(words["correct_of"].format(correct=0, total=ch["total"]))}</td>'
        f'<td class="sc-progress-safe">0</td>'
        f'<td class="sc-progress-sure-wrong">0</td><td class="sc-progress-under">0</td></tr>'
        for ch in data["chapters"])
    head = _head(words, "col_chapter", "col_correct", "col_safe", "col_sure_wrong", "col_under_triage")
    return ('<div class="pst-scrollable-table-container"><table class="table sc-progress-chapter-table">'
            f'<caption>{esc(words["chapters_caption"])}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>")


def _file_html(words: dict) -> str:
    """Download my progress / Load progress (hidden until progress.js runs: they need it)."""
    return (
        '<div class="sc-progress-file" hidden>'
        f'<h2>{esc(words["file_heading"])}</h2><p>{esc(words["file_intro"])}</p>'
        f'<p><label for="sc-progress.name">{esc(words["name_label"])}</label> '
        '<input type="text" class="sc-progress-name" id="sc-progress.name" maxlength="200" autocomplete="name"></p>'
        f'<p><button type="button" class="sc-button sc-progress-download">{esc(words["download"])}</button></p>'
        f'<p><label for="sc-progress.load">{esc(words["load_label"])}</label> '
        '<input type="file" class="sc-progress-load" id="sc-progress.load" accept=".json,application/json"></p>'
        '<p class="sc-progress-file-status" role="status" aria-live="polite"></p>'
        "</div>"
    )


def setup(app):
    # The id in learners' progress files (see spasm_course.engines.progress); _config.yml sets it.
    app.add_config_value("spasm_course_id", DEFAULT_COURSE_ID, "html", types=[str])
    app.add_directive("quiz-progress", QuizProgressDirective)
    app.connect("builder-inited", write_records_list)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
