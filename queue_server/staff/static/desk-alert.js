// The air-raid pause on the desk console: while the office's alert is on (the
// snapshot's `air_raid`, moved by the `office.air_raid` event like every other
// change), a red banner with the time it began, and calling is off — the
// server refuses it anyway (409 air_raid), so a tap already on its way is told
// in words. Finishing or holding the visit at the desk goes on as usual.
(function () {
  "use strict";
  window.ChergaDeskAlert = function (options) {
    const $ = options.$;
    const t = options.t;

    function active(snapshot) { return !!(snapshot && snapshot.air_raid && snapshot.air_raid.active); }

    function hhmm(iso) {
      return new Intl.DateTimeFormat(window.ChergaI18n.locale(), {
        timeZone: options.timezone() || undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      }).format(new Date(iso));
    }

    // Draws the banner; true while calling is paused.
    function render(snapshot) {
      const on = active(snapshot);
      $("air-raid").hidden = !on;
      $("air-raid-since").textContent = on && snapshot.air_raid.since ? t("alert.desk.since", { time: hhmm(snapshot.air_raid.since) }) : "";
      document.getElementById("console").dataset.airRaid = on ? "yes" : "";
      return on;
    }

    // A call button while paused: disabled, with the reason as its title.
    function pauseButton(button, paused) {
      const node = typeof button === "string" ? $(button) : button;
      if (paused) node.disabled = true;
      node.title = paused ? t("alert.desk.call_paused") : "";
    }

    // The words for a refused call, where the refusal is the alert's.
    function refused(error) { return error && error.code === "air_raid" ? t("alert.desk.refused") : null; }

    // The alert is over: say so (what was refused works again).
    function hear(message, say) {
      if (message.type === "office.air_raid" && !message.data.active) say("", t("alert.desk.ended"));
    }

    return { active: active, render: render, pauseButton: pauseButton, refused: refused, hear: hear };
  };
})();
