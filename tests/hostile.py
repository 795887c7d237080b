"""A quiz whose every text field tries to inject markup (shared by the render and browser tests).

Importable from any test: ``tests/`` is on ``sys.path`` because ``tests/conftest.py`` lives there.
"""

from __future__ import annotations

from spasm_course.content import Quiz

SOURCE_SENTENCE = "A muscle spasm, or muscle cramp, is an involuntary contraction of a muscle."
SCRIPT = "<script>window.__pwned = 1</script>"
IMG = '<img src=x onerror="window.__pwned = 1">'


def hostile_quiz() -> Quiz:
    return Quiz.model_validate({
        "id": "hostile", "chapter": 1, "title": f"Title {SCRIPT}", "intro": f"Intro {IMG}",
        "questions": [{
            "id": "hostile-one", "chapter": 1, "type": "single", "skill": "recall", "objective": "x",
            "prompt": f"Prompt {SCRIPT} {IMG}",
            "choices": [
                {"id": "a", "text": f"Choice {SCRIPT}", "feedback": f"Feedback {IMG} </script><!--"},
                {"id": "b", "text": f"Other {IMG}", "feedback": f"More {SCRIPT}"},
            ],
            "correct": ["a"],
            "explanation": f"Why {SCRIPT}",
            "source": SOURCE_SENTENCE,
        }],
    })
