// The ticket on the kiosk's screen: its number, the people ahead and the wait, its QR
// code, a booking's time or lateness, a package's steps and the whole visit's time; then
// what the printer said of it (the print agent's result may come before the ticket's
// answer, so results are kept by job). kiosk.js makes one with what the page shares.
(function () {
  "use strict";
  window.ChergaKioskTicket = function (kiosk) {
    const state = kiosk.state;  // ticket: the one on the screen; results: the printer's, by job
    const t = kiosk.t;
    const show = kiosk.show;
    const resetIdle = kiosk.resetIdle;
    const say = kiosk.say;
    function $(id) { return document.getElementById(id); }

    // The booked time on the office's clock, wherever the kiosk's browser thinks it is.
    function hhmm(iso) {
      const zone = state.office && state.office.timezone;
      return new Intl.DateTimeFormat("uk-UA", { timeZone: zone || undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    }

    function showTicket(ticket) {
      state.ticket = ticket;
      const appointment = $("ticket-appointment");
      appointment.hidden = !ticket.joined_as;
      appointment.dataset.joinedAs = ticket.joined_as || "";
      appointment.textContent = !ticket.joined_as ? ""
        : ticket.joined_as === "appointment" ? t("kiosk.checkin.due", { time: hhmm(ticket.appointment_start || ticket.appointment_at) })
          : t("kiosk.checkin.late");
      $("ticket-number").textContent = ticket.number;
      showVisit(ticket);
      $("ticket-ahead").textContent = ticket.people_ahead;
      $("ticket-wait").textContent = ticket.estimated_wait_minutes === null ? t("queue.no_desk") : ticket.estimated_wait_minutes + " " + t("queue.minutes");
      $("ticket-qr").src = "/t/" + encodeURIComponent(ticket.token) + "/qr.svg";
      const printState = $("print-state");
      printState.classList.remove("failed", "printed");
      printState.textContent = ticket.print_job ? t("kiosk.ticket.printing") : "";
      show("ticket");
      say(t("kiosk.say.ticket", { number: ticket.number, ahead: ticket.people_ahead }));
      if (ticket.print && ticket.print.status === "no_agent") {  // nothing will come out: say so now, not after a minute
        printState.classList.add("failed");
        printState.textContent = t("kiosk.ticket.no_printer");
        resetIdle();
      } else if (ticket.print_job && state.results[ticket.print_job]) {
        onPrintResult(state.results[ticket.print_job]);
      }
    }

    // A visit of several steps: the package's name (or nothing above the list), then the steps in order.
    function showVisit(ticket) {
      const steps = ticket.steps || [];
      const several = steps.length > 1;
      $("ticket-service").textContent = several ? (ticket.package_name || "") : ticket.service_name;
      $("ticket-service").hidden = several && !ticket.package_name;
      $("ticket-visit").hidden = !several;
      $("ticket-steps").replaceChildren.apply($("ticket-steps"), several ? steps.map(function (step) {
        const item = document.createElement("li");
        item.textContent = step.service_name;
        return item;
      }) : []);
      $("ticket-visit-time").textContent = several && ticket.visit_minutes !== null && ticket.visit_minutes !== undefined
        ? t("kiosk.visit.time", { minutes: ticket.visit_minutes }) : "";
    }

    function onPrintResult(result) {
      state.results[result.job] = result;
      if (!state.ticket || result.job !== state.ticket.print_job) return;
      const printState = $("print-state");
      printState.classList.remove("failed", "printed");  // an agent back in time prints after all
      printState.classList.add(result.status === "printed" ? "printed" : "failed");
      printState.textContent = t(result.status === "printed" ? "kiosk.ticket.printed" : "kiosk.ticket.print_failed");
      say(printState.textContent);
      resetIdle();
    }

    return { show: showTicket, printResult: onPrintResult, hhmm: hhmm };
  };
})();
