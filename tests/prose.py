"""Pull the course's *own* prose out of notebooks and book pages.

Both the coverage test (does the course teach every sentence of the source?)
and the readability test (is each page at about grade 8?) need the same thing:
the words a student reads that the course wrote itself.  So this module drops

* headings, tables, HTML comments, thematic breaks and MyST target labels,
* blockquotes (that is where the course quotes the source word for word),
* code: code cells, code fences and inline code,
* directive markup: the fence lines, option lines (``:class: x``) and the
  term lines of a ``{glossary}`` (a term is a label, like a heading),

and keeps the visible words of links (``[text](url)`` -> ``text``) and of MyST
roles (``{term}`text <Target>``` -> ``text``).

The result is a list of *passages*: one per paragraph or list item.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from repo import ROOT as REPO
from spasm_course.content.balance import NEGATION, SOURCE_MENTION

#: The course's readability limit: Flesch-Kincaid US grade of each page and quiz.
MAX_GRADE = 8.5

SOURCE_PATH = REPO / "spasm_course" / "content" / "source.txt"

# Directives whose body is code or data, not prose: skipped whole.
NON_PROSE_DIRECTIVES = {
    "code", "code-block", "code-cell", "sourcecode", "literalinclude", "math",
    "raw", "eval-rst", "toctree", "image", "figure", "csv-table", "list-table",
    "bibliography", "include", "jupyter-execute",
}

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<mark>`{3,}|~{3,}|:{3,})\s*(?:\{(?P<name>[\w:.-]+)\})?(?P<arg>.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_TARGET = re.compile(r"^\s*\([\w.:-]+\)=\s*$")
_BREAK = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")


# ----------------------------------------------------------------- markdown


def _strip_front_matter(lines: list[str]) -> list[str]:
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                return lines[index + 1:]
    return lines


def _fence_body(lines: list[str], start: int, mark: str) -> tuple[list[str], int]:
    """Lines inside the fence opened at ``start``, and the index after its close."""
    char, size = mark[0], len(mark)
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= size:
            return lines[start + 1:index], index + 1
    return lines[start + 1:], len(lines)  # unclosed fence: runs to the end


def _directive_prose(name: str, body: list[str]) -> list[str]:
    """The prose lines of a directive's body (options and glossary terms dropped)."""
    # Options come first: either ":key: value" lines or a "---" YAML block.
    if body and body[0].strip() == "---":
        for index in range(1, len(body)):
            if body[index].strip() == "---":
                body = body[index + 1:]
                break
    while body and _OPTION.match(body[0]):
        body = body[1:]
    if name == "glossary":
        # Unindented lines are terms (labels); indented lines are definitions.
        body = ["" if line and not line[0].isspace() else line for line in body]
    # Dedent so indented definitions are not mistaken for list continuations.
    indents = [len(line) - len(line.lstrip()) for line in body if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] for line in body]


def _clean_inline(text: str) -> str:
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    # MyST roles: {term}`text <Target>` -> text ; {term}`text` -> text
    text = re.sub(r"\{[\w:.-]+\}`([^`]*?)\s*<[^<>`]*>`", r"\1", text)
    text = re.sub(r"\{[\w:.-]+\}`([^`]*)`", r"\1", text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)          # images
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)        # links keep their text
    text = re.sub(r"\[([^\]]*)\]\[[^\]]*\]", r"\1", text)       # reference links
    text = re.sub(r"<https?://[^>]*>", " ", text)               # autolinks
    text = re.sub(r"`[^`]*`", " ", text)                         # inline code
    text = re.sub(r"</?[a-zA-Z][^>]*>", " ", text)               # HTML tags
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)[*_]|[*_](?!\w)", "", text)          # *em* and _em_
    return re.sub(r"\s+", " ", text).strip()


def markdown_passages(text: str) -> list[str]:
    """The course's own prose in a markdown text, one string per paragraph or list item."""
    lines = _strip_front_matter(text.replace("\r\n", "\n").split("\n"))
    passages: list[str] = []
    current: list[str] = []

    def flush() -> None:
        cleaned = _clean_inline(" ".join(current))
        if re.search(r"[A-Za-z]", cleaned):
            passages.append(cleaned)
        current.clear()

    index = 0
    in_comment = False
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        index += 1
        if in_comment:
            in_comment = "-->" not in line
            continue
        if stripped.startswith("<!--") and "-->" not in stripped:
            flush()
            in_comment = True
            continue
        fence = _FENCE.match(line)
        if fence:
            flush()
            body, index = _fence_body(lines, index - 1, fence["mark"])
            name = fence["name"]
            if name and name not in NON_PROSE_DIRECTIVES:
                passages.extend(markdown_passages("\n".join(_directive_prose(name, body))))
            continue
        if (not stripped or stripped.startswith(("#", ">", "|", "$$"))
                or _TARGET.match(line) or _BREAK.match(line)):
            flush()  # blank line, heading, blockquote, table, math: all end a passage
            continue
        if _LIST_ITEM.match(line):
            flush()
            current.append(_LIST_ITEM.sub("", line, count=1))
            continue
        current.append(stripped)
    flush()
    return passages


# ----------------------------------------------------------------- pages


def notebook_markdown(path: Path) -> list[str]:
    """The markdown cells of a notebook, as strings."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not a valid notebook (JSON): {exc}") from None
    cells = []
    for cell in data.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            cells.append("".join(source) if isinstance(source, list) else source)
    return cells


def page_passages(path: Path) -> list[str]:
    """Own-prose passages of one page: a notebook (markdown cells only) or a .md file."""
    path = Path(path)
    if path.suffix == ".ipynb":
        return [p for cell in notebook_markdown(path) for p in markdown_passages(cell)]
    return markdown_passages(path.read_text(encoding="utf-8"))


#: Book pages that are not the course's own teaching prose.
NOT_OWN_PROSE = {
    "source-text.md",   # the source, word for word
    "answer-key.md",    # generated from the quiz files for instructors
}


def course_pages(repo: Path = REPO) -> list[Path]:
    """Every page whose prose the course wrote itself: notebooks, then book pages."""
    notebooks = sorted((repo / "notebooks").glob("*.ipynb"))
    book = sorted(p for p in (repo / "book").glob("*.md") if p.name not in NOT_OWN_PROSE)
    return notebooks + book


# ----------------------------------------------------------------- readability


def readable_text(passages: list[str]) -> str:
    """Join passages for textstat.  Each passage is its own unit on the page (a
    paragraph or a bullet), so one that lacks end punctuation gets a full stop;
    otherwise textstat would run a bullet into the next one as one long sentence."""
    return " ".join(p if p.endswith((".", "!", "?")) else p + "." for p in passages)


def grade(passages: list[str]) -> float:
    """Flesch-Kincaid grade (textstat 0.7.3) of a page's own prose."""
    import textstat

    return textstat.flesch_kincaid_grade(readable_text(passages))


# ----------------------------------------------------------------- source & coverage


def source_lines(text: str) -> list[tuple[str, str]]:
    """The source's non-blank lines, each tagged "heading", "bullet" or "body".

    The four section titles are the lines that end with a question mark."""
    tagged = []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        kind = "heading" if line.endswith("?") else "bullet" if line.startswith("- ") else "body"
        tagged.append((kind, line))
    return tagged


def source_units(text: str) -> list[str]:
    """Every sentence of the source, including each sentence inside a bullet,
    and each section title.  A bullet without a full stop is one unit."""
    units = []
    for kind, line in source_lines(text):
        if kind == "bullet":
            line = line[2:]
        units.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", line) if s.strip())
    return units


# Function words carry no medical content.  Modal verbs ("may", "can") are here
# too: "a spasm can occur" and "a spasm may occur" teach the same thing.
# Words that do carry meaning ("not", "often", "usually", "most", "same") are
# deliberately NOT stopwords, so the course has to teach them.
STOPWORDS = set("""
a an the and or but nor of to in on at by for with from into onto up upon
about as is are was were be been being am has have had do does did it its
itself this that these those there their they them he she his her we our
you your i me my which who whom whose what when where why how than then
thus though so such also very just may might can could will would shall
should must if one
""".split())


def stem(word: str) -> str:
    """Light stemming so that word forms match: plural -s/-es/-ies, -ed, -ing,
    then a final silent -e ("overuse", "overused" -> "overus";
    "muscle", "muscles" -> "muscl").  The same function is applied to the
    source and to the course, so it only has to be consistent, not correct."""
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("es") and len(word) > 4:
        word = word[:-2]
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        word = word[:-1]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def content_words(text: str) -> set[str]:
    """Lower-case, stemmed words of ``text`` minus stopwords."""
    return {stem(w) for w in re.findall(r"[a-z]+", text.lower()) if w not in STOPWORDS}


def coverage_gaps(units: list[str], passages: list[str], threshold: float = 0.8) -> list[str]:
    """Source units NOT taught: no single passage holds ``threshold`` of their
    content words.  Each gap is reported with the best passage's missing words."""
    passage_words = [content_words(p) for p in passages]
    gaps = []
    for unit in units:
        wanted = content_words(unit)
        if not wanted:
            continue
        best = max(passage_words, key=lambda words: len(wanted & words), default=set())
        if len(wanted & best) / len(wanted) < threshold:
            missing = ", ".join(sorted(wanted - best))
            gaps.append(f"{unit!r} (best passage lacks: {missing})")
    return gaps


# ----------------------------------------------------------------- issue 21: plain words, one attribution


_ALT = re.compile(r'\balt="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")


def chapter_prose(path: Path) -> str:
    """A chapter's own prose as one text: its markdown cells without the quoted
    source box (blockquote lines, where the course quotes the source).  A
    picture's words count (its alt text and caption); its markup does not."""
    lines = [line for cell in notebook_markdown(path) for line in cell.splitlines()
             if not line.lstrip().startswith(">")]
    text = "\n".join(lines)
    return _TAG.sub(lambda tag: " " + " ".join(_ALT.findall(tag.group(0))) + " ", text)


def chapter_words(path: Path) -> int:
    """Words (whitespace-separated) of a chapter's prose, the quoted source box left out."""
    return len(chapter_prose(path).split())


def source_mentions(text: str) -> int:
    """How often a text names "the source" (or the text, article, passage, leaflet), not
    counting sentences that say what the source does NOT say (needed for fidelity)."""
    count = 0
    for sentence in re.split(r"(?<=[.!?:])\s+|\n+", text):
        if not NEGATION.search(sentence):
            count += len(SOURCE_MENTION.findall(sentence))
    return count
