// The supervisor's records: the office's audit log (newest first, filters,
// "older" paging), its registered devices (revoke one) and its staff (who is
// logged in, at which desk). Loaded when its tab is shown and again after a
// lost connection comes back; see supervisor.js for the shared helpers.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const el = page.el;
  const t = page.t;
  const office = page.office;
  const LOG_PAGE = 50;
  const ACTIONS = [
    "call_next", "recall", "start", "finish", "no_show", "transfer", "hold", "return",
    "open", "pause", "resume", "close", "issue",
    "login", "login_failed", "locked_out", "logout", "password_changed",
    "call_out_of_turn", "cancel", "move", "force_close", "take_over", "services_changed", "services_restored",
    "device_added", "device_revoked", "user_added", "account_unlocked",
    "book", "cancel_booking", "close_bookings", "reopen_bookings", "lift_booking_block", "confirm_arrival",
  ];
  const DEVICE_KINDS = ["kiosk", "display", "agent", "partner"];
  const ROLES = ["operator", "supervisor", "manager", "admin"];
  const records = { log: [], logMore: false, devices: [], staff: [] };

  const $ = page.$;
  function listOf(answer, key) { return Array.isArray(answer) ? answer : (answer && answer[key]) || []; }
  function fillTable(tbody, rows, columns, emptyKey) {
    if (rows.length === 0) rows = [el("tr", {}, [el("td", { colspan: String(columns), class: "empty", text: t(emptyKey) })])];
    page.fill(tbody, rows);
  }

  // ---- the audit log
  function actionWords(action) { return ACTIONS.indexOf(action) >= 0 ? t("supervisor.action." + action) : action; }

  function actorWords(actor) {
    const [kind, name] = String(actor || "").split(":");
    if (kind === "user") return name;
    if (kind === "console") return t("supervisor.log.console");
    if (kind === "device") {
      const device = records.devices.find(function (item) { return String(item.id) === name; });
      return device ? deviceWords(device) : t("supervisor.log.device", { id: name });
    }
    return actor || "—";
  }

  function deviceWords(device) {
    const kind = DEVICE_KINDS.indexOf(device.kind) >= 0 ? t("supervisor.device." + device.kind) : device.kind;
    return kind + " «" + device.name + "»";
  }

  // An entry's details in words: known keys get a label and their values names; others stay raw.
  const SERVICE_KEYS = ["service", "from_service", "to_service"];
  const DESK_KEYS = ["desk", "from_desk", "to_desk", "held_by"];
  const LABELLED = [
    "reason", "service", "desk", "to_service", "to_desk", "note", "priority", "held_by", "status", "operator",
    "requeued", "weights", "before", "username", "role", "until", "failures", "failures_forgotten", "from",
  ];

  function servicesWords(weights) {
    const codes = Object.keys(weights || {});
    const names = codes.slice(0, 4).map(page.serviceName).join(", ");
    return codes.length > 4 ? names + " " + t("supervisor.services.more", { count: codes.length - 4 }) : names;
  }

  function detailValue(key, value, action) {
    if (value === null || value === undefined || value === "") return "—";
    if (SERVICE_KEYS.indexOf(key) >= 0) return page.serviceName(value);
    if (DESK_KEYS.indexOf(key) >= 0) return page.deskName(value);
    if (key === "weights" || key === "before") return servicesWords(value);
    if (key === "role" && ROLES.indexOf(value) >= 0) return t("supervisor.role." + value);
    if (key === "status") return page.deskStateWords(value);
    if (key === "reason" && action === "pause") return page.pauseWords(value);
    if (key === "until") return page.dateTime(value);
    if (Array.isArray(value)) return value.join(", ");
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function detailsText(entry) {
    const details = Object.assign({}, entry.details || {});
    const parts = [];
    if (details.kind && details.name) {  // a device: «Кіоск «kiosk-1»», its id says nothing to a person
      parts.push(deviceWords(details));
      delete details.kind; delete details.name; delete details.device;
    }
    ["service", "desk"].forEach(function (what) {  // a move: from → to in one phrase
      const from = "from_" + what;
      const to = "to_" + what;
      if (!(from in details) || !(to in details)) return;
      if (details[from] !== details[to]) {
        parts.push(t("supervisor.detail." + what) + ": " + detailValue(what, details[from]) + " → " + detailValue(what, details[to]));
      }
      delete details[from]; delete details[to];
    });
    Object.entries(details).forEach(function ([key, value]) {
      if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return;
      const label = LABELLED.indexOf(key) >= 0 ? t("supervisor.detail." + key) : key;
      parts.push(label + ": " + detailValue(key, value, entry.action));
    });
    return parts.join("; ");
  }

  function renderLog() {
    const rows = records.log.map(function (entry) {
      return el("tr", { dataset: { action: entry.action, actor: entry.actor } }, [
        el("td", { class: "nowrap", text: page.dateTime(entry.at) }),
        el("td", { text: actorWords(entry.actor) }),
        el("td", { class: "action", text: actionWords(entry.action) }),
        el("td", { text: entry.desk ? page.deskName(entry.desk) : "" }),
        el("td", { class: "number", text: entry.ticket_number || "" }),
        el("td", { class: "details", text: detailsText(entry) }),
      ]);
    });
    page.fill(document.querySelector("#log tbody"), rows);
    $("log-empty").hidden = records.log.length > 0;
    $("log-older").hidden = !records.logMore;
    renderLogFilters();
  }

  function renderLogFilters() {
    const actorSelect = $("log-actor");
    const chosenActor = actorSelect.value;
    const actors = new Set(records.staff.map(function (member) { return "user:" + member.username; }));
    records.log.forEach(function (entry) { if (entry.actor) actors.add(entry.actor); });
    const actorOptions = Array.from(actors).sort().map(function (actor) {
      return el("option", { value: actor, text: actorWords(actor), selected: actor === chosenActor });
    });
    page.fill(actorSelect, [el("option", { value: "", text: t("supervisor.log.anyone") })].concat(actorOptions));
    const actionSelect = $("log-action");
    const chosenAction = actionSelect.value;
    page.fill(actionSelect, [el("option", { value: "", text: t("supervisor.log.any_action") })].concat(
      ACTIONS.map(function (action) { return el("option", { value: action, text: actionWords(action), selected: action === chosenAction }); })
    ));
  }

  function nextDay(isoDate) {
    const day = new Date(isoDate + "T12:00:00Z");
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().slice(0, 10);
  }

  async function loadLog(older) {
    const query = new URLSearchParams({ limit: String(LOG_PAGE) });
    const date = $("log-date").value;
    if (date) {
      query.set("since", page.officeMidnight(date).toISOString());
      query.set("until", page.officeMidnight(nextDay(date)).toISOString());
    }
    if ($("log-actor").value) query.set("actor", $("log-actor").value);
    if ($("log-action").value) query.set("action", $("log-action").value);
    if (older && records.log.length) query.set("before", String(records.log[records.log.length - 1].id));
    try {
      const answer = await page.api("GET", "/offices/" + office + "/audit?" + query.toString());
      const entries = listOf(answer, "entries");
      records.log = older ? records.log.concat(entries) : entries;
      records.logMore = answer && answer.more !== undefined ? Boolean(answer.more) : entries.length === LOG_PAGE;
      renderLog();
    } catch (error) {
      page.showError(error);
    }
  }

  $("log-filters").addEventListener("submit", function (event) { event.preventDefault(); loadLog(false); });
  $("log-older").addEventListener("click", function () { loadLog(true); });

  // ---- devices
  function renderDevices() {
    const rows = records.devices.map(function (device) {
      const revoked = Boolean(device.revoked_at);
      return el("tr", { dataset: { device: device.id, kind: device.kind }, class: revoked ? "revoked" : "" }, [
        el("td", { text: DEVICE_KINDS.indexOf(device.kind) >= 0 ? t("supervisor.device." + device.kind) : device.kind }),
        el("td", { text: device.name }),
        el("td", { class: "nowrap", text: page.dateTime(device.created_at) }),
        el("td", {}, [el("span", {
          class: "state " + (revoked ? "closed" : "open"),
          text: revoked ? t("supervisor.devices.revoked", { time: page.dateTime(device.revoked_at) }) : t("supervisor.devices.active"),
        })]),
        el("td", { class: "actions" }, [revoked || !page.mayChange ? null : el("button", {
          type: "button", class: "danger", text: t("supervisor.devices.revoke"), onclick: function () { revoke(device); },
        })]),
      ]);
    });
    fillTable(document.querySelector("#devices tbody"), rows, 5, "supervisor.devices.empty");
  }

  function revoke(device) {
    const label = deviceWords(device);
    page.confirmAction({
      title: t("supervisor.revoke.title", { device: label }),
      text: t("supervisor.revoke.text"),
      yes: t("supervisor.devices.revoke"),
      reason: false,
      done: t("supervisor.revoke.done", { device: label }),
      run: async function () {
        await page.api("POST", "/devices/" + device.id + "/revoke", {});
        await loadDevices();
      },
    });
  }

  async function loadDevices() {
    try {
      records.devices = listOf(await page.api("GET", "/devices?office=" + encodeURIComponent(office)), "devices");
      renderDevices();
    } catch (error) {
      page.showError(error);
    }
  }

  // ---- staff
  // what a staff member does now: at a desk (working or on a break) or not at any
  function nowCell(member) {
    const status = member.desk ? member.desk_status : "away";
    const since = member.desk && member.since ? el("small", { text: t("supervisor.since", { time: page.hhmm(member.since) }) }) : null;
    return el("td", {}, [
      el("span", { class: "state " + (status === "away" ? "closed" : status), text: t("supervisor.staff." + status) }),
      since,
    ]);
  }

  function renderStaff() {
    const rows = records.staff.map(function (member) {
      return el("tr", { dataset: { user: member.username }, class: member.active === false ? "revoked" : "" }, [
        el("th", { scope: "row" }, [
          el("span", { text: member.username }),
          member.active === false ? el("small", { text: t("supervisor.staff.disabled") }) : null,
        ]),
        el("td", { text: ROLES.indexOf(member.role) >= 0 ? t("supervisor.role." + member.role) : member.role }),
        nowCell(member),
        el("td", { text: member.desk ? page.deskName(member.desk) : "—" }),
        el("td", { class: "actions" }, [page.mayChange ? el("button", {
          type: "button", class: "secondary", text: t("supervisor.staff.unlock"), onclick: function () { unlock(member); },
        }) : null]),
      ]);
    });
    fillTable(document.querySelector("#staff tbody"), rows, 5, "supervisor.staff.empty");
  }

  // an account locked after failed logins (its owner's typos, or a stranger's) lets its owner in at once
  function unlock(member) {
    page.confirmAction({
      title: t("supervisor.unlock.title", { user: member.username }),
      text: t("supervisor.unlock.text"),
      yes: t("supervisor.staff.unlock"),
      reason: false,
      done: t("supervisor.unlock.done", { user: member.username }),
      run: async function () {
        await page.api("POST", "/offices/" + office + "/staff/" + encodeURIComponent(member.username) + "/unlock", {});
      },
    });
  }

  async function loadStaff() {
    try {
      records.staff = listOf(await page.api("GET", "/offices/" + office + "/staff"), "staff");
      renderStaff();
    } catch (error) {
      page.showError(error);
    }
  }

  // the log names people and devices: know them first
  page.tabs.log = async function () { await Promise.all([loadStaff(), loadDevices()]); await loadLog(false); };
  page.tabs.devices = loadDevices;
  page.tabs.staff = loadStaff;
  page.translations.records = function () { renderLog(); renderDevices(); renderStaff(); };
  // desks opening, pausing and closing change who sits where
  page.listeners.staff = function (message) {
    if (page.view.tab === "staff" && message.type.indexOf("desk.") === 0) loadStaff();
  };
})();
