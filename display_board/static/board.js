// The hall board: the newest call big, the calls before it beside, a clock in
// the office's time zone, a ticker; every call flashes and is announced.
// While the office's air-raid pause is on (the picture's `air_raid`), the whole
// screen is the shelter message instead; its beginning and its end are said
// once, when the board sees the state change (not when it loads into one).
// It keeps the office's public picture with the same rules as the server's
// projection (snapshot, then events by seq), so after any reconnect it shows
// exactly what the server has.
(function () {
  "use strict";
  const root = document.getElementById("board");
  const office = root.dataset.office;
  const code = root.dataset.board;
  const storageKey = "cherga.display." + office;
  const ANNOUNCED = { "ticket.called": "call", "ticket.recalled": "recall", "ticket.returned": "return" };
  let settings = null;
  let snapshot = null; // the office's public picture, moved forward by ChergaProjection
  const heard = {}; // ticket id → when the hall last heard it called (a recall brings it back to the top)
  let live = null;
  let alertOn = null; // whether the board shows the air-raid screen; null until the first picture

  function $(id) { return document.getElementById(id); }
  function token() { return localStorage.getItem(storageKey); }
  function authHeaders() { return token() ? { Authorization: "Bearer " + token() } : {}; }
  function showOnly(id) {
    ["calls", "idle", "alert", "unknown", "pair"].forEach(function (name) { $(name).hidden = name !== id; });
    document.body.classList.toggle("in-alert", id === "alert");
  }

  function deskOf(id) {
    return settings.desks.find(function (desk) { return desk.id === id; }) || null;
  }
  function shown(ticket) { return window.ChergaBoardRules.shows(settings, ticket); }
  // A recall brings its ticket back to the top: it is the newest thing the hall must hear.
  function shownAt(ticket) { return Date.parse(heard[ticket.id] || ticket.called_at || 0) || 0; }
  function newestFirst(a, b) { return shownAt(b) - shownAt(a) || b.id - a.id; }

  // The air-raid screen, and its spoken beginning or end when the state changed under the board's eyes.
  function renderAlert() {
    const alert = snapshot && snapshot.air_raid ? snapshot.air_raid : { active: false, since: null };
    const changed = alertOn !== null && alertOn !== alert.active;
    alertOn = alert.active;
    root.dataset.alert = alert.active ? "on" : "off";
    if (alert.active) {
      if (settings.shelter) $("alert-shelter").textContent = settings.shelter;
      if (settings.shelter_en) $("alert-shelter-en").textContent = settings.shelter_en;
      $("alert-since").textContent = alert.since ? localTime(new Date(alert.since)) : "";
      showOnly("alert");
    }
    if (changed) announcer.sayAlert(alert.active ? "start" : "end");
    return alert.active;
  }

  function render() {
    if (renderAlert()) return;
    const calls = snapshot ? snapshot.calls : [];
    Object.keys(heard).forEach(function (id) { // forget the calls that left the board: it runs for months
      if (!calls.some(function (ticket) { return String(ticket.id) === id; })) delete heard[id];
    });
    const visible = calls.filter(shown).sort(newestFirst);
    if (visible.length === 0) { showOnly("idle"); return; }
    showOnly("calls");
    const newest = visible[0];
    const desk = deskOf(newest.desk);
    $("newest-number").textContent = newest.number;
    $("newest-desk").textContent = desk.name;
    $("newest-desk-en").textContent = desk.name_en;
    $("newest").dataset.ticket = newest.id;
    $("recent").replaceChildren.apply($("recent"), visible.slice(1, 1 + settings.recent_calls).map(function (ticket) {
      const row = document.createElement("li");
      row.className = ticket.status;
      row.dataset.ticket = ticket.id;
      const number = document.createElement("span");
      number.textContent = ticket.number;
      const to = document.createElement("span");
      to.className = "to";
      to.textContent = "→ " + deskOf(ticket.desk).name;
      row.append(number, to);
      return row;
    }));
  }

  function flash() {
    const panel = $("newest");
    panel.classList.remove("flash");
    void panel.offsetWidth; // restart the animation for a recall of the same ticket
    panel.classList.add("flash");
    root.dataset.flashes = String(Number(root.dataset.flashes || 0) + 1);
  }

  function localTime(at) {
    return new Intl.DateTimeFormat("uk-UA", { timeZone: settings.timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .format(at || new Date());
  }

  const announcer = window.ChergaAnnouncer({
    silent: function () { return window.ChergaBoardRules.silentAt(settings, localTime()); },
    volume: function () { return settings.volume / 100; },
    onBlocked: function () { $("sound").hidden = false; },
    fetchAudio: async function (number, desk) {
      const query = "?number=" + encodeURIComponent(number) + "&desk=" + encodeURIComponent(desk);
      const response = await fetch("/api/v1/offices/" + office + "/boards/" + code + "/announcement.wav" + query, { headers: authHeaders() });
      return response.ok ? response.blob() : null;
    },
    fetchAlert: async function (state) {
      const response = await fetch("/api/v1/offices/" + office + "/boards/" + code + "/alert.wav?state=" + state, { headers: authHeaders() });
      return response.ok ? response.blob() : null;
    },
  });
  window.ChergaBoard = { announcements: announcer.log };

  function onEvent(message) {
    if (snapshot === null) return;
    window.ChergaProjection.apply(snapshot, message);
    const type = message.type;
    if (type === "office.air_raid") { render(); return; }
    if (!type.startsWith("ticket.")) return;
    const view = message.data;
    const reason = ANNOUNCED[type];
    if (reason) heard[view.id] = message.at;
    render();
    if (reason && view.status === "called" && shown(view) && !alertOn) {
      if (!$("calls").hidden && $("newest").dataset.ticket === String(view.id)) flash();
      if (reason !== "recall" || settings.repeat_recall) announcer.say(view.number, view.desk, reason);
    }
  }

  function tick() {
    const now = new Date();
    $("time").textContent = localTime();
    $("date").textContent = new Intl.DateTimeFormat("uk-UA", { timeZone: settings.timezone, weekday: "long", day: "numeric", month: "long" }).format(now);
  }

  // A board runs for months: once a night, when the server answers, it reloads itself.
  function nightlyReload() {
    const wait = 24 * 3600 * 1000 - (Date.now() % (24 * 3600 * 1000)) + 60 * 60 * 1000; // about 01:00 UTC
    setTimeout(async function again() {
      try {
        const answer = await fetch("/healthz", { cache: "no-store" });
        if (answer.ok) { location.reload(); return; }
      } catch (error) { /* offline: try again later */ }
      setTimeout(again, 10 * 60 * 1000);
    }, wait);
  }

  // The board's token was revoked: no more calls, and the words say why (a new token pairs it again).
  function showRevoked() {
    snapshot = null;
    root.dataset.live = "revoked";
    $("offline").hidden = true;
    $("pair-error").hidden = true;
    $("pair-revoked").hidden = false;
    showOnly("pair");
  }

  // Whether a token the server refuses was revoked: its Socket.IO refusal says so.
  function isRevoked(value) {
    return new Promise(function (resolve) {
      const probe = io({ transports: ["websocket", "polling"], auth: { token: value }, reconnection: false, forceNew: true });
      probe.on("connect", function () { probe.disconnect(); resolve(false); });
      probe.on("connect_error", function (error) { probe.close(); resolve(Boolean(error && error.data && error.data.code === "revoked")); });
    });
  }

  function start() {
    document.body.className = settings.orientation;
    $("title").textContent = settings.title;
    $("title-en").textContent = settings.title_en;
    if (settings.ticker) {
      $("ticker-text").textContent = settings.ticker + (settings.ticker_en ? "   ·   " + settings.ticker_en : "");
      $("ticker").hidden = false;
    }
    tick();
    setInterval(tick, 1000);
    showOnly("idle");
    live = window.ChergaLive({
      office: office,
      token: token(),
      onSnapshot: function (fresh) { snapshot = fresh; root.dataset.live = "yes"; render(); },
      onEvent: onEvent,
      onConnection: function (online) { $("offline").hidden = online; },
      onRevoked: showRevoked,
    });
    // tell the server this board is shown, after every (re)connect: the dashboard notices a board gone dark
    live.on("connect", function () { live.emit("board.hello", { office: office, board: code }); });
    nightlyReload();
  }

  async function load() {
    let response;
    try {
      response = await fetch("/api/v1/offices/" + office + "/boards/" + code, { headers: authHeaders(), cache: "no-store" });
    } catch (error) {
      $("offline").hidden = false; // the server is not there yet: try again, forever
      setTimeout(load, 5000);
      return;
    }
    if (response.status === 404) { showOnly("unknown"); return; }
    if (response.status === 401 && token() && await isRevoked(token())) { showRevoked(); return; }
    if (response.status === 401 || response.status === 403) {
      $("pair-revoked").hidden = true;
      $("pair-error").hidden = !token();
      showOnly("pair");
      return;
    }
    if (!response.ok) { setTimeout(load, 5000); return; }
    $("offline").hidden = true;
    settings = await response.json();
    start();
  }

  $("pair-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const value = $("pair-token").value.trim();
    if (!value) return;
    localStorage.setItem(storageKey, value);
    load();
  });
  $("sound").addEventListener("click", function () {
    $("sound").hidden = true; // this click is the gesture the browser wanted
    new Audio().play().catch(function () {});
  });
  load();
})();
