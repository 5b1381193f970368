// The supervisor's page, its frame: the office's live picture from its staff
// stream (snapshot, then events by seq, moved forward by the ChergaProjection
// every page shares) with the desks' state of today from the REST API, the tabs,
// the language, messages and dialogs. The tabs draw themselves:
// supervisor-desks.js, supervisor-queue.js, supervisor-records.js. Every
// change is a REST call the server checks again (role and office): a hidden
// button is a courtesy, never the protection.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const root = document.getElementById("supervisor");
  const office = root ? root.dataset.office : null;
  // a manager reads every office but changes none: the server refuses, so the page does not offer
  const mayChange = root !== null && root.dataset.role !== "manager";

  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }

  const el = window.ChergaStaff.el; // a DOM node with text and children; data never goes through innerHTML

  function fill(container, nodes) { container.replaceChildren.apply(container, nodes); }

  function named(item) {
    if (!item) return "";
    return staff.lang() === "en" && item.name_en ? item.name_en : item.name;
  }

  // ---- time, on the office's clock wherever the supervisor sits
  const timezone = root ? root.dataset.timezone || undefined : undefined;
  function locale() { return staff.lang() === "en" ? "en-GB" : "uk-UA"; }
  function hhmm(iso) {
    if (!iso) return "";
    return new Intl.DateTimeFormat(locale(), { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  }
  function dateTime(iso) {
    if (!iso) return "";
    return new Intl.DateTimeFormat(locale(), {
      timeZone: timezone, day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    }).format(new Date(iso));
  }
  // Minutes the office's clock is ahead of UTC at `moment`: a date filter means the office's day.
  function zoneOffsetMinutes(moment) {
    const parts = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    }).formatToParts(moment);
    const get = function (type) { return Number(parts.find(function (part) { return part.type === type; }).value); };
    const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
    return Math.round((asUtc - moment.getTime()) / 60000);
  }
  function officeMidnight(isoDate) {
    const guess = new Date(isoDate + "T00:00:00Z");
    return new Date(guess.getTime() - zoneOffsetMinutes(guess) * 60000);
  }

  // ---- messages: an API refusal is said in words, with the server's own reason beside it
  let noticeTimer = null;
  function showNotice(text) {
    $("message").textContent = "";
    $("notice").textContent = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { $("notice").textContent = ""; }, 8000);
  }
  function describeError(error) {
    const detail = error.message || "";
    if (error.status === 409) return t("supervisor.error.conflict", { message: detail });
    if (error.status === 403) return t("supervisor.error.forbidden", { message: detail });
    if (error.status === 404) return t("supervisor.error.not_found", { message: detail });
    if (error.status === 401) return t("supervisor.error.session");
    if (error.status === 400 || error.status === 422) return t("supervisor.error.input", { message: detail });
    if (!error.status) return t("supervisor.error.network");
    return t("staff.error", { message: detail });
  }
  // Say what went wrong, in a dialog when it came from one; a conflict means the page is behind.
  function showError(error, where) {
    $("notice").textContent = "";
    $("message").textContent = where ? "" : describeError(error);
    if (where) where.textContent = describeError(error);
    if (error.status === 409) refresh();
  }
  async function api(method, path, body) {
    try {
      return await staff.api(method, path, body);
    } catch (error) {
      if (error.status === 401) setTimeout(function () { location.reload(); }, 3000);  // back to the login form
      throw error;
    }
  }

  // ---- dialogs: the error of a refused change stays inside the dialog
  function openDialog(dialog) {
    dialog.querySelectorAll(".error").forEach(function (node) { node.textContent = ""; });
    dialog.showModal();
  }
  function closeDialog(dialog) { if (dialog.open) dialog.close(); }
  document.querySelectorAll("dialog [data-close]").forEach(function (button) {
    button.addEventListener("click", function () { closeDialog(button.closest("dialog")); });
  });

  // Ask before a change that cannot be undone; `reason: true` makes a reason required.
  function confirmAction(options) {
    const dialog = $("confirm-dialog");
    $("confirm-title").textContent = options.title;
    $("confirm-text").textContent = options.text;
    $("confirm-yes").textContent = options.yes;
    $("confirm-reason").value = "";
    $("confirm-reason").hidden = $("confirm-reason-label").hidden = !options.reason;
    $("confirm-form").onsubmit = async function (event) {
      event.preventDefault();
      const reason = $("confirm-reason").value.trim();
      if (options.reason && !reason) { $("confirm-error").textContent = t("supervisor.reason.required"); return; }
      $("confirm-yes").disabled = true;
      try {
        const answer = await options.run(reason);
        closeDialog(dialog);
        showNotice(typeof options.done === "function" ? options.done(answer) : options.done);
      } catch (error) {
        showError(error, $("confirm-error"));
      } finally {
        $("confirm-yes").disabled = false;
      }
    };
    openDialog(dialog);
    (options.reason ? $("confirm-reason") : $("confirm-yes")).focus();
  }

  // ---- the office's live picture
  const view = { snapshot: null, desks: {}, services: [], categories: [], priorities: [], tab: "desks" };
  const drawings = {};  // name → draws from the live picture (desks, queue)
  const translations = {};  // name → draws the REST records again: in another language, or once desks have names
  const tabs = {};  // name → loads the tab's data when it is shown
  const listeners = {};  // name → hears every event of the stream

  function draw() {
    if (!view.snapshot) return;
    Object.values(drawings).forEach(function (drawing) { drawing(); });
  }

  function serviceName(code) {
    const service = view.services.find(function (item) { return item.code === code; });
    return service ? named(service) : code;
  }
  function deskName(id) {
    const desk = (view.snapshot && view.snapshot.desks.find(function (item) { return item.id === id; })) || view.desks[id];
    return desk ? named(desk) : id;
  }
  function deskStateWords(status) {
    return staff.wordsFor("desk_states", "supervisor.desk_state.", status);
  }
  function pauseWords(reason) {
    return staff.wordsFor("pause_reasons", "supervisor.pause.", reason);
  }

  // The desks' state of today adds what the stream does not carry: since when each is in its state.
  let desksTimer = null;
  async function refreshDesks() {
    try {
      const answer = await api("GET", "/offices/" + office + "/desks/state");
      view.desks = {};
      (Array.isArray(answer) ? answer : answer.desks || []).forEach(function (desk) { view.desks[desk.id] = desk; });
      draw();
    } catch (error) {
      showError(error);
    }
  }
  function refreshDesksSoon() {  // a burst of desk events costs one request
    clearTimeout(desksTimer);
    desksTimer = setTimeout(refreshDesks, 150);
  }
  function deskRecord(id) {
    const live = (view.snapshot && view.snapshot.desks.find(function (desk) { return desk.id === id; })) || {};
    const state = view.desks[id] || {};
    const record = Object.assign({}, state, live);  // the stream is the fresher of the two
    record.since = state.status === live.status ? state.since : null;  // desks/state has not caught up yet
    return record;
  }

  // After a lost connection the stream catches up by itself; the REST views do not.
  function refresh() {
    refreshDesks();
    if (tabs[view.tab]) tabs[view.tab]();
  }

  function startLive() {
    let connectedBefore = false;
    window.ChergaLive({
      office: office,
      onSnapshot: function (snapshot) {
        const first = view.snapshot === null;
        view.snapshot = snapshot;
        draw();
        if (first) Object.values(translations).forEach(function (drawing) { drawing(); });  // desks' names are known now
        refreshDesks();
      },
      onEvent: function (message) {
        window.ChergaProjection.apply(view.snapshot, message);  // the server's rules, as every page
        if (message.type.indexOf("desk.") === 0) refreshDesksSoon();
        draw();
        Object.values(listeners).forEach(function (listen) { listen(message); });
      },
      onConnection: function (online) {
        $("offline").hidden = online;
        if (online && connectedBefore) refresh();
        if (online) connectedBefore = true;
      },
      onRefused: function (answer) {
        showError({ status: 403, message: answer && answer.error ? answer.error.message : "" });
      },
    });
  }

  // ---- tabs and language
  function showTab(name) {
    view.tab = name;
    document.querySelectorAll(".tabs [data-tab]").forEach(function (button) {
      button.setAttribute("aria-selected", String(button.dataset.tab === name));
    });
    document.querySelectorAll("section.tab").forEach(function (section) { section.hidden = section.id !== "tab-" + name; });
    if (tabs[name]) tabs[name]();
    history.replaceState(null, "", "#" + name);
  }

  function translate() {
    document.querySelectorAll("#office-select option").forEach(function (option) {
      option.textContent = staff.lang() === "en" ? option.dataset.nameEn : option.dataset.name;
    });
    draw();
    Object.values(translations).forEach(function (drawing) { drawing(); });
  }

  async function loadOffice() {
    const [services, categories, priorities] = await Promise.all([
      api("GET", "/offices/" + office + "/services"),
      api("GET", "/offices/" + office + "/categories"),
      api("GET", "/priorities"),
    ]);
    view.services = services;
    view.categories = categories;
    view.priorities = priorities;
  }

  async function start() {
    if (!root) staff.loginForm(); // at once: a click before the catalogue arrives must not submit the form natively
    await staff.useLanguage();
    $("language").addEventListener("click", async function () {
      await staff.useLanguage(staff.lang() === "en" ? "uk" : "en");
      if (root) translate();
    });
    if ($("logout")) $("logout").addEventListener("click", staff.logout);
    if (!root) return;

    $("office-select").addEventListener("change", function () {
      location.assign("/supervisor?office=" + encodeURIComponent(this.value) + location.hash);
    });
    document.querySelectorAll(".tabs [data-tab]").forEach(function (button) {
      button.addEventListener("click", function () { showTab(button.dataset.tab); });
    });
    if (root.dataset.refusedOffice) $("message").textContent = t("supervisor.error.other_office", { office: root.dataset.refusedOffice });
    try {
      await loadOffice();
    } catch (error) {
      showError(error);
    }
    startLive();
    const wanted = location.hash.replace("#", "");
    showTab(document.querySelector('.tabs [data-tab="' + wanted + '"]') ? wanted : "desks");
    setInterval(draw, 30000);  // the minutes of waiting and serving move on
    root.dataset.ready = "true";
  }

  window.ChergaSupervisor = {
    office: office, mayChange: mayChange, view: view,
    drawings: drawings, translations: translations, tabs: tabs, listeners: listeners,
    $: $, el: el, fill: fill, t: t, named: named, hhmm: hhmm, dateTime: dateTime, officeMidnight: officeMidnight,
    api: api, showError: showError, showNotice: showNotice, openDialog: openDialog, closeDialog: closeDialog, confirmAction: confirmAction,
    serviceName: serviceName, deskName: deskName, deskStateWords: deskStateWords, pauseWords: pauseWords,
    deskRecord: deskRecord, refreshDesks: refreshDesks,
  };
  document.addEventListener("DOMContentLoaded", start);
})();
