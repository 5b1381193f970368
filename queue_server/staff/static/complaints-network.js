// The complaints page's list for managers: the network's overdue complaints
// (GET /api/v1/complaints/overdue), the longest overdue first, each with its
// office, due date and the days it is late, and a link to the office's register.
(function () {
  "use strict";
  window.ChergaComplaintsNetwork = function (options) {
    const staff = window.ChergaStaff;
    const el = staff.el;
    const t = options.t;
    const $ = options.$;

    async function load() {
      if (!$("network-overdue")) return;
      let listed;
      try {
        listed = await staff.api("GET", "/complaints/overdue");
      } catch (error) {
        $("network-summary").textContent = options.explain(error);
        return;
      }
      listed.sort(function (a, b) { return a.due < b.due ? -1 : a.due > b.due ? 1 : a.id - b.id; });
      $("network-summary").textContent = listed.length
        ? t("complaints.network.count", { count: listed.length })
        : t("complaints.network.none");
      $("network-table").hidden = listed.length === 0;
      const rows = listed.map(function (item) {
        const office = options.office(item.office);
        const late = options.daysLate(item);
        return el("tr", { class: "overdue", dataset: { id: String(item.id), office: item.office } }, [
          el("td", {}, [el("a", { href: "/complaints?office=" + encodeURIComponent(item.office), text: office ? options.named(office) : item.office })]),
          el("td", { class: "number", text: "№\u00a0" + item.id }),
          el("td", { class: "nowrap", text: options.received(item) }),
          el("td", { class: "nowrap", text: options.date(item.due) }),
          el("td", {}, [el("strong", { class: "late", text: t("complaints.late", { days: late }) })]),
          el("td", { text: t("complaints.status." + item.status) }),
          el("td", { class: "text", text: item.text.length > 120 ? item.text.slice(0, 119) + "…" : item.text }),
        ]);
      });
      $("network-table").querySelector("tbody").replaceChildren.apply($("network-table").querySelector("tbody"), rows);
    }

    return { load: load };
  };
})();
