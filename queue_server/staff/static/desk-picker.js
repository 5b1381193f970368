// The desk console's picker: the administrator's offices, then the office's desks, each
// with who holds it now (free, open by a colleague, on a break, yours); a desk this
// administrator has open anywhere comes back first, then the one this browser last
// chose. desk_console.js makes one and hands it `begin`, which takes a desk.
(function () {
  "use strict";
  window.ChergaDeskPicker = function (options) {
    const $ = options.$;
    const t = options.t;
    const api = options.api;
    const offices = options.offices;
    const me = options.me;
    const choiceKey = options.choiceKey;
    const officeName = options.officeName;
    const deskName = options.deskName;
    const button = options.button;
    const begin = options.begin;

    function choose(office) {
      $("work").hidden = true;
      $("choose").hidden = false;
      $("office-choice").replaceChildren.apply($("office-choice"), offices.length > 1
        ? offices.map(function (o) { return button(officeName(o), function () { choose(o); }, o === office ? "" : "secondary"); })
        : []);
      if (!office && offices.length === 1) office = offices[0];
      if (!office) { $("desk-choice").replaceChildren(); return; }
      if (office.desks.length === 1) { begin(office, office.desks[0]); return; }
      $("desk-choice").replaceChildren.apply($("desk-choice"), office.desks.map(function (desk) {
        const holder = document.createElement("small");
        holder.className = "desk-holder";
        holder.dataset.desk = desk.id;
        const choice = document.createElement("div");
        choice.className = "desk-choice";
        choice.dataset.desk = desk.id;
        choice.append(button(deskName(desk), function () { begin(office, desk); }), holder);
        return choice;
      }));
      showHolders(office);
    }

    // Under each desk of the picker: free, or open (on a break) and by whom.
    async function showHolders(office) {
      let desks;
      try { desks = await api("GET", "/offices/" + office.code + "/desks/state"); } catch (error) { return; }
      desks.forEach(function (desk) {
        const choice = document.querySelector(".desk-choice[data-desk='" + desk.id + "']");
        if (!choice) return;
        const held = desk.status !== "closed" && desk.operator;
        choice.dataset.status = desk.status;
        choice.dataset.operator = held ? desk.operator : "";
        choice.querySelector(".desk-holder").textContent = !held
          ? t("desk.console.picker.free")
          : desk.operator === me
            ? t("desk.console.picker.yours")
            : t("desk.console.picker." + (desk.status === "paused" ? "paused" : "open"), { operator: desk.operator });
      });
    }

    // The desk this administrator has open now, in any of their offices (whatever this browser remembers).
    async function openByMe() {
      for (const office of offices) {
        try {
          const desks = await api("GET", "/offices/" + office.code + "/desks/state");
          const mine = desks.find(function (d) { return d.status !== "closed" && d.operator === me; });
          const desk = mine && office.desks.find(function (d) { return d.id === mine.id; });
          if (desk) return { office: office, desk: desk };
        } catch (error) { /* that office's desks are not for this account */ }
      }
      return null;
    }

    function remembered() {
      try {
        const saved = JSON.parse(localStorage.getItem(choiceKey) || "null");
        const office = saved && offices.find(function (o) { return o.code === saved.office; });
        const desk = office && office.desks.find(function (d) { return d.id === saved.desk; });
        return desk ? { office: office, desk: desk } : null;
      } catch (error) { return null; }
    }

    return { choose: choose, openByMe: openByMe, remembered: remembered };
  };
})();
