// The kiosk page: categories → services (or search), priority, a confirmation
// when the wait is long, then the ticket with its QR code until the printer
// confirms. A double tap issues one ticket (the same Idempotency-Key), and a
// double tap's second touch never answers the next screen: its buttons stay
// disabled for a moment after it appears. A minute without a touch brings the
// start screen back.
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
    results: {},  // print results by job: the agent may answer before the issuing request returns
  };
  let idleTimer = null;
  // A double touch comes within ~300 ms; the next screen's buttons wait this long before they take a tap.
  const SETTLE_MS = 450;
  let settling = [];
  let settleTimer = null;

  function $(id) { return document.getElementById(id); }
  function name(item) { return state.lang === "en" ? item.name_en : item.name; }

  function show(screen) {
    document.querySelectorAll(".screen").forEach(function (section) { section.hidden = section.id !== "screen-" + screen; });
    root.dataset.screen = screen;
    settle();
    resetIdle();
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
    clearTimeout(idleTimer);
    const screen = root.dataset.screen;
    if (screen === "pair" || (screen === "services" && state.path.length === 0 && !$("search").value)) return;
    const failed = screen === "ticket" && $("print-state").classList.contains("failed");
    idleTimer = setTimeout(start, failed ? TICKET_FAILED_MS : IDLE_MS);
  }

  function translatePage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = i18n.t(node.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach(function (node) { node.placeholder = i18n.t(node.dataset.i18nPlaceholder); });
    if (state.office) $("office-name").textContent = name(state.office);
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
    if (!response.ok) throw Object.assign(new Error((body && body.error && body.error.message) || response.statusText), { status: response.status });
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

  // Search: a title matches when it holds the query as typed, or when each word typed
  // matches a word of the title by its stem, so «закордонний» finds «закордонного паспорта».
  function fold(text) {
    return text.toLowerCase().replace(/['’ʼ`]/g, "").replace(/ґ/g, "г").replace(/ї/g, "і").replace(/й/g, "и").replace(/ё/g, "е");
  }

  function words(text) { return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  function sameStem(typed, word) {
    if (typed.length <= 4) return word.startsWith(typed);  // still typing: a prefix
    const stem = Math.max(4, typed.length - 3);  // Ukrainian endings change the last letters
    return word.length >= stem && word.slice(0, stem) === typed.slice(0, stem);
  }

  function matches(title, query) {
    if (fold(title).includes(fold(query))) return true;
    const titleWords = words(title);
    const typed = words(query);
    return typed.length > 0 && typed.every(function (word) { return titleWords.some(function (other) { return sameStem(word, other); }); });
  }

  function renderTiles() {
    const tiles = $("tiles");
    tiles.replaceChildren();
    const query = $("search").value.trim();
    let shown = 0;
    if (query) {
      state.services.filter(function (service) {
        return matches(service.name, query) || matches(service.name_en, query);
      }).forEach(function (service) { tiles.append(tile(name(service), "service", function () { chooseService(service); })); shown++; });
    } else {
      const parent = state.path.length ? state.path[state.path.length - 1] : null;
      state.categories.filter(function (category) { return category.parent === parent; }).forEach(function (category) {
        tiles.append(tile(name(category), "category", function () { state.path.push(category.code); renderTiles(); settle(); resetIdle(); }));
        shown++;
      });
      if (parent !== null) {
        state.services.filter(function (service) { return service.category === parent; }).forEach(function (service) {
          tiles.append(tile(name(service), "service", function () { chooseService(service); }));
          shown++;
        });
      }
    }
    $("no-results").hidden = shown > 0;
    $("back").hidden = state.path.length === 0 && !query;
  }

  function start() {
    state.path = []; state.service = null; state.priority = null; state.answered = false; state.flowKey = null; state.ticket = null;
    $("search").value = "";
    renderTiles();
    show(state.token ? "services" : "pair");
  }

  function chooseService(service) {
    state.service = service;
    state.priority = null;
    state.answered = false;
    state.flowKey = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    const list = $("priorities");
    list.replaceChildren(tile(i18n.t("kiosk.priority.none"), "service", function () { choosePriority(null); }));
    state.priorities.forEach(function (priority) {
      list.append(tile(name(priority), "priority", function () { choosePriority(priority.code); }));
    });
    $("priority-service").textContent = name(service);
    show("priority");
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
      const ticket = await api("/offices/" + office + "/tickets", {
        method: "POST",
        headers: { "Idempotency-Key": state.flowKey },
        body: JSON.stringify({ service: state.service.code, priority: state.priority, lang: state.lang }),
      });
      showTicket(ticket);
    } catch (error) {
      console.error("issuing failed:", error.message);
      $("error-detail").textContent = error.status === 0 ? i18n.t("kiosk.error.offline") : "";
      show("error");
    } finally {
      buttons.forEach(function (button) { button.disabled = false; });
    }
  }

  function showTicket(ticket) {
    state.ticket = ticket;
    $("ticket-number").textContent = ticket.number;
    $("ticket-service").textContent = ticket.service_name;
    $("ticket-ahead").textContent = ticket.people_ahead;
    $("ticket-wait").textContent = ticket.estimated_wait_minutes === null ? i18n.t("queue.no_desk") : ticket.estimated_wait_minutes + " " + i18n.t("queue.minutes");
    $("ticket-qr").src = "/t/" + encodeURIComponent(ticket.token) + "/qr.svg";
    const printState = $("print-state");
    printState.classList.remove("failed", "printed");
    printState.textContent = ticket.print_job ? i18n.t("kiosk.ticket.printing") : "";
    show("ticket");
    if (ticket.print && ticket.print.status === "no_agent") {  // nothing will come out: say so now, not after a minute
      printState.classList.add("failed");
      printState.textContent = i18n.t("kiosk.ticket.no_printer");
      resetIdle();
    } else if (ticket.print_job && state.results[ticket.print_job]) {
      onPrintResult(state.results[ticket.print_job]);
    }
  }

  function onPrintResult(result) {
    state.results[result.job] = result;
    if (!state.ticket || result.job !== state.ticket.print_job) return;
    const printState = $("print-state");
    printState.classList.remove("failed", "printed");  // an agent back in time prints after all
    printState.classList.add(result.status === "printed" ? "printed" : "failed");
    printState.textContent = i18n.t(result.status === "printed" ? "kiosk.ticket.printed" : "kiosk.ticket.print_failed");
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
    const socket = window.ChergaLive({
      token: state.token,
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
    socket.on("print.result", onPrintResult);
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
  });
  $("confirm-yes").addEventListener("click", issue);
  $("confirm-no").addEventListener("click", start);
  document.querySelectorAll(".home").forEach(function (button) { button.addEventListener("click", start); });
  $("language").addEventListener("click", async function () {
    state.lang = state.lang === "uk" ? "en" : "uk";
    await i18n.load(state.lang);
    translatePage(); renderTiles(); resetIdle();
  });
  $("accessible").addEventListener("click", function () { document.body.classList.toggle("accessible"); resetIdle(); });
  ["pointerdown", "keydown"].forEach(function (kind) { document.addEventListener(kind, resetIdle, { passive: true }); });

  async function begin() {
    await loadOffice();
    translatePage();
    connect();
    start();
  }

  i18n.load(state.lang).then(async function () {
    translatePage();
    if (state.token && await pair(state.token)) { await begin(); } else { show("pair"); }
  });
})();
