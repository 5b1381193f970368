// The supervisor's page: the office's air-raid pause («Повітряна тривога»).
// Its state and since-time come from the live picture (the snapshot's
// `air_raid`, moved by the `office.air_raid` event), so a start or an end
// from anywhere — this page, a manager's network form — shows at once.
// Starting or ending is one deliberate action: a button, then a confirmation
// that says what will happen (POST /api/v1/offices/<office>/alert).
(function () {
  "use strict";
  const S = window.ChergaSupervisor;
  if (!S || !S.office) return;
  const $ = S.$;
  const t = S.t;

  function officeName() {
    const option = document.querySelector("#office-select option:checked");
    if (!option) return S.office;
    return window.ChergaStaff.lang() === "en" ? option.dataset.nameEn : option.dataset.name;
  }

  function draw() {
    const alert = S.view.snapshot && S.view.snapshot.air_raid;
    const on = !!(alert && alert.active);
    const box = $("air-raid-control");
    box.dataset.active = on ? "yes" : "no";
    box.classList.toggle("air-raid-banner", on);
    $("air-raid-state").textContent = on ? t("alert.supervisor.on", { time: S.hhmm(alert.since) }) : t("alert.supervisor.off");
    $("air-raid-start").hidden = on;
    $("air-raid-end").hidden = !on;
    $("air-raid-day-close").hidden = !on;  // while the alert is on the automatic day close leaves the office alone
  }

  // The supervisor's decision when an alert runs past midnight: close what is left of past days
  // (their waiting tickets and open desks) now, the alert going on (POST …/day/close, audited).
  function askDayClose() {
    S.confirmAction({
      title: t("supervisor.day_close.title", { office: officeName() }),
      text: t("supervisor.day_close.text"),
      yes: t("supervisor.day_close.button"),
      done: function (answer) {
        const closed = (answer && answer.closed) || 0;
        return closed ? t("supervisor.day_close.done", { count: closed }) : t("supervisor.day_close.nothing");
      },
      run: function () { return S.api("POST", "/offices/" + encodeURIComponent(S.office) + "/day/close"); },
    });
  }

  function ask(active) {
    const office = { office: officeName() };
    S.confirmAction({
      title: active ? t("alert.supervisor.start.title", office) : t("alert.supervisor.end.title", office),
      text: active ? t("alert.supervisor.start.text") : t("alert.supervisor.end.text"),
      yes: active ? t("alert.supervisor.start") : t("alert.supervisor.end"),
      done: active ? t("alert.supervisor.started") : t("alert.supervisor.ended"),
      run: function () { return S.api("POST", "/offices/" + encodeURIComponent(S.office) + "/alert", { active: active }); },
    });
  }

  S.drawings.airRaid = draw;
  document.addEventListener("DOMContentLoaded", function () {
    $("air-raid-start").addEventListener("click", function () { ask(true); });
    $("air-raid-end").addEventListener("click", function () { ask(false); });
    $("air-raid-day-close").addEventListener("click", askDayClose);
  });
})();
