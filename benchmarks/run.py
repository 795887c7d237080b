#!/usr/bin/env python
"""Benchmarks of the course, measured on this machine; prints a markdown report.

    python benchmarks/run.py               # full run (about 20 minutes)
    python benchmarks/run.py --quick       # smoke mode (under a minute)
    python benchmarks/run.py --repeat 5 --test-repeat 1 --out benchmarks/RESULTS.md

Sections: 1. build (this course and the stock `jupyter-book create` template,
clean / no-op / one chapter edited), 2. test commands, 3. pages in Chromium
(bytes, requests, Check -> feedback time), 4. engines (load_bank, assess),
5. growth (synthetic banks of 10 to 10,000 questions), 6. Lighthouse (every
page of the course's two editions and of the template, mobile preset, served
gzipped; needs `npm ci --prefix benchmarks` once).  Times are medians.

--quick: repeat 1; builds only the template book; times the README test
command with --collect-only; measures Check latency on a small page of the
real quizzes (quiz_html + the course's module scripts); growth sizes 10 and 100; no Lighthouse
(it needs the full builds and minutes per page).  Every other measuring
function still runs once.

The benchmark never edits the working tree: builds run on copies in a
temporary folder.  It never fails on a slow number; it reports it.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import gzip
import itertools
import json
import os
import platform
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lighthouse  # noqa: E402  (benchmarks/lighthouse.py)
import pages  # noqa: E402  (benchmarks/pages.py)
from loopback import ChromiumNotFound, chromium_path  # noqa: E402  (tools/loopback.py, on sys.path by pages)

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = str(Path(sys.executable).with_name("jupyter-book"))
BUILD_FLAGS = ["-W", "-n", "--keep-going"]  # the README's build flags, for both books
EDITED_CHAPTER = "notebooks/02-causes.ipynb"  # the course chapter edited before a rebuild
TEMPLATE_EDITED = "markdown-notebooks.md"  # the template's executed MyST notebook
SMOKE_TEST = "tests/test_benchmark_smoke.py"  # deselected from the README command (no recursion)
COPY_IGNORE = shutil.ignore_patterns(".git", "_build", "__pycache__", ".pytest_cache", ".ipynb_checkpoints",
                                     "*.egg-info", ".jupyter_cache", "benchmarks")
GROWTH_SIZES = (10, 100, 1_000, 10_000)
QUESTIONS_PER_FILE = 10  # synthetic quizzes are about the size of the real ones
TARGET_PAGE_RATIO = 1.5
TARGET_CHECK_MS = 50
TARGET_LOAD_1000_S = 1.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    section: str
    measure: str
    value: float
    unit: str
    runs: str
    note: str = ""


def fmt(value: float) -> str:
    """A plain number (no thousands separators, so tests can parse it)."""
    if abs(value) >= 100:
        return f"{value:.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(c) if isinstance(c, float) else str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def timed(fn, repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``fn``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


med = statistics.median


# --------------------------------------------------------------------------- 1. build


def jupyter_book_build(book: Path, out: Path) -> tuple[float, subprocess.CompletedProcess]:
    command = [JUPYTER_BOOK, "build", str(book), *BUILD_FLAGS, "--path-output", str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=book, capture_output=True, text=True, timeout=1800)
    return time.perf_counter() - start, result


def subprocess_build_instructor(book: Path, out: Path) -> tuple[float, subprocess.CompletedProcess]:
    """The instructor edition of the snapshot ``book`` (the README's command with its toc)."""
    command = [JUPYTER_BOOK, "build", str(book), *BUILD_FLAGS, "--toc", str(book / "_toc_instructor.yml"),
               "--path-output", str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=book, capture_output=True, text=True, timeout=1800)
    return time.perf_counter() - start, result


def browser_pages(html: Path) -> list[str]:
    """Every page a reader can open: each .html but theme files and redirect stubs."""
    return [p.relative_to(html).as_posix() for p in sorted(html.rglob("*.html"))
            if p.relative_to(html).parts[0] not in ("_static", "_sources", "reports")
            and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8", errors="replace")[:1000]]


def content_pages(html: Path) -> list[str]:
    """The book's own pages (the table of contents): not genindex or search."""
    return [p for p in browser_pages(html) if p not in ("genindex.html", "search.html")]


def edit_notebook(path: Path, n: int) -> None:
    """Append a short markdown cell (a real content edit, not only a touch)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "markdown", "id": f"benchmark-edit-{n}", "metadata": {},
                        "source": [f"Benchmark edit {n}."]})
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_text(path: Path, n: int) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\nBenchmark edit {n}.\n", encoding="utf-8")


def bench_build(name: str, source: Path, edit, work: Path, repeat: int) -> dict:
    """Per repeat, on a fresh copy of ``source``: clean build, no-op rebuild, edit + rebuild.

    The site of the first clean build is kept (``site``) for the page measures.
    """
    stats = {"clean": [], "noop": [], "edit": [], "exit": {}, "read": {}, "executed": 0,
             "exec_failed": set()}
    for n in range(repeat):
        book, out = work / f"{name}-{n}", work / f"{name}-{n}-out"
        shutil.copytree(source, book, ignore=COPY_IGNORE)
        for step in ("clean", "noop", "edit"):
            if step == "edit":
                edit(book, n)
            seconds, result = jupyter_book_build(book, out)
            log(f"{name} {step} build {n + 1}/{repeat}: {seconds:.1f} s (exit {result.returncode})")
            text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # drop colour codes
            stats[step].append(seconds)
            stats["exit"].setdefault(step, set()).add(result.returncode)
            # How many documents Sphinx read (and so executed, for notebooks) in this step.
            read = re.search(r"updating environment: (?:\[.*?\] )?(\d+) added, (\d+) changed", text)
            stats["read"].setdefault(step, set()).add(int(read[1]) + int(read[2]) if read else -1)
            stats["executed"] += text.count("Executing notebook using")
            stats["exec_failed"] |= set(re.findall(r"(\S+): WARNING: Executing notebook failed", text))
            if step == "clean" and n == 0:
                stats["site"] = work / f"{name}-site"
                shutil.copytree(out / "_build" / "html", stats["site"])
                stats["pages"] = len(content_pages(stats["site"]))
        shutil.rmtree(book)
        shutil.rmtree(out)
    return stats


def build_rows(results: dict, repeat: int) -> tuple[list[Row], str]:
    rows, detail = [], []

    def per_step(values: dict) -> str:
        return " / ".join(",".join(map(str, sorted(values[step]))) for step in ("clean", "noop", "edit"))

    for name, s in results.items():
        runs = f"median of {repeat}"
        failed = sorted({Path(f).name for f in s["exec_failed"]})
        errored = (f"execution failed: {', '.join(failed)}" if failed else
                   "all notebooks executed OK" if s["executed"] else "no notebook executed")
        note = f"{s['pages']} pages; {errored}; exit codes (clean / no-op / edit) {per_step(s['exit'])}"
        rows += [
            Row("Build", f"Clean build, {name}", med(s["clean"]), "s", runs, note),
            Row("Build", f"Clean build per page, {name}", med(s["clean"]) / s["pages"], "s/page", runs),
            Row("Build", f"No-op rebuild, {name}", med(s["noop"]), "s", runs),
            Row("Build", f"Edit one chapter + rebuild, {name}", med(s["edit"]), "s", runs),
        ]
        detail.append([name, s["pages"], med(s["clean"]), med(s["clean"]) / s["pages"], med(s["noop"]),
                       med(s["edit"]), per_step(s["read"]), per_step(s["exit"]), errored])
    if {"course", "template"} <= results.keys():
        per_page = {k: med(results[k]["clean"]) / results[k]["pages"] for k in ("course", "template")}
        ratio = per_page["course"] / per_page["template"]
        verdict = "met" if ratio <= TARGET_PAGE_RATIO else "NOT met"
        rows.append(Row("Build", "Per-page ratio course/template (clean build)", ratio, "ratio",
                        f"median of {repeat}", f"target <= {TARGET_PAGE_RATIO}: {verdict}"))
        # A stricter reading: take off the fixed start-up cost (about a no-op rebuild), which a book
        # with more pages spreads thinner.
        marginal = {k: (med(results[k]["clean"]) - med(results[k]["noop"])) / results[k]["pages"]
                    for k in ("course", "template")}
        ratio = marginal["course"] / marginal["template"]
        verdict = "met" if ratio <= TARGET_PAGE_RATIO else "NOT met"
        rows.append(Row("Build", "Per-page ratio course/template, start-up excluded ((clean - no-op) / pages)",
                        ratio, "ratio", f"median of {repeat}",
                        f"{verdict} for <= {TARGET_PAGE_RATIO}; the template's failing notebook stops early"))
    header = ["Book", "Pages", "Clean build (s)", "Per page (s)", "No-op rebuild (s)", "Edit + rebuild (s)",
              "Documents read (clean / no-op / edit)", "Exit codes (clean / no-op / edit)", "Notebook execution"]
    return rows, table(header, detail)


# --------------------------------------------------------------------------- 2. tests


def readme_test_command() -> list[str]:
    """The test command between the README's test-command markers, run with this Python."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- test-command:start -->")[1].split("<!-- test-command:end -->")[0]
    line = next(ln for ln in block.splitlines() if ln.strip().startswith("python"))
    words = shlex.split(line)
    return [sys.executable] + words[1:]


def pytest_summary(output: str) -> str:
    counts = re.findall(r"(\d+) (passed|failed|errors?|skipped|deselected|xfailed|tests? collected)", output)
    return ", ".join(f"{n} {what}" for n, what in counts) or "no summary line"


def bench_command(label: str, command: list[str], repeat: int) -> Row:
    times, notes = [], set()
    env = {**os.environ, "SPASM_BENCHMARK": "1"}
    for n in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=3600)
        times.append(time.perf_counter() - start)
        log(f"{label} {n + 1}/{repeat}: {times[-1]:.1f} s (exit {result.returncode})")
        for line in result.stdout.splitlines():  # say which tests failed, not just that some did
            if line.startswith(("FAILED ", "ERROR ")):
                log(f"  {line}")
        tail = result.stdout.strip().splitlines()[-1:] or [""]
        notes.add(f"exit {result.returncode}: {pytest_summary(tail[0])}")
    shown = " ".join(command[1:]).replace(str(ROOT) + "/", "")
    return Row("Tests", label, med(times), "s", f"median of {repeat}" if repeat > 1 else "1 run",
               f"`python {shown}`; " + "; ".join(sorted(notes)))


# --------------------------------------------------------------------------- 3. pages


def synthetic_quiz_page(folder: Path) -> list[str]:
    """A bare page of every real quiz (quiz_html + the site's course.css and module scripts), for --quick."""
    from spasm_course.content import load_bank
    from spasm_course.frontends.render import quiz_html

    folder.mkdir(parents=True, exist_ok=True)
    static = ROOT / "spasm_course" / "static"
    for path in [static / "course.css", *static.glob("*.js")]:
        shutil.copy(path, folder / path.name)
    head = '<link rel="stylesheet" href="course.css"><script type="module" src="quiz-page.js"></script>'
    body = "".join(quiz_html(quiz) for quiz in load_bank().quizzes)
    (folder / "quizzes.html").write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                                         f"<title>Quizzes</title>{head}</head><body>{body}</body></html>",
                                         encoding="utf-8")
    return ["quizzes.html"]


def page_rows(label: str, results: dict[str, dict]) -> tuple[list[Row], str]:
    requests = [r["requests"] for r in results.values()]
    kbytes = [r["bytes"] / 1000 for r in results.values()]
    external = sum(r["external"] for r in results.values())
    failed = sum(r["failed"] for r in results.values())
    n = len(results)
    rows = [
        Row("Pages", f"Requests per page, median, {label}", med(requests), "requests", f"{n} pages",
            f"max {max(requests)}; external {external}; failed {failed}"),
        Row("Pages", f"Transferred per page, median, {label}", med(kbytes), "kB", f"{n} pages",
            f"max {max(kbytes):.0f} kB; total {sum(kbytes):.0f} kB"),
    ]
    rows.append(Row("Pages", f"HTML document per page, median, {label}",
                    med(r["document"] / 1000 for r in results.values()), "kB", f"{n} pages",
                    "the page itself, without theme files"))
    detail = [[name, r["requests"], r["bytes"] / 1000, r["document"] / 1000, len(r["check_ms"]) or ""]
              for name, r in results.items()]
    return rows, table(["Page", "Requests", "kB transferred", "of which the HTML page (kB)",
                        "Quiz questions timed"], detail)


def offline_rows(label: str, site: Path) -> list[Row]:
    """The offline copy of an edition (issue 23): the files its worker keeps, gzipped as a host
    sends them, and the worker itself.  None for a site without one (the template)."""
    worker = site / "sw.js"
    if not worker.is_file():
        return []
    text = worker.read_text(encoding="utf-8")
    config = json.loads(re.match(r"var CONFIG = (\{.*?\});\n", text).group(1))
    packed = sum(len(gzip.compress((site / f).read_bytes(), 6)) for f in config["files"])
    return [Row("Offline", f"Precache, {label}", packed / 1000, "kB", f"{len(config['files'])} files",
                "what the worker fetches after the first visit, gzipped (limit 1,500 kB)"),
            Row("Offline", f"Service worker, {label}", len(gzip.compress(worker.read_bytes(), 9)) / 1000, "kB",
                "gzipped", "limit 6 kB")]


def check_rows(label: str, results: dict[str, dict]) -> list[Row]:
    times = [t for r in results.values() for t in r["check_ms"]]
    if not times:
        return [Row("Pages", f"Check -> feedback, median, {label}", float("nan"), "ms", "0 questions",
                    "no quiz question found on these pages")]
    verdict = "met" if med(times) <= TARGET_CHECK_MS else "NOT met"
    return [
        Row("Pages", f"Check -> feedback, median, {label}", med(times), "ms", f"{len(times)} questions",
            f"target <= {TARGET_CHECK_MS} ms: {verdict}; in-page performance.now(), DOM update + layout"),
        Row("Pages", f"Check -> feedback, max, {label}", max(times), "ms", f"{len(times)} questions"),
    ]


# --------------------------------------------------------------------------- 4. engines


def all_triage_inputs() -> list[dict]:
    """Every valid input: somewhere else, a twitch in each place, and each severity x frequency x
    home care x subset of causes for a spasm in the neck (where every cause may be given)."""
    from spasm_course.engines import triage

    causes = triage.ALLOWED["causes"]
    subsets = [list(c) for r in range(len(causes) + 1) for c in itertools.combinations(causes, r)]
    inputs = [{"where": place} for place in triage.OUTSIDE]
    inputs += [{"where": place, "kind": "twitch"} for place in triage.IN_COURSE]
    for severity, frequency, home_care in itertools.product(
            triage.ALLOWED["severity"], triage.ALLOWED["frequency"], triage.ALLOWED["home_care"]):
        inputs += [dict(where="neck", kind="spasm", severity=severity, frequency=frequency, home_care=home_care,
                        causes=c) for c in subsets]
    return inputs


def load_uncached(quiz_dir=None, objectives=None):
    from spasm_course import content

    content.source_text.cache_clear()  # read source.txt again too
    return content.load_bank(quiz_dir or content.QUIZ_DIR, objectives or content.OBJECTIVES_PATH)


def engine_rows(repeat: int) -> list[Row]:
    from spasm_course.engines import triage

    bank = load_uncached()
    runs = f"median of {repeat}"
    load = med(timed(load_uncached, repeat))
    inputs = all_triage_inputs()
    assess = triage.assess
    one_pass = med(timed(lambda: [assess(**answers) for answers in inputs], repeat))
    table_s = med(timed(triage.decision_table, repeat))
    return [
        Row("Engines", f"load_bank(), real bank ({len(bank.questions())} questions, {len(bank.quizzes)} files)",
            load * 1000, "ms", runs, "uncached: files read, parsed and validated each time"),
        Row("Engines", "assess() calls per second", len(inputs) / one_pass, "calls/s", runs,
            f"all {len(inputs)} valid input combinations per pass"),
        Row("Engines", "decision_table()", table_s * 1000, "ms", runs, "every result the website needs"),
    ]


# --------------------------------------------------------------------------- 5. growth


def real_questions() -> list[dict]:
    """The real bank's questions as raw YAML data (real sources, objectives and types)."""
    from spasm_course.content import QUIZ_DIR

    questions = []
    for path in sorted(QUIZ_DIR.glob("*.yml")):
        questions += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return questions


#: The question types that tell a case: the bank allows one question per case.
CASE_QUESTION_TYPES = ("spasm_or_twitch", "warning_signs", "triage_level")


def _round_name(name: str, round_: int) -> str:
    """A first name made unique to one round of the cycle ("Ada" -> "Adab" in round 1)."""
    letters = ""
    while round_:
        round_, digit = divmod(round_, 26)
        letters += "abcdefghijklmnopqrstuvwxyz"[digit]
    return name + letters


def _copy_for_round(question: dict, round_: int, names: list[str]) -> dict:
    """A real question for one round of the cycle: its first names made that round's own, as the
    bank allows a first name in one question only."""
    copied = copy.deepcopy(question)
    if not round_ or not names:
        return copied
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b")

    def rename(text):
        return pattern.sub(lambda m: _round_name(m.group(1), round_), text) if isinstance(text, str) else text

    for field in ("prompt", "explanation"):
        copied[field] = rename(copied.get(field))
    for choice in copied.get("choices", []):
        for field in ("text", "feedback"):
            if field in choice:
                choice[field] = rename(choice[field])
    return copied


def write_synthetic_bank(folder: Path, size: int, pool: list[dict]) -> Path:
    """``size`` questions (real ones, cycled, with new ids) in quiz files of QUESTIONS_PER_FILE.

    The bank tells each case once (one case, one question) and gives a first name to one
    question, so the first round has every real question, and later rounds cycle the questions
    that tell no case, with their first names made the round's own."""
    from spasm_course.content import OBJECTIVES_PATH, REVIEW_CHAPTER, Question
    from spasm_course.content.case_rules import first_names

    names = sorted(first_names([Question.model_validate(q) for q in pool]))
    others = [q for q in pool if q["type"] not in CASE_QUESTION_TYPES]

    folder.mkdir(parents=True)
    shutil.copy(OBJECTIVES_PATH, folder / "objectives.yml")
    quizzes = folder / "quizzes"
    quizzes.mkdir()
    for start in range(0, size, QUESTIONS_PER_FILE):
        questions = []
        for i in range(start, min(start + QUESTIONS_PER_FILE, size)):
            if i < len(pool):
                question = copy.deepcopy(pool[i])
            else:
                later = i - len(pool)
                question = _copy_for_round(others[later % len(others)], 1 + later // len(others), names)
            question["id"] = f"q{i:05d}-{question['id']}"
            questions.append(question)
        # Questions of several chapters share a file, as only the review chapter's quiz may.
        quiz = {"id": f"synthetic-{start // QUESTIONS_PER_FILE:05d}", "chapter": REVIEW_CHAPTER,
                "title": "Synthetic quiz",  # no number: the bank's check refuses one it could read as a claim (e.g. "911")
                "questions": questions}
        (quizzes / f"synthetic-{start // QUESTIONS_PER_FILE:05d}.yml").write_text(
            yaml.safe_dump(quiz, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder


def growth_rows(sizes: tuple[int, ...], repeat: int, slow: int, work: Path) -> tuple[list[Row], str]:
    from spasm_course.frontends.render import quiz_html

    pool = real_questions()
    measured = {}
    for size in sizes:
        # The 10,000-question bank takes a minute or more per load: --slow-repeat there.
        reps = repeat if size <= 1_000 else slow
        folder = write_synthetic_bank(work / f"bank-{size}", size, pool)
        load = lambda: load_uncached(folder / "quizzes", folder / "objectives.yml")  # noqa: E731
        bank = load()
        assert len(bank.questions()) == size
        load_s = med(timed(load, reps))
        render_s = med(timed(lambda: [quiz_html(q) for q in bank.quizzes], reps))
        measured[size] = (load_s, render_s, reps, len(bank.quizzes))
        log(f"growth {size}: load {load_s:.2f} s, render {render_s:.2f} s")
        shutil.rmtree(folder)

    rows, detail = [], []
    for size, (load_s, render_s, reps, files) in measured.items():
        runs = f"median of {reps}"
        files_note = f"{files} quiz file{'s' * (files != 1)}"
        rows += [Row("Growth", f"Load+validate, {size} questions", load_s, "s", runs, files_note),
                 Row("Growth", f"Render, {size} questions", render_s, "s", runs, "quiz_html of every quiz")]
        detail.append([size, files, load_s, load_s / size * 1000, render_s, render_s / size * 1000, reps])
    largest = max(sizes)
    reference = 100 if largest > 100 else min(sizes)
    for what, index in (("load", 0), ("render", 1)):
        ratio = (measured[largest][index] / largest) / (measured[reference][index] / reference)
        verdict = "roughly linear (within 3x)" if ratio <= 3 else "NOT linear (over 3x)"
        rows.append(Row("Growth", f"Per-question {what} time, {largest} vs {reference} questions", ratio, "ratio",
                        f"median of {measured[largest][2]}", verdict))
    if 1_000 in measured:
        load_s = measured[1_000][0]
        verdict = "met" if load_s < TARGET_LOAD_1000_S else "NOT met"
        rows.append(Row("Growth", "1,000 questions load+validate", load_s, "s", f"median of {measured[1_000][2]}",
                        f"target < {TARGET_LOAD_1000_S:g} s: {verdict}"))
    header = ["Questions", "Quiz files", "Load+validate (s)", "Per question (ms)", "Render (s)",
              "Per question (ms)", "Runs"]
    return rows, table(header, detail)


# --------------------------------------------------------------------------- report


HOW_MEASURED = """\
## How it was measured

- All times are wall-clock medians (`time.perf_counter`) of the runs named in
  the Runs column.  The machine may run other work: see the load averages.
- **Build**: `jupyter-book build <copy> -W -n --keep-going --path-output <tmp>`
  (the README's flags) on a copy of the working tree in a temporary folder.
  *Clean* = fresh output folder (the course executes no notebook: its quizzes
  and simulator are rendered from the bank at build time; the template executes
  its notebooks, `execute_notebooks: force`); *no-op* = the same command again; *edit* = a markdown cell appended
  to `notebooks/02-causes.ipynb` (template: a paragraph appended to its
  executed MyST notebook `markdown-notebooks.md`), then the same command.
  Pages = the documents in the table of contents (genindex, search and the
  `index.html` redirect are not counted).  The template is the book that
  `jupyter-book create` makes, built in the same run with the same flags; its
  `notebooks.ipynb` needs numpy and matplotlib, which are not installed, so its
  execution fails early (the template's build is cheaper than it would be,
  and `-W` makes its clean build exit 1).
- **Tests**: the commands shown.  The README test command is read from the
  README's `test-command` markers and run with `--deselect
  tests/test_benchmark_smoke.py`, so the benchmark's own smoke test (which
  runs this script) is not run inside it: no recursion.  `--quick` never runs
  the test suite; it only collects it.
- **Pages**: the built site is served by `http.server.ThreadingHTTPServer` on
  127.0.0.1 and each page is loaded cold (new browser context, cache off) in
  Chromium (Debian's, else Playwright's own) via Playwright, until the network is idle.  Bytes = the
  sum of Chrome's `encodedDataLength` (headers + bodies; `http.server` does
  not compress, so a host that gzips sends less).  *Check -> feedback*: in the
  page, for every quiz question: select its first choice, then time from a
  synthetic click on Check until its `aria-live` region has text and its
  layout is computed (`performance.now()` and a MutationObserver; painting the
  next frame is not included).
- **Engines**: `load_bank()` called directly (not the cached `default_bank()`),
  the source text cache cleared each time.  `assess()`: one pass over every
  valid input (twitch, and every severity x frequency x home care x subset of
  the 10 causes).
- **Growth**: banks of the real questions, cycled with new ids, in quiz files
  of 10 questions, with the real `objectives.yml` (so real source sentences),
  written to a temporary folder.  Load = `load_bank()` on that folder; render
  = `quiz_html()` of every quiz.
"""


def machine(when: str) -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor() or "unknown")
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    try:
        chrome = chromium_path()
    except ChromiumNotFound:
        chrome = None
    chrome_version = subprocess.run([chrome, "--version"], capture_output=True, text=True).stdout.strip() \
        if chrome else "not installed"
    packages = ["jupyter-book", "sphinx", "myst-nb", "pydantic", "PyYAML", "nbval", "pytest", "playwright"]
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in packages)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return "\n".join([
        f"- Date: {datetime.datetime.now(datetime.timezone.utc):%a %b %d %H:%M:%S UTC %Y}",
        f"- Machine: {os.cpu_count()} CPUs (nproc), {mem_kb / 1024 / 1024:.1f} GiB RAM, {cpu}",
        f"- Python {platform.python_version()} on {platform.platform()}",
        f"- {versions}, libyaml {'yes' if yaml.__with_libyaml__ else 'no'}",
        f"- Browser: {chrome_version}",
        f"- Load average (1, 5, 15 min) {when}: {load}",
    ])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measure; medians are reported (default 5)")
    parser.add_argument("--slow-repeat", type=int,
                        help="runs of the slow measures: the builds, nbval and the 10,000-question bank "
                             "(default: --repeat)")
    parser.add_argument("--test-repeat", type=int, default=1,
                        help="runs of the README test command, the slowest measure (default 1)")
    parser.add_argument("--quick", action="store_true", help="smoke mode, under a minute")
    parser.add_argument("--out", type=Path, help="also write the markdown to this file")
    parser.add_argument("--lighthouse-runs", type=int, default=3,
                        help="Lighthouse runs per page (default 3; 0 skips the Lighthouse section)")
    args = parser.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    slow = 1 if args.quick else (args.slow_repeat or args.repeat)
    started = time.perf_counter()
    about = machine("at the start")

    rows: list[Row] = []
    details: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="spasm-bench-") as tmp:
        work = Path(tmp)

        log("1. build")
        subprocess.run([JUPYTER_BOOK, "create", str(work / "template")], check=True, capture_output=True)
        if args.quick:  # quick mode: skip notebook execution, to stay well under a minute
            config = work / "template" / "_config.yml"
            config.write_text(config.read_text().replace("execute_notebooks: force", "execute_notebooks: 'off'"))
        books = {"template": (work / "template", lambda book, n: edit_text(book / TEMPLATE_EDITED, n))}
        if not args.quick:
            # One snapshot of the working tree, so every repeat builds the same files.
            shutil.copytree(ROOT, work / "course", ignore=COPY_IGNORE)
            books = {"course": (work / "course", lambda book, n: edit_notebook(book / EDITED_CHAPTER, n)), **books}
        builds = {name: bench_build(name, source, edit, work, slow) for name, (source, edit) in books.items()}
        new_rows, detail = build_rows(builds, slow)
        rows += new_rows
        details.append(("Build", detail))

        log("2. tests")
        readme = readme_test_command() + ["--deselect", SMOKE_TEST]
        if args.quick:
            rows.append(bench_command("README test command, --collect-only", readme + ["--collect-only", "-q"], 1))
        else:
            nbval = [sys.executable, "-m", "pytest", "--nbval", "--nbval-cell-timeout=10", "notebooks", "-q"]
            rows.append(bench_command("nbval over notebooks/", nbval, slow))
            rows.append(bench_command("README test command (smoke test deselected)", readme + ["-q"],
                                      args.test_repeat))

        log("3. pages")
        weight = {}
        for name, stats in builds.items():
            site = stats["site"]
            results = pages.measure_site(site, browser_pages(site), check_latency=(name == "course"))
            new_rows, detail = page_rows(name, results)
            rows += new_rows
            details.append((f"Pages of the {name} site (cold load, Chromium, loopback)", detail))
            weight[name] = med(r["bytes"] / 1000 for r in results.values())
            if name == "course":
                rows += check_rows("course site", results)
        if "course" in builds:
            rows += offline_rows("student edition", builds["course"]["site"])
        if len(weight) == 2:
            rows.append(Row("Pages", "Transferred per page, median, course minus template",
                            weight["course"] - weight["template"], "kB", "", "what the course adds to a stock book"))
        if "course" not in builds:
            folder = work / "quiz-page"
            rows += check_rows("quiz_html page", pages.measure_site(folder, synthetic_quiz_page(folder)))

        lighthouse_ran = False
        if args.quick or args.lighthouse_runs <= 0:
            details.append(("Lighthouse", "Not run (--quick or --lighthouse-runs 0)."))
        elif why := lighthouse.available():
            details.append(("Lighthouse", f"Not run: {why}."))
        else:
            log("6. lighthouse (runs before 4 and 5 so the builds' sites are still there)")
            instructor = work / "instructor-out"
            seconds, result = subprocess_build_instructor(work / "course", instructor)
            log(f"instructor edition built in {seconds:.1f} s (exit {result.returncode})")
            sites = {"course": builds["course"]["site"], "course, instructor": instructor / "_build" / "html",
                     "template": builds["template"]["site"]}
            rows += offline_rows("instructor edition", sites["course, instructor"])
            table_rows = []
            for label, site in sites.items():
                results = lighthouse.measure(site, browser_pages(site), args.lighthouse_runs, log=log)
                table_rows += lighthouse.rows(label, results, check=label != "template")
            met = [r for r in table_rows if r[0] != "template"]
            rows.append(Row("Lighthouse", "Course pages meeting every target (score, LCP, TBT, CLS, bytes)",
                            float(sum(r[-1] == "met" for r in met)), "pages", f"of {len(met)}",
                            f"{args.lighthouse_runs} runs each, mobile preset, gzip"))
            for label in sites:
                scores = [float(r[4]) for r in table_rows if r[0] == label]
                rows.append(Row("Lighthouse", f"Median page score, {label}", med(scores), "score",
                                f"{len(scores)} pages", f"lowest {min(scores):g}"))
            details.append(("Lighthouse (mobile preset, served gzipped, every page)",
                            table(lighthouse.HEADER, table_rows)))
            lighthouse_ran = True

        log("4. engines")
        rows += engine_rows(repeat)

        log("5. growth")
        new_rows, detail = growth_rows((10, 100) if args.quick else GROWTH_SIZES, repeat, slow, work)
        rows += new_rows
        details.append(("Growth (synthetic banks, real questions cycled with new ids)", detail))

    mode = "--quick (smoke mode: not for the record)" if args.quick else \
        f"--repeat {repeat} --slow-repeat {slow} --test-repeat {args.test_repeat}"
    report = [
        "# Benchmark results", "",
        f"Made with `python benchmarks/run.py {mode}` in {time.perf_counter() - started:.0f} s.", "",
        about,
        f"- Load average (1, 5, 15 min) at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}", "",
        "## Summary", "",
        table(["Section", "Measure", "Value", "Unit", "Runs", "Note"],
              [[r.section, r.measure, r.value, r.unit, r.runs, r.note] for r in rows]),
    ]
    for title, detail in details:
        report += ["", f"## {title}", "", detail]
    report += ["", HOW_MEASURED]
    if lighthouse_ran:
        report += [lighthouse.HOW.format(runs=args.lighthouse_runs)]
    text = "\n".join(report).rstrip() + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
