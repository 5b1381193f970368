// The survey's figures (GET /api/v1/reports/survey, docs/reports.md «The
// survey») on the staff pages: the reports page's section (all, by office, by
// desk, by administrator, the reasons) and the dashboard's «survey today» card
// (each office's satisfaction and loyalty index of the offices' day). The
// answer of a query is kept, so a change of language draws it again unread.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const el = staff.el;
  const t = function (key, values) { return window.ChergaI18n.t(key, values); };
  const DASH = "—";
  let last = { query: null, answer: null };

  function locale() { return staff.lang() === "en" ? "en-GB" : "uk-UA"; }
  function count(value) { return new Intl.NumberFormat(locale()).format(value); }
  function percent(value) {
    return value === null ? DASH : new Intl.NumberFormat(locale(), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }
  function decimal(value, places) {
    return value === null ? DASH : new Intl.NumberFormat(locale(), { minimumFractionDigits: places, maximumFractionDigits: places, signDisplay: places === 1 ? "exceptZero" : "auto" }).format(value);
  }

  async function read(query, fresh) {
    if (fresh || last.query !== query) last = { query: query, answer: await staff.api("GET", "/reports/survey?" + query) };
    return last.answer;
  }

  function cells(row) {
    return [
      el("td", { class: "num", text: count(row.answers) }),
      el("td", { class: "num", text: percent(row.satisfaction_share) }),
      el("td", { class: "num", text: decimal(row.average_score, 2) }),
      el("td", { class: "num", text: decimal(row.loyalty_index, 1) }),
      el("td", { class: "num", text: count(row.from_desk_qr) }),
    ];
  }

  function table(id, rows, name) {
    const body = document.querySelector("#" + id + " tbody");
    body.replaceChildren.apply(body, rows.map(function (row) { return el("tr", {}, [el("th", { scope: "row", text: name(row) })].concat(cells(row))); }));
    document.getElementById(id).closest(".survey-part").hidden = rows.length === 0;
  }

  // The reports page: `values` are its office and period; `officeName(code)` its names.
  async function drawReport(values, officeName) {
    const section = document.getElementById("survey-report");
    if (!section) return;
    const query = new URLSearchParams({ from: values.from, to: values.to });
    if (values.office) query.set("office", values.office);
    let answer;
    try {
      answer = await read(query.toString());
    } catch (error) {
      section.hidden = true;
      return;
    }
    section.hidden = false;
    section.dataset.answers = String(answer.answers);
    document.getElementById("survey-none").hidden = answer.answers > 0;
    document.getElementById("survey-total").replaceChildren.apply(document.getElementById("survey-total"), cells(answer));
    table("survey-by-office", values.office ? [] : answer.by_office, function (row) { return officeName(row.office); });
    table("survey-by-desk", answer.by_desk, function (row) { return row.desk; });
    table("survey-by-administrator", answer.by_administrator, function (row) { return row.administrator || t("survey.report.unknown"); });
    const reasons = Object.entries(answer.reasons).sort(function (a, b) { return b[1] - a[1]; });
    const body = document.querySelector("#survey-reasons-table tbody");
    body.replaceChildren.apply(body, reasons.map(function ([code, times]) {
      return el("tr", { dataset: { reason: code } }, [el("th", { scope: "row", text: t("survey.reason." + code) }), el("td", { class: "num", text: count(times) })]);
    }));
  }

  // The dashboard: today's satisfaction and loyalty index of each office (`today` the offices' date; `office` the one
  // office of a supervisor's view, or null for the network).
  async function drawToday(today, officeName, office) {
    const card = document.getElementById("survey-today");
    if (!card) return;
    let answer;
    try {
      const query = new URLSearchParams({ from: today, to: today });
      if (office) query.set("office", office);
      answer = await read(query.toString(), true);
    } catch (error) {
      card.hidden = true; // a supervisor reads their office's reports, not the network's: the card is the managers'
      return;
    }
    card.hidden = false;
    const body = card.querySelector("tbody");
    body.replaceChildren.apply(body, answer.by_office.map(function (row) {
      return el("tr", { dataset: { office: row.office } }, [
        el("th", { scope: "row", text: officeName(row.office) }),
        el("td", { class: "num", text: count(row.answers) }),
        el("td", { class: "num", text: percent(row.satisfaction_share) }),
        el("td", { class: "num", text: decimal(row.loyalty_index, 1) }),
      ]);
    }));
    card.querySelector(".survey-none").hidden = answer.by_office.length > 0;
  }

  window.ChergaSurveyFigures = { drawReport: drawReport, drawToday: drawToday };
})();
