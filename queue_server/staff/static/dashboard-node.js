// The dashboard and office nodes (docs/nodes.md): an office a node serves gets
// a «Вузол» badge in the network's table (its address as the title), and one
// whose node the centre has not heard from for a while a chip in its «needs
// attention» cell — «Офіс поза зв'язком з 14:05 · 12 подій чекають» — and a
// banner on the office's own page, from each office's `node` in
// GET /api/v1/dashboard. Data never goes through innerHTML.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const root = document.getElementById("dashboard");

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }
  function served(row) { return !!(row && row.node); }
  function offline(row) { return served(row) && row.node.offline; }

  function hhmm(iso) { return i18n.hhmm(iso, root ? root.dataset.timezone : undefined); }  // in the office's time zone

  // «Офіс поза зв'язком з 14:05 · 12 подій чекають»; without the count when nothing waits.
  function words(row) {
    const node = row.node;
    if (!node.last_contact_at) return t("node.dashboard.never_heard");
    const time = hhmm(node.last_contact_at);
    return node.waiting ? t("node.dashboard.offline_waiting", { time: time, count: node.waiting }) : t("node.dashboard.offline", { time: time });
  }

  // Beside an office's name in the network's table: a node serves it.
  function badge(row) {
    if (!served(row)) return null;
    return staff.el("span", {
      class: "node-badge" + (offline(row) ? " offline" : ""), title: t("node.dashboard.badge_title", { name: row.node.name, address: row.node.address }),
      dataset: { node: row.node.name, offline: offline(row) ? "yes" : "" }, text: t("node.dashboard.badge"),
    });
  }

  // In the row's «needs attention» cell while the node is out of touch.
  function chip(row) {
    if (!offline(row)) return null;
    return staff.el("span", { class: "chip critical", dataset: { kind: "node_offline", waiting: String(row.node.waiting) }, text: words(row) });
  }

  // One office's page: a banner under its name while its node is out of touch.
  function office(row) {
    const banner = $("office-node");
    if (!banner) return;
    banner.hidden = !offline(row);
    banner.replaceChildren();
    if (offline(row)) {
      banner.append(staff.el("strong", { text: words(row) + "." }), " ", t("node.dashboard.office_note"));
    }
    root.dataset.nodeOffline = offline(row) ? "yes" : "";
  }

  window.ChergaDashboardNode = { served: served, offline: offline, badge: badge, chip: chip, office: office };
})();
