// The programme's four indicators on the dashboard (templates/dashboard_kpis.html): for today or this
// month, of the office shown or of the whole network (then also by office), each with its target, the
// benchmark and the verdict in words and a mark, never in colour alone. Read from GET /api/v1/reports/kpis
// (docs/reports.md defines each figure); the figures are not live, so they are read again every few minutes.
// Data never goes through innerHTML.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const REFRESH = 5 * 60 * 1000;
  const MARKS = { met: "✓", not_met: "✗", below_band: "▼", above_band: "▲", no_data: "–", no_target: "–" };
  const panel = document.getElementById("kpis");
  const state = { period: "today", report: null, words: false, error: null };

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }

  // Today on the offices' own calendar (the dashboard's time zone), as YYYY-MM-DD.
  function today() {
    const zone = document.getElementById("dashboard").dataset.timezone || undefined;
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  }

  function query() {
    const last = today();
    const first = state.period === "month" ? last.slice(0, 8) + "01" : last;
    const params = new URLSearchParams({ from: first, to: last });
    const office = panel.dataset.office || (panel.dataset.network ? "" : panel.dataset.offices.split(",")[0]);
    if (office) params.set("office", office);
    return params.toString();
  }

  function amount(value, unit) {
    if (value === null || value === undefined) return "—";
    return t("kpis.unit." + unit, { value: i18n.number(value, 2) });
  }

  function target(item) {
    const low = item.target_min, high = item.target_max;
    if (low !== null && high !== null) return t("kpis.target.band", { min: amount(low, item.unit), max: amount(high, item.unit) });
    if (high !== null) return t("kpis.target.at_most", { value: amount(high, item.unit) });
    if (low !== null) return t("kpis.target.at_least", { value: amount(low, item.unit) });
    return t("kpis.target.none");
  }

  function verdict(item) {
    return staff.el("p", { class: "kpi-verdict" }, [
      staff.el("span", { "aria-hidden": "true", text: MARKS[item.verdict] + " " }),
      staff.el("span", { text: t("kpis.verdict." + item.verdict) }),
    ]);
  }

  function benchmarkName(report) {
    return report.benchmark ? (staff.lang() === "en" ? report.benchmark.name_en : report.benchmark.name) : null;
  }

  function card(item) {
    const title = "kpi-" + item.indicator;
    return staff.el("li", { class: "kpi", dataset: { indicator: item.indicator, verdict: item.verdict } }, [
      staff.el("h4", { id: title, text: t("kpis.indicator." + item.indicator) }),
      staff.el("p", { class: "kpi-value", text: amount(item.value, item.unit) }),
      staff.el("dl", {}, [
        staff.el("dt", { text: t("kpis.target") }), staff.el("dd", { dataset: { role: "target" }, text: target(item) }),
        staff.el("dt", { text: t("kpis.benchmark") }),
        staff.el("dd", { dataset: { role: "benchmark" }, text: amount(item.benchmark, item.unit) }),
      ]),
      verdict(item),
      staff.el("p", { class: "kpi-better", text: t("kpis.better." + item.better) }),
    ]);
  }

  function scopeName(scope) {
    if (!scope.office) return t("kpis.network");
    return staff.lang() === "en" ? scope.label_en : scope.label;
  }

  function row(scope) {
    return staff.el("tr", { dataset: { office: scope.office } }, [
      staff.el("th", { scope: "row", text: scopeName(scope) }),
    ].concat(scope.indicators.map(function (item) {
      return staff.el("td", { class: "num kpi-cell", dataset: { indicator: item.indicator, verdict: item.verdict } }, [
        staff.el("span", { text: amount(item.value, item.unit) }),
        staff.el("span", { class: "kpi-verdict" }, [
          staff.el("span", { "aria-hidden": "true", text: MARKS[item.verdict] + " " }),
          staff.el("span", { text: t("kpis.verdict." + item.verdict) }),
        ]),
      ]);
    })));
  }

  function draw() {
    if (!state.words) return;  // the catalogue first: never a key on screen
    $("kpis-error").textContent = state.error ? t("kpis.error", { message: state.error }) : "";
    $("kpis-error").hidden = !state.error;
    const report = state.report;
    if (!report) {
      $("kpis-scope").textContent = state.error ? "" : t("kpis.loading");
      return;
    }
    const benchmark = benchmarkName(report);
    $("kpis-scope").textContent = [scopeName(report.total), state.period === "month" ? t("kpis.month") : t("kpis.today")]
      .concat(benchmark ? [t("kpis.benchmark_named", { name: benchmark })] : []).join(" · ");
    $("kpi-cards").replaceChildren.apply($("kpi-cards"), report.total.indicators.map(card));
    const several = !panel.dataset.office && report.by_office.length > 1;
    $("kpis-offices").hidden = !several;
    $("kpis-table").tBodies[0].replaceChildren.apply($("kpis-table").tBodies[0], several ? report.by_office.map(row) : []);
    panel.dataset.ready = state.period;
  }

  async function read() {
    const wanted = query();
    const period = state.period;
    ["csv", "xlsx"].forEach(function (kind) { $("kpis-" + kind).href = "/api/v1/reports/kpis." + kind + "?" + wanted; });
    try {
      const report = await staff.api("GET", "/reports/kpis?" + wanted);
      if (period !== state.period) return;  // another period was chosen meanwhile: its own reading draws it
      state.report = report;
      state.error = null;
    } catch (error) {
      if (error.status === 401 || period !== state.period) return;
      state.error = error.message || String(error.status);
    }
    draw();
  }

  function choose(period) {
    if (period === state.period) return;  // a second tap changes nothing
    state.period = period;
    state.report = null;
    delete panel.dataset.ready;
    panel.querySelectorAll(".kpis-period button").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.period === period));
    });
    draw();
    read();
  }

  if (!panel) return;
  // staff.js sets the page's lang once the catalogue of that language is loaded: draw in it.
  new MutationObserver(function () { state.words = true; draw(); }).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  panel.querySelectorAll(".kpis-period button").forEach(function (button) {
    button.addEventListener("click", function () { choose(button.dataset.period); });
  });
  read();
  setInterval(read, REFRESH);
})();
