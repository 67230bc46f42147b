/* Hymy kiosk service worker: keeps the kiosk page and its files so that the tablet can reload the
   page while the network is down. Answers never go through here: the page queues them itself. */
"use strict";
var CACHE = "hymy-kiosk-{{ version }}";
var FILES = {{ files_json|safe }};

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(FILES); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("hymy-kiosk-") === 0 && name !== CACHE; })
      .map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  if (event.request.method !== "GET") { return; }
  // Network first, so that a changed survey shows at once; the kept copy when offline.
  event.respondWith(fetch(event.request).then(function (response) {
    if (response.ok && FILES.indexOf(new URL(event.request.url).pathname) !== -1) {
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) { cache.put(event.request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(event.request, { ignoreSearch: true });
  }));
});
