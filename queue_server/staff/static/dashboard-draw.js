// The dashboard's drawing: the network's table and totals, one office in
// depth, the alerts in words. It draws what GET /api/v1/dashboard answered;
// dashboard.js decides when to ask. Data never goes through innerHTML.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const root = document.getElementById("dashboard");
  const timezone = root ? root.dataset.timezone || undefined : undefined;
  const CHIPS = 3;  // alerts named in an office's row; the rest are counted
  const airRaid = window.ChergaDashboardAirRaid;  // dashboard-air-raid.js: offices in an air-raid alert
  const node = window.ChergaDashboardNode;  // dashboard-node.js: offices an office node serves, and those out of touch

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }
  const el = window.ChergaStaff.el; // a DOM node with text and children; data never goes through innerHTML
  function named(item) { return staff.lang() === "en" && item.name_en ? item.name_en : item.name; }
  function locale() { return staff.lang() === "en" ? "en-GB" : "uk-UA"; }
  function hhmm(iso) { return iso ? i18n.hhmm(iso, timezone) : ""; }  // in the office's time zone
  function clockTime(iso) {
    return new Intl.DateTimeFormat(locale(), { timeZone: timezone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  }
  function minutes(value) {
    if (value === null || value === undefined) return "—";
    return t("dashboard.minutes", { minutes: window.ChergaI18n.number(value, 1) });
  }
  function share(row) {
    if (row.satisfaction_today === null) return "—";
    return Math.round(row.satisfaction_today * 100) + " % (" + row.ratings_today + ")";
  }

  // ---- alerts in words
  function level(alerts) {
    if (alerts.some(function (alert) { return alert.level === "critical"; })) return "critical";
    return alerts.length ? "warning" : "none";
  }
  // The whole sentence on an office's page and as a row's tooltip; short in the row.
  function alertText(alert, short) {
    const detail = alert.detail;
    if (alert.kind === "queue_over_target") {
      return t("dashboard.alert.queue", { service: named(detail), count: detail.past_target, target: detail.target_wait_minutes });
    }
    if (alert.kind === "printer") {
      const state = staff.wordsFor("printer_states", "dashboard.printer.", detail.state);
      return t("dashboard.alert.printer", { kiosk: detail.kiosk, state: state });
    }
    if (alert.kind === "print_agent_offline") return t("dashboard.alert.agent", { kiosk: detail.kiosk });
    if (alert.kind === "board_offline") {
      if (short) return t("dashboard.alert.board_short", { board: named(detail) });
      return t(detail.seen ? "dashboard.alert.board" : "dashboard.alert.board_never", { board: named(detail), time: hhmm(detail.since) });
    }
    return alert.kind;
  }
  function alertChip(alert, short) {
    return el("span", {
      class: "chip " + alert.level, title: short ? alertText(alert, false) : null,
      dataset: { kind: alert.kind, subject: alert.subject }, text: alertText(alert, short),
    });
  }

  // ---- the network: one row per office, totals above
  // An office whose node is out of touch needs attention as a critical alert does.
  function rowLevel(row) { return node.offline(row) ? "critical" : level(row.alerts || []); }

  function officeRow(row) {
    const alerts = row.alerts || [];
    const chips = [airRaid.chip(row), node.chip(row)].filter(Boolean).concat(alerts.slice(0, CHIPS).map(function (alert) { return alertChip(alert, true); }));
    if (alerts.length > CHIPS) chips.push(el("span", { class: "chip more", text: t("dashboard.more", { count: alerts.length - CHIPS }) }));
    const number = function (value, extra) { return el("td", { class: "num " + (extra || ""), text: count(value) }); };
    return el("tr", {
      class: "office-row " + rowLevel(row),
      dataset: { office: row.office, airRaid: airRaid.active(row) ? "yes" : "", node: node.served(row) ? row.node.name : "", nodeOffline: node.offline(row) ? "yes" : "", alert: rowLevel(row), alerts: alerts.map(function (alert) { return alert.kind; }).join(" "), waiting: String(row.waiting), serving: String(row.desks_serving) },
    }, [
      el("th", { scope: "row" }, [
        el("span", { class: "mark", "aria-hidden": "true" }),
        el("a", { href: "/dashboard/" + encodeURIComponent(row.office), text: named(row) }),
        airRaid.badge(row),
        node.badge(row),
      ]),
      number(row.waiting, "waiting"),
      number(minutes(row.longest_wait_minutes), row.past_target > 0 ? "late" : ""),
      number(minutes(row.average_wait_today_minutes)),
      number(row.desks_open + " / " + row.desks_total, "open"),
      number(row.desks_serving, "serving"),
      number(row.desks_paused, "paused"),
      number(row.past_target, row.past_target > 0 ? "late past-target" : "past-target"),
      number(share(row)),
      number(row.served_today, "served"),
      el("td", { class: "alerts" }, [el("div", { class: "chips" }, chips.length ? chips : [el("span", { class: "ok", text: t("dashboard.all_well") })])]),
    ]);
  }

  // A count in the page's language («1 234» in Ukrainian); text already made (minutes, shares) stays as it is.
  function count(value) { return typeof value === "number" ? window.ChergaI18n.number(value, 0) : value; }

  function tile(name, value, label, extra) {
    return el("div", { class: "tile " + (extra || ""), dataset: { tile: name } }, [
      el("span", { class: "value", text: count(value) }), el("span", { class: "label", text: label }),
    ]);
  }

  function drawNetwork(rows, onlyAlerts) {
    const sum = function (field) { return rows.reduce(function (total, row) { return total + (row[field] || 0); }, 0); };
    const attention = rows.filter(function (row) { return rowLevel(row) === "critical"; }).length;
    $("totals").replaceChildren(
      tile("waiting", sum("waiting"), t("dashboard.tile.waiting")),
      tile("served", sum("served_today"), t("dashboard.tile.served")),
      tile("desks", sum("desks_open") + " / " + sum("desks_total"), t("dashboard.tile.desks_open")),
      tile("past-target", sum("past_target"), t("dashboard.tile.past_target"), sum("past_target") ? "late" : ""),
      tile("attention", attention + " / " + rows.length, t("dashboard.tile.attention"), attention ? "critical" : ""),
      airRaid.network(rows)
    );
    const shown = onlyAlerts ? rows.filter(function (row) { return row.alerts.length > 0 || airRaid.active(row); }) : rows;
    document.querySelector("#offices-table tbody").replaceChildren.apply(
      document.querySelector("#offices-table tbody"), shown.map(officeRow)
    );
  }

  // ---- one office in depth
  function deskState(desk) {
    if (desk.status === "open" && desk.ticket) {
      return t(desk.ticket_status === "called" ? "dashboard.desk.called" : "dashboard.desk.serving", { ticket: desk.ticket });
    }
    if (desk.status === "paused" && desk.reason) {
      const reason = window.ChergaStaff.wordsFor("pause_reasons", "supervisor.pause.", desk.reason);
      return t("supervisor.desk_state.paused") + ": " + reason;
    }
    return window.ChergaStaff.wordsFor("desk_states", "supervisor.desk_state.", desk.status);
  }

  function drawOffice(office) {
    const alerts = office.alerts || [];
    root.dataset.alert = rowLevel(office);
    root.dataset.waiting = String(office.waiting);
    $("office-name").textContent = named(office);
    $("office-mark").className = "mark " + rowLevel(office);
    airRaid.office(office);
    node.office(office);
    document.title = named(office) + " · " + t("dashboard.title");
    $("tiles").replaceChildren(
      tile("waiting", office.waiting, t("dashboard.tile.waiting")),
      tile("longest", minutes(office.longest_wait_minutes), t("dashboard.tile.longest"), office.past_target ? "late" : ""),
      tile("average", minutes(office.average_wait_today_minutes), t("dashboard.tile.average")),
      tile("desks", office.desks_open + " / " + office.desks_total, t("dashboard.tile.desks_open")),
      tile("serving", office.desks_serving, t("dashboard.tile.serving")),
      tile("paused", office.desks_paused, t("dashboard.tile.paused")),
      tile("past-target", office.past_target, t("dashboard.tile.past_target"), office.past_target ? "late" : ""),
      tile("satisfaction", share(office), t("dashboard.tile.satisfaction")),
      tile("served", office.served_today, t("dashboard.tile.served"))
    );
    $("alerts").replaceChildren.apply($("alerts"), alerts.map(function (alert) { return el("li", {}, [alertChip(alert, false)]); }));
    $("no-alerts").hidden = alerts.length > 0;

    const busy = office.services.filter(function (service) { return service.waiting > 0 || service.served_today > 0; })
      .sort(function (a, b) { return b.waiting - a.waiting || b.served_today - a.served_today; });
    $("services").tBodies[0].replaceChildren.apply($("services").tBodies[0], busy.map(function (service) {
      return el("tr", { class: service.past_target ? "late" : "", dataset: { service: service.service, waiting: String(service.waiting) } }, [
        el("th", { scope: "row", text: named(service) }),
        el("td", { class: "num", text: service.waiting }),
        el("td", { class: "num", text: minutes(service.longest_wait_minutes) }),
        el("td", { class: "num", text: minutes(service.target_wait_minutes) }),
        el("td", { class: "num", text: service.past_target }),
        el("td", { class: "num", text: service.served_today }),
      ]);
    }));
    const quiet = office.services.length - busy.length;
    $("quiet-services").textContent = busy.length === 0 ? t("dashboard.nobody") : quiet ? t("dashboard.quiet_services", { count: quiet }) : "";

    const closed = office.desks.length - office.desks_open - office.desks_paused;
    $("desks-summary").textContent = t("dashboard.desks.summary", {
      open: office.desks_open, serving: office.desks_serving, paused: office.desks_paused, closed: closed,
    });
    $("desks").replaceChildren.apply($("desks"), office.desks.map(function (desk) {
      const serving = desk.status === "open" && desk.ticket !== null;
      return el("li", { class: "desk " + (serving ? "serving" : desk.status), dataset: { desk: desk.id, status: desk.status, serving: String(serving) } }, [
        el("strong", { text: named(desk) }),
        el("span", { class: "desk-state", text: deskState(desk) }),
        el("span", { class: "desk-operator", text: desk.operator || "" }),
      ]);
    }));

    $("staff").tBodies[0].replaceChildren.apply($("staff").tBodies[0], office.staff.map(function (person) {
      const desk = office.desks.find(function (item) { return item.id === person.desk; });
      return el("tr", { dataset: { operator: person.operator } }, [
        el("th", { scope: "row", text: person.operator }),
        el("td", { class: "num", text: person.served }),
        el("td", { class: "num", text: minutes(person.serving_minutes) }),
        el("td", { text: desk ? named(desk) + " · " + deskState(desk) : "—" }),
      ]);
    }));
    $("no-staff").hidden = office.staff.length > 0;

    const devices = office.boards.map(function (board) {
      // a board no page has shown since the server started is neither well nor lost: grey, no alert
      const words = board.online ? t("dashboard.board.online")
        : board.offline ? t("dashboard.board.offline", { time: hhmm(board.since) })
          : board.never_seen ? t("dashboard.board.never_seen") : t("dashboard.board.reconnecting");
      const mark = board.offline ? "critical" : board.online ? "ok" : board.never_seen ? "neutral" : "";
      return el("li", { class: mark, dataset: { board: board.board, online: String(board.online) } }, [
        el("strong", { text: t("dashboard.board", { board: named(board) }) }), " ", words,
      ]);
    }).concat(office.printers.map(function (printer) {
      const state = staff.wordsFor("printer_states", "dashboard.printer.", printer.state);
      const bad = ["paper_out", "cover_open", "offline", "unreachable"].indexOf(printer.state) >= 0;
      if (printer.agent === "not_connected" || printer.agent === "never_connected") {  // listed before its agent ever connects
        return el("li", { class: "warning", dataset: { kiosk: printer.kiosk, state: printer.state, agent: printer.agent } }, [
          el("strong", { text: t("dashboard.printer", { kiosk: printer.kiosk }) }), " ", t("dashboard.printer.agent." + printer.agent, { time: hhmm(printer.agent_seen) }),
        ]);
      }
      // only a printer that says it is ready is green; one that cannot tell (unknown) is grey
      const mark = bad ? "critical" : printer.state === "paper_low" ? "warning" : printer.state === "ready" ? "ok" : "neutral";
      return el("li", { class: mark, dataset: { kiosk: printer.kiosk, state: printer.state } }, [
        el("strong", { text: t("dashboard.printer", { kiosk: printer.kiosk }) }), " ", state + " · " + hhmm(printer.at),
      ]);
    }));
    $("devices").replaceChildren.apply($("devices"), devices);
    $("no-devices").hidden = devices.length > 0;
  }

  function drawUpdated(iso) {
    if ($("updated") && iso) $("updated").textContent = t("dashboard.updated", { time: clockTime(iso) });
  }

  window.ChergaDashboardDraw = { drawNetwork: drawNetwork, drawOffice: drawOffice, drawUpdated: drawUpdated, level: level, alertText: alertText };
})();
