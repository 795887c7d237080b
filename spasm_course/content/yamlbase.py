"""The base every content file is read with: plain YAML, one strict pydantic base model,
and error messages that name the file and the entry.

Quiz files (:mod:`spasm_course.content.bank`), ``words.yml``
(:mod:`spasm_course.content.words`) and ``triage.yml``
(:mod:`spasm_course.content.triage_words`) are all read through
:func:`read_yaml` / :func:`load_model`.  Each file is plain YAML data: no tags
(``!!str``), no anchors or aliases (``&x`` / ``*x``), text keys only, and no
dates or other implicit types.  Nothing here imports another module of the course.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

CONTENT_DIR = Path(__file__).parent
SOURCE_PATH = CONTENT_DIR / "source.txt"


class ContentError(ValueError):
    """A content file is malformed.  The message names the file and the entry."""


class Strict(BaseModel):
    """The base of every content model (quizzes, triage.yml, words.yml): unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)




def normalise_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def source_text(path: Path = SOURCE_PATH) -> str:
    return Path(path).read_text(encoding="utf-8")


def _where(loc: list, data) -> str:
    """A pydantic-style location as words: ``question 'x', choices.0.id``."""
    loc = list(loc)
    where = []
    if loc[:1] == ["questions"] and len(loc) > 1 and isinstance(loc[1], int):
        index = loc[1]
        try:
            qid = data["questions"][index].get("id", f"#{index + 1}")
        except (KeyError, IndexError, AttributeError, TypeError):
            qid = f"#{index + 1}"
        where.append(f"question {qid!r}")
        loc = loc[2:]
    rest = ".".join(str(part) for part in loc)
    if rest:
        where.append(rest)
    return ", ".join(where) or "file"


def describe_errors(error: ValidationError, data=None) -> list[str]:
    """Turn pydantic's errors into lines that name the entry (and a quiz file's question id)."""
    return [(f"{_where(err['loc'], data)}: " if err["loc"] else "") + err["msg"].removeprefix("Value error, ")
            for err in error.errors()]


def not_in_source(quotes, source: str | None = None) -> list[str]:
    """The quotes that are not word for word in the source text (spacing aside)."""
    text = normalise_space(source_text() if source is None else source)
    return [quote for quote in quotes if normalise_space(quote) not in text]


def load_model(path: Path, model: type, shape: str):
    """Read a YAML content file and validate it with ``model``, or raise ContentError naming file and entries."""
    path = Path(path)
    data = read_yaml(path, dict, shape)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"{path}: " + "; ".join(describe_errors(exc, data))) from None


# libyaml's safe loader parses about ten times faster than the pure-Python one;
# both accept the same documents and build the same data.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _entry_near_line(text: str, line_index: int) -> str:
    """Name the entry (the last ``id:`` at or above a 0-based line), so the reader knows where to look."""
    lines = text.splitlines()[: line_index + 1]
    for line in reversed(lines):
        found = re.match(r"\s*-?\s*id:\s*['\"]?([^'\"\s#]+)", line)
        if found and line.startswith((" ", "-")):
            return f"question {found.group(1)!r} (near line {line_index + 1}): "
    return f"line {line_index + 1}: "


def _entry_near_error(text: str, exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return "" if mark is None else _entry_near_line(text, mark.line)


_PLAIN_TYPES = (str, int, float, bool, type(None))


def _not_plain_yaml(text: str, data) -> list[str]:
    """Tags and anchors/aliases in the text, each named by where it is in the data.

    Each makes a file harder to read and to check: an alias silently repeats a
    value, and a tag changes a value's type.
    """
    problems = []
    frames: list[list] = []  # per open collection: [kind, path, index or key, expecting a key]

    def location() -> tuple:
        if not frames:
            return ()
        kind, path, at, expecting_key = frames[-1]
        return path if kind == "map" and expecting_key else (*path, at)

    def advance(node_value=None) -> None:
        if not frames:
            return
        frame = frames[-1]
        if frame[0] == "seq":
            frame[2] += 1
        elif frame[3]:
            frame[2], frame[3] = node_value, False
        else:
            frame[3] = True

    for event in yaml.parse(text, Loader=_SAFE_LOADER):
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frames.pop()
            advance()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        where = _where(list(location()), data)
        if isinstance(event, yaml.AliasEvent):
            problems.append(f"{where}: the alias *{event.anchor} is not allowed: write the value out in full")
        elif event.anchor is not None:
            problems.append(f"{where}: the anchor &{event.anchor} is not allowed: content files hold plain data")
        tag = getattr(event, "tag", None)
        if tag is not None:
            problems.append(f"{where}: the tag {tag.replace('tag:yaml.org,2002:', '!!')} is not allowed: "
                            "content files hold plain text, numbers, lists and mappings")
        if isinstance(event, yaml.SequenceStartEvent):
            frames.append(["seq", location(), 0, False])
        elif isinstance(event, yaml.MappingStartEvent):
            frames.append(["map", location(), None, True])
        else:
            advance(getattr(event, "value", None))
    return problems


def _not_plain_data(value, data, loc: tuple = ()) -> list[str]:
    """Keys that are not text, and values YAML turned into dates or other non-plain types."""
    problems = []
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                problems.append(f"{_where(list(loc), data)}: the key {key!r} is not text "
                                "(keys are words such as id, prompt or choices)")
            problems += _not_plain_data(item, data, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            problems += _not_plain_data(item, data, (*loc, index))
    elif not isinstance(value, _PLAIN_TYPES):
        hint = " (put dates in quotes)" if isinstance(value, (datetime.date, datetime.datetime)) else ""
        problems.append(f"{_where(list(loc), data)}: {type(value).__name__} values are not allowed; "
                        f"use plain text{hint}")
    return problems


def _read_yaml(path: Path, expected: type, shape: str) -> tuple[object, list[str]]:
    """Parse a YAML content file as plain data; ``(data, problems)``, data None if unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{path}: cannot read the file: {exc}"]
    try:
        data = yaml.load(text, Loader=_SAFE_LOADER)
        problems = [f"{path}: {line}" for line in _not_plain_yaml(text, data)]
    except yaml.YAMLError as exc:
        return None, [f"{path}: {_entry_near_error(text, exc)}not valid YAML: {exc}"]
    if not problems and not isinstance(data, expected):
        return None, [f"{path}: expected {shape}"]
    if not problems:  # a tag's value already has its problem named
        problems = [f"{path}: {line}" for line in _not_plain_data(data, data)]
    return (None if problems else data), problems


def read_yaml(path: Path, expected: type, shape: str):
    """Parse a YAML content file as plain data and check its top-level shape, or raise ContentError."""
    data, problems = _read_yaml(path, expected, shape)
    if problems:
        raise ContentError("\n".join(problems))
    return data
