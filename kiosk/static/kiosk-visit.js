// The services of the ticket a visitor is taking, in order: «Додати ще послугу» opens the
// menu to add one more, up to the office's `max_services` choices (a package counts as
// one), and offers nothing the server would refuse (the same service twice or inside a
// chosen package, two packages); a chosen package shows its steps and the least time of
// the whole visit, asked of the server as it is shown (docs/packages.md). kiosk.js makes
// one with what the page shares.
(function () {
  "use strict";
  window.ChergaKioskVisit = function (kiosk) {
    const office = kiosk.office;
    const state = kiosk.state;  // chosen, adding, answered, path and the wait estimates of packages (visits)
    const t = kiosk.t;
    const api = kiosk.api;
    const show = kiosk.show;
    const tile = kiosk.tile;
    const name = kiosk.name;
    const serviceName = kiosk.serviceName;
    const renderTiles = kiosk.renderTiles;
    const askPriority = kiosk.askPriority;
    function $(id) { return document.getElementById(id); }

    function mostChosen() {
      return Math.max(1, Number(state.office && state.office.max_services) || 1);  // an older server: one service a ticket
    }

    function stepsOf(service) { return service.package ? (service.includes || []) : [service.code]; }

    function isChosen(service) {
      return state.chosen.some(function (each) { return each.code === service.code; });
    }

    // What the server would refuse is not offered: the same service twice (or inside a chosen package), two packages.
    function addable(service) {
      if (isChosen(service) || state.chosen.length >= mostChosen()) return false;
      if (service.package && state.chosen.some(function (each) { return each.package; })) return false;
      const taken = [].concat.apply([], state.chosen.map(stepsOf));
      return stepsOf(service).every(function (code) { return taken.indexOf(code) < 0; });
    }

    function openAdding() {
      if (state.answered || state.chosen.length >= mostChosen()) return;
      state.adding = true;
      state.path = [];
      $("search").value = "";
      renderTiles();
      show("services");
    }

    function addService(service) {
      if (!addable(service)) return;  // a second touch of the same tile, or one the list cannot take
      state.chosen.push(service);
      askPriority();
    }

    function removeService(code) {
      if (state.answered || state.chosen.length < 2) return;
      state.chosen = state.chosen.filter(function (each) { return each.code !== code; });
      askPriority();  // the list redrawn, and its buttons settle: a bouncing finger removes one service, not two
    }

    function renderChosen() {
      const several = state.chosen.length > 1;
      const items = state.chosen.map(function (service) {
        const item = document.createElement("li");
        item.dataset.service = service.code;
        const title = document.createElement("span");
        title.className = "chosen-name";
        title.textContent = name(service);
        item.append(title);
        if (several) {
          const remove = tile("✕ " + t("kiosk.visit.remove"), "remove", function () { removeService(service.code); });
          remove.setAttribute("aria-label", t("kiosk.visit.remove") + ": " + name(service));
          item.append(remove);
        }
        if (service.package) item.append(packageContents(service));
        return item;
      });
      $("chosen").replaceChildren.apply($("chosen"), items);
      $("chosen").classList.toggle("several", several);
      const full = state.chosen.length >= mostChosen();
      $("add-service").hidden = full;
      $("add-limit").hidden = !full || mostChosen() < 2;
      $("add-limit").textContent = t("kiosk.visit.limit", { count: mostChosen() });
    }

    // A package's steps in order and the least time of the whole visit, asked of the server as it is shown.
    function packageContents(service) {
      const box = document.createElement("div");
      box.className = "package";
      box.dataset.package = service.code;
      const title = document.createElement("p");
      title.textContent = t("kiosk.visit.includes");
      const steps = document.createElement("ol");
      steps.className = "package-steps";
      (service.includes || []).forEach(function (code) {
        const step = document.createElement("li");
        step.textContent = serviceName(code);
        steps.append(step);
      });
      const time = document.createElement("p");
      time.className = "visit-time";
      box.append(title, steps, time);
      showVisitTime(time, state.visits[service.code]);
      api("/offices/" + office + "/services/" + service.code + "/wait").then(function (wait) {
        state.visits[service.code] = wait;
        showVisitTime(time, wait);
      }).catch(function () { /* the estimate is advice: the steps are shown without it */ });
      return box;
    }

    function showVisitTime(node, wait) {
      if (!wait) { node.textContent = ""; return; }
      node.textContent = wait.visit_minutes === null || wait.visit_minutes === undefined
        ? t("kiosk.visit.time_unknown") : t("kiosk.visit.time", { minutes: wait.visit_minutes });
    }

    return { stepsOf: stepsOf, isChosen: isChosen, addable: addable, openAdding: openAdding, addService: addService, renderChosen: renderChosen };
  };
})();
