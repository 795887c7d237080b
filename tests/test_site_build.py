"""The built student site: what a reader sees on each page (no browser needed)."""

from __future__ import annotations

import re
from pathlib import Path

from spasm_course.content import default_bank
from spasm_course.frontends import preview, render

DISCLAIMER = "This course is for learning only. It is not medical advice."

CHAPTERS = [
    "notebooks/01-what-are-muscle-spasms",
    "notebooks/02-causes",
    "notebooks/03-symptoms",
    "notebooks/04-treatment-and-when-to-see-a-doctor",
    "notebooks/05-triage-simulator",
    "notebooks/06-review",
]


def test_every_page_carries_the_disclaimer(student_site):
    pages = [p for p in student_site.rglob("*.html") if "_static" not in p.parts]
    # index.html is only a redirect to the introduction (no content to read)
    redirect = (student_site / "index.html").read_text(encoding="utf-8")
    assert redirect.strip() == '<meta http-equiv="Refresh" content="0; url=book/intro.html" />'
    pages = [p for p in pages if p.name != "index.html" or p.parent != student_site]
    assert len(pages) >= 12
    for page in pages:
        assert DISCLAIMER in page.read_text(encoding="utf-8"), page.relative_to(student_site)


def test_chapters_are_numbered_and_linked_in_order(student_site):
    for index, doc in enumerate(CHAPTERS):
        text = (student_site / f"{doc}.html").read_text(encoding="utf-8")
        # numbered in the sidebar and the title
        assert re.search(rf">\s*{index + 1}\.\s", text), f"{doc} is not numbered"
        if index + 1 < len(CHAPTERS):
            nxt = CHAPTERS[index + 1].split("/")[1]
            assert re.search(rf'class="right-next"\s+href="{re.escape(nxt)}.html"', text), f"{doc} has no next link"
        if index > 0:
            prev = CHAPTERS[index - 1].split("/")[1]
            assert re.search(rf'class="left-prev"\s+href="{re.escape(prev)}.html"', text), f"{doc} has no prev link"


def test_the_build_runs_no_notebook_and_shows_every_quiz_as_the_bank_renders_it(student_site):
    """The quizzes and the simulator come from the bank at build time, not from a kernel or a stored output."""
    log = (student_site.parents[1] / "build.log").read_text(encoding="utf-8")
    assert "Executing notebook" not in log and "Executed notebook" not in log
    pages = {index + 1: (student_site / f"{doc}.html").read_text(encoding="utf-8") for index, doc in enumerate(CHAPTERS)}
    for quiz in default_bank().quizzes:
        assert render.quiz_html(quiz) in pages[quiz.chapter], quiz.id
    assert render.triage_html() in pages[5]
    for page in student_site.rglob("*.html"):  # the notebooks' preview line is for JupyterLab only
        assert preview.PREVIEW_CLASS not in page.read_text(encoding="utf-8"), page.relative_to(student_site)


def test_quizzes_render_as_html_not_dead_widgets(student_site):
    text = (student_site / "notebooks/01-what-are-muscle-spasms.html").read_text(encoding="utf-8")
    assert "<fieldset" in text and "<legend" in text and 'aria-live="polite"' in text
    assert "application/vnd.jupyter.widget-view+json" not in text
    assert "require.min.js" not in text and "html-manager" not in text


def test_site_has_search_and_downloads(student_site):
    # Repository and launch buttons: tests/test_hosting.py (they need a repository address).
    assert (student_site / "search.html").exists() and (student_site / "searchindex.js").exists()
    index = (student_site / "searchindex.js").read_text(encoding="utf-8")
    assert "fasciculation" in index.lower()
    chapter = (student_site / "notebooks/02-causes.html").read_text(encoding="utf-8")
    assert "_sources/notebooks/02-causes.ipynb" in chapter, "download .ipynb button"
    about = (student_site / "book/about.html").read_text(encoding="utf-8")
    assert "_sources/book/about.md" in about, "download .md button"
    assert not (student_site / "README.html").exists(), "README.md is not a book page"


def test_text_pages_need_nothing_from_a_cdn(student_site):
    for page in student_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", text):
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag) or 'rel="canonical"' in tag, \
                f"{page.relative_to(student_site)} loads {tag}"


def test_the_course_script_and_style_load_only_where_a_course_block_is(student_site):
    """course.css and the course's module entries (shipped in spasm_course/static) on quiz, simulator,
    progress and practice pages, each page only the entries of the blocks it holds; the theme fix-ups
    on every page; nothing left in the book's own _static."""
    from spasm_course.sphinx import slim
    from spasm_course.sphinx.offline import BUILD_CONSTANT, OFFLINE_ENTRY
    from spasm_course.sphinx.site import ENTRIES, RESETS_ENTRY, STATIC_DIR, front_end_folder

    pages = [p for p in student_site.rglob("*.html") if "_static" not in p.parts and "_sources" not in p.parts
             and p != student_site / "index.html"]
    folder = front_end_folder()
    with_course, without = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        blocks = set(re.findall(r'<(?:section|div) class="sc-(quiz|triage|progress|practice)"', text))
        links = re.findall(r'(?:src|href)="(?:\.\./)*_static/(course\.css|theme-fixes\.js)', text)
        entries = re.findall(rf'<script [^>]*type="module" src="(?:\.\./)*_static/{folder}/([\w-]+\.js)', text)
        assert links.count("theme-fixes.js") == 1, page  # once, from sphinx_slim
        assert links.count("course.css") == (1 if blocks else 0), page
        # Every page: offline.js (issue 23); then its blocks' entries, or the reset notice's.
        assert entries.count(OFFLINE_ENTRY) == 1, page
        entries.remove(OFFLINE_ENTRY)
        assert sorted(entries) == (sorted(ENTRIES[kind] for kind in blocks) if blocks else [RESETS_ENTRY]), page
        (with_course if blocks else without).append(page.relative_to(student_site).as_posix())
    assert {"book/progress.html", "book/practice.html", "notebooks/05-triage-simulator.html"} <= set(with_course)
    assert "book/about.html" in without
    assert (student_site / "_static" / "course.css").read_bytes() == (STATIC_DIR / "course.css").read_bytes()
    shipped = sorted(path.name for path in (student_site / "_static" / folder).iterdir())
    assert shipped == sorted(path.name for path in STATIC_DIR.glob("*.js"))
    for name in shipped:
        built = (student_site / "_static" / folder / name).read_text(encoding="utf-8")
        if name == OFFLINE_ENTRY:  # the build writes its build id into it (spasm_course/sphinx/offline.py)
            built = BUILD_CONSTANT.sub('var BUILD = "unbuilt";', built)
        assert built == (STATIC_DIR / name).read_text(encoding="utf-8"), name
    assert (student_site / "_static" / "theme-fixes.js").read_bytes() == (slim.STATIC / "theme-fixes.js").read_bytes()
    assert not (Path(__file__).resolve().parents[1] / "_static").exists()
