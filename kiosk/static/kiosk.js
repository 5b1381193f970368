// The kiosk page: categories → services (or search: kiosk-search.js), priority, a confirmation
// when the wait is long, then the ticket with its QR code (kiosk-ticket.js) until the printer
// confirms. A double tap issues one ticket (the same Idempotency-Key), and a
// double tap's second touch never answers the next screen: its buttons stay
// disabled for a moment after it appears. A minute without a touch brings the
// start screen back. «Я записаний(а)» checks a booking in by its code, typed on
// the screen's keys or sent by a QR scanner that types like a keyboard (kiosk-checkin.js).
// «Додати ще послугу» puts more services on the same ticket (one visit, one
// number), up to the office's `max_services` choices (a package is one; kiosk-visit.js); a
// package shows its steps and the whole visit's least time before the visitor
// answers the priority question, which takes the ticket. In an air-raid alert
// the shelter screen stands instead of the menu (kiosk-alert.js). Each screen's heading takes the
// focus; before the idle time ends a warning offers more; accessible mode speaks (kiosk-access.js).
(function () {
  "use strict";
  const root = document.getElementById("kiosk");
  const office = root.dataset.office;
  const storageKey = "cherga.kiosk." + office;
  // a minute without a touch brings the start back (?idle=SECONDS changes it, for trials and tests)
  const idleSeconds = Number(new URLSearchParams(location.search).get("idle")) || 60;
  const IDLE_MS = idleSeconds * 1000;
  const TICKET_FAILED_MS = IDLE_MS * 2;
  const i18n = window.ChergaI18n;
  const state = {
    token: localStorage.getItem(storageKey),
    lang: "uk",
    office: null, categories: [], services: [], priorities: [],
    path: [], service: null, priority: null, answered: false, flowKey: null, ticket: null,
    chosen: [], adding: false,  // the services of the ticket to take, in order; the menu is open to add one more
    visits: {},  // a package's whole-visit estimate, by code, as the wait endpoint last gave it
    results: {},  // print results by job: the agent may answer before the issuing request returns
    code: "", scanned: "", checkingIn: false,  // the check-in: the code on the screen, the scanner's keys since its last Enter
  };
  const access = window.ChergaKioskAccess({
    t: function (key, values) { return i18n.t(key, values); },
    office: office,
    lang: function () { return state.lang; },
    token: function () { return state.token; },
  });
  const airRaid = window.ChergaKioskAlert({
    t: function (key) { return i18n.t(key); },
    office: function () { return state.office; },
    lang: function () { return state.lang; },
    // a refusal on the screen (a tap in flight when the alert began) stays until its button or the idle time: it says why
    onChange: function (active) {
      if (active && root.dataset.screen !== "error" && root.dataset.screen !== "pair") show("alert");
      else if (!active && root.dataset.screen === "alert") start();
    },
  });
  const ticketScreen = window.ChergaKioskTicket({  // the ticket on the screen and its printing (kiosk-ticket.js)
    state: state, t: function (key, values) { return i18n.t(key, values); }, show: show, resetIdle: resetIdle,
    say: function (words) { access.say(words); },
  });
  const checkIn = window.ChergaKioskCheckIn({  // «Я записаний(а)» and a phone's ticket arriving (kiosk-checkin.js)
    root: root, office: office, state: state, t: function (key, values) { return i18n.t(key, values); },
    api: api, show: show, resetIdle: resetIdle, tile: tile, say: function (words) { access.say(words); },
    serviceName: serviceName, showTicket: ticketScreen.show, hhmm: ticketScreen.hhmm,
  });
  const visit = window.ChergaKioskVisit({  // the ticket's services, «Додати ще послугу», a package's steps (kiosk-visit.js)
    office: office, state: state, t: function (key, values) { return i18n.t(key, values); },
    api: api, show: show, tile: tile, name: name, serviceName: serviceName, renderTiles: renderTiles, askPriority: askPriority,
  });
  // A double touch comes within ~300 ms; the next screen's buttons wait this long before they take a tap.
  const SETTLE_MS = 450;
  let settling = [];
  let settleTimer = null;

  function $(id) { return document.getElementById(id); }
  function name(item) { return state.lang === "en" ? item.name_en : item.name; }
  function serviceName(code) {
    const service = (state.services || []).find(function (each) { return each.code === code; });
    return service ? name(service) : code;
  }

  function show(screen) {
    document.querySelectorAll(".screen").forEach(function (section) { section.hidden = section.id !== "screen-" + screen; });
    root.dataset.screen = screen;
    $("help").hidden = !state.token;
    settle();
    resetIdle();
    access.land($("screen-" + screen));
  }

  // What appeared under the visitor's finger must not take the second touch of a double tap.
  function settle() {
    const screen = document.getElementById("screen-" + root.dataset.screen);
    if (!screen) return;
    screen.querySelectorAll("button:not([disabled])").forEach(function (button) {
      button.disabled = true;
      settling.push(button);
    });
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      settling.forEach(function (button) { button.disabled = false; });
      settling = [];
    }, SETTLE_MS);
  }

  function resetIdle() {
    const screen = root.dataset.screen;
    if (screen === "pair" || screen === "alert" || (screen === "services" && state.path.length === 0 && !$("search").value && !state.adding)) {
      access.stop();
      return;
    }
    const failed = screen === "ticket" && $("print-state").classList.contains("failed");
    access.arm(failed ? TICKET_FAILED_MS : IDLE_MS, nextVisitor);  // a warning with «Ще час» comes first (kiosk-access.js)
  }

  function translatePage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = i18n.t(node.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) { node.placeholder = i18n.t(node.dataset.i18nPlaceholder); });
    document.querySelectorAll("[data-i18n-alt]").forEach(function (node) { node.alt = i18n.t(node.dataset.i18nAlt); });
    document.querySelectorAll("[data-i18n-aria-label]").forEach(function (node) { node.setAttribute("aria-label", i18n.t(node.dataset.i18nAriaLabel)); });
    if (state.office) $("office-name").textContent = name(state.office);
    airRaid.render();
  }

  async function api(path, options) {
    const headers = Object.assign({ "Content-Type": "application/json" }, (options && options.headers) || {});
    if (state.token) headers.Authorization = "Bearer " + state.token;
    let response;
    try {
      response = await fetch("/api/v1" + path, Object.assign({}, options, { headers: headers }));
    } catch (error) {  // the browser's own words ("Failed to fetch") mean nothing to a visitor
      throw Object.assign(new Error("no connection to the server"), { status: 0 });
    }
    const body = response.status === 204 ? null : await response.json();
    if (!response.ok) {
      const error = (body && body.error) || {};
      throw Object.assign(new Error(error.message || response.statusText), { status: response.status, code: error.code, details: error.details });
    }
    return body;
  }

  function tile(label, kind, onTap) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = kind;
    button.textContent = label;
    button.addEventListener("click", onTap);
    return button;
  }

  // A service's tile: while adding to a ticket, one that is chosen (or cannot join it) stays on screen, not tappable.
  // One out of tickets now is greyed with the reason (kiosk-caps.js); a tap still goes on and the server explains.
  function serviceTile(service) {
    const button = tile(name(service), "service", function () { chooseService(service); });
    button.dataset.service = service.code;
    if (state.adding && !visit.addable(service)) {
      button.disabled = true;
      button.classList.add("taken");
      if (visit.isChosen(service)) button.textContent = "✓ " + name(service);
    }
    const soldOut = window.ChergaKioskCaps.soldOut(visit.stepsOf(service));
    if (soldOut) {
      button.classList.add("sold-out");
      const note = document.createElement("small");
      note.className = "sold-out-note";
      note.textContent = soldOut;
      button.append(note);
    }
    return button;
  }

  function renderTiles() {
    const tiles = $("tiles");
    tiles.replaceChildren();
    const query = $("search").value.trim();
    let shown = 0;
    if (query) {
      state.services.filter(function (service) {
        return window.ChergaKioskSearch.matches(service.name, query) || window.ChergaKioskSearch.matches(service.name_en, query);
      }).forEach(function (service) { tiles.append(serviceTile(service)); shown++; });
    } else {
      const parent = state.path.length ? state.path[state.path.length - 1] : null;
      state.categories.filter(function (category) { return category.parent === parent; }).forEach(function (category) {
        tiles.append(tile(name(category), "category", function () {
          state.path.push(category.code); renderTiles(); settle(); resetIdle();
          access.land($("screen-services"));  // the tapped tile is gone: the heading, then the category's name
          access.say(name(category));
        }));
        shown++;
      });
      if (parent !== null) {
        state.services.filter(function (service) { return service.category === parent; }).forEach(function (service) {
          tiles.append(serviceTile(service));
          shown++;
        });
      }
    }
    $("no-results").hidden = shown > 0;
    $("back").hidden = state.path.length === 0 && !query;
    $("checkin-open").hidden = state.path.length > 0 || !!query || state.adding;
    $("adding").hidden = !state.adding;
  }

  function start() {
    state.path = []; state.service = null; state.priority = null; state.answered = false; state.flowKey = null; state.ticket = null;
    state.chosen = []; state.adding = false;
    state.code = ""; state.scanned = ""; state.checkingIn = false;
    $("search").value = "";
    renderTiles();
    show(!state.token ? "pair" : airRaid.active() ? "alert" : "services");
    if (state.token && state.office) {  // each new visitor sees which services are out of tickets now
      window.ChergaKioskCaps.refresh(api, office, state.office.timezone).then(function (changed) {
        if (changed && root.dataset.screen === "services") renderTiles();
      });
    }
  }

  // The idle time ran out: that visitor has gone, and the next meets the kiosk as it stands, in Ukrainian
  // and out of accessible mode (the visitor's own «На початок» keeps both: it is still their turn).
  // Back at the start at once; the Ukrainian words follow as soon as the server gives them (at once, unless it is away).
  async function nextVisitor() {
    access.end();
    start();
    if (state.lang !== "uk") await switchLanguage("uk");
  }

  function chooseService(service) {
    if (root.dataset.screen !== "services") return;  // a touch that arrives after the menu went away
    if (state.adding) { visit.addService(service); return; }
    state.chosen = [service];
    askPriority();
  }

  // The priority question under the services chosen so far: its answer takes the ticket.
  function askPriority() {
    state.service = state.chosen[0];  // the visit begins with it: its wait is the one asked before issuing
    state.priority = null;
    state.answered = false;
    state.adding = false;
    // one key per set of services: a list changed after a refused tap is another ticket
    state.flowKey = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    renderPriorities();
    visit.renderChosen();
    show("priority");
  }

  function renderPriorities() {
    const list = $("priorities");
    list.replaceChildren(tile(i18n.t("kiosk.priority.none"), "service", function () { choosePriority(null); }));
    state.priorities.forEach(function (priority) {
      list.append(tile(name(priority), "priority", function () { choosePriority(priority.code); }));
    });
  }

  async function choosePriority(code) {
    if (state.answered) return;  // a second touch of the same answer
    state.answered = true;
    state.priority = code;
    try {
      const wait = await api("/offices/" + office + "/services/" + state.service.code + "/wait");
      const noDesk = wait.estimate === "no_desk_open";
      if (wait.long || (noDesk && wait.people_ahead > 0)) {
        $("confirm-text").textContent = noDesk
          ? i18n.t("kiosk.wait.no_desk", { ahead: wait.people_ahead })
          : i18n.t("kiosk.wait.long", { ahead: wait.people_ahead, minutes: wait.estimated_wait_minutes });
        show("confirm");
        return;
      }
    } catch (error) { /* the estimate is advice: issue anyway */ }
    issue();
  }

  async function issue() {
    const buttons = document.querySelectorAll("#screen-priority button, #screen-confirm button");
    buttons.forEach(function (button) { button.disabled = true; });
    try {
      const chosen = state.chosen.length ? state.chosen : [state.service];
      const services = chosen.length > 1 ? { services: chosen.map(function (each) { return each.code; }) } : { service: chosen[0].code };
      const ticket = await api("/offices/" + office + "/tickets", {
        method: "POST",
        headers: { "Idempotency-Key": state.flowKey },
        body: JSON.stringify(Object.assign(services, { priority: state.priority, lang: state.lang })),
      });
      ticketScreen.show(ticket);
    } catch (error) {
      console.error("issuing failed:", error.message);
      if (window.ChergaKioskHours.explain(error, { office: state.office, lang: state.lang, show: show })) return;  // kiosk-hours.js
      const advice = window.ChergaKioskCaps.explain(error, state.office && state.office.timezone);  // a cap's refusal titles the screen (kiosk-caps.js)
      $("error-detail").textContent = error.status === 0 ? i18n.t("kiosk.error.offline")
        : error.code === "air_raid" ? i18n.t("kiosk.error.air_raid")
        : error.code === "paper_mode" ? i18n.t("kiosk.paper.title") : advice;
      show("error");
    } finally {
      buttons.forEach(function (button) { button.disabled = false; });
    }
  }

  // «Покличте працівника до мене»: the office's staff pages show the kiosk's name and the time until one answers.
  const HELP_SHOWN_MS = 120000;  // the confirmation stays on the bar for two minutes, whoever stands there
  let asking = false;
  async function askForHelp() {
    if (asking) return;  // a double tap calls once
    asking = true;
    try {
      await api("/offices/" + office + "/help-requests", { method: "POST", body: "{}" });
      $("help-state").textContent = i18n.t("kiosk.help.sent");
      setTimeout(function () { $("help-state").textContent = ""; }, HELP_SHOWN_MS);
    } catch (error) {
      console.error("help request refused:", error.status, error.message);
      $("help-state").textContent = i18n.t("kiosk.help.failed");
    } finally {
      asking = false;
    }
    access.cut();  // the answer to what the visitor just did comes before anything still being said
    access.say($("help-state").textContent);
    resetIdle();
  }

  async function pair(token) {
    state.token = token;
    try {
      const me = await api("/auth/me");
      if (me.kind !== "device" || me.role !== "kiosk" || me.offices.indexOf(office) < 0) throw new Error("wrong device");
      localStorage.setItem(storageKey, token);
      return true;
    } catch (error) {
      state.token = null;
      localStorage.removeItem(storageKey);
      return false;
    }
  }

  // The kiosk's own connection (its print results), by the live pages' one client:
  // it reconnects forever, says when the server is away, and stops when revoked.
  function connect() {
    const paper = window.ChergaKioskPaper();  // the office's stream says when its kiosks are on the paper roll
    const socket = window.ChergaLive({
      token: state.token,
      office: office,  // its public stream: the paper roll (kiosk-paper.js) and the air-raid state (kiosk-alert.js)
      onSnapshot: function (snapshot) { paper.snapshot(snapshot); airRaid.onSnapshot(snapshot); },
      onEvent: function (message) { paper.event(message); airRaid.onEvent(message); },
      onConnect: function (live) { live.emit("kiosk.watch", {}); },
      onConnection: function (online) { $("offline").hidden = online; },
      onRevoked: function () { // a revoked kiosk stops at once and says so; a new token pairs it again
        state.token = null;
        localStorage.removeItem(storageKey);
        $("offline").hidden = true;
        show("pair");
        $("pair-error").textContent = i18n.t("kiosk.revoked");
      },
    });
    socket.on("print.result", ticketScreen.printResult);
  }

  async function loadOffice() {
    const [officeInfo, categories, services, priorities] = await Promise.all([
      api("/offices/" + office), api("/offices/" + office + "/categories"),
      api("/offices/" + office + "/services"), api("/priorities"),
    ]);
    state.office = officeInfo; state.categories = categories; state.services = services; state.priorities = priorities;
  }

  $("pair-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    if (await pair($("pair-token").value.trim())) { await begin(); } else { $("pair-error").textContent = i18n.t("kiosk.pair.wrong"); }
  });
  $("search").addEventListener("input", function () { renderTiles(); resetIdle(); });
  $("back").addEventListener("click", function () {
    if ($("search").value) { $("search").value = ""; } else { state.path.pop(); }
    renderTiles(); settle(); resetIdle();
    access.land($("screen-services"));
  });
  $("confirm-yes").addEventListener("click", issue);
  $("add-service").addEventListener("click", visit.openAdding);
  $("adding-cancel").addEventListener("click", function () { if (state.adding) askPriority(); });
  $("checkin-open").addEventListener("click", checkIn.open);
  $("checkin-submit").addEventListener("click", checkIn.submit);
  document.addEventListener("keydown", checkIn.onKey);
  $("confirm-no").addEventListener("click", start);
  document.querySelectorAll(".home").forEach(function (button) { button.addEventListener("click", start); });
  async function switchLanguage(lang) {
    state.lang = lang;
    await i18n.load(state.lang);
    translatePage(); renderTiles(); checkIn.renderKeys(); renderPriorities(); visit.renderChosen(); settle(); resetIdle();
  }
  $("language").addEventListener("click", function () { switchLanguage(state.lang === "uk" ? "en" : "uk"); });
  $("accessible").addEventListener("click", function () { access.toggle(); resetIdle(); });
  $("help").addEventListener("click", askForHelp);
  ["pointerdown", "keydown"].forEach(function (kind) { document.addEventListener(kind, resetIdle, { passive: true }); });

  async function begin() {
    await loadOffice();
    translatePage();
    checkIn.renderKeys();
    connect();
    start();
  }

  i18n.load(state.lang).then(async function () {
    translatePage();
    if (state.token && await pair(state.token)) { await begin(); } else { show("pair"); }
  });
})();
