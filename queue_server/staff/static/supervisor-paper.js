// The supervisor's paper-mode switch: in a kiosk or power outage one action
// switches every kiosk of the office to «Візьміть паперовий талон» (they issue
// nothing), and one switches them back. The state is the live picture's
// (`paper_mode` of the snapshot, moved by `office.paper_mode` events), so a
// switch made elsewhere shows here at once. docs/paper-roll.md.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const $ = page.$;
  const t = page.t;
  const el = page.el;

  const state = el("p", { id: "paper-state", class: "paper-state" });
  const button = el("button", { type: "button", id: "paper-switch" });
  const panel = el("section", { id: "paper-mode", class: "card paper-mode" }, [el("h2", { text: "" }), state, button]);
  document.querySelector("#supervisor .messages").before(panel);

  function mode() { return (page.view.snapshot && page.view.snapshot.paper_mode) || { active: false, since: null }; }

  function draw() {
    const now = mode();
    panel.querySelector("h2").textContent = t("supervisor.paper.title");
    panel.dataset.active = String(now.active);
    state.textContent = now.active ? t("supervisor.paper.on", { time: page.hhmm(now.since) }) : t("supervisor.paper.off");
    button.textContent = t(now.active ? "supervisor.paper.switch_off" : "supervisor.paper.switch_on");
    button.className = now.active ? "" : "secondary";
    button.disabled = page.view.snapshot === null;
  }

  button.addEventListener("click", function () {
    const on = !mode().active;
    page.confirmAction({
      title: t(on ? "supervisor.paper.switch_on" : "supervisor.paper.switch_off"),
      text: t(on ? "supervisor.paper.confirm_on" : "supervisor.paper.confirm_off"),
      yes: t(on ? "supervisor.paper.switch_on" : "supervisor.paper.switch_off"),
      done: t(on ? "supervisor.paper.done_on" : "supervisor.paper.done_off"),
      run: function () { return page.api("POST", "/offices/" + page.office + "/paper-mode", { active: on }); },
    });
  });
  page.drawings.paper = draw;
  page.translations.paper = draw;
  draw();
})();
