// The reports page's line on the visitors turned away by a daily cap or the
// stop-issuing time (summary.turned_away, docs/reports.md): the total and by
// reason, hidden when nobody was turned away. reports.js calls draw(summary).
(function () {
  "use strict";
  const i18n = window.ChergaI18n;

  function draw(summary) {
    const line = document.getElementById("turned-away");
    if (!line) return;
    const away = (summary && summary.turned_away) || { total: 0 };
    line.hidden = !away.total;
    line.textContent = i18n.t("report.turned_away.line", {
      total: away.total, sold_out: away.sold_out || 0, stop_issuing: away.stop_issuing || 0, not_today: away.not_today || 0,
    });
    line.dataset.total = String(away.total || 0);
  }

  window.ChergaReportTurnedAway = { draw: draw };
})();
