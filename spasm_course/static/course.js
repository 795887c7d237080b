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
 * Every word it shows comes from the page data (content/words.yml and
 * triage.yml, via Python); it types no text of its own (tests/test_course_js.py).
 * A lookup that misses logs console.error ("spasm-course: no ...").
 * All text goes in with textContent, never innerHTML, so no data can run.
 *
 * Saved answers live in localStorage under "spasm-course:quiz:<quiz id>", one
 * record per question (see "records" below), which the Practice again page and
 * the progress page read too.  When the browser refuses storage, everything
 * works; nothing is saved.
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
      console.error("spasm-course: no readable data in " + selector);
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

  /** table[key], or undefined after a console.error naming what was missing. */
  function lookup(table, key, what) {
    if (table && Object.prototype.hasOwnProperty.call(table, key)) return table[key];
    console.error("spasm-course: no " + what + " " + key);
    return undefined;
  }

  /**
   * The page's words (or another table) with every read checked: a word the
   * data lacks logs console.error (and reads as undefined, as before).
   */
  function checked(table, what) {
    return new Proxy(table || {}, {
      get: function (target, key) {
        if (typeof key === "string" && !Object.prototype.hasOwnProperty.call(target, key)) {
          console.error("spasm-course: no " + what + " " + key);
        }
        return target[key];
      },
    });
  }

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  /** Fill a "{name}" template. */
  function fill(template, values) {
    if (typeof template !== "string") return ""; // a missing word: its lookup has logged the error
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

  /** Show a block of buttons and enable them: the page's HTML has them hidden and disabled until this script runs. */
  function showControls(node) {
    node.hidden = false;
    toArray(node.querySelectorAll("button")).forEach(function (button) {
      button.disabled = false;
    });
  }

  // ------------------------------------------------------------ records

  /*
   * One record per question, in the progress file's format (progress.py,
   * progress.schema.json), saved under its quiz's key:
   *   {version: 2, quiz, chapter, total, questions: {<question id>: record}}
   * A record whose hash is not the question's current hash (the question was
   * edited after the answer) is dropped when read: never shown, never counted.
   * The review box comes from the schedule table (schedule.py); this script
   * only looks it up.
   */

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /** The learner's local calendar date `days` from today, as "YYYY-MM-DD". */
  function localDate(days) {
    var now = new Date();
    var day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + (days || 0));
    return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
  }

  /** A "YYYY-MM-DD" date in the reader's own words (their locale). */
  function showDate(iso) {
    var parts = iso.split("-").map(Number);
    return new Date(parts[0], parts[1] - 1, parts[2]).toLocaleDateString(undefined, {
      year: "numeric", month: "long", day: "numeric",
    });
  }

  /** The schedule's next box for an answer, or null (logged) when the table has no entry. */
  function nextBox(schedule, box, result, confidence) {
    var key = box + "|" + result + "|" + confidence;
    if (!Object.prototype.hasOwnProperty.call(schedule.next, key)) {
      console.error("spasm-course: no schedule entry " + key);
      return null;
    }
    return schedule.next[key];
  }

  function dueDate(schedule, box) {
    return box === schedule.not_queued ? null : localDate(lookup(schedule.intervals, String(box), "review interval for box"));
  }

  /** What course.js saved before records (version 1: {selected, state}), as a record; null if not understood. */
  function upgradeEntry(quiz, question, entry) {
    var result = entry.state;
    if (["correct", "incorrect", "revealed"].indexOf(result) === -1 || !Array.isArray(entry.selected)) return null;
    var box = nextBox(quiz.schedule, quiz.schedule.not_queued, result, "none");
    if (box === null) return null;
    return {
      quiz: quiz.id, answer: entry.selected.map(String), result: result, confidence: "none",
      first: { result: result, confidence: "none" }, box: box, due: dueDate(quiz.schedule, box),
      time: new Date().toISOString(), hash: question.hash,
    };
  }

  /**
   * progress.upgrade_record: an "incorrect" answer that the rule now grades "safe" (a more careful
   * care level; the question's data lists those answers) becomes a "safe" record.  Returns the
   * record itself when nothing changes, else a copy.
   */
  function upgradeRecord(question, record) {
    if (record.result !== "incorrect" || !Array.isArray(record.answer)) return record;
    if (!question.safe || question.safe.indexOf(record.answer.join("+")) === -1) return record;
    var upgraded = {};
    Object.keys(record).forEach(function (name) {
      if (name !== "miss") upgraded[name] = record[name];
    });
    upgraded.result = "safe";
    return upgraded;
  }

  /** The results a record of this version may hold (schedule.RESULTS, and "unanswered" after Try again). */
  function knownResults(quiz) {
    return quiz.schedule.results.concat(["unanswered"]);
  }

  /**
   * What is stored under a quiz's key, as this page understands it:
   *   records  -- {question id: record} of the quiz's current questions, upgraded to this version;
   *   keep     -- entries this page does not understand (an unknown question, an unknown result),
   *               written back untouched whenever the quiz is saved;
   *   readOnly -- the stored value is of a newer version or not a quiz entry: never written;
   *   changed  -- something was upgraded or a stale record dropped, so it should be saved.
   * A record whose hash is not its question's (the question was edited) is dropped, as progress.drop_stale.
   */
  function readStored(quiz) {
    var state = { records: {}, keep: {}, readOnly: false, changed: false };
    var saved = store.get(quiz.storage_key);
    if (saved === null) return state;
    if (typeOf(saved) !== "object" || saved.quiz !== quiz.id || typeOf(saved.questions) !== "object" ||
        typeOf(saved.version) !== "integer" || saved.version > quiz.record_version) {
      state.readOnly = true; // a newer format, or not ours: left as it is
      return state;
    }
    var known = knownResults(quiz);
    var byId = {};
    quiz.questions.forEach(function (question) {
      byId[question.id] = question;
    });
    if (saved.version !== quiz.record_version) state.changed = true;
    Object.keys(saved.questions).forEach(function (id) {
      var entry = saved.questions[id];
      var question = byId[id];
      var record = entry;
      if (question && saved.version === 1 && typeOf(entry) === "object") record = upgradeEntry(quiz, question, entry);
      if (!question || typeOf(record) !== "object" || known.indexOf(record.result) === -1) {
        state.keep[id] = entry; // not understood: kept as it is
        return;
      }
      if (record.hash !== question.hash) {
        state.changed = true; // the question changed since: the answer is dropped
        return;
      }
      var upgraded = upgradeRecord(question, record);
      if (upgraded !== record) state.changed = true;
      state.records[id] = upgraded;
    });
    return state;
  }

  function writeStored(quiz, records, keep) {
    var questions = {};
    [keep, records].forEach(function (part) {
      Object.keys(part).forEach(function (id) {
        questions[id] = part[id];
      });
    });
    if (!Object.keys(questions).length) {
      store.remove(quiz.storage_key);
      return;
    }
    store.set(quiz.storage_key, {
      version: quiz.record_version, quiz: quiz.id, chapter: quiz.chapter, total: quiz.total, questions: questions,
    });
  }

  /** The saved records of a quiz ({question id: record}), upgraded in place when the format changed. */
  function loadRecords(quiz) {
    var state = readStored(quiz);
    if (state.changed && !state.readOnly) writeStored(quiz, state.records, state.keep);
    return state.records;
  }

  /** Save a quiz's records; entries the page does not understand stay.  False when nothing may be written. */
  function saveRecords(quiz, records) {
    var state = readStored(quiz);
    if (state.readOnly) return false;
    writeStored(quiz, records, state.keep);
    return true;
  }

  /**
   * Record an answer ("correct", "incorrect", "safe", "revealed") or a "Try again"
   * ("unanswered": the answer is cleared, the review box and first try stay).
   */
  function recordAnswer(quiz, question, result, answer, confidence, miss) {
    var records = loadRecords(quiz);
    var before = records[question.id];
    var now = new Date().toISOString();
    var record;
    if (result === "unanswered") {
      if (!before) return;
      record = {};
      Object.keys(before).forEach(function (name) {
        if (name !== "miss") record[name] = before[name];
      });
      record.answer = [];
      record.result = "unanswered";
      record.confidence = "none";
      record.time = now;
    } else {
      var box = nextBox(quiz.schedule, before ? before.box : quiz.schedule.not_queued, result, confidence);
      if (box === null) return;
      record = {
        quiz: quiz.id, answer: answer.slice(), result: result, confidence: confidence,
        first: before ? before.first : { result: result, confidence: confidence },
        box: box, due: dueDate(quiz.schedule, box), time: now, hash: question.hash,
      };
      if (miss && result === "incorrect") record.miss = miss; // a safe answer is no miss (progress.schema.json)
    }
    records[question.id] = record;
    saveRecords(quiz, records);
  }

  // ------------------------------------------------------------ one question

  /*
   * States, as in quiz_widget.py: "unanswered", "correct", "incorrect", "revealed".
   * Check with nothing chosen shows a message and keeps the state.
   * `quiz` is the quiz's data (for its records); `changed` runs after a change.
   */
  function Question(form, data, quiz, changed) {
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
    // The outcome table names choices by their position in data.choices (render.outcomes_by_position).
    this.positionOf = {};
    this.lineAt = {};
    data.choices.forEach(function (choice, position) {
      self.positionOf[choice.id] = position;
      self.lineAt[position] = choice.line;
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
    var self = this;
    var chosen = this.selected();
    if (!chosen.length) {
      showLines(this.region, "unanswered", [this.messages.unanswered]);
    } else {
      // The table's keys are the chosen choices' positions (display order), joined by "+".
      var key = chosen.map(function (id) {
        return lookup(self.positionOf, id, "choice of " + self.data.id);
      }).join("+");
      var outcome = lookup(this.data.outcomes, key, "outcome of " + this.data.id + " for " + chosen.join("+") + " at");
      if (!outcome) return;
      this.state = outcome.status;
      this.answer = chosen;
      // As Grade.lines(): the headline (a triage-level miss has its own), the shown choices' lines, the tail.
      var lines = [lookup(this.messages, outcome.headline || outcome.status, "message")]
        .concat(outcome.show.map(function (position) {
          return lookup(self.lineAt, position, "feedback line of " + self.data.id + " for");
        }))
        .concat(this.data.tail);
      showLines(this.region, outcome.status, lines);
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
    var reveal = this.data.reveal;
    this.select(reveal.selected);
    this.state = "revealed";
    this.answer = reveal.selected.slice();
    // Built as check() builds an answer's feedback: the headline, the shown choices' lines, the tail.
    var self = this;
    showLines(this.region, "revealed", [reveal.headline]
      .concat(reveal.show.map(function (position) {
        return lookup(self.lineAt, position, "feedback line of " + self.data.id + " for");
      }))
      .concat(this.data.tail));
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
      this.select(record.answer.map(String)); // ids that no longer exist select nothing
      this.setConfidence(record.confidence);
      if (this.selected().length) this.check(true);
    }
  };

  // ------------------------------------------------------------ a quiz

  function Quiz(root) {
    var data = readData(root, "script.sc-quiz-data");
    if (!data) return;
    if (data.version !== 1) {
      console.error("spasm-course: no quiz data of version 1 (got " + data.version + ")");
      return;
    }
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
      if (records[q.data.id]) q.restore(records[q.data.id]);
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

  // ------------------------------------------------------------ Practice again

  /*
   * The page holds every quiz's questions, hidden.  It shows the ones whose
   * record is in a review box and due today or earlier (local date), and
   * keeps showing a question answered here until the page is left.
   */
  function Practice(root, jobs) {
    var data = readData(root, "script.sc-practice-data");
    if (!data) return;
    var self = this;
    this.root = root;
    this.words = checked(data.messages, "message");
    this.status = root.querySelector(".sc-practice-status");
    this.next = root.querySelector(".sc-practice-next");
    this.controls = root.querySelector("template.sc-practice-controls");
    this.controlsId = data.controls_id;
    this.items = []; // {quiz, data, form, question}; a Question is made when its form is first shown
    // One job per quiz (its data block is read then), and the first update when all are read.
    toArray(root.querySelectorAll("section.sc-practice-quiz")).forEach(function (section) {
      jobs.push(function () {
        self.addQuiz(section, data.shared);
      });
    });
    jobs.push(function () {
      self.update(true, jobs); // adds jobs that show the due questions, a few per task
      jobs.push(function () {
        root.classList.add("sc-ready");
      });
    });
  }

  /** How many due questions one set-up task shows (each makes a Question and copies the controls). */
  var SHOW_PER_TASK = 8;

  Practice.prototype.addQuiz = function (section, shared) {
    var self = this;
    var quiz = readData(section, "script.sc-quiz-data");
    if (!quiz) return;
    // The words and the schedule are the page's, shipped once for every quiz (render.shared_quiz_data).
    quiz.messages = shared.messages;
    quiz.schedule = shared.schedule;
    var forms = {};
    toArray(section.querySelectorAll("form.sc-question")).forEach(function (form) {
      forms[form.getAttribute("data-question")] = form;
    });
    quiz.questions.forEach(function (q) {
      if (forms[q.id]) self.items.push({ quiz: quiz, data: q, form: forms[q.id], question: null });
    });
  };

  /** Show items' forms, making each one's Question (with its controls and buttons) the first time. */
  Practice.prototype.show = function (items) {
    var self = this;
    items.forEach(function (item) {
      self.showOne(item);
    });
  };

  Practice.prototype.showOne = function (item) {
    var self = this;
    if (!item.question) {
      this.addControls(item.form);
      item.question = new Question(item.form, item.data, item.quiz, function () {
        self.update(false);
      });
      toArray(item.form.querySelectorAll(".sc-buttons")).forEach(showControls);
    }
    item.form.hidden = false;
  };

  /**
   * Give a form its controls: the page ships the "How sure are you?" fieldset, the buttons and
   * the feedback region once, in a template written for the id data.controls_id
   * (render.practice_controls_html); the copy gets this form's id in its place.
   */
  Practice.prototype.addControls = function (form) {
    var placeholder = this.controlsId;
    var copy = this.controls.content.cloneNode(true);
    toArray(copy.querySelectorAll("*")).forEach(function (node) {
      ["id", "for", "name", "aria-describedby"].forEach(function (name) {
        var value = node.getAttribute(name);
        if (value !== null) node.setAttribute(name, value.split(placeholder).join(form.id));
      });
    });
    form.querySelector("fieldset").appendChild(copy.querySelector(".sc-confidence"));
    form.appendChild(copy); // the buttons, then the feedback region
  };

  /** Count and show what is due.  The first time (`jobs` given), the due questions are shown by set-up jobs. */
  Practice.prototype.update = function (first, jobs) {
    var self = this;
    var toShow = [];
    var today = localDate(0);
    var due = 0;
    var later = null;
    var queued = 0;
    var recordsOf = {};
    this.items.forEach(function (item) {
      var quizId = item.quiz.id;
      if (!recordsOf[quizId]) recordsOf[quizId] = loadRecords(item.quiz);
      var record = recordsOf[quizId][item.data.id];
      var inQueue = record && record.box !== item.quiz.schedule.not_queued && record.due;
      if (inQueue) queued++;
      var isDue = inQueue && record.due <= today;
      if (isDue) due++;
      if (inQueue && !isDue && (later === null || record.due < later)) later = record.due;
      // Shown: due now, or already answered on this page (its feedback stays).
      if (isDue) toShow.push(item);
      else if (first) item.form.hidden = true;
    });
    if (jobs) {
      for (var at = 0; at < toShow.length; at += SHOW_PER_TASK) {
        jobs.push(this.show.bind(this, toShow.slice(at, at + SHOW_PER_TASK)));
      }
    } else {
      this.show(toShow);
    }
    var words = this.words;
    if (!store.available()) {
      this.status.textContent = words.no_storage;
    } else if (!queued) {
      this.status.textContent = words.queue_empty;
    } else {
      this.status.textContent = due ? fill(words.due_today, { count: due }) : words.none_due;
    }
    this.status.setAttribute("data-due", String(due));
    if (later) {
      this.next.textContent = fill(words.next_due, { date: showDate(later) });
      this.next.setAttribute("data-date", later);
    } else {
      this.next.textContent = "";
      this.next.removeAttribute("data-date");
    }
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
    this.words = checked(table.messages, "triage message");
    this.table = table;
    this.results = unpackResults(table);
    this.form = root.querySelector("form.sc-triage-form");
    this.region = root.querySelector(".sc-triage-result");
    this.showing = false; // a result (not a note) is on screen
    this.fieldsets = {};
    toArray(root.querySelectorAll("fieldset[data-field]")).forEach(function (fieldset) {
      self.fieldsets[fieldset.getAttribute("data-field")] = fieldset;
    });
    // Said while a route's answer makes the other questions unneeded ("Somewhere else, or not sure").
    this.notNeeded = make("p", "sc-triage-not-needed");
    this.notNeeded.appendChild(make("strong", null, this.words.not_needed));
    this.notNeeded.setAttribute("role", "status");
    this.notNeeded.hidden = true;
    var first = this.fieldsets[table.fields[0]];
    if (first) first.parentNode.insertBefore(this.notNeeded, first.nextSibling);
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.check();
    });
    this.form.addEventListener("change", function (event) {
      self.onChange(event.target);
    });
    this.refresh();
    toArray(root.querySelectorAll(".sc-buttons")).forEach(showControls);
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
        return input.checked && !input.disabled;
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

  /** triage.route: the first route whose field's answer is one of its values (the last has no field). */
  Triage.prototype.route = function (answers) {
    var routes = this.table.routes;
    for (var i = 0; i < routes.length; i++) {
      var item = routes[i];
      if (item.field === null || item.values.indexOf(answers[item.field]) !== -1) return item;
    }
    console.error("spasm-course: no triage route for " + JSON.stringify(answers));
    return null;
  };

  /**
   * Show only what the answers so far need: the questions a route does not need are
   * greyed out (a twitch needs no spasm answers; "somewhere else" needs nothing more,
   * and says so), and a cause that counts only in some places (triage.CAUSE_PLACES) is
   * offered only there, unticked when it goes.
   */
  Triage.prototype.refresh = function () {
    var self = this;
    var table = this.table;
    var route = this.route(this.answers());
    if (!route) return;
    table.fields.forEach(function (name) {
      if (name !== table.fields[0]) self.fieldsets[name].disabled = route.required.indexOf(name) === -1;
    });
    this.notNeeded.hidden = !route.note;
    var where = this.inputs("where").filter(function (input) {
      return input.checked;
    });
    var place = where.length ? where[0].value : null;
    this.inputs("causes").forEach(function (input) {
      if (!Object.prototype.hasOwnProperty.call(table.cause_places, input.value)) return;
      var offered = table.cause_places[input.value].indexOf(place) !== -1;
      input.parentNode.hidden = !offered;
      input.disabled = !offered;
      if (!offered) input.checked = false;
    });
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
    this.refresh();
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
    // The missing-answer rule (triage.ROUTES): the answers the route needs.
    var route = this.route(answers);
    if (!route) return;
    var missing = route.required.filter(function (name) {
      return answers[name] === null;
    });
    if (missing.length) {
      this.note(fill(this.words.please_answer, {
        fields: missing.map(function (name) {
          return lookup(table.names, name, "field name");
        }).join(", "),
      }));
      return;
    }
    var result = lookup(this.results, this.key(route, answers), "triage result for");
    if (result) this.card(result);
  };

  /** The decision table's key of complete answers, by triage.KEY_PARTS (shipped as key_parts). */
  Triage.prototype.key = function (route, answers) {
    var parts = lookup(this.table.key_parts, route.id, "key parts for") || [];
    return parts.map(function (part) {
      if (Object.prototype.hasOwnProperty.call(part, "const")) return part.const;
      var value = answers[part.field];
      if (Object.prototype.hasOwnProperty.call(part, "some")) return value.length ? part.some : part.none;
      return value;
    }).join(this.table.key_separator);
  };

  /**
   * The result card, in the one layout of triage_card.CARD_LAYOUTS (shipped as card_layouts):
   * the label in words (never colour alone), the lists under their headings (empty ones left
   * out), the emergency sentence and the disclaimer, in the level's order.
   */
  Triage.prototype.card = function (result) {
    var words = this.words;
    var table = this.table;
    var level = lookup(table.levels, result.level, "triage level") || {};
    var card = make("div", "sc-triage-card sc-triage-" + result.level);
    if (level.colour) card.style.borderLeftColor = level.colour;
    if (level.background) card.style.backgroundColor = level.background;
    var layout = Object.prototype.hasOwnProperty.call(table.card_layouts, result.level)
      ? table.card_layouts[result.level]
      : lookup(table.card_layouts, "default", "card layout");
    (layout || []).forEach(function (part) {
      if (part === "label") {
        var label = make("p", "sc-triage-label");
        label.appendChild(make("strong", null, words.result + ": " + result.label));
        card.appendChild(label);
      } else if (part === "emergency") {
        var emergency = make("p", "sc-triage-emergency");
        emergency.appendChild(make("strong", null, words.emergency));
        card.appendChild(emergency);
      } else if (part === "disclaimer") {
        var disclaimer = make("p", "sc-triage-disclaimer");
        disclaimer.appendChild(make("em", null, words.disclaimer));
        card.appendChild(disclaimer);
      } else {
        var lines = lookup(result, part, "triage result part") || [];
        if (!lines.length) return;
        var headingId = lookup(table.card_headings, part, "card heading for");
        var headingText = words[headingId]; // a checked table: a missing word is logged
        var heading = make("p");
        heading.appendChild(make("strong", null, headingText + ":"));
        card.appendChild(heading);
        if (part === "source") {
          var quotes = make("blockquote", "sc-triage-source");
          lines.forEach(function (quote) {
            quotes.appendChild(make("p", null, "\u201c" + quote + "\u201d"));
          });
          card.appendChild(quotes);
        } else {
          var ul = make("ul", "sc-triage-" + part);
          lines.forEach(function (line) {
            ul.appendChild(make("li", null, line));
          });
          card.appendChild(ul);
        }
      }
    });
    this.region.textContent = "";
    this.region.appendChild(card);
    this.showing = true;
  };

  // ------------------------------------------------------------ progress file checks

  function typeOf(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
  }

  /*
   * The first way `value` breaks `schema` (progress.schema.json, shipped in the
   * page data), or null.  Only the keywords progress.SCHEMA_KEYWORDS lists,
   * which a test keeps the schema to.  The reason is for developers; the
   * learner sees the page's own message.
   */
  function schemaProblem(schema, value, path) {
    var own = Object.prototype.hasOwnProperty;
    var type = typeOf(value);
    if (schema.type !== undefined) {
      var types = [].concat(schema.type);
      var fits = types.some(function (t) {
        return t === type || (t === "number" && type === "integer");
      });
      if (!fits) return path + ": type";
    }
    if (own.call(schema, "const") && value !== schema.const) return path + ": const";
    if (schema.enum && schema.enum.indexOf(value) === -1) return path + ": enum";
    if (type === "string") {
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return path + ": pattern";
      if (schema.minLength !== undefined && value.length < schema.minLength) return path + ": minLength";
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return path + ": maxLength";
    }
    if (type === "integer" || type === "number") {
      if (schema.minimum !== undefined && value < schema.minimum) return path + ": minimum";
      if (schema.maximum !== undefined && value > schema.maximum) return path + ": maximum";
    }
    if (type === "array") {
      if (schema.maxItems !== undefined && value.length > schema.maxItems) return path + ": maxItems";
      if (schema.items) {
        for (var i = 0; i < value.length; i++) {
          var inItem = schemaProblem(schema.items, value[i], path + "/" + i);
          if (inItem) return inItem;
        }
      }
    }
    if (type === "object") {
      var keys = Object.keys(value);
      var required = schema.required || [];
      for (var r = 0; r < required.length; r++) {
        if (!own.call(value, required[r])) return path + ": required " + required[r];
      }
      if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) return path + ": maxProperties";
      for (var k = 0; k < keys.length; k++) {
        var key = keys[k];
        if (schema.propertyNames) {
          var badName = schemaProblem(schema.propertyNames, key, path + "/" + key);
          if (badName) return badName;
        }
        var sub = schema.properties && own.call(schema.properties, key) ? schema.properties[key] : null;
        if (!sub && schema.additionalProperties === false) return path + "/" + key + ": not allowed";
        if (!sub && schema.additionalProperties && typeof schema.additionalProperties === "object") {
          sub = schema.additionalProperties;
        }
        if (sub) {
          var inner = schemaProblem(sub, value[key], path + "/" + key);
          if (inner) return inner;
        }
      }
    }
    return null;
  }

  // ------------------------------------------------------------ progress page

  function Progress(root) {
    var data = readData(root, "script.sc-progress-data");
    if (!data) return;
    var self = this;
    this.root = root;
    this.data = data;
    this.words = checked(data.messages, "message");
    this.status = root.querySelector(".sc-progress-status");
    this.chapters = root.querySelector(".sc-progress-chapters");
    this.fileStatus = root.querySelector(".sc-progress-file-status");
    this.nameInput = root.querySelector(".sc-progress-name");
    data.quizzes.forEach(function (quiz) {
      quiz.schedule = data.schedule;
    });
    var reset = root.querySelector(".sc-progress-reset");
    reset.hidden = false;
    reset.addEventListener("click", function () {
      if (!window.confirm(self.words.reset_confirm)) return;
      // Every quiz's records go; entries this page does not understand (a newer format,
      // an unknown result or question) stay, as they do everywhere.
      data.quizzes.forEach(function (quiz) {
        saveRecords(quiz, {});
      });
      store.remove(data.learner_key);
      self.nameInput.value = "";
      self.render();
      self.status.textContent = self.words.reset_done + " " + self.status.textContent;
    });
    root.querySelector(".sc-progress-file").hidden = false;
    this.nameInput.value = store.get(data.learner_key) || "";
    this.nameInput.addEventListener("change", function () {
      var name = self.nameInput.value.trim();
      if (name) store.set(data.learner_key, name);
      else store.remove(data.learner_key);
    });
    root.querySelector(".sc-progress-download").addEventListener("click", function () {
      self.download();
    });
    var load = root.querySelector(".sc-progress-load");
    load.addEventListener("change", function () {
      var file = load.files && load.files[0];
      if (!file) return;
      file.text().then(function (text) {
        self.fileStatus.textContent = self.load(text);
        load.value = "";
        self.render();
      });
    });
    window.addEventListener("storage", function () {
      self.render();
    });
    this.render();
  }

  /** Every record of every quiz: {question id: record}. */
  Progress.prototype.allRecords = function () {
    var all = {};
    this.data.quizzes.forEach(function (quiz) {
      var records = loadRecords(quiz);
      Object.keys(records).forEach(function (id) {
        all[id] = records[id];
      });
    });
    return all;
  };

  Progress.prototype.download = function () {
    var data = this.data;
    var records = this.allRecords();
    var file = {
      format: data.format, format_version: data.format_version, course: data.course,
      saved: new Date().toISOString(), questions: records,
    };
    var name = this.nameInput.value.trim().slice(0, 200);
    if (name) file.learner = name;
    var blob = new Blob([JSON.stringify(file, null, 1)], { type: "application/json" });
    var link = make("a");
    link.href = URL.createObjectURL(blob);
    link.download = data.file_name;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
    this.fileStatus.textContent = fill(this.words.downloaded, { count: Object.keys(records).length });
  };

  /**
   * Load a progress file's text (rules in progress.py): refuse a damaged,
   * newer or foreign file whole; drop records of changed questions; merge the
   * rest question by question, the newer time winning.  Returns the message.
   */
  Progress.prototype.load = function (text) {
    var data = this.data;
    var words = this.words;
    var file;
    try {
      file = JSON.parse(text);
    } catch (e) {
      return words.bad_file;
    }
    if (typeOf(file) !== "object" || file.format !== data.format) return words.bad_file;
    if (typeOf(file.format_version) === "integer" && file.format_version > data.format_version) return words.newer;
    if (schemaProblem(data.schema, file, "")) return words.bad_file;
    if (file.course !== data.course) return words.foreign;
    var loaded = 0;
    var dropped = 0;
    var known = {};
    data.quizzes.forEach(function (quiz) {
      quiz.questions.forEach(function (question) {
        known[question.id] = { quiz: quiz, question: question };
      });
    });
    Object.keys(file.questions).forEach(function (id) {
      if (!known[id] || known[id].question.hash !== file.questions[id].hash) dropped++;
    });
    data.quizzes.forEach(function (quiz) {
      var records = loadRecords(quiz);
      var changed = false;
      quiz.questions.forEach(function (question) {
        var incoming = file.questions[question.id];
        if (!incoming || incoming.hash !== question.hash) return;
        incoming = upgradeRecord(question, incoming); // a file of an older format: as progress.upgrade_records
        var kept = records[question.id];
        // progress.merge: the greater merge_by value (the newer time) wins; a tie keeps this browser's.
        if (kept && !(incoming[data.merge_by] > kept[data.merge_by])) return;
        var record = {};
        Object.keys(incoming).forEach(function (name) {
          record[name] = incoming[name];
        });
        record.quiz = quiz.id;
        records[question.id] = record;
        changed = true;
        loaded++;
      });
      if (changed) saveRecords(quiz, records);
    });
    if (file.learner && !this.nameInput.value.trim()) {
      this.nameInput.value = file.learner;
      store.set(data.learner_key, file.learner);
    }
    var parts = [loaded ? fill(words.loaded, { count: loaded }) : ""];
    if (dropped) parts.push(fill(words.dropped, { count: dropped }));
    if (!loaded && !dropped) parts.push(words.nothing_new);
    return parts.join(" ").trim();
  };

  Progress.prototype.render = function () {
    var words = this.words;
    var root = this.root;
    var data = this.data;
    var today = localDate(0);
    var anything = false;
    var quizDone = {};
    var doneResults = data.done.results;
    var perChapter = {};
    var due = 0;
    var under = 0;
    var sureWrong = [];
    data.chapters.forEach(function (chapter) {
      perChapter[chapter.chapter] = { correct: 0, safe: 0, sureWrong: 0, under: 0, total: chapter.total };
    });
    data.quizzes.forEach(function (quiz) {
      var records = loadRecords(quiz);
      var answered = 0;
      var correct = 0;
      var finished = 0; // questions whose latest result counts as done (progress.DONE_RESULTS)
      var counts = lookup(perChapter, quiz.chapter, "chapter on the progress page:");
      quiz.questions.forEach(function (question) {
        var record = records[question.id];
        if (!record) return;
        if (record.box !== data.schedule.not_queued && record.due && record.due <= today) due++;
        if (doneResults.indexOf(record.result) !== -1) finished++;
        if (record.result === "unanswered") return;
        answered++;
        if (record.result === "correct") {
          correct++;
          counts.correct++;
        }
        if (record.result === "safe") counts.safe++; // a careful choice: never "sure but wrong"
        if (record.result === "incorrect" && record.confidence === "sure") {
          counts.sureWrong++;
          sureWrong.push(question);
        }
        if (record.result === "incorrect" && record.miss === "under") {
          counts.under++;
          under++;
        }
      });
      if (answered) anything = true;
      // progress.quiz_done: every question's latest result is a done result.
      var done = finished === quiz.total;
      quizDone[quiz.id] = done;
      toArray(root.querySelectorAll("tr[data-quiz]")).forEach(function (row) {
        if (row.getAttribute("data-quiz") !== quiz.id) return;
        row.querySelector(".sc-progress-score").textContent = answered
          ? fill(lookup(words, "score", "progress message"), { correct: correct, total: quiz.total })
          : lookup(words, "not_started", "progress message");
        row.querySelector(".sc-progress-done").textContent = done ? words.done : words.in_progress;
        row.classList.toggle("sc-done", done);
      });
    });
    toArray(root.querySelectorAll("tr[data-chapter]")).forEach(function (row) {
      var counts = lookup(perChapter, row.getAttribute("data-chapter"), "chapter on the progress page:");
      if (!counts) return;
      row.querySelector(".sc-progress-correct").textContent =
        fill(words.correct_of, { correct: counts.correct, total: counts.total });
      row.querySelector(".sc-progress-safe").textContent = String(counts.safe);
      row.querySelector(".sc-progress-sure-wrong").textContent = String(counts.sureWrong);
      row.querySelector(".sc-progress-under").textContent = String(counts.under);
    });
    var list = root.querySelector(".sc-progress-sure-wrong-list");
    list.textContent = "";
    sureWrong.forEach(function (question) {
      var item = make("li");
      var link = make("a", null, question.prompt);
      link.href = question.url;
      item.appendChild(link);
      list.appendChild(item);
    });
    root.querySelector(".sc-progress-sure-wrong-none").hidden = sureWrong.length > 0;
    root.querySelector(".sc-progress-due").textContent = fill(words.due_count, { count: due });
    root.querySelector(".sc-progress-due").setAttribute("data-due", String(due));
    var underLine = root.querySelector(".sc-progress-under-triage");
    underLine.textContent = under ? fill(words.under_triage, { count: under }) : "";
    underLine.hidden = !under;
    // progress.chapters_done: a chapter is done when every quiz of it is done.
    var chapterQuizzes = data.done.chapter_quizzes;
    var done = Object.keys(chapterQuizzes)
      .filter(function (chapter) {
        var ids = chapterQuizzes[chapter];
        return ids.filter(function (id) {
          return lookup(quizDone, id, "quiz on the progress page:") === true; // every id looked up
        }).length === ids.length;
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

  // ------------------------------------------------------------ start

  /*
   * The widgets are set up in small jobs (one per quiz, per Practice again quiz,
   * simulator or progress page), each in a task of its own, so that no task
   * blocks a phone's main thread for long.  While jobs remain, <html> has
   * data-sc-init="pending"; when the last has run it reads "done".  Each widget
   * gets the class sc-ready when it is set up, as before.
   */
  function nextTask(run) {
    if (window.scheduler && typeof window.scheduler.postTask === "function") {
      window.scheduler.postTask(run, { priority: "user-visible" });
    } else {
      setTimeout(run, 0);
    }
  }

  function runJobs(jobs) {
    var root = document.documentElement;
    if (!jobs.length) return;
    root.setAttribute("data-sc-init", "pending");
    function one() {
      try {
        jobs.shift()();
      } catch (e) {
        // One broken widget must not stop the others; the error is still thrown, uncaught.
        setTimeout(function () {
          throw e;
        }, 0);
      }
      if (jobs.length) nextTask(one);
      else root.setAttribute("data-sc-init", "done");
    }
    nextTask(one);
  }

  function start() {
    var jobs = [];
    function each(selector, setUp) {
      toArray(document.querySelectorAll(selector)).forEach(function (root) {
        jobs.push(function () {
          setUp(root);
        });
      });
    }
    each("section.sc-quiz", function (root) {
      new Quiz(root);
    });
    each("section.sc-triage", function (root) {
      new Triage(root);
    });
    each("div.sc-progress", function (root) {
      new Progress(root);
    });
    // Practice again adds a job per quiz of its own.
    toArray(document.querySelectorAll("div.sc-practice")).forEach(function (root) {
      new Practice(root, jobs);
    });
    runJobs(jobs);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
