/*
 * Muscle spasms and twitches: the quizzes, the triage simulator and the
 * progress page of the website.  No kernel, no network, no framework.
 *
 * Every block this script drives was written by spasm_course/render.py (or
 * sphinx_progress.py) as plain HTML plus a <script type="application/json">
 * holding the data.  This script decides nothing itself:
 *   - a quiz answer is looked up in the question's "outcomes" table (computed
 *     by grading.outcome_table), and the feedback is the lines grading wrote;
 *   - a triage answer is looked up in triage.decision_table()'s "results".
 * All text goes in with textContent, never innerHTML, so no data can run.
 *
 * Saved answers live in localStorage under "spasm-course:quiz:<quiz id>".
 * When the browser refuses storage, everything works; nothing is saved.
 */
(function () {
  "use strict";

  // ------------------------------------------------------------ helpers

  /** The JSON data block inside `root`, or null. */
  function readData(root, selector) {
    var node = root.querySelector(selector);
    if (!node) return null;
    try {
      return JSON.parse(node.textContent);
    } catch (e) {
      return null;
    }
  }

  /** A new element with an optional class and text. */
  function make(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  /** Fill a "{name}" template. */
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  // localStorage that never throws (private mode, blocked storage, full disk).
  var store = {
    get: function (key) {
      try {
        var raw = window.localStorage.getItem(key);
        return raw ? JSON.parse(raw) : null;
      } catch (e) {
        return null;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(key, JSON.stringify(value));
      } catch (e) {
        /* not saved: the page still works */
      }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(key);
      } catch (e) {
        /* nothing to remove */
      }
    },
    keys: function (prefix) {
      var found = [];
      try {
        for (var i = 0; i < window.localStorage.length; i++) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) found.push(key);
        }
      } catch (e) {
        /* no storage: no keys */
      }
      return found;
    },
    available: function () {
      try {
        var probe = "spasm-course:probe";
        window.localStorage.setItem(probe, "1");
        window.localStorage.removeItem(probe);
        return true;
      } catch (e) {
        return false;
      }
    },
  };

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

  // ------------------------------------------------------------ one question

  /*
   * States, as in quiz.py: "unanswered", "correct", "incorrect", "revealed".
   * Check with nothing chosen shows a message and keeps the state.
   */
  function Question(form, data, messages, changed) {
    var self = this;
    this.form = form;
    this.data = data;
    this.messages = messages;
    this.changed = changed;
    this.state = "unanswered";
    this.answer = []; // the answer last checked (what is saved)
    this.inputs = toArray(form.querySelectorAll("input")); // in display order
    this.region = form.querySelector(".sc-feedback-region");
    this.checkButton = form.querySelector(".sc-check");
    this.lineOf = {};
    data.choices.forEach(function (choice) {
      self.lineOf[choice.id] = choice.line;
    });
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

  Question.prototype.setEnabled = function (enabled) {
    this.inputs.forEach(function (input) {
      input.disabled = !enabled;
    });
    this.checkButton.disabled = !enabled;
  };

  Question.prototype.check = function (quiet) {
    var chosen = this.selected();
    if (!chosen.length) {
      showLines(this.region, "unanswered", [this.messages.unanswered]);
    } else {
      // The table's keys are the chosen ids in display order, joined by "+".
      var outcome = this.data.outcomes[chosen.join("+")];
      if (!outcome) return;
      var self = this;
      this.state = outcome.status;
      this.answer = chosen;
      var lines = [this.messages[outcome.status]]
        .concat(outcome.show.map(function (id) {
          return self.lineOf[id];
        }))
        .concat(this.data.tail);
      showLines(this.region, outcome.status, lines);
    }
    if (!quiet) this.changed();
  };

  Question.prototype.tryAgain = function (quiet) {
    this.select([]);
    this.state = "unanswered";
    this.answer = [];
    this.region.textContent = "";
    this.setEnabled(true);
    if (!quiet) this.changed();
  };

  Question.prototype.showAnswer = function (quiet) {
    var reveal = this.data.reveal;
    this.select(reveal.selected);
    this.state = "revealed";
    this.answer = reveal.selected.slice();
    showLines(this.region, "revealed", reveal.lines);
    this.setEnabled(false); // until "Try again"
    if (!quiet) this.changed();
  };

  // ------------------------------------------------------------ a quiz

  function Quiz(root) {
    var data = readData(root, "script.sc-quiz-data");
    if (!data || data.version !== 1) return;
    var self = this;
    this.data = data;
    this.key = data.storage_key;
    this.scoreText = root.querySelector(".sc-score strong");
    var forms = {};
    toArray(root.querySelectorAll("form.sc-question")).forEach(function (form) {
      forms[form.getAttribute("data-question")] = form;
    });
    this.questions = data.questions
      .filter(function (q) {
        return forms[q.id];
      })
      .map(function (q) {
        return new Question(forms[q.id], q, data.messages, function () {
          self.save();
          self.updateScore();
        });
      });
    toArray(root.querySelectorAll(".sc-buttons, .sc-quiz-footer")).forEach(function (node) {
      node.hidden = false;
    });
    root.querySelector(".sc-reset").addEventListener("click", function () {
      self.reset();
    });
    root.classList.add("sc-ready");
    this.restore();
    this.updateScore();
  }

  Quiz.prototype.updateScore = function () {
    var correct = this.questions.filter(function (q) {
      return q.state === "correct";
    }).length;
    this.scoreText.textContent = fill(this.data.messages.score, { correct: correct, total: this.data.total });
  };

  Quiz.prototype.save = function () {
    var saved = {};
    var count = 0;
    this.questions.forEach(function (q) {
      if (q.state === "unanswered") return;
      saved[q.data.id] = { selected: q.answer.slice(), state: q.state };
      count++;
    });
    if (!count) {
      store.remove(this.key);
      return;
    }
    store.set(this.key, {
      version: 1,
      quiz: this.data.id,
      chapter: this.data.chapter,
      total: this.data.total,
      questions: saved,
    });
  };

  /** Put back saved answers; the feedback is looked up again, never stored. */
  Quiz.prototype.restore = function () {
    var saved = store.get(this.key);
    if (!saved || saved.version !== 1 || saved.quiz !== this.data.id) return;
    if (!saved.questions || typeof saved.questions !== "object") return;
    this.questions.forEach(function (q) {
      var entry = saved.questions[q.data.id];
      if (!entry || typeof entry !== "object") return;
      if (entry.state === "revealed") {
        q.showAnswer(true);
      } else if (Array.isArray(entry.selected) && entry.selected.length) {
        q.select(entry.selected.map(String)); // ids that no longer exist select nothing
        if (q.selected().length) q.check(true);
      }
    });
  };

  Quiz.prototype.reset = function () {
    this.questions.forEach(function (q) {
      q.tryAgain(true);
    });
    store.remove(this.key);
    this.updateScore();
  };

  // ------------------------------------------------------------ triage simulator

  /** decision_table() arrives with repeated strings stored once (render.py); undo that. */
  function unpackResults(table) {
    var results = {};
    Object.keys(table.results).forEach(function (key) {
      var packed = table.results[key];
      var result = {};
      Object.keys(packed).forEach(function (name) {
        var value = packed[name];
        result[name] = table.packed.indexOf(name) !== -1
          ? value.map(function (i) {
              return table.strings[i];
            })
          : value;
      });
      results[key] = result;
    });
    return results;
  }

  function Triage(root) {
    var table = readData(root, "script.sc-triage-data");
    if (!table) return;
    var self = this;
    this.table = table;
    this.results = unpackResults(table);
    this.words = table.messages;
    this.form = root.querySelector("form.sc-triage-form");
    this.region = root.querySelector(".sc-triage-result");
    this.showing = false; // a result (not a note) is on screen
    this.fieldsets = {};
    toArray(root.querySelectorAll("fieldset[data-field]")).forEach(function (fieldset) {
      self.fieldsets[fieldset.getAttribute("data-field")] = fieldset;
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.check();
    });
    this.form.addEventListener("change", function (event) {
      self.onChange(event.target);
    });
    toArray(root.querySelectorAll(".sc-buttons")).forEach(function (node) {
      node.hidden = false;
    });
    root.classList.add("sc-ready");
  }

  Triage.prototype.inputs = function (name) {
    return toArray(this.fieldsets[name].querySelectorAll("input"));
  };

  /** The answers, as assess() takes them: null = not answered; causes [] = "None of these". */
  Triage.prototype.answers = function () {
    var self = this;
    var answers = {};
    this.table.fields.forEach(function (name) {
      var checked = self.inputs(name).filter(function (input) {
        return input.checked;
      });
      if (name === "causes") {
        var causes = checked
          .filter(function (input) {
            return input.value !== "none";
          })
          .map(function (input) {
            return input.value;
          });
        answers.causes = causes.length || checked.length ? causes : null;
      } else {
        answers[name] = checked.length ? checked[0].value : null;
      }
    });
    return answers;
  };

  Triage.prototype.onChange = function (input) {
    if (input.name === "sc-triage.causes") {
      // "None of these" and the causes exclude each other.
      var none = input.value === "none";
      if (input.checked) {
        this.inputs("causes").forEach(function (other) {
          if (other !== input && (none || other.value === "none")) other.checked = false;
        });
      }
    }
    if (input.name === "sc-triage.kind") {
      // A twitch needs no other answer: the spasm questions are greyed out.
      var twitch = input.value === "twitch" && input.checked;
      var self = this;
      this.table.fields.forEach(function (name) {
        if (self.table.required.twitch.indexOf(name) === -1) self.fieldsets[name].disabled = twitch;
      });
    }
    if (this.showing) this.note(this.words.changed); // the shown result is out of date
  };

  Triage.prototype.note = function (message) {
    this.showing = false;
    this.region.textContent = "";
    var card = make("div", "sc-triage-card sc-triage-note");
    var p = make("p");
    p.appendChild(make("strong", null, message));
    card.appendChild(p);
    this.region.appendChild(card);
  };

  Triage.prototype.check = function () {
    var answers = this.answers();
    var table = this.table;
    var needed = table.required[answers.kind] || table.required.spasm;
    var missing = needed.filter(function (name) {
      return answers[name] === null;
    });
    if (missing.length) {
      this.note(fill(table.please_answer, {
        fields: missing.map(function (name) {
          return table.labels[name].name;
        }).join(", "),
      }));
      return;
    }
    // The key format is table.key_format: "spasm|<severity>|<frequency>|<home_care>|<causes or none>".
    var key = answers.kind === "twitch"
      ? "twitch"
      : ["spasm", answers.severity, answers.frequency, answers.home_care,
         answers.causes.length ? "causes" : "none"].join("|");
    var result = this.results[key];
    if (result) this.card(result);
  };

  /**
   * The result card, as triage_widget.card_html lays it out: label in words
   * (never colour alone), the lists in table.card_sections order, then the
   * emergency sentence and the disclaimer.
   */
  Triage.prototype.card = function (result) {
    var words = this.words;
    var level = this.table.levels[result.level] || {};
    var card = make("div", "sc-triage-card sc-triage-" + result.level);
    if (level.colour) card.style.borderLeftColor = level.colour;
    if (level.background) card.style.backgroundColor = level.background;

    function heading(text) {
      var p = make("p");
      p.appendChild(make("strong", null, text));
      card.appendChild(p);
    }
    function list(className, lines) {
      var ul = make("ul", className);
      lines.forEach(function (line) {
        ul.appendChild(make("li", null, line));
      });
      card.appendChild(ul);
    }

    var label = make("p", "sc-triage-label");
    label.appendChild(make("strong", null, words.result + ": " + result.label));
    card.appendChild(label);
    this.table.card_sections.forEach(function (section) {
      var name = section[1];
      heading(words[section[0]] + ":");
      if (name === "source") {
        var quotes = make("blockquote", "sc-triage-source");
        result.source.forEach(function (quote) {
          quotes.appendChild(make("p", null, "\u201c" + quote + "\u201d"));
        });
        card.appendChild(quotes);
      } else {
        list("sc-triage-" + name, result[name]);
      }
    });
    var emergency = make("p", "sc-triage-emergency");
    emergency.appendChild(make("strong", null, words.emergency));
    card.appendChild(emergency);
    var disclaimer = make("p");
    disclaimer.appendChild(make("em", null, words.disclaimer));
    card.appendChild(disclaimer);

    this.region.textContent = "";
    this.region.appendChild(card);
    this.showing = true;
  };

  // ------------------------------------------------------------ progress page

  function Progress(root) {
    var data = readData(root, "script.sc-progress-data");
    if (!data) return;
    var self = this;
    this.root = root;
    this.data = data;
    this.words = data.messages;
    this.status = root.querySelector(".sc-progress-status");
    this.chapters = root.querySelector(".sc-progress-chapters");
    var reset = root.querySelector(".sc-progress-reset");
    reset.hidden = false;
    reset.addEventListener("click", function () {
      store.keys(data.prefix).forEach(store.remove);
      self.render();
      self.status.textContent = self.words.reset_done + " " + self.status.textContent;
    });
    window.addEventListener("storage", function () {
      self.render();
    });
    this.render();
  }

  Progress.prototype.render = function () {
    var words = this.words;
    var root = this.root;
    var anything = false;
    var chapterDone = {};
    this.data.quizzes.forEach(function (quiz) {
      var saved = store.get(quiz.storage_key);
      var answers = saved && saved.quiz === quiz.id && saved.questions && typeof saved.questions === "object"
        ? saved.questions
        : {};
      var answered = 0;
      var correct = 0;
      quiz.questions.forEach(function (id) {
        var entry = answers[id];
        if (!entry) return;
        answered++;
        if (entry.state === "correct") correct++;
      });
      if (answered) anything = true;
      // Done = every question answered correctly ("Show answer" does not count).
      var done = correct === quiz.total;
      chapterDone[quiz.chapter] = chapterDone[quiz.chapter] !== false && done;
      toArray(root.querySelectorAll("tr[data-quiz]")).forEach(function (row) {
        if (row.getAttribute("data-quiz") !== quiz.id) return;
        row.querySelector(".sc-progress-score").textContent = answered
          ? fill(words.score, { correct: correct, total: quiz.total })
          : words.not_started;
        row.querySelector(".sc-progress-done").textContent = done ? words.done : words.in_progress;
        row.classList.toggle("sc-done", done);
      });
    });
    var done = Object.keys(chapterDone)
      .filter(function (chapter) {
        return chapterDone[chapter];
      })
      .map(Number)
      .sort(function (a, b) {
        return a - b;
      });
    this.chapters.textContent = done.length
      ? fill(words.chapters_done, { chapters: done.join(", ") })
      : words.no_chapters_done;
    if (!store.available()) this.status.textContent = words.no_storage;
    else this.status.textContent = anything ? "" : words.empty;
  };

  // ------------------------------------------------------------ theme fixes

  /*
   * Two buttons of the theme (pydata-sphinx-theme 0.17) fail WCAG 2.5.3
   * "Label in Name": their visible content is not part of their name.
   *   - The search button shows "Search Ctrl+K" but is named "Search": its
   *     name becomes the words it shows.
   *   - The colour-mode button, named "Color mode", holds icons titled
   *     "Light", "Dark" and "System Settings": the icons are decoration.
   */
  function fixThemeButtons() {
    toArray(document.querySelectorAll(".search-button__button")).forEach(function (button) {
      if (!button.querySelector(".search-button__kbd-shortcut")) return;
      button.setAttribute("aria-label", button.textContent.replace(/\s+/g, " ").trim());
    });
    toArray(document.querySelectorAll(".theme-switch-button .theme-switch")).forEach(function (icon) {
      icon.removeAttribute("title");
      icon.removeAttribute("aria-labelledby");
      icon.setAttribute("aria-hidden", "true");
      var title = icon.querySelector("title");
      if (title) icon.removeChild(title);
    });
  }

  // ------------------------------------------------------------ start

  function start() {
    fixThemeButtons();
    toArray(document.querySelectorAll("section.sc-quiz")).forEach(function (root) {
      new Quiz(root);
    });
    toArray(document.querySelectorAll("section.sc-triage")).forEach(function (root) {
      new Triage(root);
    });
    toArray(document.querySelectorAll("div.sc-progress")).forEach(function (root) {
      new Progress(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
