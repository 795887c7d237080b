/*
 * The course's service worker, for one edition at one address (its scope: the edition's folder).
 * The build (spasm_course/sphinx/offline.py) writes it as sw.js, after a first line that sets
 * CONFIG: {build, edition, offline, files}.
 *
 * - Install: keep every file of the list (pages, scripts, styles, pictures, the search index) in
 *   one cache named for this edition, address and build.  Only then does the worker activate.
 * - Activate: delete this edition's other copies at this address (never another site's caches:
 *   many sites share one host), and take charge of open pages.  A newer build waits, installed,
 *   until a page asks it to take over (the reader pressed Reload: message "skip-waiting").
 * - Fetch: a GET inside the scope is answered from this build's copy, else from the network.  So
 *   a page never mixes two builds.
 * - Offline use turned off (CONFIG.offline false): take over at once, delete every copy this
 *   edition made here and unregister; every page from then on comes from the network.
 */
"use strict";

var SCOPE = self.registration.scope;
var OURS = "spasm-course|" + CONFIG.edition + "|" + SCOPE + "|";
var CACHE = OURS + CONFIG.build;

function oldCopies(keep) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(OURS) === 0 && name !== keep;
    }).map(function (name) {
      return caches.delete(name);
    }));
  });
}

self.addEventListener("install", function (event) {
  if (!CONFIG.offline) {
    self.skipWaiting();
    return;
  }
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return cache.addAll(CONFIG.files.map(function (file) {
      return new Request(new URL(file, SCOPE).href, { cache: "no-cache" });
    }));
  }));
});

self.addEventListener("activate", function (event) {
  if (!CONFIG.offline) {
    // Open pages keep what they show; their next page comes from the network (this worker's
    // fetch handler passes everything through), and once they are closed the worker is gone.
    event.waitUntil(self.clients.claim().then(function () {
      return oldCopies(null);
    }).then(function () {
      return self.registration.unregister();
    }));
    return;
  }
  event.waitUntil(oldCopies(CACHE).then(function () {
    return self.clients.claim();
  }));
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!CONFIG.offline || request.method !== "GET" || request.url.indexOf(SCOPE) !== 0) return;
  var url = new URL(request.url);
  var key = url.origin + url.pathname + (url.pathname.slice(-1) === "/" ? "index.html" : "");
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(key, { ignoreSearch: true }).then(function (kept) {
      return kept || fetch(request);
    });
  }));
});
