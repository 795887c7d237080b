"""The site's scripts type no word a reader sees: every such word comes in the page data.

A string literal where text reaches the reader (textContent, innerText, an
aria-label, title, alt or placeholder, confirm, alert, or the text argument of
the scripts' own helpers that put text on the page) fails this test.  The
words belong in content/words.yml or triage.yml, shipped in the page data.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spasm_course.sphinx.site import STATIC_DIR

SCRIPTS = sorted(STATIC_DIR.glob("*.js"))

#: Literals allowed where text reaches the reader: punctuation between words, no words.
ALLOWED = {"", " ", ":", ": ", ", ", "\\u201c", "\\u201d"}

#: A lookup in the page data: its key and its "what" (for the console) are not shown to the reader.
_LOOKUP = re.compile(r"\blookup\([^()]*\)")
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')
_REGEX_LITERAL = re.compile(r"/(?:[^/\\\n]|\\.)+/[gimsuy]*")

#: Sinks whose value (up to the end of the statement) reaches the reader.
_ASSIGNMENTS = re.compile(r"\.(?:textContent|innerText|title|alt|placeholder|ariaLabel)\s*=(?!=)\s*([^;]*);")
_ATTRIBUTES = re.compile(r'setAttribute\(\s*["\'](?:aria-label|title|alt|placeholder)["\']\s*,([^;]*)\);')
#: Calls whose argument at this index (0-based) reaches the reader.
_CALLS = {"confirm": 0, "alert": 0, "make": 2, "heading": 0, "note": 0, "showLines": 2}


def _arguments(text: str, start: int) -> list[str]:
    """The top-level arguments of the call whose "(" is at ``start``."""
    depth, args, current, i, quote = 0, [], "", start, None
    while i < len(text):
        ch = text[i]
        if quote:
            current += ch
            if ch == "\\":
                current += text[i + 1]
                i += 1
            elif ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch in "([{":
            depth += 1
            if depth > 1:
                current += ch
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                args.append(current)
                return args
            current += ch
        elif ch == "," and depth == 1:
            args.append(current)
            current = ""
        else:
            current += ch
        i += 1
    raise AssertionError(f"unclosed call at {start}")


def reader_literals(source: str) -> list[str]:
    """Every string literal in an expression whose value reaches the reader."""
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    code = re.sub(r"(?m)^\s*//.*$", "", code)
    code = re.sub(r"(?m)\s//[^\"'\n]*$", "", code)
    expressions = [m.group(1) for m in _ASSIGNMENTS.finditer(code)]
    expressions += [m.group(1) for m in _ATTRIBUTES.finditer(code)]
    for name, index in _CALLS.items():
        for match in re.finditer(rf"(?<![\w.]){name}\s*\(|\.{name}\s*\(", code):
            if code[match.start():].startswith("function"):
                continue
            before = code[max(0, match.start() - 9):match.start()]
            if before.rstrip().endswith("function"):
                continue  # the helper's own definition
            args = _arguments(code, match.end() - 1)
            if len(args) > index:
                expressions.append(args[index])
    found = []
    for expression in expressions:
        expression = _LOOKUP.sub("", _REGEX_LITERAL.sub("", expression))
        found += [m.group(1) if m.group(1) is not None else m.group(2) for m in _STRING.finditer(expression)]
    return found


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_script_types_a_word_the_reader_sees(script: Path):
    literals = reader_literals(script.read_text(encoding="utf-8"))
    assert [text for text in literals if text not in ALLOWED] == []


def test_the_check_finds_words_at_every_kind_of_sink():
    planted = """
      node.textContent = "Well done";
      region.innerText = ok ? words.a : 'Try once more';
      button.setAttribute("aria-label", "Close");
      link.title = "Go";
      input.placeholder = "Your name";
      if (!window.confirm("Sure?")) return;
      alert("Saved");
      card.appendChild(make("strong", null, "Result" + ": " + label));
      heading("Why");
      this.note("Changed");
      showLines(region, "unanswered", ["Pick one"]);
      fine.textContent = words.result + ": " + result.label;
      quote.textContent = "\\u201c" + text + "\\u201d";
      row.querySelector(".sc-progress-score").textContent = fill(words.score, { n: 1 });
      cell.textContent = lookup(words, "not_started", "progress message");
    """
    literals = [text for text in reader_literals(planted) if text not in ALLOWED]
    assert sorted(literals) == sorted(["Well done", "Try once more", "Close", "Go", "Your name", "Sure?", "Saved",
                                       "Result", "Why", "Changed", "Pick one"])
