// The desk console's «Паперовий талон»: in an outage the office hands out a
// pre-printed numbered roll, and the administrator types the number the
// visitor holds, picks the visitor's service (one of the desk's services
// today) and calls it. The server makes the ticket (its issue time an
// estimate) and calls it here: the console then shows it as any visitor, and
// the board announces it. A refusal (not a number of the roll, a number
// already entered today, an air-raid alert) is said in the dialog, which
// stays open. docs/paper-roll.md.
(function () {
  "use strict";
  window.ChergaDeskPaper = function (options) {
    const $ = options.$;
    const t = options.t;
    const el = window.ChergaStaff.el;
    let series = "";  // the office's roll, «Р001–Р500», for the hint

    function explain(error) {
      const details = error.details || {};
      if (error.code === "paper_number_used") return t("desk.paper.used", { number: details.number || $("paper-number").value });
      if (error.code === "air_raid") return t("desk.paper.air_raid");
      if (error.status === 400 && details.field === "number") return t("desk.paper.not_of_roll", { series: details.series || series });
      if (error.status === 400 && details.field === "service") return t("desk.paper.not_served");
      return t("staff.error", { message: error.message });
    }

    async function open() {
      $("paper-error").textContent = "";
      $("paper-number").value = "";
      const services = options.deskServices();
      const choices = services.map(function (code) { return el("option", { value: code, text: options.serviceName(code) }); });
      $("paper-service").replaceChildren.apply($("paper-service"), choices);
      $("paper-dialog").showModal();
      $("paper-number").focus();
      try {
        series = (await window.ChergaStaff.api("GET", "/offices/" + options.office() + "/paper-mode")).series;
        $("paper-series").textContent = t("desk.paper.series", { series: series });
      } catch (error) { $("paper-series").textContent = ""; }
    }

    async function submit(event) {
      event.preventDefault();
      const number = $("paper-number").value.trim();
      if (!number) { $("paper-error").textContent = t("desk.paper.number_needed"); return; }
      $("paper-error").textContent = "";
      const called = await options.act("paper-ticket", { number: number, service: $("paper-service").value }, function (error) {
        const words = explain(error);
        $("paper-error").textContent = words;
        return words;
      });
      if (called) $("paper-dialog").close();
    }

    $("paper-form").addEventListener("submit", submit);
    $("paper-number").addEventListener("input", function () { $("paper-error").textContent = ""; });
    return {
      // offered while the desk is open and free, as «Викликати наступного»
      render: function (current, open, busy) { options.show("paper-ticket", open, open && !current && !busy); },
      actions: { "paper-ticket": open },
    };
  };
})();
