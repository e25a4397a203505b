// Live parts of a page refresh themselves with htmx. When a refresh fails, htmx keeps the last
// state on screen; this says so plainly ("Reconnecting…") until a refresh works again.
const notices = () => document.querySelectorAll("[data-reconnecting]");

function show(failed) {
  for (const notice of notices()) {
    notice.hidden = !failed;
  }
}

document.addEventListener("htmx:sendError", () => show(true));
document.addEventListener("htmx:responseError", () => show(true));
document.addEventListener("htmx:timeout", () => show(true));
document.addEventListener("htmx:afterRequest", (event) => {
  if (event.detail.successful) {
    show(false);
  }
});
