// The supervisor's desks tab: every desk of the office live (state, who works
// there, the ticket at it and since when, the services of today), changing a
// desk's services for the day, and closing a desk left open.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const $ = page.$;
  const el = page.el;
  const t = page.t;
  const view = page.view;
  const SHOWN_SERVICES = 3;

  function stateCell(desk) {
    const status = ["open", "paused"].indexOf(desk.status) >= 0 ? desk.status : "closed";
    let text = page.deskStateWords(status);
    if (status === "paused" && desk.reason) text += ": " + page.pauseWords(desk.reason);
    const since = status !== "closed" && desk.since ? el("small", { text: t("supervisor.since", { time: page.hhmm(desk.since) }) }) : null;
    return el("td", {}, [el("span", { class: "state " + status, text: text }), since]);
  }

  function ticketCell(desk) {
    if (!desk.ticket) return el("td", { class: "muted", text: "—" });
    const call = view.snapshot.calls.find(function (ticket) { return ticket.desk === desk.id; });
    const parts = [el("strong", { class: "number", text: desk.ticket })];
    if (call) {
      const started = call.status === "serving" && call.started_at;
      const moment = started ? call.started_at : call.called_at;
      const key = started ? "supervisor.ticket.serving" : "supervisor.ticket.called";
      parts.push(el("small", { text: t(key, { time: page.hhmm(moment), minutes: window.ChergaStaff.minutesSince(moment) }) }));
      parts.push(el("small", { class: "muted", text: page.serviceName(call.service) }));
    }
    return el("td", {}, parts);
  }

  function servicesCell(desk) {
    if (!desk.services) return el("td", { class: "muted", text: "—" });
    const names = desk.services.map(page.serviceName);
    const more = names.length - SHOWN_SERVICES;
    const shown = names.slice(0, SHOWN_SERVICES).join(", ") + (more > 0 ? " " + t("supervisor.services.more", { count: more }) : "");
    return el("td", { class: "services", title: names.join("\n") }, [
      desk.services_changed ? el("span", { class: "badge changed", text: t("supervisor.services.changed") }) : null,
      el("span", { text: desk.services_changed ? shown : t("supervisor.services.profile", { count: names.length }) }),
    ]);
  }

  function drawDesks() {
    const counts = { open: 0, paused: 0, closed: 0 };
    const rows = view.snapshot.desks.map(function (live) {
      const desk = page.deskRecord(live.id);
      counts[desk.status] = (counts[desk.status] || 0) + 1;
      const actions = el("td", { class: "actions" }, !page.mayChange ? [] : [
        el("button", { type: "button", class: "secondary", text: t("supervisor.desks.change_services"), onclick: function () { openServices(desk.id); } }),
        desk.status !== "closed"
          ? el("button", { type: "button", class: "danger", text: t("supervisor.desks.force_close"), onclick: function () { forceClose(desk.id); } })
          : null,
      ]);
      return el("tr", { dataset: { desk: desk.id, status: desk.status }, class: desk.status }, [
        el("th", { scope: "row", text: page.named(desk) }),
        stateCell(desk),
        el("td", { text: desk.operator || "—", class: desk.operator ? "" : "muted" }),
        ticketCell(desk),
        servicesCell(desk),
        actions,
      ]);
    });
    page.fill(document.querySelector("#desks tbody"), rows);
    $("desks-summary").textContent = t("supervisor.desks.summary", { open: counts.open, paused: counts.paused, closed: counts.closed });
    $("count-desks").textContent = String(counts.open + counts.paused);
  }

  function forceClose(deskId) {
    const name = page.deskName(deskId);
    page.confirmAction({
      title: t("supervisor.force_close.title", { desk: name }),
      text: t("supervisor.force_close.text"),
      yes: t("supervisor.desks.force_close"),
      reason: true,
      done: t("supervisor.force_close.done", { desk: name }),
      run: function (reason) { return page.api("POST", "/desks/" + deskId + "/force-close", { reason: reason }); },
    });
  }

  // ---- a desk's services for today: the office's services by category, ticked with their weights
  let servicesDesk = null;

  function serviceRow(service, weights) {
    const weight = weights[service.code];
    const serving = weight !== undefined && weight > 0;
    const search = (service.name + " " + service.name_en + " " + service.code).toLowerCase();
    return el("div", { class: "service-row", dataset: { service: service.code, search: search } }, [
      el("label", {}, [
        el("input", { type: "checkbox", name: "service", value: service.code, checked: serving }),
        el("span", { text: page.named(service) }),
      ]),
      el("label", { class: "weight" }, [
        el("span", { text: t("supervisor.services.weight") }),
        el("input", {
          type: "number", name: "weight", min: "0.1", max: "10", step: "0.1", value: String(serving ? weight : 1),
          "aria-label": t("supervisor.services.weight") + " " + page.named(service),
        }),
      ]),
    ]);
  }

  function openServices(deskId) {
    servicesDesk = deskId;
    const desk = page.deskRecord(deskId);
    $("services-title").textContent = t("supervisor.services.title", { desk: page.named(desk) });
    $("services-filter").value = "";
    $("services-restore").disabled = !desk.services_changed;
    const groups = {};
    view.services.forEach(function (service) { (groups[service.category] = groups[service.category] || []).push(service); });
    const order = view.categories.map(function (category) { return category.code; });
    const codes = Object.keys(groups).sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    page.fill($("services-list"), codes.map(function (code) {
      const category = view.categories.find(function (item) { return item.code === code; });
      const legend = el("legend", { text: category ? page.named(category) : code });
      return el("fieldset", {}, [legend].concat(groups[code].map(function (service) { return serviceRow(service, desk.weights || {}); })));
    }));
    page.openDialog($("services-dialog"));
  }

  $("services-filter").addEventListener("input", function () {
    const wanted = this.value.trim().toLowerCase();
    document.querySelectorAll("#services-list .service-row").forEach(function (row) {
      row.hidden = wanted !== "" && row.dataset.search.indexOf(wanted) < 0;
    });
    document.querySelectorAll("#services-list fieldset").forEach(function (group) {
      group.hidden = !group.querySelector(".service-row:not([hidden])");
    });
  });

  $("services-none").addEventListener("click", function () {
    document.querySelectorAll("#services-list input[name=service]").forEach(function (box) { box.checked = false; });
  });

  async function changeServices(method, body, doneKey) {
    try {
      await page.api(method, "/desks/" + servicesDesk + "/services", body);
      page.closeDialog($("services-dialog"));
      page.showNotice(t(doneKey, { desk: page.deskName(servicesDesk) }));
      page.refreshDesks();
    } catch (error) {
      page.showError(error, $("services-error"));
    }
  }

  $("services-form").addEventListener("submit", function (event) {
    event.preventDefault();
    const weights = {};
    document.querySelectorAll("#services-list .service-row").forEach(function (row) {
      if (row.querySelector("input[name=service]").checked) weights[row.dataset.service] = Number(row.querySelector("input[name=weight]").value) || 1;
    });
    if (Object.keys(weights).length === 0) { $("services-error").textContent = t("supervisor.services.none"); return; }
    changeServices("PUT", { weights: weights }, "supervisor.services.done");
  });

  $("services-restore").addEventListener("click", function () {
    changeServices("DELETE", undefined, "supervisor.services.restored");
  });

  page.drawings.desks = drawDesks;
})();
