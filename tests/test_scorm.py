"""The SCORM 1.2 package (issue 24): the suspend_data encoding, the score and status, the package.

The encoding's rules run in the browser too (static/suspend.js); tests/browser/test_parity.py
replays golden cases from engines/suspend.py there.  The runtime test against a real SCORM
1.2 LMS (scorm-again) is tests/browser/test_scorm_runtime.py.

The manifest is checked structurally (no SCORM 1.2 schema is published on a package
registry): :func:`test_the_manifest_has_every_element_scorm_1_2_requires` names each required
element and attribute.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from repo import ROOT

from spasm_course.content import default_bank
from spasm_course.content.version import course_version
from spasm_course.engines import progress, schedule, suspend
from spasm_course.frontends import scorm_package

BANK = default_bank()
TABLE = suspend.question_table(BANK)
CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


def full_record(entry: dict, n: int, answer=None) -> dict:
    """A record as long as a record gets: every choice chosen, a miss, a due date."""
    return {"quiz": entry["quiz"], "answer": list(entry["choices"]) if answer is None else answer,
            "result": "incorrect", "miss": "under", "confidence": "not_sure",
            "first": {"result": "incorrect", "confidence": "sure"}, "box": 1, "due": "2026-05-04",
            "time": f"2026-05-01T12:{n // 60:02d}:{n % 60:02d}.{n % 1000:03d}Z", "hash": entry["hash"]}


# ----------------------------------------------------------------- the encoding


def test_the_whole_bank_answered_fits_in_3500_characters_and_comes_back_exactly():
    records = {entry["id"]: full_record(entry, n) for n, entry in enumerate(TABLE)}
    best = {entry["id"]: 0.5 for entry in TABLE}
    encoded = suspend.encode(records, best, TABLE)
    assert encoded["unwritable"] == [] and encoded["overflow"] == []
    assert len(TABLE) == len(list(BANK.questions())) and len(encoded["text"]) <= 3500, len(encoded["text"])
    assert encoded["text"].isascii() and encoded["text"].isprintable()
    back = suspend.decode(encoded["text"], TABLE)
    assert back == {"records": records, "best": best, "dropped": 0, "problem": None}


def test_each_field_of_a_record_survives():
    entry = TABLE[5]
    for result in (*schedule.RESULTS, "unanswered"):
        for confidence in schedule.CONFIDENCES:
            for box in schedule.BOXES:
                for due in (None, "1970-01-01", "2026-02-28", "2399-12-31"):
                    record = {**full_record(entry, 1, answer=entry["choices"][-1:]), "result": result,
                              "confidence": confidence, "box": box, "due": due, "time": "2099-12-31T23:59:59.999Z"}
                    if result != "incorrect":
                        record.pop("miss")
                    back = suspend.decode(suspend.encode({entry["id"]: record}, {}, TABLE)["text"], TABLE)
                    assert back["records"] == {entry["id"]: record}


def test_an_oversized_bank_leaves_out_the_oldest_records_whole():
    big = [{"id": f"q{n}", "quiz": "big", "hash": f"{n:04x}" + "0" * 12, "choices": ["a", "b", "c", "d"]}
           for n in range(400)]
    records = {entry["id"]: full_record(entry, n) for n, entry in enumerate(big)}
    encoded = suspend.encode(records, {}, big)
    assert len(encoded["text"]) <= suspend.LIMIT
    assert encoded["overflow"], "400 long records must not fit"
    # the oldest, in order, and only as many as needed
    assert encoded["overflow"] == [entry["id"] for entry in big[:len(encoded["overflow"])]]
    one_more = len(encoded["text"]) + len(suspend.encode({"q0": records["q0"]}, {}, big)["text"]) - 1
    assert one_more > suspend.LIMIT
    back = suspend.decode(encoded["text"], big)
    assert back["problem"] is None and back["dropped"] == 0
    assert back["records"] == {qid: r for qid, r in records.items() if qid not in encoded["overflow"]}


def test_records_of_changed_questions_are_dropped_and_a_reordered_bank_still_reads():
    records = {entry["id"]: full_record(entry, n) for n, entry in enumerate(TABLE[:10])}
    text = suspend.encode(records, {}, TABLE)["text"]
    edited = [dict(entry) for entry in TABLE]
    edited[3] = {**edited[3], "hash": "ffff" + edited[3]["hash"][4:]}
    back = suspend.decode(text, edited)
    assert back["dropped"] == 1 and TABLE[3]["id"] not in back["records"]
    reordered = list(reversed(TABLE))
    assert suspend.decode(text, reordered)["records"] == records


def test_a_newer_or_damaged_text_is_refused_whole():
    text = suspend.encode({TABLE[0]["id"]: full_record(TABLE[0], 0)}, {}, TABLE)["text"]
    assert suspend.decode("2" + text[1:], TABLE)["problem"] == "newer"
    for bad in (text[:-3], text + "!", "x" + text[1:], None):
        found = suspend.decode(bad, TABLE)
        assert found["problem"] == "malformed" and found["records"] == {}, bad
    assert suspend.decode("", TABLE) == {"records": {}, "best": {}, "dropped": 0, "problem": None}


def test_records_the_encoding_cannot_hold_are_named_not_guessed():
    good = full_record(TABLE[0], 0)
    records = {TABLE[0]["id"]: good, TABLE[1]["id"]: {**full_record(TABLE[1], 1), "answer": ["nope"]},
               "gone": good}
    encoded = suspend.encode(records, {}, TABLE)
    assert encoded["unwritable"] == [TABLE[1]["id"], "gone"]
    assert suspend.decode(encoded["text"], TABLE)["records"] == {TABLE[0]["id"]: good}


def test_the_score_is_each_questions_best_result_so_far():
    assert suspend.lms_score({}, TABLE) == 0
    assert suspend.lms_score({entry["id"]: 1 for entry in TABLE}, TABLE) == 100
    assert suspend.lms_score({entry["id"]: 0.5 for entry in TABLE}, TABLE) == 50
    assert suspend.lms_score({TABLE[0]["id"]: 1}, TABLE) == round(100 / len(TABLE))
    # Try again after a right answer: the record is "unanswered", the best stays 1
    after = suspend.best_after(1, {"result": "unanswered", "first": {"result": "incorrect"}})
    assert after == 1
    assert suspend.best_after(None, {"result": "safe", "first": {"result": "incorrect"}}) == 0.5
    assert suspend.best_after(0, {"result": "incorrect", "first": {"result": "correct"}}) == 1
    assert progress.RESULT_SCORES == {"correct": 1.0, "safe": 0.5}  # the course's one scoring rule


def test_the_status_is_completed_only_when_every_chapter_is_done():
    right = {entry["id"]: {"result": "correct"} for entry in TABLE}
    assert suspend.lms_status(BANK, right) == "completed"
    assert suspend.lms_status(BANK, {**right, TABLE[-1]["id"]: {"result": "revealed"}}) == "incomplete"
    assert suspend.lms_status(BANK, {}) == "incomplete"


# ----------------------------------------------------------------- what goes in the package


def fake_site(folder: Path, **extra: str) -> Path:
    for name, text in {"index.html": "<p>home</p>", "_static/course-abc/scorm.js": "//", "_sources/a.ipynb.txt": "src",
                       ".buildinfo": "x", "sw.js": "self.x", "site.webmanifest": "{}", "book/a.html": "<p>a</p>",
                       **extra}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_no_source_build_file_or_service_worker_goes_in(tmp_path):
    site = fake_site(tmp_path / "site")
    assert scorm_package.packaged_files(site) == ["_static/course-abc/scorm.js", "book/a.html", "index.html"]
    target = scorm_package.write_package(site, tmp_path / "out")
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
    assert names == sorted(names)
    assert {"imsmanifest.xml", "scorm.html"} <= set(names)
    assert not [n for n in names if n.endswith(("sw.js", ".webmanifest", ".buildinfo")) or "_sources" in n]


def test_the_instructor_edition_and_a_missing_site_are_refused_with_one_line(tmp_path):
    site = fake_site(tmp_path / "site", **{"book/answer-key.html": "<p>key</p>"})
    for folder, words in ((site, "answer key"), (tmp_path / "nothing", "no built site")):
        done = subprocess.run([sys.executable, "-m", "spasm_course", "scorm", "--site", str(folder), "--out",
                               str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / scorm_package.ZIP_NAME).exists()


# ----------------------------------------------------------------- the real package (slow: builds the site)


@pytest.fixture(scope="module")
def package(scorm_zip):
    with zipfile.ZipFile(scorm_zip) as archive:
        return {info.filename: info for info in archive.infolist()}, archive.read("imsmanifest.xml")


def test_the_manifest_has_every_element_scorm_1_2_requires(package):
    infos, manifest = package
    root = ET.fromstring(manifest)
    config = scorm_package.course_config()
    assert root.tag == f"{CP}manifest"
    assert root.get("identifier") == "muscle-spasms-course" == config["course"]
    assert root.get("version") == course_version()
    assert root.findtext(f"{CP}metadata/{CP}schema") == "ADL SCORM"
    assert root.findtext(f"{CP}metadata/{CP}schemaversion") == "1.2"
    organizations = root.find(f"{CP}organizations")
    (organization,) = organizations.findall(f"{CP}organization")
    assert organizations.get("default") == organization.get("identifier")
    assert organization.findtext(f"{CP}title") == config["title"] == "Muscle spasms and twitches"
    (item,) = organization.findall(f"{CP}item")
    assert item.findtext(f"{CP}title") and item.get("identifier")
    assert not list(root.iter(f"{ADLCP}masteryscore"))  # no pass mark: the LMS gets the score
    (resource,) = root.findall(f"{CP}resources/{CP}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get("type") == "webcontent" and resource.get(f"{ADLCP}scormtype") == "sco"
    assert resource.get("href") == scorm_package.LAUNCH_PAGE
    listed = [f.get("href") for f in resource.findall(f"{CP}file")]
    assert set(listed) == set(infos) - {"imsmanifest.xml"}  # every file listed, and only those
    assert "imsmanifest.xml" in infos  # at the root


def test_the_package_holds_the_student_site_and_nothing_else(package):
    infos, _ = package
    names = set(infos)
    assert {"imsmanifest.xml", "scorm.html", "index.html", "book/intro.html", "book/progress.html"} <= names
    assert not [n for n in names if n.startswith(("_sources/", ".")) or "/." in n or n.endswith(
        ("sw.js", ".webmanifest", ".buildinfo", ".ipynb", ".py"))]
    assert scorm_package.ANSWER_KEY not in names
    assert all(info.date_time == scorm_package.ZIP_DATE for info in infos.values())


def test_the_same_site_gives_the_same_zip_byte_for_byte(scorm_zip, tmp_path):
    site = tmp_path / "site"
    with zipfile.ZipFile(scorm_zip) as archive:
        archive.extractall(site)
    (site / "imsmanifest.xml").unlink()
    (site / "scorm.html").unlink()
    again = scorm_package.write_package(site, tmp_path / "again")
    assert again.read_bytes() == scorm_zip.read_bytes()
