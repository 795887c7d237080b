"""One-off: bring quiz files written before issue 10 up to the new schema.

Run ``python tools/migrate_bank_issue10.py [FILE ...]`` (default: every file in
spasm_course/content/quizzes).  It edits the text in place, keeping comments:

* adds the ``# yaml-language-server`` schema line at the top;
* adds ``skill:`` after ``type:`` (``apply`` for spasm_or_twitch, else ``recall``);
* maps the old ``deciding_feature`` ids to the new ones (by the correct answer:
  ``fine_movement`` for a twitch, ``bulging_tight`` for a spasm);
* adds ``body_area:`` to spasm_or_twitch questions, guessed from the prompt.

Check the guesses by eye; the loader rejects anything it cannot read.
"""

import re
import sys
from pathlib import Path

QUIZ_DIR = Path(__file__).resolve().parents[1] / "spasm_course" / "content" / "quizzes"
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/quiz.schema.json"
# (words in the prompt, body area); the first match wins.
AREAS = [("calf", "calf"), ("foot", "foot"), ("thigh", "thigh"), ("hand", "hand_or_finger"),
         ("finger", "hand_or_finger"), ("upper arm", "upper_arm"), ("forearm", "upper_arm"),
         ("shoulder", "upper_arm"), ("neck", "neck"), ("back of his leg", "thigh"), ("back", "back"),
         ("leg", "thigh")]


def migrate(text: str) -> str:
    lines = text.splitlines()
    if lines and not lines[0].startswith("# yaml-language-server"):
        lines.insert(0, SCHEMA_LINE)
    blocks, current = [], []
    for line in lines:  # split into question blocks at "  - id:"
        if re.match(r"  - id:", line) and current:
            blocks.append(current)
            current = []
        current.append(line)
    blocks.append(current)
    out = []
    for block in blocks:
        body = "\n".join(block)
        kind = re.search(r"^    type: (\w+)", body, re.M)
        if kind and not re.search(r"^    skill:", body, re.M):
            skill = "apply" if kind.group(1) == "spasm_or_twitch" else "recall"
            block = [line for line in block]
            index = next(i for i, line in enumerate(block) if line.startswith("    type:"))
            block.insert(index + 1, f"    skill: {skill}")
        if kind and kind.group(1) == "spasm_or_twitch":
            correct = re.search(r"^    correct: \[(\w+)\]", body, re.M).group(1)
            new = "fine_movement" if correct == "twitch" else "bulging_tight"
            prompt = re.search(r"^    prompt: (.*)$", body, re.M).group(1).lower()
            area = next(a for words, a in AREAS if words in prompt)
            for i, line in enumerate(block):
                if line.startswith("    deciding_feature:"):
                    block[i] = f"    deciding_feature: {new}"
                    if not any(x.startswith("    body_area:") for x in block):
                        block.insert(i + 1, f"    body_area: {area}")
                    break
        out.extend(block)
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted(QUIZ_DIR.glob("*.yml"))
    for path in paths:
        path.write_text(migrate(path.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"migrated {path}")
