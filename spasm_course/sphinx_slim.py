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
  removes the unused Font Awesome files from the output.

``tests/test_theme_pins.py`` pins the sha256 of every installed theme file
these overrides were written against (:data:`PINNED`), so a theme upgrade
fails the tests naming the file to re-check.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pydata_sphinx_theme
import sphinx_book_theme

HERE = Path(__file__).parent / "theme"
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
ICONS: dict[str, dict] = json.loads((HERE / "icons.json").read_text(encoding="utf-8"))["icons"]

PYDATA = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
BOOK = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme"

#: Theme versions these overrides were written for (theme-fixes.js names them too).
THEME_VERSIONS = {"pydata-sphinx-theme": "0.17.1", "sphinx-book-theme": "1.3.0"}

#: Installed theme files the overrides rely on -> the sha256 they were written against.
PINNED = {
    # shadowed by theme/templates/static/webpack-macros.html
    PYDATA / "static/webpack-macros.html": "b1f893e4416c7cc7cf9ed5f2e7a46cf9f94f653cd8c848138bf45a2fda166f67",
    # its extrahead block is replaced by theme/templates/layout.html
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
}

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


def rewrite_page(text: str, doc_options: str) -> str:
    """Inline SVG icons, lazy menu logos, documentation_options.js inline, head scripts deferred."""
    text = _I_TAG.sub(_replace_icon, text)
    text = _MENU_LOGO.sub(r'<img loading="lazy" \1>', text)
    head, sep, body = text.partition("</head>")
    if not sep:
        return text
    head = _DOC_OPTIONS.sub(lambda m: f"<script>{doc_options}</script>", head)
    head = _HEAD_SCRIPT.sub(lambda m: f"<script defer{m.group(1)}></script>", head)
    return head + sep + body


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
        "/* spasm_course.sphinx_slim: Font Awesome Free icons (CC BY 4.0) as inline SVG and CSS masks;"
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
    # the progress page's status line (two lines on a phone) is written by course.js on load.
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


def trim_theme_css(css: str) -> str:
    """pydata-sphinx-theme.css without Font Awesome's glyph rules and @font-face rules, plus icon_css()."""
    kept = []
    for statement in _statements(css):
        glyph = _FONT_GLYPH.match(statement)
        if glyph:
            kept.append(glyph.group(1) or "")  # keep a licence comment that precedes the rule
        elif statement.lstrip().startswith("@font-face") and "Font Awesome" in statement:
            continue
        else:
            kept.append(statement)
    text = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", "".join(kept))  # the map is of the untrimmed file
    return text.rstrip() + "\n" + icon_css()


# ------------------------------------------------------------------ the build


def finish_build(app, exception) -> None:
    """``build-finished``: trimmed theme CSS, no Font Awesome files, every page rewritten."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.builder.outdir)
    static = out / "_static"
    css = (PYDATA / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    (static / "styles" / "pydata-sphinx-theme.css").write_text(trim_theme_css(css), encoding="utf-8")
    for name in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (static / "scripts" / name).unlink(missing_ok=True)
    (static / "styles" / "pydata-sphinx-theme.css.map").unlink(missing_ok=True)  # maps the untrimmed file
    shutil.rmtree(static / "vendor" / "fontawesome", ignore_errors=True)
    if (static / "vendor").is_dir() and not any((static / "vendor").iterdir()):
        (static / "vendor").rmdir()
    doc_options = (static / "documentation_options.js").read_text(encoding="utf-8").strip()
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


def add_paths(app, config) -> None:
    """``config-inited``: our templates shadow the theme's; our static folder is copied."""
    config.templates_path = [str(TEMPLATES), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def setup(app):
    app.connect("config-inited", add_paths)
    app.connect("html-page-context", drop_unused_assets, priority=950)
    app.connect("build-finished", finish_build)
    # The theme's accessibility fix-ups, on every page (see the file for the theme version).
    app.add_js_file("theme-fixes.js", priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
