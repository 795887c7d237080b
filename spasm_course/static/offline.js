/*
 * Offline use: on every page, once it has loaded and the browser is idle, register the course's
 * service worker (sw.js at the edition's root, written by the build: spasm_course/sphinx/offline.py),
 * which keeps a copy of this build of the course for reading with no signal.
 *
 * - One build at a time: the worker serves every page and file from its build's cache.  When a
 *   new build is found, it waits; this script shows a notice (words.yml "offline") with a Reload
 *   button, and only then does the new build take over (and the worker deletes the old copy).
 * - Nothing is saved when the browser asks to save data, and nothing happens where service
 *   workers do not exist (plain http from a non-local address): the pages work as before.
 * - With offline use turned off (_config.yml spasm_offline: false), this script removes an
 *   earlier copy instead (the build's sw.js does the same for pages still held by the worker).
 * - On the progress page it fills the "Offline use" section and its Remove button.
 *
 * BUILD is this build's id; the build writes it here and on every page (data-sc-build), so a
 * page and its scripts can be seen to belong to one build (window.spasmCourseBuild).
 * No imports: on a page with no quiz, this is the only course script that loads.
 */

var BUILD = "unbuilt";
var PREFIX = "spasm-course|";

var tag = document.querySelector("script[data-sc-offline]");
var mode = tag ? tag.getAttribute("data-sc-offline") : "off";
var edition = tag ? tag.getAttribute("data-sc-edition") : "";
var words = {};
try {
  words = JSON.parse(tag.getAttribute("data-sc-words"));
} catch (e) {
  words = {};
}
var root = new URL("../../", import.meta.url); // the edition's folder: _static/course-<hash>/ is two below
var reloading = false;
window.spasmCourseBuild = BUILD;

/** This edition's caches (never another site's or edition's: names carry both). */
function ours() {
  return PREFIX + edition + "|" + root.href + "|";
}

function deleteCopies(keep) {
  if (!("caches" in window)) return Promise.resolve();
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(ours()) === 0 && name !== keep;
    }).map(function (name) {
      return caches.delete(name);
    }));
  });
}

function whenIdle(run) {
  if (window.requestIdleCallback) {
    window.requestIdleCallback(run, { timeout: 5000 });
  } else {
    setTimeout(run, 1000);
  }
}

function text(node, value) {
  node.textContent = value || "";
}

/* ------------------------------------------------------------------ the update notice */

function notify(worker) {
  if (document.querySelector(".sc-update")) return;
  var box = document.createElement("div");
  box.className = "sc-update";
  box.setAttribute("role", "status");
  box.setAttribute("style", "position:fixed;left:1rem;right:1rem;bottom:1rem;z-index:1050;max-width:32rem;" +
    "margin:0 auto;padding:0.75rem 1rem;display:flex;gap:1rem;align-items:center;justify-content:space-between;" +
    "background:var(--pst-color-surface,#fff);color:var(--pst-color-text-base,#222);" +
    "border:2px solid var(--pst-color-primary,#0a7d91);border-radius:8px;box-shadow:0 2px 8px rgba(0,0,0,.3)");
  var message = document.createElement("span");
  text(message, words.update_ready);
  var button = document.createElement("button");
  button.type = "button";
  button.className = "sc-button sc-update-reload";
  button.setAttribute("style", "min-height:44px;min-width:44px;padding:0.25rem 1rem;font:inherit;cursor:pointer;" +
    "color:#fff;background:var(--pst-color-primary,#0a7d91);border:0;border-radius:4px");
  text(button, words.reload);
  button.addEventListener("click", function () {
    reloading = true;
    button.disabled = true;
    worker.postMessage({ type: "skip-waiting" });
  });
  box.appendChild(message);
  box.appendChild(button);
  document.body.appendChild(box);
}

function watch(registration) {
  var container = navigator.serviceWorker;
  if (registration.waiting && container.controller) notify(registration.waiting);
  registration.addEventListener("updatefound", function () {
    var worker = registration.installing;
    if (!worker) return;
    worker.addEventListener("statechange", function () {
      if (worker.state === "installed" && container.controller) notify(worker);
    });
  });
}

/* ------------------------------------------------------------------ the progress page's section */

function section() {
  return document.querySelector(".sc-offline");
}

function show(key) {
  var node = section();
  if (!node) return;
  node.hidden = false;
  text(node.querySelector(".sc-offline-status"), words[key]);
  var remove = node.querySelector(".sc-offline-remove");
  if (remove) remove.hidden = key !== "available" && key !== "saving";
}

function status() {
  if (!section()) return;
  if (mode !== "on") return show("turned_off");
  if (!("serviceWorker" in navigator) || !("caches" in window)) return show("unsupported");
  if (navigator.connection && navigator.connection.saveData) return show("save_data");
  navigator.serviceWorker.getRegistration(root.href).then(function (registration) {
    if (!registration) return show("not_available");
    return caches.keys().then(function (names) {
      var saved = names.some(function (name) {
        return name.indexOf(ours()) === 0;
      });
      show(saved && registration.active ? "available" : registration.installing ? "saving" : "not_available");
    });
  }).catch(function () {
    show("unsupported");
  });
}

function removeCopy() {
  navigator.serviceWorker.getRegistration(root.href).then(function (registration) {
    return registration ? registration.unregister() : false;
  }).then(function () {
    return deleteCopies(null);
  }).then(function () {
    show("removed");
  });
}

/* ------------------------------------------------------------------ start */

function register() {
  if (navigator.connection && navigator.connection.saveData) {
    status();
    return;
  }
  navigator.serviceWorker.register(new URL("sw.js", root).href, { scope: root.href, updateViaCache: "none" })
    .then(function (registration) {
      watch(registration);
      status();
      registration.update().catch(function () {
        /* offline: the copy keeps serving */
      });
      (registration.installing || registration.waiting || registration.active || {}).onstatechange = status;
    })
    .catch(function (error) {
      console.warn("spasm-course: the course is not saved for offline use:", error);
      status();
    });
}

if ("serviceWorker" in navigator && mode === "on") {
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (reloading) window.location.reload();
  });
  var removeButton = section() && section().querySelector(".sc-offline-remove");
  if (removeButton) removeButton.addEventListener("click", removeCopy);
  var start = function () {
    whenIdle(register);
  };
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
} else if ("serviceWorker" in navigator) {
  // Offline use turned off: an earlier copy is removed, so no reader is left with an old course.
  navigator.serviceWorker.getRegistration(root.href).then(function (registration) {
    if (registration) registration.unregister();
  }).catch(function () {
    /* nothing registered */
  });
  deleteCopies(null).catch(function () {
    /* nothing cached */
  });
  status();
} else {
  status();
}
