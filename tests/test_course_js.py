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


# ----------------------------------------------------------------- page data that nothing reads


#: Page data whose keys are ids or words (each value's own fields are still checked).
_MAPS = {"outcomes", "next", "intervals", "levels", "chapter_quizzes", "key_parts", "cause_places", "card_layouts",
         "card_headings", "names"}
#: Page data read as a whole by a rule that is data itself: the words (looked up by id), the JSON Schema
#: (its keywords are progressfile.js's), the triage results (their lists are named by ``packed`` and the
#: card's layout).
_OPAQUE = {"messages", "schema", "results"}


def _field_names(value, found: set[str], inside_map: bool = False) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if not inside_map:
                found.add(key)
            if key in _OPAQUE and not inside_map:
                continue
            _field_names(item, found, inside_map=key in _MAPS and not inside_map)
    elif isinstance(value, list):
        for item in value:
            _field_names(item, found)
    return found


def _shipped_data() -> dict[str, dict]:
    """Every kind of page data the scripts get, as the site builds it."""
    from spasm_course.content import default_bank
    from spasm_course.engines import progress, triage
    from spasm_course.frontends import render
    from spasm_course.sphinx.progress import progress_data, script_data

    bank = default_bank()
    quiz = bank.quizzes[0]
    question = {"id": "q", "hash": "0" * 16, "prompt": "P", "url": "u", "safe": []}
    table = {"id": quiz.id, "title": "T", "chapter": 1, "total": 1, "questions": [question], "url": "u",
             "storage_key": "k", "record_version": progress.RECORD_VERSION}
    return {
        "quiz": render.quiz_data(quiz),
        "practice quiz": render.quiz_data(quiz, shared=False),
        "practice": {"messages": {}, "shared": render.shared_quiz_data(), "controls_id": render.PRACTICE_CONTROLS_ID},
        "triage": render.triage_page_data(triage.decision_table()),
        "progress": script_data(progress_data([table], "c", progress.done_rule(bank))),
    }


def test_the_scripts_read_every_field_of_the_page_data():
    """A field of the page data whose name the scripts never use is page weight for nothing."""
    source = "\n".join(script.read_text(encoding="utf-8") for script in SCRIPTS)
    unread = {kind: sorted(name for name in _field_names(data, set())
                           if not re.search(rf'\.{re.escape(name)}\b|"{re.escape(name)}"', source))
              for kind, data in _shipped_data().items()}
    assert {kind: names for kind, names in unread.items() if names} == {}


# ----------------------------------------------------------------- how the site links the modules


def test_each_entry_imports_only_existing_modules_and_no_other_entry():
    from spasm_course.sphinx.offline import OFFLINE_ENTRY
    from spasm_course.sphinx.site import ENTRIES, RESETS_ENTRY, SCORM_ENTRY, module_imports

    names = {path.name for path in SCRIPTS}
    for entry in ENTRIES.values():
        imported = set(module_imports(entry))
        assert imported <= names and "util.js" in imported and "start.js" in imported, entry
        assert not imported & set(ENTRIES.values()), entry
    # A page with no course block loads one small entry; it imports records.js only when needed.
    assert module_imports(RESETS_ENTRY) == ()
    assert 'import("./records.js")' in (STATIC_DIR / RESETS_ENTRY).read_text(encoding="utf-8")
    # Every page also loads offline.js (issue 23), which imports nothing: it is all a text page runs.
    assert module_imports(OFFLINE_ENTRY) == ()
    # Every module is some entry's (no dead module ships).
    used = {name for entry in [*ENTRIES.values(), RESETS_ENTRY, OFFLINE_ENTRY, SCORM_ENTRY]
            for name in (entry, *module_imports(entry))}
    assert used == names


def test_a_changed_script_renames_the_folder_and_the_pages_are_written_again(monkeypatch, tmp_path):
    """The modules' folder is named by their hash, and that name is in html_context, so Sphinx writes
    every page again when a script changes (an incremental build never links a removed folder)."""
    from types import SimpleNamespace

    from spasm_course.sphinx import site

    for path in SCRIPTS:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(site, "STATIC_DIR", tmp_path)
    site.front_end_folder.cache_clear()
    try:
        before = site.front_end_folder()
        config = SimpleNamespace(html_context={"other": 1})
        site.front_end_in_config(None, config)
        assert config.html_context == {"other": 1, "spasm_course_scripts": before}
        (tmp_path / "util.js").write_text((tmp_path / "util.js").read_text(encoding="utf-8") + "\n// edited\n")
        site.front_end_folder.cache_clear()
        assert site.front_end_folder() != before and site.front_end_folder().startswith("course-")
    finally:
        site.front_end_folder.cache_clear()
