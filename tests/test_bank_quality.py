"""The question bank teaches by application and stays faithful to the source.

These checks are about the *content* of the bank (issue 10), not its format
(the loader and tests/test_bank.py check the format):

* most questions ask the learner to judge a situation (`skill: apply`);
* there are enough "spasm or twitch?" cases, balanced, spread over body areas,
  told in everyday words with no giveaway phrase;
* there are enough `warning_signs` cases, with 0 to 4 signs;
* no two questions ask the same thing with the same answer (a ceiling on the
  word overlap of prompt plus correct answer);
* `source` quotes carry the key (never a list heading alone);
* no course text says a spasm is the "whole muscle", that a twitch is "not a
  contraction", or that a spasm is "a muscle" (a spasm is an event).

Each check is a small function that returns the problems it finds; every one
is also run on bad data, so each can be seen to fail.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

import pytest

from prose import REPO, content_words, notebook_markdown
from spasm_course.content import BODY_AREAS, load_bank

BANK = load_bank()
QUESTIONS = BANK.questions()

MIN_APPLY_SHARE = 0.5          # of the whole bank
MIN_APPLY_PER_QUIZ = 2
MIN_CASES = 24                 # spasm_or_twitch questions across the course
CASE_BALANCE = (0.4, 0.6)      # share of spasm answers (and so of twitch answers)
MIN_AREAS = 5                  # body areas with at least one case
MIN_AREAS_WITH_BOTH = 3        # body areas with a spasm case and a twitch case
MIN_WARNING_SIGNS = 6          # warning_signs questions in chapters 4 to 6
SIMILARITY_CEILING = 0.5       # word-set Jaccard of prompt + correct answers
GIVEAWAY_MIN_PROMPTS = 4       # a phrase in this many prompts of one answer ...


# ------------------------------------------------------------------ helpers


def answer_text(question) -> str:
    """What a question asks plus what it counts as right: the prompt and the
    labels of the correct choices.  A warning_signs question's prompt is its
    scene (the facts the engine adds are the same template for every case)."""
    return " ".join([question.prompt, *(question.label(c) for c in question.correct)])


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def closest_pairs(items: dict[str, str], count: int = 5, apart: frozenset = frozenset()) -> list[tuple[float, str, str]]:
    """The ``count`` most similar pairs of texts, by Jaccard of their content words.

    Pairs of two keys in ``apart`` are not compared: warning_signs questions
    share the engine's template (the same four signs as answers), so they are
    told apart by their keys instead (see the warning_signs test)."""
    words = {key: content_words(text) for key, text in items.items()}
    pairs = [(round(jaccard(words[a], words[b]), 3), a, b) for a, b in itertools.combinations(words, 2)
             if not (a in apart and b in apart)]
    return sorted(pairs, reverse=True)[:count]


def skill_problems(quizzes: dict[str, list[str]]) -> list[str]:
    """``quizzes`` maps a quiz id to the skills of its questions."""
    skills = [s for values in quizzes.values() for s in values]
    problems = []
    share = skills.count("apply") / len(skills) if skills else 0
    if share < MIN_APPLY_SHARE:
        problems.append(f"only {share:.0%} of the bank is 'apply' (needs {MIN_APPLY_SHARE:.0%})")
    for quiz, values in quizzes.items():
        if values.count("apply") < MIN_APPLY_PER_QUIZ:
            problems.append(f"{quiz}: {values.count('apply')} 'apply' questions (needs {MIN_APPLY_PER_QUIZ})")
    return problems


def case_problems(cases: list[tuple[str, str]]) -> list[str]:
    """``cases`` is a list of (correct answer, body area) of spasm_or_twitch questions."""
    problems = []
    if len(cases) < MIN_CASES:
        problems.append(f"{len(cases)} spasm-or-twitch cases (needs {MIN_CASES})")
    if cases:
        share = sum(answer == "spasm" for answer, _ in cases) / len(cases)
        low, high = CASE_BALANCE
        if not low <= share <= high:
            problems.append(f"spasm answers are {share:.0%} of the cases (needs {low:.0%} to {high:.0%})")
    kinds = defaultdict(set)
    for answer, area in cases:
        if area not in BODY_AREAS:
            problems.append(f"body area {area!r} is not one of {BODY_AREAS}")
        kinds[area].add(answer)
    if len(kinds) < MIN_AREAS:
        problems.append(f"cases cover {len(kinds)} body areas (needs {MIN_AREAS})")
    both = [area for area, answers in kinds.items() if answers == {"spasm", "twitch"}]
    if len(both) < MIN_AREAS_WITH_BOTH:
        problems.append(f"{len(both)} body areas have both a spasm and a twitch case (needs {MIN_AREAS_WITH_BOTH})")
    return problems


# Words a case must not use: they name the answer or the source's textbook
# description instead of what a person notices, or put the case in a part of
# the body where a self-care lesson could teach something dangerous.
ANSWER_WORDS = re.compile(r"\b(spasm|spasms|cramp\w*|twitch\w*|fasciculat\w*)\b", re.I)
TEXTBOOK_WORDS = re.compile(r"\b(segment|fine movement|contract\w*|involuntar\w*|uncontrolled|bulging)\b", re.I)
UNSAFE_AREAS = re.compile(r"\b(chest|abdomen|abdominal|belly|stomach|head|face|facial|eye\w*|lip|lips|jaw|throat)\b", re.I)
CASE_TAIL = re.compile(r"\s*spasm or twitch\?\s*$", re.I)


def case_wording_problems(prompts: dict[str, str]) -> list[str]:
    """``prompts`` maps a case id to its prompt (ending "Spasm or twitch?")."""
    problems = []
    for qid, prompt in prompts.items():
        scene = CASE_TAIL.sub("", prompt)
        for pattern, why in ((ANSWER_WORDS, "names an answer"), (TEXTBOOK_WORDS, "uses a textbook phrase"),
                             (UNSAFE_AREAS, "is set in an unsafe body area")):
            found = pattern.search(scene)
            if found:
                problems.append(f"{qid}: {why}: {found.group(0)!r}")
    return problems


#: Words that name a part of the body, by the place (a triage ``where`` answer) it is in.
PLACE_WORDS = {
    "leg_or_foot": re.compile(r"\b(calf|calves|foot|feet|thighs?|legs?|toes?|arch|shin|ankle|hamstring)\b", re.I),
    "arm_or_hand": re.compile(r"\b(hands?|finger\w*|thumb|arms?|wrist|forearm|palm|biceps?)\b", re.I),
    "neck": re.compile(r"\bneck\b", re.I),
    "back": re.compile(r"\bback\b", re.I),
}


def place_problems(cases: dict[str, tuple[str, str]]) -> list[str]:
    """``cases`` maps a case question's id to (its place, its prompt).  A case is set in a place the
    course covers, its scene names a part of the body in that place, and none where the course
    does not go (a self-care lesson there could teach something dangerous)."""
    problems = []
    for qid, (place, prompt) in cases.items():
        if place not in PLACE_WORDS:
            problems.append(f"{qid}: set in {place!r}, not a place the course covers")
        elif not PLACE_WORDS[place].search(prompt):
            problems.append(f"{qid}: says where: {place}, but its scene names no part of the body there")
        unsafe = UNSAFE_AREAS.search(prompt)
        if unsafe:
            problems.append(f"{qid}: is set in an unsafe body area: {unsafe.group(0)!r}")
    return problems


def _phrases(text: str, size: int = 3) -> set[str]:
    words = re.findall(r"[a-z']+", CASE_TAIL.sub("", text).lower())
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def giveaway_phrases(cases: list[tuple[str, str]]) -> list[str]:
    """Three-word phrases found in many prompts of one answer and in none of
    the other: a learner could answer by spotting them.  ``cases`` is a list of
    (correct answer, prompt)."""
    counts = {"spasm": Counter(), "twitch": Counter()}
    for answer, prompt in cases:
        counts[answer].update(_phrases(prompt))
    problems = []
    for answer, other in (("spasm", "twitch"), ("twitch", "spasm")):
        for phrase, count in counts[answer].items():
            if count >= GIVEAWAY_MIN_PROMPTS and not counts[other][phrase]:
                problems.append(f"{phrase!r} is in {count} {answer} prompts and no {other} prompt")
    return problems


def heading_only_quotes(quotes: dict[str, tuple[str, ...]]) -> list[str]:
    """Questions whose quotes include a list heading (ends with ':') but no item of the list."""
    problems = []
    source_lines = [line.strip() for line in (REPO / "spasm_course" / "content" / "source.txt")
                    .read_text(encoding="utf-8").splitlines() if line.strip()]
    for qid, items in quotes.items():
        for quote in items:
            if not quote.endswith(":"):
                continue
            start = next(i for i, line in enumerate(source_lines) if line == quote)
            bullets = []
            for line in source_lines[start + 1:]:
                if not line.startswith("- "):
                    break
                bullets.append(line[2:].strip())
            if not any(b in items for b in bullets):
                problems.append(f"{qid}: quotes the list heading {quote!r} but none of its items")
    return problems


# "A spasm is the whole muscle" and "a twitch is not a contraction" go beyond
# the source; "a spasm is a muscle (that tightens)" makes an event a thing.
BANNED = {
    "whole muscle": re.compile(
        r"\b(?:whole|entire|complete)\b(?:\s+[\w-]+){0,2}?\s+"
        r"(?:muscles?|calf|calves|thighs?|arms?|legs?|foot|feet|hands?|fingers?|necks?|backs?)\b"
        r"|\bmuscle as a whole\b|\ball of the muscle\b", re.I),
    "twitch is not a contraction": re.compile(
        r"\b(?:not|isn't|never)\s+(?:a\s+|an\s+)?(?:real\s+|true\s+)?contraction"
        r"|\b(?:rather than|instead of|versus|vs\.?|unlike)\s+(?:a\s+)?contraction"
        r"|\bcontraction,?\s+(?:versus|vs\.?|or|not)\s+(?:a\s+)?fine movement"
        r"|\btwitch\w*\b[^.]{0,60}\b(?:does not|doesn't|do not|don't|never)\s+contract", re.I),
    "a spasm is a muscle": re.compile(r"\bspasm\s+is\s+(?:a|the)\s+(?:\w+\s+)?muscle\s+(?:that|which|who)\b", re.I),
    "double negative": re.compile(r"\bnot\s+say\s+(?:that\s+)?(?:you\s+)?(?:must|should)\s+not\b", re.I),
}


def banned_statements(texts: dict[str, str]) -> list[str]:
    """``texts`` maps a place (file, cell) to its text."""
    found = []
    for where, text in texts.items():
        for idea, pattern in BANNED.items():
            for match in pattern.finditer(text):
                found.append(f"{where}: says {idea!r}: {match.group(0)!r}")
    return found


def course_texts() -> dict[str, str]:
    """Every text a learner can read: quiz files (prompts, choices, distractors,
    feedback, explanations), triage.yml, the deciding features, the notebooks'
    prose, and the book pages."""
    content = REPO / "spasm_course" / "content"
    texts = {}
    for path in sorted((content / "quizzes").glob("*.yml")) + [content / "triage.yml", content / "deciding_features.yml"]:
        texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    for path in sorted((REPO / "notebooks").glob("*.ipynb")):
        for index, cell in enumerate(notebook_markdown(path)):
            texts[f"{path.relative_to(REPO)} cell {index}"] = cell
    for path in sorted((REPO / "book").glob("*.md")):
        texts[str(path.relative_to(REPO))] = path.read_text(encoding="utf-8")
    return texts


# ------------------------------------------------------------------ the real bank


def test_apply_is_at_least_half_the_bank_and_two_per_quiz():
    quizzes = {quiz.id: [q.skill for q in quiz.questions] for quiz in BANK.quizzes}
    assert skill_problems(quizzes) == []


def test_spasm_or_twitch_cases_are_many_balanced_and_spread_over_the_body():
    cases = [(q.correct[0], q.body_area) for q in QUESTIONS if q.type == "spasm_or_twitch"]
    assert case_problems(cases) == []


def test_cases_say_what_a_person_notices_with_no_giveaway():
    cases = [q for q in QUESTIONS if q.type == "spasm_or_twitch"]
    assert case_wording_problems({q.id: q.prompt for q in cases}) == []
    assert giveaway_phrases([(q.correct[0], q.prompt) for q in cases]) == []


def test_cases_include_the_hard_ones():
    cases = {q.id: q for q in QUESTIONS if q.type == "spasm_or_twitch"}

    def spasm_where(pattern):
        return [i for i, q in cases.items() if q.correct == ["spasm"] and re.search(pattern, q.prompt, re.I)]

    assert spasm_where(r"not (really )?hurt|no pain|painless"), "a spasm that does not hurt"
    assert spasm_where(r"\bsmall\b.*\bmuscle\b|\bthumb\b|\bfinger\b"), "a spasm in a small muscle"
    assert spasm_where(r"stretch\w*[^.]*\.[^.]*\b(eases|lets go|lets up)\b|\beases as\b"), "a spasm that eases when stretched"
    big = [i for i, q in cases.items() if q.correct == ["twitch"] and q.body_area in ("thigh", "calf", "back")]
    assert big, "a twitch in a large muscle"


def test_at_least_six_warning_signs_cases_with_zero_to_four_signs():
    cases = [q for q in QUESTIONS if q.type == "warning_signs"]
    assert len(cases) >= MIN_WARNING_SIGNS
    assert {q.chapter for q in cases} <= {4, 5, 6}
    sign_counts = {0 if q.correct == ["none"] else len(q.correct) for q in cases}
    assert sign_counts == {0, 1, 2, 3, 4}, sign_counts
    # Two cases with the same signs would ask the same thing with the same key.
    keys = Counter(tuple(sorted(q.correct)) for q in cases)
    assert [k for k, n in keys.items() if n > 1] == []


def test_every_case_is_set_where_its_scene_says():
    # warning_signs and triage_level cases (their `where`), and the spasm-or-twitch cases (their
    # body_area, through triage.yml's body_areas map): one place per case, the one the scene names.
    from spasm_course.content.triage_words import content

    cases = {q.id: (q.case.where, q.prompt) for q in QUESTIONS if q.case is not None}
    assert len(cases) >= MIN_WARNING_SIGNS + 8
    cases |= {q.id: (content().body_areas[q.body_area], q.prompt) for q in QUESTIONS if q.type == "spasm_or_twitch"}
    assert place_problems(cases) == []
    # Every place the course covers has a case question.
    assert {q.case.where for q in QUESTIONS if q.case is not None} == set(PLACE_WORDS)


def test_place_check_fails_on_a_case_set_elsewhere_or_in_the_wrong_place():
    problems = place_problems({
        "ok": ("leg_or_foot", "Jo feels a cramp in the foot."),
        "elsewhere": ("elsewhere", "Jo feels a cramp."),
        "wrong-place": ("neck", "Jo feels a cramp in the calf."),
        "unsafe": ("back", "Jo feels a cramp in the back and the chest."),
    })
    assert problems == [
        "elsewhere: set in 'elsewhere', not a place the course covers",
        "wrong-place: says where: neck, but its scene names no part of the body there",
        "unsafe: is set in an unsafe body area: 'chest'",
    ]


def test_no_two_triage_level_questions_have_the_same_case():
    from spasm_course.engines.triage import decision_key

    keys = Counter(decision_key(**q.case.answers()) for q in QUESTIONS if q.type == "triage_level")
    assert [k for k, n in keys.items() if n > 1] == []


def test_no_two_questions_ask_the_same_thing():
    texts = {q.id: answer_text(q) for q in QUESTIONS}
    # Case questions (warning_signs, triage_level) share the engine's answer template;
    # they are told apart by their cases (see their own tests).
    cases = frozenset(q.id for q in QUESTIONS if q.case is not None)
    top = closest_pairs(texts, 5, apart=cases)
    print("\nThe five closest pairs (Jaccard of content words of prompt + correct answers):")
    for score, a, b in top:
        print(f"  {score:.3f}  {a}  ~  {b}")
    assert top[0][0] < SIMILARITY_CEILING, f"near-duplicate questions: {top[0]}"


RULE = "If the muscle spasm is severe, happens frequently, responds poorly to treatment, and is not related to obvious causes"
DOCTOR_OPEN = re.compile(r"doctor can (?:still )?advise|may still ask a doctor", re.I)


def doctor_left_out(questions) -> list[str]:
    """Questions about the "and" rule whose explanation does not say that a
    doctor is still an option.  Only a question whose key is the appointment
    itself (all four signs) may leave it out."""
    missing = []
    for q in questions:
        if not any(quote.startswith(RULE) for quote in q.quotes):
            continue
        rule_met = "appointment" in q.correct or (q.type == "warning_signs" and len(q.correct) == 4)
        if not rule_met and not DOCTOR_OPEN.search(q.explanation):
            missing.append(q.id)
    return missing


def test_questions_on_the_and_rule_keep_the_doctor_open():
    assert doctor_left_out(QUESTIONS) == []


def test_doctor_check_fails_when_the_sentence_is_missing():
    rule_question = next(q for q in QUESTIONS if q.id == "triage-some-signs-watch")
    bare = rule_question.model_copy(update={"explanation": "Only two signs are here, so the rule is not met."})
    assert doctor_left_out([rule_question, bare]) == [bare.id]


def test_quotes_carry_the_key_not_a_list_heading():
    assert heading_only_quotes({q.id: q.quotes for q in QUESTIONS}) == []


def test_no_course_text_says_whole_muscle_or_twitch_not_a_contraction():
    texts = course_texts()
    assert any("ipynb" in where for where in texts) and any(where.startswith("book/") for where in texts)
    assert banned_statements(texts) == []


# ------------------------------------------------------------------ each check fails on bad data


def test_skill_check_fails_on_a_recall_heavy_bank():
    problems = skill_problems({"q1": ["recall", "recall", "apply"], "q2": ["apply", "apply", "recall"]})
    assert problems == ["q1: 1 'apply' questions (needs 2)"]
    assert any("of the bank" in p for p in skill_problems({"q1": ["recall"] * 5 + ["apply"] * 2}))


def test_case_check_fails_on_few_unbalanced_or_narrow_cases():
    assert case_problems([("spasm", "calf")] * 30) == [
        "spasm answers are 100% of the cases (needs 40% to 60%)",
        "cases cover 1 body areas (needs 5)",
        "0 body areas have both a spasm and a twitch case (needs 3)",
    ]
    good = [(answer, area) for area in BODY_AREAS for answer in ("spasm", "twitch")] * 2
    assert case_problems(good) == []
    assert case_problems(good[:10]) == ["10 spasm-or-twitch cases (needs 24)"]
    assert "body area 'chest'" in " ".join(case_problems(good + [("spasm", "chest")]))


def test_case_wording_check_fails_on_textbook_and_unsafe_cases():
    problems = case_wording_problems({
        "a": "Lee sees a small segment of a larger muscle move. Spasm or twitch?",
        "b": "Ann's calf cramps hard. Spasm or twitch?",
        "c": "A spot on Bo's chest flickers. Spasm or twitch?",
        "d": "A small spot on Cy's calf flickers. Spasm or twitch?",
    })
    assert problems == [
        "a: uses a textbook phrase: 'segment'",
        "b: names an answer: 'cramps'",
        "c: is set in an unsafe body area: 'chest'",
    ]


def test_giveaway_check_fails_on_a_shared_template():
    template = [("twitch", f"Person {n} sees only a tiny spot move; the rest stays soft. Spasm or twitch?") for n in range(4)]
    mixed = template + [("spasm", "Her calf goes hard. Spasm or twitch?")]
    assert "'the rest stays' is in 4 twitch prompts and no spasm prompt" in giveaway_phrases(mixed)
    assert giveaway_phrases(template[:3] + mixed[-1:]) == []


def test_similarity_check_catches_a_restated_question():
    # Two questions of the old bank that asked the same thing with the same answer.
    texts = {
        "treatment-heat-or-ice": "How does the source suggest using a heating pad or ice? "
                                 "On the affected area, for short periods, several times a day",
        "review-heat-ice-short": "True or false: the source suggests ice or a heating pad for short periods, "
                                 "several times a day. True",
        "other": "What is another name for a muscle twitch? Fasciculation",
    }
    top = closest_pairs(texts, 1)[0]
    assert set(top[1:]) == {"review-heat-ice-short", "treatment-heat-or-ice"}
    assert top[0] >= SIMILARITY_CEILING
    # Kept apart, the pair is not compared.
    assert closest_pairs(texts, 1, apart=frozenset(texts)) == []
    assert closest_pairs(texts, 3, apart=frozenset(["review-heat-ice-short", "treatment-heat-or-ice"]))[0][0] < SIMILARITY_CEILING


def test_heading_check_fails_on_a_heading_alone():
    heading = "Other factors that can lead to muscle spasms include:"
    assert heading_only_quotes({"q": (heading,)}) == [
        f"q: quotes the list heading {heading!r} but none of its items"]
    assert heading_only_quotes({"q": (heading, "Dehydration, and electrolyte abnormalities")}) == []


@pytest.mark.parametrize("text, idea", [
    ("Not quite. Here the whole muscle tightened, so it is not a twitch.", "whole muscle"),
    ("Only a small spot moves, not the entire calf muscle.", "whole muscle"),
    ("The whole little muscle is tight.", "whole muscle"),
    ("A flutter of a tiny spot is a fine movement, not a contraction of the muscle.", "twitch is not a contraction"),
    ("whole_vs_segment: a contraction versus a fine movement", "twitch is not a contraction"),
    ("A twitch does not contract the muscle.", "twitch is not a contraction"),
    ("A twitch isn't a contraction.", "twitch is not a contraction"),
    ("Put together, a spasm is a muscle that tightens when you did not ask it to.", "a spasm is a muscle"),
    ("The source does not say you must not see a doctor, though.", "double negative"),
])
def test_banned_statements_are_caught(text, idea):
    found = banned_statements({"x": text})
    assert found and all(f"says {idea!r}" in f for f in found), found


def test_banned_statement_check_passes_faithful_wording():
    faithful = ("A spasm is an involuntary contraction of a muscle. A twitch is a fine movement of a small "
                "segment of a larger muscle, seen under the skin. The whole course keeps to the source. "
                "If you are worried, a doctor can advise you.")
    assert banned_statements({"x": faithful}) == []
