/*
 * Offline reopening of one survey's form. Served at /s/<token>/sw.js with CONFIG prepended
 * ({page, assets}), so its scope is that survey's link only. The page is fetched from the
 * network first (fresh questions when online) and from the cache when offline; answers never
 * pass through here: collect.js keeps them in localStorage.
 */
/* global CONFIG */
"use strict";

var CACHE = "alliances-survey-" + CONFIG.page;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      return cache.addAll([CONFIG.page].concat(CONFIG.assets));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return; // submissions go to the network, always
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  var isPage = request.mode === "navigate" && url.pathname === CONFIG.page;
  var isAsset = CONFIG.assets.indexOf(url.pathname) >= 0;
  if (!isPage && !isAsset) return;
  if (isPage) {
    event.respondWith(
      fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      }).catch(function () { return offlinePage(url); })
    );
    return;
  }
  event.respondWith(
    caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    })
  );
});

// Offline: the same address if it was opened before, else one past the consent step if that
// is what was asked, else the plain form.
function offlinePage(url) {
  return caches.open(CACHE).then(function (cache) {
    return cache.match(url.href).then(function (hit) {
      if (hit) return hit;
      var wantsForm = url.searchParams.get("consent") === "yes";
      return cache.keys().then(function (keys) {
        var similar = keys.filter(function (key) {
          return (new URL(key.url).searchParams.get("consent") === "yes") === wantsForm;
        });
        return similar.length ? cache.match(similar[0]) : cache.match(CONFIG.page);
      });
    });
  });
}
