"""The theme files spasm_course.sphinx.slim was written against are the installed ones.

sphinx_slim shadows two theme templates, trims the theme's CSS and rewrites its
icons (see its docstring).  After a theme upgrade those overrides may silently
drop a fix or break a page, so each installed file they rely on is pinned by
sha256; a mismatch fails here naming the file to re-check.
"""

from __future__ import annotations

import hashlib
import io
import re
from importlib import metadata

import pytest
from repo import ROOT
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

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
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    for package, version in sphinx_slim.THEME_VERSIONS.items():
        assert f"{package}=={version}" in requirements, f"requirements.txt does not pin {package}=={version}"
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


def test_theme_scripts_are_patched_and_a_missing_text_is_named():
    """The build's bootstrap.js makes tooltips when wanted and pydata's finds tab stops as blocks are
    laid out (tests/browser/test_page_speed.py checks both in a browser); a theme whose script lacks
    the patched text (or holds it twice) is left alone and the patch named (the build warns: below)."""
    for name, patches in sphinx_slim.SCRIPT_PATCHES.items():
        installed = (sphinx_slim.PYDATA / "static" / "scripts" / name).read_text(encoding="utf-8")
        missed = []
        patched = sphinx_slim.patch_script(name, installed, missed)
        assert missed == []
        for old, new in patches:
            assert old not in patched and new in patched
        assert "sourceMappingURL" not in patched  # the map is of the unpatched file
        old = patches[0][0]
        for changed, found in ((installed.replace(old, ""), "matched nothing"),
                               (installed + old, "matched 2 times, not once")):
            missed = []
            assert patches[0][1] not in sphinx_slim.patch_script(name, changed, missed)  # left alone
            assert missed == [f"the rewrite SCRIPT_PATCHES[{name!r}][0] ({old[:40]}...) {found}"]


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


# ----------------------------------------------------------------- the build's own checks
# A fork may upgrade the theme without running these tests: the build itself warns (and the
# repository's builds use -W, so a warning fails them).


def _sphinx(tmp_path, builder: str = "dummy") -> list[str]:
    """Build a one-page project that uses sphinx-book-theme and this extension; returns the warnings
    it logged.  (Only this extension's: Sphinx apps made earlier in the same test process may have
    left docutils nodes registered, which the next app warns about.  The real build, below, counts
    every warning.)"""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text('extensions = ["spasm_course.sphinx.slim"]\nhtml_theme = "sphinx_book_theme"\n',
                                 encoding="utf-8")
    (src / "index.rst").write_text("Title\n=====\n\nWords.\n", encoding="utf-8")
    warnings = io.StringIO()
    with docutils_namespace():  # each app registers its nodes and directives afresh
        app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), builder,
                     status=None, warning=warnings, freshenv=True)
        app.build()
    return [line for line in warnings.getvalue().splitlines() if "WARNING" in line and sphinx_slim.__name__ in line]


def test_other_installed_theme_versions_log_one_warning_naming_them_and_the_section(tmp_path, monkeypatch):
    found = {"sphinx-book-theme": "1.4.0", "pydata-sphinx-theme": "0.16.0"}
    monkeypatch.setattr(sphinx_slim, "installed_version", found.get)
    warnings = _sphinx(tmp_path)
    assert len(warnings) == 1, warnings
    for words in ("sphinx-book-theme 1.4.0", "pydata-sphinx-theme 0.16.0",  # installed
                  "sphinx-book-theme 1.3.0", "pydata-sphinx-theme 0.17.1",  # pinned
                  'CONTRIBUTING.md, section "Upgrading the theme"'):
        assert words in warnings[0], words
    assert "## Upgrading the theme" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_one_theme_missing_is_named_too(tmp_path, monkeypatch):
    monkeypatch.setattr(sphinx_slim, "installed_version",
                        lambda package: None if package == "pydata-sphinx-theme" else "1.3.0")
    (warning,) = _sphinx(tmp_path)
    assert "found pydata-sphinx-theme (not installed); pinned pydata-sphinx-theme 0.17.1" in warning
    assert "sphinx-book-theme" not in warning


def test_the_pinned_versions_and_real_pages_log_no_warning(tmp_path):
    """The installed themes are the pinned ones, and every required rewrite applies to a real page."""
    assert _sphinx(tmp_path, "html") == []
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert sphinx_slim.RESOLVED_THEME_SCRIPT in page and sphinx_slim.missed_rewrites(page) == []


def test_a_rewrite_that_matches_nothing_logs_a_warning_naming_it_and_the_page(tmp_path, monkeypatch):
    monkeypatch.setattr(sphinx_slim, "_THEME_SCRIPT", re.compile("a colour-mode script the theme no longer writes"))
    monkeypatch.setitem(sphinx_slim.SCRIPT_PATCHES, "bootstrap.js", [("a text bootstrap.js lacks", "x")])
    warnings = _sphinx(tmp_path, "html")
    assert len(warnings) == 2, warnings  # one for the pages, one for the script
    assert any("'colour theme resolved before the first style (_THEME_SCRIPT)' matched nothing in "
               "genindex.html, index.html, search.html;" in line for line in warnings)
    assert any("SCRIPT_PATCHES['bootstrap.js'][0] (a text bootstrap.js lacks...) matched nothing in "
               "_static/scripts/bootstrap.js" in line for line in warnings)
    assert all('see CONTRIBUTING.md, section "Upgrading the theme"' in line for line in warnings)


def test_each_required_rewrite_is_missed_when_its_result_is_absent():
    page = ('<head>\n    ' + sphinx_slim.HOLD_FIRST_PAINT + '<script>' + sphinx_slim.RESOLVED_THEME_SCRIPT
            + '</script><script>const DOCUMENTATION_OPTIONS = {};</script></head><body>'
            + '<article class="bd-article">' + sphinx_slim.HEADER_PARSED + '<svg class="svg-inline--fa fa-bars">'
            + '</svg></article></body>')
    assert sphinx_slim.missed_rewrites(page) == []
    assert sphinx_slim.missed_rewrites('<meta http-equiv="Refresh" content="0; url=book/intro.html" />') == []
    cuts = {"Font Awesome icons to inline SVG (_I_TAG)": "svg-inline--fa",
            "colour theme resolved before the first style (_THEME_SCRIPT)": sphinx_slim.RESOLVED_THEME_SCRIPT,
            "documentation_options.js inlined (_DOC_OPTIONS)": "DOCUMENTATION_OPTIONS",
            "first paint held for the article header (_AFTER_HEADER)": sphinx_slim.HEADER_PARSED}
    assert set(cuts) == set(sphinx_slim.REQUIRED_REWRITES)
    for name, text in cuts.items():
        assert sphinx_slim.missed_rewrites(page.replace(text, "")) == [name]
    assert sphinx_slim._some(["a.html", "b.html"]) == "a.html, b.html"
    assert sphinx_slim._some([f"{n}.html" for n in range(20)]) == "0.html, 1.html, 2.html and 17 more pages"


def test_a_theme_css_with_no_font_awesome_rules_is_named():
    missed = []
    sphinx_slim.trim_theme_css(".a{color:red}", missed)
    assert missed == ["the rewrite 'Font Awesome glyph rules removed (_FONT_GLYPH)' matched nothing",
                      "the rewrite 'Font Awesome @font-face rules removed' matched nothing"]


def test_the_books_build_logged_neither_a_version_nor_a_rewrite_warning(student_site):
    """The real build (tests/conftest.py keeps its log): the pinned themes, and every rewrite applied."""
    log = (student_site.parent.parent / "build.log").read_text(encoding="utf-8")
    assert "installed theme versions differ" not in log and "Upgrading the theme" not in log
    assert "matched nothing" not in log and "matched 2 times" not in log
