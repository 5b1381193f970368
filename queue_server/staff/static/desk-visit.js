// The desk console's part of a visit of several steps (one ticket, one number,
// the services in order): which step the visitor is at, and what a finish
// does next. When this desk serves the next step the administrator goes on
// in the same sitting or sends the visitor on; otherwise a finish sends them
// on to wait for it. A step may be skipped or added and the visit ended
// early, each with the reason the audit log keeps.
//
// The console cannot see a package step's desk profiles (the stream shows a
// step's service only): where this desk serves the next step's service it
// offers to go on, and the server refuses with its reason where the step
// needs another kind of desk.
//
// A finish is followed until the console's picture has caught up with the
// server's answer, and a moment longer: a second tap of the same press never
// finishes the step that has just begun.
(function () {
  "use strict";
  const SETTLE_MS = 1200;   // a double tap lands within this of the answer
  const STALE_MS = 5000;    // never wait longer than this for the event that follows an answer
  const OPEN = ["waiting", "called", "serving"];

  window.ChergaDeskVisit = function (options) {
    const $ = options.$;
    const t = options.t;
    const el = window.ChergaStaff.el;
    let finished = null; // {id, step, at}: the step the latest finish ended, until the picture has moved past it

    function steps(ticket) { return (ticket && ticket.steps) || []; }
    function several(ticket) { return steps(ticket).length > 1; }
    function isOpen(step) { return OPEN.indexOf(step.status) >= 0; }

    // The index of the step the visit goes on with after the current one (as the domain's `next_step`).
    function nextStep(ticket) {
      const all = steps(ticket);
      for (let index = ticket.step + 1; index < all.length; index += 1) if (isOpen(all[index])) return index;
      return null;
    }

    // A visit with a step behind it done or skipped: the visitor was served here today already.
    function inProgress(ticket) {
      return steps(ticket).slice(0, ticket.step || 0).some(function (step) { return !isOpen(step); });
    }

    function position(ticket) { return { step: (ticket.step || 0) + 1, steps: steps(ticket).length }; }

    // Whether the desk serves the step's service today (its profile's names are the server's to check).
    function servesHere(ticket) {
      const following = nextStep(ticket);
      return following !== null && options.deskServices().indexOf(steps(ticket)[following].service) >= 0;
    }

    // The finish buttons wait while the picture lags behind the last finish's answer, and a moment after.
    function settling(current) {
      if (!finished || !current || current.id !== finished.id) return false;
      const now = Date.now();
      const behind = current.step === finished.step; // the event that follows the answer has not come yet
      return now < finished.at + SETTLE_MS || (behind && now < finished.at + STALE_MS);
    }

    function stepRow(step, index, ticket) {
      const shown = index === ticket.step && isOpen(step) ? "now" : step.status === "done" || step.status === "skipped" ? step.status : "ahead";
      return el("li", { class: "step-" + shown, dataset: { step: String(index + 1), service: step.service, status: shown } }, [
        el("span", { class: "step-mark", text: t("visit.desk.step." + shown) }),
        " ",
        el("span", { class: "step-service", text: options.serviceName(step.service) }),
      ]);
    }

    function renderVisit(current) {
      const box = $("visit");
      box.hidden = !several(current);
      if (box.hidden) return;
      $("visit-position").textContent = t("visit.desk.position", position(current));
      $("visit-package").hidden = !current.package;
      $("visit-package").textContent = current.package ? t("visit.desk.package", { name: options.serviceName(current.package) }) : "";
      $("visit-steps").replaceChildren.apply($("visit-steps"), steps(current).map(function (step, index) { return stepRow(step, index, current); }));
    }

    // The finish buttons for the visitor at the desk: go on here or send on, or one finish.
    function render(current, open, busy) {
      renderVisit(current);
      const serving = !!current && current.status === "serving";
      const wait = busy || settling(current);
      const following = current ? nextStep(current) : null;
      const here = open && !!current && servesHere(current);
      options.show("finish", open && !!current && !here, serving && !wait);
      options.show("finish-here", here, serving && !wait);
      options.show("finish-on", here, serving && !wait);
      $("finish-label").textContent = t(following === null ? "desk.console.finish" : "visit.desk.finish_step");
      if (following !== null) {
        $("finish-here-label").textContent = t("visit.desk.go_on_here", { service: options.serviceName(steps(current)[following].service) });
      }
      const atDesk = open && !!current;
      options.show("skip-step", atDesk && several(current) && skippable(current).length > 0, !busy);
      options.show("add-step", atDesk, !busy);
      options.show("end-visit", atDesk && following !== null, !busy);
    }

    // The mark beside a waiting visit in progress: «2/3».
    function mark(ticket) {
      if (!several(ticket) || !inProgress(ticket)) return null;
      const where = position(ticket);
      return el("span", { class: "visit-mark", title: t("visit.desk.in_progress", where), text: where.step + "/" + where.steps });
    }

    async function finish(goOn) {
      const current = options.visitor();
      if (!current || settling(current)) return;
      const body = Object.assign(options.currentRef(), goOn === undefined ? {} : { go_on: goOn });
      // the step this screen shows: a tap that arrives after the visit went on here is refused by the server too
      if (several(current)) body.step = current.step + 1;
      const following = nextStep(current);
      // going on here where the next step needs another kind of desk: the server says so, nothing changes
      const refused = goOn !== true || following === null ? null : function (error) {
        if (error.status !== 409 || error.code === "desk_taken") return null;
        return t("visit.desk.go_on_refused", { service: options.serviceName(steps(current)[following].service), message: error.message });
      };
      const answer = await options.act("finish", body, refused);
      if (answer) {
        finished = { id: current.id, step: current.step, at: Date.now() };
        options.render();
        setTimeout(options.render, SETTLE_MS + 10);
        setTimeout(options.render, STALE_MS + 10);
      }
    }

    // ---- skip, add, end: each in its dialog, with its reason --------------------
    function skippable(ticket) {
      return steps(ticket).map(function (step, index) { return { step: step, index: index }; })
        .filter(function (item) { return item.index >= ticket.step && isOpen(item.step); });
    }

    function option(value, label) { return el("option", { value: value, text: label }); }

    function askSkip() {
      const current = options.visitor();
      if (!current) return;
      $("skip-step-choice").replaceChildren.apply($("skip-step-choice"), skippable(current).map(function (item) {
        const label = t("visit.desk.step_choice", { step: item.index + 1, service: options.serviceName(item.step.service) });
        return option(String(item.index + 1), item.index === current.step ? label + " " + t("visit.desk.step_choice.now") : label);
      }));
      $("skip-step-reason").value = "";
      $("skip-step-error").textContent = "";
      $("skip-step-dialog").showModal();
    }

    function askAdd() {
      const current = options.visitor();
      if (!current) return;
      const ahead = steps(current).slice(current.step).filter(isOpen).map(function (step) { return step.service; });
      $("add-step-service").replaceChildren.apply($("add-step-service"), options.services()
        .filter(function (service) { return !service.package && ahead.indexOf(service.code) < 0; })
        .map(function (service) { return option(service.code, options.serviceName(service.code)); }));
      $("add-step-dialog").showModal();
    }

    function askEnd() {
      const current = options.visitor();
      if (!current) return;
      const left = steps(current).slice(current.step + 1).filter(isOpen).map(function (step) { return options.serviceName(step.service); });
      $("end-visit-left").textContent = t("visit.desk.end.left", { services: left.join(", ") });
      $("end-visit-reason").value = "";
      $("end-visit-error").textContent = "";
      $("end-visit-dialog").showModal();
    }

    // A step refused while the visitor is still at the desk is the visit's rule (a service already ahead, too many steps).
    function visitRefusal(error) {
      if (error.status !== 409 || error.code === "desk_taken" || !options.visitor()) return null;
      return t("visit.desk.refused", { message: error.message });
    }

    function reasonOf(input, error) {
      const reason = $(input).value.trim();
      if (!reason) $(error).textContent = t("visit.desk.reason_needed");
      return reason;
    }

    $("skip-step-form").addEventListener("submit", function (event) {
      event.preventDefault();
      const reason = reasonOf("skip-step-reason", "skip-step-error");
      if (!reason) return;
      $("skip-step-dialog").close();
      options.act("skip-step", Object.assign(options.currentRef(), { step: Number($("skip-step-choice").value), reason: reason }), visitRefusal);
    });
    $("add-step-form").addEventListener("submit", function (event) {
      event.preventDefault();
      const service = $("add-step-service").value;
      if (!service) return;
      $("add-step-dialog").close();
      options.act("add-step", Object.assign(options.currentRef(), { service: service }), visitRefusal);
    });
    $("end-visit-form").addEventListener("submit", function (event) {
      event.preventDefault();
      const reason = reasonOf("end-visit-reason", "end-visit-error");
      if (!reason) return;
      $("end-visit-dialog").close();
      options.act("end-visit", Object.assign(options.currentRef(), { reason: reason }), visitRefusal);
    });
    // the preset reasons fill the field; the administrator may still change it
    document.querySelectorAll("[data-reason-preset]").forEach(function (node) {
      node.addEventListener("click", function () {
        const input = $(node.dataset.reasonPreset);
        input.value = node.textContent;
        input.form.querySelector(".error").textContent = "";
        input.focus();
      });
    });

    return {
      render: render,
      mark: mark,
      actions: {
        "finish": function () { finish(nextStep(options.visitor() || { steps: [], step: 0 }) === null ? undefined : false); },
        "finish-here": function () { finish(true); },
        "finish-on": function () { finish(false); },
        "skip-step": askSkip,
        "add-step": askAdd,
        "end-visit": askEnd,
      },
    };
  };
})();
