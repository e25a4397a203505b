// Screens that poll with htmx (the big screen, the co-design board, a recruiter's now and next).
// - When a poll fails htmx keeps the last content; this says "Reconnecting…" until one succeeds.
// - The big screen's countdown ticks down between polls, and keeps ticking while offline.
// - At the end of a round: the "Time to move" banner, a brief flash (not with reduced motion)
//   and a short tone. Browsers allow sound only after someone has pressed something on the
//   page, so the tone plays once the sound button (or any key or click) has been used.

const TICK_MS = 250;
const FLASH_MS = 3000;
const deadlines = new WeakMap();
const cued = new Set();
let audio = null;

function showReconnecting(show) {
  for (const note of document.querySelectorAll("[data-live-reconnecting]")) {
    note.hidden = !show;
  }
}

document.addEventListener("htmx:afterRequest", (event) => {
  showReconnecting(!(event.detail && event.detail.successful === true));
});
window.addEventListener("offline", () => showReconnecting(true));

function unlockSound() {
  const AudioContextClass = window.AudioContext || window.webkitAudioContext;
  if (!AudioContextClass) {
    return false;
  }
  if (audio === null) {
    audio = new AudioContextClass();
  }
  if (audio.state === "suspended") {
    audio.resume();
  }
  return true;
}

function playTone() {
  if (audio === null || audio.state !== "running") {
    return;
  }
  const start = audio.currentTime;
  [880, 660].forEach((frequency, index) => {
    const at = start + index * 0.35;
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.3);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.32);
  });
}

function setUpSoundButton() {
  const button = document.querySelector("[data-big-screen-sound]");
  if (!button || !(window.AudioContext || window.webkitAudioContext)) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", () => {
    if (unlockSound()) {
      playTone();
      button.setAttribute("aria-pressed", "true");
      button.textContent = button.dataset.soundOnText || button.textContent;
    }
  });
  const anyPress = () => {
    unlockSound();
    document.removeEventListener("keydown", anyPress);
    document.removeEventListener("pointerdown", anyPress);
  };
  document.addEventListener("keydown", anyPress);
  document.addEventListener("pointerdown", anyPress);
}

function cue(roundKey) {
  if (!roundKey || cued.has(roundKey)) {
    return;
  }
  cued.add(roundKey);
  document.body.dataset.cuedRound = roundKey;
  document.body.classList.add("app-big-screen--flash");
  window.setTimeout(() => document.body.classList.remove("app-big-screen--flash"), FLASH_MS);
  playTone();
}

function formatted(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

function tick() {
  const now = performance.now();
  for (const counter of document.querySelectorAll("[data-seconds-left]")) {
    if (!deadlines.has(counter)) {
      deadlines.set(counter, now + Number(counter.dataset.secondsLeft) * 1000);
    }
    const live = counter.closest("[data-live]");
    const banner = live ? live.querySelector("[data-time-up]") : null;
    if (counter.dataset.running === "true") {
      const left = Math.max(0, Math.ceil((deadlines.get(counter) - now) / 1000));
      const text = formatted(left);
      if (counter.textContent !== text) {
        counter.textContent = text;
      }
      if (left === 0 && banner) {
        banner.hidden = false;
      }
    }
    if (banner && !banner.hidden) {
      cue(counter.dataset.roundKey);
    }
  }
}

setUpSoundButton();
window.setInterval(tick, TICK_MS);
tick();
