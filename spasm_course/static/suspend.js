/*
 * The learner's records in an LMS: the compact cmi.suspend_data encoding (specified in
 * content/schema/suspend-data.md), the score and the status.  Only the SCORM launch page
 * (scorm.js) loads this module; the website never does.
 *
 * The reference is Python (engines/suspend.py); tests/browser/test_parity.py replays golden
 * cases from it here:
 *   encode, decode -- suspend.encode, suspend.decode;
 *   bestAfter      -- suspend.best_after;
 *   lmsScore       -- suspend.lms_score;
 *   lmsStatus      -- suspend.lms_status (progress.chapters_done, through the done rule).
 */

import { has, typeOf } from "./util.js";
import { chaptersDone, quizDone } from "./progress.js";

export var FORMAT_VERSION = "1";
export var LIMIT = 4096;
var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
var RESULTS = ["correct", "incorrect", "safe", "revealed", "unanswered"];
var FIRST_RESULTS = ["correct", "incorrect", "safe", "revealed"];
var CONFIDENCES = ["sure", "not_sure", "none"];
var MISSES = [null, "under", "over"];
var BESTS = [0, 0.5, 1];
var SCORES = { correct: 1, safe: 0.5 }; // progress.RESULT_SCORES
var BOXES = 5; // schedule.BOXES: 0 to 4
var MAX_ANSWER = 20;
var WIDTHS = [["question", 2], ["hash", 3], ["state", 1], ["first", 1], ["due", 3], ["time", 7], ["answer", 1]];
var FIXED = 18;
var DAY = 86400000;
var DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
var TIME = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z$/;

function Unwritable(reason) {
  this.reason = reason;
}

function scoreOf(result) {
  return typeof result === "string" && has(SCORES, result) ? SCORES[result] : 0;
}

/** A question's best score so far after `record` (a later "Try again" never lowers it). */
export function bestAfter(best, record) {
  var first = typeOf(record.first) === "object" ? record.first : {};
  return Math.max(best || 0, scoreOf(record.result), scoreOf(first.result));
}

export function hashCheck(hash) {
  return parseInt(hash.slice(0, 4), 16);
}

function chars(value, width) {
  if (typeOf(value) !== "integer" || value < 0 || value >= Math.pow(64, width)) throw new Unwritable("too large");
  var out = "";
  for (var i = 0; i < width; i++) {
    out = ALPHABET.charAt(value % 64) + out;
    value = Math.floor(value / 64);
  }
  return out;
}

function number(text) {
  var value = 0;
  for (var i = 0; i < text.length; i++) {
    var at = ALPHABET.indexOf(text.charAt(i));
    if (at < 0) throw new Error("not in the alphabet");
    value = value * 64 + at;
  }
  return value;
}

/** The UTC day of a valid year/month/day (and time), in ms, or null when no such moment exists. */
function utc(parts) {
  var n = parts.map(Number);
  var ms = Date.UTC(n[0], n[1] - 1, n[2], n[3] || 0, n[4] || 0, n[5] || 0);
  var moment = new Date(ms);
  if (moment.getUTCFullYear() !== n[0] || moment.getUTCMonth() !== n[1] - 1 || moment.getUTCDate() !== n[2] ||
      moment.getUTCHours() !== (n[3] || 0) || moment.getUTCMinutes() !== (n[4] || 0) ||
      moment.getUTCSeconds() !== (n[5] || 0)) return null;
  return ms;
}

function days(due) {
  if (due === null) return 0;
  var found = typeof due === "string" ? DATE.exec(due) : null;
  var ms = found ? utc(found.slice(1, 4)) : null;
  if (ms === null) throw new Unwritable("due");
  return ms / DAY + 1;
}

export function timeMs(time) {
  var found = typeof time === "string" ? TIME.exec(time) : null;
  var ms = found ? utc(found.slice(1, 7)) : null;
  if (ms === null) throw new Unwritable("time");
  return ms + Number(found[7]);
}

function index(values, value) {
  var at = (typeof value === "string" || value === null) ? values.indexOf(value) : -1;
  if (at < 0) throw new Unwritable("value");
  return at;
}

/** One record of question number `at` (its `entry` in the question table) as text; throws Unwritable. */
function encodeRecord(at, entry, record, best) {
  if (typeOf(record) !== "object" || record.hash !== entry.hash) throw new Unwritable("hash");
  var first = record.first;
  if (typeOf(first) !== "object") throw new Unwritable("first");
  var box = record.box;
  if (typeOf(box) !== "integer" || box < 0 || box >= BOXES) throw new Unwritable("box");
  var answer = record.answer;
  if (!Array.isArray(answer) || answer.length > MAX_ANSWER) throw new Unwritable("answer");
  var choices = answer.map(function (choice) {
    return index(entry.choices, choice);
  });
  var state = index(RESULTS, record.result) * 9 + index(CONFIDENCES, record.confidence) * 3 +
    index(MISSES, has(record, "miss") ? record.miss : null);
  var firstTry = index(FIRST_RESULTS, first.result) * 15 + index(CONFIDENCES, first.confidence) * 5 + box;
  var bestAt = BESTS.indexOf(bestAfter(BESTS.indexOf(best) >= 0 ? best : 0, record));
  return chars(at, 2) + chars(hashCheck(entry.hash), 3) + chars(state, 1) + chars(firstTry, 1) +
    chars(days(has(record, "due") ? record.due : null), 3) + chars(timeMs(record.time), 7) +
    chars(choices.length * 3 + bestAt, 1) + choices.map(function (c) {
      return chars(c, 1);
    }).join("");
}

/**
 * All of `records` ({question id: record}) with each question's `best` score so far, as text:
 * {text, unwritable: [ids the encoding cannot hold], overflow: [ids of the oldest records left out
 * so the text fits in `limit` characters, oldest first]}.
 */
export function encode(records, best, table, limit) {
  if (limit === undefined) limit = LIMIT;
  var places = {};
  table.forEach(function (entry, at) {
    places[entry.id] = at;
  });
  var written = [];
  var unwritable = [];
  Object.keys(records).forEach(function (id) {
    if (!has(places, id)) {
      unwritable.push(id);
      return;
    }
    var at = places[id];
    try {
      var text = encodeRecord(at, table[at], records[id], has(best, id) ? best[id] : null);
      written.push({ ms: timeMs(records[id].time), at: at, text: text });
    } catch (e) {
      if (!(e instanceof Unwritable)) throw e;
      unwritable.push(id);
    }
  });
  var place = function (id) {
    return has(places, id) ? places[id] : table.length;
  };
  unwritable.sort(function (a, b) {
    return place(a) - place(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  var size = FORMAT_VERSION.length;
  written.forEach(function (item) {
    size += item.text.length;
  });
  var oldest = written.slice().sort(function (a, b) {
    return a.ms - b.ms || a.at - b.at;
  });
  var overflow = [];
  var left = {};
  for (var i = 0; i < oldest.length && size > limit; i++) {
    overflow.push(table[oldest[i].at].id);
    left[oldest[i].at] = true;
    size -= oldest[i].text.length;
  }
  var kept = written.filter(function (item) {
    return !left[item.at];
  }).sort(function (a, b) {
    return a.at - b.at;
  });
  return {
    text: FORMAT_VERSION + kept.map(function (item) {
      return item.text;
    }).join(""),
    unwritable: unwritable,
    overflow: overflow,
  };
}

function questionAt(at, check, table) {
  if (at < table.length && hashCheck(table[at].hash) === check) return table[at];
  var found = table.filter(function (entry) {
    return hashCheck(entry.hash) === check;
  });
  return found.length === 1 ? found[0] : null;
}

function read(text, table) {
  var records = {};
  var best = {};
  var times = {};
  var dropped = 0;
  var at = FORMAT_VERSION.length;
  while (at < text.length) {
    if (at + FIXED > text.length) throw new Error("cut short");
    var fields = {};
    WIDTHS.forEach(function (field) {
      fields[field[0]] = number(text.slice(at, at + field[1]));
      at += field[1];
    });
    var count = Math.floor(fields.answer / 3);
    var bestAt = fields.answer % 3;
    if (count > MAX_ANSWER || at + count > text.length) throw new Error("answer cut short");
    var answer = [];
    for (var i = 0; i < count; i++) answer.push(number(text.charAt(at + i)));
    at += count;
    var state = fields.state;
    var firstTry = fields.first;
    if (state >= RESULTS.length * 9 || firstTry >= FIRST_RESULTS.length * 15 || firstTry % 5 >= BOXES) {
      throw new Error("out of range");
    }
    var entry = questionAt(fields.question, fields.hash, table);
    if (entry === null || answer.some(function (c) {
      return c >= entry.choices.length;
    })) {
      dropped++; // the question changed since (or is gone)
      continue;
    }
    var record = {
      quiz: entry.quiz, answer: answer.map(function (c) {
        return entry.choices[c];
      }),
      result: RESULTS[Math.floor(state / 9)], confidence: CONFIDENCES[Math.floor(state / 3) % 3],
      first: { result: FIRST_RESULTS[Math.floor(firstTry / 15)], confidence: CONFIDENCES[Math.floor(firstTry / 5) % 3] },
      box: firstTry % 5,
      due: fields.due === 0 ? null : new Date((fields.due - 1) * DAY).toISOString().slice(0, 10),
      time: new Date(fields.time).toISOString(), hash: entry.hash,
    };
    if (MISSES[state % 3] !== null) record.miss = MISSES[state % 3];
    if (has(records, entry.id) && fields.time <= times[entry.id]) continue; // the newer record wins
    records[entry.id] = record;
    best[entry.id] = BESTS[bestAt];
    times[entry.id] = fields.time;
  }
  return { records: records, best: best, dropped: dropped };
}

/**
 * What a suspend_data text holds: {records, best, dropped, problem}; problem is null, or "newer" /
 * "malformed" (the text is refused whole: nothing is read from it, and nothing may write over it).
 */
export function decode(text, table) {
  var empty = { records: {}, best: {}, dropped: 0, problem: null };
  if (text === "") return empty;
  if (typeof text !== "string") return Object.assign(empty, { problem: "malformed" });
  if (text.charAt(0) !== FORMAT_VERSION) {
    return Object.assign(empty, { problem: "23456789".indexOf(text.charAt(0)) >= 0 ? "newer" : "malformed" });
  }
  try {
    var found = read(text, table);
    found.problem = null;
    return found;
  } catch (e) {
    return Object.assign(empty, { problem: "malformed" });
  }
}

/** cmi.core.score.raw: 0 to 100 from each question's best score so far, rounded half up. */
export function lmsScore(best, table) {
  if (!table.length) return 0;
  var ids = {};
  table.forEach(function (entry) {
    ids[entry.id] = true;
  });
  var halves = 0;
  Object.keys(best).forEach(function (id) {
    if (has(ids, id) && BESTS.indexOf(best[id]) >= 0) halves += 2 * best[id];
  });
  return Math.floor((100 * halves + table.length) / (2 * table.length));
}

/** cmi.core.lesson_status: "completed" when every chapter is done by the done rule, else "incomplete". */
export function lmsStatus(done, quizzes, records) {
  var doneById = {};
  quizzes.forEach(function (quiz) {
    doneById[quiz.id] = quizDone(quiz, records, done.results);
  });
  return chaptersDone(done.chapter_quizzes, doneById).length === Object.keys(done.chapter_quizzes).length
    ? "completed" : "incomplete";
}
