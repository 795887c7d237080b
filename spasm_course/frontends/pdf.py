"""Print the course to PDF: ``python -m spasm_course pdf --out DIR``.

* ``workbook.pdf``: the student course in order (the introduction, the
  chapters with their questions and the triage worksheet, the glossary and the
  source text), from the student site.
* ``answer-key.pdf``: every question with its right answer, the explanation
  and the source sentence: the answer-key page of the instructor edition.

Both are printed from the built sites with the system's Chromium through
Playwright, or Playwright's own Chromium if the system has none
(:func:`find_chromium`; the ``pdfhtml`` builder would download a browser of its own).  The
site's print stylesheet (``course-print.css``, see
:mod:`spasm_course.sphinx.hosting`) decides the look: no buttons or feedback,
empty boxes and circles, answer space, the disclaimer, the course version and
the page number at the foot of every page.  For the workbook, the pages'
articles are put one after another in one document, each starting a new
sheet; links between them become links inside the PDF, and links to pages
that are not in it become plain text.  The PDFs are tagged and carry an outline
of chapters and sections.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
#: The book's table of contents: the checkout's, where the package runs from one (editable);
#: else (an installed wheel) the current folder's, where the sites are too (STUDENT_SITE).
TOC = ROOT / "_toc.yml" if (ROOT / "_toc.yml").is_file() else Path("_toc.yml")
STUDENT_SITE = Path("_build/html")
INSTRUCTOR_SITE = Path("_build/instructor/_build/html")
BUILD_COMMANDS = {
    "student": "jupyter-book build . -W -n --keep-going",
    "instructor": "jupyter-book build . -W -n --keep-going --toc _toc_instructor.yml "
                  "--path-output _build/instructor",
}
WORKBOOK = "workbook.pdf"
ANSWER_KEY = "answer-key.pdf"
ANSWER_KEY_PAGE = "book/answer-key"
#: Reference pages printed after the chapters, in this order.
WORKBOOK_APPENDIX = ("book/glossary", "book/source-text")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PAPER = {"letter": "Letter", "a4": "A4"}


class PdfError(RuntimeError):
    """The PDFs could not be made.  The message is one line for the user."""


def workbook_pages(toc_path: Path = TOC) -> list[str]:
    """The workbook's pages: the book's root, every page of its "Chapters" part, then the appendix."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    chapters = [entry["file"] for part in toc.get("parts", []) if part.get("caption") == "Chapters"
                for entry in part.get("chapters", [])]
    if not chapters:
        raise PdfError(f"{toc_path} has no part with the caption 'Chapters'")
    return [toc["root"], *chapters, *WORKBOOK_APPENDIX]


def check_site(site: Path, edition: str, pages: list[str]) -> None:
    """A PdfError naming the build command when ``site`` lacks a page."""
    missing = [p for p in pages if not (site / f"{p}.html").is_file()]
    if missing:
        raise PdfError(f"the {edition} site is not built ({site} has no {missing[0]}.html). "
                       f"Build it first with: {BUILD_COMMANDS[edition]}")
    if not (site / "_static" / "course-print.css").is_file():
        raise PdfError(f"the {edition} site in {site} has no print stylesheet (_static/course-print.css): "
                       f"it was built by an older version of the course. Build it again with: "
                       f"{BUILD_COMMANDS[edition]}")


#: The two ways to get a Chromium, in the one line said when none is found.
INSTALL_CHROMIUM = ("install Debian's (apt-get install chromium) or Playwright's own "
                    "(python -m playwright install chromium)")


class ChromiumNotFound(RuntimeError):
    """No Chromium on the PATH and none installed by Playwright.  The message is one line."""


def playwright_chromium(playwright=None) -> str | None:
    """The Chromium that ``python -m playwright install chromium`` put in Playwright's folder, or None.

    ``playwright``: a started ``sync_playwright()``; without one, one is started for the question."""
    if playwright is None:
        from playwright.sync_api import sync_playwright  # deferred: only a machine with no Chromium on the PATH asks

        with sync_playwright() as started:
            return playwright_chromium(started)
    path = playwright.chromium.executable_path  # where Playwright would put it, installed or not
    return path if path and Path(path).is_file() else None


def find_chromium(names: tuple[str, ...] = ("chromium",), playwright=None) -> str:
    """The first of ``names`` on the PATH (Debian's ``chromium`` by default), else Playwright's own
    Chromium; else :class:`ChromiumNotFound` saying both ways to install one."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    found = playwright_chromium(playwright)
    if found:
        return found
    raise ChromiumNotFound(f"no Chromium found (looked for {', '.join(names)} on the PATH and for "
                           f"Playwright's own): {INSTALL_CHROMIUM}")


def find_browser(explicit: str | None = None) -> str:
    """The browser the ``pdf`` command prints with: ``--browser``, else :func:`find_chromium` over BROWSERS."""
    if explicit:
        if not Path(explicit).is_file():
            raise PdfError(f"--browser {explicit}: no such file")
        return explicit
    try:
        return find_chromium(BROWSERS)
    except ChromiumNotFound as missing:
        raise PdfError(f"{missing}, or pass --browser PATH") from None


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Served:
    """``site`` on http://127.0.0.1:<free port>/ while in the ``with`` block."""

    def __init__(self, site: Path):
        handler = functools.partial(_QuietHandler, directory=str(site))
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"

    def __enter__(self) -> str:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


# Runs in the first page: fetches each page, puts its article into this page's
# article (one section each), keeps element ids unique, and turns links
# between the pages into links inside the document.
_ASSEMBLE = r"""
async (urls) => {
  const article = document.querySelector('article.bd-article');
  if (!article) throw new Error('no article.bd-article in ' + location.href);
  const pageId = (url) => 'sc-page-' + new URL(url).pathname.replace(/\.html$/, '').replace(/[^A-Za-z0-9]+/g, '-');
  const byPath = new Map(urls.map((u) => [new URL(u).pathname, u]));
  const used = new Set();
  const sections = [];
  for (const url of urls) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
    const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
    const source = doc.querySelector('article.bd-article');
    if (!source) throw new Error('no article.bd-article in ' + url);
    const section = document.createElement('section');
    section.className = 'sc-print-page';
    section.id = pageId(url);
    used.add(section.id);
    const renamed = new Map();
    for (const el of source.querySelectorAll('[id]')) {
      if (used.has(el.id)) {
        const fresh = section.id + '--' + el.id;
        renamed.set(el.id, fresh);
        el.id = fresh;
      }
      used.add(el.id);
    }
    for (const attr of ['for', 'aria-labelledby', 'aria-describedby', 'aria-controls']) {
      for (const el of source.querySelectorAll('[' + attr + ']')) {
        el.setAttribute(attr, el.getAttribute(attr).split(/\s+/).map((v) => renamed.get(v) || v).join(' '));
      }
    }
    for (const img of source.querySelectorAll('img[src]')) img.src = new URL(img.getAttribute('src'), url).href;
    sections.push({url, section, source, renamed});
  }
  const renamedFor = new Map(sections.map((s) => [new URL(s.url).pathname, s]));
  for (const {url, source} of sections) {
    for (const a of source.querySelectorAll('a[href]')) {
      const target = new URL(a.getAttribute('href'), url);
      if (target.origin !== location.origin) continue;          // an outside link stays as it is
      const page = renamedFor.get(target.pathname);
      if (page) {
        const frag = decodeURIComponent(target.hash.slice(1));
        a.setAttribute('href', '#' + (frag ? (page.renamed.get(frag) || frag) : page.section.id));
      } else {
        a.removeAttribute('href');                               // a site page not in this document
      }
    }
  }
  article.replaceChildren();
  for (const {section, source} of sections) {
    section.append(...source.childNodes);
    article.append(section);
  }
  document.querySelector('#jb-print-docs-body')?.remove();
  for (const img of document.images) img.loading = 'eager';     // a lazy picture below the fold still prints
  await Promise.all(Array.from(document.images).filter((i) => !i.complete)
    .map((i) => new Promise((ok) => { i.onload = i.onerror = ok; })));
  await document.fonts.ready;
  return sections.length;
}
"""


def page_count(pdf: Path) -> int:
    """Pages in a PDF written by Chromium (its page objects are plain, not in object streams)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


def print_pages(browser, site: Path, pages: list[str], target: Path, paper: str) -> int:
    """Print ``pages`` of ``site``, in order, into one PDF at ``target``; returns its page count."""
    with _Served(site) as base:
        # No service worker: the site's offline copy (issue 23) must not answer for the files.
        context = browser.new_context(service_workers="block")
        try:
            page = context.new_page()
            page.goto(base + pages[0] + ".html", wait_until="load")
            page.evaluate(_ASSEMBLE, [base + p + ".html" for p in pages])
            page.pdf(path=str(target), format=PAPER[paper], tagged=True, outline=True,
                     prefer_css_page_size=True, print_background=True)
        finally:
            context.close()
    return page_count(target)


def make_pdfs(out: Path, student_site: Path | None, instructor_site: Path | None,
              browser_path: str | None = None, paper: str = "letter") -> list[tuple[Path, int]]:
    """Write the PDFs asked for (a site of None is skipped); returns ``[(path, pages), ...]``."""
    from playwright.sync_api import Error as PlaywrightError  # deferred: only making a PDF needs Playwright
    from playwright.sync_api import sync_playwright  # deferred: only making a PDF needs Playwright

    jobs = []
    if student_site is not None:
        pages = workbook_pages()
        check_site(student_site, "student", pages)
        jobs.append((student_site, pages, out / WORKBOOK))
    if instructor_site is not None:
        check_site(instructor_site, "instructor", [ANSWER_KEY_PAGE])
        jobs.append((instructor_site, [ANSWER_KEY_PAGE], out / ANSWER_KEY))
    executable = find_browser(browser_path)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PdfError(f"cannot make the folder {out}: {exc.strerror}") from None
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=["--no-sandbox", "--disable-gpu"])
            try:
                for site, pages, target in jobs:
                    written.append((target, print_pages(browser, site, pages, target, paper)))
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PdfError(f"Chromium could not print the course: {first}") from None
    return written


COMMAND = dict(
    name="pdf", help="print the built sites to workbook.pdf and answer-key.pdf",
    description="Print the course from the built sites with the system's Chromium: "
                f"{WORKBOOK} from the student site and {ANSWER_KEY} from the instructor edition.",
    epilog=f"Build the sites first: {BUILD_COMMANDS['student']}  and  {BUILD_COMMANDS['instructor']}")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``pdf`` command's options."""
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="folder to write into (created if missing)")
    parser.add_argument("--student-site", type=Path, default=STUDENT_SITE, metavar="DIR",
                        help=f"the built student site (default: {STUDENT_SITE})")
    parser.add_argument("--instructor-site", type=Path, default=INSTRUCTOR_SITE, metavar="DIR",
                        help=f"the built instructor edition (default: {INSTRUCTOR_SITE})")
    parser.add_argument("--only", choices=("workbook", "answer-key"),
                        help="make only this PDF (and need only its site)")
    parser.add_argument("--paper", choices=sorted(PAPER), default="letter", help="paper size (default: letter)")
    parser.add_argument("--browser", metavar="PATH",
                        help="Chromium or Chrome to print with (default: the first of "
                             + ", ".join(BROWSERS) + " on the PATH, else Playwright's own Chromium)")


def run(args: argparse.Namespace) -> int:
    """Run the ``pdf`` subcommand.  Problems print one line on stderr and return 1."""
    student = None if args.only == "answer-key" else args.student_site
    instructor = None if args.only == "workbook" else args.instructor_site
    try:
        written = make_pdfs(args.out, student, instructor, args.browser, args.paper)
    except PdfError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path, pages in written:
        print(f"wrote {path} ({pages} pages)")
    return 0

