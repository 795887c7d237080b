/*
 * Replays the parity test's golden cases (tests/browser/parity_cases.py) in the site's own modules.
 * test_parity.py serves this file and spasm_course/static/ (as ./static/) and calls replay() once;
 * it compares what comes back with what the Python reference gave.
 */

import { outcomeOf, revealLines } from "./static/quiz.js";
import { dueDate, inQueue, isDue, nextBox, readSaved, upgradeRecord } from "./static/records.js";
import { checkFile, dropStale, mergeRecords } from "./static/progressfile.js";
import { chaptersDone, counts, quizDone } from "./static/progress.js";
import { bestAfter, decode, encode, lmsScore, lmsStatus } from "./static/suspend.js";
import { causeOffered, decisionKey, findRoute, missingFields, unpackResults } from "./static/triage.js";

function run(ctx, kind, args) {
  switch (kind) {
    case "grade":
      return outcomeOf(ctx.questions[args.question], ctx.messages, args.chosen);
    case "reveal":
      return revealLines(ctx.questions[args.question]);
    case "upgrade_record": {
      var record = upgradeRecord(ctx.questions[args.question], args.record);
      return { record: record, same: record === args.record };
    }
    case "read_stored": {
      var quiz = Object.assign({}, ctx.quizzes[args.quiz]); // its data, as a chapter page ships it
      var state = readSaved(quiz, args.saved, new Date(args.now));
      return { records: state.records, keep: state.keep, read_only: state.readOnly, changed: state.changed,
        dropped: state.dropped, retired: state.retired };
    }
    case "next_box":
      return nextBox(ctx.schedule, args.box, args.result, args.confidence);
    case "due_date":
      return dueDate(ctx.schedule, args.box, new Date(args.now));
    case "is_due":
      return { queued: inQueue(ctx.schedule, args.record), due: isDue(ctx.schedule, args.record, args.today) };
    case "merge":
      return mergeRecords(args.kept, args.incoming, ctx.merge_by);
    case "drop_stale": {
      var fresh = dropStale(args.records, ctx.hashes);
      return { kept: fresh.kept, dropped: fresh.dropped.slice().sort() };
    }
    case "check_file": {
      var checked = checkFile(args.text, ctx.file);
      return checked.file ? null : checked.reason;
    }
    case "done": {
      var done = {};
      Object.keys(ctx.quizzes).forEach(function (id) {
        done[id] = quizDone(ctx.quizzes[id], args.records, ctx.done.results);
      });
      return { quizzes: done, chapters: chaptersDone(ctx.done.chapter_quizzes, done) };
    }
    case "counts":
      return counts(args.records, ctx.schedule.results);
    case "triage_route": {
      var route = findRoute(ctx.triage, args.answers);
      return { route: route && route.id, missing: missingFields(ctx.triage, args.answers) };
    }
    case "triage_key":
      return decisionKey(ctx.triage, args.answers);
    case "triage_result": {
      if (!ctx.results) ctx.results = unpackResults(ctx.triage);
      var key = decisionKey(ctx.triage, args.answers);
      return { key: key, result: Object.prototype.hasOwnProperty.call(ctx.results, key) ? ctx.results[key] : null };
    }
    case "suspend_encode":
      return encode(args.records, args.best, ctx.lms.table, args.limit);
    case "suspend_decode":
      return decode(args.text, ctx.lms.table);
    case "lms_score":
      return lmsScore(args.best, ctx.lms.table);
    case "best_after":
      return bestAfter(args.best, args.record);
    case "lms_status":
      return lmsStatus(ctx.lms.done, ctx.lms.quizzes, args.records);
    case "cause_offered":
      return causeOffered(ctx.triage, args.cause, args.place);
    default:
      throw new Error("no such kind of case: " + kind);
  }
}

/** Every case's {value, logged}: what the module gave, and whether it logged a console.error meanwhile. */
export function replay(contextText, casesText) {
  var ctx = JSON.parse(contextText);
  var cases = JSON.parse(casesText);
  var original = console.error;
  var logged = 0;
  console.error = function () {
    logged++;
  };
  try {
    return JSON.stringify(cases.map(function (item) {
      logged = 0;
      var value;
      try {
        value = run(ctx, item.kind, JSON.parse(JSON.stringify(item.args)));
      } catch (e) {
        value = { thrown: String(e) };
      }
      return { value: value === undefined ? null : value, logged: logged > 0 };
    }));
  } finally {
    console.error = original;
  }
}
