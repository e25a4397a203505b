// The recruiter pages' service worker: keeps their pages on the phone, for a hall's poor wifi.
// Rendered by coappoint.recruiters.views.service_worker (version {{ version }}).
// Pages: network first, the kept copy when offline. Static files: the kept copy, refreshed
// behind it. POSTs are never touched: offline.js queues them in the page. A page holding
// someone's values (their sent score sheet, their notes) is sent `Cache-Control: no-store`: it is
// never kept, and a copy kept before it held them is forgotten, so offline it is the offline page.
"use strict";

// Static files, and the offline page, fetched without anyone's session: nothing personal.
const STATIC_CACHE = "coappoint-static-{{ version }}";
// offline.js deletes this one on sign-out and when someone else signs in on the phone.
const PAGES_CACHE = "coappoint-recruiter-pages";
const PRECACHE_URLS = {{ precache_json|safe }};
const OFFLINE_URL = {{ offline_url_json|safe }};
const SCOPE_PATH = new URL(self.registration.scope).pathname;
const STATIC_PATH = {{ static_url_json|safe }};

function isStatic(url) {
  return url.pathname.startsWith(STATIC_PATH);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const staticCache = await caches.open(STATIC_CACHE);
      await staticCache.addAll(PRECACHE_URLS.filter((url) => isStatic(new URL(url, self.location.href))));
      await staticCache.put(OFFLINE_URL, await fetch(OFFLINE_URL, { credentials: "omit" }));
      const pagesCache = await caches.open(PAGES_CACHE);
      await pagesCache.addAll(
        PRECACHE_URLS.filter((url) => url !== OFFLINE_URL && !isStatic(new URL(url, self.location.href))),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith("coappoint-static-") && name !== STATIC_CACHE)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
      // The page that registered this worker loaded before it: keep a copy of it too.
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const pagesCache = await caches.open(PAGES_CACHE);
      await Promise.all(
        windows
          .map((client) => new URL(client.url))
          .filter((url) => url.origin === self.location.origin && url.pathname.startsWith(SCOPE_PATH))
          .map((url) => keepFromNetwork(pagesCache, url.href)),
      );
    })(),
  );
});

function holdsValues(response) {
  return /no-store/.test(response.headers.get("Cache-Control") || "");
}

function worthKeeping(response) {
  return response.ok && response.type === "basic" && !response.redirected && !holdsValues(response);
}

async function keepFromNetwork(cache, url) {
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (worthKeeping(response)) {
      await cache.put(url, response);
    } else if (holdsValues(response)) {
      await cache.delete(url);
    }
  } catch (error) {
    // Offline already: nothing to keep.
  }
}

function pageKey(request) {
  const url = new URL(request.url);
  url.hash = "";
  return url.href;
}

async function fromNetworkOrKept(event) {
  const request = event.request;
  try {
    const response = await fetch(request);
    if (worthKeeping(response)) {
      const copy = response.clone();
      event.waitUntil(caches.open(PAGES_CACHE).then((cache) => cache.put(pageKey(request), copy)));
    } else if (holdsValues(response)) {
      event.waitUntil(caches.open(PAGES_CACHE).then((cache) => cache.delete(pageKey(request))));
    }
    return response;
  } catch (error) {
    const cache = await caches.open(PAGES_CACHE);
    const kept = await cache.match(pageKey(request), { ignoreVary: true });
    if (kept) {
      return markedAsKept(kept);
    }
    if (request.mode === "navigate") {
      const offline = await (await caches.open(STATIC_CACHE)).match(OFFLINE_URL, { ignoreVary: true });
      if (offline) {
        return markedAsKept(offline);
      }
    }
    return Response.error();
  }
}

// The kept copy says so in a header, so support staff (and tests) can tell it from a fresh one.
function markedAsKept(response) {
  const headers = new Headers(response.headers);
  headers.set("X-Coappoint-Kept-Copy", "1");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function keptThenRefreshed(event) {
  const request = event.request;
  const cache = await caches.open(STATIC_CACHE);
  const kept = await cache.match(request, { ignoreVary: true });
  const fresh = fetch(request).then((response) => {
    if (response.ok && response.type === "basic") {
      const copy = response.clone();
      event.waitUntil(cache.put(request, copy));
    }
    return response;
  });
  if (kept) {
    event.waitUntil(fresh.catch(() => undefined));
    return kept;
  }
  return fresh;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.href === self.location.href) {
    return;
  }
  if (isStatic(url)) {
    event.respondWith(keptThenRefreshed(event));
  } else if (url.pathname.startsWith(SCOPE_PATH)) {
    event.respondWith(fromNetworkOrKept(event));
  }
});
