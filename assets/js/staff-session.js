// The timeout warning on staff pages (GOV.UK's pattern): a dialog a few minutes before an idle
// session ends, whose "Stay signed in" keeps the session without leaving the page. When the
// time is up, the sign-out form is sent. Without JavaScript the session simply ends.
(function () {
  "use strict";
  var dialog = document.getElementById("timeout-warning");
  if (!dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var keepAlive = dialog.querySelector("[data-keep-alive]");
  var signOut = dialog.querySelector("[data-timeout-sign-out]");
  var warningMs = Number(dialog.dataset.warningSeconds) * 1000;
  var timers = [];

  function schedule(secondsLeft) {
    timers.forEach(clearTimeout);
    var leftMs = secondsLeft * 1000;
    timers = [
      setTimeout(function () { dialog.showModal(); }, Math.max(leftMs - warningMs, 0)),
      setTimeout(function () { signOut.submit(); }, leftMs),
    ];
  }

  keepAlive.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(keepAlive.action, { method: "POST", body: new FormData(keepAlive), credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) {
          dialog.close();
          schedule(Number(response.headers.get("X-Session-Seconds-Left")) || 0);
        } else {
          signOut.submit();
        }
      });
  });
  dialog.addEventListener("cancel", function (event) {
    // Escape means "stay signed in", as the dialog's main button.
    event.preventDefault();
    keepAlive.requestSubmit();
  });
  schedule(Number(dialog.dataset.secondsLeft));
})();
