/*
 * Practice again (div.sc-practice, sphinx/practice.py).  The page holds every quiz's questions,
 * hidden.  It shows the ones whose record is in a review box and due today or earlier (local
 * date; records.js inQueue/isDue), and keeps showing a question answered here until the page
 * is left.
 */

import { checked, fill, has, readData, showControls, store, toArray } from "./util.js";
import { inQueue, isDue, loadRecords, localDate, tellResets } from "./records.js";
import { Question } from "./quiz.js";

/** How many due questions one set-up task shows (each makes a Question and copies the controls). */
var SHOW_PER_TASK = 8;

/** A "YYYY-MM-DD" date in the reader's own words (their locale). */
function showDate(iso) {
  var parts = iso.split("-").map(Number);
  return new Date(parts[0], parts[1] - 1, parts[2]).toLocaleDateString(undefined, {
    year: "numeric", month: "long", day: "numeric",
  });
}

/** Set up the page; its work is pushed onto `jobs` (start.js runs one per task). */
export function Practice(root, jobs) {
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
      tellResets(root, data.shared.messages); // answers dropped because their questions changed
    });
  });
}

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
    if (has(forms, q.id)) self.items.push({ quiz: quiz, data: q, form: forms[q.id], question: null });
  });
};

/** Show items' forms, making each one's Question (with its controls and buttons) the first time. */
Practice.prototype.show = function (items) {
  var self = this;
  items.forEach(function (item) {
    if (!item.question) {
      self.addControls(item.form);
      item.question = new Question(item.form, item.data, item.quiz, function () {
        self.update(false);
      });
      toArray(item.form.querySelectorAll(".sc-buttons")).forEach(showControls);
    }
    item.form.hidden = false;
  });
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
  var toShow = [];
  var today = localDate(0);
  var due = 0;
  var later = null;
  var queued = 0;
  var recordsOf = {};
  this.items.forEach(function (item) {
    var quizId = item.quiz.id;
    if (!has(recordsOf, quizId)) recordsOf[quizId] = loadRecords(item.quiz);
    var records = recordsOf[quizId];
    var record = has(records, item.data.id) ? records[item.data.id] : null;
    var queue = inQueue(item.quiz.schedule, record);
    var now = isDue(item.quiz.schedule, record, today);
    if (queue) queued++;
    if (now) due++;
    if (queue && !now && (later === null || record.due < later)) later = record.due;
    // Shown: due now, or already answered on this page (its feedback stays).
    if (now) toShow.push(item);
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
