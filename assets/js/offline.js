// Nothing a recruiter sends is lost on a hall's poor wifi, and nothing they send can be read by
// the next person to pick up a shared phone.
//
// Every <form data-offline-queue> is kept on the phone (localStorage) before it is sent, and
// removed only once the server has answered; when the network fails it waits, the page says
// plainly how many are waiting ("2 score sheets waiting to send"), and it is sent again in order
// when the connection returns (the `online` event), on every page load and every 30 seconds.
// Each submission carries its own idempotency key, so the server ignores a repeat. A lock per key
// stops two tabs sending the same one at once. Without this script the forms simply POST.
//
// What is kept is sealed before it is stored: Web Crypto encrypts the form (its address, its
// fields, who sent it) to the server's public key (ECDH P-256, a fresh key per item, HKDF-SHA256,
// AES-256-GCM; coappoint.recruiters.sealing opens it), so only the server can read it. The queue
// posts the sealed item to the server's sealed-item address, which opens it and hands it to the
// form's own view. Beside the sealed text an item keeps only its key, its kind ("score sheet")
// and its author's tag, a keyed hash the server puts in the page: it says whose an item is
// without saying who. An item is counted, shown and sent only on pages of the person who queued
// it; the server refuses one sent from anyone else's session, and it waits on the phone until its
// author signs in here again (docs/architecture.md, "Nothing lost on poor wifi", says why).
//
// It also registers the recruiter pages' service worker (/recruiter/service-worker.js), which
// keeps the pages for reloading offline, and forgets those pages on sign-out or when someone
// else signs in on the same phone (the layout's <body data-participant="...">).
import { initAll } from "../govuk/govuk-frontend.min.js";

const QUEUE_STORE = "coappoint-offline-queue";
const USED_KEYS_STORE = "coappoint-offline-used-keys";
const PARTICIPANT_STORE = "coappoint-offline-participant";
const PAGES_CACHE = "coappoint-recruiter-pages"; // the service worker's name for kept pages
const SERVICE_WORKER_URL = "/recruiter/service-worker.js";
const RECRUITER_PATH = "/recruiter/";
const SIGN_IN_PATH = "/sign-in/";
const SIGN_OUT_PATH = "/sign-out/";
const RETRY_SECONDS = 30;
const USED_KEYS_KEPT = 200;
// The same words as coappoint.recruiters.sealing: both sides derive the item's key with them.
const SEAL_VERSION = 1;
const ITEM_INFO = "coappoint offline seal: item key v1";
const AUTHOR_TAG_HEADER = "X-Coappoint-Author-Tag";
// The same names as coappoint.web.offline_queue: a send nobody is looking at says so, and a view
// that knows it answers 204 with the page a form would have led to, instead of that whole page.
const QUEUE_HEADER = "X-Coappoint-Offline-Queue";
const NEXT_PAGE_HEADER = "X-Coappoint-Next-Page";

// What the server put on this script's tag: its public key, the sealed-item address, and the
// signed-in person's author tags (the current one first). Read afresh, as a page shown in place
// brings its own.
function pageSays(name) {
  const script = document.querySelector("script[data-offline-seal-key]");
  return script ? script.dataset[name] || "" : "";
}

function myAuthorTags() {
  if (isOfflinePage()) {
    // Kept without anyone's session: the person still signed in on this phone is looking at it.
    const here = localStorage.getItem(PARTICIPANT_STORE) || "";
    return /^[0-9a-f]{32}$/.test(here) ? [here] : [];
  }
  return pageSays("offlineAuthor").split(" ").filter(Boolean);
}

function isOfflinePage() {
  return Boolean(document.querySelector("[data-offline-page]"));
}

// Who this page was rendered for: "recruiter-12", "" when nobody, null when the layout does not
// say (and on the offline page, which the service worker kept without anyone's session).
function currentParticipant() {
  if (!document.body.hasAttribute("data-participant") || isOfflinePage()) {
    return null;
  }
  return document.body.dataset.participant;
}

// Who is here, as remembered on the phone to notice a change: the author tag, not the name.
function whoIsHere() {
  const participant = currentParticipant();
  if (participant === null) {
    return null;
  }
  return myAuthorTags()[0] || participant;
}

// --- Words, translated by Django's JavaScript catalogue when the page loads it ---------------

const catalogue = window.django;
const gettext = (text) => (catalogue ? catalogue.gettext(text) : text);
const ngettext = (singular, plural, count) =>
  catalogue ? catalogue.ngettext(singular, plural, count) : count === 1 ? singular : plural;
const fill = (format, values) =>
  format.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name]));

// One sentence per kind, so each language can word and pluralise it whole.
const SENTENCES = {
  "check-in": {
    waiting: (n) => ngettext("%(count)s check-in waiting to send", "%(count)s check-ins waiting to send", n),
    sent: (n) => ngettext("%(count)s check-in sent", "%(count)s check-ins sent", n),
    failed: () => gettext("1 check-in could not be sent:"),
  },
  confirmation: {
    waiting: (n) => ngettext("%(count)s confirmation waiting to send", "%(count)s confirmations waiting to send", n),
    sent: (n) => ngettext("%(count)s confirmation sent", "%(count)s confirmations sent", n),
    failed: () => gettext("1 confirmation could not be sent:"),
  },
  "score sheet": {
    waiting: (n) => ngettext("%(count)s score sheet waiting to send", "%(count)s score sheets waiting to send", n),
    sent: (n) => ngettext("%(count)s score sheet sent", "%(count)s score sheets sent", n),
    failed: () => gettext("1 score sheet could not be sent:"),
  },
  suggestion: {
    waiting: (n) => ngettext("%(count)s suggestion waiting to send", "%(count)s suggestions waiting to send", n),
    sent: (n) => ngettext("%(count)s suggestion sent", "%(count)s suggestions sent", n),
    failed: () => gettext("1 suggestion could not be sent:"),
  },
  note: {
    waiting: (n) => ngettext("%(count)s note waiting to send", "%(count)s notes waiting to send", n),
    sent: (n) => ngettext("%(count)s note sent", "%(count)s notes sent", n),
    failed: () => gettext("1 note could not be sent:"),
  },
};

function sentence(kind, plural, which, count) {
  const known = SENTENCES[kind];
  if (known) {
    return fill(known[which](count), { count });
  }
  // A kind this file does not know yet: its words come from the form's own attributes.
  const words = count === 1 ? kind || gettext("form") : plural || `${kind || gettext("form")}s`;
  const formats = {
    waiting: gettext("%(count)s %(words)s waiting to send"),
    sent: gettext("%(count)s %(words)s sent"),
    failed: gettext("%(count)s %(words)s could not be sent:"),
  };
  return fill(formats[which], { count, words });
}

// --- The queue, kept in localStorage: simple, shared by the phone's tabs, survives reloads ---

function readQueue() {
  try {
    const items = JSON.parse(localStorage.getItem(QUEUE_STORE) || "[]");
    return Array.isArray(items) ? items : [];
  } catch {
    return [];
  }
}

function writeQueue(items) {
  localStorage.setItem(QUEUE_STORE, JSON.stringify(items));
}

function changeItem(key, change) {
  const items = readQueue();
  const index = items.findIndex((item) => item.key === key);
  if (index === -1) {
    return;
  }
  if (change === null) {
    items.splice(index, 1);
  } else {
    Object.assign(items[index], change);
  }
  writeQueue(items);
}

// Only this person's submissions are counted, shown or sent: a phone may be shared.
function mine(items) {
  const tags = myAuthorTags();
  return items.filter((item) => item.sealed && tags.includes(item.author));
}

// Sealed before this phone knew whose they are (plain items kept by an older version of this
// file, sealed since): any signed-in person's page offers them, and the server, which can open
// them, answers with their author's tag.
function unclaimed(items) {
  return myAuthorTags().length ? items.filter((item) => item.sealed && !item.author) : [];
}

function usedKeys() {
  try {
    return JSON.parse(localStorage.getItem(USED_KEYS_STORE) || "[]");
  } catch {
    return [];
  }
}

function rememberUsedKey(key) {
  const keys = usedKeys().filter((used) => used !== key);
  keys.push(key);
  localStorage.setItem(USED_KEYS_STORE, JSON.stringify(keys.slice(-USED_KEYS_KEPT)));
}

function newKey() {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- Sealing: only the server can read what waits on the phone ------------------------------

const encoder = new TextEncoder();

function base64url(bytes) {
  let text = "";
  for (const byte of new Uint8Array(bytes)) {
    text += String.fromCharCode(byte);
  }
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text) {
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(padded), (character) => character.charCodeAt(0));
}

function canSeal() {
  return Boolean(pageSays("offlineSealKey") && window.crypto && crypto.subtle);
}

// A fresh key pair per item: its private half and the item's AES key live only in this function.
async function seal(submission) {
  const [keyId, publicKey] = pageSays("offlineSealKey").split(".");
  const curve = { name: "ECDH", namedCurve: "P-256" };
  const server = await crypto.subtle.importKey("raw", fromBase64url(publicKey), curve, false, []);
  const ephemeral = await crypto.subtle.generateKey(curve, false, ["deriveBits"]);
  const ephemeralRaw = new Uint8Array(await crypto.subtle.exportKey("raw", ephemeral.publicKey));
  const shared = await crypto.subtle.deriveBits({ name: "ECDH", public: server }, ephemeral.privateKey, 256);
  const agreed = await crypto.subtle.importKey("raw", shared, "HKDF", false, ["deriveKey"]);
  const itemKey = await crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: ephemeralRaw, info: encoder.encode(ITEM_INFO) },
    agreed,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt"],
  );
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: encoder.encode(`coappoint-seal-v${SEAL_VERSION}|${keyId}`) },
    itemKey,
    encoder.encode(JSON.stringify(submission)),
  );
  return JSON.stringify({
    v: SEAL_VERSION,
    kid: keyId,
    epk: base64url(ephemeralRaw),
    iv: base64url(iv),
    ct: base64url(ciphertext),
  });
}

function submissionPath(url) {
  const parsed = new URL(url, location.href);
  return parsed.pathname + parsed.search;
}

// Items an older version of this file kept in plain text are sealed where they wait. When this
// browser cannot seal (no Web Crypto: not over HTTPS) and the person changes, they are removed:
// nothing readable is left for the next person.
async function sealPlainItems({ removeUnsealable }) {
  const plain = readQueue().filter((item) => !item.sealed);
  if (plain.length === 0) {
    return;
  }
  const sealed = new Map();
  if (canSeal()) {
    const participant = currentParticipant();
    const myTag = myAuthorTags()[0] || "";
    for (const item of plain) {
      try {
        const fields = (item.fields || []).filter(([name]) => name !== "csrfmiddlewaretoken");
        sealed.set(item.key, {
          key: item.key,
          author: item.participant === participant && myTag ? myTag : "",
          kind: item.kind || "",
          kindPlural: item.kindPlural || "",
          queuedAt: item.queuedAt,
          state: "waiting",
          sealed: await seal({ author: item.participant || "", path: submissionPath(item.url), fields }),
        });
      } catch {
        // Left as it is, to be sealed on the next page or removed with the person.
      }
    }
  }
  const items = readQueue()
    .map((item) => (item.sealed ? item : sealed.get(item.key) || item))
    .filter((item) => item.sealed || !removeUnsealable);
  writeQueue(items);
}

// --- Sending one submission, never twice at once ---------------------------------------------

const localLocks = new Set();

async function withLock(key, task) {
  if (navigator.locks) {
    return navigator.locks.request(`coappoint-offline:${key}`, { ifAvailable: true }, (lock) =>
      lock ? task() : "busy",
    );
  }
  if (localLocks.has(key)) {
    return "busy";
  }
  localLocks.add(key);
  try {
    return await task();
  } finally {
    localLocks.delete(key);
  }
}

function currentCsrfToken() {
  const input = document.querySelector('input[name="csrfmiddlewaretoken"]');
  return input ? input.value : null;
}

// The page each item was queued on, for refreshing its kept copy once sent: in memory only,
// because the address names the candidate, and what waits on the phone names nobody.
const queuedOnPage = new Map();

// Outcomes: "sent", "refused" (4xx: kept to fix), "signed-out", "offline", "server-error",
// "not-mine" (the server says it is someone else's: it waits for them), "gone".
// `answerShown`: the person is waiting to see the answer (they pressed send, or "open it to
// fix"), so it is the page a form would get. Otherwise only "stored" matters: the queue says it
// is the one sending, and the server may answer 204 instead of a page nobody would see.
async function send(key, { answerShown = false } = {}) {
  const item = readQueue().find((queued) => queued.key === key);
  if (!item || item.state !== "waiting" || !item.sealed) {
    return { outcome: "gone" }; // another tab has sent it meanwhile
  }
  // The token may have changed since it was queued (signing in again rotates it); the server
  // checks that the sealed author is the person signed in now.
  const token = currentCsrfToken();
  if (!token) {
    return { outcome: "signed-out" };
  }
  let response;
  try {
    response = await fetch(pageSays("offlineSealedUrl"), {
      method: "POST",
      headers: answerShown ? {} : { [QUEUE_HEADER]: "1" },
      body: new URLSearchParams({ csrfmiddlewaretoken: token, sealed: item.sealed }),
      credentials: "same-origin",
      redirect: "follow",
    });
  } catch {
    return { outcome: "offline" };
  }
  if (new URL(response.url).pathname.startsWith(SIGN_IN_PATH)) {
    return { outcome: "signed-out", response };
  }
  const authorTag = response.headers.get(AUTHOR_TAG_HEADER);
  if (response.status === 403 && authorTag) {
    changeItem(key, { author: authorTag });
    return { outcome: "not-mine" };
  }
  if (response.redirected || (response.status >= 200 && response.status < 400)) {
    changeItem(key, null);
    keepFreshCopy(queuedOnPage.get(key));
    if (response.redirected) {
      keepFreshCopy(response.url);
    } else if (response.status === 204) {
      refreshIfKept(nextPage(response));
    }
    return { outcome: "sent", response, item };
  }
  if (response.status >= 500) {
    return { outcome: "server-error", response };
  }
  changeItem(key, { state: "failed", status: response.status });
  return { outcome: "refused", response, item };
}

// A page holding someone's values is sent `Cache-Control: no-store`: it is never kept.
function mayBeKept(response) {
  return response.ok && !/no-store/.test(response.headers.get("Cache-Control") || "");
}

// The phone's kept copy of a page now shows what the server has, or is forgotten if the page
// now holds values (a score sheet page, once its sheet is sent).
async function keepFreshCopy(pageUrl) {
  if (!pageUrl || !("caches" in window) || !new URL(pageUrl).pathname.startsWith(RECRUITER_PATH)) {
    return;
  }
  try {
    const cache = await caches.open(PAGES_CACHE);
    const response = await fetch(pageUrl, { credentials: "same-origin" });
    if (mayBeKept(response) && !response.redirected) {
      await cache.put(pageUrl, response);
    } else {
      await cache.delete(pageUrl);
    }
  } catch {
    // Offline again: the kept copy stays until the next visit.
  }
}

// Where a 204 says a form would have led: its kept copy now shows the submission as sent.
function nextPage(response) {
  const next = response.headers.get(NEXT_PAGE_HEADER);
  return next ? new URL(next, location.href).href : null;
}

async function refreshIfKept(pageUrl) {
  if (!pageUrl || !("caches" in window)) {
    return;
  }
  try {
    const kept = await (await caches.open(PAGES_CACHE)).match(pageUrl, { ignoreVary: true });
    if (kept) {
      await keepFreshCopy(pageUrl);
    }
  } catch {
    // Nothing kept to refresh.
  }
}

// --- Sending everything waiting, in order ----------------------------------------------------

const sentThisPage = {};
let flushing = null;

function sendWaiting() {
  if (!flushing) {
    flushing = flush().finally(() => {
      flushing = null;
    });
  }
  return flushing;
}

// True when every waiting submission (before `untilKey`, if given) has gone.
async function flush(untilKey = null) {
  for (const item of [...unclaimed(readQueue()), ...mine(readQueue())]) {
    if (item.key === untilKey) {
      break;
    }
    if (item.state !== "waiting") {
      continue;
    }
    const result = await withLock(item.key, () => send(item.key));
    if (result === "busy" || ["offline", "server-error", "signed-out"].includes(result.outcome)) {
      renderStatus();
      return false; // keep the order: the rest wait behind this one
    }
    if (result.outcome === "sent" && item.key === doneKey) {
      markDoneSent();
    }
    if (result.outcome === "sent" && item.author) {
      const kindKey = `${item.kind}|${item.kindPlural || ""}`;
      sentThisPage[kindKey] = (sentThisPage[kindKey] || 0) + 1;
    }
    renderStatus();
  }
  renderStatus();
  return true;
}

// --- What the page shows ---------------------------------------------------------------------

let notice = "";

function statusRegion() {
  let region = document.querySelector("[data-offline-status]");
  if (!region) {
    const main = document.querySelector("main");
    if (!main) {
      return null;
    }
    region = document.createElement("div");
    region.setAttribute("data-offline-status", "");
    region.setAttribute("role", "status");
    region.className = "app-offline-queue";
    main.prepend(region);
  }
  return region;
}

function paragraph(text) {
  const p = document.createElement("p");
  p.className = "govuk-body app-offline-queue__line";
  p.textContent = text;
  return p;
}

function renderStatus() {
  const region = statusRegion();
  if (!region) {
    return;
  }
  const items = mine(readQueue());
  const waiting = new Map();
  for (const item of items.filter((queued) => queued.state === "waiting")) {
    const kindKey = `${item.kind}|${item.kindPlural || ""}`;
    waiting.set(kindKey, (waiting.get(kindKey) || 0) + 1);
  }
  const lines = [];
  if (notice) {
    lines.push(paragraph(notice));
  }
  if (!navigator.onLine) {
    lines.push(
      paragraph(gettext("You are offline. What you send is kept on this phone until the connection is back.")),
    );
  }
  for (const [kindKey, count] of waiting) {
    const [kind, plural] = kindKey.split("|");
    lines.push(paragraph(sentence(kind, plural, "waiting", count)));
  }
  for (const item of items.filter((queued) => queued.state === "failed")) {
    const line = paragraph(`${sentence(item.kind, item.kindPlural, "failed", 1)} `);
    const link = document.createElement("a");
    link.className = "govuk-link";
    // The item's page is sealed with it: the link sends it again and shows the server's answer.
    link.href = queuedOnPage.get(item.key) || location.href;
    link.dataset.offlineOpen = item.key;
    link.textContent = gettext("open it to fix");
    line.append(link);
    lines.push(line);
  }
  for (const [kindKey, count] of Object.entries(sentThisPage)) {
    if (!waiting.has(kindKey)) {
      const [kind, plural] = kindKey.split("|");
      lines.push(paragraph(sentence(kind, plural, "sent", count)));
    }
  }
  const hasFailed = items.some((item) => item.state === "failed");
  if (lines.length === 0) {
    region.replaceChildren();
    return;
  }
  const box = document.createElement("div");
  box.className = `govuk-inset-text app-offline-queue__box${hasFailed ? " app-offline-queue__box--failed" : ""}`;
  box.append(...lines);
  region.replaceChildren(box);
}

// --- Showing the server's answer in place, as a normal form POST would ----------------------

let shownPath = location.pathname + location.search;

async function showResponse(response) {
  if (response.status === 204) {
    // Stored, and nothing to show: the page a form would have led to.
    location.assign(nextPage(response) || location.href);
    return;
  }
  const html = await response.text();
  const page = new DOMParser().parseFromString(html, "text/html");
  if (!page.querySelector("main")) {
    location.assign(response.url);
    return;
  }
  document.title = page.title;
  document.documentElement.lang = page.documentElement.lang;
  document.documentElement.dir = page.documentElement.dir;
  if (page.body.hasAttribute("data-participant")) {
    document.body.dataset.participant = page.body.dataset.participant;
  }
  // Scripts in the new body do not run again; the ones already loaded set the page up below.
  document.body.replaceChildren(...page.body.childNodes);
  // The sealed-item address answers for the form's own address, which it names.
  const shownUrl = new URL(response.headers.get("Content-Location") || response.url, response.url).href;
  if (shownUrl !== location.href) {
    history.pushState({ coappointShown: true }, "", shownUrl);
  }
  shownPath = location.pathname + location.search;
  if (mayBeKept(response) && "caches" in window && location.pathname.startsWith(RECRUITER_PATH)) {
    caches
      .open(PAGES_CACHE)
      .then((cache) =>
        cache.put(location.href, new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } })),
      )
      .catch(() => undefined);
  }
  window.scrollTo(0, 0);
  initAll({ scope: document.body });
  window.htmx?.process(document.body);
  notice = "";
  renderStatus();
  if (!document.querySelector(".govuk-error-summary")) {
    document.querySelector("main")?.focus();
  }
}

// Back and forward to a page shown in place: load it properly (a hash change is not a page).
window.addEventListener("popstate", () => {
  if (location.pathname + location.search !== shownPath) {
    location.reload();
  }
});

// --- Submitting a queued form ----------------------------------------------------------------

function nativeSubmit(form, submitter) {
  form.dataset.offlineNative = "";
  form.requestSubmit(submitter);
}

async function submitQueued(form, submitter) {
  const myTag = myAuthorTags()[0];
  if (!myTag || !canSeal()) {
    nativeSubmit(form, submitter); // nothing can be sealed here: a plain POST, as without JS
    return;
  }
  const keyInput = form.elements.namedItem("idempotency_key");
  let key = keyInput ? keyInput.value : "";
  if (!key || usedKeys().includes(key)) {
    key = newKey();
  }
  if (keyInput) {
    keyInput.value = key;
  }
  // The outer request carries the page's current token; the sealed fields need none.
  const fields = [...new FormData(form, submitter)].filter(
    ([name, value]) => typeof value === "string" && name !== "csrfmiddlewaretoken",
  );
  let item;
  try {
    item = {
      key,
      author: myTag,
      kind: form.dataset.offlineKind || "",
      kindPlural: form.dataset.offlineKindPlural || "",
      queuedAt: new Date().toISOString(),
      state: "waiting",
      sealed: await seal({
        author: currentParticipant(),
        path: submissionPath(form.getAttribute("action") || location.href),
        fields,
      }),
    };
    writeQueue([...readQueue(), item]);
    rememberUsedKey(key);
  } catch {
    nativeSubmit(form, submitter); // this phone will not keep it: a plain POST, as without JS
    return;
  }
  queuedOnPage.set(key, location.href);
  const done = donePanel(form);
  if (done) {
    showSending(submitter);
  }
  const sending = flush(key).then((olderSent) =>
    olderSent ? withLock(key, () => send(key, { answerShown: true })) : "busy",
  );
  // A form with a done panel stops waiting for a slow answer: the item is safe on the phone.
  const result = await (done ? Promise.race([sending, slowAnswer()]) : sending);
  if (result !== "busy" && result !== "slow" && ["sent", "refused", "signed-out"].includes(result.outcome) && result.response) {
    if (result.outcome === "refused" && [400, 422].includes(result.response.status)) {
      changeItem(key, null); // the page shown now holds what they typed, with what to fix
    }
    await showResponse(result.response);
    return;
  }
  // Offline, or the server is struggling: it waits on the phone and the page stays usable.
  form.reset();
  if (done) {
    showDone(form, done, key);
    if (result === "slow") {
      // The late answer changes only what the panel says; it never replaces the page.
      sending.then((late) => {
        if (late !== "busy" && late.outcome === "sent" && late.item.key === doneKey) {
          markDoneSent();
        }
        renderStatus();
      });
    }
  } else {
    notice = gettext("Saved on this phone. It will be sent when the connection is back.");
  }
  renderStatus();
  startRetrying();
}

// --- A form that is done: its state and the next thing to do, instead of the blank form -----

const SLOW_SECONDS = 10;
let doneKey = null;

function donePanel(form) {
  const id = form.dataset.offlineDone;
  return id ? document.getElementById(id) : null;
}

function slowAnswer() {
  return new Promise((resolve) => setTimeout(() => resolve("slow"), SLOW_SECONDS * 1000));
}

function showSending(submitter) {
  if (submitter) {
    submitter.disabled = true;
    submitter.setAttribute("aria-disabled", "true");
    submitter.textContent = gettext("Sending…");
  }
}

function showDone(form, done, key) {
  form.hidden = true;
  done.hidden = false;
  doneKey = key;
  document.querySelector(".govuk-error-summary")?.remove();
  if (!readQueue().some((item) => item.key === key)) {
    markDoneSent(); // sent while the page was still waiting for its answer
  }
  done.focus();
}

// The item the panel speaks of has been sent: the panel says so.
function markDoneSent() {
  const done = document.querySelector("[data-sent-title]");
  if (!done || done.hidden || doneKey === null) {
    return;
  }
  done.querySelector("[data-done-title]").textContent = done.dataset.sentTitle;
  done.querySelector("[data-done-words]").textContent = done.dataset.sentWords;
  doneKey = null;
}

// "Open it to fix": send it again in the open, so the server's page says what to change.
async function openFailed(key) {
  changeItem(key, { state: "waiting" });
  const result = await withLock(key, () => send(key, { answerShown: true }));
  if (result !== "busy" && result.response) {
    if (result.outcome === "refused" && [400, 422].includes(result.response.status)) {
      changeItem(key, null);
    }
    await showResponse(result.response);
    return;
  }
  renderStatus();
}

document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("[data-offline-open]") : null;
  if (link) {
    event.preventDefault();
    openFailed(link.dataset.offlineOpen);
  }
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || event.defaultPrevented) {
    return;
  }
  if ("offlineNative" in form.dataset) {
    delete form.dataset.offlineNative;
    return;
  }
  if (new URL(form.action, location.href).pathname === SIGN_OUT_PATH) {
    event.preventDefault();
    forgetThePerson().finally(() => nativeSubmit(form, event.submitter));
    return;
  }
  if (form.hasAttribute("data-offline-queue") && form.method.toLowerCase() === "post") {
    event.preventDefault();
    submitQueued(form, event.submitter);
  }
});

// --- What is readable belongs to one person -----------------------------------------------

async function forgetKeptPages() {
  if ("caches" in window) {
    await caches.delete(PAGES_CACHE).catch(() => undefined);
  }
}

// On sign-out and when someone else signs in: the kept pages go, and so does any plain item an
// older version left; sealed items stay, to be sent when their author is back.
async function forgetThePerson() {
  await sealPlainItems({ removeUnsealable: true }).catch(() => undefined);
  await forgetKeptPages();
}

async function forgetOthersPages() {
  const here = whoIsHere();
  if (here === null) {
    return;
  }
  const previous = localStorage.getItem(PARTICIPANT_STORE);
  if (previous !== null && previous !== here) {
    await forgetThePerson();
  }
  // Remembered only once the previous person's pages are gone: if that was cut short, the
  // next page load forgets them again.
  localStorage.setItem(PARTICIPANT_STORE, here);
  if (previous === null || previous === here) {
    return;
  }
  // The worker kept this page before this script could tell whose it is: keep it again.
  if (currentParticipant() && location.pathname.startsWith(RECRUITER_PATH)) {
    keepFreshCopy(location.href);
  }
}

function registerServiceWorker() {
  const participant = currentParticipant();
  const isRecruiter =
    participant === null ? location.pathname.startsWith(RECRUITER_PATH) : participant.startsWith("recruiter");
  if (isRecruiter && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: RECRUITER_PATH }).catch(() => undefined);
  }
}

// --- Start ------------------------------------------------------------------------------------

let retrying = null;

function startRetrying() {
  if (retrying === null) {
    retrying = setInterval(() => {
      if (mine(readQueue()).some((item) => item.state === "waiting")) {
        sendWaiting();
      } else {
        clearInterval(retrying);
        retrying = null;
      }
    }, RETRY_SECONDS * 1000);
  }
}

window.addEventListener("online", () => {
  renderStatus();
  sendWaiting();
});
window.addEventListener("offline", renderStatus);
window.addEventListener("storage", (event) => {
  if (event.key === QUEUE_STORE) {
    renderStatus();
  }
});
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    renderStatus();
    sendWaiting();
  }
});

statusRegion();
renderStatus();
forgetOthersPages().finally(registerServiceWorker);
sealPlainItems({ removeUnsealable: false })
  .catch(() => undefined)
  .finally(() => {
    if (mine(readQueue()).some((item) => item.state === "waiting")) {
      startRetrying();
    }
    sendWaiting();
  });
