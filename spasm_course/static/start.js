/*
 * Setting the widgets up in small jobs (one per quiz, Practice again quiz, simulator or progress
 * page), each in a task of its own, so that no task blocks a phone's main thread for long.
 * While jobs remain, <html> has data-sc-init="pending"; when the last has run it reads "done"
 * (the browser tests and the benchmark wait for it).  Each widget gets the class sc-ready when it
 * is set up.  A page may load several entries (chapter 5: quizzes and the simulator); they share
 * this module, so one queue runs every job and "done" comes after the last of them.
 */

import { toArray } from "./util.js";

var jobs = [];
var running = false;

function nextTask(run) {
  if (window.scheduler && typeof window.scheduler.postTask === "function") {
    window.scheduler.postTask(run, { priority: "user-visible" });
  } else {
    setTimeout(run, 0);
  }
}

function one() {
  try {
    jobs.shift()();
  } catch (e) {
    // One broken widget must not stop the others; the error is still thrown, uncaught.
    setTimeout(function () {
      throw e;
    }, 0);
  }
  if (jobs.length) {
    nextTask(one);
  } else {
    running = false;
    document.documentElement.setAttribute("data-sc-init", "done");
  }
}

/**
 * Set up every element matching `selector` with `setUp(root, jobs)`, one job each.  A set-up may
 * push more jobs onto `jobs` (Practice again adds one per quiz).  With `now`, setUp runs at once,
 * to push its own jobs.
 */
export function start(selector, setUp, now) {
  var roots = toArray(document.querySelectorAll(selector));
  roots.forEach(function (root) {
    if (now) {
      setUp(root, jobs);
    } else {
      jobs.push(function () {
        setUp(root, jobs);
      });
    }
  });
  if (!jobs.length || running) return;
  running = true;
  document.documentElement.setAttribute("data-sc-init", "pending");
  nextTask(one);
}
