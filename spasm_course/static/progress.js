/*
 * The progress page (div.sc-progress, sphinx/progress.py): every quiz's score and "done", per
 * chapter the correct, safe, sure-but-wrong and under-triage counts, what is due, and the
 * progress file (download, load).  The rules, each replayed by tests/browser/test_parity.py
 * against its Python reference:
 *   quizDone, chaptersDone -- progress.quiz_done, progress.chapters_done (progress.DONE_RESULTS,
 *                             shipped as done.results with each chapter's quizzes);
 *   counts                 -- progress.counts (also the progress report's columns);
 *   loading a file         -- progressfile.js, then records.js upgradeRecord.
 */

import { checked, fill, has, inLms, lookup, make, put, readData, refused, store, toArray } from "./util.js";
import { isDue, loadRecords, localDate, saveRecords, tellResets, upgradeRecord } from "./records.js";
import { checkFile, dropStale, mergeRecords } from "./progressfile.js";

/** Whether every question of `quiz` has a record whose result is one of `results` (done.results). */
export function quizDone(quiz, records, results) {
  return quiz.questions.every(function (question) {
    return has(records, question.id) && results.indexOf(records[question.id].result) !== -1;
  });
}

/** The chapters (numbers, in order) whose every quiz is done; `quizDone` maps quiz ids to done. */
export function chaptersDone(chapterQuizzes, done) {
  return Object.keys(chapterQuizzes)
    .filter(function (chapter) {
      var ids = chapterQuizzes[chapter];
      return ids.filter(function (id) {
        return lookup(done, id, "quiz on the progress page:") === true; // every id looked up
      }).length === ids.length;
    })
    .map(Number)
    .sort(function (a, b) {
      return a - b;
    });
}

/** Wrong although marked "sure" (a safe answer is not wrong). */
export function sureButWrong(record) {
  return record.result === "incorrect" && record.confidence === "sure";
}

/** How many of `records` ({id: record}) are answered (one of `results`), correct, safe, sure but wrong, under-triage. */
export function counts(records, results) {
  var found = { answered: 0, correct: 0, safe: 0, sure_wrong: 0, under_triage: 0 };
  Object.keys(records).forEach(function (id) {
    var record = records[id];
    if (results.indexOf(record.result) !== -1) found.answered++;
    if (record.result === "correct") found.correct++;
    if (record.result === "safe") found.safe++; // a careful choice: never "sure but wrong"
    if (sureButWrong(record)) found.sure_wrong++;
    if (record.result === "incorrect" && record.miss === "under") found.under_triage++;
  });
  return found;
}

export function Progress(root) {
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
  if (inLms()) {
    // SCORM (issue 24): in an LMS, the LMS's data is the learner's record; no file is merged into it.
    load.disabled = true;
    load.parentNode.hidden = true;
    load.parentNode.parentNode.insertBefore(make("p", "sc-progress-lms-note", this.words.lms_load_off), load.parentNode);
  }
  load.addEventListener("change", function () {
    var file = load.files && load.files[0];
    if (!file) return;
    file.text().then(function (text) {
      self.fileStatus.textContent = self.load(text);
    }, function (error) {
      refused("the progress file", "the browser could not read it: " + error);
      self.fileStatus.textContent = self.words.bad_file;
    }).then(function () {
      load.value = "";
      self.render();
    });
  });
  window.addEventListener("storage", function () {
    self.render();
  });
  this.render();
  tellResets(root, this.words); // answers dropped because their questions changed
}

/** Every record of every quiz: {question id: record}. */
Progress.prototype.allRecords = function () {
  var all = {};
  this.data.quizzes.forEach(function (quiz) {
    var records = loadRecords(quiz);
    Object.keys(records).forEach(function (id) {
      put(all, id, records[id]);
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
 * Load a progress file's text (the rules of progress.py): refuse a damaged, newer or foreign
 * file whole (the reason logged, the learner shown the page's message); drop records of changed
 * questions; read older records by the current rules; merge the rest question by question.
 * Returns the message.
 */
Progress.prototype.load = function (text) {
  var data = this.data;
  var words = this.words;
  var checkedFile = checkFile(text, data);
  if (!checkedFile.file) {
    refused("the progress file", checkedFile.reason + ": " + checkedFile.problem);
    return { malformed: words.bad_file, newer: words.newer, foreign: words.foreign }[checkedFile.reason];
  }
  var file = checkedFile.file;
  var hashes = {};
  data.quizzes.forEach(function (quiz) {
    quiz.questions.forEach(function (question) {
      hashes[question.id] = question.hash;
    });
  });
  var fresh = dropStale(file.questions, hashes);
  var loaded = 0;
  data.quizzes.forEach(function (quiz) {
    var records = loadRecords(quiz);
    var incoming = {};
    quiz.questions.forEach(function (question) {
      if (!has(fresh.kept, question.id)) return;
      // A file of an older format, read by the current rules (progress.upgrade_records); the record is its quiz's.
      var record = Object.assign({}, upgradeRecord(question, fresh.kept[question.id]), { quiz: quiz.id });
      incoming[question.id] = record;
    });
    var merged = mergeRecords(records, incoming, data.merge_by);
    var taken = Object.keys(incoming).filter(function (id) {
      return merged[id] === incoming[id];
    }).length;
    if (taken) saveRecords(quiz, merged);
    loaded += taken;
  });
  if (file.learner && !this.nameInput.value.trim()) {
    this.nameInput.value = file.learner;
    store.set(data.learner_key, file.learner);
  }
  var dropped = fresh.dropped.length;
  var parts = [loaded ? fill(words.loaded, { count: loaded }) : ""];
  if (dropped) parts.push(fill(words.dropped, { count: dropped }));
  if (!loaded && !dropped) parts.push(words.nothing_new);
  return parts.join(" ").trim();
};

Progress.prototype.render = function () {
  var words = this.words;
  var root = this.root;
  var data = this.data;
  var results = data.schedule.results;
  var today = localDate(0);
  var anything = false;
  var quizDoneById = {};
  var byChapter = {};
  var due = 0;
  var under = 0;
  var sureWrong = [];
  data.chapters.forEach(function (chapter) {
    byChapter[chapter.chapter] = {};
  });
  data.quizzes.forEach(function (quiz) {
    var records = loadRecords(quiz);
    var ofQuiz = {};
    var chapterRecords = lookup(byChapter, quiz.chapter, "chapter on the progress page:") || {};
    quiz.questions.forEach(function (question) {
      if (!has(records, question.id)) return;
      var record = records[question.id];
      put(ofQuiz, question.id, record);
      put(chapterRecords, question.id, record);
      if (isDue(data.schedule, record, today)) due++;
      if (sureButWrong(record)) sureWrong.push(question);
    });
    var quizCounts = counts(ofQuiz, results);
    if (quizCounts.answered) anything = true;
    under += quizCounts.under_triage;
    var done = quizDone(quiz, records, data.done.results);
    quizDoneById[quiz.id] = done;
    toArray(root.querySelectorAll("tr[data-quiz]")).forEach(function (row) {
      if (row.getAttribute("data-quiz") !== quiz.id) return;
      row.querySelector(".sc-progress-score").textContent = quizCounts.answered
        ? fill(lookup(words, "score", "progress message"), { correct: quizCounts.correct, total: quiz.total })
        : lookup(words, "not_started", "progress message");
      row.querySelector(".sc-progress-done").textContent = done ? words.done : words.in_progress;
      row.classList.toggle("sc-done", done);
    });
  });
  var totals = {};
  data.chapters.forEach(function (chapter) {
    totals[chapter.chapter] = chapter.total;
  });
  toArray(root.querySelectorAll("tr[data-chapter]")).forEach(function (row) {
    var chapter = row.getAttribute("data-chapter");
    var records = lookup(byChapter, chapter, "chapter on the progress page:");
    if (!records) return;
    var found = counts(records, results);
    row.querySelector(".sc-progress-correct").textContent =
      fill(words.correct_of, { correct: found.correct, total: totals[chapter] });
    row.querySelector(".sc-progress-safe").textContent = String(found.safe);
    row.querySelector(".sc-progress-sure-wrong").textContent = String(found.sure_wrong);
    row.querySelector(".sc-progress-under").textContent = String(found.under_triage);
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
  var chapters = chaptersDone(data.done.chapter_quizzes, quizDoneById);
  this.chapters.textContent = chapters.length
    ? fill(words.chapters_done, { chapters: chapters.join(", ") })
    : words.no_chapters_done;
  if (!store.available()) this.status.textContent = words.no_storage;
  else this.status.textContent = anything ? "" : words.empty;
};
