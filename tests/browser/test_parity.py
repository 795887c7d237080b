"""Python is the reference for every rule that also runs in the browser; the site's modules agree.

parity_cases.py makes thousands of golden cases from the Python functions (the
grading outcome of every answer to every question, safe answers and the record
upgrade, stored values of every shape, the schedule and due dates around clock
changes, merges, stale records, progress files broken every way the schema
allows, "done", the counts, every partial triage form).  One page load in
Chromium imports the site's own modules (spasm_course/static/, as shipped) and
replays them all; every difference is reported with its input.
"""

from __future__ import annotations

import copy
import json
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from parity_cases import TIME_ZONE, all_cases, context

from spasm_course.sphinx.site import STATIC_DIR

HERE = Path(__file__).resolve().parent
#: Answered by the test itself (page.route): nothing listens here and nothing leaves the machine.
BASE = "http://127.0.0.1:9/"
#: Every kind of case, with the fewest cases each must have (so no generator can quietly shrink).
KINDS = {"grade": 700, "reveal": 87, "upgrade_record": 500, "read_stored": 600, "next_box": 400, "due_date": 5000,
         "is_due": 800, "merge": 500, "drop_stale": 300, "check_file": 200, "done": 300, "counts": 400,
         "triage_route": 5000, "triage_key": 1000, "triage_result": 56, "cause_offered": 45,
         "suspend_encode": 400, "suspend_decode": 500, "lms_score": 200, "best_after": 200, "lms_status": 150}


@pytest.fixture(scope="module")
def cases():
    return all_cases()


def _serve(route) -> None:
    path = urlsplit(route.request.url).path.lstrip("/")
    if path == "parity.html":
        route.fulfill(body="<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Parity</title></head>"
                           "<body></body></html>", content_type="text/html")
    elif path == "parity.js":
        route.fulfill(path=HERE / "parity.js", content_type="text/javascript")
    elif path.startswith("static/") and (STATIC_DIR / path[len("static/"):]).is_file():
        route.fulfill(path=STATIC_DIR / path[len("static/"):], content_type="text/javascript")
    else:
        route.abort()


def replay(browser, cases: list[dict]) -> list[dict]:
    """Every case's {value, logged} from the site's modules, in one page load."""
    page_context = browser.new_context(timezone_id=TIME_ZONE)
    try:
        page = page_context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.route(BASE + "**", _serve)
        page.goto(BASE + "parity.html")
        got = page.evaluate("async ([ctx, cases]) => (await import('./parity.js')).replay(ctx, cases)",
                            [json.dumps(context()), json.dumps([{"kind": c["kind"], "args": c["args"]} for c in cases])])
        assert not errors, errors
        return json.loads(got)
    finally:
        page_context.close()


def differences(cases: list[dict], got: list[dict]) -> list[str]:
    assert len(got) == len(cases)
    return [f"{case['kind']} {json.dumps(case['args'], ensure_ascii=False)[:300]}\n"
            f"    python: {json.dumps(case['want'], ensure_ascii=False)[:600]}\n"
            f"    site:   {json.dumps(answer, ensure_ascii=False)[:600]}"
            for case, answer in zip(cases, got) if answer != case["want"]]


def test_the_cases_are_many_and_cover_every_rule(cases):
    kinds = Counter(case["kind"] for case in cases)
    assert set(kinds) == set(KINDS)
    short = {kind: kinds[kind] for kind, least in KINDS.items() if kinds[kind] < least}
    assert not short, short
    # Both sides of every rule: results that differ, refusals, and the error policy's logged misses.
    values = {kind: {json.dumps(case["want"]["value"], sort_keys=True) for case in cases if case["kind"] == kind}
              for kind in KINDS}
    assert all(len(found) >= 2 for found in values.values()), {k: len(v) for k, v in values.items()}
    assert {case["want"]["value"] for case in cases if case["kind"] == "check_file"} == {
        None, "malformed", "newer", "foreign"}
    assert {case["want"]["value"]["status"] for case in cases if case["kind"] == "grade"} == {
        "correct", "incorrect", "safe"}
    assert any(case["want"]["logged"] for case in cases) and not all(case["want"]["logged"] for case in cases)


def test_the_site_agrees_with_python_on_every_case_in_one_page_load(browser, cases):
    # A few planted cases whose expectation is wrong on purpose: the comparison must catch them,
    # so it is known to be able to fail (one per kind of value it compares).
    planted = []
    for kind in ("merge", "check_file", "triage_result", "due_date", "read_stored", "grade", "suspend_encode"):
        case = copy.deepcopy(next(c for c in cases if c["kind"] == kind and c["want"]["value"] is not None))
        value = case["want"]["value"]
        case["want"]["value"] = ({**value, "planted": True} if isinstance(value, dict)
                                 else [*value, "planted"] if isinstance(value, list) else f"{value}-planted")
        planted.append(case)
    start = time.monotonic()
    got = replay(browser, cases + planted)
    seconds = time.monotonic() - start
    found = differences(cases, got[:len(cases)])
    assert not found, f"{len(found)} of {len(cases)} cases differ:\n" + "\n".join(found[:40])
    assert len(differences(planted, got[len(cases):])) == len(planted), "a planted mismatch went unnoticed"
    assert seconds < 30, f"the replay took {seconds:.1f} s"
