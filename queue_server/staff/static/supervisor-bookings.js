// The supervisor's bookings tab: the office's bookings of today (staff-bookings.js
// reads and draws them), filtered by service. The list is kept fresh while the
// page is open, whichever tab is shown, so the tab's count of visitors still
// expected stays true.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const $ = page.$;
  const root = document.getElementById("supervisor");

  const bookings = window.ChergaBookings({
    office: page.office, timezone: root.dataset.timezone, serviceName: page.serviceName,
    table: document.querySelector("#bookings tbody"), empty: $("bookings-none"), error: $("bookings-error"),
    count: $("count-bookings"), service: function () { return $("bookings-service").value; },
    onLoaded: fillServices,
  });

  // The filter offers the services booked today (and the one chosen, should its bookings go).
  function fillServices(list) {
    const select = $("bookings-service");
    const chosen = select.value;
    const codes = list.map(function (booking) { return booking.service; });
    if (chosen) codes.push(chosen);
    const unique = codes.filter(function (code, index) { return codes.indexOf(code) === index; });
    unique.sort(function (a, b) { return page.serviceName(a).localeCompare(page.serviceName(b)); });
    const all = select.options[0];
    page.fill(select, [all].concat(unique.map(function (code) { return page.el("option", { value: code, text: page.serviceName(code) }); })));
    select.value = chosen;
  }

  $("bookings-service").addEventListener("change", bookings.draw);
  $("bookings-filters").addEventListener("submit", function (event) { event.preventDefault(); });
  page.tabs.bookings = bookings.refresh;
  page.listeners.bookings = bookings.hear;
  // Called once the page knows its language and the office's services (the first snapshot), and on a change of language.
  page.translations.bookings = function () {
    if (!bookings.list.loaded) { bookings.refresh(); return; }
    fillServices(bookings.list.bookings);
    bookings.draw();
  };
})();
