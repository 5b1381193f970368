// The dashboard and the air-raid pause: offices in alert marked in red (a
// «Тривога» badge in the row, a count above the table, a banner on an office's
// own page), from each office's `air_raid` in GET /api/v1/dashboard — which
// dashboard.js reads again whenever an office's stream says something
// happened, an `office.air_raid` event included. A manager or an admin also
// gets the network form: tick offices (or the whole network), start or end,
// confirm (POST /api/v1/alerts). Data never goes through innerHTML.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const root = document.getElementById("dashboard");

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }
  function active(row) { return !!(row && row.air_raid && row.air_raid.active); }
  function named(node) { return staff.lang() === "en" && node.dataset.nameEn ? node.dataset.nameEn : node.dataset.name; }

  function hhmm(iso) { return i18n.hhmm(iso, root ? root.dataset.timezone : undefined); }  // in the office's time zone

  // The red badge beside an office's name in the network's table, or nothing.
  function badge(row) {
    if (!active(row)) return null;
    return staff.el("span", {
      class: "air-raid-badge", title: t("alert.dashboard.badge_title", { time: hhmm(row.air_raid.since) }), text: t("alert.dashboard.badge"),
    });
  }

  // In the row's «needs attention» cell: the alert in words, never «all well» while it lasts.
  function chip(row) {
    if (!active(row)) return null;
    return staff.el("span", { class: "chip critical", dataset: { kind: "air_raid" }, text: t("alert.dashboard.badge_title", { time: hhmm(row.air_raid.since) }) });
  }

  // The count above the table: how many of the offices shown are in alert.
  function tile(rows) {
    const count = rows.filter(active).length;
    return staff.el("div", { class: "tile air-raid " + (count ? "critical" : ""), dataset: { tile: "air-raid", count: String(count) } }, [
      staff.el("span", { class: "value", text: i18n.number(count, 0) + " / " + i18n.number(rows.length, 0) }),
      staff.el("span", { class: "label", text: t("alert.dashboard.tile") }),
    ]);
  }

  // One office's page: a banner under its name while the alert lasts.
  function office(row) {
    const banner = $("office-air-raid");
    if (!banner) return;
    banner.hidden = !active(row);
    banner.textContent = active(row) ? t("alert.dashboard.office", { time: hhmm(row.air_raid.since) }) : "";
    root.dataset.airRaid = active(row) ? "yes" : "";
  }

  // ---- the managers' network form
  function chosen() {
    if ($("air-raid-all").checked) return "all";
    return Array.from(document.querySelectorAll("#air-raid-offices input:checked")).map(function (box) { return box.value; });
  }

  function chosenNames(offices) {
    if (offices === "all") return t("alert.dashboard.form.all");
    return offices.map(function (code) { return named(document.querySelector("#air-raid-offices input[value='" + code + "'] + .office-name")); }).join(", ");
  }

  let asked = null;  // true: start, false: end — what the open confirmation is for
  let done = null;  // the last answer's counts, said again in another language
  function ask(start) {
    const offices = chosen();
    $("air-raid-error").textContent = "";
    $("air-raid-notice").textContent = "";
    done = null;
    if (offices !== "all" && offices.length === 0) { $("air-raid-error").textContent = t("alert.dashboard.form.none"); return; }
    asked = start;
    const names = { offices: chosenNames(offices) };
    $("air-raid-confirm-title").textContent = start ? t("alert.dashboard.confirm.start", names) : t("alert.dashboard.confirm.end", names);
    $("air-raid-confirm-text").textContent = start ? t("alert.dashboard.confirm.start_text") : t("alert.dashboard.confirm.end_text");
    $("air-raid-confirm").textContent = start ? t("alert.dashboard.form.start") : t("alert.dashboard.form.end");
    $("air-raid-confirm-error").textContent = "";
    $("air-raid-dialog").showModal();
    $("air-raid-confirm").focus();
  }

  async function confirm(event) {
    event.preventDefault();
    $("air-raid-confirm").disabled = true;
    try {
      const answer = await staff.api("POST", "/alerts", { offices: chosen(), active: asked });
      const changed = answer.offices.filter(function (item) { return item.changed; }).length;
      $("air-raid-dialog").close();
      done = { changed: changed, unchanged: answer.offices.length - changed };
      $("air-raid-notice").textContent = t("alert.dashboard.done", done);
      root.dataset.airRaidSent = String(Number(root.dataset.airRaidSent || "0") + 1);
    } catch (error) {
      $("air-raid-confirm-error").textContent = t("staff.error", { message: error.message });
    } finally {
      $("air-raid-confirm").disabled = false;
    }
  }

  // The office names of the form in the page's language (the dashboard redraws after a switch).
  function translateForm() {
    document.querySelectorAll("#air-raid-offices .office-name").forEach(function (node) { node.textContent = named(node); });
    if (done && $("air-raid-notice")) $("air-raid-notice").textContent = t("alert.dashboard.done", done);
  }

  function network(rows) {
    translateForm();
    return tile(rows);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!$("air-raid-form")) return;
    $("air-raid-all").addEventListener("change", function () {
      document.querySelectorAll("#air-raid-offices input").forEach(function (box) { box.disabled = $("air-raid-all").checked; });
    });
    $("air-raid-start").addEventListener("click", function () { ask(true); });
    $("air-raid-end").addEventListener("click", function () { ask(false); });
    $("air-raid-confirm-form").addEventListener("submit", confirm);
    $("air-raid-cancel").addEventListener("click", function () { $("air-raid-dialog").close(); });
  });

  window.ChergaDashboardAirRaid = { active: active, badge: badge, chip: chip, network: network, office: office };
})();
