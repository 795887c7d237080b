"""The theme files spasm_course.sphinx.slim was written against are the installed ones.

sphinx_slim shadows two theme templates, trims the theme's CSS and rewrites its
icons (see its docstring).  After a theme upgrade those overrides may silently
drop a fix or break a page, so each installed file they rely on is pinned by
sha256; a mismatch fails here naming the file to re-check.
"""

from __future__ import annotations

import hashlib
import re
from importlib import metadata

import pytest

from spasm_course.sphinx import slim as sphinx_slim


@pytest.mark.parametrize("path", list(sphinx_slim.PINNED), ids=lambda p: "/".join(p.parts[-3:]))
def test_installed_theme_file_is_the_pinned_one(path):
    assert path.is_file(), f"{path} is gone: sphinx_slim's overrides rely on it"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == sphinx_slim.PINNED[path], (
        f"{path} differs from the version spasm_course/sphinx/slim.py was written for "
        f"(sha256 {digest}); re-check the override that relies on it, then update PINNED")


def test_theme_versions_match_and_theme_fixes_name_them():
    fixes = (sphinx_slim.STATIC / "theme-fixes.js").read_text(encoding="utf-8")
    for package, version in sphinx_slim.THEME_VERSIONS.items():
        assert metadata.version(package) == version, f"{package} {metadata.version(package)} installed, pinned {version}"
        assert f"{package} {version}" in fixes, f"theme-fixes.js does not name {package} {version}"


def test_shadowed_templates_exist_in_the_theme():
    """Each template we shadow still exists in the theme (else our copy is dead)."""
    for ours in (sphinx_slim.TEMPLATES / "static" / "webpack-macros.html", sphinx_slim.TEMPLATES / "layout.html"):
        theirs = sphinx_slim.PYDATA / ours.relative_to(sphinx_slim.TEMPLATES)
        assert theirs in sphinx_slim.PINNED, f"{ours.name} shadows {theirs}, which is not pinned"


def test_trimmed_css_has_no_icon_font_and_keeps_the_rest():
    css = (sphinx_slim.PYDATA / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    trimmed = sphinx_slim.trim_theme_css(css)
    assert "webfonts/fa-" not in trimmed and not re.search(r"\.fa-monero:before", trimmed)
    assert "Font Awesome Free 6.5.2" in trimmed, "the Font Awesome licence comment must stay"
    # Every non-Font-Awesome rule is kept: e.g. Bootstrap's and the theme's own.
    for kept in (".d-print-none{display:none!important}", ".theme-switch-button .theme-switch{display:none}",
                 "--pst-icon-admonition-note"):
        assert kept in trimmed, kept
    assert len(trimmed) < len(css) - 60_000  # about 2,000 glyph rules gone


def test_every_icon_the_theme_css_draws_has_an_svg():
    """Each --pst-icon-* the theme defines with a glyph is mapped to an icon we ship."""
    css = (sphinx_slim.PYDATA / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    glyphs = set(re.findall(r'--pst-icon-([\w-]+):"', css))
    missing = glyphs - set(sphinx_slim.CSS_ICONS) - {"versionmodified-default"}
    assert not missing, f"theme CSS icons with no SVG in sphinx_slim.CSS_ICONS: {sorted(missing)}"
    for name in sphinx_slim.CSS_ICONS.values():
        assert name in sphinx_slim.ICONS, name


def test_unknown_icon_fails_naming_it():
    with pytest.raises(sphinx_slim.IconError, match="fa-unicorn|'unicorn'"):
        sphinx_slim.rewrite_page('<head></head><i class="fa-solid fa-unicorn"></i>', "")


def test_rewrite_defers_head_scripts_and_inlines_options():
    page = ('<head><script src="_static/documentation_options.js?v=1"></script>'
            '<script src="_static/doctools.js?v=2"></script><script async src="a.js"></script></head>'
            '<body><button aria-label="Search"><i class="fa-solid fa-magnifying-glass fa-lg" title="x"></i></button>'
            '<i>kept words</i></body>')
    out = sphinx_slim.rewrite_page(page, "const DOCUMENTATION_OPTIONS = {};")
    assert "<script>const DOCUMENTATION_OPTIONS = {};</script>" in out
    assert '<script defer src="_static/doctools.js?v=2">' in out and "<script async src=\"a.js\">" in out
    assert '<svg class="svg-inline--fa fa-magnifying-glass fa-lg" aria-hidden="true"' in out
    assert 'title="x"' not in out and "<i>kept words</i>" in out


def test_span_icons_are_rewritten_too():
    """sphinx-book-theme writes its sidebar toggles' icons as <span class="fa-solid ...">."""
    out = sphinx_slim.rewrite_page('<head></head><button title="Toggle"><span class="fa-solid fa-bars"></span>'
                                   '</button><span class="x"></span>', "")
    assert '<svg class="svg-inline--fa fa-bars"' in out and '<span class="x"></span>' in out


def test_launch_menu_logos_load_when_shown():
    out = sphinx_slim.rewrite_page('<head></head><img alt="Binder logo" src="../_static/images/logo_binder.svg">', "")
    assert out.endswith('<img loading="lazy" alt="Binder logo" src="../_static/images/logo_binder.svg">')


def test_theme_scripts_are_patched_and_a_missing_text_fails_naming_the_file():
    """The build's bootstrap.js makes tooltips when wanted and pydata's finds tab stops as blocks are
    laid out (tests/browser/test_page_speed.py checks both in a browser); a theme whose script lacks
    the patched text fails the build, naming the script."""
    for name, patches in sphinx_slim.SCRIPT_PATCHES.items():
        installed = (sphinx_slim.PYDATA / "static" / "scripts" / name).read_text(encoding="utf-8")
        patched = sphinx_slim.patch_script(name, installed)
        for old, new in patches:
            assert old not in patched and new in patched
        assert "sourceMappingURL" not in patched  # the map is of the unpatched file
        with pytest.raises(sphinx_slim.ThemeScriptError, match=re.escape(name)):
            sphinx_slim.patch_script(name, installed.replace(patches[0][0], ""))


def test_rewrite_resolves_the_colour_theme_and_holds_paint_for_the_header():
    page = ('<html data-theme="auto"><head>\n<script data-cfasync="false">\n'
            '    document.documentElement.dataset.mode = localStorage.getItem("mode") || "auto";\n'
            '    document.documentElement.dataset.theme = localStorage.getItem("theme") || "auto";\n'
            '</script></head><body><div class="header-article-items__end"><button>x</button></div>'
            '<div id="jb-print-docs-body" class="onlyprint"></div></body></html>')
    out = sphinx_slim.rewrite_page(page, "")
    assert 'localStorage.getItem("theme")' not in out and sphinx_slim.RESOLVED_THEME_SCRIPT in out
    head, _, body = out.partition("</head>")
    assert head.startswith('<html data-theme="auto"><head>\n    ' + sphinx_slim.HOLD_FIRST_PAINT)
    assert body.index(sphinx_slim.HEADER_PARSED) > body.index("header-article-items__end")
    assert sphinx_slim.rewrite_page(out, "") == out  # once only


def test_off_screen_sections_are_skipped_on_screens_only_and_never_a_widgets():
    css = sphinx_slim.render_cost_css()
    assert css.startswith("@media screen{") and "content-visibility:auto" in css
    for widget in ("sc-quiz", "sc-triage", "sc-progress", "sc-practice"):
        assert f".{widget}" in css.split(":not(:has(", 1)[1].split(")")[0]
