// The kiosk's words when a daily cap or the stop-issuing time refuses a ticket
// (409 `sold_out` / `stop_issuing`, docs/queue-rules.md): what happened, as the
// error screen's title (never «try again»: it would fail again), and what the
// visitor can do instead (book a visit, come another day, another office).
// kiosk.js calls `ChergaKioskCaps.explain(error, timezone)` on every refused ticket.
(function () {
  "use strict";
  const i18n = window.ChergaI18n;

  function clock(iso, timezone) {
    try {
      return new Date(iso).toLocaleTimeString("uk-UA", { hour: "2-digit", minute: "2-digit", timeZone: timezone || undefined });
    } catch (error) { return ""; }
  }

  // The title for a cap's refusal, or "" when the error is no cap's.
  function title(error, timezone) {
    const details = (error && error.details) || {};
    if (!error || error.status !== 409) return "";
    if (error.code === "sold_out" && details.limit === "hourly" && details.from) {
      return i18n.t("kiosk.caps.sold_out_hour", { time: clock(details.from, timezone) });
    }
    if (error.code === "sold_out") return i18n.t("kiosk.caps.sold_out");
    if (error.code === "stop_issuing") return i18n.t("kiosk.caps.stop_issuing");
    return "";
  }

  // Puts the refusal on the error screen's title and returns the advice for its detail
  // ("" for any other error, whose title goes back to the catalogue's «kiosk.error»).
  function explain(error, timezone) {
    const heading = document.querySelector("#screen-error [data-i18n='kiosk.error'], #screen-error [data-caps-title]");
    const words = title(error, timezone);
    if (heading) {
      heading.textContent = words || i18n.t("kiosk.error");
      if (words) { heading.dataset.capsTitle = "1"; heading.removeAttribute("data-i18n"); }
      else { delete heading.dataset.capsTitle; heading.setAttribute("data-i18n", "kiosk.error"); }
    }
    return words ? i18n.t("kiosk.caps.what_to_do") : "";
  }

  window.ChergaKioskCaps = { explain: explain, title: title };
})();
