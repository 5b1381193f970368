// The visitor's ticket page: live status, "you are next", "go to desk N" with a
// sound and a vibration, then the rating form. No personal data anywhere.
// A remote ticket (taken from the phone) also shows whether its arrival is
// confirmed, its code for the kiosk and "come now"; opened by the office's door
// QR code (`?door=KEY`, through /door/OFFICE) it confirms the arrival itself.
// A visit of several steps shows «Крок 2 з 3: …» (with the desk once called),
// its steps with their state and the least time until it is over; between two
// steps it says which one is done and which one to wait for. The rating waits
// for the end of the whole visit (the server's can_rate). While the office's
// air-raid pause is on (the live stream's `air_raid`), a banner says «Пауза —
// ваше місце збережено» with the way to the shelter, and the wait is not shown
// as counting down.
// For a screen reader: the number is the page's heading, the state line is a
// polite live region (said when it changes, and only then), a call is said at
// once in an assertive one («Ваш номер А-012 викликано до вікна 3»), and the
// offline banner is an alert.
(function () {
  "use strict";
  const page = document.getElementById("ticket");
  const token = page.dataset.token;
  const office = page.dataset.office;
  const t = window.ChergaI18n.t;
  let last = null;
  let refresh = null;
  let paused = page.dataset.paused === "true";
  const OVER = ["done", "no_show", "cancelled"];

  function beep() {
    try {
      const audio = new (window.AudioContext || window.webkitAudioContext)();
      [0, 0.35].forEach(function (start) {
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = 880;
        tone.connect(gain);
        gain.connect(audio.destination);
        gain.gain.setValueAtTime(0.25, audio.currentTime + start);
        tone.start(audio.currentTime + start);
        tone.stop(audio.currentTime + start + 0.25);
      });
    } catch (error) { /* no sound allowed yet: the screen says it */ }
    if (navigator.vibrate) navigator.vibrate([300, 150, 300]);
  }

  function show(status) {
    document.getElementById("number").textContent = status.number;
    const line = document.getElementById("status");
    const desk = status.desk_name || "";
    let text = t("ticket.status." + status.status, { desk: desk });
    if (status.status === "called") text = t("ticket.called");  // the desk is said once, in the green banner below the number
    else if (status.status === "waiting" && status.held) text = t("ticket.status.held");
    else if (status.status === "waiting" && status.people_ahead === 0 && !paused) text = t("ticket.status.next");  // not "have your documents ready" on the way to the shelter
    if (line.textContent !== text) line.textContent = text;  // a live region: the same words are not said again
    page.dataset.status = status.status;
    document.getElementById("service-name").textContent = status.service_name;
    const between = showVisit(status);
    // between two steps the news says "wait for step 2": the plain "please wait" would only repeat it
    line.hidden = between && status.status === "waiting" && !status.held && status.people_ahead > 0;
    document.getElementById("go-to").textContent = status.status === "called" ? t("ticket.go_to", { desk: desk }) : "";
    document.getElementById("waiting-figures").hidden = status.status !== "waiting";
    document.getElementById("ahead").textContent = status.people_ahead;
    document.getElementById("wait").textContent = paused ? t("ticket.paused_wait")
      : status.estimated_wait_minutes === null ? t("queue.no_desk")  // no desk open for the service: no figure is promised
      : status.estimated_wait_minutes + " " + t("queue.minutes");
    showRemote(status);
    document.getElementById("rating").hidden = !status.can_rate;
    if (status.rated && !document.getElementById("survey-result").textContent) document.getElementById("survey-result").textContent = t("rating.thanks");
    showPause(status);
    const calledNow = status.status === "called" && (last === null || last.status !== "called" || last.called_at !== status.called_at);
    if (calledNow && last !== null) beep();
    announceCall(status, calledNow && last !== null);
    last = status;
  }

  // The call, said at once to a screen reader; a recall is said again (emptied first, so the same words count as news).
  function announceCall(status, now) {
    const news = document.getElementById("call-news");
    if (status.status !== "called") { news.textContent = ""; return; }
    if (!now || status.desk_number === null || status.desk_number === undefined) return;
    const room = (page.dataset.rooms || "").split(" ").indexOf(status.desk) >= 0;
    const words = t(room ? "access.ticket.called.room" : "access.ticket.called.window", { number: status.number, desk: status.desk_number });
    news.textContent = "";
    setTimeout(function () { news.textContent = words; }, 100);
  }

  // The pause banner: in the aria-live region, shown while the alert is on and the visit is not over.
  function showPause(status) {
    page.dataset.paused = paused ? "true" : "false";
    document.getElementById("paused").hidden = !paused || OVER.indexOf(status.status) >= 0;
  }

  function follow(airRaid) {
    paused = Boolean(airRaid && airRaid.active);
    if (last !== null) show(last);
  }

  // Whether a step is done (or skipped) and the ticket waits for the next one.
  function showVisit(status) {
    const steps = status.steps || [];
    const several = steps.length > 1;
    const over = OVER.indexOf(status.status) >= 0;
    const current = steps[status.step] || null;
    const before = status.step > 0 ? steps[status.step - 1] : null;
    const between = several && status.status === "waiting" && before !== null && (before.status === "done" || before.status === "skipped");
    document.getElementById("visit").hidden = !several;
    page.dataset.several = several ? "true" : "false";
    document.getElementById("about").hidden = several && !status.package_name;  // only the service, which the step line names
    const stepLine = document.getElementById("visit-step");
    stepLine.hidden = !several || over;
    stepLine.textContent = !several || over || current === null ? ""
      : t(status.desk_name ? "visit.step_of_at_desk" : "visit.step_of",
        { step: status.step + 1, steps: steps.length, service: current.service_name, desk: status.desk_name || "" });
    const news = document.getElementById("visit-news");
    news.hidden = !between;
    news.textContent = !between ? ""
      : t(before.status === "done" ? "visit.step_done_next" : "visit.step_skipped_next",
        { step: status.step, next: status.step + 1, service: current.service_name });
    const list = document.getElementById("visit-steps");
    list.replaceChildren.apply(list, steps.map(function (step, index) {
      const state = step.status === "done" || step.status === "skipped" ? step.status
        : index === status.step && !over ? "now" : "later";
      const item = document.createElement("li");
      item.dataset.state = state;
      const mark = document.createElement("span");
      mark.className = "state";
      mark.textContent = "— " + t("visit.state." + state);
      item.append(step.service_name + " ", mark);
      return item;
    }));
    document.getElementById("visit-left-figure").hidden = over;
    document.getElementById("visit-left").textContent = status.visit_minutes === null || status.visit_minutes === undefined
      ? t("visit.left_unknown") : t("visit.left_minutes", { minutes: status.visit_minutes });
    return between;
  }

  function showRemote(status) {
    const waiting = status.status === "waiting";
    document.getElementById("remote-waiting").hidden = !(waiting && status.arrival === "not_confirmed");
    document.getElementById("remote-arrived").hidden = !(waiting && status.arrival === "confirmed");
    document.getElementById("remote-code").hidden = !status.arrival_code;
    document.getElementById("code").textContent = status.arrival_code || "";
    const comeNow = document.getElementById("come-now");
    comeNow.hidden = !status.come_now;
    comeNow.textContent = !status.come_now ? ""
      : status.people_ahead === 0 ? t("ticket.remote.come_now_next")
        : t("ticket.remote.come_now", { count: status.people_ahead });
    if (status.remote) {
      try {  // the door's QR code finds this ticket through it (/door/OFFICE); forgotten once it is over
        if (waiting || status.status === "called") window.localStorage.setItem("cherga.remote-ticket", token);
        else if (window.localStorage.getItem("cherga.remote-ticket") === token) window.localStorage.removeItem("cherga.remote-ticket");
      } catch (error) { /* private browsing: the kiosk's code still works */ }
    }
  }

  async function confirmAtTheDoor() {
    const params = new URLSearchParams(window.location.search);
    const door = params.get("door");
    if (!door) return;
    window.history.replaceState(null, "", window.location.pathname);  // a reload does not send the key again
    const response = await fetch("/api/v1/tickets/" + encodeURIComponent(token) + "/arrival", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ door: door }),
    });
    const answer = response.ok ? null : await response.json().catch(function () { return null; });
    const already = answer && answer.error && /already confirmed/.test(answer.error.message || "");
    document.getElementById("door-error").textContent = response.ok || already ? "" : t("ticket.remote.door_failed");
  }

  async function load() {
    const response = await fetch("/api/v1/tickets/" + encodeURIComponent(token));
    if (response.ok) show(await response.json());
  }

  function soon() {
    clearTimeout(refresh);
    refresh = setTimeout(load, 250);
  }

  // The questionnaire (survey-form.js): once answered, or refused as answered already, the form goes.
  window.ChergaSurvey.attach(document.getElementById("survey-form"), document.getElementById("survey-result"), function () {
    document.getElementById("rating").hidden = true;
  });

  // The live connection starts at once, beside the catalogue: a server lost while
  // the page loads is shown as lost (the banner's words come with the page), and
  // what the stream brings is shown once the words are there.
  const catalogue = window.ChergaI18n.load(page.dataset.lang);
  window.ChergaLive({
    office: office,
    onSnapshot: function (snapshot) { catalogue.then(function () { follow(snapshot.air_raid); soon(); }); },
    onEvent: function (message) {
      catalogue.then(function () {
        if (message.type === "office.air_raid") follow(message.data);
        soon();
      });
    },
    onConnection: function (online) {
      document.getElementById("offline").hidden = online;
      if (online) catalogue.then(soon);
    },
  });
  catalogue.then(async function () {
    await confirmAtTheDoor();
    load();
  });
})();
