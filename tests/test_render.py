"""The website's HTML for quizzes and the triage simulator (spasm_course/frontends/render.py), no browser."""

from __future__ import annotations

import json
from html import escape
import re
from html.parser import HTMLParser

import pytest

from spasm_course.engines import grading, triage
from spasm_course.frontends import render
from spasm_course.content import default_bank
from hostile import IMG, SCRIPT, hostile_quiz

BANK = default_bank()


class _Tags(HTMLParser):
    """Collects start tags with their attributes, and the text of script blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_hostile_text_is_escaped_and_never_becomes_markup():
    markup = render.quiz_html(hostile_quiz())
    tags = parse(markup)
    # The only script is the JSON data block; no <img> at all.
    assert [t for t, a in tags.tags if t == "script"] == ["script"]
    assert [a.get("type") for t, a in tags.tags if t == "script"] == ["application/json"]
    assert not [t for t, _ in tags.tags if t == "img"]
    assert "<script>window" not in markup and "<img" not in markup
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in markup
    assert "&lt;img src=x onerror=&quot;window.__pwned = 1&quot;&gt;" in markup
    # Inside the JSON block "<" is written \u003c, so "</script>" cannot end it early.
    block = tags.scripts[0]
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    question = data["questions"][0]
    lines = {c["id"]: c["line"] for c in question["choices"]}
    assert lines == {"a": f"Choice {SCRIPT}: Feedback {IMG} </script><!--", "b": f"Other {IMG}: More {SCRIPT}"}
    assert f"Prompt {escape(SCRIPT)} {escape(IMG)}" in markup  # the prompt is in the legend, escaped


def test_json_block_carries_grading_outcomes_and_lines():
    for quiz in BANK.quizzes:
        block = parse(render.quiz_html(quiz)).scripts[0]
        data = json.loads(block)
        assert data["id"] == quiz.id and data["chapter"] == quiz.chapter
        assert "title" not in data  # the title is in the markup; the script never reads it
        assert data["messages"] == render.page_messages() and grading.messages().items() <= data["messages"].items()
        assert data["storage_key"] == f"spasm-course:quiz:{quiz.id}"
        for question, qdata in zip(quiz.questions, data["questions"]):
            order = grading.display_order(question)
            assert [c["id"] for c in qdata["choices"]] == order
            # The outcome table, choices written as their positions in the display order.
            assert {"+".join(order[int(p)] for p in key.split("+")): {**entry, "show": [order[p] for p in entry["show"]]}
                    for key, entry in qdata["outcomes"].items()} == grading.outcome_table(question)
            assert [c["line"] for c in qdata["choices"]] == [
                f"{question.label(c)}: {question.choice(c).feedback}" for c in grading.display_order(question)]
            assert qdata["reveal"]["selected"] == list(grading.reveal(question).selected)
            # What quiz.js builds for each answer, and for "Show answer": headline, shown choices' lines, tail.
            lines_of = {i: c["line"] for i, c in enumerate(qdata["choices"])}
            shown = qdata["reveal"]
            built = [shown["headline"]] + [lines_of[c] for c in shown["show"]] + qdata["tail"]
            assert built == grading.reveal(question).lines(), question.id
            safe = []
            for key, outcome in qdata["outcomes"].items():
                headline = data["messages"][outcome.get("headline", outcome["status"])]
                built = [headline] + [lines_of[c] for c in outcome["show"]] + qdata["tail"]
                chosen = [order[int(p)] for p in key.split("+")]
                assert built == grading.grade(question, chosen).lines(), (question.id, key)
                if outcome["status"] == "safe":
                    safe.append("+".join(chosen))
            # The answers graded "safe", by choice id: an older "incorrect" record of one is upgraded.
            assert sorted(qdata["safe"]) == sorted(safe), question.id
            assert not safe or question.has_levels
        assert data["record_version"] == render.RECORD_VERSION == 3


def test_every_input_has_a_label_and_ids_are_unique():
    # (The same on every run: tests/test_determinism.py.)
    markup = "".join(render.quiz_html(q) for q in BANK.quizzes) + render.triage_html()
    tags = parse(markup).tags
    ids = [a["id"] for _, a in tags if "id" in a]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1][:5]
    label_for = {a["for"] for t, a in tags if t == "label"}
    inputs = [a for t, a in tags if t == "input"]
    assert inputs and all(a["id"] in label_for for a in inputs)
    assert all(a["type"] in ("radio", "checkbox") for a in inputs)
    # Each question is a fieldset with a legend, holding the "How sure are you?" fieldset with its
    # own legend; feedback goes to a live region.
    quiz = BANK.quizzes[0]
    one = parse(render.quiz_html(quiz)).tags
    assert sum(t == "fieldset" for t, _ in one) == 2 * len(quiz.questions)
    assert sum(t == "fieldset" and a.get("class") == "sc-confidence" for t, a in one) == len(quiz.questions)
    assert sum(t == "legend" for t, _ in one) == 2 * len(quiz.questions)
    assert sum(a.get("aria-live") == "polite" for _, a in one) == len(quiz.questions)
    assert sum(t == "button" and a.get("type") == "submit" for t, a in one) == len(quiz.questions)


def test_choice_ids_follow_quiz_question_and_choice():
    quiz = BANK.quizzes[0]
    question = quiz.questions[0]
    markup = render.quiz_html(quiz)
    for cid in grading.display_order(question):
        assert f'id="sc-{quiz.id}__{question.id}__{cid}"' in markup
    # Shown in display order, the same on every build.
    found = re.findall(rf'id="sc-{re.escape(quiz.id)}__{re.escape(question.id)}__([^"]+)"', markup)
    assert found == grading.display_order(question)


def test_triage_table_round_trips_through_the_packed_json():
    markup = render.triage_html()
    tags = parse(markup)
    data = json.loads(tags.scripts[0])
    table = triage.decision_table()
    # Undo the string pool as triage.js does; the result is decision_table()'s results, minus
    # the warning-sign ids the card does not show.
    unpacked = {
        key: {name: ([data["strings"][i] for i in value] if name in data["packed"] else value)
              for name, value in result.items()}
        for key, result in data["results"].items()
    }
    assert unpacked == {key: {name: value for name, value in result.items() if name != "warning_signs"}
                        for key, result in table["results"].items()}
    assert len(unpacked) == 56 and unpacked["outside"]["level"] == "outside_course"
    for name in ("fields", "routes", "cause_places", "key_parts", "key_separator"):
        assert data[name] == table[name]
    assert data["names"] == {name: label["name"] for name, label in table["labels"].items()}
    words = triage.content().messages
    assert data["messages"]["please_answer"] == words.please_answer
    # The words the form shows when "somewhere else" needs no more answers, and the card's words.
    for name in ("not_needed", "emergency", "disclaimer", "result", "what_to_do", "why", "from_source"):
        assert data["messages"][name] == getattr(words, name), name
    assert all(r["note"] is None or r["note"] in data["messages"] for r in data["routes"])
    # The card's one layout, as the plain-text card follows it.
    from spasm_course.frontends.triage_card import CARD_LAYOUTS, CARD_SECTIONS, card_layout

    assert data["card_layouts"] == {level: list(parts) for level, parts in CARD_LAYOUTS.items()}
    assert data["card_layouts"]["outside_course"][0] == "emergency"
    assert all(card_layout(level)[0] == "label" for level in triage.LEVELS if level != "outside_course")
    assert data["card_headings"] == {part: heading for heading, part in CARD_SECTIONS}
    assert len(tags.scripts[0]) < 0.3 * len(json.dumps(table)), "the string pool should make the table small"
    # The form: one fieldset per field, where first; causes as checkboxes plus "None of these".
    fieldsets = [a.get("data-field") for t, a in tags.tags if t == "fieldset"]
    assert fieldsets == list(triage.FIELDS) and fieldsets[0] == "where"
    places = [a["value"] for t, a in tags.tags if t == "input" and a["name"] == "sc-triage.where"]
    assert places == list(triage.ALLOWED["where"])
    assert all(a["type"] == "radio" for t, a in tags.tags if t == "input" and a["name"] == "sc-triage.where")
    causes = [a["value"] for t, a in tags.tags if t == "input" and a["name"] == "sc-triage.causes"]
    assert causes == list(triage.ALLOWED["causes"]) + ["none"]
    assert any(a.get("aria-live") == "polite" for _, a in tags.tags)


def test_triage_form_hints_sit_under_the_right_questions():
    text = triage.content()
    markup = render.triage_html()
    hints = {}
    for name in triage.FIELDS:
        fieldset = markup[markup.index(f'data-field="{name}"'):]
        fieldset = fieldset[:fieldset.index("</fieldset>")]
        found = re.search(r'<p class="sc-triage-hint" id="([^"]+)">(.*?)</p>', fieldset)
        hints[name] = found.group(2) if found else ""
        if found:  # read out with the question
            assert f'aria-describedby="{found.group(1)}"' in fieldset
    # The tie-break line under severity and frequency, not under home treatment or causes.
    tie_break = escape(text.tie_break.text)
    assert [name for name, hint in hints.items() if tie_break in hint] == ["severity", "frequency"]
    # Why the long-term neck or back pain box is offered only for the neck or back: with the causes.
    note = escape(text.cause_place_note)
    assert [name for name, hint in hints.items() if note in hint] == ["causes"]
    assert hints["where"] == hints["kind"] == hints["home_care"] == ""


def test_json_script_cannot_be_closed_by_data():
    block = render.json_script({"text": "</script><script>alert(1)</script><!-- \u2028"}, "x")
    assert block.count("</script>") == 1 and block.endswith("</script>")
    body = block[block.index(">") + 1:-len("</script>")]
    assert json.loads(body) == {"text": "</script><script>alert(1)</script><!-- \u2028"}


@pytest.mark.parametrize("quiz_id", [q.id for q in BANK.quizzes])
def test_the_widget_bundle_carries_the_website_html(quiz_id):
    from spasm_course import show_quiz
    from spasm_course.frontends.preview import with_preview

    bundle = show_quiz(quiz_id)._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert data["text/html"] == with_preview(render.quiz_html(BANK.quiz(quiz_id)))


def test_progress_table_links_each_quiz_to_its_chapter_page_and_escapes_titles():
    from spasm_course.sphinx.progress import chapter_docname, progress_data, progress_html, script_data

    docs = {"book/intro", "notebooks/01-what-are-muscle-spasms", "notebooks/03-symptoms", "notebooks/10-extra"}
    assert chapter_docname(docs, 3) == "notebooks/03-symptoms"
    assert chapter_docname(docs, 1) == "notebooks/01-what-are-muscle-spasms"
    assert chapter_docname(docs, 2) is None
    data = progress_data([
        {"id": "q1", "title": f"Quiz {SCRIPT}", "chapter": 3, "total": 2,
         "questions": [{"id": "a", "hash": "0" * 16, "prompt": f"Prompt {SCRIPT}", "url": ""}],
         "url": "../notebooks/03-symptoms.html#sc-quiz-q1", "storage_key": render.STORAGE_PREFIX + "q1"},
    ], "a-course", {"results": ["correct"], "chapter_quizzes": {"3": ["q1"]}})
    markup = progress_html(data)
    tags = parse(markup)
    assert [a.get("type") for t, a in tags.tags if t == "script"] == ["application/json"]
    assert "&lt;script&gt;" in markup and "<script>window" not in markup
    assert ("a", {"href": "../notebooks/03-symptoms.html#sc-quiz-q1"}) in tags.tags
    shipped = json.loads(tags.scripts[0])
    assert shipped == script_data(data)  # the table's title and link are in the markup only
    assert "title" not in shipped["quizzes"][0] and "url" not in shipped["quizzes"][0]
    assert shipped["quizzes"][0]["questions"][0]["prompt"] == f"Prompt {SCRIPT}"


def test_grade_lines_are_its_named_parts_and_the_page_ships_those_parts():
    quiz = BANK.quizzes[0]
    question = quiz.questions[0]
    data = render.quiz_data(quiz)["questions"][0]
    for cid in grading.display_order(question):
        result = grading.grade(question, [cid])
        assert result.lines() == [result.headline, *result.choice_lines, *result.tail]
        assert result.tail == data["tail"]
        line = next(c["line"] for c in data["choices"] if c["id"] == cid)
        assert line in result.choice_lines
    assert grading.grade(question, []).lines() == [grading.messages()["unanswered"]]


def test_practice_legends_never_put_a_full_stop_after_a_question_mark():
    # A practice question is headed "From chapter N: <quiz title>"; a title that ends a
    # sentence ("...what is a muscle spasm?") gets no extra full stop, others get one.
    ended = [q for q in BANK.quizzes if q.title.rstrip().endswith(("?", "!", "."))]
    plain = [q for q in BANK.quizzes if q not in ended]
    assert ended and plain, "the bank no longer has both kinds of quiz title"
    for quiz in BANK.quizzes:
        legends = re.findall(r"<legend><strong>(.*?)</strong>", render.practice_quiz_html(quiz))
        assert len(legends) == len(quiz.questions)
        for text in legends:
            assert not re.search(r"[?!.]\.$", text), text
            assert text.endswith(("?", "!", ".")), text
            assert text.startswith(escape(f"From chapter {quiz.chapter}: {quiz.title}")), text
    # The chapters' own headings ("Question 1 of 8") still end with a full stop.
    quiz = BANK.quizzes[0]
    assert "<legend><strong>Question 1 of " in render.quiz_html(quiz)
    assert re.search(r"<legend><strong>Question 1 of \d+\.</strong>", render.quiz_html(quiz))
    assert render.heading_sentence("Is it?") == "Is it?" and render.heading_sentence("Stop") == "Stop."


def test_practice_quizzes_share_one_copy_of_the_words_and_schedule():
    # The Practice again page ships the words and the schedule once (sc-practice-data), not per quiz;
    # with them put back, each quiz's data is exactly what a chapter gets.
    shared = render.shared_quiz_data()
    assert set(shared) == {"messages", "schedule"}
    for quiz in BANK.quizzes:
        data = json.loads(parse(render.practice_quiz_html(quiz)).scripts[0])
        assert not set(shared) & set(data)
        assert {**data, **shared} == render.quiz_data(quiz)


def test_practice_forms_with_their_controls_put_back_are_the_full_forms():
    # Practice again ships each form without its controls and one template of them for a
    # placeholder id; practice.js puts a copy in, with the form's id.  Done here the same way,
    # every form is exactly the full form (the chapters' markup, hidden, with its heading).
    template = render.practice_controls_html()
    inner = re.fullmatch(r'<template class="sc-practice-controls">(.*)</template>', template).group(1)
    confidence, controls = inner.split("</fieldset>", 1)
    confidence += "</fieldset>"  # the "How sure are you?" fieldset, whole
    assert render.PRACTICE_CONTROLS_ID in confidence and "__" not in render.PRACTICE_CONTROLS_ID
    for quiz in BANK.quizzes:
        heading = f"From chapter {quiz.chapter}: {quiz.title}"
        markup = render.practice_quiz_html(quiz)
        assert render.PRACTICE_CONTROLS_ID not in markup and "sc-confidence" not in markup
        forms = re.findall(r'<form class="sc-question".*?</form>', markup)
        assert len(forms) == len(quiz.questions)
        for number, (question, form) in enumerate(zip(quiz.questions, forms), start=1):
            qid = render.question_dom_id(quiz, question)
            mine = lambda text: text.replace(render.PRACTICE_CONTROLS_ID, qid)  # noqa: E731
            assert form.endswith("</fieldset></form>")
            rebuilt = form[:-len("</fieldset></form>")] + mine(confidence) + "</fieldset>" + mine(controls) + "</form>"
            assert rebuilt == render._question_html(quiz, question, number, heading=heading, hidden=True)
