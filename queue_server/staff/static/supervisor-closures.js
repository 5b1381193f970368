// The supervisor's bookings tab, below the day's bookings: closing a day (the
// whole office or one desk, all day or some hours) for bookings, the closures in
// force with «Відкрити знову», and lifting a person's no-show block. The API
// does the work (docs/booking.md); this page only asks it and says the answer.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const $ = page.$;
  const t = page.t;
  const root = document.getElementById("supervisor");
  const timezone = root.dataset.timezone || undefined;
  const base = "/offices/" + encodeURIComponent(page.office);
  let closures = [];
  let loaded = false;

  function day(iso) {
    return new Intl.DateTimeFormat("uk-UA", { timeZone: timezone, day: "2-digit", month: "2-digit", year: "numeric" }).format(new Date(iso));
  }

  // A closure from the office's midnight to the next is a whole day; anything else names its hours.
  function when(closure) {
    const start = page.hhmm(closure.start);
    const end = page.hhmm(closure.end);
    if (start === "00:00" && end === "00:00") return t("closures.whole_day", { date: day(closure.start) });
    return t("closures.hours", { date: day(closure.start), start: start, end: end });
  }

  function fillDesks() {
    const select = $("closure-desk");
    const chosen = select.value;
    const ids = Object.keys(page.view.desks);
    if (page.view.snapshot) page.view.snapshot.desks.forEach(function (desk) { if (ids.indexOf(desk.id) < 0) ids.push(desk.id); });
    ids.sort();
    page.fill(select, [select.options[0]].concat(ids.map(function (id) { return page.el("option", { value: id, text: page.deskName(id) }); })));
    select.value = chosen;
  }

  function draw() {
    const rows = closures.map(function (closure) {
      const reopen = page.mayChange
        ? page.el("button", { type: "button", class: "secondary", text: t("closures.reopen"), dataset: { closure: String(closure.id) }, onclick: function () { reopenClosure(closure, reopen); } })
        : null;
      return page.el("tr", { dataset: { closure: String(closure.id) } }, [
        page.el("td", { text: when(closure) }),
        page.el("td", { text: closure.desk ? page.deskName(closure.desk) : t("closures.whole_office") }),
        page.el("td", { text: closure.reason }),
        page.el("td", {}, [reopen]),
      ]);
    });
    page.fill(document.querySelector("#closures tbody"), rows);
    $("closures-none").hidden = closures.length > 0;
  }

  async function refresh() {
    try {
      closures = await page.api("GET", base + "/booking-closures");
      loaded = true;
      $("closure-error").textContent = "";
    } catch (error) {
      page.showError(error, $("closure-error"));
      return;
    }
    fillDesks();
    draw();
  }

  async function close(event) {
    event.preventDefault();
    const body = { date: $("closure-date").value, reason: $("closure-reason").value.trim() };
    if ($("closure-desk").value) body.desk = $("closure-desk").value;
    if ($("closure-start").value) body.start = $("closure-start").value;
    if ($("closure-end").value) body.end = $("closure-end").value;
    $("closure-submit").disabled = true;
    $("closure-error").textContent = "";
    try {
      const closed = await page.api("POST", base + "/booking-closures", body);
      page.showNotice(t("closures.done", { count: closed.cancelled.length }));
      $("closure-form").reset();
      await refresh();
    } catch (error) {
      page.showError(error, $("closure-error"));
    } finally {
      $("closure-submit").disabled = false;
    }
  }

  async function reopenClosure(closure, button) {
    button.disabled = true;
    try {
      await page.api("POST", base + "/booking-closures/" + closure.id + "/withdraw");
      page.showNotice(t("closures.reopened"));
    } catch (error) {
      page.showError(error, $("closure-error"));
    }
    await refresh();
  }

  async function lift(event) {
    event.preventDefault();
    const code = $("lift-code").value.trim();
    const phone = $("lift-phone").value.trim();
    $("lift-error").textContent = "";
    if (!code === !phone) { $("lift-error").textContent = t("blocks.one_of"); return; }
    $("lift-submit").disabled = true;
    try {
      await page.api("POST", base + "/booking-blocks/lift", code ? { code: code } : { phone: phone });
      page.showNotice(t("blocks.lifted"));
      $("lift-form").reset();
    } catch (error) {
      if (error.code === "not_blocked") $("lift-error").textContent = t("blocks.not_blocked");
      else page.showError(error, $("lift-error"));
    } finally {
      $("lift-submit").disabled = false;
    }
  }

  // A manager sees the closures; only a supervisor (or an admin) changes them.
  if (!page.mayChange) {
    $("closure-form").hidden = true;
    $("lift-form").hidden = true;
  }
  $("closure-form").addEventListener("submit", close);
  $("lift-form").addEventListener("submit", lift);
  const showBookings = page.tabs.bookings;
  page.tabs.bookings = function () { if (showBookings) showBookings(); refresh(); };
  // Called once the page knows its language and desks (the first snapshot), and on a change of language.
  page.translations.closures = function () {
    if (!loaded) { refresh(); return; }
    fillDesks();
    draw();
  };
})();
