/*
 * The SCORM 1.2 launch page (scorm.html, written into the package by frontends/scorm_package.py).
 * Only the package loads it; the website never does.
 *
 * The LMS opens scorm.html.  This page finds the LMS's API (window.API) the standard way: up
 * the parent frames, then the opener and its parents.  It calls LMSInitialize once, holds the
 * session for the whole visit, and shows the course's pages in a frame of its own, so however
 * many pages the learner opens, there is one session.
 *
 * The pages in the frame save what they save through util.js `store`, which uses this page's
 * store (window.spasmCourseLms, same origin) instead of the browser's localStorage.  So in an
 * LMS the LMS's data is the learner's record: records come from cmi.suspend_data at launch
 * (suspend.js `decode`), and what is left in this browser by anyone else is never read.
 * After each change this page writes cmi.suspend_data, the score and the status, and commits
 * (at most every COMMIT_EVERY ms).  On leaving: cmi.core.exit ("suspend" before the course is
 * completed), cmi.core.session_time, LMSCommit, LMSFinish.
 *
 * Every call's error code is read (LMSGetLastError).  A failing LMS never stops the course:
 * the first failure is logged (console.warn) and the learner sees the page's notice.
 * With no API, the page shows the course as the website does (saved in this browser) and says so.
 */

import { decode, encode, bestAfter, lmsScore, lmsStatus } from "./suspend.js";
import { fill, has, readData } from "./util.js";

/** How often, at most, the page commits (ms). */
export var COMMIT_EVERY = 2000;
/** How many parent frames the search climbs, at most (as ADL's sample code does). */
var MOST_PARENTS = 500;

function apiOf(win) {
  try {
    return win && win.API && typeof win.API.LMSInitialize === "function" ? win.API : null;
  } catch (e) {
    return null; // a frame of another site
  }
}

function climb(win) {
  for (var i = 0; win && i <= MOST_PARENTS; i++) {
    var api = apiOf(win);
    if (api) return api;
    var parent;
    try {
      parent = win.parent;
    } catch (e) {
      return null;
    }
    if (!parent || parent === win) return null;
    win = parent;
  }
  return null;
}

/** The SCORM 1.2 API: in this window or a parent, else in the opener or its parents; or null. */
export function findApi(win) {
  var api = climb(win);
  if (api) return api;
  var opener = null;
  try {
    opener = win.opener;
  } catch (e) {
    opener = null;
  }
  return opener ? climb(opener) : null;
}

function pad(n, width) {
  var text = String(n);
  while (text.length < width) text = "0" + text;
  return text;
}

/** A duration in ms as SCORM 1.2's CMITimespan, HHHH:MM:SS.SS. */
export function timespan(ms) {
  var hundredths = Math.max(0, Math.min(Math.round(ms / 10), 9999 * 360000 + 359999));
  var hours = Math.floor(hundredths / 360000);
  var minutes = Math.floor(hundredths / 6000) % 60;
  var seconds = Math.floor(hundredths / 100) % 60;
  return pad(hours, 4) + ":" + pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(hundredths % 100, 2);
}

/** One LMS session: every call checked, the first failure logged once. */
function Session(api, onFailure) {
  this.api = api;
  this.failed = false;
  this.onFailure = onFailure;
}

Session.prototype.call = function (name, args) {
  var value;
  var code = "0";
  try {
    value = this.api[name].apply(this.api, args);
    code = String(this.api.LMSGetLastError());
  } catch (e) {
    code = "exception: " + e;
  }
  if (code !== "0" && code !== "" && !(name === "LMSGetValue" && code === "403")) {
    // 403 (not initialized) for a value the LMS has not set is no failure worth telling
    if (!this.failed) {
      this.failed = true;
      var text = "";
      try {
        text = String(this.api.LMSGetErrorString(code));
      } catch (e) {
        text = "";
      }
      console.warn("spasm-course: the LMS refused " + name + "(" + args.join(", ") + "): error " + code + " " + text);
      this.onFailure();
    }
    return null;
  }
  return value;
};

Session.prototype.get = function (element) {
  var value = this.call("LMSGetValue", [element]);
  return value === null || value === undefined ? "" : String(value);
};

Session.prototype.set = function (element, value) {
  return this.call("LMSSetValue", [element, String(value)]) !== null;
};

/**
 * The store the course's pages use in the LMS: localStorage's calls (getItem, setItem, removeItem),
 * kept in memory and saved to the LMS on every change of a quiz's records.
 */
function LmsStore(course) {
  this.values = {};
  this.course = course;
}

LmsStore.prototype.getItem = function (key) {
  return has(this.values, String(key)) ? this.values[String(key)] : null;
};

LmsStore.prototype.setItem = function (key, value) {
  this.values[String(key)] = String(value);
  if (has(this.course.quizKeys, String(key))) this.course.changed();
};

LmsStore.prototype.removeItem = function (key) {
  var had = has(this.values, String(key));
  delete this.values[String(key)];
  if (had && has(this.course.quizKeys, String(key))) this.course.changed();
};

/** The course in the LMS: its records, best scores and what was last sent. */
function Course(data, session, notice) {
  var self = this;
  this.data = data;
  this.session = session;
  this.notice = notice;
  this.quizKeys = {};
  data.quizzes.forEach(function (quiz) {
    self.quizKeys[quiz.storage_key] = quiz;
  });
  this.store = new LmsStore(this);
  this.best = {};
  this.sent = {};
  this.readOnly = false;
  this.warned = {};
  this.lastCommit = 0;
  this.pending = null;
  this.finished = false;
  this.started = Date.now();
}

/** Fill the store from cmi.suspend_data; returns how many records were dropped (their questions changed). */
Course.prototype.restore = function (text) {
  var self = this;
  var found = decode(text, this.data.table);
  if (found.problem) {
    this.readOnly = true; // never written over: a newer version of the course may read it
    console.warn("spasm-course: refused the LMS's saved data (" + found.problem + "): it is kept as it is");
    return 0;
  }
  this.sent["cmi.suspend_data"] = text;
  this.best = found.best;
  this.data.quizzes.forEach(function (quiz) {
    var questions = {};
    quiz.questions.forEach(function (question) {
      if (has(found.records, question.id)) questions[question.id] = found.records[question.id];
    });
    if (!Object.keys(questions).length) return;
    self.store.values[quiz.storage_key] = JSON.stringify({
      version: quiz.record_version, quiz: quiz.id, chapter: quiz.chapter, total: quiz.total, questions: questions,
    });
  });
  return found.dropped;
};

/** Every record the pages saved, {question id: record}. */
Course.prototype.records = function () {
  var self = this;
  var records = {};
  this.data.quizzes.forEach(function (quiz) {
    var saved = null;
    try {
      saved = JSON.parse(self.store.getItem(quiz.storage_key));
    } catch (e) {
      saved = null;
    }
    if (!saved || typeof saved.questions !== "object" || saved.questions === null) return;
    quiz.questions.forEach(function (question) {
      if (has(saved.questions, question.id)) records[question.id] = saved.questions[question.id];
    });
  });
  return records;
};

Course.prototype.warnOnce = function (what, ids) {
  var key = what + ":" + ids.join(",");
  if (!ids.length || this.warned[key]) return;
  this.warned[key] = true;
  console.warn("spasm-course: " + what + ": " + ids.join(", "));
};

Course.prototype.setOnce = function (element, value) {
  if (this.sent[element] === String(value)) return;
  if (this.session.set(element, value)) this.sent[element] = String(value);
};

/** Send the records, score and status to the LMS (after a change), and commit soon. */
Course.prototype.changed = function () {
  var self = this;
  var records = this.records();
  var best = {};
  Object.keys(records).forEach(function (id) {
    best[id] = bestAfter(has(self.best, id) ? self.best[id] : 0, records[id]);
  });
  this.best = best;
  var encoded = encode(records, best, this.data.table);
  this.warnOnce("records the LMS's saved data cannot hold, not saved there", encoded.unwritable);
  this.warnOnce("the LMS's saved data is full: the oldest records were left out", encoded.overflow);
  if (!this.readOnly) this.setOnce("cmi.suspend_data", encoded.text);
  this.setOnce("cmi.core.score.min", 0);
  this.setOnce("cmi.core.score.max", 100);
  this.setOnce("cmi.core.score.raw", lmsScore(best, this.data.table));
  this.report(lmsStatus(this.data.done, this.data.quizzes, records));
  this.commitSoon();
};

/** The lesson status: completed once every chapter is done; never taken back. */
Course.prototype.report = function (status) {
  if (this.status === "completed" || this.status === "passed") return;
  if (status !== this.status) {
    if (this.session.set("cmi.core.lesson_status", status)) this.status = status;
  }
};

Course.prototype.commitSoon = function () {
  var self = this;
  if (this.pending !== null || this.finished) return;
  var wait = Math.max(0, this.lastCommit + COMMIT_EVERY - Date.now());
  if (!wait) {
    this.commit();
    return;
  }
  this.pending = setTimeout(function () {
    self.pending = null;
    self.commit();
  }, wait);
};

Course.prototype.commit = function () {
  this.lastCommit = Date.now();
  this.session.call("LMSCommit", [""]);
};

/** Leaving: exit, session time, commit and finish (once). */
Course.prototype.finish = function () {
  if (this.finished) return;
  this.finished = true;
  if (this.pending !== null) clearTimeout(this.pending);
  this.pending = null;
  var done = this.status === "completed" || this.status === "passed";
  this.session.set("cmi.core.exit", done ? "" : "suspend");
  this.session.set("cmi.core.session_time", timespan(Date.now() - this.started));
  this.session.call("LMSCommit", [""]);
  this.session.call("LMSFinish", [""]);
};

function showNotice(notice, text) {
  notice.textContent = text;
  notice.hidden = false;
}

/** Set the launch page up: find the LMS, start the session, restore the records, show the course. */
export function launch(doc) {
  var data = readData(doc, "script.sc-lms-data");
  if (!data) return null;
  var win = doc.defaultView;
  var notice = doc.querySelector(".sc-lms-notice");
  var frame = doc.querySelector("iframe.sc-lms-frame");
  var api = findApi(win);
  var course = null;
  if (!api) {
    showNotice(notice, data.messages.no_lms); // the course works as the website: saved in this browser
  } else {
    var session = new Session(api, function () {
      showNotice(notice, data.messages.not_saved);
    });
    course = new Course(data, session, notice);
    session.call("LMSInitialize", [""]);
    course.status = session.get("cmi.core.lesson_status");
    var dropped = course.restore(session.get("cmi.suspend_data"));
    if (course.status === "" || course.status === "not attempted") course.report("incomplete");
    if (dropped) showNotice(notice, fill(data.messages.answers_reset, { count: dropped }));
    win.spasmCourseLms = course.store;
    var leave = function () {
      course.finish();
    };
    win.addEventListener("pagehide", leave);
    win.addEventListener("beforeunload", leave);
  }
  frame.src = frame.getAttribute("data-src");
  return course;
}

launch(document);
