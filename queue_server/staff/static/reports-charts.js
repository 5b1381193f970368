// The reports page's charts, drawn with Chart.js served by this server
// (/vendor/chart.umd.min.js, never a CDN): visitors served and waits per
// office (per service when one office is chosen), visitors per day, and
// waits per hour of day and per weekday. Each chart is drawn again from
// the figures already loaded, so a change of language fetches nothing.
// A canvas is a picture to a screen reader: each has role="img" and a name in
// the page's language saying what it shows (access.chart.*), and the same
// figures are in the tables below it.
(function () {
  "use strict";
  const SERVED = "#0b4f9c";
  const ISSUED = "#9cb9dc";
  const P50 = "#0b4f9c";
  const P90 = "#e07b00";
  const TOP_SERVICES = 15;
  const ROW_HEIGHT = 22; // pixels per bar of a horizontal chart, so 39 offices stay legible
  const drawn = {};

  if (window.Chart) {
    window.Chart.defaults.font.family = '"DejaVu Sans", system-ui, sans-serif';
    window.Chart.defaults.font.size = 12;
    window.Chart.defaults.color = "#0b1a2a";
  }

  function chart(id, config, name) {
    if (drawn[id]) drawn[id].destroy();
    const canvas = document.getElementById(id);
    canvas.setAttribute("aria-label", name);
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
    drawn[id] = new window.Chart(canvas, config);
    return drawn[id];
  }

  function minutesAxis(view, axis) {
    return { beginAtZero: true, title: { display: true, text: view.t("reports.chart.minutes") }, grid: { color: "#e3e8ef" }, ticks: axis };
  }

  function tooltipMinutes(view) {
    return {
      callbacks: {
        title: function (items) { return items.length ? items[0].chart.data.fullLabels[items[0].dataIndex] : ""; },
        label: function (item) { return item.dataset.label + ": " + view.show(item.raw, item.dataset.kind || "minutes"); },
      },
    };
  }

  // Served per office (or per service of the one office), as horizontal bars in the configuration's order.
  function perPlace(report, view) {
    let rows = view.single ? report.groups.service.slice() : report.groups.office.slice();
    if (view.single) rows = rows.sort(function (a, b) { return b.served - a.served; }).slice(0, TOP_SERVICES);
    return rows;
  }

  function sizeBox(boxId, rows) {
    document.getElementById(boxId).style.height = Math.max(220, rows * ROW_HEIGHT + 70) + "px";
  }

  function servedChart(report, view) {
    const rows = perPlace(report, view);
    const title = view.t(view.single ? "reports.chart.served_services" : "reports.chart.served_offices");
    document.getElementById("chart-served-title").textContent = title;
    sizeBox("box-served", rows.length);
    chart("chart-served", {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return view.shorter(view.labelled(row)); }),
        fullLabels: rows.map(view.labelled),
        datasets: [{ label: view.t("reports.figure.served"), data: rows.map(function (row) { return row.served; }), backgroundColor: SERVED, kind: "count" }],
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { display: false }, tooltip: tooltipMinutes(view) },
        scales: { x: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: "#e3e8ef" } }, y: { grid: { display: false } } },
      },
    }, view.t("access.chart.served", { title: title }));
  }

  function waitsChart(report, view) {
    const rows = perPlace(report, view);
    const title = view.t(view.single ? "reports.chart.waits_services" : "reports.chart.waits_offices");
    document.getElementById("chart-waits-title").textContent = title;
    sizeBox("box-waits", rows.length);
    chart("chart-waits", {
      type: "bar",
      data: {
        labels: rows.map(function (row) { return view.shorter(view.labelled(row)); }),
        fullLabels: rows.map(view.labelled),
        datasets: waitSets(rows, view),
      },
      options: {
        indexAxis: "y",
        plugins: { legend: { position: "top" }, tooltip: tooltipMinutes(view) },
        scales: { x: minutesAxis(view), y: { grid: { display: false } } },
      },
    }, view.t("access.chart.waits", { title: title }));
  }

  function waitSets(rows, view) {
    return [
      { label: view.t("reports.chart.p50"), data: rows.map(function (row) { return row.wait_p50_minutes; }), backgroundColor: P50 },
      { label: view.t("reports.chart.p90"), data: rows.map(function (row) { return row.wait_p90_minutes; }), backgroundColor: P90 },
    ];
  }

  // Every day of the period up to today, a day without visits at zero.
  function daysChart(report, view) {
    const found = {};
    report.groups.day.forEach(function (row) { found[row.key] = row; });
    const last = report.values.to < view.today ? report.values.to : view.today;
    const days = [];
    for (let day = new Date(report.values.from + "T00:00:00Z"); day.toISOString().slice(0, 10) <= last && days.length < 1100; day.setUTCDate(day.getUTCDate() + 1)) {
      days.push(day.toISOString().slice(0, 10));
    }
    const short = new Intl.DateTimeFormat(view.locale, { timeZone: "UTC", day: "2-digit", month: "2-digit" });
    const full = new Intl.DateTimeFormat(view.locale, { timeZone: "UTC", weekday: "long", day: "numeric", month: "long", year: "numeric" });
    const date = function (iso) { return new Date(iso + "T00:00:00Z"); };
    chart("chart-days", {
      type: "line",
      data: {
        labels: days.map(function (iso) { return short.format(date(iso)); }),
        fullLabels: days.map(function (iso) { return full.format(date(iso)); }),
        datasets: [
          { label: view.t("reports.figure.issued"), data: days.map(function (iso) { return found[iso] ? found[iso].issued : 0; }), borderColor: ISSUED, backgroundColor: ISSUED, kind: "count", pointRadius: days.length > 62 ? 0 : 2 },
          { label: view.t("reports.figure.served"), data: days.map(function (iso) { return found[iso] ? found[iso].served : 0; }), borderColor: SERVED, backgroundColor: SERVED, kind: "count", pointRadius: days.length > 62 ? 0 : 2 },
        ],
      },
      options: {
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "top" }, tooltip: tooltipMinutes(view) },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: "#e3e8ef" } }, x: { grid: { display: false }, ticks: { autoSkip: true, maxRotation: 0 } } },
      },
    }, view.t("access.chart.days", { title: view.t("reports.chart.days") }));
  }

  // Waits by the moment of issue: bars for the median and the 90th percentile, a line for the tickets issued.
  function timeChart(id, keys, rows, label, view, title) {
    const found = {};
    rows.forEach(function (row) { found[row.key] = row; });
    chart(id, {
      type: "bar",
      data: {
        labels: keys.map(label),
        fullLabels: keys.map(label),
        datasets: [
          { type: "line", label: view.t("reports.figure.issued"), data: keys.map(function (key) { return found[key] ? found[key].issued : 0; }), borderColor: ISSUED, backgroundColor: ISSUED, yAxisID: "visitors", kind: "count", order: 0 },
        ].concat(waitSets(keys.map(function (key) { return found[key] || {}; }), view).map(function (set) { return Object.assign(set, { yAxisID: "y", order: 1 }); })),
      },
      options: {
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "top" }, tooltip: tooltipMinutes(view) },
        scales: {
          y: minutesAxis(view),
          visitors: { position: "right", beginAtZero: true, ticks: { precision: 0 }, grid: { display: false }, title: { display: true, text: view.t("reports.chart.visitors") } },
          x: { grid: { display: false } },
        },
      },
    }, view.t("access.chart.times", { title: title }));
  }

  function hoursChart(report, view) {
    const hours = report.groups.hour.map(function (row) { return row.key; });
    const first = hours.length ? Math.min.apply(null, hours) : 8;
    const last = hours.length ? Math.max.apply(null, hours) : 18;
    const keys = [];
    for (let hour = first; hour <= last; hour++) keys.push(hour);
    timeChart("chart-hours", keys, report.groups.hour, function (hour) { return String(hour).padStart(2, "0") + ":00"; }, view, view.t("reports.chart.hours"));
  }

  function weekdaysChart(report, view) {
    timeChart("chart-weekdays", [1, 2, 3, 4, 5, 6, 7], report.groups.weekday, view.weekdayLabel, view, view.t("reports.chart.weekdays"));
  }

  window.ChergaReportCharts = {
    draw: function (report, view) {
      if (!window.Chart) return; // Chart.js missing on this server (npm ci): the tiles and tables still show
      servedChart(report, view);
      waitsChart(report, view);
      daysChart(report, view);
      hoursChart(report, view);
      weekdaysChart(report, view);
    },
  };
})();
