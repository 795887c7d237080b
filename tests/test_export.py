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
from spasm_course.export import CSV_FILE, GIFT_FILE, ExportError, export, gift_weight
from spasm_course.grading import display_order


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
    prompt: 'A small segment of a larger muscle moves under the skin: {which}?'
    choices:
      - id: spasm
        feedback: 'Not quite: a spasm = a contraction of a muscle.'
      - id: twitch
        feedback: 'Right: a twitch moves a small segment #fine.'
    correct: [twitch]
    explanation: 'A twitch is a fine movement of a small segment.'
    source: "A muscle twitch, or fasciculation, is an uncontrolled fine movement of a small segment of a larger muscle that can be seen under the skin."
    deciding_feature: fine_movement
    body_area: thigh
  - id: sc-warning-signs
    chapter: 4
    type: warning_signs
    skill: apply
    objective: ch04-see-doctor
    prompt: 'Kim {cramps} = #1 ~ at night: C:\temp *again* $5 & <b>'
    case: {severity: severe, frequency: occasional, home_care: poor, causes: [electrolytes, held_position]}
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
    from spasm_course.triage import assess

    paths, _ = written(special_bank, "gift", tmp_path / "out")
    got = read_gift(paths[0])["sc-warning-signs"]
    question = special_bank.quizzes[0].questions[-1]
    # The case: severe, now and then, poor response, two causes -> signs "severe" and "poor_home_care".
    signs = assess(**question.case.answers()).warning_signs
    assert signs == ("severe", "poor_home_care")
    weights = {a["text"]: a["weight"] for a in got["answers"]}
    assert weights == {question.label(c): (50 if c in signs else -100) for c in display_order(question)}
    assert not any(a["right"] for a in got["answers"])  # "=" would make Moodle allow one answer only
    assert "the triage simulator gives: Watch and use self-care" in got["general"]
    # The case's facts are in the prompt, in triage.yml's words.
    assert "The spasm is severe. It happens now and then. Home treatment helped little or not at all." in got["prompt"]


def test_gift_has_every_question_of_the_bank_with_its_answers(tmp_path):
    bank = default_bank()
    paths, lines = written(bank, "gift", tmp_path / "out")
    assert [p.name for p in paths] == [GIFT_FILE] and len(lines) == 1
    parsed = read_gift(paths[0])
    assert sorted(parsed) == sorted(q.id for q in bank.questions())
    for question in bank.questions():
        answers = parsed[question.id]["answers"]
        scored = {a["text"] for a in answers if a["right"] or (a["weight"] or 0) > 0}
        assert scored == {question.label(c).strip() for c in question.correct}, question.id
        assert all(a["feedback"] for a in answers), question.id


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
    assert len(paths) == len(lines) == 2 * len(bank.quizzes)
    for quiz in bank.quizzes:
        items = read_qti(tmp_path / "out" / f"{quiz.id}.zip")
        assert list(items) == [q.id for q in quiz.questions]
        for question in quiz.questions:
            item = items[question.id]
            assert item["prompt"] == " ".join(question.full_prompt.split())
            assert sorted(item["correct"]) == sorted(question.label(c).strip() for c in question.correct)


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
    files = sorted((tmp_path / "canvas").iterdir())
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(files) == 2 * len(default_bank().quizzes)
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
