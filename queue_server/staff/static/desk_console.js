// The administrator's desk console: choose the desk once (remembered), then
// work the day from one screen. The picture of the office comes from its staff
// stream (snapshot, then events by seq — the same rules as the server's
// projection), so after a reconnect the console shows exactly what the server
// has. Every action names the ticket the console shows, so a stale screen is
// refused by the server instead of acting on somebody else's visitor.
// A desk open by a colleague is theirs: the console says who has it and
// offers only an explicit take-over; the one who had it is told they lost
// it. An administrator with a desk open is brought back to it on any browser.
(function () {
  "use strict";
  const S = window.ChergaStaff;
  const t = window.ChergaI18n.t;
  // F finishes: it goes on here where the console offers that, else it is the one finish.
  const SHORTCUTS = { n: ["call-next"], s: ["start"], f: ["finish-here", "finish"], r: ["recall"], x: ["no-show"], t: ["transfer"], h: ["hold"], b: ["pause"] };
  const root = document.getElementById("console");
  function $(id) { return document.getElementById(id); }

  if (!root) { // not logged in: the login form
    S.loginForm(); // at once: a click before the catalogue arrives must not submit the form natively
    S.useLanguage();
    return;
  }

  const offices = JSON.parse($("offices").textContent);
  const state = { office: null, desk: null, serviceNames: {}, services: [], deskServices: [], snapshot: null, busy: false, live: null, bookings: null };
  const me = root.dataset.user;
  const choiceKey = "cherga.desk.choice." + me;

  function officeName(office) { return S.lang() === "en" ? office.name_en : office.name; }
  function deskName(desk) { return S.lang() === "en" ? desk.name_en : desk.name; }
  function serviceName(code) { const names = state.serviceNames[code]; return names ? (S.lang() === "en" ? names.en : names.uk) : code; }

  // ---- choosing the desk -------------------------------------------------
  const picker = window.ChergaDeskPicker({  // the offices and desks to choose from, and who holds each (desk-picker.js)
    $: $, t: t, api: S.api, offices: offices, me: me, choiceKey: choiceKey,
    officeName: officeName, deskName: deskName, button: button, begin: begin,
  });
  function button(label, onClick, className) {
    const node = document.createElement("button");
    node.type = "button";
    node.textContent = label;
    if (className) node.className = className;
    node.addEventListener("click", onClick);
    return node;
  }

  async function begin(office, desk) {
    localStorage.setItem(choiceKey, JSON.stringify({ office: office.code, desk: desk.id }));
    state.office = office;
    state.desk = desk;
    $("choose").hidden = true;
    $("work").hidden = false;
    $("change-desk").hidden = offices.length === 1 && office.desks.length === 1;
    $("office-title").textContent = officeName(office);
    $("desk-title").textContent = deskName(desk);
    const services = await S.api("GET", "/offices/" + office.code + "/services");
    services.forEach(function (s) { state.serviceNames[s.code] = { uk: s.name, en: s.name_en }; });
    state.services = services;
    await loadDeskServices();
    fillTransferChoices(services);
    showBookings(office);
    outcomes.show(office);  // the requests served here lately that wait for their outcome date (desk-outcomes.js)
    helpCalls.load(office.code);  // the kiosks' calls for help (help-calls.js)
    if (state.live) state.live.disconnect();
    state.snapshot = null;
    state.live = window.ChergaLive({
      office: office.code,
      onSnapshot: function (snapshot) { state.snapshot = snapshot; render(); refreshToday(); if (state.bookings) state.bookings.refreshSoon(); },
      onEvent: onEvent,
      onConnection: function (online) { $("offline").hidden = online; },
    });
  }

  async function loadDeskServices() {
    try {
      const desks = await S.api("GET", "/offices/" + state.office.code + "/desks/state");
      state.deskServices = desks.find(function (d) { return d.id === state.desk.id; }).services;
    } catch (error) { // the configured profile, where the day's state is not offered
      const desks = await S.api("GET", "/offices/" + state.office.code + "/desks");
      state.deskServices = desks.find(function (d) { return d.id === state.desk.id; }).services;
    }
  }

  // The office's bookings of today below the queue (staff-bookings.js): who booked, who came.
  function showBookings(office) {
    if (state.bookings) state.bookings.stop();
    state.bookings = window.ChergaBookings({
      office: office.code, timezone: office.timezone, serviceName: serviceName,
      table: $("bookings-list"), empty: $("bookings-none"), count: $("bookings-count"), error: $("bookings-error"),
    });
    state.bookings.refresh();
  }

  // ---- the live picture -------------------------------------------------
  function onEvent(message) {
    if (!state.snapshot) return;
    const data = message.data;
    const hadIt = holder() === me;
    window.ChergaProjection.apply(state.snapshot, message);
    if (state.bookings) state.bookings.hear(message);
    if (hadIt && data.id === state.desk.id && message.type === "desk.taken_over" && data.operator !== me) {
      say("", t("desk.console.taken_from_you", { operator: data.operator }));
    }
    if (message.type === "desk.services_changed" && data.id === state.desk.id) loadDeskServices().then(render);
    airRaid.hear(message, say);
    helpCalls.hear(message);
    render();
    if (data.desk === state.desk.id || data.id === state.desk.id) refreshToday();
    if ((message.type === "ticket.finished" || message.type === "ticket.routed") && data.desk === state.desk.id) outcomes.refresh();
  }

  function myDesk() { return state.snapshot.desks.find(function (d) { return d.id === state.desk.id; }); }
  // Who works this desk now: nobody when it is closed.
  function holder() {
    const desk = state.snapshot && myDesk();
    return desk && desk.status !== "closed" ? desk.operator || null : null;
  }
  function takenBy() { const who = holder(); return who && who !== me ? who : null; }
  function visitor() { return state.snapshot.calls.find(function (c) { return c.desk === state.desk.id; }) || null; }
  function waitingForMe() {
    return state.snapshot.waiting.filter(function (ticket) {
      if (ticket.held) return ticket.desk === state.desk.id;
      if (ticket.target_desk) return ticket.target_desk === state.desk.id;
      return state.deskServices.indexOf(ticket.service) >= 0;
    });
  }

  function show(id, visible, enabled) {
    $(id).hidden = !visible;
    $(id).disabled = !enabled || state.busy;
  }

  function render() {
    if (!state.snapshot) return;
    const desk = myDesk();
    const current = visitor();
    const status = desk ? desk.status : "closed";
    const taken = takenBy();
    const open = status === "open" && !taken;
    $("desk-state").dataset.status = taken ? "taken" : status;
    $("desk-state").textContent = taken
      ? t("desk.console.taken", { operator: taken })
      : status === "paused"
        ? t("desk.console.state.paused", { reason: t("desk.reason." + (desk.reason || "other")) })
        : t("desk.console.state." + status);
    root.dataset.status = status;
    root.dataset.taken = taken || "";
    root.dataset.visitor = current ? current.status : "";
    root.dataset.busy = state.busy ? "yes" : ""; // an action on its way: the buttons wait for its answer
    show("open", status === "closed", true);
    show("resume", status === "paused" && !taken, true);
    const paused = airRaid.render(state.snapshot); // an air-raid alert: no calling, the visit at the desk goes on
    show("call-next", open, open && !current);
    airRaid.pauseButton("call-next", paused);
    show("start", open && !!current, !!current && current.status === "called");
    visit.render(current, open, state.busy);
    paper.render(current, open, state.busy);
    show("recall", open && !!current, !!current && current.status === "called");
    show("no-show", open && !!current, !!current && current.status === "called");
    show("transfer", open && !!current, !!current);
    show("hold", open && !!current, !!current);
    show("pause", open, !current);
    show("close", status !== "closed" && !taken, !current);
    show("take-over", !!taken, true);
    $("visitor").hidden = !current;
    $("no-visitor").hidden = !!current || status === "closed";
    if (current) {
      $("visitor-number").textContent = current.number;
      $("visitor-service").textContent = serviceName(current.service);
      $("visitor-status").textContent = t("desk.console.status." + current.status);
      $("visitor-priority").hidden = !current.priority;
      $("visitor-priority").textContent = t("desk.console.priority");
      $("visitor-note").hidden = !current.note;
      $("visitor-note").textContent = current.note || "";
      tick();
    }
    renderWaiting(open && !current, paused);
  }

  function renderWaiting(free, paused) {
    const rows = waitingForMe().map(function (ticket) {
      const row = document.createElement("tr");
      row.className = (ticket.priority ? "priority " : "") + (ticket.held ? "held " : "") + (ticket.awaiting_arrival ? "remote-away" : "");
      row.dataset.ticket = ticket.id;
      // a remote ticket not yet at the office keeps its place, but call-next passes it by
      const number = ticket.awaiting_arrival ? ticket.number + " · " + t("desk.console.remote_away") : ticket.number;
      [number, serviceName(ticket.service), String(S.minutesSince(ticket.issued_at))].forEach(function (text) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.appendChild(cell);
      });
      const mark = visit.mark(ticket); // a visit in progress: «2/3», served here once already
      if (mark) { row.classList.add("in-visit"); row.firstChild.append(" ", mark); }
      const action = document.createElement("td");
      const act = ticket.held
        ? button(t("desk.console.return"), function () { act("return", { ticket: ticket.id }); })
        : button(t("desk.console.out_of_turn"), function () { askOutOfTurn(ticket); }, "secondary");
      act.disabled = !free || state.busy;
      if (!ticket.held) airRaid.pauseButton(act, paused); // calling out of turn is calling
      action.appendChild(act);
      row.appendChild(action);
      return row;
    });
    $("waiting-list").replaceChildren.apply($("waiting-list"), rows);
    $("waiting-count").textContent = rows.length;
    $("nobody").hidden = rows.length > 0;
  }

  function tick() {
    const current = state.snapshot && visitor();
    if (current) $("visitor-timer").textContent = S.clock(current.started_at || current.called_at);
  }

  // Events come in bursts: answers to the figures' requests may arrive out of order,
  // and only the answer to the latest request may be shown.
  let todayAsked = 0;

  async function refreshToday() {
    const asked = ++todayAsked;
    try {
      const today = await S.api("GET", "/desks/" + state.desk.id + "/today");
      if (asked !== todayAsked) return;
      $("served").textContent = window.ChergaI18n.number(today.served, 0);
      $("no-shows").textContent = window.ChergaI18n.number(today.no_shows, 0);
      const minutes = function (value) { return value === null ? "—" : window.ChergaI18n.number(value, 1); };
      $("avg-service").textContent = minutes(today.average_service_minutes);
      $("avg-wait").textContent = minutes(today.average_wait_minutes);
    } catch (error) { /* the figures wait for the next change */ }
  }

  // ---- actions -----------------------------------------------------------
  function say(error, notice) {
    $("message").textContent = error || "";
    $("notice").textContent = notice || "";
  }

  // `refused(error)`, where given, has the words for a refusal the action expects (a visit's rule, not a stale screen).
  async function act(action, body, refused) {
    if (state.busy) return null; // a double press acts once
    state.busy = true;
    say();
    render();
    try {
      const answer = await S.api("POST", "/desks/" + state.desk.id + "/" + action, body || {});
      if (action === "call-next" && answer === null) say("", t("desk.console.nobody_called"));
      return answer;
    } catch (error) {
      const words = (refused ? refused(error) : null) || airRaid.refused(error);
      if (words) say(words);
      else if (error.code === "desk_taken") say(t("desk.console.taken", { operator: (error.details || {}).operator || "?" }));
      else say(error.status === 409 ? t("desk.console.called_by_other") + " (" + error.message + ")" : t("staff.error", { message: error.message }));
      return null;
    } finally {
      state.busy = false;
      render();
    }
  }

  function currentRef() { const current = visitor(); return current ? { ticket: current.id } : {}; }

  const ACTIONS = {
    "open": function () { act("open"); },
    "resume": function () { act("resume"); },
    "call-next": function () { act("call-next"); },
    "start": function () { act("start", currentRef()); },
    "recall": function () { act("recall", currentRef()); },
    "no-show": function () { act("no-show", currentRef()); },
    "hold": function () { act("hold", currentRef()); },
    "transfer": function () { $("transfer-error").textContent = ""; $("transfer-dialog").showModal(); },
    "pause": function () { $("pause-dialog").showModal(); },
    "close": function () { if (window.confirm(t("desk.console.close.confirm"))) act("close"); },
    "take-over": function () {
      const from = takenBy();
      if (window.confirm(t("desk.console.take_over.confirm", { operator: from || "?" }))) act("take-over");
    },
  };
  const helpCalls = window.ChergaHelpCalls({
    t: t, api: S.api, panel: $("help-calls"),
    hhmm: function (iso) { return window.ChergaI18n.hhmm(iso, state.office && state.office.timezone); },
  });
  const airRaid = window.ChergaDeskAlert({ $: $, t: t, timezone: function () { return state.office && state.office.timezone; } });
  const visit = window.ChergaDeskVisit({
    $: $, t: t, act: act, show: show, render: render, visitor: visitor, currentRef: currentRef, serviceName: serviceName,
    deskServices: function () { return state.deskServices; }, services: function () { return state.services; },
  });
  Object.assign(ACTIONS, visit.actions);
  const paper = window.ChergaDeskPaper({  // «Паперовий талон»: a number of the office's paper roll, called here
    $: $, t: t, act: act, show: show, serviceName: serviceName, office: function () { return state.office.code; },
    deskServices: function () { return state.deskServices; },
  });
  Object.assign(ACTIONS, paper.actions);
  const outcomes = window.ChergaDeskOutcomes({ $: $, t: t, serviceName: serviceName });
  Object.keys(ACTIONS).forEach(function (id) { $(id).addEventListener("click", ACTIONS[id]); });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || document.querySelector("dialog[open]")) return;
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
    const id = (SHORTCUTS[event.key.toLowerCase()] || []).find(function (each) { return !$(each).hidden; });
    if (id && !$(id).disabled) { event.preventDefault(); ACTIONS[id](); }
  });

  function fillTransferChoices(services) {
    const same = function () { const o = document.createElement("option"); o.value = ""; o.textContent = t("desk.console.transfer.same"); return o; };
    const option = function (value, label) { const o = document.createElement("option"); o.value = value; o.textContent = label; return o; };
    $("transfer-service").replaceChildren.apply($("transfer-service"), [same()].concat(services.map(function (s) { return option(s.code, serviceName(s.code)); })));
    $("transfer-desk").replaceChildren.apply($("transfer-desk"), [same()].concat(state.office.desks
      .filter(function (d) { return d.id !== state.desk.id; })
      .map(function (d) { return option(d.id, deskName(d)); })));
  }

  $("transfer-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const service = $("transfer-service").value || null;
    const desk = $("transfer-desk").value || null;
    if (!service && !desk) { $("transfer-error").textContent = t("desk.console.transfer.empty"); return; }
    $("transfer-dialog").close();
    const note = $("transfer-note").value.trim() || null;
    await act("transfer", Object.assign(currentRef(), { service: service, desk: desk, note: note }));
    $("transfer-note").value = "";
  });

  // The reasons for a break are the server's (GET /api/v1/constants, read with the language).
  function fillPauseReasons() {
    $("pause-reasons").replaceChildren.apply($("pause-reasons"), S.constants.pause_reasons.map(function (reason) {
      const node = button("", function () { $("pause-dialog").close(); act("pause", { reason: reason }); });
      node.dataset.i18n = "desk.reason." + reason;
      node.dataset.reason = reason;
      return node;
    }));
    S.translatePage();
  }

  let outOfTurn = null;
  function askOutOfTurn(ticket) {
    outOfTurn = ticket;
    $("out-of-turn-number").textContent = ticket.number;
    $("out-of-turn-reason").value = "";
    $("out-of-turn-dialog").showModal();
  }
  $("out-of-turn-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const reason = $("out-of-turn-reason").value.trim();
    if (!reason || !outOfTurn) return;
    $("out-of-turn-dialog").close();
    act("call-ticket", { ticket: outOfTurn.id, reason: reason });
  });

  $("password").addEventListener("click", function () { $("password-error").textContent = ""; $("password-dialog").showModal(); });
  $("password-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    try {
      await S.api("POST", "/auth/password", { current_password: $("current-password").value, new_password: $("new-password").value });
      $("password-dialog").close();
      say("", t("staff.password.done"));
    } catch (error) {
      $("password-error").textContent = error.message;
    }
    $("current-password").value = "";
    $("new-password").value = "";
  });

  document.querySelectorAll(".dialog-cancel").forEach(function (node) {
    node.addEventListener("click", function () { node.closest("dialog").close(); });
  });
  $("change-desk").addEventListener("click", function () { picker.choose(state.office); });
  $("logout").addEventListener("click", S.logout);
  $("language").addEventListener("click", async function () {
    await S.useLanguage(S.lang() === "en" ? "uk" : "en");
    $("language").textContent = S.lang() === "en" ? "Українська" : "English";
    if (state.office) { $("office-title").textContent = officeName(state.office); $("desk-title").textContent = deskName(state.desk); refreshToday(); }
    if (state.bookings) state.bookings.draw();
    outcomes.draw();
    render();
  });

  setInterval(tick, 1000);
  S.useLanguage().then(function () {
    fillPauseReasons();
    $("language").textContent = S.lang() === "en" ? "Українська" : "English";
    picker.openByMe().then(function (mine) {
      const saved = mine || picker.remembered();
      if (saved) begin(saved.office, saved.desk); else picker.choose(null);
    });
  });
})();
