"""Each page reads at about US grade 8, and each chapter states its objectives and time."""

import re

import pytest
import yaml

from prose import MAX_GRADE, REPO, course_pages, grade, markdown_passages, notebook_markdown, page_passages
OBJECTIVES = yaml.safe_load((REPO / "spasm_course" / "content" / "objectives.yml").read_text(encoding="utf-8"))

# Chapter number -> notebook.  Chapter 5 is checked when its notebook exists.
CHAPTER_NOTEBOOKS = {
    1: "01-what-are-muscle-spasms.ipynb",
    2: "02-causes.ipynb",
    3: "03-symptoms.ipynb",
    4: "04-treatment-and-when-to-see-a-doctor.ipynb",
    5: "05-triage-simulator.ipynb",
    6: "06-review.ipynb",
}
OPTIONAL_CHAPTERS = {5}  # written by another part of the project; may land later


@pytest.mark.parametrize("page", course_pages(), ids=lambda p: p.name)
def test_page_reads_at_grade_8(page):
    passages = page_passages(page)
    assert passages, f"{page.name}: no prose found"
    score = grade(passages)
    assert score <= MAX_GRADE, f"{page.name}: Flesch-Kincaid grade {score} > {MAX_GRADE}; use shorter sentences and words"


def _triage_texts(node, path: str = ""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _triage_texts(value, f"{path}.{key}" if path else key)
    elif isinstance(node, list):
        for value in node:
            yield from _triage_texts(value, path)
    elif isinstance(node, str):
        yield path, node


def test_the_triage_simulator_reads_at_grade_8():
    # Every word the simulator shows (triage.yml), less the source's own sentences: the quotes
    # (`sources`, and text in curly quotes) and what is not words (ids, colours, field lists).
    from spasm_course.content.triage_words import load_content

    skip = ("sources", "body_areas", "tie_break.fields")
    passages = [re.sub(r"“[^”]*”|[{}]", "", text).strip()
                for path, text in _triage_texts(load_content().model_dump(exclude_none=True))
                if not path.startswith(skip) and not path.endswith((".colour", ".background"))]
    assert len(passages) > 100
    assert "This course only covers muscle spasms and twitches in the arms, legs, neck and back." in passages
    score = grade([p for p in passages if p])
    assert score <= MAX_GRADE, f"triage.yml: Flesch-Kincaid grade {score} > {MAX_GRADE}"


def test_grade_check_fails_for_hard_text():
    hard = markdown_passages(
        "Intermittent involuntary myofascial contractions, notwithstanding their "
        "characteristically self-limiting presentation, frequently necessitate "
        "comprehensive differential evaluation, particularly whenever recurrence, "
        "unresponsiveness to conservative interventions, or substantial severity "
        "accompanies the symptomatology."
    )
    assert grade(hard) > MAX_GRADE


def test_grade_ignores_quotes_code_and_markup():
    # The same plain sentences, wrapped in things the check must not count.
    plain = "A cramp is a tight muscle. It often hurts. It goes away soon."
    wrapped = (
        "# An extraordinarily complicated heading about electrolyte abnormalities\n\n"
        "> A quotation, notwithstanding its considerable length and its complicated, "
        "polysyllabic vocabulary, is excluded.\n\n"
        "```python\ncomplicated_identifier = unnecessarily_sophisticated_function()\n```\n\n"
        "A {term}`cramp <Muscle cramp>` is a tight muscle. It often hurts. "
        "It goes away [soon](https://example.org/extraordinarily/complicated/address).\n\n"
        "```{glossary}\nIncomprehensibly polysyllabic terminology\n   A tight muscle.\n```\n\n"
        ":::{note}\n:class: extraordinarily-complicated-option\nIt goes away soon.\n:::\n"
    )
    assert markdown_passages(wrapped) == [plain, "A tight muscle.", "It goes away soon."]


def _objectives_listed(cells: list[str]) -> list[str] | None:
    """Bullets under the 'Learning objectives' heading, or None if there is none."""
    lines = "\n".join(cells).split("\n")
    for index, line in enumerate(lines):
        if re.match(r"^#+\s*Learning objectives\s*$", line.strip(), re.I):
            items = []
            for after in lines[index + 1:]:
                bullet = re.match(r"^\s*[-*+]\s+(.*)$", after)
                if bullet:
                    items.append(bullet.group(1).strip())
                elif after.strip().startswith("#") or (items and after.strip()):
                    break  # the list ended (or a new section began)
            return items
    return None


def _chapter_cases() -> list:
    cases = []
    for chapter, name in CHAPTER_NOTEBOOKS.items():
        path = REPO / "notebooks" / name
        if chapter in OPTIONAL_CHAPTERS and not path.exists():
            continue
        cases.append(pytest.param(chapter, path, id=name))
    return cases


@pytest.mark.parametrize("chapter, path", _chapter_cases())
def test_chapter_lists_its_objectives_and_time(chapter, path):
    assert path.exists(), f"missing chapter notebook {path}"
    cells = notebook_markdown(path)
    expected = [o["text"] for o in OBJECTIVES if o["chapter"] == chapter]
    listed = _objectives_listed(cells)
    assert listed is not None, f"{path.name}: no 'Learning objectives' heading"
    assert listed == expected, f"{path.name}: objectives differ from objectives.yml (chapter {chapter})"
    assert re.search(r"Estimated time:\s*(about\s+)?\d+\s+minutes", "\n".join(cells)), (
        f"{path.name}: no 'Estimated time: N minutes' line"
    )
