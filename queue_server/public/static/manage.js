// The booking's page /a/<token>: cancel, or cancel and book another time, each after a confirmation.
// The page is the server's; this only asks POST /api/v1/appointments/<token>/cancel and then shows
// the page again (cancelled) or goes to /book with the office and service already chosen.
(function () {
  "use strict";
  const page = document.getElementById("manage");
  const i18n = window.ChergaI18n;
  const t = i18n.t;
  let then = null;  // "stay" after cancelling, or "rebook"
  let sending = false;

  function $(id) { return document.getElementById(id); }

  function ask(next) {
    then = next;
    $("confirm-question").textContent = t(next === "rebook" ? "booking.confirm.rebook" : "booking.confirm.cancel");
    $("confirm-yes").textContent = t(next === "rebook" ? "booking.confirm.rebook_yes" : "booking.confirm.yes");
    $("confirm").hidden = false;
    $("cancel").hidden = true;
    $("rebook").hidden = true;
    $("confirm-question").focus();
    // the answer appears where the finger was: the second touch of a double tap must not answer it
    $("confirm-yes").disabled = true;
    setTimeout(function () { if (!sending) $("confirm-yes").disabled = false; }, 450);
  }

  function close() {
    $("confirm").hidden = true;
    $("cancel").hidden = false;
    $("rebook").hidden = false;
    $("cancel").focus();
  }

  async function cancel() {
    if (sending) return;
    sending = true;
    $("confirm-yes").disabled = true;
    $("manage-message").textContent = "";
    try {
      const response = await fetch("/api/v1/appointments/" + encodeURIComponent(page.dataset.token) + "/cancel", { method: "POST" });
      if (response.ok || response.status === 409) {
        // 409: cancelled meanwhile, or its time began: the page says what it is now
        window.location.assign(then === "rebook" && response.ok ? page.dataset.rebook : window.location.href);
        return;
      }
      $("manage-message").textContent = t("booking.error.other");
    } catch (error) {
      $("manage-message").textContent = t("booking.error.network");
    }
    sending = false;
    $("confirm-yes").disabled = false;
  }

  i18n.load(page.dataset.lang).then(function () {
    $("cancel").addEventListener("click", function () { ask("stay"); });
    $("rebook").addEventListener("click", function () { ask("rebook"); });
    $("confirm-no").addEventListener("click", close);
    $("confirm-yes").addEventListener("click", cancel);
    page.dataset.ready = "yes";
  });
})();
