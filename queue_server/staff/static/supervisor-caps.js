// The supervisor's table of today's ticket limits, under the queue: each service
// of the office with a daily cap, an hourly cap or a stop-issuing time, how many
// tickets it has given and how many are left, and (for a supervisor, a manager
// or an admin) a change for the rest of the day or «Як у налаштуваннях». The API
// does the work (docs/queue-rules.md): PUT/DELETE
// /offices/{office}/services/{service}/cap, GET /offices/{office}/caps. A new
// ticket on the stream refreshes the counts.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const $ = page.$;
  const t = page.t;
  const root = document.getElementById("supervisor");
  const mayChange = ["supervisor", "manager", "admin"].indexOf(root.dataset.role) >= 0;
  const base = "/offices/" + encodeURIComponent(page.office);
  let caps = null;
  let soon = null;

  function limit(value) { return value === null || value === undefined ? t("supervisor.caps.no_cap") : String(value); }

  function input(name, value, service) {
    return page.el("input", {
      type: "number", min: "0", max: name === "daily_cap" ? "10000" : "1000", class: "cap-input", value: value === null ? "" : String(value),
      placeholder: t("supervisor.caps.no_cap"), dataset: { cap: name, service: service }, "aria-label": t(name === "daily_cap" ? "supervisor.caps.daily" : "supervisor.caps.hourly"),
    });
  }

  function row(item) {
    const daily = mayChange ? input("daily_cap", item.daily_cap, item.service) : null;
    const hourly = mayChange ? input("hourly_cap", item.hourly_cap, item.service) : null;
    const actions = !mayChange ? [] : [
      page.el("button", { type: "button", text: t("supervisor.caps.save"), dataset: { save: item.service }, onclick: function () { save(item, daily, hourly); } }),
      item.changed ? page.el("button", { type: "button", class: "secondary", text: t("supervisor.caps.restore"), dataset: { restore: item.service }, onclick: function () { restore(item); } }) : null,
    ];
    return page.el("tr", { dataset: { service: item.service }, class: item.left === 0 ? "sold-out" : "" }, [
      page.el("td", {}, [page.el("span", { text: page.serviceName(item.service) }), item.changed ? page.el("small", { class: "changed", text: " · " + t("supervisor.caps.changed") }) : null]),
      page.el("td", {}, [daily || limit(item.daily_cap)]),
      page.el("td", {}, [hourly || limit(item.hourly_cap)]),
      page.el("td", { class: "used", text: String(item.issued_today) }),
      page.el("td", { class: "left", text: item.left === null ? "—" : String(item.left) }),
      page.el("td", { text: item.stops_at ? page.hhmm(item.stops_at) : "—" }),
      page.el("td", { class: "actions" }, actions),
    ]);
  }

  function draw() {
    if (!caps) return;
    page.fill(document.querySelector("#caps tbody"), caps.services.map(row));
    $("caps-none").hidden = caps.services.length > 0;
    $("caps").hidden = caps.services.length === 0;
  }

  async function refresh() {
    try {
      caps = await page.api("GET", base + "/caps");
      $("caps-error").textContent = "";
    } catch (error) {
      page.showError(error, $("caps-error"));
      return;
    }
    draw();
  }

  function number(field) {
    const text = field.value.trim();
    return text === "" ? null : Number(text);
  }

  async function save(item, daily, hourly) {
    try {
      caps = await page.api("PUT", base + "/services/" + encodeURIComponent(item.service) + "/cap", { daily_cap: number(daily), hourly_cap: number(hourly) });
      page.showNotice(t("supervisor.caps.saved"));
      draw();
    } catch (error) {
      $("caps-error").textContent = t("supervisor.caps.failed", { message: error.message });
    }
  }

  async function restore(item) {
    try {
      caps = await page.api("DELETE", base + "/services/" + encodeURIComponent(item.service) + "/cap");
      draw();
    } catch (error) {
      $("caps-error").textContent = t("supervisor.caps.failed", { message: error.message });
    }
  }

  const showQueue = page.tabs.queue;
  page.tabs.queue = function () { if (showQueue) showQueue(); refresh(); };
  page.listeners.caps = function (message) {  // a ticket given changes the counts: one read for a burst of them
    if (message.type !== "ticket.issued" || soon) return;
    soon = setTimeout(function () { soon = null; refresh(); }, 1000);
  };
  page.translations.caps = draw;
  refresh();
})();
