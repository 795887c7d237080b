"""Hosting: every link of the built site, with and without a repository address.

* The default build (no address set) links to no host the course does not
  control, shows no repository, issues or launch button, and says so in one
  line of its build log.
* The build with a repository and a JupyterHub address (``site_with_repo``)
  has launch links to that repository and to each chapter's own notebook.
* Every page shows the course version and loads the print stylesheet.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from sitebuild import ROOT
from sphinx.errors import ConfigError

from spasm_course.sphinx import hosting as sphinx_hosting
from spasm_course.content.version import course_version

# The addresses that tests/conftest.py's site_with_repo is built with (REPO_ENV there).
REPO = "https://github.com/example-org/spasm-course-fork"
HUB = "https://hub.example-university.edu"
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))

#: Outside hosts a page of the default build may link to: none.  The course's
#: source text has no web address, and without a configured repository there
#: is nothing else of the course's own to link to.
ALLOWED_HOSTS_DEFAULT: set[str] = set()
#: ...and of the build with a repository and a hub set.
ALLOWED_HOSTS_WITH_REPO = {"github.com", "mybinder.org", urlsplit(HUB).netloc}

#: Addresses the course once used as placeholders; no output may hold them.
PLACEHOLDERS = ("spasm-course/muscle-spasms-course", "jupyterhub.example.org", "colab.research.google.com")

LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite", "srcset"}


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.title_of: dict[str, str] = {}           # url -> the link's title

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value:
                urls = [part.split()[0] for part in value.split(",")] if name == "srcset" else [value]
                for url in urls:
                    self.links.append((tag, name, url.strip()))
                    if attributes.get("title"):
                        self.title_of[url.strip()] = attributes["title"]


def page_links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def external(url: str) -> bool:
    return bool(re.match(r"(?i)^(?:[a-z][a-z0-9+.-]*:|//)", url)) and not url.startswith(("data:", "#"))


def check_links(site: Path, allowed_hosts: set[str]) -> list[str]:
    """Every link of every page: outside links go to an allowed host; links
    inside the site reach a file that exists."""
    problems = []
    for page in html_pages(site):
        where = page.relative_to(site).as_posix()
        for tag, attribute, url in page_links(page).links:
            if url.startswith("data:"):
                continue  # the content itself (a drawn quiz case), not a link
            if external(url):
                parts = urlsplit(url)
                if parts.scheme not in ("http", "https") or parts.netloc not in allowed_hosts:
                    problems.append(f"{where}: <{tag} {attribute}> goes outside the course: {url}")
                continue
            path = unquote(urlsplit(url).path)
            if not path:
                continue  # "#anchor" on the same page
            target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{where}: <{tag} {attribute}> is broken: {url}")
    return problems


def outside_links(site: Path, page: str) -> dict[str, str]:
    """The outside links of one page: url -> its title (the button's tooltip)."""
    parsed = page_links(site / page)
    return {url: parsed.title_of.get(url, "") for _, _, url in parsed.links if external(url)}


def build_log(site: Path) -> str:
    return (site.parents[1] / "build.log").read_text(encoding="utf-8")


# ----------------------------------------------------------------- default build: no repository


def test_default_site_links_only_inside_the_course(student_site):
    problems = check_links(student_site, ALLOWED_HOSTS_DEFAULT)
    assert not problems, "\n".join(problems[:30])


def test_no_output_file_names_a_placeholder_address(student_site, site_with_repo):
    for site in (student_site, site_with_repo):
        for path in site.rglob("*"):
            if path.suffix in {".html", ".js", ".txt", ".css", ".md", ".ipynb", ".json"} and path.is_file():
                text = path.read_text(encoding="utf-8", errors="replace")
                for placeholder in PLACEHOLDERS:
                    assert placeholder not in text, f"{path.relative_to(site)} names {placeholder}"


def test_default_site_has_no_repository_issues_or_launch_buttons(student_site):
    for name in CHAPTERS:
        text = (student_site / f"notebooks/{name}.html").read_text(encoding="utf-8")
        for marker in ("launch-buttons", "repository-button", "btn-source-issues-button",
                       "Launch on", "Source repository", "Open an issue"):
            assert marker not in text, f"notebooks/{name}.html shows {marker!r}"
        # the download buttons stay: they need no repository
        assert f"_sources/notebooks/{name}.ipynb" in text


def test_default_build_log_says_once_that_no_repository_is_set(student_site, site_with_repo):
    log = build_log(student_site)
    lines = [line for line in log.splitlines() if sphinx_hosting.NO_REPOSITORY_NOTE in line]
    assert len(lines) == 1, f"expected the note once in the build log, found {len(lines)}"
    assert "WARNING" not in lines[0]
    assert sphinx_hosting.NO_REPOSITORY_NOTE not in build_log(site_with_repo)


def test_default_about_page_cites_the_version_and_no_address(student_site):
    text = (student_site / "book/about.html").read_text(encoding="utf-8")
    version = course_version(ROOT)
    assert f"Version {version}, 2026." in text
    assert "howpublished" not in text
    assert "Please tell the person or group who runs this copy of the course." in text
    assert "/issues" not in text


# ----------------------------------------------------------------- with a repository and a hub


def test_site_with_repo_links_only_to_its_repository_binder_and_hub(site_with_repo):
    problems = check_links(site_with_repo, ALLOWED_HOSTS_WITH_REPO)
    assert not problems, "\n".join(problems[:30])
    for page in html_pages(site_with_repo):
        for url in outside_links(site_with_repo, page.relative_to(site_with_repo).as_posix()):
            if urlsplit(url).netloc == "github.com":
                assert url == REPO or url.startswith(REPO + "/"), f"{page.name} links another repository: {url}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_launch_links_open_this_chapter_in_the_configured_repository(site_with_repo, name):
    notebook = f"notebooks/{name}.ipynb"
    assert (ROOT / notebook).is_file()
    links = outside_links(site_with_repo, f"notebooks/{name}.html")
    by_title = {title: url for url, title in links.items()}
    assert set(by_title) >= {"Launch on Binder", "Launch on JupyterHub", "Source repository", "Open an issue"}, links
    assert not any("colab" in url.lower() for url in links)

    assert by_title["Source repository"] == REPO
    assert by_title["Open an issue"].startswith(f"{REPO}/issues/new?")
    assert by_title["Launch on Binder"] == (
        f"https://mybinder.org/v2/gh/example-org/spasm-course-fork/main?urlpath=lab/tree/{notebook}")

    hub = urlsplit(by_title["Launch on JupyterHub"])
    assert f"{hub.scheme}://{hub.netloc}" == HUB
    assert hub.path == "/hub/user-redirect/git-pull", "nbgitpuller's entry point"
    query = parse_qs(hub.query)
    assert query == {"repo": [REPO], "branch": ["main"],
                     "urlpath": [f"lab/tree/spasm-course-fork/{notebook}"]}, query


def test_text_pages_have_repository_buttons_but_no_launch_buttons(site_with_repo):
    links = outside_links(site_with_repo, "book/glossary.html")
    titles = set(links.values())
    assert "Source repository" in titles and "Open an issue" in titles
    assert not any(t.startswith("Launch") for t in titles)


def test_about_page_cites_and_reports_to_the_configured_repository(site_with_repo):
    text = (site_with_repo / "book/about.html").read_text(encoding="utf-8")
    assert f'<a class="reference external" href="{REPO}">{REPO}</a>' in text
    assert f"howpublished = {{\\url{{{REPO}}}}}" in re.sub(r"<[^>]+>", "", text)
    assert f'href="{REPO}/issues"' in text


# ----------------------------------------------------------------- both builds


def test_every_page_shows_the_course_version_and_loads_the_print_styles(student_site):
    version = course_version(ROOT)
    assert re.fullmatch(r"\d+\.\d+\.\d+( \(commit [0-9a-f]{7}\))?", version)
    css = (student_site / "_static" / sphinx_hosting.PRINT_CSS).read_text(encoding="utf-8")
    assert "@page" in css and "counter(page)" in css and "not medical advice" in css and version in css
    for page in html_pages(student_site):
        if page == student_site / "index.html":
            continue  # the redirect to the introduction
        text = page.read_text(encoding="utf-8")
        where = page.relative_to(student_site)
        assert f'Course version <span class="sc-version">{version}</span>' in text, where
        assert re.search(r'<link media="print" rel="stylesheet" type="text/css" href="(\.\./)*_static/'
                         + re.escape(sphinx_hosting.PRINT_CSS) + '"', text), where


# ----------------------------------------------------------------- settings (no build)


def test_the_environment_wins_and_addresses_are_tidied():
    options, repo, hub = sphinx_hosting.hosting_settings(
        {"repository_url": "https://github.com/a/b", "launch_buttons": {"binderhub_url": "https://mybinder.org"}},
        {"COURSE_REPOSITORY_URL": "https://github.com/fork/copy.git/", "COURSE_JUPYTERHUB_URL": "https://hub.test/"})
    assert (repo, hub) == ("https://github.com/fork/copy", "https://hub.test")
    assert options["repository_url"] == repo and options["use_repository_button"] and options["use_issues_button"]
    assert options["launch_buttons"] == {"binderhub_url": "https://mybinder.org", "jupyterhub_url": "https://hub.test"}


def test_a_hub_without_a_repository_shows_no_launch_button():
    options, repo, hub = sphinx_hosting.hosting_settings(
        {"repository_url": "", "launch_buttons": {"binderhub_url": "https://mybinder.org",
                                                  "jupyterhub_url": "https://hub.test"}}, {})
    assert (repo, hub) == ("", "")
    assert options["launch_buttons"]["binderhub_url"] == "" and options["launch_buttons"]["jupyterhub_url"] == ""
    assert not options["use_repository_button"] and not options["use_issues_button"]


@pytest.mark.parametrize("theme, environ, says", [
    ({}, {"COURSE_REPOSITORY_URL": "github.com/a/b"}, "COURSE_REPOSITORY_URL must be a web address"),
    ({}, {"COURSE_REPOSITORY_URL": "https://github.com/only-owner"}, "like https://github.com/OWNER/NAME"),
    ({"repository_url": "https://example.com/a/b"}, {}, "repository.url in _config.yml"),
    ({}, {"COURSE_JUPYTERHUB_URL": "hub.test"}, "COURSE_JUPYTERHUB_URL must be a web address"),
    ({"launch_buttons": {"colab_url": "https://colab.research.google.com"}}, {}, "launch_buttons.colab_url"),
])
def test_a_bad_setting_stops_the_build_with_a_clear_message(theme, environ, says):
    with pytest.raises(ConfigError, match=re.escape(says)):
        sphinx_hosting.hosting_settings(theme, environ)
