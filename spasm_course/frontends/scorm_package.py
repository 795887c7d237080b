"""The course as a SCORM 1.2 package for an LMS: ``python -m spasm_course scorm --out DIR``.

The command builds the student edition with offline use off (``SPASM_OFFLINE=0``: no service
worker) into a temporary folder, then writes ``DIR/muscle-spasms-course-scorm12.zip``:

* ``imsmanifest.xml`` at the root: one organization with one item, one SCO resource (the
  launch page) that lists every file.  Title from ``_config.yml`` (``title``), identifier from
  the course id (``spasm_course_id``), version from :func:`course_version`.  No mastery score:
  the LMS gets the score, not a pass mark.
* ``scorm.html``, the launch page (``static/scorm.js``): it finds the LMS, holds the one
  session and shows the course's pages in a frame;
* the student site, less what a learner never needs: ``_sources/``, ``.buildinfo``, any hidden
  file, a service worker (``sw.js``) or web manifest (``*.webmanifest``).  A site with the
  answer key (the instructor edition) is refused.

The zip is the same, byte for byte, for the same site: its entries in name order, each with
a fixed date and permissions (:func:`write_zip`).  ``--site DIR`` packages a student site
built beforehand instead of building one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import yaml

from spasm_course.content import default_bank
from spasm_course.content.version import course_version
from spasm_course.content.words import course_words
from spasm_course.engines import progress, suspend
from spasm_course.engines.grading import messages
from spasm_course.frontends.render import RECORD_VERSION, STORAGE_PREFIX

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "_config.yml"
ZIP_NAME = "muscle-spasms-course-scorm12.zip"
MANIFEST = "imsmanifest.xml"
LAUNCH_PAGE = "scorm.html"
#: The course's scripts (static/): the launch page's entry.
LAUNCH_ENTRY = "scorm.js"
#: The first page the frame shows: the site's own start (it forwards to the introduction).
START_PAGE = "index.html"
#: The build, as the README gives it; offline use off, so the package has no service worker.
BUILD_COMMAND = "jupyter-book build . -W -n --keep-going"
BUILD_ENV = {"SPASM_OFFLINE": "0"}
#: Every entry's date in the zip (the earliest a zip can hold), so two zips of one site are the same.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Left out of the package: what Sphinx keeps for itself, and anything for offline use.
LEFT_OUT_DIRS = {"_sources", ".doctrees"}
LEFT_OUT_FILES = {".buildinfo", "sw.js"}
LEFT_OUT_SUFFIXES = (".webmanifest",)
#: The instructor edition's answer-key page: never in a package for learners.
ANSWER_KEY = "book/answer-key.html"


class ScormError(RuntimeError):
    """The package could not be made.  The message is one line for the user."""


# ----------------------------------------------------------------- what goes in


def course_config(config: Path = CONFIG) -> dict:
    """The title and course id from ``_config.yml``."""
    try:
        data = yaml.safe_load(Path(config).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ScormError(f"cannot read {config}: {exc}") from None
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip():
        raise ScormError(f"{config} has no title: set 'title' to the course's name")
    course = progress.course_id_from_config(Path(config)) or progress.DEFAULT_COURSE_ID
    return {"title": " ".join(title.split()), "course": course}


def manifest_id(course: str) -> str:
    """The course id as an XML identifier (letters, digits, '.', '-', '_'; starting with a letter)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", course).strip("-") or "course"
    return name if name[0].isalpha() else f"course-{name}"


def packaged_files(site: Path) -> list[str]:
    """The site's files that go in the package, as sorted relative paths."""
    found = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        parts = path.relative_to(site).parts
        if (any(part in LEFT_OUT_DIRS or part.startswith(".") for part in parts)
                or parts[-1] in LEFT_OUT_FILES or parts[-1].endswith(LEFT_OUT_SUFFIXES)):
            continue
        found.append("/".join(parts))
    return sorted(found)


def launch_data(bank) -> dict:
    """What the launch page's script needs: the question table (suspend.question_table), each quiz's
    storage key and questions, the done rule, and the words it may show."""
    words = course_words().lms.model_dump()
    return {
        "table": suspend.question_table(bank),
        "quizzes": [{"id": quiz.id, "chapter": quiz.chapter, "total": len(quiz.questions),
                     "storage_key": STORAGE_PREFIX + quiz.id, "record_version": RECORD_VERSION,
                     "questions": [{"id": q.id} for q in quiz.questions]} for quiz in bank.quizzes],
        "done": progress.done_rule(bank),
        "messages": {"no_lms": words["no_lms"], "not_saved": words["not_saved"],
                     "answers_reset": messages()["answers_reset"]},
    }


def scripts_folder(site: Path) -> str:
    """The site's folder of course scripts (``_static/course-<hash>``) that holds the launch entry."""
    found = sorted(path.parent.name for path in (site / "_static").glob(f"course-*/{LAUNCH_ENTRY}"))
    if len(found) != 1:
        raise ScormError(f"{site} is not a student site of this version of the course (no single "
                         f"_static/course-*/{LAUNCH_ENTRY}); build it with: {BUILD_COMMAND}")
    return found[0]


def launch_html(title: str, folder: str, data: dict) -> str:
    """The launch page: the notice line, the frame (its page set by the script), the data and the entry."""
    words = course_words().lms
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        '<link rel="icon" href="_static/favicon.svg" type="image/svg+xml">\n'
        "<style>html,body{height:100%;margin:0}body{display:flex;flex-direction:column}"
        ".sc-lms-notice{margin:0;padding:.5rem 1rem;background:#fff3cd;color:#3d2f00;font-family:sans-serif}"
        ".sc-lms-frame{flex:1;width:100%;border:0}</style>\n"
        f'<script type="module" src="_static/{folder}/{LAUNCH_ENTRY}"></script>\n'
        "</head>\n<body>\n"
        f'<p class="sc-lms-notice" role="status" hidden></p>\n'
        f"<noscript><p>{escape(words.no_script)}</p></noscript>\n"
        f'<iframe class="sc-lms-frame" title={quoteattr(words.frame_title)} data-src="{START_PAGE}"></iframe>\n'
        f'<script type="application/json" class="sc-lms-data">{text}</script>\n'
        "</body>\n</html>\n"
    )


def manifest_xml(title: str, identifier: str, version: str, files: list[str]) -> str:
    """imsmanifest.xml (IMS Content Packaging 1.1.2 with ADL's SCORM 1.2 extensions): one SCO."""
    listed = "".join(f"      <file href={quoteattr(name)}/>\n" for name in files)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<manifest identifier={quoteattr(identifier)} version={quoteattr(version)}\n"
        '          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"\n'
        '          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">\n'
        "  <metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>1.2</schemaversion>\n  </metadata>\n"
        '  <organizations default="organization-1">\n'
        '    <organization identifier="organization-1">\n'
        f"      <title>{escape(title)}</title>\n"
        '      <item identifier="item-1" identifierref="resource-1" isvisible="true">\n'
        f"        <title>{escape(title)}</title>\n"
        "      </item>\n    </organization>\n  </organizations>\n"
        "  <resources>\n"
        f'    <resource identifier="resource-1" type="webcontent" adlcp:scormtype="sco" href="{LAUNCH_PAGE}">\n'
        f"{listed}"
        "    </resource>\n  </resources>\n</manifest>\n"
    )


def write_zip(path: Path, entries: list[tuple[str, bytes]]) -> None:
    """A zip of ``entries`` (name, bytes) in name order, every entry with the same date and
    permissions and deflated: the same entries always give the same bytes."""
    tmp = path.with_name(path.name + ".part")
    with zipfile.ZipFile(tmp, "w") as archive:
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, data, compresslevel=9)
    tmp.replace(path)


def write_package(site: Path, out_dir: Path, config: Path = CONFIG) -> Path:
    """Package the built student ``site`` into ``out_dir`` (created if missing); returns the zip's path."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise ScormError(f"no built site in {site} (no index.html); build it with: {BUILD_COMMAND}")
    if (site / ANSWER_KEY).exists():
        raise ScormError(f"{site} holds the answer key (it is the instructor edition): "
                         f"package the student site, built with: {BUILD_COMMAND}")
    settings = course_config(config)
    files = packaged_files(site)
    folder = scripts_folder(site)
    launch = launch_html(settings["title"], folder, launch_data(default_bank()))
    listed = sorted([*files, LAUNCH_PAGE])
    manifest = manifest_xml(settings["title"], manifest_id(settings["course"]), course_version(), listed)
    entries = [(name, (site / name).read_bytes()) for name in files]
    entries += [(LAUNCH_PAGE, launch.encode("utf-8")), (MANIFEST, manifest.encode("utf-8"))]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ZIP_NAME
    write_zip(target, entries)
    return target


def build_site(work: Path) -> Path:
    """Build the student edition for packaging into ``work``; returns its ``_build/html``."""
    jupyter_book = shutil.which("jupyter-book") or str(Path(sys.executable).with_name("jupyter-book"))
    command = [jupyter_book, "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(work),
               "--toc", str(ROOT / "_toc.yml")]
    env = {**os.environ, **BUILD_ENV}
    try:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1800)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ScormError(f"could not run jupyter-book: {exc}") from None
    log = done.stdout + done.stderr
    problems = [line for line in log.splitlines() if re.search(r"\bWARNING\b|\bERROR\b", line)]
    if done.returncode != 0 or problems:
        shown = "; ".join(problems[:3]) or log.strip().splitlines()[-1:] or ["no output"]
        raise ScormError(f"the student site did not build (exit {done.returncode}): {shown}")
    return work / "_build" / "html"


# ----------------------------------------------------------------- the command

COMMAND = dict(
    name="scorm", help=f"make the SCORM 1.2 package for an LMS ({ZIP_NAME})",
    description="Build the student edition with offline use off and package it for an LMS "
                f"(Moodle, Canvas, Blackboard, Brightspace) as DIR/{ZIP_NAME}.",
    epilog="Upload the zip to the LMS as a SCORM package. See the instructor guide, "
           "'Use the course in your LMS'.")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``scorm`` command's options."""
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="folder to write the zip into (created if missing)")
    parser.add_argument("--site", type=Path, metavar="DIR",
                        help=f"package this student site, built beforehand with SPASM_OFFLINE=0 {BUILD_COMMAND}, "
                             "instead of building one")


def run(args: argparse.Namespace) -> int:
    try:
        if args.site is not None:
            target = write_package(args.site, args.out)
        else:
            with tempfile.TemporaryDirectory(prefix="spasm-scorm-") as work:
                print("Building the student site (offline use off)...", file=sys.stderr)
                target = write_package(build_site(Path(work)), args.out)
    except ScormError as error:
        print(f"python -m spasm_course scorm: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"python -m spasm_course scorm: cannot write {args.out}: {error}", file=sys.stderr)
        return 1
    print(f"{target} ({target.stat().st_size:,} bytes)")
    return 0
