// The desk console's «Дати результатів» (docs/deadlines.md): the requests
// this administrator served lately whose service has a statutory term
// (GET /offices/{office}/served-requests), each with its deadline; the
// administrator records the day its result was ready (POST
// /offices/{office}/outcomes). A refusal (a date before the visit or after
// today) is said in words beside the row; the button is disabled while its
// call runs, so a double tap records once.
(function () {
  "use strict";
  window.ChergaDeskOutcomes = function (options) {
    const S = window.ChergaStaff;
    const el = S.el;
    const $ = options.$;
    const t = options.t;
    let office = null;
    let listed = [];

    function locale() { return S.lang() === "en" ? "en-GB" : "uk-UA"; }
    function date(isoDate) {
      return new Intl.DateTimeFormat(locale(), { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(isoDate + "T00:00:00Z"));
    }
    function today() {
      return new Intl.DateTimeFormat("en-CA", { timeZone: office.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    }

    function explain(error) {
      const field = (error.details || {}).field;
      if (error.status === 400 && field === "outcome_date") return t("outcomes.desk.refused.date");
      if (error.status === 400 && field === "service") return t("outcomes.desk.refused.service");
      if (error.status === 404) return t("outcomes.desk.refused.gone");
      if (error.status === 403) return t("outcomes.desk.refused.forbidden");
      return t("staff.error", { message: error.message });
    }

    async function record(item, input, button, said) {
      if (button.disabled) return;
      said.textContent = "";
      said.className = "said";
      if (!input.value) { said.textContent = t("outcomes.desk.refused.date"); said.className = "said error"; return; }
      button.disabled = true;
      try {
        const done = await S.api("POST", "/offices/" + encodeURIComponent(office.code) + "/outcomes",
          { ticket_id: item.ticket_id, outcome_date: input.value, service: item.service });
        item.outcome_date = done.outcome_date;
        said.textContent = t("outcomes.desk.done." + done.result, { number: done.ticket_number, date: date(done.outcome_date) });
        said.className = "said notice";
      } catch (error) {
        said.textContent = explain(error);
        said.className = "said error";
      } finally {
        button.disabled = false;
      }
      count();
    }

    function row(item) {
      const id = "outcome-" + item.ticket_id + "-" + item.step;
      const input = el("input", { type: "date", id: id, min: item.day, max: today(), value: item.outcome_date || today() });
      const button = el("button", { type: "button", class: "secondary", text: t(item.outcome_date ? "outcomes.desk.change" : "outcomes.desk.record") });
      const said = el("span", { class: "said", role: "status" });
      button.addEventListener("click", function () { record(item, input, button, said); });
      return el("tr", { dataset: { ticket: String(item.ticket_id), step: String(item.step) }, class: item.outcome_date ? "recorded" : "" }, [
        el("th", { scope: "row", class: "ticket-number", text: item.ticket_number }),
        el("td", { text: date(item.day) }),
        el("td", { text: options.serviceName(item.service) }),
        el("td", { class: "nowrap", text: date(item.deadline) }),
        el("td", { class: "nowrap" }, [el("label", { for: id, class: "visually-hidden", text: t("outcomes.desk.date_for", { number: item.ticket_number }) }), input]),
        el("td", {}, [button, " ", said]),
      ]);
    }

    function count() {
      const open = listed.filter(function (item) { return !item.outcome_date; }).length;
      $("outcomes-count").textContent = open ? String(open) : "";
      $("outcomes-count").hidden = !open;
    }

    function draw() {
      if (!office) return;
      $("outcomes-none").hidden = listed.length > 0;
      $("outcomes-table").hidden = listed.length === 0;
      $("outcomes-list").replaceChildren.apply($("outcomes-list"), listed.map(row));
      count();
    }

    async function show(chosen) {
      office = chosen;
      $("outcomes-error").textContent = "";
      try {
        listed = await S.api("GET", "/offices/" + encodeURIComponent(office.code) + "/served-requests");
      } catch (error) {
        listed = [];
        $("outcomes-error").textContent = explain(error);
      }
      draw();
    }

    return { show: show, draw: draw, refresh: function () { if (office) show(office); } };
  };
})();
