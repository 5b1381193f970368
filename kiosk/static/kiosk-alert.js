// The kiosk in an air-raid alert: while the office's pause is on, the kiosk
// shows the shelter screen (no service to tap, the way to the shelter, «your
// place is kept») instead of its menu, and its menu again when the pause ends.
// It follows only the `air_raid` of the office's public stream: the snapshot's
// on every (re)connect, then each `office.air_raid` event; so a kiosk that
// loads during an alert comes up on the shelter screen. The server refuses to
// issue anyway (409 air_raid): this screen spares the visitor the tap.
(function () {
  "use strict";
  // options: t (the catalogue), office() (the office's facts: shelter, shelter_en, timezone),
  // lang() ("uk" or "en"), onChange(active) when the pause begins or ends
  window.ChergaKioskAlert = function (options) {
    let airRaid = { active: false, since: null };

    function $(id) { return document.getElementById(id); }

    function render() {
      const office = options.office() || {};
      const own = options.lang() === "en" ? office.shelter_en : office.shelter;
      $("alert-shelter").textContent = own || options.t("alert.shelter_default");
      $("alert-since").textContent = !airRaid.since ? "" : new Intl.DateTimeFormat("uk-UA", {
        timeZone: office.timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
      }).format(new Date(airRaid.since));
      $("alert-since-line").hidden = !airRaid.since;
    }

    function take(next) {
      const changed = Boolean(next && next.active) !== airRaid.active;
      airRaid = next && next.active ? { active: true, since: next.since } : { active: false, since: null };
      document.body.dataset.alert = airRaid.active ? "on" : "off";
      render();
      if (changed) options.onChange(airRaid.active);
    }

    return {
      active: function () { return airRaid.active; },
      render: render,
      onSnapshot: function (snapshot) { take(snapshot.air_raid); },
      onEvent: function (message) { if (message.type === "office.air_raid") take(message.data); },
    };
  };
})();
