// The dashboard's «survey today» (survey-figures.js draws it): each office's
// satisfaction and loyalty index of the offices' day, read when the page opens
// and every minute after, drawn again in the other language on a switch.
(function () {
  "use strict";
  const root = document.getElementById("dashboard");
  if (!root || !document.getElementById("survey-today")) return;
  const offices = JSON.parse(document.getElementById("offices").textContent || "[]");
  const EVERY = 60000;

  function today() {
    const zone = root.dataset.timezone || undefined;
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  }

  function officeName(code) {
    const found = offices.find(function (office) { return office.code === code; });
    if (!found) return code;
    return window.ChergaStaff.lang() === "en" && found.name_en ? found.name_en : found.name;
  }

  // A supervisor reads their own office's report; the network's is the managers'.
  const only = offices.length === 1 ? offices[0].code : null;

  function draw() { window.ChergaSurveyFigures.drawToday(today(), officeName, only); }

  document.getElementById("language").addEventListener("click", function () { setTimeout(draw, 300); });
  draw();
  setInterval(draw, EVERY);
})();
