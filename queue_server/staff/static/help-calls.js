// «Покличте працівника до мене» on the staff pages: a visitor at a kiosk asked for a
// member of staff to come. Each open call shows the kiosk's name and the time it
// was asked; «Я підійду» answers it, and it leaves every staff page at once (the
// office's stream carries office.help_requested and office.help_handled). The
// supervisor's page and the desk console both show it. docs/kiosk.md.
(function () {
  "use strict";
  window.ChergaHelpCalls = function (options) {
    const el = window.ChergaStaff.el;
    const t = options.t;
    const panel = options.panel;
    const title = el("h2", {});
    const list = el("ul", { class: "help-calls-list" });
    panel.replaceChildren(title, list);
    let office = null;
    let calls = [];

    function draw() {
      title.textContent = t("help.title");
      panel.hidden = calls.length === 0;
      list.replaceChildren.apply(list, calls.map(function (call) {
        const button = el("button", { type: "button", text: t("help.handled") });
        button.addEventListener("click", function () { answer(call, button); });
        const where = el("span", { class: "help-where", text: t("help.at", { kiosk: call.kiosk, time: options.hhmm(call.asked_at) }) });
        return el("li", { dataset: { call: String(call.id) } }, [where, button]);
      }));
    }

    async function load(code) {
      office = code;
      try { calls = await options.api("GET", "/offices/" + office + "/help-requests"); } catch (error) { calls = []; }
      draw();
    }

    async function answer(call, button) {
      button.disabled = true;
      try {
        await options.api("POST", "/offices/" + office + "/help-requests/" + call.id + "/handled", {});
      } catch (error) {
        if (error.status !== 409) { button.disabled = false; return; }  // 409: a colleague is going already
      }
      calls = calls.filter(function (each) { return each.id !== call.id; });
      draw();
    }

    function hear(message) {
      const data = message.data || {};
      if (message.type === "office.help_requested" && !calls.some(function (each) { return each.id === data.id; })) calls.push(data);
      else if (message.type === "office.help_handled") calls = calls.filter(function (each) { return each.id !== data.id; });
      else return;
      draw();
    }

    return { load: load, hear: hear, draw: draw };
  };
})();
