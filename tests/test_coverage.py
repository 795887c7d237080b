"""Every sentence of the source is *taught* in the course's own words.

For each sentence, bullet and section title of the source, at least 80 % of
its content words (see ``prose.content_words``: lower-case, stopwords removed,
light stemming) must appear together in ONE passage (a paragraph or a list
item) of the course's own prose.  Quoting the source does not count: the
blockquotes and the source-text page are left out (see ``prose.py``).
"""

from prose import REPO, SOURCE_PATH, course_pages, coverage_gaps, markdown_passages, page_passages, source_units

THRESHOLD = 0.8
# The chapters written as prose; other notebooks (the triage simulator) are
# scanned too, whatever their names, but these must exist.
REQUIRED_NOTEBOOKS = [
    "01-what-are-muscle-spasms.ipynb",
    "02-causes.ipynb",
    "03-symptoms.ipynb",
    "04-treatment-and-when-to-see-a-doctor.ipynb",
    "06-review.ipynb",
]

SOURCE = SOURCE_PATH.read_text(encoding="utf-8")


def test_required_notebooks_are_scanned():
    names = {page.name for page in course_pages()}
    missing = [name for name in REQUIRED_NOTEBOOKS if name not in names]
    assert not missing, f"chapter notebooks missing from notebooks/: {missing}"
    assert "source-text.md" not in names, "the verbatim source page must not count as teaching"


def test_every_source_sentence_is_taught():
    passages = [p for page in course_pages() for p in page_passages(page)]
    gaps = coverage_gaps(source_units(SOURCE), passages, THRESHOLD)
    assert not gaps, "source sentences the course does not teach in its own words:\n" + "\n".join(gaps)


def test_source_has_the_expected_units():
    # 4 titles + 15 sentences outside bullets + 7 sentences in bullets = 26.
    units = source_units(SOURCE)
    assert len(units) == 26
    assert "Gently stretch and massage the spasmodic muscle." in units
    assert "Soaking in a warm bathtub may also offer relief." in units


# ---- the checker itself must fail on a course that leaves something out


def _course_from_source(drop: str = "", quote: bool = False) -> list[str]:
    """A fake course that restates every source sentence as its own paragraph,
    minus ``drop``; with ``quote`` the sentences are blockquoted instead."""
    units = [u for u in source_units(SOURCE) if u != drop]
    prefix = "> " if quote else ""
    return markdown_passages("\n\n".join(prefix + u for u in units))


def test_checker_passes_a_course_that_restates_everything():
    assert coverage_gaps(source_units(SOURCE), _course_from_source(), THRESHOLD) == []


def test_checker_fails_when_one_sentence_is_missing():
    dropped = "Your doctor may prescribe medications or administer an injection to help relieve your symptoms."
    gaps = coverage_gaps(source_units(SOURCE), _course_from_source(drop=dropped), THRESHOLD)
    assert len(gaps) == 1 and gaps[0].startswith(repr(dropped))
    assert "prescrib" in gaps[0]  # the message names the missing words


def test_quoting_the_source_is_not_teaching_it():
    gaps = coverage_gaps(source_units(SOURCE), _course_from_source(quote=True), THRESHOLD)
    assert len(gaps) == len(source_units(SOURCE))


def test_words_spread_over_two_passages_do_not_count():
    unit = ["Spasms may occur when a muscle is overused, tired, previously injured, or strained."]
    split = markdown_passages("Spasms may occur when a muscle is overused.\n\n- tired, previously injured, or strained")
    assert coverage_gaps(unit, split) != []
    joined = markdown_passages("A spasm can occur when a muscle is overused, tired, injured before (previously), or strained.")
    assert coverage_gaps(unit, joined) == []
