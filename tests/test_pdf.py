"""``python -m spasm_course pdf``: the workbook and the answer key, read back with pdftotext.

The PDFs are printed once per session from the session's two site builds
(``student_site``, ``instructor_site``).  Then each edition is built again,
incrementally, in a copy, with ``COURSE_PDF_DIR`` set, to check the links to
the PDFs: the workbook in both editions, the answer key only in the
instructor edition.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from sitebuild import ROOT, build_book, warning_lines
from sphinx.errors import ConfigError

from spasm_course.frontends import pdf as pdf_module
from spasm_course.sphinx import hosting as sphinx_hosting
from spasm_course.engines import triage
from spasm_course.content import default_bank
from spasm_course.frontends.export import ordered_choices
from spasm_course.engines.grading import messages
from spasm_course.content.version import course_version

DISCLAIMER = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["announcement"]
BANK = default_bank()


def norm(text: str) -> str:
    """Spaces collapsed, and curly quotes made straight (Sphinx curls the site's quotes)."""
    text = text.translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", text).strip()


def run_pdf(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spasm_course", "pdf", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def pdftotext(path: Path) -> list[str]:
    """The text of each page (pdftotext puts a form feed between pages)."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is needed (Debian poppler-utils; .ci/run installs it)"
    text = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    pages = text.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def outline_titles(path: Path) -> list[str]:
    """The /Title of every outline entry Chromium wrote (literal or UTF-16 hex strings)."""
    data = path.read_bytes()
    titles = []
    for literal, hexa in re.findall(rb"/Title\s*(?:\(((?:\\.|[^\\)])*)\)|<([0-9A-Fa-f]+)>)", data):
        if hexa:
            titles.append(bytes.fromhex(hexa.decode()).decode("utf-16"))
        else:
            titles.append(re.sub(rb"\\(.)", rb"\1", literal).decode("latin-1"))
    return titles


@pytest.fixture(scope="session")
def pdfs(student_site, instructor_site, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdfs")
    done = run_pdf("--out", str(out), "--student-site", str(student_site), "--instructor-site", str(instructor_site))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [re.sub(r" \(\d+ pages\)$", "", line) for line in lines] == [
        f"wrote {out / 'workbook.pdf'}", f"wrote {out / 'answer-key.pdf'}"], lines
    return out


@pytest.fixture(scope="session")
def workbook(pdfs) -> list[str]:
    return pdftotext(pdfs / "workbook.pdf")


@pytest.fixture(scope="session")
def answer_key(pdfs) -> list[str]:
    return pdftotext(pdfs / "answer-key.pdf")


# ----------------------------------------------------------------- workbook


def test_workbook_has_every_question_with_its_choices(workbook):
    text = norm(" ".join(workbook))
    for quiz in BANK.quizzes:
        assert norm(quiz.title) in text, quiz.title
        for number, question in enumerate(quiz.questions, start=1):
            assert legend(quiz, number, question) in text, f"{question.id}: prompt not in the workbook"
            for _, label, _, _ in ordered_choices(question):
                assert norm(label) in text, f"{question.id}: choice {label!r} not in the workbook"


def test_workbook_holds_the_course_in_order_with_the_worksheet_and_glossary(workbook):
    # Each page of the site starts a new sheet: find the sheet each one starts.
    starts = ["Muscle spasms and twitches Welcome!", "1. What are muscle spasms?", "2. What causes muscle spasms?",
              "3. What are the symptoms?", "4. Treatment, and when to see a doctor", "5. Triage simulator",
              "6. Review", "Glossary", "The source text"]
    assert len(starts) == len(pdf_module.workbook_pages())
    sheets = [norm(page) for page in workbook]
    # Each title on a sheet after the one before it (a page's text may also start a sheet with
    # words like "The source text shows ...", so a later title is looked for only after it).
    where, after = [], -1
    for title in starts:
        found = next((i for i, sheet in enumerate(sheets) if i > after and sheet.startswith(title)), None)
        where.append(found)
        after = found if found is not None else after
    assert None not in where and where[0] == 0, list(zip(starts, where))
    # The triage simulator as a worksheet: every field, and a place to write the result.
    text = " ".join(sheets)
    words = triage.content()
    for field in words.fields.values():
        assert norm(field.label) in text, field.label
        for label in field.values.values():  # every answer, a cause that counts only in some places too
            assert norm(label) in text, label
    assert norm(words.cause_place_note) in text and norm(words.tie_break.text) in text
    assert text.count("Your result, and the reason:") == 1
    assert text.count("Your reason:") == sum(len(q.questions) for q in BANK.quizzes)


def pdf_alt_texts(path: Path) -> set[str]:
    """The alt texts of the PDF's tagged figures (Chromium tags each picture /Figure with its /Alt)."""
    raw = re.findall(rb"/Alt\s*\(((?:[^()\\]|\\.)*)\)", path.read_bytes())
    return {norm(re.sub(rb"\\(.)", rb"\1", alt).decode("latin-1")) for alt in raw}


def test_workbook_holds_every_picture_as_a_tagged_figure(pdfs):
    """Issue 22: the chapters' pictures and the drawn quiz cases are in the workbook, each a tagged
    figure that carries its alt text (the drawings stay vector art, so pdfimages would not list them)."""
    alts = pdf_alt_texts(pdfs / "workbook.pdf")
    wanted = {norm(q.figure.alt) for q in BANK.questions() if q.figure is not None}
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = " ".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        wanted |= {norm(alt) for alt in re.findall(r'alt="([^"]+)"', markdown)}
    assert len(wanted) >= 7
    assert wanted <= alts, sorted(wanted - alts)


def test_workbook_prints_no_control_and_no_answer(workbook):
    text = "\n".join(workbook)
    for control in ("Try again", "Show answer", "Reset this quiz", "Score:"):
        assert control not in text, f"{control!r} is printed"
    assert not [line for line in text.splitlines() if line.strip() == "Check"], "a Check button is printed"
    for mark in ("CORRECT ANSWER", "The answer:", "Correct!", "Not quite.", "Here is the answer", "✓", "✔"):
        assert mark not in text, f"{mark!r} is printed in the workbook"


def legend(quiz, number: int, question) -> str:
    """A question's legend as the page shows it: "Question 1 of 8. What is ...?"."""
    heading = messages()["question_of"].format(number=number, total=len(quiz.questions))
    return norm(f"{heading}. {question.full_prompt}")


def test_a_question_is_never_split_across_pages(workbook):
    for quiz in BANK.quizzes:
        for number, question in enumerate(quiz.questions, start=1):
            found = [i for i, p in enumerate(workbook) if legend(quiz, number, question) in norm(p)]
            assert len(found) == 1, f"{question.id}: its legend is on pages {found}"
            page = found[0]
            for _, label, _, _ in ordered_choices(question):
                assert norm(label) in norm(workbook[page]), \
                    f"{question.id}: choice {label!r} is not on page {page + 1} with its prompt"


# ----------------------------------------------------------------- answer key


def test_answer_key_has_every_correct_answer_explanation_and_source(answer_key):
    text = norm(" ".join(answer_key))
    for quiz in BANK.quizzes:
        for question in quiz.questions:
            assert norm(question.full_prompt) in text, question.id
            for letter, label, _, ok in ordered_choices(question):
                if ok:
                    assert norm(f"({letter}) {label} — CORRECT ANSWER ✓") in text, f"{question.id}: {label}"
            assert norm(question.explanation) in text, f"{question.id}: explanation"
            for quote in question.quotes:
                assert norm(quote) in text, f"{question.id}: source sentence {quote!r}"


# ----------------------------------------------------------------- both


@pytest.mark.parametrize("name", ["workbook.pdf", "answer-key.pdf"])
def test_every_page_has_the_disclaimer_version_and_page_number(pdfs, name):
    pages = pdftotext(pdfs / name)
    version = course_version(ROOT)
    assert len(pages) >= 10
    for number, page in enumerate(pages, start=1):
        text = norm(page)
        assert norm(DISCLAIMER) in text, f"{name} page {number}: no disclaimer"
        assert f"Course version {version}" in text, f"{name} page {number}: no course version"
        assert f"Page {number} of {len(pages)}" in text, f"{name} page {number}: no page number"


@pytest.mark.parametrize("name, first", [("workbook.pdf", "1. What are muscle spasms?"),
                                          ("answer-key.pdf", "Answer key")])
def test_pdfs_are_tagged_and_have_an_outline(pdfs, name, first):
    info = subprocess.run([shutil.which("pdfinfo") or "pdfinfo", str(pdfs / name)],
                          capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info
    titles = outline_titles(pdfs / name)
    assert first in titles, titles[:20]


# ----------------------------------------------------------------- the command


def test_pdf_command_names_the_build_command_when_a_site_is_missing(tmp_path):
    done = run_pdf("--out", str(tmp_path / "out"), "--student-site", str(tmp_path / "nothing"), "--only", "workbook")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("error: the student site is not built")
    assert "Build it first with: jupyter-book build . -W -n --keep-going" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    done = run_pdf("--out", str(tmp_path / "out"), "--instructor-site", str(tmp_path / "nothing"),
                   "--only", "answer-key")
    assert done.returncode == 1
    assert "--toc _toc_instructor.yml --path-output _build/instructor" in done.stderr
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------- links to the PDFs


def _rebuilt_with_pdfs(site: Path, toc: str, pdf_dir: Path, tmp_path_factory) -> Path:
    """A copy of a session build, built again (incrementally) with COURSE_PDF_DIR."""
    copy = tmp_path_factory.mktemp("with-pdfs") / "out"
    shutil.copytree(site.parents[1], copy, symlinks=True)
    done = build_book(copy, toc, extra_env={"COURSE_PDF_DIR": str(pdf_dir)}, from_clean=False)
    log = done.stdout + done.stderr
    assert done.returncode == 0 and not warning_lines(log), log[-3000:]
    return copy / "_build" / "html"


def _pdf_links(site: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for page in site.rglob("*.html"):
        for href in re.findall(r'href="([^"]+\.pdf)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), f"{page.name}: broken link {href}"
            found.setdefault(Path(href).name, set()).add(page.relative_to(site).as_posix())
    return found


def test_sites_built_without_pdfs_link_none(student_site, instructor_site):
    for site in (student_site, instructor_site):
        assert _pdf_links(site) == {}
        assert not (site / "pdf").exists()


def test_student_site_links_only_the_workbook_and_never_holds_the_answer_key(
        student_site, pdfs, tmp_path_factory):
    site = _rebuilt_with_pdfs(student_site, "_toc.yml", pdfs, tmp_path_factory)
    links = _pdf_links(site)
    assert set(links) == {"workbook.pdf"}, links
    assert {"book/intro.html", "book/instructor-guide.html"} <= links["workbook.pdf"]
    assert (site / "pdf" / "workbook.pdf").read_bytes() == (pdfs / "workbook.pdf").read_bytes()
    held = [p.relative_to(site).as_posix() for p in site.rglob("*") if "answer-key" in p.name]
    assert held == [], held


def test_instructor_site_links_both_pdfs(instructor_site, pdfs, tmp_path_factory):
    site = _rebuilt_with_pdfs(instructor_site, "_toc_instructor.yml", pdfs, tmp_path_factory)
    links = _pdf_links(site)
    assert set(links) == {"workbook.pdf", "answer-key.pdf"}, links
    assert "book/instructor-guide.html" in links["answer-key.pdf"]
    assert (site / "pdf" / "answer-key.pdf").is_file()


@pytest.mark.parametrize("docs, present, missing", [
    ({"book/intro"}, [], "workbook.pdf"),
    ({"book/intro", "book/answer-key"}, ["workbook.pdf"], "answer-key.pdf"),
])
def test_a_pdf_folder_without_the_pdfs_stops_the_build(tmp_path, monkeypatch, docs, present, missing):
    for name in present:
        (tmp_path / name).write_bytes(b"%PDF-1.7\n")
    monkeypatch.setenv("COURSE_PDF_DIR", str(tmp_path))
    app, env = SimpleNamespace(), SimpleNamespace(found_docs=docs)
    with pytest.raises(ConfigError) as caught:
        sphinx_hosting.find_pdfs(app, env)
    assert str(caught.value) == (f"COURSE_PDF_DIR={tmp_path} has no {missing}. Make the PDFs first with: "
                                 f"python -m spasm_course pdf --out {tmp_path}")


def test_the_student_edition_takes_only_the_workbook_from_the_pdf_folder(tmp_path, monkeypatch):
    for name in ("workbook.pdf", "answer-key.pdf"):
        (tmp_path / name).write_bytes(b"%PDF-1.7\n")
    monkeypatch.setenv("COURSE_PDF_DIR", str(tmp_path))
    app = SimpleNamespace()
    sphinx_hosting.find_pdfs(app, SimpleNamespace(found_docs={"book/intro"}))
    assert app.spasm_pdfs == ["workbook.pdf"]
    sphinx_hosting.find_pdfs(app, SimpleNamespace(found_docs={"book/intro", "book/answer-key"}))
    assert app.spasm_pdfs == ["workbook.pdf", "answer-key.pdf"]
