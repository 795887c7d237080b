/*
 * Saved answers: one record per question, in the progress file's format
 * (engines/progress.py, content/schema/progress.schema.json), kept in localStorage under
 * the quiz's key ("spasm-course:quiz:<quiz id>"):
 *   {version, quiz, chapter, total, questions: {<question id>: record}}
 * The Practice again page and the progress page read them too.  When the browser refuses
 * storage, everything works; nothing is saved.
 *
 * The rules here have their reference in Python, replayed by tests/browser/test_parity.py:
 *   nextBox        -- schedule.next_box, looked up in schedule.schedule_table() (shipped as "schedule");
 *   dueDate        -- schedule.due_date (the learner's local calendar date);
 *   inQueue, isDue -- schedule.queued, schedule.is_due;
 *   upgradeRecord  -- progress.upgrade_record (from each question's "safe" answers);
 *   readSaved      -- progress.read_stored (what a stored value holds, for this page).
 */

import { fill, has, lookup, make, put, store, typeOf } from "./util.js";

function pad(n) {
  return (n < 10 ? "0" : "") + n;
}

/** The local calendar date `days` after the day of `from` (default: now), as "YYYY-MM-DD". */
export function localDate(days, from) {
  var now = from || new Date();
  var day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + (days || 0));
  return day.getFullYear() + "-" + pad(day.getMonth() + 1) + "-" + pad(day.getDate());
}

/** The schedule's next box for an answer, or null (logged) when the table has no entry. */
export function nextBox(schedule, box, result, confidence) {
  var key = box + "|" + result + "|" + confidence;
  if (typeOf(box) !== "integer" || !has(schedule.next, key)) {
    console.error("spasm-course: no schedule entry " + key);
    return null;
  }
  return schedule.next[key];
}

/** When a question put in `box` at `now` is due: a local date, or null when not queued (or no such box: logged). */
export function dueDate(schedule, box, now) {
  if (box === schedule.not_queued) return null;
  var days = lookup(schedule.intervals, String(box), "review interval for box");
  return days === undefined ? null : localDate(days, now);
}

/** Whether a record is in the review queue: in a box, with a due date. */
export function inQueue(schedule, record) {
  return typeOf(record) === "object" && record.box !== schedule.not_queued && typeof record.due === "string" &&
    record.due !== "";
}

/** Whether a record is due for review on `today` ("YYYY-MM-DD") or before. */
export function isDue(schedule, record, today) {
  return inQueue(schedule, record) && record.due <= today;
}

/** What the site saved before records (version 1: {selected, state}), as a record; null if not understood. */
export function upgradeEntry(quiz, question, entry, now) {
  var result = entry.state;
  if (["correct", "incorrect", "revealed"].indexOf(result) === -1 || !Array.isArray(entry.selected)) return null;
  var box = nextBox(quiz.schedule, quiz.schedule.not_queued, result, "none");
  if (box === null) return null;
  return {
    quiz: quiz.id, answer: entry.selected.map(String), result: result, confidence: "none",
    first: { result: result, confidence: "none" }, box: box, due: dueDate(quiz.schedule, box, now),
    time: now.toISOString(), hash: question.hash,
  };
}

/**
 * An "incorrect" answer that the rule now grades "safe" (a more careful care level; the
 * question's data lists those answers, as choice ids joined by "+") becomes a "safe" record
 * without its "miss".  Returns
 * the record itself when nothing changes, else a copy.
 */
export function upgradeRecord(question, record) {
  if (record.result !== "incorrect" || !Array.isArray(record.answer)) return record;
  var chosen = record.answer.filter(function (id, at) {
    return record.answer.indexOf(id) === at; // a choice given twice is chosen once, as grading.grade reads it
  });
  if (!Array.isArray(question.safe) || question.safe.indexOf(chosen.join("+")) === -1) return record;
  var upgraded = {};
  Object.keys(record).forEach(function (name) {
    if (name !== "miss") put(upgraded, name, record[name]);
  });
  upgraded.result = "safe";
  return upgraded;
}

/**
 * What a stored value (`saved`, already parsed) holds, as this page understands it:
 *   records  -- {question id: record} of the quiz's current questions, upgraded to this version;
 *   keep     -- entries this page does not understand (an unknown question, an unknown result),
 *               written back untouched whenever the quiz is saved;
 *   readOnly -- the stored value is of a newer version or not a quiz entry: never written;
 *   changed  -- something was upgraded or a stale record dropped, so it should be saved;
 *   dropped  -- how many answers were dropped because their question changed;
 *   retired  -- the ids of answers to questions no longer in the quiz (kept, not shown: told once).
 * A record whose hash is not its question's (the question was edited) is dropped.
 * `now` (a Date) stamps records upgraded from version 1.
 */
export function readSaved(quiz, saved, now) {
  var state = { records: {}, keep: {}, readOnly: false, changed: false, dropped: 0, retired: [] };
  if (saved === null || saved === undefined) return state;
  if (typeOf(saved) !== "object" || saved.quiz !== quiz.id || typeOf(saved.questions) !== "object" ||
      typeOf(saved.version) !== "integer" || saved.version > quiz.record_version) {
    state.readOnly = true; // a newer format, or not ours: left as it is
    return state;
  }
  var known = quiz.schedule.results.concat(["unanswered"]); // what a record of this version may hold
  var byId = {};
  quiz.questions.forEach(function (question) {
    byId[question.id] = question;
  });
  if (saved.version !== quiz.record_version) state.changed = true;
  Object.keys(saved.questions).forEach(function (id) {
    var entry = saved.questions[id];
    var question = has(byId, id) ? byId[id] : null;
    var record = entry;
    if (question && saved.version === 1 && typeOf(entry) === "object") record = upgradeEntry(quiz, question, entry, now);
    if (!question || typeOf(record) !== "object" || known.indexOf(record.result) === -1) {
      put(state.keep, id, entry); // not understood: kept as it is
      // An answer to a question no longer in the quiz: kept, but no longer shown, so the learner is told.
      if (!question && typeOf(record) === "object" && known.indexOf(record.result) !== -1) state.retired.push(id);
      return;
    }
    if (record.hash !== question.hash) {
      state.changed = true; // the question changed since: the answer is dropped
      state.dropped++; // and the learner is told (tellResets)
      return;
    }
    var upgraded = upgradeRecord(question, record);
    if (upgraded !== record) state.changed = true;
    put(state.records, id, upgraded);
  });
  state.retired.sort(); // in a fixed order, as Python's (the browser lists number-like keys first)
  return state;
}

function readStored(quiz) {
  return readSaved(quiz, store.get(quiz.storage_key), new Date());
}

function writeStored(quiz, records, keep) {
  var questions = {};
  [keep, records].forEach(function (part) {
    Object.keys(part).forEach(function (id) {
      put(questions, id, part[id]);
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

/** Answers this page dropped because their questions changed, not yet told (see tellResets). */
var untold = 0;

/** The saved records of a quiz ({question id: record}), upgraded in place when the format changed. */
export function loadRecords(quiz) {
  var state = readStored(quiz);
  if (state.changed && !state.readOnly) {
    writeStored(quiz, state.records, state.keep);
    untold += state.dropped; // dropped from storage now, so no later page finds them again
  }
  tellRetired(quiz, state.retired);
  return state.records;
}

/**
 * Answers to questions the course no longer has stay in storage (a page never deletes what it
 * does not understand), but the learner no longer sees them: count each one once in the notice,
 * remembering which were told under the quiz's key + ":told" (the records are not touched).
 */
function tellRetired(quiz, retired) {
  if (!retired.length) return;
  var key = quiz.storage_key + ":told";
  var told = store.get(key);
  told = Array.isArray(told) ? told : [];
  var fresh = retired.filter(function (id) {
    return told.indexOf(id) === -1;
  });
  if (!fresh.length) return;
  untold += fresh.length;
  store.set(key, told.concat(fresh));
}

/**
 * Say once, before `root`, how many saved answers were cleared because their questions
 * changed (words.yml quiz.answers_reset, in `messages`).  Learners never lose answers silently.
 */
export function tellResets(root, messages) {
  if (!untold) return;
  var notice = make("p", "sc-answers-reset");
  notice.setAttribute("role", "status");
  notice.appendChild(make("strong", null, fill(messages.answers_reset, { count: untold })));
  root.parentNode.insertBefore(notice, root);
  untold = 0;
}

/** Save a quiz's records; entries the page does not understand stay.  False when nothing may be written. */
export function saveRecords(quiz, records) {
  var state = readStored(quiz);
  if (state.readOnly) return false;
  writeStored(quiz, records, state.keep);
  return true;
}

/**
 * Record an answer ("correct", "incorrect", "safe", "revealed") or a "Try again"
 * ("unanswered": the answer is cleared, the review box and first try stay).
 */
export function recordAnswer(quiz, question, result, answer, confidence, miss) {
  var records = loadRecords(quiz);
  var before = has(records, question.id) ? records[question.id] : null;
  var now = new Date();
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
    record.time = now.toISOString();
  } else {
    var box = nextBox(quiz.schedule, before ? before.box : quiz.schedule.not_queued, result, confidence);
    if (box === null) return;
    record = {
      quiz: quiz.id, answer: answer.slice(), result: result, confidence: confidence,
      first: before ? before.first : { result: result, confidence: confidence },
      box: box, due: dueDate(quiz.schedule, box, now), time: now.toISOString(), hash: question.hash,
    };
    if (miss && result === "incorrect") record.miss = miss; // a safe answer is no miss (progress.schema.json)
  }
  records[question.id] = record;
  saveRecords(quiz, records);
}
