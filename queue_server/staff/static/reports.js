// The reports page: a period and filters, then the figures of the reports
// API as tiles, charts (reports-charts.js) and tables, and the same query's
// files to download. The page only reads: the API checks the role and the
// office again, so what the filters offer is a courtesy, never the
// protection. The query is kept in the address, so a reload or a link
// shows the same figures.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const root = document.getElementById("reports");
  const data = root ? JSON.parse(document.getElementById("reports-data").textContent) : null;
  const GROUPS = ["office", "service", "operator", "day", "hour", "weekday"];
  const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
  const FILTERS = ["service", "operator", "hour", "weekday"];
  const FIGURE_COLUMNS = [
    ["issued", "count"], ["served", "count"], ["no_show_share", "percent"], ["wait_p50_minutes", "minutes"],
    ["wait_p90_minutes", "minutes"], ["service_p50_minutes", "minutes"], ["within_target_share", "percent"],
    ["average_rating", "rating"], ["satisfaction_share", "percent"], ["complaints_per_1000", "decimal"],
  ];
  const TILES = {
    issued: "count", served: "count", services_provided: "count", packages: "count", visit_p50_minutes: "minutes", no_show_share: "percent", wait_p50_minutes: "minutes", wait_p90_minutes: "minutes",
    wait_max_minutes: "minutes", service_p50_minutes: "minutes", service_p90_minutes: "minutes",
    within_target_share: "percent", average_rating: "rating", satisfaction_share: "percent", complaints_per_1000: "decimal",
    alert_hours: "hours_of_alerts",
  };
  // The bookings' figures (summary.bookings), by kind of number
  const BOOKING_TILES = {
    made: "count", kept: "count", kept_share: "percent", late: "count", cancelled: "count", missed: "count",
    lead_p50_hours: "lead", lead_p90_hours: "lead", called_within_5_minutes_share: "percent",
  };
  const LONG_TABLE = 20;
  let report = null; // the figures last loaded: {values, summary, groups, operators}
  let loads = 0;
  let expanded = {}; // the tables shown whole, by id, until the next query

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }

  const el = window.ChergaStaff.el; // a DOM node with text and children; data never goes through innerHTML

  // ---- numbers and names in the page's language
  const DASH = "—";
  function locale() { return staff.lang() === "en" ? "en-GB" : "uk-UA"; }
  function number(value, places) {
    return new Intl.NumberFormat(locale(), { minimumFractionDigits: places, maximumFractionDigits: places }).format(value);
  }
  const FORMATS = {
    count: function (value) { return number(value, 0); },
    minutes: function (value) { return number(value, 1) + "\u00a0" + t("reports.unit.minutes"); },
    whole_minutes: function (value) { return number(value, 0) + "\u00a0" + t("reports.unit.minutes"); },
    hours: function (value) { return number(value / 60, 1); },
    percent: function (value) { return new Intl.NumberFormat(locale(), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value); },
    rating: function (value) { return number(value, 2); },
    decimal: function (value) { return number(value, 2); },
    hours_of_alerts: function (value) { return number(value, 1) + "\u00a0" + t("reports.unit.hours"); },
    // a lead time in hours: as days once it is a day or more ("3,5 дн."), else hours ("5,0 год")
    lead: function (value) {
      return value >= 24 ? number(value / 24, 1) + "\u00a0" + t("reports.unit.days") : number(value, 1) + "\u00a0" + t("reports.unit.hours");
    },
  };
  function show(value, kind) { return value === null || value === undefined ? DASH : FORMATS[kind](value); }
  function named(item) { return staff.lang() === "en" && item.name_en ? item.name_en : item.name; }
  function labelled(row) { return staff.lang() === "en" && row.label_en ? row.label_en : row.label; }
  function officeName(code) {
    const found = data.offices.find(function (office) { return office.code === code; });
    return found ? named(found) : code;
  }
  // Offices' names are long ("Територіальний підрозділ «Віза» №1, …"): charts and narrow cells show a shorter form.
  const SHORTER = [
    [/Територіальний підрозділ «Віза»/, "ТП"], [/«Viza» territorial unit/, "TU"], [/ЦНАП «Віза»/, "ЦНАП"],
    [/Паспортний офіс/, "Пасп. офіс"], [/ район(и)?/, ""], [/ district(s)?/, ""],
  ];
  function shorter(text) {
    const short = SHORTER.reduce(function (found, [pattern, replacement]) { return found.replace(pattern, replacement); }, text);
    return short.length > 42 ? short.slice(0, 41) + "…" : short;
  }
  function hourLabel(hour) { return String(hour).padStart(2, "0") + ":00–" + String((hour + 1) % 24).padStart(2, "0") + ":00"; }
  function weekdayLabel(day) { return t("reports.weekday." + WEEKDAYS[day - 1]); }

  // ---- dates: "today" is the offices' day, wherever the reader sits
  function pad(value) { return String(value).padStart(2, "0"); }
  function isoDate(year, month, day) { return year + "-" + pad(month) + "-" + pad(day); }
  function today() {
    return new Intl.DateTimeFormat("en-CA", { timeZone: data.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  }
  function lastDay(year, month) { return new Date(Date.UTC(year, month, 0)).getUTCDate(); }
  function periodOf(kind) {
    const [year, month] = today().split("-").map(Number);
    if (kind === "this-month") return [isoDate(year, month, 1), isoDate(year, month, lastDay(year, month))];
    if (kind === "last-month") {
      const [y, m] = month === 1 ? [year - 1, 12] : [year, month - 1];
      return [isoDate(y, m, 1), isoDate(y, m, lastDay(y, m))];
    }
    const y = kind === "this-year" ? year : year - 1;
    return [isoDate(y, 1, 1), isoDate(y, 12, 31)];
  }
  function periodText(from, to) {
    const format = new Intl.DateTimeFormat(locale(), { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });
    return format.formatRange(new Date(from + "T00:00:00Z"), new Date(to + "T00:00:00Z"));
  }

  // ---- the filters
  function option(value, text, selected) { return el("option", { value: value, text: text, selected: selected }); }

  function fillSelect(select, first, items, chosen) {
    select.replaceChildren(option("", first, !chosen));
    items.forEach(function ([value, text]) { select.append(option(String(value), text, String(value) === chosen)); });
    if (chosen && !items.some(function ([value]) { return String(value) === chosen; })) select.append(option(chosen, chosen, true));
  }

  function drawFilters(values) {
    const offices = data.offices.map(function (office) { return [office.code, named(office)]; });
    const officeSelect = $("office");
    if (data.network) fillSelect(officeSelect, t("reports.filter.network"), offices, values.office || "");
    else {
      officeSelect.replaceChildren.apply(officeSelect, offices.map(function ([code, name]) { return option(code, name, code === values.office); }));
    }
    officeSelect.disabled = !data.network && offices.length < 2;
    fillSelect($("service"), t("reports.filter.any_service"), data.services.map(function (s) { return [s.code, named(s)]; }), values.service || "");
    const names = report ? report.operators.map(function (row) { return [row.operator, row.operator]; }) : [];
    fillSelect($("operator"), t("reports.filter.any_operator"), names, values.operator || "");
    fillSelect($("hour"), t("reports.filter.any_hour"), Array.from({ length: 24 }, function (_, hour) { return [hour, hourLabel(hour)]; }), values.hour || "");
    fillSelect($("weekday"), t("reports.filter.any_weekday"), WEEKDAYS.map(function (_, i) { return [i + 1, weekdayLabel(i + 1)]; }), values.weekday || "");
  }

  function chosen() {
    const values = { from: $("from").value, to: $("to").value, office: $("office").value };
    FILTERS.forEach(function (name) { values[name] = $(name).value; });
    return values;
  }

  function queryOf(values, names) {
    const query = new URLSearchParams();
    (names || ["office", "from", "to"].concat(FILTERS)).forEach(function (name) { if (values[name]) query.set(name, values[name]); });
    return query;
  }

  function startingValues() {
    const address = new URLSearchParams(location.search);
    const values = {};
    ["from", "to", "office"].concat(FILTERS).forEach(function (name) { values[name] = address.get(name) || ""; });
    const date = /^\d{4}-\d{2}-\d{2}$/;
    if (!date.test(values.from) || !date.test(values.to)) [values.from, values.to] = periodOf("this-month");
    if (data.office && !values.office) values.office = data.office;
    if (values.office && !data.offices.some(function (office) { return office.code === values.office; })) values.office = data.office || "";
    return values;
  }

  // ---- loading
  async function load() {
    const values = chosen();
    $("message").textContent = "";
    if (!values.from || !values.to) { $("message").textContent = t("reports.error.dates"); return; }
    if (values.from > values.to) { $("message").textContent = t("reports.error.order"); return; }
    const mine = ++loads;
    const query = queryOf(values);
    history.replaceState(null, "", "/reports?" + query.toString());
    links(values);
    root.dataset.state = "loading";
    $("loading").hidden = false;
    const text = query.toString();
    try {
      const answers = await Promise.all(
        [staff.api("GET", "/reports/summary?" + text)]
          .concat(GROUPS.map(function (group) { return staff.api("GET", "/reports/figures?" + text + "&group=" + group); }))
          .concat([staff.api("GET", "/reports/operators?" + queryOf(values, ["office", "from", "to"]).toString())])
      );
      if (mine !== loads) return; // a newer query was asked for meanwhile
      const groups = {};
      GROUPS.forEach(function (group, i) { groups[group] = answers[i + 1]; });
      report = { values: values, summary: answers[0], groups: groups, operators: answers[answers.length - 1] };
      expanded = {};
      drawFilters(values);
      draw();
      root.dataset.query = text;
      root.dataset.state = "ready";
    } catch (error) {
      if (mine !== loads) return;
      $("message").textContent = t("reports.error.load", { message: error.message || "" });
      root.dataset.state = "error";
    } finally {
      if (mine === loads) $("loading").hidden = true;
    }
  }

  function links(values) {
    const query = queryOf(values).toString();
    ["csv", "xlsx", "sqlite"].forEach(function (kind) { $("download-" + kind).href = "/api/v1/reports/export." + kind + "?" + query; });
    const annual = new URLSearchParams({ year: values.from.slice(0, 4) });
    if (values.office) annual.set("office", values.office);
    if (staff.lang() === "en") annual.set("lang", "en");
    $("annual-link").href = "/reports/annual?" + annual.toString();
    $("annual-link").textContent = t("reports.annual.link", { year: values.from.slice(0, 4) });
  }

  // ---- drawing
  function draw() {
    const values = report.values;
    const summary = report.summary;
    $("scope-title").textContent = values.office ? officeName(values.office) : (staff.lang() === "en" ? data.network_name_en : data.network_name);
    $("scope-period").textContent = periodText(values.from, values.to);
    $("scope-filters").textContent = describeFilters(values);
    $("empty").hidden = summary.issued > 0;
    document.querySelectorAll("#tiles .tile").forEach(function (tile) {
      const name = tile.dataset.figure;
      const value = summary[name];
      tile.dataset.value = value === null || value === undefined ? "" : String(value);
      tile.querySelector(".tile-value").textContent = show(value, TILES[name]);
      tile.classList.toggle("nothing", value === null || value === undefined);
    });
    tileNotes(summary);
    bookingTiles(summary.bookings || {});
    window.ChergaReportTurnedAway.draw(summary);  // reports-turned-away.js
    window.ChergaReportCharts.draw(report, {
      t: t, locale: locale(), labelled: labelled, shorter: shorter, weekdayLabel: weekdayLabel, hourLabel: hourLabel, today: today(),
      single: Boolean(values.office), show: show,
    });
    $("offices-card").hidden = Boolean(values.office);
    figureTable($("table-offices"), report.groups.office, [["alert_hours", "hours_of_alerts"]]);
    figureTable($("table-services"), report.groups.service.slice().sort(function (a, b) { return b.served - a.served || b.issued - a.issued; }));
    operatorTable(values);
    links(values);
    window.ChergaSurveyFigures.drawReport(values, officeName);  // survey-figures.js: the survey's section
  }

  function bookingTiles(bookings) {
    document.querySelectorAll("#booking-tiles .tile").forEach(function (tile) {
      const name = tile.dataset.booking;
      const value = bookings[name];
      tile.dataset.value = value === null || value === undefined ? "" : String(value);
      tile.querySelector(".tile-value").textContent = show(value, BOOKING_TILES[name]);
      tile.classList.toggle("nothing", value === null || value === undefined);
    });
    const note = document.querySelector(".tile[data-booking=made] .tile-hint");
    note.textContent = bookings.still_booked
      ? t("reports.bookings.still_booked", { count: show(bookings.still_booked, "count") })
      : t("reports.booking_hint.made");
  }

  function tileNotes(summary) {
    const notes = {
      no_show_share: t("reports.note.no_show", { count: show(summary.no_show, "count") }),
      average_rating: t("reports.note.ratings", { count: show(summary.ratings, "count") }),
      complaints_per_1000: t("reports.note.complaints", { count: show(summary.complaints, "count") }),
    };
    const alerted = (report.groups.office || []).filter(function (row) { return row.alert_hours > 0; }).length;
    if (!report.values.office && alerted) notes.alert_hours = t("reports.hint.alert_hours_network", { count: show(alerted, "count") });
    Object.entries(notes).forEach(function ([name, text]) { document.querySelector(".tile[data-figure=" + name + "] .tile-hint").textContent = text; });
  }

  function describeFilters(values) {
    const parts = [];
    if (values.service) {
      const service = data.services.find(function (s) { return s.code === values.service; });
      parts.push(t("reports.filter.service") + ": " + (service ? named(service) : values.service));
    }
    if (values.operator) parts.push(t("reports.filter.operator") + ": " + values.operator);
    if (values.hour) parts.push(t("reports.filter.hour") + ": " + hourLabel(Number(values.hour)));
    if (values.weekday) parts.push(t("reports.filter.weekday") + ": " + weekdayLabel(Number(values.weekday)));
    return parts.join(" · ");
  }

  function figureCells(row, more) {
    return FIGURE_COLUMNS.concat(more || []).map(function ([name, kind]) { return el("td", { class: "num", text: show(row[name], kind) }); });
  }

  // Rows of a table, the first `LONG_TABLE` only until "show all" is pressed (a network has hundreds of administrators).
  function fillRows(table, rows, makeRow, columns) {
    const body = table.tBodies[0];
    const more = document.querySelector("[data-more='" + table.id + "']");
    if (!rows.length) {
      body.replaceChildren(el("tr", {}, [el("td", { colspan: columns, class: "empty", text: t("reports.empty.rows") })]));
    } else {
      const shown = more && !expanded[table.id] ? rows.slice(0, LONG_TABLE) : rows;
      body.replaceChildren.apply(body, shown.map(makeRow));
    }
    if (more) {
      more.hidden = expanded[table.id] || rows.length <= LONG_TABLE;
      more.textContent = t("reports.show_all", { count: show(rows.length, "count") });
    }
  }

  // `more`: columns of this table only, after the figures (the offices' alert hours)
  function figureTable(table, rows, more) {
    fillRows(table, rows, function (row) {
      return el("tr", { dataset: { key: String(row.key) } }, [el("th", { scope: "row", text: labelled(row) })].concat(figureCells(row, more)));
    }, FIGURE_COLUMNS.length + 1 + (more || []).length);
  }

  // Each reason as a chip, the longest first: "обід 3 · 104 хв".
  function reasons(row) {
    return Object.entries(row.breaks_by_reason || {})
      .sort(function (a, b) { return b[1].minutes - a[1].minutes; })
      .map(function ([reason, tally]) {
        return el("span", { class: "reason", text: t("reports.reason." + reason) + " " + tally.count + " · " + show(tally.minutes, "whole_minutes") });
      });
  }

  function operatorTable(values) {
    const figures = {};
    report.groups.operator.forEach(function (row) { if (row.key !== null) figures[row.key] = row; });
    const rows = report.operators
      .filter(function (row) { return !values.operator || row.operator === values.operator; })
      .sort(function (a, b) { return b.served - a.served || a.operator.localeCompare(b.operator); });
    fillRows($("table-operators"), rows, function (row) {
      const mine = figures[row.operator] || {};
      return el("tr", { dataset: { operator: row.operator } }, [
        el("th", { scope: "row", text: row.operator }),
        el("td", { class: "offices", text: row.offices.map(function (code) { return shorter(officeName(code)); }).join(", ") }),
        el("td", { class: "num", text: show(row.served, "count") }),
        el("td", { class: "num", text: show(row.serving_minutes, "hours") }),
        el("td", { class: "num", text: show(row.logged_in_minutes, "hours") }),
        el("td", { class: "num", text: show(row.utilisation, "percent") }),
        el("td", { class: "num", text: show(row.breaks, "count") }),
        el("td", { class: "num", text: show(row.break_minutes, "hours") }),
        el("td", { class: "reasons" }, reasons(row)),
        el("td", { class: "num", text: show(mine.service_p50_minutes, "minutes") }),
        el("td", { class: "num", text: show(mine.average_rating, "rating") }),
      ]);
    }, 11);
  }

  // ---- start
  function start() {
    const values = startingValues();
    $("from").value = values.from;
    $("to").value = values.to;
    drawFilters(values);
    document.querySelectorAll("[data-period]").forEach(function (button) {
      button.addEventListener("click", function () {
        [$("from").value, $("to").value] = periodOf(button.dataset.period);
        markPeriod();
        load();
      });
    });
    ["from", "to"].forEach(function (id) { $(id).addEventListener("change", function () { markPeriod(); if ($("from").value && $("to").value) load(); }); });
    ["office"].concat(FILTERS).forEach(function (id) { $(id).addEventListener("change", load); });
    $("filters").addEventListener("submit", function (event) { event.preventDefault(); load(); });
    document.querySelectorAll("[data-more]").forEach(function (button) {
      button.addEventListener("click", function () {
        expanded[button.dataset.more] = true;
        if (report) draw();
      });
    });
    $("clear").addEventListener("click", function () {
      FILTERS.forEach(function (name) { $(name).value = ""; });
      load();
    });
    markPeriod();
    load();
  }

  function markPeriod() {
    document.querySelectorAll("[data-period]").forEach(function (button) {
      const [from, to] = periodOf(button.dataset.period);
      button.setAttribute("aria-pressed", String(from === $("from").value && to === $("to").value));
    });
  }

  async function begin() {
    if (!root) staff.loginForm(); // at once: a click before the catalogue arrives must not submit the form as a GET
    await staff.useLanguage();
    $("language").addEventListener("click", async function () {
      await staff.useLanguage(staff.lang() === "en" ? "uk" : "en");
      if (root) {
        drawFilters(chosen());
        if (report) draw();
      }
    });
    if ($("logout")) $("logout").addEventListener("click", staff.logout);
    if (root) start();
  }

  begin();
})();
