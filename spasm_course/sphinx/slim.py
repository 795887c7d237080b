"""Sphinx extension: light pages.  Every page loads only what it uses, and no Font Awesome.

A stock Jupyter Book page costs about 960 kB over the wire, 800 kB of it Font
Awesome (``fontawesome.js`` and three web fonts) to draw about ten icons.  This
extension keeps sphinx-book-theme and never edits an installed package; it

* shadows two theme templates (``spasm_course/theme/templates``): pydata's
  ``static/webpack-macros.html`` without ``fontawesome.js``, and the layout's
  ``extrahead`` block without the search scripts and the 30 kB search index
  (only ``search.html`` loads them; the search button still works everywhere:
  it sends the query to ``search.html``);
* drops, per page, the assets of features the page does not use
  (:data:`USED_WHEN`): sphinx-design, the copy button, togglebutton and thebe;
* rewrites each built page: every Font Awesome ``<i>`` icon becomes inline
  SVG (the same Font Awesome Free drawings, from ``theme/icons.json``, CC BY
  4.0), ``documentation_options.js`` is inlined and every other script in
  ``<head>`` is deferred, so the first paint waits on no script; the launch
  menu's logos load when the menu opens (``loading="lazy"``);
* writes a trimmed copy of pydata-sphinx-theme.css (no Font Awesome font
  rules: 20 kB gzipped less), with SVG masks for the icons the theme's CSS
  draws from the font (admonitions, download and external-link markers), and
  removes the unused Font Awesome files from the output;
* keeps a phone's main thread free while a page loads (Lighthouse's "total
  blocking time"): the head's colour-mode script resolves "auto" to light or
  dark at once, so the theme's script no longer restyles the whole page when
  it does the same; each top-level section off screen is skipped until it
  nears the screen (``content-visibility: auto``, :func:`render_cost_css`);
  and the build's copies of two theme scripts are patched
  (:data:`SCRIPT_PATCHES`): tooltips are made when first hovered or focused,
  not all at load, and scrollable code blocks get their tab stop as each one
  is laid out, not by measuring every block (and every skipped section) at
  load.

``tests/test_theme_pins.py`` pins the sha256 of every installed theme file
these overrides were written against (:data:`PINNED`), so a theme upgrade
fails the tests naming the file to re-check.  The build checks too (a fork that
upgrades the theme may not run the tests): when the installed themes are not
the versions in :data:`THEME_VERSIONS` it logs one warning naming both and the
CONTRIBUTING section "Upgrading the theme" (:func:`check_theme_versions`), and a
rewrite that matched nothing logs a warning naming the rewrite and the page or
script (:func:`missed_rewrites`, :func:`patch_script`, :func:`trim_theme_css`).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

import pydata_sphinx_theme
import sphinx_book_theme
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).parents[1] / "theme"
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ICONS: dict[str, dict] = json.loads((HERE / "icons.json").read_text(encoding="utf-8"))["icons"]

PYDATA = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
BOOK = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"

#: Theme versions these overrides were written for (requirements.txt pins the same; theme-fixes.js
#: names them too).  Checked against the installed ones when a build starts: check_theme_versions().
THEME_VERSIONS = {"sphinx-book-theme": "1.3.0", "pydata-sphinx-theme": "0.17.1"}
#: Where a contributor reads what to do when the installed theme versions change.
UPGRADING = 'CONTRIBUTING.md, section "Upgrading the theme"'

#: Installed theme files the overrides rely on -> the sha256 they were written against.
PINNED = {
    # shadowed by theme/templates/static/webpack-macros.html
    PYDATA / "static/webpack-macros.html": "b1f893e4416c7cc7cf9ed5f2e7a46cf9f94f653cd8c848138bf45a2fda166f67",
    # its extrahead block is replaced by theme/templates/layout.html; its colour-mode script
    # is rewritten in each page (_THEME_SCRIPT)
    PYDATA / "layout.html": "fe5c35806042db60aacb114cbe8ae2a2601721ff7376f500961b2ce0fc456d3e",
    # the layout theme/templates/layout.html extends
    BOOK / "layout.html": "2cd2fbbe2caedf3afa8f78f405e43d27422370c34eeca9ead4d73660e3223bc9",
    # trimmed by trim_theme_css(); FONT_ICON_RULES and ADMONITIONS mirror its icon rules
    PYDATA / "static/styles/pydata-sphinx-theme.css": "c783889b78ce6a5ed1a149d997c23224dc5ffd355a7c53537d62e1241546beaa",
    # its .onthispage font marker is redrawn in icon_css()
    BOOK / "static/styles/sphinx-book-theme.css": "dcc916931d8a6e224a4584c5a89f8c3a6e741f048960f91662f5a9a1281cef99",
    # the header buttons' <i> icons, rewritten to SVG
    BOOK / "macros/buttons.html": "f00ab51a0c5dd653f31e33abe430b42ea8b6539a13e695051d03e652068aadf2",
    # its icons keep class theme-switch and data-mode
    PYDATA / "components/theme-switcher.html": "a68d37b2ca353382855a2fb93363dd22d322c32bb9817d431cc41c01ae4929fe",
    # theme-fixes.js renames its search button
    PYDATA / "components/search-button-field.html": "518dda81dd8cd06ab2268f86b25c8257189f237f1b71836afececaa511f40e69",
    # patched copies in the build (SCRIPT_PATCHES)
    PYDATA / "static/scripts/bootstrap.js": "9686192d6cc14a6292a5417a346398ecbac10be8e637fc39bf318d6af91653d2",
    PYDATA / "static/scripts/pydata-sphinx-theme.js": "601846831b994311a05a363765340e13a9467c514f86c3f006222a2f1a77c9d4",
}

# ------------------------------------------------------------------ theme versions


def installed_version(package: str) -> str | None:
    """The installed version of ``package``, or None if it is not installed."""
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def theme_version_problem() -> str | None:
    """One sentence naming each theme whose installed version is not the pinned one (None: all match)."""
    wrong = [(package, pinned, installed_version(package)) for package, pinned in THEME_VERSIONS.items()
             if installed_version(package) != pinned]
    if not wrong:
        return None
    found = ", ".join(f"{package} {installed or '(not installed)'}" for package, _, installed in wrong)
    pinned = ", ".join(f"{package} {version}" for package, version, _ in wrong)
    return (f"installed theme versions differ from those spasm_course.sphinx.slim was written for: "
            f"found {found}; pinned {pinned}. Its template overrides and page rewrites may now break "
            f"pages: see {UPGRADING}")


def check_theme_versions(app, config) -> None:
    """``config-inited``: one warning when the installed themes are not the pinned versions."""
    problem = theme_version_problem()
    if problem:
        logger.warning(problem, type="spasm_course", subtype="theme_version")


# ------------------------------------------------------------------ per-page assets

#: Asset (a file name, or a phrase in an inline script) -> a pattern in the page body that
#: means the page uses it.  An asset whose pattern is absent is not linked from the page.
USED_WHEN: dict[str, re.Pattern] = {
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab'),
    "copybutton.css": re.compile(r'<div class="highlight'),
    "copybutton.js": re.compile(r'<div class="highlight'),
    "clipboard.min.js": re.compile(r'<div class="highlight'),
    "togglebutton.css": re.compile(r'class="[^"]*\b(toggle|dropdown)\b'),
    "togglebutton.js": re.compile(r'class="[^"]*\b(toggle|dropdown)\b'),
    "toggleHint": re.compile(r'class="[^"]*\b(toggle|dropdown)\b'),
    "togglebuttonSelector": re.compile(r'class="[^"]*\b(toggle|dropdown)\b'),
    "toggleOpenOnPrint": re.compile(r'class="[^"]*\b(toggle|dropdown)\b'),
    # thebe acts only through the theme's "Live Code" launch button (the page context is checked)
    "sphinx-thebe.css": re.compile(r"initThebe"),
    "sphinx-thebe.js": re.compile(r"initThebe"),
    "THEBE_JS_URL": re.compile(r"initThebe"),
}


def _asset_key(asset) -> str:
    """The USED_WHEN key an asset answers to, or "" (kept on every page)."""
    filename = str(getattr(asset, "filename", asset) or "")
    if filename:
        name = filename.rsplit("/", 1)[-1]
        return name if name in USED_WHEN else ""
    body = (getattr(asset, "attributes", {}) or {}).get("body", "")
    return next((key for key in USED_WHEN if key in body), "")


def drop_unused_assets(app, pagename, templatename, context, doctree) -> None:
    """``html-page-context``: unlink the CSS and scripts of features this page does not use."""
    page = context.get("body", "") + repr(context.get("header_buttons", ""))
    for name in ("css_files", "script_files"):
        assets = context.get(name)
        if assets:
            assets[:] = [a for a in assets
                         if not (key := _asset_key(a)) or USED_WHEN[key].search(page)]


# ------------------------------------------------------------------ icons

#: Font Awesome class names seen in the theme's templates -> icons.json names.
ALIASES = {"search": "magnifying-glass", "file-code": "code", "pencil-alt": "pencil",
           "times-circle": "circle-xmark", "exclamation-circle": "circle-exclamation",
           "exclamation-triangle": "triangle-exclamation", "info-circle": "circle-info",
           "search-minus": "magnifying-glass-minus", "external-link": "arrow-up-right-from-square"}
#: Font Awesome classes that set a style or size, not an icon.
STYLE_CLASSES = {"fa", "fas", "far", "fab", "fa-solid", "fa-regular", "fa-brands", "fa-classic",
                 "fa-lg", "fa-xs", "fa-sm", "fa-xl", "fa-2xs", "fa-2xl", "fa-fw", "fa-1x", "fa-2x"}
KEEP_CLASSES = {"fa-lg", "fa-xs", "fa-sm", "fa-xl", "fa-2xs", "fa-2xl", "fa-fw"}

_I_TAG = re.compile(r'<(i|span)\s([^<>]*)>\s*</\1>')  # the theme's icons: empty <i> or <span> elements
_ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')


class IconError(ValueError):
    pass


def icon_name(name: str) -> str:
    name = ALIASES.get(name, name)
    if name not in ICONS:
        raise IconError(f"no SVG for the Font Awesome icon {name!r}: add it to tools/extract_icons.py and re-run it")
    return name


def svg(name: str, classes: list[str], attributes: dict[str, str]) -> str:
    """One icon as inline SVG, decorative (its button or link carries the name)."""
    icon = ICONS[icon_name(name)]
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attributes.items())
    cls = " ".join(["svg-inline--fa", f"fa-{icon_name(name)}", *classes])
    return (f'<svg class="{cls}"{attrs} aria-hidden="true" focusable="false" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="{icon["viewBox"]}">'
            f'<path fill="currentColor" d="{icon["path"]}"></path></svg>')


def _replace_icon(match: re.Match) -> str:
    attributes = {k: html.unescape(v or "") for k, v in _ATTR.findall(match.group(2))}
    classes = attributes.get("class", "").split()
    if not any(c in ("fa", "fas", "far", "fab") or c.startswith("fa-") for c in classes):
        return match.group(0)  # not a Font Awesome icon
    del attributes["class"]
    attributes.pop("title", None)  # decorative: the icon's title is not the control's name
    attributes.pop("aria-hidden", None)
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in STYLE_CLASSES]
    if len(names) != 1:
        raise IconError(f"cannot tell the icon of {match.group(0)}")
    kept = [c for c in classes if c in KEEP_CLASSES or not (c in STYLE_CLASSES or c.startswith("fa-"))]
    return svg(names[0], kept, attributes)


# ------------------------------------------------------------------ page rewrite

_HEAD_SCRIPT = re.compile(r'<script(?![^>]*\b(?:defer|async)\b)([^>]*\bsrc="[^"]+"[^>]*)></script>')
_DOC_OPTIONS = re.compile(r'<script src="[^"]*_static/documentation_options\.js(?:\?v=\w+)?"></script>')


#: The launch menu's logos (sphinx-book-theme's buttons.html): hidden until the menu opens.
_MENU_LOGO = re.compile(r'<img (alt="[^"]* logo" src="[^"]*_static/images/logo_\w+\.(?:svg|png)")>')


#: pydata's first script in <head> (layout.html, block css): it sets the colour theme to the
#: one stored at the last visit, or to "auto".  Its own script then resolves "auto" to light
#: or dark after the page is laid out, and the whole page is styled again (70 ms at 4x slowdown).
_THEME_SCRIPT = re.compile(
    r'document\.documentElement\.dataset\.theme = localStorage\.getItem\("theme"\) \|\| "\w*";')
#: The same choice pydata's setTheme() makes (a mode of light or dark is the theme; anything
#: else is "auto": the system's), made before the first style, so its later one changes nothing.
RESOLVED_THEME_SCRIPT = (
    'var scMode = document.documentElement.dataset.mode; '
    'document.documentElement.dataset.theme = scMode === "light" || scMode === "dark" ? scMode : '
    '(window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");')


#: What follows the article header (its buttons) in the theme's layout.
_AFTER_HEADER = '<div id="jb-print-docs-body"'
#: An element parsed once the whole article header is, and the head link that holds the first
#: paint until then.  Without it a phone may paint while the parser is between two header
#: buttons; the rest then appear and push the first ones left (a layout shift).
HEADER_PARSED = '<span id="sc-header-parsed" hidden></span>'
HOLD_FIRST_PAINT = '<link rel="expect" href="#sc-header-parsed" blocking="render">'


def rewrite_page(text: str, doc_options: str) -> str:
    """Inline SVG icons, lazy menu logos, documentation_options.js inline, head scripts deferred,
    the colour theme resolved before the first style, no first paint of half a header."""
    text = _I_TAG.sub(_replace_icon, text)
    text = _MENU_LOGO.sub(r'<img loading="lazy" \1>', text)
    head, sep, body = text.partition("</head>")
    if not sep:
        return text
    if _AFTER_HEADER in body and HEADER_PARSED not in body:
        body = body.replace(_AFTER_HEADER, HEADER_PARSED + _AFTER_HEADER, 1)
        head = head.replace("<head>", "<head>\n    " + HOLD_FIRST_PAINT, 1)
    head = _THEME_SCRIPT.sub(lambda m: RESOLVED_THEME_SCRIPT, head)
    head = _DOC_OPTIONS.sub(lambda m: f"<script>{doc_options}</script>", head)
    head = _HEAD_SCRIPT.sub(lambda m: f"<script defer{m.group(1)}></script>", head)
    return head + sep + body


_INLINE_DOC_OPTIONS = re.compile(r"<script>[^<]*\bDOCUMENTATION_OPTIONS\b")

#: The rewrites of rewrite_page() that every page the theme lays out (a page with a ``<head>``)
#: must show once rewritten, each with the test of its result on the (head, body) of the page.
#: A result missing means the rewrite matched nothing: the theme's markup changed.  (The launch
#: menu's logos are on some pages only, and deferring the head's scripts has no result to miss:
#: a page with no blocking script is already what it wants.)
REQUIRED_REWRITES = {
    "Font Awesome icons to inline SVG (_I_TAG)": lambda head, body: "svg-inline--fa" in body,
    "colour theme resolved before the first style (_THEME_SCRIPT)":
        lambda head, body: RESOLVED_THEME_SCRIPT in head,
    "documentation_options.js inlined (_DOC_OPTIONS)":
        lambda head, body: bool(_INLINE_DOC_OPTIONS.search(head)) and not _DOC_OPTIONS.search(head),
    # on pages with an article (search.html has none)
    "first paint held for the article header (_AFTER_HEADER)":
        lambda head, body: 'class="bd-article"' not in body or (HEADER_PARSED in body and HOLD_FIRST_PAINT in head),
}


def missed_rewrites(text: str) -> list[str]:
    """The REQUIRED_REWRITES whose result a rewritten page lacks (none for a page with no ``<head>``)."""
    head, sep, body = text.partition("</head>")
    if not sep:
        return []
    return [name for name, done in REQUIRED_REWRITES.items() if not done(head, body)]


# ------------------------------------------------------------------ theme CSS


#: CSS icons the theme draws from the font, by its --pst-icon-* variable -> icons.json name.
CSS_ICONS = {"angle-left": "angle-left", "angle-right": "angle-right", "bell": "bell",
             "check-circle": "circle-check", "download": "download", "exclamation-circle": "circle-exclamation",
             "exclamation-triangle": "triangle-exclamation", "external-link": "arrow-up-right-from-square",
             "github": "github", "gitlab": "gitlab", "info-circle": "circle-info", "lightbulb": "lightbulb",
             "pencil": "pencil", "search-minus": "magnifying-glass-minus", "share": "share",
             "times-circle": "circle-xmark"}

#: Rules of the theme CSS that draw a font icon, with the --pst-icon-* variable they show.
#: Each gets a mask of the same icon; the theme's own colour and size rules still apply.
FONT_ICON_RULES = [
    ("a.github:before", "github"), ("a.gitlab:before", "gitlab"),
    (".nav-link.nav-external:after", "external-link"),
    ("nav.bd-links li>a.reference.external:after", "external-link"),
    ("ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home):before", "angle-right"),
    ("div#searchbox p.highlight-link a:before", "search-minus"),
    ("span.versionmodified:before", "exclamation-circle"),
    ("a.reference.download:before", "download"),
]
ADMONITIONS = {"attention": "exclamation-circle", "caution": "exclamation-triangle",
               "danger": "exclamation-triangle", "error": "times-circle", "hint": "lightbulb",
               "important": "exclamation-circle", "note": "info-circle", "seealso": "share", "tip": "lightbulb",
               "todo": "pencil", "warning": "exclamation-triangle"}


def _mask(name: str) -> str:
    return f"-webkit-mask:var(--sc-mask-{name}) center/contain no-repeat;mask:var(--sc-mask-{name}) center/contain no-repeat"


def _mask_url(name: str) -> str:
    icon = ICONS[name]
    data = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{icon["viewBox"]}">'
            f'<path d="{icon["path"]}"/></svg>')
    return "url(\"data:image/svg+xml," + quote(data, safe=" /:=,.-") + "\")"


def icon_css() -> str:
    """CSS for the inline SVG icons, the theme's font-drawn markers (as masks), room for late text."""
    box = "font:inherit;content:\"\";display:inline-block;width:1em;height:1em;background-color:currentColor"
    masked = sorted({CSS_ICONS[v] for _, v in FONT_ICON_RULES} | {CSS_ICONS[v] for v in ADMONITIONS.values()}
                    | {"bell", "angle-down"})
    rules = [
        "/* spasm_course.sphinx.slim: Font Awesome Free icons (CC BY 4.0) as inline SVG and CSS masks;"
        " .svg-inline--fa rules from Font Awesome Free 6.5.2 (MIT). */",
        ":root{" + ";".join(f"--sc-mask-{name}:{_mask_url(name)}" for name in masked) + "}",
        "svg:not(:root).svg-inline--fa{overflow:visible;box-sizing:content-box}"
        ".svg-inline--fa{display:var(--fa-display,inline-block);height:1em;overflow:visible;vertical-align:-.125em}"
        ".svg-inline--fa.fa-lg{vertical-align:-.2em}.svg-inline--fa.fa-fw{width:var(--fa-fw-width,1.25em)}",
    ]
    for selector, variable in FONT_ICON_RULES:
        rules.append(f"html {selector}{{{box};{_mask(CSS_ICONS[variable])}}}")
    title = ".admonition>.admonition-title:after,div.admonition>.admonition-title:after"
    # the glyph sat on the text's baseline; the box is centred on the title's first line instead
    rules.append("html " + title.replace(",", ",html ") + f"{{{box};margin-top:.3rem;{_mask(CSS_ICONS['bell'])}}}")
    for kind, variable in ADMONITIONS.items():
        rules.append(f"html .admonition.{kind}>.admonition-title:after,html div.admonition.{kind}>.admonition-title:after"
                     f"{{{box};margin-top:.3rem;{_mask(CSS_ICONS[variable])}}}")
    # Room for text a script writes after the first paint, so nothing below it moves (CLS 0):
    # the progress page's status line (two lines on a phone) is written by the course's script on load.
    rules.append("html .sc-progress .sc-progress-status:empty{display:block;visibility:hidden}"
                 "html .sc-progress .sc-progress-status{min-height:2lh}")
    # ...and the practice page's status and "next due" lines (the empty-list note is three lines on a phone).
    rules.append("html .sc-practice .sc-practice-status{min-height:1lh}"
                 "html .sc-practice .sc-practice-next{min-height:3lh}"
                 "@media (min-width:576px){html .sc-practice .sc-practice-next{min-height:2lh}}")
    rules.append("html .bd-sidebar-secondary.hide:not(:hover) .onthispage:after"
                 f"{{{box};width:.75em;padding-left:0;margin-left:.5em;{_mask('angle-down')}}}")
    return "\n".join(rules) + "\n"


def _statements(css: str) -> list[str]:
    """Top-level CSS statements (rules, at-rules with their blocks), comments kept with the next one."""
    out, start, depth, i, n = [], 0, 0, 0, len(css)
    while i < n:
        if css.startswith("/*", i):
            i = css.index("*/", i + 2) + 2
            continue
        char = css[i]
        if char in "\"'":
            j = i + 1
            while css[j] != char:
                j += 2 if css[j] == "\\" else 1
            i = j + 1
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append(css[start:i + 1])
                start = i + 1
        elif char == ";" and depth == 0:
            out.append(css[start:i + 1])
            start = i + 1
        i += 1
    out.append(css[start:])
    return out


_FONT_GLYPH = re.compile(r'^(\s*/\*.*?\*/\s*)?((?:\.fa-[\w-]+:(?:before|after),?)+)\{content:"[^"]*"\}$', re.S)


def trim_theme_css(css: str, missed: list[str] | None = None) -> str:
    """pydata-sphinx-theme.css without Font Awesome's glyph rules and @font-face rules, plus icon_css().

    Each of the two removals that matched nothing is described in ``missed``, if given."""
    kept, glyphs, fonts = [], 0, 0
    for statement in _statements(css):
        glyph = _FONT_GLYPH.match(statement)
        if glyph:
            glyphs += 1
            kept.append(glyph.group(1) or "")  # keep a licence comment that precedes the rule
        elif statement.lstrip().startswith("@font-face") and "Font Awesome" in statement:
            fonts += 1
        else:
            kept.append(statement)
    if missed is not None:
        missed += [f"the rewrite {name!r} matched nothing" for name, count in (
            ("Font Awesome glyph rules removed (_FONT_GLYPH)", glyphs),
            ("Font Awesome @font-face rules removed", fonts)) if not count]
    text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", "".join(kept))  # the map is of the untrimmed file
    return text.rstrip() + "\n" + icon_css() + render_cost_css()


#: The course's widgets (the class of each one's root, after ``sc-``): see render_cost_css().
WIDGETS = ("quiz", "triage", "progress", "practice")


def render_cost_css() -> str:
    """CSS that spares a phone the layout of what is far off screen (screens only: print lays out all).

    Each top-level section of the article (an ``h2`` and what follows it) is skipped until it
    nears the screen.  It keeps the size it last had (40rem until first seen), and it is still
    read by screen readers, found by find-in-page and scrolled to by links.  Its half-rem
    padding, cancelled by a negative margin, leaves room inside its paint box for the focus
    ring of a link or control at its edge.  A section with a quiz, the triage simulator, the
    progress table or Practice again is always laid out: the course's scripts write into it, and what it
    writes is read back (``innerText`` of a skipped section is empty).
    """
    widgets = ",".join(f".sc-{name}" for name in WIDGETS)
    return ("@media screen{html .bd-article>section>section:not(:has(" + widgets + "))"
            "{content-visibility:auto;contain-intrinsic-size:auto 40rem;padding-inline:.5rem;"
            "margin-inline:-.5rem}}\n")


# ------------------------------------------------------------------ theme scripts

#: The build's copies of the theme's scripts: (exact text of the installed file, its replacement).
#: A text not found once is left alone and logs a warning naming the patch and the script (the
#: files are pinned in PINNED too).
SCRIPT_PATCHES: dict[str, list[tuple[str, str]]] = {
    "bootstrap.js": [(
        # every tooltip made at load (10 per page, 60 ms at 4x slowdown) ...
        """[].slice.call(document.querySelectorAll('[data-bs-toggle="tooltip"]')).map(function(t){"""
        """return new ps(t,{delay:{show:500,hide:100}})})""",
        # ... or one, delegated: Bootstrap makes each button's tooltip when it is first hovered or focused
        """new ps(document.body,{selector:'[data-bs-toggle="tooltip"]',delay:{show:500,hide:100}})""",
    )],
    "pydata-sphinx-theme.js": [(
        # a tab stop for each scrollable block, measured at load (a layout of the whole page) ...
        "forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})",
        # ... or as each block is laid out (and again when its size changes): all read, then
        # only the changed ones written, so one layout serves every block.  Until a block is
        # laid out (a section off screen is skipped: render_cost_css) it is a tab stop, so a
        # keyboard always reaches a block that may scroll.
        "forEach(e=>{e.hasAttribute(\"tabindex\")||(e.tabIndex=0),"
        "(window.scTabStops||(window.scTabStops=new ResizeObserver(t=>{"
        "const s=t.map(({target:e})=>e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1);"
        "t.forEach(({target:e},i)=>{e.tabIndex!==s[i]&&(e.tabIndex=s[i])})}))).observe(e)})",
    )],
}


def patch_script(name: str, text: str, missed: list[str] | None = None) -> str:
    """``text`` (the installed theme script ``name``) with SCRIPT_PATCHES applied, no source map.

    A patch whose text the script does not hold exactly once is skipped and described in ``missed``."""
    for number, (old, new) in enumerate(SCRIPT_PATCHES[name]):
        count = text.count(old)
        if count != 1:
            if missed is not None:
                found = "matched nothing" if not count else f"matched {count} times, not once"
                missed.append(f"the rewrite SCRIPT_PATCHES[{name!r}][{number}] ({old[:40]}...) {found}")
            continue
        text = text.replace(old, new)
    return re.sub(r"//# sourceMappingURL=\S+\s*$", "", text)  # the map is of the unpatched file


# ------------------------------------------------------------------ the build


def finish_build(app, exception) -> None:
    """``build-finished``: trimmed theme CSS, no Font Awesome files, every page rewritten."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.builder.outdir)
    static = out / "_static"
    css = (PYDATA / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    missed: list[str] = []
    (static / "styles" / "pydata-sphinx-theme.css").write_text(trim_theme_css(css, missed), encoding="utf-8")
    _warn_missed(missed, "_static/styles/pydata-sphinx-theme.css")
    for name in SCRIPT_PATCHES:
        script = (PYDATA / "static" / "scripts" / name).read_text(encoding="utf-8")
        missed = []
        (static / "scripts" / name).write_text(patch_script(name, script, missed), encoding="utf-8")
        _warn_missed(missed, f"_static/scripts/{name}")
        (static / "scripts" / f"{name}.map").unlink(missing_ok=True)
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (static / "scripts" / name).unlink(missing_ok=True)
    (static / "styles" / "pydata-sphinx-theme.css.map").unlink(missing_ok=True)  # maps the untrimmed file
    shutil.rmtree(static / "vendor" / "fontawesome", ignore_errors=True)
    if (static / "vendor").is_dir() and not any((static / "vendor").iterdir()):
        (static / "vendor").rmdir()
    doc_options = (static / "documentation_options.js").read_text(encoding="utf-8").strip()
    missed_in: dict[str, list[str]] = {}  # rewrite -> the pages it matched nothing in
    for page in sorted(out.rglob("*.html")):
        if page.is_relative_to(static):
            continue
        text = page.read_text(encoding="utf-8")
        try:
            new = rewrite_page(text, doc_options)
        except IconError as error:
            raise IconError(f"{page.relative_to(out)}: {error}") from None
        if new != text:
            page.write_text(new, encoding="utf-8")
        for name in missed_rewrites(new):
            missed_in.setdefault(name, []).append(page.relative_to(out).as_posix())
    for name, pages in missed_in.items():
        _warn_missed([f"the rewrite {name!r} matched nothing"], _some(pages))


def _some(pages: list[str], shown: int = 3) -> str:
    """``a.html``, ``a.html, b.html`` ... or ``a.html, b.html, c.html and 17 more pages``."""
    more = f" and {len(pages) - shown} more pages" if len(pages) > shown else ""
    return ", ".join(pages[:shown]) + more


def _warn_missed(missed: list[str], where: str) -> None:
    """A warning for each rewrite that did not apply in ``where`` (pages or a file of the build)."""
    for what in missed:
        logger.warning(f"spasm_course.sphinx.slim: {what} in {where}; the theme's markup has changed: "
                       f"see {UPGRADING}", type="spasm_course", subtype="rewrite")


def add_paths(app, config) -> None:
    """``config-inited``: our templates shadow the theme's; our static folder is copied."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app):
    app.connect("config-inited", check_theme_versions)
    app.connect("config-inited", add_paths)
    app.connect("html-page-context", drop_unused_assets, priority=950)
    app.connect("build-finished", finish_build)
    # The theme's accessibility fix-ups, on every page (see the file for the theme version).
    app.add_js_file("theme-fixes.js", priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
