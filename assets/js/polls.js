// The live screens' polls (see coappoint.web.stamps): each polling element carries the stamp of
// what it shows in data-shown; it goes with every poll, and the server answers 204 while nothing
// has changed. A 204 may bring a renewed stamp (Coappoint-Shown) for the same drawing.
// It also ticks the facilitator's clocks between polls, which no longer redraw them every second.

document.addEventListener("htmx:configRequest", (event) => {
  const shown = event.detail.elt && event.detail.elt.dataset ? event.detail.elt.dataset.shown : "";
  if (shown) {
    event.detail.parameters.shown = shown;
  }
});

document.addEventListener("htmx:afterRequest", (event) => {
  const xhr = event.detail.xhr;
  const elt = event.detail.elt;
  if (!xhr || !elt || !elt.isConnected || !event.detail.successful) {
    return;
  }
  const renewed = xhr.getResponseHeader("Coappoint-Shown");
  if (renewed) {
    elt.dataset.shown = renewed;
  }
});

// A clock the server drew at one moment: data-seconds-left counts down while data-running is
// "true"; the texts come translated, with {time} where the minutes and seconds go.
const started = new WeakMap();

function minutesAndSeconds(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function tickTimeLeft(now) {
  for (const clock of document.querySelectorAll("[data-time-left]")) {
    if (!started.has(clock)) {
      started.set(clock, now);
    }
    if (clock.dataset.running !== "true") {
      continue;
    }
    const left = Number(clock.dataset.secondsLeft) - Math.floor((now - started.get(clock)) / 1000);
    const text = left >= 0
      ? clock.dataset.leftText.replace("{time}", minutesAndSeconds(left))
      : clock.dataset.overText.replace("{time}", minutesAndSeconds(-left));
    if (clock.textContent !== text) {
      clock.textContent = text;
    }
  }
}

// The time of day, in the service's time zone, from the server's clock when the page was drawn.
function tickWallClock(now) {
  for (const clock of document.querySelectorAll("[data-wall-clock]")) {
    if (!started.has(clock)) {
      started.set(clock, now);
    }
    const at = new Date(Number(clock.dataset.epochMs) + (now - started.get(clock)));
    let time;
    try {
      time = new Intl.DateTimeFormat("en-GB", {
        timeZone: clock.dataset.timeZone,
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        hourCycle: "h23",
      }).format(at);
    } catch {
      continue;
    }
    const text = clock.dataset.text.replace("{time}", time);
    if (clock.textContent !== text) {
      clock.textContent = text;
    }
  }
}

function tick() {
  const now = performance.now();
  tickTimeLeft(now);
  tickWallClock(now);
}

window.setInterval(tick, 250);
document.addEventListener("htmx:afterSettle", tick);
