/*
 * Muscle spasms and twitches: the site's front end, as ES modules (no bundler, no framework,
 * no network).  Each page type loads one small entry (quiz-page.js, triage-page.js,
 * practice-page.js, progress-page.js) and, through its imports, only the modules it uses.
 *
 * Every block these modules drive was written by Python (frontends/render.py,
 * sphinx/progress.py, sphinx/practice.py) as plain HTML plus a
 * <script type="application/json"> holding the data.  The scripts decide nothing themselves:
 * they look answers up in tables Python computed, and where a rule must run here (merging,
 * "done", the record upgrade, file acceptance, due dates, the triage key and routes, the
 * counts) Python holds the reference and tests/browser/test_parity.py replays golden cases
 * from it against these modules.  Every word shown comes from the page data (content/words.yml
 * and triage.yml); the scripts type no text of their own (tests/test_course_js.py).  All text
 * goes in with textContent, never innerHTML, so no data can run.
 *
 * One error policy, everywhere:
 *   - a lookup in the page data that misses is a broken page: console.error("spasm-course: no ...")
 *     (lookup(), checked(), readData(); tests/browser/test_lookup_misses.py);
 *   - what a learner brings that the page refuses (a damaged, newer or foreign progress file, a
 *     file the browser cannot read) is no fault of the page: the learner sees the page's own
 *     message and the reason goes to console.warn("spasm-course: refused ...") (refused()).
 *
 * This module: the helpers every other module uses.
 */

/** Whether `table` has its own entry `key`. */
export function has(table, key) {
  return table !== null && typeof table === "object" && Object.prototype.hasOwnProperty.call(table, key);
}

/** Set table[key] as an own entry, whatever the key ("__proto__" too: stored data is anyone's). */
export function put(table, key, value) {
  Object.defineProperty(table, key, { value: value, enumerable: true, writable: true, configurable: true });
  return table;
}

/** The JSON data block inside `root` (e.g. "script.sc-quiz-data"), or null after a console.error. */
export function readData(root, selector) {
  var node = root.querySelector(selector);
  if (!node) {
    console.error("spasm-course: no data block " + selector);
    return null;
  }
  try {
    return JSON.parse(node.textContent);
  } catch (e) {
    console.error("spasm-course: no readable data in " + selector);
    return null;
  }
}

/** A new element with an optional class and text. */
export function make(tag, className, text) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** table[key], or undefined after a console.error naming what was missing. */
export function lookup(table, key, what) {
  if (has(table, key)) return table[key];
  console.error("spasm-course: no " + what + " " + key);
  return undefined;
}

/**
 * The page's words (or another table) with every read checked: a word the
 * data lacks logs console.error (and reads as undefined).
 */
export function checked(table, what) {
  return new Proxy(table || {}, {
    get: function (target, key) {
      if (typeof key === "string" && !has(target, key)) {
        console.error("spasm-course: no " + what + " " + key);
      }
      return target[key];
    },
  });
}

/** A learner's input the page refuses: the reason, for developers (the learner sees the page's message). */
export function refused(what, reason) {
  console.warn("spasm-course: refused " + what + ": " + reason);
}

export function toArray(list) {
  return Array.prototype.slice.call(list);
}

/** Fill a "{name}" template. */
export function fill(template, values) {
  if (typeof template !== "string") return ""; // a missing word: its lookup has logged the error
  return template.replace(/\{(\w+)\}/g, function (whole, name) {
    return has(values, name) ? String(values[name]) : whole;
  });
}

/** A JSON value's type, as JSON Schema names it ("integer" for a number with no fraction). */
export function typeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Show a block of buttons and enable them: the page's HTML has them hidden and disabled until a script runs. */
export function showControls(node) {
  node.hidden = false;
  toArray(node.querySelectorAll("button")).forEach(function (button) {
    button.disabled = false;
  });
}

/*
 * SCORM (issue 24): in the SCORM package, the course's pages are shown in a frame of the launch
 * page (scorm.js, same origin), which keeps what they save in the LMS.  Its store has
 * localStorage's calls; the browser's own localStorage is then neither read nor written.
 */
function lmsStore() {
  try {
    var host = window.parent !== window ? window.parent.spasmCourseLms : null;
    return host && typeof host.getItem === "function" ? host : null;
  } catch (e) {
    return null; // a frame of another site: not the launch page
  }
}

/** Whether this page runs in an LMS (inside the SCORM package's launch page). */
export function inLms() {
  return lmsStore() !== null;
}

function storage() {
  return lmsStore() || window.localStorage;
}

/** localStorage (or, in an LMS, the launch page's store) that never throws (private mode, blocked storage, full disk). */
export var store = {
  get: function (key) {
    try {
      var raw = storage().getItem(key);
      return raw ? JSON.parse(raw) : null;
    } catch (e) {
      return null;
    }
  },
  set: function (key, value) {
    try {
      storage().setItem(key, JSON.stringify(value));
    } catch (e) {
      /* not saved: the page still works */
    }
  },
  remove: function (key) {
    try {
      storage().removeItem(key);
    } catch (e) {
      /* nothing to remove */
    }
  },
  available: function () {
    try {
      var probe = "spasm-course:probe";
      storage().setItem(probe, "1");
      storage().removeItem(probe);
      return true;
    } catch (e) {
      return false;
    }
  },
};
