"""The LMS exports: GIFT (Moodle), QTI via text2qti (Canvas) and CSV.

Each format is read back here, with readers written in this file, so the tests
check what an LMS would import, not just that a file was written.
"""

from __future__ import annotations

import csv
import html
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from repo import ROOT

from spasm_course.content import OBJECTIVES_PATH, Bank, Quiz, default_bank, load_objectives
from spasm_course.frontends.export import CSV_FILE, GIFT_FILE, QTI_SAFE_NOTE, ExportError, export, gift_weight
from spasm_course.engines.grading import display_order, grade
from spasm_course.engines.progress import RESULT_SCORES


# --------------------------------------------------------------------------- fixture bank

SPECIAL_QUIZ = r"""
id: special-chars
chapter: 1
title: 'Odd: {braces} = #1 / ~tilde'
intro: 'Read *this* first: a_b [x] $5 & <tag> -- ok...'
questions:
  - id: sc-multi
    chapter: 1
    type: multi
    skill: recall
    objective: ch01-spasm-features
    prompt: 'Which {of these} = true? Use a~b #tags: C:\temp\new and \{ already'
    choices:
      - id: one
        text: 'Sudden {start} ~ = # : \ done'
        feedback: 'Yes: the source says "occur suddenly" = {fast} #1 ~ok \n'
      - id: two
        text: '*Stars* _under_ `code` $x$ [link](y) <b>bold</b> &amp; -- ... it''s'
        feedback: 'Also right: 100% \\ two backslashes'
      - id: three
        text: '1. Looks like a list'
        feedback: '# Looks like a heading'
      - id: four
        text: '- Looks like a bullet: {x}'
        feedback: 'Wrong: > looks like a quote | pipe ! bang + plus'
    correct: [one, two, three]
    explanation: 'Spasms = sudden {and} quick #1: see the source ~ here \ there.'
    source: "Muscle spasms occur suddenly, usually resolve quickly, and are often painful."
  - id: sc-true-false
    chapter: 1
    type: true_false
    skill: recall
    objective: ch01-define-spasm
    prompt: 'True or false: a cramp = a spasm {in the source}?'
    choices:
      - id: "true"
        feedback: 'Right: "muscle spasm, or muscle cramp" #same'
      - id: "false"
        feedback: 'Not quite ~ see the source: they are one thing.'
    correct: ["true"]
    explanation: 'The source: spasm = cramp.'
    source: "A muscle spasm, or muscle cramp, is an involuntary contraction of a muscle."
  - id: sc-spasm-or-twitch
    chapter: 1
    type: spasm_or_twitch
    skill: apply
    objective: ch01-tell-apart
    prompt: 'A small part of a larger muscle moves under the skin: {which}?'
    choices:
      - id: spasm
        feedback: 'Not quite: a spasm = a contraction of a muscle.'
      - id: twitch
        feedback: 'Right: a twitch moves a small segment #fine.'
    correct: [twitch]
    explanation: 'A twitch is a fine movement of a small segment.'
    source: "A muscle twitch, or fasciculation, is an uncontrolled fine movement of a small segment of a larger muscle that can be seen under the skin."
    deciding_feature: fine_movement
    cues: []
    body_area: thigh
  - id: sc-warning-signs
    chapter: 4
    type: warning_signs
    skill: apply
    objective: ch04-see-doctor
    prompt: 'Kim {cramps} = #1 ~ at night: C:\temp *again* $5 & <b>'
    case: {where: leg_or_foot, severity: severe, frequency: occasional, home_care: poor, causes: [electrolytes, held_position]}
    explanation: 'Two signs {of four} = not all #2 ~ so not the rule.'
    source:
      - "If the muscle spasm is severe, happens frequently, responds poorly to treatment, and is not related to obvious causes, make an appointment with your doctor."
      - "Dehydration, and electrolyte abnormalities"
"""


@pytest.fixture
def special_bank():
    # The loader refuses HTML-like text, but an exporter must write whatever
    # it is given literally, so this bank is built past the loader's text rules.
    quiz = Quiz.model_validate(yaml.safe_load(SPECIAL_QUIZ))
    return Bank(quizzes=(quiz,), objectives=load_objectives(OBJECTIVES_PATH))


def written(bank, fmt, out):
    lines = []
    paths = export(bank, fmt, out, log=lines.append)
    return paths, lines


# --------------------------------------------------------------------------- GIFT reader


def gift_tokens(text: str) -> list:
    """Characters, with escapes resolved; unescaped specials become ("SP", char)."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            out.append(text[i + 1])
            i += 2
            continue
        out.append(("SP", char) if char in "~=#{}:" else char)
        i += 1
    return out


def split_on_specials(tokens: list) -> list:
    """Runs of plain characters joined into strings; specials kept as tuples."""
    parts, run = [], []
    for token in tokens:
        if isinstance(token, tuple):
            parts.append("".join(run))
            parts.append(token)
            run = []
        else:
            run.append(token)
    parts.append("".join(run))
    return parts


def read_gift(path: Path) -> dict:
    """Parse our GIFT file back: {question title: {...}} with the category of each."""
    questions, category = {}, None
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("//")]
        if not lines:
            continue
        if lines[0].startswith("$CATEGORY:"):
            category = lines[0][len("$CATEGORY:"):].strip()
            continue
        parts = split_on_specials(gift_tokens("\n".join(lines)))
        # ["", :, "", :, title, :, "", :, prompt, {, body..., }, ""]
        assert parts[1] == ("SP", ":") and parts[3] == ("SP", ":"), block
        title = parts[4]
        assert parts[5] == ("SP", ":") and parts[7] == ("SP", ":"), block
        prompt = parts[8]
        assert parts[9] == ("SP", "{") and parts[-2] == ("SP", "}") and not parts[-1].strip(), block
        body = parts[10:-2]
        answers, general, i = [], None, 0
        while i < len(body):
            part = body[i]
            if part in (("SP", "="), ("SP", "~")):
                text = body[i + 1]
                weight = None
                match = re.match(r"%(-?[0-9.]+)%", text)
                if match:
                    weight, text = float(match.group(1)), text[match.end():]
                answers.append({"right": part[1] == "=", "weight": weight, "text": text.strip(),
                                "feedback": None})
                i += 2
            elif body[i:i + 7] == [("SP", "#"), "", ("SP", "#"), "", ("SP", "#"), "", ("SP", "#")]:
                general = body[i + 7].strip()
                i += 8
            elif part == ("SP", "#"):
                answers[-1]["feedback"] = body[i + 1].strip()
                i += 2
            else:
                assert not part.strip(), f"unexpected text {part!r} in {title}"
                i += 1
        questions[title] = {"category": category, "prompt": prompt, "answers": answers, "general": general}
    return questions


def test_gift_special_characters_survive(special_bank, tmp_path):
    paths, _ = written(special_bank, "gift", tmp_path / "out")
    parsed = read_gift(paths[0])
    quiz = special_bank.quizzes[0]
    assert set(parsed) == {q.id for q in quiz.questions}
    for question in quiz.questions:
        got = parsed[question.id]
        assert got["category"] == "$course$/top/Muscle spasms and twitches/Odd: {braces} = #1 // ~tilde"
        assert got["prompt"] == question.full_prompt
        order = display_order(question)
        assert [a["text"] for a in got["answers"]] == [question.label(c) for c in order]
        assert [a["feedback"] for a in got["answers"]] == [question.choice(c).feedback for c in order]
        assert question.explanation in got["general"]
        assert all(quote in got["general"] for quote in question.quotes)


def test_gift_multi_weights_split_evenly(special_bank, tmp_path):
    paths, _ = written(special_bank, "gift", tmp_path / "out")
    multi = read_gift(paths[0])["sc-multi"]
    question = special_bank.quizzes[0].questions[0]
    weights = {a["text"]: a["weight"] for a in multi["answers"]}
    right = [question.label(c) for c in question.correct]
    assert all(weights[label] == 33.33333 for label in right)
    assert sum(weights[label] for label in right) == pytest.approx(100, abs=1e-4)
    assert weights[question.label("four")] == -100
    assert not any(a["right"] for a in multi["answers"])  # "=" would make Moodle allow one answer only
    assert [gift_weight(100 / n) for n in range(1, 7)] == ["100", "50", "33.33333", "25", "20", "16.66667"]


def test_gift_warning_signs_is_a_multiple_answer_question_keyed_by_the_engine(special_bank, tmp_path):
    from spasm_course.engines.triage import assess, content

    paths, _ = written(special_bank, "gift", tmp_path / "out")
    got = read_gift(paths[0])["sc-warning-signs"]
    question = special_bank.quizzes[0].questions[-1]
    # The case: severe, now and then, poor response, two causes -> signs "severe" and "poor_home_care".
    result = assess(**question.case.answers())
    signs = result.warning_signs
    assert signs == ("severe", "poor_home_care")
    weights = {a["text"]: a["weight"] for a in got["answers"]}
    assert weights == {question.label(c): (50 if c in signs else -100) for c in display_order(question)}
    assert not any(a["right"] for a in got["answers"])  # "=" would make Moodle allow one answer only
    # Home treatment helped little: the watch level's label for poor home care.
    assert result.level == "watch" and result.label == content().levels["watch"].label_poor_home_care
    assert f"the triage simulator gives: {result.label}" in got["general"]
    # The case's facts in triage.yml's words come with the feedback, not in the prompt (the learner applies the rule).
    facts = "The spasm is severe. It happens now and then. Home treatment helped little or not at all."
    assert facts in got["general"] and facts not in got["prompt"]


def test_gift_has_every_question_of_the_bank_with_its_answers(tmp_path):
    bank = default_bank()
    paths, lines = written(bank, "gift", tmp_path / "out")
    assert [p.name for p in paths] == [GIFT_FILE] and len(lines) == 1
    parsed = read_gift(paths[0])
    assert sorted(parsed) == sorted(q.id for q in bank.questions())
    for question in bank.questions():
        answers = parsed[question.id]["answers"]
        assert all(a["feedback"] for a in answers), question.id
        if question.multiple:
            scored = {a["text"] for a in answers if (a["weight"] or 0) > 0}
            assert scored == {question.label(c).strip() for c in question.correct}, question.id
            continue
        # One answer: each choice scores in Moodle what it scores in the course
        # (right 100, a safe care level 50, anything else 0).
        for choice_id, answer in zip(display_order(question), answers):
            assert answer["text"] == question.label(choice_id).strip(), question.id
            assert gift_score(answer) == 100 * RESULT_SCORES.get(grade(question, choice_id).status, 0), \
                (question.id, choice_id)


def gift_score(answer: dict) -> float:
    """What Moodle gives a one-answer GIFT choice: "=" is 100 %, "~" its weight, or 0."""
    return 100.0 if answer["right"] else answer["weight"] or 0.0


def level_questions(bank, key: str, type_: str = "triage_level") -> list:
    """The bank's questions whose choices are care levels and whose key is ``key``."""
    found = [q for q in bank.questions()
             if q.type == type_ and q.has_levels and q.level_of(q.correct[0]) == key]
    assert found, f"the bank has no {type_} question whose key is {key!r}"
    return found


def test_gift_gives_a_cautious_level_choice_half_and_under_triage_nothing(tmp_path):
    bank = default_bank()
    parsed = read_gift(written(bank, "gift", tmp_path / "out")[0][0])
    assert RESULT_SCORES["safe"] * 100 == 50
    for question in level_questions(bank, "watch"):
        got = {a["text"]: a for a in parsed[question.id]["answers"]}
        assert got["Watch and use self-care"]["right"], question.id
        assert got["Make an appointment"]["weight"] == 50, question.id  # more careful: half
        assert not got["Make an appointment"]["right"]
        under = got["Self-care at home"]  # less care than the rule: nothing
        assert not under["right"] and gift_score(under) == 0, question.id
        assert under["feedback"].startswith("Less care than the rule gives"), question.id
    for question in level_questions(bank, "not_a_spasm"):  # a twitch
        got = {a["text"]: a for a in parsed[question.id]["answers"]}
        assert got["Make an appointment"]["weight"] == 50, question.id  # a doctor can always advise
        # Spasm care for a twitch stays wrong: the source gives no treatment for twitches.
        assert gift_score(got["Self-care at home"]) == 0 and gift_score(got["Watch and use self-care"]) == 0


def test_gift_single_question_with_level_choices_weighs_them_but_not_a_reading(tmp_path):
    bank = default_bank()
    parsed = read_gift(written(bank, "gift", tmp_path / "out")[0][0])
    question = level_questions(bank, "self_care", "single")[0]
    weights = {a["text"]: gift_score(a) for a in parsed[question.id]["answers"]}
    for choice in question.choices:
        expected = 100 if choice.id in question.correct else 50 if choice.level in ("watch", "appointment") else 0
        assert weights[question.label(choice.id).strip()] == expected, choice.id
    # A choice that states a reading of the rule has no level: it stays right or wrong.
    reading = [(q, c) for q in bank.questions() if q.type == "single" and q.has_levels
               for c in q.choices if c.level is None and c.id not in q.correct]
    assert reading, "the bank has no single question with a reading choice beside level choices"
    for question, choice in reading:
        answer = next(a for a in parsed[question.id]["answers"] if a["text"] == question.label(choice.id).strip())
        assert gift_score(answer) == 0 and answer["weight"] is None, (question.id, choice.id)


# --------------------------------------------------------------------------- QTI reader


def mattext(element) -> str:
    """The plain text of a QTI <mattext> holding text2qti's one-paragraph HTML."""
    text = element.find(".//mattext").text or ""
    assert text.startswith("<p>") and text.endswith("</p>"), text
    return html.unescape(text[3:-4])


def read_qti(zip_path: Path) -> dict:
    """{item title: {"prompt", "choices", "correct", "feedback", "general"}} from a QTI zip."""
    with zipfile.ZipFile(zip_path) as archive:
        names = [n for n in archive.namelist() if n.endswith(".xml") and "/" in n and "meta" not in n]
        assert len(names) == 1, names
        root = ET.fromstring(archive.read(names[0]))
    for element in root.iter():  # drop the QTI namespace, to keep the paths short
        element.tag = element.tag.split("}")[-1]
    items = {}
    for item in root.iter("item"):
        labels = {label.get("ident"): mattext(label) for label in item.iter("response_label")}
        feedback = {fb.get("ident"): mattext(fb) for fb in item.findall("itemfeedback")}
        correct = []
        for condition in item.iter("respcondition"):
            if condition.find("setvar") is None:
                continue
            # The scoring condition: the chosen ids, and the wrong ones inside <not>.
            negated = {id(v) for n in condition.iter("not") for v in n.iter("varequal")}
            correct = [labels[v.text] for v in condition.iter("varequal") if id(v) not in negated]
        items[item.get("title")] = {
            "prompt": mattext(item.find("presentation/material")),
            "choices": list(labels.values()),
            "correct": correct,
            "feedback": [feedback.get(f"{ident}_fb") for ident in labels],
            "general": feedback.get("general_fb"),
            "type": next(field.findtext("fieldentry") for field in item.iter("qtimetadatafield")
                         if field.findtext("fieldlabel") == "question_type"),
        }
    return items


def test_qti_special_characters_survive(special_bank, tmp_path):
    paths, lines = written(special_bank, "qti", tmp_path / "out")
    assert sorted(p.name for p in paths) == ["special-chars.txt", "special-chars.zip"]
    assert len(lines) == 2
    items = read_qti(tmp_path / "out" / "special-chars.zip")
    for question in special_bank.quizzes[0].questions:
        item = items[question.id]
        order = display_order(question)
        assert item["prompt"] == question.full_prompt
        assert item["choices"] == [question.label(c) for c in order]
        assert item["feedback"] == [question.choice(c).feedback for c in order]
        assert sorted(item["correct"]) == sorted(question.label(c) for c in question.correct)
        assert question.explanation in item["general"]
        assert all(quote in item["general"] for quote in question.quotes)
        if question.multiple:
            assert item["type"] == "multiple_answers_question", question.id
        else:
            assert item["type"] in ("multiple_choice_question", "true_false_question"), question.id


def test_qti_has_every_question_of_the_bank_with_its_answers(tmp_path):
    bank = default_bank()
    paths, lines = written(bank, "qti", tmp_path / "out")
    pictures = {q.figure.file for q in bank.questions() if q.figure is not None}
    # A text2qti source and its package per quiz, and the pictures the sources show, once each.
    assert len(paths) == len(lines) == 2 * len(bank.quizzes) + len(pictures)
    for quiz in bank.quizzes:
        items = read_qti(tmp_path / "out" / f"{quiz.id}.zip")
        assert list(items) == [q.id for q in quiz.questions]
        for question in quiz.questions:
            item = items[question.id]
            prompt = " ".join(question.full_prompt.split())
            if question.figure is None:
                assert item["prompt"] == prompt
            else:  # the picture, packaged in the zip, with its alt text
                assert item["prompt"] == (f'{prompt} <img alt="{question.figure.alt}" '
                                          f'src="%24IMS-CC-FILEBASE%24/images/{question.figure.file}" />')
            assert sorted(item["correct"]) == sorted(question.label(c).strip() for c in question.correct)


def test_text2qti_cannot_give_one_choice_part_marks():
    """Why QTI gives a safe choice 0: in text2qti 0.8 a choice is right (100) or wrong, nothing between."""
    import inspect

    from text2qti.config import Config
    from text2qti.err import Text2qtiError
    from text2qti.qti import QTI
    from text2qti.quiz import Choice as T2QChoice
    from text2qti.quiz import Quiz as T2QQuiz

    assert "correct" in inspect.signature(T2QChoice).parameters
    assert not {"weight", "points", "percent", "score"} & set(inspect.signature(T2QChoice).parameters)

    def parse(text):
        quiz = T2QQuiz(f"Quiz title: T\n\n1.  Which?\n*a) Right\n{text}\nc) Wrong\n", config=Config(),
                       source_name="t.txt")
        return quiz, QTI(quiz).assessment

    with pytest.raises(Text2qtiError, match="only one correct choice"):
        parse("*b) Careful")  # a second right choice is refused
    quiz, xml = parse("b) %50% Careful")  # GIFT's weight is just text to text2qti
    assert [c.choice_raw for c in quiz.questions_and_delims[0].choices][1] == "%50% Careful"
    assert re.findall(r'varname="SCORE">([0-9.]+)<', xml) == ["100"]  # only the right choice scores


def test_qti_safe_choices_score_nothing_and_the_feedback_says_the_course_gives_half(tmp_path):
    bank = default_bank()
    written(bank, "qti", tmp_path / "out")
    note_start = QTI_SAFE_NOTE.split("{")[0]
    seen_safe = 0
    for quiz in bank.quizzes:
        items = read_qti(tmp_path / "out" / f"{quiz.id}.zip")
        for question in quiz.questions:
            item = items[question.id]
            safe = [question.label(c).strip() for c in display_order(question)
                    if not question.multiple and grade(question, c).status == "safe"]
            assert item["general"].count(note_start) == (1 if safe else 0), question.id
            if not safe:
                continue
            seen_safe += 1
            # Only the key scores; the note names each safe choice, once, after the source.
            assert item["correct"] == [question.label(question.correct[0]).strip()], question.id
            note = item["general"][item["general"].index(note_start):]
            assert note == QTI_SAFE_NOTE.format(choices=" or ".join(f"“{label}”" for label in safe))
            # Each safe choice's own feedback says it is a careful choice, not a mistake.
            for label in safe:
                feedback = item["feedback"][item["choices"].index(label)]
                assert "careful" in feedback.lower() and "not a mistake" in feedback, (question.id, label)
    assert seen_safe >= 2
    twitch = level_questions(bank, "not_a_spasm")[0]
    items = read_qti(tmp_path / "out" / f"{next(q.id for q in bank.quizzes if twitch in q.questions)}.zip")
    assert "(“Make an appointment”)" in items[twitch.id]["general"]  # not self-care or watch


# --------------------------------------------------------------------------- CSV


def read_csv(path: Path) -> dict:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    return {row[1]: dict(zip(header, row)) for row in rows[1:]}


def test_csv_round_trips_special_characters(special_bank, tmp_path):
    paths, _ = written(special_bank, "csv", tmp_path / "out")
    rows = read_csv(paths[0])
    for question in special_bank.quizzes[0].questions:
        row = rows[question.id]
        order = display_order(question)
        choices = [row[f"choice_{letter}"] for letter in "abcdef"]
        assert choices == [question.label(c) for c in order] + [""] * (6 - len(order))
        assert (row["quiz"], row["chapter"], row["type"], row["objective"]) == (
            "special-chars", str(question.chapter), question.type, question.objective)
        assert row["prompt"] == question.full_prompt
        assert row["explanation"] == question.explanation
        assert row["source"] == " | ".join(question.quotes)
        letters = row["correct"].split()
        assert sorted(row[f"choice_{x}"] for x in letters) == sorted(question.label(c) for c in question.correct)


def test_csv_has_every_question_of_the_bank(tmp_path):
    bank = default_bank()
    paths, lines = written(bank, "csv", tmp_path / "out")
    assert [p.name for p in paths] == [CSV_FILE] and len(lines) == 1
    rows = read_csv(paths[0])
    assert list(rows) == [q.id for q in bank.questions()]
    for question in bank.questions():
        row = rows[question.id]
        picked = sorted(row[f"choice_{x}"] for x in row["correct"].split())
        assert picked == sorted(question.label(c).strip() for c in question.correct), question.id


def test_csv_keeps_its_columns_and_adds_the_safe_choices_at_the_end(tmp_path):
    bank = default_bank()
    path = written(bank, "csv", tmp_path / "out")[0][0]
    with open(path, encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["quiz", "question_id", "chapter", "type", "objective", "prompt",
                      "choice_a", "choice_b", "choice_c", "choice_d", "choice_e", "choice_f",
                      "correct", "correct_text", "explanation", "source", "safe", "safe_text", "figure"]
    rows = read_csv(path)
    for question in bank.questions():
        row = rows[question.id]
        expected = [c for c in display_order(question)
                    if not question.multiple and grade(question, c).status == "safe"]
        letters = row["safe"].split()
        assert [row[f"choice_{x}"] for x in letters] == [question.label(c).strip() for c in expected], question.id
        assert row["safe_text"] == " | ".join(question.label(c).strip() for c in expected), question.id
    watch = rows[level_questions(bank, "watch")[0].id]
    assert watch["safe_text"] == "Make an appointment"
    twitch = rows[level_questions(bank, "not_a_spasm")[0].id]
    assert twitch["safe_text"] == "Make an appointment"  # self-care for a twitch is not safe
    assert rows[level_questions(bank, "self_care")[0].id]["safe_text"] == "Watch and use self-care | Make an appointment"
    assert sum(bool(row["safe"]) for row in rows.values()) < len(rows) / 4  # empty for most questions


def test_export_rejects_unknown_format_and_file_as_folder(tmp_path):
    with pytest.raises(ExportError, match="unknown format 'xml'"):
        export(default_bank(), "xml", tmp_path)
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        export(default_bank(), "csv", a_file)


# --------------------------------------------------------------------------- command line


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "spasm_course", *args], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=120)


def assert_one_line_error(result, *needles):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@pytest.mark.slow  # a fresh interpreter per command
def test_cli_help_lists_the_export_command():
    top = cli("--help")
    assert top.returncode == 0 and "export" in top.stdout
    sub = cli("export", "--help")
    assert sub.returncode == 0
    assert all(word in sub.stdout for word in ("gift", "qti", "csv", "--out"))


@pytest.mark.slow  # a fresh interpreter per command
def test_cli_writes_files_and_prints_one_line_per_file(tmp_path):
    result = cli("export", "--format", "qti", "--out", str(tmp_path / "canvas"))
    assert result.returncode == 0, result.stderr
    files = sorted(path for path in (tmp_path / "canvas").rglob("*") if path.is_file())
    lines = result.stdout.strip().splitlines()
    pictures = {q.figure.file for q in default_bank().questions() if q.figure is not None}
    assert len(lines) == len(files) == 2 * len(default_bank().quizzes) + len(pictures)
    for path in files:
        assert sum(str(path) in line for line in lines) == 1


@pytest.mark.slow  # a fresh interpreter per command
def test_cli_unknown_format_is_one_line_error(tmp_path):
    assert_one_line_error(cli("export", "--format", "xml", "--out", str(tmp_path)), "xml")
    assert not list(tmp_path.iterdir())


@pytest.mark.slow  # a fresh interpreter per command
def test_cli_out_path_that_is_a_file_is_one_line_error(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("keep me")
    assert_one_line_error(cli("export", "--format", "gift", "--out", str(a_file)), str(a_file))
    assert_one_line_error(cli("export", "--format", "gift", "--out", str(a_file / "sub")), str(a_file))
    assert a_file.read_text() == "keep me"


@pytest.mark.slow  # a fresh interpreter per command
def test_cli_malformed_bank_names_file_and_question(tmp_path):
    quiz_dir = tmp_path / "quizzes"
    quiz_dir.mkdir()
    broken = SPECIAL_QUIZ.replace("correct: [twitch]", "correct: [cramp]")
    (quiz_dir / "broken.yml").write_text(broken, encoding="utf-8")
    result = cli("export", "--format", "csv", "--out", str(tmp_path / "out"),
                 env={"SPASM_QUIZ_DIR": str(quiz_dir)})
    assert_one_line_error(result, "broken.yml", "sc-spasm-or-twitch", "cramp")
    assert not (tmp_path / "out").exists()
