"""Sphinx extension: where the course is hosted, which edition it is, and how it prints.

**One place for the repository address.**  ``_config.yml`` ``repository.url``
(empty in the course's own copy) or, if set, the environment variable
``COURSE_REPOSITORY_URL`` (the GitHub Pages workflow sets it to the repository
it runs in, so a fork publishes its own links with no edit).  With an address,
the site shows the repository and issues buttons and, on the chapters, the
Binder launch button; the about page's citation and "report a problem" text
link to it.  With none, there are no such buttons or links at all, and the
build says so in one line of its log (an info line, so ``-W`` builds pass).

**JupyterHub** likewise: ``launch_buttons.jupyterhub_url`` or
``COURSE_JUPYTERHUB_URL``.  Its launch link (made by sphinx-book-theme) opens the
chapter with nbgitpuller, so it needs a repository address too.

**Colab** gets no button: Colab cannot import ``spasm_course`` (the package is
not on PyPI), and a notebook stored in the repository cannot know which fork
it was opened from to install it.  A ``colab_url`` in ``_config.yml`` stops the
build with a message that says so.

**Course version** (:func:`spasm_course.content.version.course_version`) in every
page's footer and in the about page's citation.

**Print.**  ``course-print.css`` (``media="print"``, so it never delays the
first paint) is loaded on every page.  It is ``spasm_course/static/print.css``
plus an ``@page`` rule, written here, that puts the disclaimer (the site's
announcement), the course version and "Page N of M" in the footer of every
printed page.

**PDF links.**  ``python -m spasm_course pdf --out DIR`` makes the PDFs from
the built sites (see :mod:`spasm_course.frontends.pdf`).  A build run with
``COURSE_PDF_DIR=DIR`` copies them into the site's ``pdf/`` folder and links
them where a page says ``course-pdf-links``: the workbook in both editions, the
answer key only in the instructor edition (the one whose table of contents has
the answer-key page).  Without ``COURSE_PDF_DIR`` there are no PDF links, so
no link can point to a missing file.
"""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from spasm_course.content.version import course_version

LOGGER = logging.getLogger(__name__)

ENV_REPOSITORY = "COURSE_REPOSITORY_URL"
ENV_JUPYTERHUB = "COURSE_JUPYTERHUB_URL"
ENV_PDF_DIR = "COURSE_PDF_DIR"

#: Hosts whose repository pages sphinx-book-theme knows how to link.
REPOSITORY_HOSTS = ("github.com", "gitlab.com", "bitbucket.org")

NO_REPOSITORY_NOTE = (f"spasm_course: no repository URL is set (repository.url in _config.yml, or "
                      f"{ENV_REPOSITORY}), so the site has no repository, issues or launch buttons.")

PRINT_CSS = "course-print.css"
PRINT_CSS_SOURCE = Path(__file__).parents[1] / "static" / "print.css"
DEFAULT_DISCLAIMER = "This course is for learning only. It is not medical advice."

#: The PDFs, in the order pages list them: file name, link text, what it holds.
PDFS = (
    ("workbook.pdf", "Workbook (PDF)",
     "every chapter with its questions, the triage worksheet and the glossary, ready to print."),
    ("answer-key.pdf", "Answer key (PDF)",
     "every question with its right answer, the reason, and the line of the source text. "
     "For instructors only."),
)
PDF_FOLDER = "pdf"
ANSWER_KEY_DOC = "book/answer-key"


# ----------------------------------------------------------------- settings


def _check_url(value: str, where: str) -> str:
    """``value`` without a trailing slash, or a ConfigError naming ``where`` it came from."""
    url = value.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(f"{where} must be a web address starting with https://, not {value!r}")
    return url


def repository_url(value: str, where: str) -> str:
    """A repository address checked the way the theme will use it: https://HOST/OWNER/NAME."""
    url = _check_url(value, where)
    if url.endswith(".git"):
        url = url[:-4]
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    if parts.netloc.lower() not in REPOSITORY_HOSTS or len(path) != 2:
        raise ConfigError(f"{where} must be a repository address like https://github.com/OWNER/NAME "
                          f"(on {', '.join(REPOSITORY_HOSTS)}), not {value!r}")
    return url


def _first_set(environ, variable: str, value, where: str, check) -> str:
    """The environment variable if set, else the _config.yml value if set, else "" (each checked by ``check``)."""
    if environ.get(variable, "").strip():
        return check(environ[variable], f"The environment variable {variable}")
    if str(value or "").strip():
        return check(value, where)
    return ""


def hosting_settings(theme_options: dict, environ: dict) -> tuple[dict, str, str]:
    """New theme options from the configured ones and the environment.

    Returns ``(theme_options, repository_url, jupyterhub_url)``; the URLs are
    ``""`` when not set.  Raises ConfigError for a malformed URL or a Colab button.
    """
    options = copy.deepcopy(theme_options)
    launch = dict(options.get("launch_buttons") or {})
    for key in ("colab_url", "deepnote_url"):
        if str(launch.get(key) or "").strip():
            raise ConfigError(
                f"launch_buttons.{key} is set in _config.yml, but that launch button cannot work: the "
                "notebooks import the spasm_course package, which that service does not install. "
                "Remove the setting (Binder and JupyterHub install the package).")
        launch.pop(key, None)

    repo = _first_set(environ, ENV_REPOSITORY, options.get("repository_url"), "repository.url in _config.yml",
                      repository_url)
    hub = _first_set(environ, ENV_JUPYTERHUB, launch.get("jupyterhub_url"),
                     "launch_buttons.jupyterhub_url in _config.yml", _check_url)

    options["repository_url"] = repo
    for button in ("use_repository_button", "use_issues_button"):
        options[button] = bool(repo)
    if not repo:
        # No launch link can be made without a repository: drop every provider,
        # so the theme adds no launch menu at all.
        launch["binderhub_url"] = ""
        hub_shown = ""
    else:
        hub_shown = hub
    launch["jupyterhub_url"] = hub_shown
    options["launch_buttons"] = launch
    return options, repo, hub_shown


def apply_hosting(app, config) -> None:
    """``config-inited`` hook: settle the repository and launch buttons, the footer and the print CSS."""
    options, repo, hub = hosting_settings(dict(config.html_theme_options or {}), dict(os.environ))
    version = course_version(Path(app.srcdir))
    footer = options.get("extra_footer") or ""
    options["extra_footer"] = (f'{footer}<p class="sc-course-version">Course version '
                               f'<span class="sc-version">{version}</span></p>')
    config.html_theme_options = options
    config.course_repository_url = repo
    config.course_jupyterhub_url = hub
    config.course_version = version
    config.course_pdf_dir = os.environ.get(ENV_PDF_DIR, "").strip()
    if not repo:
        LOGGER.info(NO_REPOSITORY_NOTE)


# ----------------------------------------------------------------- page slots


class hosting_slot(nodes.General, nodes.Element):
    """Stands where a directive below was used; filled in when the page is written,
    from the settings of that build (repository, version, PDFs)."""


class _SlotDirective(SphinxDirective):
    has_content = False
    kind = ""

    def run(self):
        return [hosting_slot(kind=self.kind)]


class CitationDirective(_SlotDirective):
    kind = "citation"


class ProblemReportDirective(_SlotDirective):
    kind = "problem-report"


class PdfLinksDirective(_SlotDirective):
    kind = "pdf-links"


def _para(*parts) -> nodes.paragraph:
    para = nodes.paragraph()
    for part in parts:
        para += nodes.Text(part) if isinstance(part, str) else part
    return para


def _link(text: str, uri: str) -> nodes.reference:
    return nodes.reference("", text, refuri=uri, internal=False)


def citation_nodes(config) -> list[nodes.Node]:
    """The citation in words and as BibTeX; the repository address only when one is set."""
    repo, version = config.course_repository_url, config.course_version
    title = f"{config.html_title or config.project}: an interactive course"
    text = [f"{config.author}. {title}. Version {version}, {config.copyright}."]
    if repo:
        text += [" ", _link(repo, repo)]
    bib = ["@misc{muscle_spasms_course,",
           f"  author       = {{{{{config.author}}}}},",
           f"  title        = {{{title}}},",
           f"  year         = {{{config.copyright}}},",
           f"  version      = {{{version}}},"]
    if repo:
        bib.append(f"  howpublished = {{\\url{{{repo}}}}},")
    bib += ["  note         = {Course text CC BY 4.0; code MIT}", "}"]
    block = nodes.literal_block("\n".join(bib), "\n".join(bib), language="bibtex")
    return [_para(*text), _para("In BibTeX form:"), block]


def problem_report_nodes(config) -> list[nodes.Node]:
    repo = config.course_repository_url
    if repo:
        return [_para("Please open an issue on the ", _link("project's repository", f"{repo}/issues"),
                      ". Say which page it is on and what you expected.")]
    return [_para("Please tell the person or group who runs this copy of the course. "
                  "Say which page it is on and what you expected.")]


def pdf_link_nodes(app, docname: str) -> list[nodes.Node]:
    shown = getattr(app, "spasm_pdfs", [])
    if not shown:
        return []
    items = nodes.bullet_list()
    here = app.builder.get_target_uri(docname)
    for name, text, about in PDFS:
        if name in shown:
            item = nodes.list_item()
            item += _para(_link(text, relative_uri(here, f"{PDF_FOLDER}/{name}")), f": {about}")
            items += item
    return [items]


def fill_slots(app, doctree, docname) -> None:
    """``doctree-resolved`` hook: replace each slot with this build's text."""
    for slot in list(doctree.findall(hosting_slot)):
        kind = slot["kind"]
        if kind == "citation":
            new = citation_nodes(app.config)
        elif kind == "problem-report":
            new = problem_report_nodes(app.config)
        else:
            new = pdf_link_nodes(app, docname)
        slot.replace_self(new or [nodes.comment()])


# ----------------------------------------------------------------- PDFs


def find_pdfs(app, env) -> None:
    """``env-updated`` hook: which PDFs this build links and ships (see the module docstring)."""
    app.spasm_pdfs = []
    folder = os.environ.get(ENV_PDF_DIR, "").strip()
    if not folder:
        return
    where = Path(folder).resolve()
    wanted = ["workbook.pdf"]
    if ANSWER_KEY_DOC in env.found_docs:
        wanted.append("answer-key.pdf")
    missing = [name for name in wanted if not (where / name).is_file()]
    if missing:
        raise ConfigError(f"{ENV_PDF_DIR}={folder} has no {', '.join(missing)}. Make the PDFs first with: "
                          f"python -m spasm_course pdf --out {folder}")
    app.spasm_pdfs = wanted


def write_outputs(app, exception) -> None:
    """``build-finished`` hook: the print stylesheet, and the PDFs this build links."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    css = PRINT_CSS_SOURCE.read_text(encoding="utf-8") + page_rule(app.config)
    static = out / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / PRINT_CSS).write_text(css, encoding="utf-8")

    shown = getattr(app, "spasm_pdfs", [])
    folder = out / PDF_FOLDER
    for name, _, _ in PDFS:
        target = folder / name
        if name in shown:
            folder.mkdir(exist_ok=True)
            shutil.copyfile(Path(os.environ[ENV_PDF_DIR]).resolve() / name, target)
        elif target.exists():
            target.unlink()  # left by an earlier build: this one does not link it


def css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return f'"{escaped}"'


MARGIN_BOX = ("white-space: pre-wrap; font: 8pt/1.3 system-ui, sans-serif; color: #222; "
              "vertical-align: top; padding-top: 4mm;")


def page_rule(config) -> str:
    """The ``@page`` rule: the disclaimer and version at the bottom left, the page number at the right."""
    options = config.html_theme_options or {}
    disclaimer = str(options.get("announcement") or DEFAULT_DISCLAIMER).strip()
    return (
        "\n/* Written by spasm_course.sphinx.hosting: footer of every printed page. */\n"
        "@page {\n"
        f"  @bottom-left {{ content: {css_string(disclaimer)} \"\\A Course version \" "
        f"{css_string(config.course_version)}; {MARGIN_BOX} }}\n"
        f'  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); {MARGIN_BOX} '
        "width: 25mm; text-align: right; }\n"
        "}\n"
    )


def setup(app):
    # Set by apply_hosting; registered so that a change rewrites every page.
    for name in ("course_repository_url", "course_jupyterhub_url", "course_version", "course_pdf_dir"):
        app.add_config_value(name, "", "html", types=[str])
    app.connect("config-inited", apply_hosting)
    app.connect("env-updated", find_pdfs)
    app.connect("doctree-resolved", fill_slots)
    app.connect("build-finished", write_outputs)
    app.add_directive("course-citation", CitationDirective)
    app.add_directive("course-problem-report", ProblemReportDirective)
    app.add_directive("course-pdf-links", PdfLinksDirective)
    app.add_css_file(PRINT_CSS, media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
