"""The SCORM package in a real SCORM 1.2 runtime: scorm-again's Scorm12API as the LMS.

scorm-again 3.4.3 (MIT, vendor/scorm-again-3.4.3-scorm12.min.js with vendor/scorm-again-LICENSE;
``npm pack scorm-again@3.4.3``, dist/scorm12.min.js) plays the LMS in a harness page,
``lms.html``, served on 127.0.0.1 next to the unzipped package (``package/``).  The harness
puts ``window.API`` on itself, records every call the course makes, and shows the package's
launch page in a frame, as an LMS does.

A learner: launches; opens three pages; answers some questions right and some wrong; finishes
chapter 1; leaves.  Then the learner comes back on another device (a new browser context whose
localStorage holds someone else's answers) with the data the runtime kept, finds every record
as it was, and answers the whole bank, which completes the course.  Checked at each step: the
status and score, cmi.core.exit, the session time, LMSInitialize once per launch, 0 console
errors, 0 requests outside the package.  The recorded call sequence is written to
``scorm-calls.txt`` in the test's temporary folder and printed (``-s``).
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from loopback import serve
from site_helpers import _ANSWER, VENDOR, BANK, quiz_pages, quizzes_on

from spasm_course.content.words import course_words
from spasm_course.engines import progress, suspend
from spasm_course.engines.grading import grade
from spasm_course.frontends import render
from spasm_course.frontends.scorm_package import LAUNCH_PAGE

SCORM_AGAIN = VENDOR / "scorm-again-3.4.3-scorm12.min.js"
TABLE = suspend.question_table(BANK)
QUIZZES = {quiz.id: quiz for quiz in BANK.quizzes}
FIRST_CHAPTER = 1

HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LMS</title><link rel="icon" href="data:,">
<script src="scorm12.min.js"></script>
<script>
  var saved = JSON.parse(decodeURIComponent(location.hash.slice(1) || "%7B%7D"));
  window.API = new Scorm12API({ logLevel: 5, autocommit: false });
  if (saved.cmi) window.API.loadFromJSON(saved.cmi, "");
  window.calls = [];
  ["LMSInitialize", "LMSFinish", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSGetLastError",
   "LMSGetErrorString", "LMSGetDiagnostic"].forEach(function (name) {
    var original = window.API[name].bind(window.API);
    window.API[name] = function () {
      var args = Array.prototype.slice.call(arguments);
      var value = original.apply(null, args);
      window.calls.push([name].concat(args.map(String), ["-> " + String(value)]));
      return value;
    };
  });
  window.cmiNow = function () {
    var c = JSON.parse(JSON.stringify(window.API.cmi)); // toJSON: the write-only elements too
    return { lesson_status: c.core.lesson_status, exit: c.core.exit, session_time: c.core.session_time,
             raw: c.core.score.raw, min: c.core.score.min, max: c.core.score.max, suspend_data: c.suspend_data,
             entry: c.core.entry };
  };
</script></head>
<body><iframe id="sco" style="width:100%;height:95vh" src="package/scorm.html"></iframe></body></html>
"""


@pytest.fixture(scope="module")
def served(scorm_zip, tmp_path_factory):
    root = tmp_path_factory.mktemp("lms")
    with zipfile.ZipFile(scorm_zip) as archive:
        archive.extractall(root / "package")
    (root / "lms.html").write_text(HARNESS, encoding="utf-8")
    shutil.copyfile(SCORM_AGAIN, root / "scorm12.min.js")
    with serve(root) as url:
        yield root, url


class Launch:
    """One launch of the package in the harness, in its own browser context."""

    def __init__(self, browser, url: str, saved: dict | None = None, planted: dict | None = None):
        self.url = url
        self.context = browser.new_context()
        if planted:  # someone else's answers, left in this browser
            self.context.add_init_script(
                "for (const [k, v] of Object.entries(" + json.dumps(planted) + ")) localStorage.setItem(k, v);")
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("request", self._request)
        self.page.on("response", lambda r: r.status >= 400 and self.errors.append(f"{r.status} {r.url}"))
        hash_part = "#" + json.dumps({"cmi": saved}) if saved else ""
        self.page.goto(url + "lms.html" + hash_part.replace("%", "%25"))
        self.course_frame()

    def _request(self, request):
        address = request.url
        if address.startswith(("data:", "blob:", "about:")) or address.startswith(self.url + "package/"):
            return
        if address.split("#")[0] in (self.url + "lms.html", self.url + "scorm12.min.js"):
            return  # the LMS's own files
        self.outside.append(address)

    def course_frame(self, ending: str = ".html"):
        """The frame showing the course's page, once its widgets are set up."""
        self.page.wait_for_function(
            "() => { const sco = document.getElementById('sco').contentWindow;"
            " const f = sco && sco.document.querySelector('iframe.sc-lms-frame');"
            " const d = f && f.contentDocument;"
            " return d && d.readyState === 'complete' && !/index\\.html$/.test(d.location.pathname)"
            " && d.location.pathname !== '/blank' && d.documentElement.getAttribute('data-sc-init') !== 'pending'; }")
        frames = [f for f in self.page.frames if "/package/" in f.url and not f.url.endswith(LAUNCH_PAGE)
                  and f.url.split("#")[0].endswith(ending)]
        assert frames, [f.url for f in self.page.frames]
        return frames[0]

    def open(self, path: str):
        """Go to a page of the course inside the launch page's frame (as a link would)."""
        frame = self.course_frame()
        frame.evaluate("(href) => { location.href = href; }", self.url + "package/" + path)
        self.page.wait_for_function(
            "(path) => { const sco = document.getElementById('sco').contentWindow;"
            " const d = sco.document.querySelector('iframe.sc-lms-frame').contentDocument;"
            " return d && d.location.pathname.endsWith(path) && d.readyState === 'complete'"
            " && d.documentElement.getAttribute('data-sc-init') !== 'pending'; }", arg=path)
        return self.course_frame(path)

    def cmi(self) -> dict:
        return self.page.evaluate("() => window.cmiNow()")

    def calls(self) -> list[list[str]]:
        return self.page.evaluate("() => window.calls")

    def count(self, name: str) -> int:
        return sum(1 for call in self.calls() if call[0] == name)

    def records(self) -> dict:
        """Every record the course holds now, read from the launch page's store."""
        return self.page.evaluate(
            "(keys) => { const store = document.getElementById('sco').contentWindow.spasmCourseLms; const out = {};"
            " for (const k of keys) { const v = store.getItem(k); if (v) Object.assign(out, JSON.parse(v).questions); }"
            " return out; }", [render.STORAGE_PREFIX + quiz_id for quiz_id in QUIZZES])

    def leave(self) -> dict:
        """The learner leaves: the harness's frame moves on (the launch page's pagehide runs)."""
        self.page.evaluate("() => { document.getElementById('sco').src = 'about:blank'; }")
        self.page.wait_for_function("() => window.calls.some(c => c[0] === 'LMSFinish')")
        return self.cmi()

    def close(self):
        self.context.close()


def pages_by_quiz(root: Path) -> dict[str, str]:
    """Each quiz id -> the page of the package that shows it."""
    found = {}
    for path in quiz_pages(root):
        text = (root / path).read_text(encoding="utf-8")
        for quiz_id in re.findall(r'<section class="sc-quiz"[^>]*data-quiz="([^"]+)"', text):
            found.setdefault(quiz_id, path)
    return found


def answer_quiz(frame, quiz_id: str, wrong_every: int = 0) -> dict:
    """Answer every question of a quiz (every ``wrong_every``-th wrongly); returns the expected best scores."""
    best = {}
    for n, question in enumerate(QUIZZES[quiz_id].questions, start=1):
        wrong = wrong_every and n % wrong_every == 0
        right = sorted(question.correct)
        others = [c.id for c in question.choices if c.id not in question.correct]
        ids = others[:1] if wrong and others else right
        frame.evaluate(_ANSWER, [render.question_dom_id(QUIZZES[quiz_id], question), ids])
        best[question.id] = progress.RESULT_SCORES.get(grade(question, ids).status, 0)
    return best


def test_a_learner_in_scorm_again_across_two_devices(browser, served, tmp_path):
    root, url = served
    pages = pages_by_quiz(root / "package")
    chapter_quizzes = progress.done_rule(BANK)["chapter_quizzes"]

    # ---- launch 1: a fresh attempt
    first = Launch(browser, url)
    assert first.count("LMSInitialize") == 1
    assert first.cmi()["lesson_status"] == "incomplete"
    # three pages: chapter 1, chapter 2 and the progress page
    best: dict = {}
    chapter_one = first.open(pages[chapter_quizzes[str(FIRST_CHAPTER)][0]])
    for quiz_id in chapter_quizzes[str(FIRST_CHAPTER)]:
        frame = first.open(pages[quiz_id]) if pages[quiz_id] not in chapter_one.url else chapter_one
        assert quiz_id in quizzes_on(frame)
        best.update(answer_quiz(frame, quiz_id))  # chapter 1, all right: the chapter is done
    quiz_two = chapter_quizzes["2"][0]
    frame = first.open(pages[quiz_two])
    best.update(answer_quiz(frame, quiz_two, wrong_every=2))  # chapter 2: some right, some wrong
    now = first.cmi()
    assert now["lesson_status"] == "incomplete"  # one chapter done is not the course
    assert (now["raw"], now["min"], now["max"]) == (str(suspend.lms_score(best, TABLE)), "0", "100")
    assert 0 < int(now["raw"]) < 100
    records = first.records()
    assert progress.chapters_done(BANK, records) == [FIRST_CHAPTER]
    assert suspend.decode(now["suspend_data"], TABLE)["records"] == records  # the LMS holds every record
    # a "Try again" on a right answer does not lower the score
    question = QUIZZES[quiz_two].questions[0]
    frame.evaluate("(id) => document.getElementById(id).querySelector('.sc-try-again').click()",
                   render.question_dom_id(QUIZZES[quiz_two], question))
    assert first.records()[question.id]["result"] == "unanswered"
    assert first.cmi()["raw"] == now["raw"]
    # the progress page: "Load progress" is off, with the note
    frame = first.open("book/progress.html")
    assert frame.locator(".sc-progress-load").is_disabled()
    assert frame.locator(".sc-progress-lms-note").inner_text() == progress_words()["lms_load_off"]
    before = first.records()
    raw_before = first.cmi()["raw"]
    kept = first.leave()
    assert kept["exit"] == "suspend"  # left unfinished: the LMS resumes this attempt
    sent = [call[2] for call in first.calls() if call[:2] == ["LMSSetValue", "cmi.core.session_time"]]
    assert len(sent) == 1 and re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", sent[0]), sent  # HHHH:MM:SS.SS
    assert re.fullmatch(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?", kept["session_time"]), kept  # the runtime took it
    assert kept["lesson_status"] == "incomplete" and kept["raw"] == raw_before
    calls_one = first.calls()
    assert first.count("LMSInitialize") == 1 and first.count("LMSFinish") == 1 and first.count("LMSCommit") >= 2
    assert not first.errors, first.errors
    assert not first.outside, first.outside
    first.close()

    # ---- launch 2: another device, with someone else's answers in its browser
    stranger = {render.STORAGE_PREFIX + quiz_two: json.dumps({
        "version": render.RECORD_VERSION, "quiz": quiz_two, "chapter": 2, "total": len(QUIZZES[quiz_two].questions),
        "questions": {q.id: {**before.get(q.id, {}), "result": "revealed"} for q in QUIZZES[quiz_two].questions}})}
    saved = {"suspend_data": kept["suspend_data"], "core": {"lesson_status": kept["lesson_status"], "entry": "resume",
                                                            "score": {"raw": kept["raw"], "min": "0", "max": "100"}}}
    second = Launch(browser, url, saved=saved, planted=stranger)
    assert second.count("LMSInitialize") == 1
    restored = second.records()
    assert restored == before  # every record exactly: result, box, due date, answer, first try, time
    assert {qid: (r["result"], r["box"], r["due"]) for qid, r in restored.items()} == {
        qid: (r["result"], r["box"], r["due"]) for qid, r in before.items()}
    frame = second.open(pages[quiz_two])  # the chapter shows the LMS's answers, not the stranger's
    assert second.records() == before
    # the whole bank answered right: the course is completed
    current = None
    for quiz_id in sorted(pages, key=lambda q: pages[q]):
        if pages[quiz_id] != current:  # opening the page it is on would only race its own reload
            frame, current = second.open(pages[quiz_id]), pages[quiz_id]
        answer_quiz(frame, quiz_id)
    done = second.cmi()
    assert done["lesson_status"] == "completed" and done["raw"] == "100"
    size = len(done["suspend_data"])
    assert size <= 3500, size
    left = second.leave()
    assert left["exit"] == ""  # completed: a normal exit
    assert left["lesson_status"] == "completed"
    assert second.count("LMSInitialize") == 1 and second.count("LMSFinish") == 1
    calls_two = second.calls()
    assert not second.errors, second.errors
    assert not second.outside, second.outside
    second.close()

    lines = [f"suspend_data with the whole bank answered: {size} characters", "", "launch 1:"]
    lines += [_call_line(call) for call in calls_one] + ["", "launch 2:"] + [_call_line(call) for call in calls_two]
    (tmp_path / "scorm-calls.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[:1] + _summary(calls_one, "launch 1") + _summary(calls_two, "launch 2")))


def progress_words() -> dict:
    return course_words().progress.model_dump()


def _call_line(call: list[str]) -> str:
    name, *args = call
    shown = [arg if len(arg) <= 60 else f"{arg[:40]}... ({len(arg)} chars)" for arg in args]
    return f"{name}({', '.join(shown[:-1])}) {shown[-1]}"


def _summary(calls: list[list[str]], title: str) -> list[str]:
    """The calls without LMSGetLastError (one follows every call); an answer's two LMSSetValue calls
    on one line; repeats of a line counted."""
    lines = [re.sub(r"cmi\.core\.score\.raw, \d+", "cmi.core.score.raw, N", re.sub(r"\(\d+ chars\)", "(n chars)",
             re.sub(r"cmi\.suspend_data, .*?\) ->", "cmi.suspend_data, TEXT) ->", _call_line(call))))
             for call in calls if call[0] != "LMSGetLastError"]
    joined: list[str] = []
    for line in lines:
        if joined and "cmi.core.score.raw, N" in line and joined[-1].startswith("LMSSetValue(cmi.suspend_data"):
            joined[-1] += " ; " + line
        else:
            joined.append(line)
    out = [f"{title}:"]
    for line in joined:
        if len(out) > 1 and out[-1].split("  x")[0] == f"  {line}":
            times = int(out[-1].split("  x")[1]) + 1 if "  x" in out[-1] else 2
            out[-1] = f"  {line}  x{times}"
        else:
            out.append(f"  {line}")
    return out


def test_with_no_lms_the_package_works_as_the_website(browser, served):
    """scorm.html opened with no LMS around it: the course shows, saves in this browser, and says so."""
    root, url = served
    context = browser.new_context()
    try:
        page = context.new_page()
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(url + "package/" + LAUNCH_PAGE)
        notice = page.locator(".sc-lms-notice")
        notice.wait_for()
        assert notice.inner_text() == course_words().lms.no_lms
        page.wait_for_function("() => { const d = document.querySelector('iframe.sc-lms-frame').contentDocument;"
                               " return d && /intro\\.html$/.test(d.location.pathname); }")
        assert page.evaluate("() => window.spasmCourseLms === undefined")
        assert not errors, errors
    finally:
        context.close()
