// The register of complaints of one office (docs/complaints.md): the overdue
// ones first and marked (due date, days late), then the open ones by due
// date, then the closed ones; a form to enter a complaint that came by the
// hotline or in writing; assign, answer, withdraw. Every action is a REST
// call the server checks again (role, office, status); a refusal is said in
// words. A button is disabled while its call runs, so a double tap enters
// or answers once.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const el = staff.el;
  const root = document.getElementById("complaints");
  if (!root) {
    staff.useLanguage().then(function () { bindFrame(); });
    return;
  }
  const data = JSON.parse(document.getElementById("complaints-data").textContent);
  const office = data.offices.find(function (item) { return item.code === data.office; });
  const base = "/offices/" + encodeURIComponent(office.code) + "/complaints";
  let people = [];  // the office's active staff, who may be named to answer
  let listed = [];

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }
  function named(item) { return staff.lang() === "en" && item.name_en ? item.name_en : item.name; }
  function officeOf(code) { return data.offices.find(function (item) { return item.code === code; }) || null; }
  function locale() { return staff.lang() === "en" ? "en-GB" : "uk-UA"; }

  // ---- dates on the office's calendar, wherever the reader sits
  function isoDay(moment, timezone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(moment);
  }
  function date(isoDate) {
    return new Intl.DateTimeFormat(locale(), { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(isoDate + "T00:00:00Z"));
  }
  function received(item) {
    const zone = (officeOf(item.office) || office).timezone;
    return new Intl.DateTimeFormat(locale(), { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .format(new Date(item.received_at));
  }
  // Whole days between the due date and the office's today: 1 the day after the due date.
  function daysLate(item) {
    const today = isoDay(new Date(), (officeOf(item.office) || office).timezone);
    return Math.max(1, Math.round((Date.parse(today + "T00:00:00Z") - Date.parse(item.due + "T00:00:00Z")) / 86400000));
  }

  // ---- messages: a refusal in words, the server's reason beside it when it is not one the page knows
  function say(error, notice) {
    $("message").textContent = error || "";
    $("notice").textContent = notice || "";
  }
  function explain(error) {
    const details = error.details || {};
    if (error.status === 409 && details.status) return t("complaints.refused.closed", { status: t("complaints.status." + details.status) });
    if (error.status === 400 && details.field === "assignee") return t("complaints.refused.assignee");
    if (error.status === 400 && (details.field === "text" || details.field === "answer")) return t("complaints.refused.text");
    if (error.status === 400 && details.field === "desk") return t("complaints.refused.no_desk");
    if (error.status === 403) return t("complaints.refused.forbidden");
    if (error.status === 404) return t("complaints.refused.gone");
    return t("staff.error", { message: error.message });
  }

  // One call at a time per button: disabled until the answer, so a double tap acts once.
  async function guarded(button, call) {
    if (button.disabled) return null;
    button.disabled = true;
    try { return await call(); } finally { button.disabled = false; }
  }

  // ---- the register
  function order(a, b) {
    const open = function (item) { return item.status === "received" || item.status === "in_progress"; };
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (open(a) !== open(b)) return open(a) ? -1 : 1;
    if (open(a) && a.due !== b.due) return a.due < b.due ? -1 : 1;
    return b.id - a.id;
  }

  async function load() {
    const filter = $("status-filter").value;
    const query = filter && filter !== "open" ? "?status=" + filter : "";
    try {
      const answer = await staff.api("GET", base + query);
      listed = filter === "open" ? answer.filter(function (item) { return item.status === "received" || item.status === "in_progress"; }) : answer;
      listed.sort(order);
      draw();
    } catch (error) {
      say(explain(error));
    }
    root.dataset.state = "ready";
  }

  function deskName(id) {
    const desk = office.desks.find(function (item) { return item.id === id; });
    return desk ? named(desk) : id;
  }

  function actions(item) {
    const assignee = el("select", { id: "assignee-" + item.id }, [el("option", { value: "", text: t("complaints.assign.choose") })]
      .concat(people.map(function (person) { return el("option", { value: person.username, text: person.username, selected: person.username === item.assignee }); })));
    const answer = el("textarea", { id: "answer-" + item.id, rows: "3", maxlength: "4000" });
    const assign = el("button", { type: "button", class: "secondary", dataset: { action: "assign" }, text: t("complaints.assign") });
    const reply = el("button", { type: "button", dataset: { action: "answer" }, text: t("complaints.answer") });
    const withdraw = el("button", { type: "button", class: "secondary", dataset: { action: "withdraw" }, text: t("complaints.withdraw") });
    assign.addEventListener("click", function () {
      if (!assignee.value) { say(t("complaints.assign.nobody")); return; }
      act(assign, item, "assign", { assignee: assignee.value }, "complaints.done.assigned");
    });
    reply.addEventListener("click", function () {
      if (!answer.value.trim()) { say(t("complaints.refused.text")); answer.focus(); return; }
      act(reply, item, "answer", { text: answer.value }, "complaints.done.answered");
    });
    withdraw.addEventListener("click", function () {
      if (window.confirm(t("complaints.withdraw.confirm", { number: item.id }))) act(withdraw, item, "withdraw", undefined, "complaints.done.withdrawn");
    });
    return el("div", { class: "complaint-actions" }, [
      el("div", { class: "assign" }, [el("label", { for: "assignee-" + item.id, text: t("complaints.assign.who") }), assignee, assign]),
      el("div", { class: "answer" }, [el("label", { for: "answer-" + item.id, text: t("complaints.answer.text") }), answer, el("div", { class: "buttons" }, [reply, withdraw])]),
    ]);
  }

  function card(item) {
    const open = item.status === "received" || item.status === "in_progress";
    const facts = [t("complaints.channel." + item.channel), received(item)];
    if (item.desk) facts.push(t("complaints.desk", { desk: deskName(item.desk) }));
    if (item.ticket_id) facts.push(t("complaints.ticket", { ticket: item.ticket_id }));
    const due = item.overdue
      ? el("p", { class: "due late" }, [el("strong", { text: t("complaints.late", { days: daysLate(item) }) }), " · " + t("complaints.due", { date: date(item.due) })])
      : el("p", { class: "due", text: open ? t("complaints.due", { date: date(item.due) }) : "" });
    return el("li", { class: "complaint" + (item.overdue ? " overdue" : "") + (open ? "" : " closed"), id: "complaint-" + item.id,
                      dataset: { id: String(item.id), status: item.status, overdue: item.overdue ? "yes" : "no" } }, [
      el("h3", {}, [el("span", { class: "number", text: "№\u00a0" + item.id }), " ", el("span", { class: "status " + item.status, text: t("complaints.status." + item.status) })]),
      el("p", { class: "facts", text: facts.join(" · ") }),
      due,
      el("p", { class: "text", text: item.text }),
      item.assignee ? el("p", { class: "assignee", text: t("complaints.assignee", { name: item.assignee }) }) : null,
      item.answer ? el("p", { class: "answer-text" }, [el("strong", { text: t("complaints.answered", { date: received({ office: item.office, received_at: item.answered_at }) }) }), " " + item.answer]) : null,
      item.status === "withdrawn" ? el("p", { class: "closed-by", text: t("complaints.withdrawn_by", { name: (item.closed_by || "").replace(/^user:/, "") }) }) : null,
      open ? actions(item) : null,
    ]);
  }

  function draw() {
    const late = listed.filter(function (item) { return item.overdue; }).length;
    $("register-summary").textContent = listed.length
      ? t("complaints.register.count", { count: listed.length }) + (late ? " " + t("complaints.register.late", { late: late }) : "")
      : t("complaints.register.none");
    $("register-list").replaceChildren.apply($("register-list"), listed.map(card));
  }

  async function act(button, item, action, body, done) {
    say("");
    await guarded(button, async function () {
      try {
        await staff.api("POST", base + "/" + item.id + "/" + action, body);
        say("", t(done, { number: item.id }));
      } catch (error) {
        say(explain(error));
      }
      await load();
    });
  }

  // ---- entering a complaint of the hotline or a letter
  function fillDesks() {
    const choices = [el("option", { value: "", text: t("complaints.enter.desk_unknown") })]
      .concat(office.desks.map(function (desk) { return el("option", { value: desk.id, text: named(desk) }); }));
    const chosen = $("enter-desk").value;
    $("enter-desk").replaceChildren.apply($("enter-desk"), choices);
    $("enter-desk").value = chosen;
  }

  $("enter-form").addEventListener("submit", function (event) {
    event.preventDefault();
    $("enter-error").textContent = "";
    const text = $("enter-text").value;
    if (!text.trim()) { $("enter-error").textContent = t("complaints.refused.text"); $("enter-text").focus(); return; }
    const body = { channel: document.querySelector("input[name=channel]:checked").value, text: text };
    if ($("enter-desk").value) body.desk = $("enter-desk").value;
    guarded($("enter-submit"), async function () {
      try {
        const entered = await staff.api("POST", base, body);
        $("enter-text").value = "";
        $("enter-desk").value = "";
        say("", t("complaints.done.entered", { number: entered.id, date: date(entered.due) }));
      } catch (error) {
        $("enter-error").textContent = explain(error);
      }
      await load();
    });
  });

  async function loadPeople() {
    try {
      const members = await staff.api("GET", "/offices/" + encodeURIComponent(office.code) + "/staff");
      people = members.filter(function (member) { return member.active; });
    } catch (error) { people = []; }
  }

  const network = window.ChergaComplaintsNetwork({ $: $, t: t, explain: explain, office: officeOf, named: named, date: date, received: received, daysLate: daysLate });

  function bindFrame() {
    const logout = $("logout");
    if (logout) logout.addEventListener("click", staff.logout);
    $("language").addEventListener("click", async function () {
      await staff.useLanguage(staff.lang() === "en" ? "uk" : "en");
      if (root) { fillDesks(); draw(); network.load(); }
    });
  }

  staff.useLanguage().then(async function () {
    bindFrame();
    $("office-select").addEventListener("change", function () { location.search = "?office=" + encodeURIComponent($("office-select").value); });
    $("status-filter").addEventListener("change", load);
    fillDesks();
    await loadPeople();
    await Promise.all([load(), network.load()]);
  });
})();
