// Paper mode at the kiosk: while the office's kiosks are switched to the paper
// roll (the snapshot's `paper_mode`, the event `office.paper_mode`), a full
// screen over the menu says «Візьміть паперовий талон» and where; the kiosk
// issues nothing (the server refuses with 409 `paper_mode` as well). kiosk.js
// hands it the office's stream: `ChergaKioskPaper()` once, then `snapshot`
// and `event` from its live connection. docs/paper-roll.md.
(function () {
  "use strict";
  window.ChergaKioskPaper = function () {
    const root = document.getElementById("kiosk");
    const panel = document.createElement("section");
    panel.id = "paper-mode";
    panel.className = "paper-mode";
    panel.hidden = true;
    panel.setAttribute("role", "alert");
    [["h2", "kiosk.paper.title"], ["p", "kiosk.paper.help"], ["p", "kiosk.paper.called"]].forEach(function (part) {
      const node = document.createElement(part[0]);
      node.dataset.i18n = part[1];  // the kiosk's own language switch translates it with the rest of the page
      panel.appendChild(node);
    });
    root.appendChild(panel);

    function set(mode) {
      const on = Boolean(mode && mode.active);
      if (on) panel.querySelectorAll("[data-i18n]").forEach(function (node) { node.textContent = window.ChergaI18n.t(node.dataset.i18n); });
      const header = root.querySelector("header");  // below the header: its language switch stays at hand
      if (on && header) panel.style.top = Math.ceil(header.getBoundingClientRect().bottom) + "px";
      panel.hidden = !on;
      root.dataset.paper = on ? "on" : "off";
    }
    return {
      snapshot: function (snapshot) { set(snapshot.paper_mode); },
      event: function (message) { if (message.type === "office.paper_mode") set(message.data); },
      active: function () { return !panel.hidden; },
    };
  };
})();
