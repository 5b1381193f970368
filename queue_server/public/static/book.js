// The /book page: office → service → day → time → name and phone → the code.
// The server rendered the offices and their bookable services (#offices);
// this asks the API for the days with free times, a day's times, and books
// (docs/booking.md). A double tap books once: the form sends one request at
// a time, and the buttons of a screen that has just appeared ignore taps
// for SETTLE_MS (as the kiosk's do), so the second touch of a double tap
// never chooses on the next screen. A refusal is said in words; a time
// taken by someone else meanwhile sends the visitor back to the times.
(function () {
  "use strict";
  // A double touch comes within ~300 ms; the next screen's buttons wait this long before they take a tap.
  const SETTLE_MS = 450;
  const page = document.getElementById("book");
  const lang = page.dataset.lang;
  const offices = JSON.parse(document.getElementById("offices").textContent);
  const i18n = window.ChergaI18n;
  const t = i18n.t;
  const state = { office: null, service: null, day: null, slot: null, booking: false };
  let settling = [];
  let settleTimer = null;
  let restoring = false;  // showing a screen because of the browser's back or forward: no new history entry

  function $(id) { return document.getElementById(id); }
  function api(path) { return "/api/v1" + path; }
  function langQuery() { return lang === "en" ? "?lang=en" : ""; }

  // «середа, 25 листопада» of a YYYY-MM-DD (the office's day), as the manage page words it.
  function dayText(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay() || 7;
    return t("booking.day", { weekday: t("calendar.weekday." + weekday), day: day, month: t("booking.month." + month) });
  }
  // HH:MM of a start written on the office's wall clock with its offset (2026-11-25T10:00:00+02:00).
  function clockText(start) { return start.slice(11, 16); }

  function show(screen) {
    document.querySelectorAll(".screen").forEach(function (section) { section.hidden = section.id !== "screen-" + screen; });
    page.dataset.screen = screen;
    let passed = true;
    document.querySelectorAll("#steps li").forEach(function (step) {
      if (step.dataset.step === screen) { step.setAttribute("aria-current", "step"); passed = false; }
      else step.removeAttribute("aria-current");
      step.classList.toggle("passed", passed && screen !== "office");
    });
    $("steps").hidden = screen === "done";
    remember(screen);
    switchLanguageHere();
    settle();
    const title = document.querySelector("#screen-" + screen + " h2");
    if (title) title.focus();
    window.scrollTo(0, 0);
  }

  // Each screen is a history entry, so a phone's back button goes back a step, not off the page;
  // the confirmation replaces the form's entry, and once booked, back stays on the confirmation.
  function remember(screen) {
    if (restoring) return;
    const entry = { screen: screen };
    if (!history.state || !history.state.screen || screen === "done") history.replaceState(entry, "");
    else if (history.state.screen !== screen) history.pushState(entry, "");
  }

  function restore(event) {
    const screen = (event.state && event.state.screen) || "office";
    if (page.dataset.token) {
      history.pushState({ screen: "done" }, "");
      return;
    }
    const possible = { office: true, service: state.office, day: state.service, time: state.day, details: state.slot };
    restoring = true;
    try { show(possible[screen] ? screen : "office"); } finally { restoring = false; }
  }

  // The language link keeps what was chosen (the office and service; after booking, the booking's page).
  function switchLanguageHere() {
    const other = lang === "en" ? "" : "lang=en";
    if (page.dataset.manage) {
      $("language").href = page.dataset.manage + (other ? "?" + other : "");
      return;
    }
    const query = [other];
    if (state.office) query.push("office=" + encodeURIComponent(state.office.code));
    if (state.office && state.service) query.push("service=" + encodeURIComponent(state.service.code));
    $("language").href = "/book?" + query.filter(Boolean).join("&");
  }

  // What appeared under the visitor's finger must not take the second touch of a double tap.
  function settle() {
    const screen = $("screen-" + page.dataset.screen);
    screen.querySelectorAll("button:not([disabled])").forEach(function (button) {
      button.disabled = true;
      settling.push(button);
    });
    page.dataset.settling = "yes";
    clearTimeout(settleTimer);
    settleTimer = setTimeout(function () {
      settling.forEach(function (button) { button.disabled = false; });
      settling = [];
      page.dataset.settling = "no";
    }, SETTLE_MS);
  }

  function choice(name, note, data, onChoose) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "choice";
    Object.assign(button.dataset, data);
    const title = document.createElement("span");
    title.className = "choice-name";
    title.textContent = name;
    button.append(title);
    if (note) {
      const small = document.createElement("span");
      small.className = "choice-note";
      small.textContent = note;
      button.append(small);
    }
    button.addEventListener("click", onChoose);
    const item = document.createElement("li");
    item.append(button);
    return item;
  }

  function filter(list, query, none) {
    const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    list.querySelectorAll("li").forEach(function (item) {
      const text = item.dataset.search || item.textContent.toLowerCase();
      item.hidden = !words.every(function (word) { return text.includes(word); });
      if (!item.hidden) shown += 1;
    });
    none.hidden = shown > 0;
  }

  function message(id, text) { $(id).textContent = text || ""; }

  function chosenText() {
    const parts = [state.office.name];
    if (state.service) parts.push(state.service.name);
    if (state.day) parts.push(dayText(state.day));
    if (state.slot) parts.push(clockText(state.slot.start));
    return parts.join(" · ");
  }

  // ---- office and service

  function chooseOffice(code) {
    state.office = offices.find(function (office) { return office.code === code; }) || null;
    if (!state.office) return false;
    state.service = null;
    state.day = null;
    state.slot = null;
    $("service-office").textContent = state.office.name + " · " + state.office.address;
    const list = $("service-list");
    list.replaceChildren();
    state.office.services.forEach(function (service) {
      const item = choice(service.name, "", { service: service.code }, function () { chooseService(service.code); });
      item.dataset.search = service.name.toLowerCase();
      list.append(item);
    });
    $("service-search").value = "";
    filter(list, "", $("service-none"));
    show("service");
    return true;
  }

  function chooseService(code) {
    state.service = state.office.services.find(function (service) { return service.code === code; }) || null;
    if (!state.service) return false;
    state.day = null;
    state.slot = null;
    loadDays();
    return true;
  }

  // ---- day and time

  async function fetchJson(path) {
    const response = await fetch(api(path), { cache: "no-store" });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async function loadDays() {
    $("day-chosen").textContent = chosenText();
    const list = $("day-list");
    list.replaceChildren();
    message("day-message", t("booking.loading"));
    show("day");
    let days;
    try {
      days = await fetchJson("/offices/" + state.office.code + "/services/" + state.service.code + "/days");
    } catch (error) {
      message("day-message", t("booking.error.network"));
      return;
    }
    message("day-message", days.length ? "" : t("booking.day.none"));
    days.forEach(function (day) {
      list.append(choice(dayText(day.date), t("booking.day.free", { free: day.free }), { date: day.date }, function () { chooseDay(day.date); }));
    });
    settle();
  }

  async function chooseDay(day, why) {
    state.day = day;
    state.slot = null;
    $("time-chosen").textContent = chosenText();
    const list = $("time-list");
    list.replaceChildren();
    message("time-message", why || "");
    show("time");
    let slots;
    try {
      slots = await fetchJson("/offices/" + state.office.code + "/services/" + state.service.code + "/slots?date=" + day);
    } catch (error) {
      message("time-message", t("booking.error.network"));
      return;
    }
    const free = slots.filter(function (slot) { return slot.free > 0; });
    if (!free.length) message("time-message", (why ? why + " " : "") + t("booking.time.none"));
    slots.forEach(function (slot) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "time";
      button.textContent = clockText(slot.start);
      button.dataset.start = slot.start;
      if (slot.free > 0) {
        button.addEventListener("click", function () { chooseTime(slot); });
      } else {
        button.disabled = true;
        button.classList.add("taken");
        button.setAttribute("aria-label", t("booking.time.taken", { time: clockText(slot.start) }));
      }
      const item = document.createElement("li");
      item.append(button);
      list.append(item);
    });
    settle();
  }

  function chooseTime(slot) {
    state.slot = slot;
    $("details-chosen").textContent = chosenText();
    message("details-message", "");
    show("details");
  }

  // ---- name, phone and booking

  // As the API checks them (docs/booking.md): a name of 1 to 100 signs; a phone of 9 to 15 digits, decorations dropped.
  function fieldProblems(name, phone) {
    const problems = {};
    if (!name.trim()) problems.name = t("booking.error.name");
    const digits = phone.replace(/[\s\-.()]/g, "");
    if (!phone.trim()) problems.phone = t("booking.error.phone_missing");
    else if (!/^\+?[0-9]{9,15}$/.test(digits) || !/^[+]?[0-9][0-9 ().-]{7,23}$/.test(phone.trim())) problems.phone = t("booking.error.phone");
    return problems;
  }

  function showFieldProblems(problems) {
    ["name", "phone"].forEach(function (field) {
      $(field + "-error").textContent = problems[field] || "";
      if (problems[field]) $(field).setAttribute("aria-invalid", "true");
      else $(field).removeAttribute("aria-invalid");
    });
    const first = ["name", "phone"].find(function (field) { return problems[field]; });
    if (first) $(first).focus();
    return Boolean(first);
  }

  function retryText(response) {
    const seconds = Number(response.headers.get("Retry-After") || "60");
    return t("booking.error.too_many", { minutes: Math.max(1, Math.ceil(seconds / 60)) });
  }

  async function refused(response) {
    let error = {};
    try { error = (await response.json()).error || {}; } catch (ignored) { /* not JSON: a proxy's page */ }
    const details = error.details || {};
    if (response.status === 409 && error.code === "full") return chooseDay(state.day, t("booking.error.full"));
    if (response.status === 400 && details.field === "start") return chooseDay(state.day, t("booking.error.gone"));
    if (response.status === 400 && (details.field === "name" || details.field === "phone")) {
      showFieldProblems({ [details.field]: t(details.field === "name" ? "booking.error.name" : "booking.error.phone") });
      return null;
    }
    if (response.status === 409 && error.code === "monthly_limit") return message("details-message", t("booking.error.monthly_limit"));
    if (response.status === 409 && error.code === "blocked") return message("details-message", t("booking.error.blocked"));
    if (response.status === 429) return message("details-message", retryText(response));
    if (response.status === 404) return message("details-message", t("booking.error.gone_service"));
    return message("details-message", t("booking.error.other"));
  }

  async function book(event) {
    event.preventDefault();
    if (state.booking) return;  // one request at a time: a double tap books once
    const name = $("name").value;
    const phone = $("phone").value;
    message("details-message", "");
    if (showFieldProblems(fieldProblems(name, phone))) return;
    state.booking = true;
    const button = $("book-button");
    button.disabled = true;
    button.textContent = t("booking.submitting");
    try {
      const response = await fetch(api("/appointments"), {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ office: state.office.code, service: state.service.code, start: state.slot.start, name: name.trim(), phone: phone.trim() }),
      });
      if (response.status === 201) done(await response.json());
      else await refused(response);
    } catch (error) {
      message("details-message", t("booking.error.network"));
    } finally {
      state.booking = false;
      button.disabled = false;
      button.textContent = t("booking.submit");
    }
  }

  function done(booking) {
    const base = "/a/" + encodeURIComponent(booking.token);
    $("done-code").textContent = booking.code;
    $("done-code").setAttribute("aria-label", booking.code.split("").join(" "));
    $("done-qr").src = base + "/qr.svg";
    $("done-qr").alt = t("booking.qr.alt", { code: booking.code });
    $("done-when").textContent = dayText(booking.start.slice(0, 10)) + ", " + clockText(booking.start);
    $("done-office").textContent = state.office.name;
    $("done-address").textContent = state.office.address;
    $("done-service").textContent = state.service.name;
    $("done-ics").href = base + "/booking.ics" + langQuery();
    $("done-manage").href = booking.manage_url + langQuery();
    $("done-manage").textContent = t("booking.manage");
    $("details-form").reset();
    page.dataset.token = booking.token;
    page.dataset.manage = booking.manage_url;
    show("done");
  }

  // ---- wiring

  document.querySelectorAll("#office-list button[data-office]").forEach(function (button) {
    button.addEventListener("click", function () { chooseOffice(button.dataset.office); });
  });
  $("office-search").addEventListener("input", function () { filter($("office-list"), this.value, $("office-none")); });
  $("service-search").addEventListener("input", function () { filter($("service-list"), this.value, $("service-none")); });
  document.querySelectorAll("button[data-back]").forEach(function (button) {
    button.addEventListener("click", function () {
      const back = button.dataset.back;
      if (back === "day") loadDays();
      else show(back);
    });
  });
  $("details-form").addEventListener("submit", book);
  window.addEventListener("popstate", restore);

  i18n.load(lang).then(function () {
    // /book?office=…&service=… (rebooking, or a link from the portal) starts at the first choice still to make
    if (page.dataset.office && chooseOffice(page.dataset.office)) {
      if (page.dataset.service) chooseService(page.dataset.service);
    } else {
      show("office");
    }
    page.dataset.ready = "yes";
  });
})();
