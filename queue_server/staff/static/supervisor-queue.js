// The supervisor's queue tab: who waits (number, service, minutes, marks),
// cancelling a ticket with a reason, and moving one to another service and/or
// desk; a moved ticket keeps its place, since the queue is ordered by issue.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const $ = page.$;
  const el = page.el;
  const t = page.t;
  const view = page.view;
  let moving = null;

  // A visit of several steps with a step behind it: «2/3», the visitor has been served here once already.
  function visitMark(ticket) {
    const steps = ticket.steps || [];
    const behind = steps.slice(0, ticket.step || 0).some(function (step) { return step.status === "done" || step.status === "skipped"; });
    if (steps.length < 2 || !behind) return null;
    const where = { step: ticket.step + 1, steps: steps.length };
    return el("span", { class: "badge visit-mark", text: where.step + "/" + where.steps, title: t("visit.desk.in_progress", where) });
  }

  function marksCell(ticket) {
    const marks = [];
    if (ticket.priority) {
      const category = view.priorities.find(function (item) { return item.code === ticket.priority; });
      marks.push(el("span", { class: "badge priority", text: t("supervisor.queue.priority"), title: category ? page.named(category) : ticket.priority }));
    }
    if (ticket.held) marks.push(el("span", { class: "badge held", text: t("supervisor.queue.held", { desk: page.deskName(ticket.target_desk) }) }));
    else if (ticket.target_desk) marks.push(el("span", { class: "badge", text: t("supervisor.queue.for_desk", { desk: page.deskName(ticket.target_desk) }) }));
    if (ticket.awaiting_arrival) marks.push(el("span", { class: "badge remote-away", text: t("supervisor.queue.remote_away") }));
    else if (ticket.remote) marks.push(el("span", { class: "badge", text: t("supervisor.queue.remote_arrived") }));
    const visit = visitMark(ticket);
    if (visit) marks.push(visit);
    if (ticket.appointment_at) marks.push(el("span", { class: "badge", text: t("supervisor.queue.appointment", { time: page.hhmm(ticket.appointment_at) }) }));
    return el("td", {}, marks);
  }

  function drawQueue() {
    const waiting = view.snapshot.waiting;
    const rows = waiting.map(function (ticket) {
      return el("tr", { dataset: { ticket: ticket.id, number: ticket.number } }, [
        el("th", { scope: "row", class: "number", text: ticket.number }),
        el("td", { text: page.serviceName(ticket.service) }),
        el("td", { text: t("supervisor.queue.minutes", { minutes: window.ChergaStaff.minutesSince(ticket.issued_at) }) }),
        marksCell(ticket),
        el("td", { class: "actions" }, !page.mayChange ? [] : [
          el("button", { type: "button", class: "secondary", text: t("supervisor.queue.move"), onclick: function () { openMove(ticket.id); } }),
          el("button", { type: "button", class: "danger", text: t("supervisor.queue.cancel"), onclick: function () { cancelTicket(ticket.id); } }),
        ]),
      ]);
    });
    if (rows.length === 0) rows.push(el("tr", {}, [el("td", { colspan: "5", class: "empty", text: t("supervisor.queue.empty") })]));
    page.fill(document.querySelector("#waiting tbody"), rows);
    $("queue-summary").textContent = t("supervisor.queue.summary", { count: waiting.length });
    $("count-queue").textContent = String(waiting.length);
  }

  function waitingTicket(id) { return view.snapshot.waiting.find(function (ticket) { return ticket.id === id; }) || null; }

  function cancelTicket(ticketId) {
    const ticket = waitingTicket(ticketId);
    if (!ticket) return;
    page.confirmAction({
      title: t("supervisor.cancel.title", { number: ticket.number }),
      text: t("supervisor.cancel.text", { number: ticket.number, service: page.serviceName(ticket.service) }),
      yes: t("supervisor.queue.cancel"),
      reason: true,
      done: t("supervisor.cancel.done", { number: ticket.number }),
      run: function (reason) { return page.api("POST", "/offices/" + page.office + "/tickets/" + ticketId + "/cancel", { reason: reason }); },
    });
  }

  function openMove(ticketId) {
    const ticket = waitingTicket(ticketId);
    if (!ticket) return;
    moving = ticket;
    $("move-title").textContent = t("supervisor.move.title", { number: ticket.number });
    page.fill($("move-service"), view.services.map(function (service) {
      const label = page.named(service) + (service.code === ticket.service ? " " + t("supervisor.move.now") : "");
      return el("option", { value: service.code, text: label, selected: service.code === ticket.service });
    }));
    page.fill($("move-desk"), [el("option", { value: "", text: t("supervisor.move.any_desk") })].concat(
      view.snapshot.desks.map(function (desk) {
        const label = page.named(desk) + " · " + page.deskStateWords(page.deskRecord(desk.id).status);
        return el("option", { value: desk.id, text: label, selected: desk.id === ticket.target_desk });
      })
    ));
    $("move-reason").value = "";
    page.openDialog($("move-dialog"));
    $("move-service").focus();
  }

  $("move-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const service = $("move-service").value;
    const desk = $("move-desk").value || null;
    const reason = $("move-reason").value.trim();
    if (service === moving.service && desk === (moving.target_desk || null)) { $("move-error").textContent = t("supervisor.move.nothing"); return; }
    if (!reason) { $("move-error").textContent = t("supervisor.reason.required"); return; }
    try {
      await page.api("POST", "/offices/" + page.office + "/tickets/" + moving.id + "/move", {
        service: service === moving.service ? null : service, desk: desk, reason: reason,
      });
      page.closeDialog($("move-dialog"));
      page.showNotice(t("supervisor.move.done", { number: moving.number }));
    } catch (error) {
      page.showError(error, $("move-error"));
    }
  });

  page.drawings.queue = drawQueue;
})();
