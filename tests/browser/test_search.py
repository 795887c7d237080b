"""The site's search finds course words, with no network (Sphinx's own client-side search)."""

from __future__ import annotations


def test_search_finds_the_glossary_and_chapter_for_a_course_word(page, site_url):
    page.goto(site_url + "search.html?q=fasciculation")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for()
    links = [link.get_attribute("href") for link in page.locator("#search-results ul.search li a").all()]
    assert any("book/glossary.html" in (href or "") for href in links), links
    assert any("notebooks/01-what-are-muscle-spasms.html" in (href or "") for href in links), links
    assert not page.problems.errors, page.problems.errors
    assert not page.problems.external, page.problems.external


def test_search_says_so_when_nothing_matches(page, site_url):
    page.goto(site_url + "search.html?q=zzqxjunknownword")
    summary = page.locator("#search-results p.search-summary")
    summary.wait_for()
    page.wait_for_function(
        "() => document.querySelector('#search-results p.search-summary').textContent.includes('did not match')"
    )
    assert page.locator("#search-results ul.search li").count() == 0
