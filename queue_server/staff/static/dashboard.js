// The managers' dashboard, its frame: read the figures over REST, follow the
// staff stream of every office shown (one connection, ChergaLive), and
// read an office again whenever its stream says something changed there —
// an event, a board's presence, a snapshot after a gap. A burst of events
// costs one request per office. Every half minute everything is read again:
// a wait grows, and a queue goes past its target, without any event.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const draw = window.ChergaDashboardDraw;
  const root = document.getElementById("dashboard");
  const FULL_EVERY = 30000;
  const SETTLE = 300;  // ms: events of one command (a call and the desk's state) arrive together

  function $(id) { return document.getElementById(id); }

  const view = { rows: {}, order: [], office: null, detail: null, at: null };
  const timers = {};  // office → a pending read
  const reading = {};  // office → a read under way (another change meanwhile: read again after it)
  const snapshots = {};  // office → its first snapshot came: the stream is followed from there

  function showError(error) {
    $("message").textContent = error ? window.ChergaI18n.t("staff.error", { message: error.message || String(error) }) : "";
  }

  function redraw() {
    if (view.office) {
      if (view.detail) draw.drawOffice(view.detail);
    } else {
      draw.drawNetwork(view.order.map(function (code) { return view.rows[code]; }).filter(Boolean), $("only-alerts").checked);
    }
    draw.drawUpdated(view.at);
  }

  async function readAll() {
    try {
      if (view.office) {
        view.detail = await staff.api("GET", "/dashboard/" + encodeURIComponent(view.office));
        view.at = view.detail.at;
      } else {
        const answer = await staff.api("GET", "/dashboard");
        answer.offices.forEach(function (row) { view.rows[row.office] = row; });
        view.at = answer.at;
      }
      showError(null);
      redraw();
    } catch (error) {
      if (error.status !== 401) showError(error);  // 401: staff.api reloads to the login form
    }
  }

  async function readOffice(office) {
    if (reading[office]) { reading[office].again = true; return; }
    reading[office] = { again: false };
    try {
      if (view.office) {
        view.detail = await staff.api("GET", "/dashboard/" + encodeURIComponent(office));
        view.at = view.detail.at;
      } else {
        const answer = await staff.api("GET", "/dashboard?office=" + encodeURIComponent(office));
        answer.offices.forEach(function (row) { view.rows[row.office] = row; });
        view.at = answer.at;
      }
      redraw();
    } catch (error) {
      if (error.status !== 401) showError(error);
    } finally {
      const again = reading[office].again;
      delete reading[office];
      if (again) readSoon(office);
    }
  }

  function readSoon(office) {
    if (timers[office]) return;  // already coming: it will read the office as it is then
    timers[office] = setTimeout(function () { delete timers[office]; readOffice(office); }, SETTLE);
  }

  // The seq of the office's events the figures on screen include (every answer says it).
  function shownSeq(office) {
    const shown = view.office ? view.detail : view.rows[office];
    return shown && typeof shown.seq === "number" ? shown.seq : null;
  }

  function followed(office) {
    snapshots[office] = true;
    const all = (view.office ? [view.office] : view.order).every(function (code) { return snapshots[code]; });
    if (all) root.dataset.ready = "true";  // read, and followed live from what was read
  }

  function onChange(office, kind, message) {
    if (kind === "snapshot") {
      const first = !snapshots[office];
      followed(office);
      const seq = shownSeq(office);
      // the first snapshot after the reading: read again only if something happened in between
      if (first && seq !== null && message.seq <= seq) return;
    }
    readSoon(office);
  }

  async function start() {
    if (!root) staff.loginForm(); // at once: a click before the catalogue arrives must not submit the form natively
    await staff.useLanguage();
    $("language").addEventListener("click", async function () {
      await staff.useLanguage(staff.lang() === "en" ? "uk" : "en");
      if (root) redraw();
    });
    if ($("logout")) $("logout").addEventListener("click", staff.logout);
    if (!root) return;

    const offices = JSON.parse($("offices").textContent);
    view.order = offices.map(function (office) { return office.code; });
    view.office = root.dataset.office || null;
    if (!view.office) $("only-alerts").addEventListener("change", redraw);
    await readAll();
    let connectedBefore = false;
    window.ChergaLive({
      offices: view.office ? [view.office] : view.order,
      stream: "staff",
      onSnapshot: function (snapshot) { onChange(snapshot.office, "snapshot", snapshot); },
      onEvent: function (message) { onChange(message.office, "event", message); },
      onPresence: function (message) { onChange(message.office, "presence", message); },
      onConnection: function (online) {
        $("offline").hidden = online;
        if (online && connectedBefore) readAll();  // whatever happened meanwhile
        if (online) connectedBefore = true;
      },
      onRefused: function (answer, office) {
        showError({ message: office + ": " + (answer && answer.error ? answer.error.message : "refused") });
      },
    });
    setInterval(readAll, FULL_EVERY);
  }

  document.addEventListener("DOMContentLoaded", start);
})();
