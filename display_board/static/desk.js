// The desk display: the desk's name and its current ticket, or closed / break /
// free. It follows the office's public stream like the hall board does. While
// the office's air-raid pause is on, it shows the shelter message instead (the
// office's own directions, read once from GET /api/v1/offices/OFFICE).
(function () {
  "use strict";
  const root = document.getElementById("desk");
  const office = root.dataset.office;
  const deskId = root.dataset.desk;
  const AT_DESK = window.ChergaProjection.AT_DESK;
  // The events that bring a visitor to the desk: a visit going on at the desk
  // (ticket.continued), a step skipped or added (ticket.steps_changed) or the
  // service started keep the same visitor there, so the number does not flash.
  const CALLS = ["ticket.called", "ticket.recalled", "ticket.returned"];
  let desk = null;
  let snapshot = null;

  function $(id) { return document.getElementById(id); }

  let officeFacts = null; // the office's public facts: its shelter directions and time zone

  function renderAlert() {
    const alert = snapshot && snapshot.air_raid ? snapshot.air_raid : { active: false, since: null };
    $("alert").hidden = !alert.active;
    root.hidden = alert.active;
    document.body.dataset.alert = alert.active ? "on" : "off";
    if (!alert.active) return false;
    if (officeFacts && officeFacts.shelter) $("alert-shelter").textContent = officeFacts.shelter;
    if (officeFacts && officeFacts.shelter_en) $("alert-shelter-en").textContent = officeFacts.shelter_en;
    $("alert-since").textContent = !alert.since ? "" : new Intl.DateTimeFormat("uk-UA", {
      timeZone: officeFacts ? officeFacts.timezone : undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).format(new Date(alert.since));
    return true;
  }

  function render() {
    if (renderAlert()) return;
    ["closed", "break", "free", "unknown"].forEach(function (state) { $("state-" + state).hidden = true; });
    if (desk === null) { $("state-unknown").hidden = false; $("ticket").textContent = ""; return; }
    $("name").textContent = desk.name;
    $("name-en").textContent = desk.name_en;
    root.dataset.status = desk.status;
    $("ticket").textContent = desk.status === "closed" ? "" : desk.ticket || "";
    if (desk.status === "closed") $("state-closed").hidden = false;
    else if (desk.status === "paused" && !desk.ticket) $("state-break").hidden = false;
    else if (!desk.ticket) $("state-free").hidden = false;
  }

  function flash() {
    $("ticket").classList.remove("flash");
    void $("ticket").offsetWidth;
    $("ticket").classList.add("flash");
  }

  function find() { return snapshot.desks.find(function (item) { return item.id === deskId; }) || null; }

  fetch("/api/v1/offices/" + encodeURIComponent(office), { cache: "no-store" }).then(function (answer) {
    return answer.ok ? answer.json() : null;
  }).then(function (facts) { officeFacts = facts; if (snapshot !== null) render(); }).catch(function () { /* the general line stands in */ });

  window.ChergaLive({
    office: office,
    onSnapshot: function (fresh) {
      snapshot = fresh;
      desk = find();
      render();
    },
    onEvent: function (message) {
      if (snapshot === null) return;
      window.ChergaProjection.apply(snapshot, message); // the server's rules, on the public picture
      desk = find();
      const view = message.data;
      const calledHere = CALLS.indexOf(message.type) >= 0 && AT_DESK.indexOf(view.status) >= 0 && view.desk === deskId;
      if (calledHere) flash();
      render();
    },
    onRefused: function () { desk = null; render(); }, // no such office
    onConnection: function (online) { $("offline").hidden = online; },
  });
})();
