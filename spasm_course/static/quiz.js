/*
 * A quiz (section.sc-quiz) and one question of it.  A question's data (render.py
 * _question_data) carries grading.outcome_table with choices written as their display
 * positions; the feedback is the lines grading wrote, joined as Grade.lines() joins them.
 * outcomeOf is what tests/browser/test_parity.py replays against grading.grade.
 */

import { checked, fill, has, lookup, make, readData, showControls, toArray } from "./util.js";
import { loadRecords, recordAnswer, saveRecords, tellResets } from "./records.js";

/** Show feedback lines as quiz.feedback_html does: first line bold, the rest a list. */
function showLines(region, status, lines) {
  region.textContent = "";
  if (!lines.length) return;
  var box = make("div", "sc-feedback sc-" + status);
  var first = make("p");
  first.appendChild(make("strong", null, lines[0]));
  box.appendChild(first);
  if (lines.length > 1) {
    var list = make("ul");
    lines.slice(1).forEach(function (line) {
      list.appendChild(make("li", null, line));
    });
    box.appendChild(list);
  }
  region.appendChild(box);
}

/** The feedback line of the choice shown at `position`, looked up (undefined after a console.error). */
function lineAt(data, position) {
  var choice = lookup(data.choices, position, "feedback line of " + data.id + " for");
  return choice ? choice.line : undefined;
}

/**
 * The outcome of choosing `chosen` (choice ids, in display order) in the question `data`:
 * {status, miss, lines} as grading.grade gives them, or null (logged) when a lookup misses.
 * `messages` are the page's quiz words.
 */
export function outcomeOf(data, messages, chosen) {
  var positions = {};
  data.choices.forEach(function (choice, position) {
    positions[choice.id] = position;
  });
  // The table's keys are the chosen choices' positions (display order), joined by "+".
  var key = chosen.map(function (id) {
    return lookup(positions, id, "choice of " + data.id);
  }).join("+");
  var outcome = lookup(data.outcomes, key, "outcome of " + data.id + " for " + chosen.join("+") + " at");
  if (!outcome) return null;
  // As Grade.lines(): the headline (a triage-level miss has its own), the shown choices' lines, the tail.
  var lines = [lookup(messages, outcome.headline || outcome.status, "message")]
    .concat(outcome.show.map(function (position) {
      return lineAt(data, position);
    }))
    .concat(data.tail);
  return { status: outcome.status, miss: outcome.miss || "", lines: lines };
}

/** What "Show answer" shows, as grading.reveal: its headline, the shown choices' lines, the tail. */
export function revealLines(data) {
  var reveal = data.reveal;
  return [reveal.headline]
    .concat(reveal.show.map(function (position) {
      return lineAt(data, position);
    }))
    .concat(data.tail);
}

/*
 * One question.  States, as in quiz_widget.py: "unanswered", "correct", "incorrect", "safe",
 * "revealed".  Check with nothing chosen shows a message and keeps the state.
 * `quiz` is the quiz's data (for its records); `changed` runs after a change.
 */
export function Question(form, data, quiz, changed) {
  var self = this;
  this.form = form;
  this.data = data;
  this.quiz = quiz;
  this.messages = checked(quiz.messages, "quiz message");
  this.changed = changed;
  this.state = "unanswered";
  this.answer = []; // the answer last checked (what is saved)
  this.inputs = toArray(form.querySelectorAll(".sc-choices input")); // in display order
  this.sureInputs = toArray(form.querySelectorAll(".sc-confidence input"));
  this.region = form.querySelector(".sc-feedback-region");
  this.checkButton = form.querySelector(".sc-check");
  // Check is the form's submit button, so Enter on it (or on the form) checks.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!self.checkButton.disabled) self.check(false);
  });
  form.querySelector(".sc-try-again").addEventListener("click", function () {
    self.tryAgain(false);
  });
  form.querySelector(".sc-show-answer").addEventListener("click", function () {
    self.showAnswer(false);
  });
}

Question.prototype.selected = function () {
  return this.inputs
    .filter(function (input) {
      return input.checked;
    })
    .map(function (input) {
      return input.value;
    });
};

Question.prototype.select = function (ids) {
  this.inputs.forEach(function (input) {
    input.checked = ids.indexOf(input.value) !== -1;
  });
};

/** "sure", "not_sure", or "none" when the learner gave none (it is optional). */
Question.prototype.confidence = function () {
  var chosen = this.sureInputs.filter(function (input) {
    return input.checked;
  });
  return chosen.length ? chosen[0].value : "none";
};

Question.prototype.setConfidence = function (value) {
  this.sureInputs.forEach(function (input) {
    input.checked = input.value === value;
  });
};

Question.prototype.setEnabled = function (enabled) {
  this.inputs.concat(this.sureInputs).forEach(function (input) {
    input.disabled = !enabled;
  });
  this.checkButton.disabled = !enabled;
};

Question.prototype.check = function (quiet) {
  var chosen = this.selected();
  if (!chosen.length) {
    showLines(this.region, "unanswered", [this.messages.unanswered]);
  } else {
    var outcome = outcomeOf(this.data, this.messages, chosen);
    if (!outcome) return;
    this.state = outcome.status;
    this.answer = chosen;
    showLines(this.region, outcome.status, outcome.lines);
    if (!quiet) recordAnswer(this.quiz, this.data, outcome.status, chosen, this.confidence(), outcome.miss);
  }
  if (!quiet) this.changed();
};

Question.prototype.tryAgain = function (quiet) {
  this.select([]);
  this.setConfidence(null);
  this.state = "unanswered";
  this.answer = [];
  this.region.textContent = "";
  this.setEnabled(true);
  if (!quiet) {
    recordAnswer(this.quiz, this.data, "unanswered");
    this.changed();
  }
};

Question.prototype.showAnswer = function (quiet) {
  this.select(this.data.reveal.selected);
  this.state = "revealed";
  this.answer = this.data.reveal.selected.slice();
  showLines(this.region, "revealed", revealLines(this.data));
  this.setEnabled(false); // until "Try again"
  if (!quiet) {
    recordAnswer(this.quiz, this.data, "revealed", this.answer, this.confidence());
    this.changed();
  }
};

/** Show a saved record again; the feedback is looked up again, never stored. */
Question.prototype.restore = function (record) {
  if (record.result === "revealed") {
    this.setConfidence(record.confidence);
    this.showAnswer(true);
  } else if (record.result === "correct" || record.result === "incorrect" || record.result === "safe") {
    this.select(Array.isArray(record.answer) ? record.answer.map(String) : []); // unknown ids select nothing
    this.setConfidence(record.confidence);
    if (this.selected().length) this.check(true);
  }
};

/** A quiz section: its questions, score line and "Reset this quiz". */
export function Quiz(root) {
  var data = readData(root, "script.sc-quiz-data");
  if (!data) return;
  if (data.version !== 1) {
    console.error("spasm-course: no quiz data of version 1 (got " + data.version + ")");
    return;
  }
  var self = this;
  this.data = data;
  this.scoreText = root.querySelector(".sc-score strong");
  var forms = {};
  toArray(root.querySelectorAll("form.sc-question")).forEach(function (form) {
    forms[form.getAttribute("data-question")] = form;
  });
  this.questions = data.questions
    .filter(function (q) {
      return has(forms, q.id);
    })
    .map(function (q) {
      return new Question(forms[q.id], q, data, function () {
        self.updateScore();
      });
    });
  toArray(root.querySelectorAll(".sc-buttons, .sc-quiz-footer")).forEach(showControls);
  root.querySelector(".sc-reset").addEventListener("click", function () {
    self.reset();
  });
  root.classList.add("sc-ready");
  this.restore();
  this.updateScore();
  tellResets(root, this.data.messages); // answers this quiz dropped because their questions changed
}

Quiz.prototype.updateScore = function () {
  var correct = this.questions.filter(function (q) {
    return q.state === "correct";
  }).length;
  this.scoreText.textContent = fill(lookup(this.data.messages, "score", "quiz message"), {
    correct: correct, total: this.data.total,
  });
};

Quiz.prototype.restore = function () {
  var records = loadRecords(this.data);
  this.questions.forEach(function (q) {
    if (has(records, q.data.id)) q.restore(records[q.data.id]);
  });
};

/** "Reset this quiz": its answers, review boxes and confidence marks go (entries it does not understand stay). */
Quiz.prototype.reset = function () {
  this.questions.forEach(function (q) {
    q.tryAgain(true);
  });
  saveRecords(this.data, {});
  this.updateScore();
};
