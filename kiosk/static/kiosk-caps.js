// The kiosk's words when a daily cap or the stop-issuing time refuses a ticket
// (409 `sold_out` / `stop_issuing`, docs/queue-rules.md): what happened, as the
// error screen's title (never «try again»: it would fail again), and what the
// visitor can do instead (book a visit, come another day, another office).
// kiosk.js calls `ChergaKioskCaps.explain(error, timezone)` on every refused ticket.
// Before that, the services screen greys the tiles of services out of tickets now
// (`refresh` reads the office's caps at each new visitor, `soldOut` says why), so a
// visitor sees it before choosing; a tap still asks the server, which explains.
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

  // service code → why it has no ticket now: "day" (the daily cap), "stop" (the stop-issuing time), "hour" (the hourly cap)
  let closed = {};
  let zone = "";

  function reasonOf(cap, now) {
    if (cap.daily_cap !== null && cap.issued_today >= cap.daily_cap) return "day";
    if (cap.stops_at && Date.parse(cap.stops_at) <= now) return "stop";
    if (cap.hourly_cap !== null && cap.issued_this_hour >= cap.hourly_cap) return "hour";
    return "";
  }

  // Reads the office's caps of today (GET /offices/{office}/caps); resolves to whether any
  // service's state changed (the tiles are drawn again only then, not under a finger).
  // Advice only: when it fails the tiles stay as they are and the server still refuses.
  function refresh(api, office, timezone) {
    zone = timezone || "";
    return api("/offices/" + office + "/caps").then(function (caps) {
      const now = Date.now();
      const next = {};
      (caps.services || []).forEach(function (cap) {
        const reason = reasonOf(cap, now);
        if (reason) next[cap.service] = reason;
      });
      const changed = JSON.stringify(next) !== JSON.stringify(closed);
      closed = next;
      return changed;
    }).catch(function () { return false; /* the server still refuses */ });
  }

  // The words under the tile of a service whose steps are `codes`, or "" when each has tickets.
  function soldOut(codes) {
    const code = codes.find(function (each) { return closed[each]; });
    if (!code) return "";
    if (closed[code] === "hour") {  // the caps count by the office's clock hours: the next one begins on the hour
      const nextHour = new Date(Math.ceil((Date.now() + 1) / 3600000) * 3600000).toISOString();
      return i18n.t("kiosk.caps.tile_hour", { time: clock(nextHour, zone) });
    }
    return i18n.t(closed[code] === "stop" ? "kiosk.caps.tile_stop" : "kiosk.caps.tile_day");
  }

  window.ChergaKioskCaps = { explain: explain, title: title, refresh: refresh, soldOut: soldOut };
})();
