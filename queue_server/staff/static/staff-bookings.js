// The office's bookings of today, for the desk console and the supervisor's page:
// time, code, service, name and what became of each (booked, checked in with its
// ticket, served, missed, cancelled). A check-in issues a ticket, so the list is
// read again after the stream's ticket events (a burst costs one request), and
// every minute in any case: a booking made or cancelled from outside the office
// sends no event to the hall. Times are on the office's clock, wherever the
// browser is. The pages give the table and say which service to show.
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const t = window.ChergaI18n.t;
  const EVERY_MS = 60000;
  const SOON_MS = 300;

  window.ChergaBookings = function (options) {
    const list = { bookings: [], loaded: false };
    let asked = 0;
    let soonTimer = null;

    function locale() { return staff.lang() === "en" ? "en-GB" : "uk-UA"; }
    function hhmm(iso) {
      return new Intl.DateTimeFormat(locale(), { timeZone: options.timezone || undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    }
    // The office's date now: its day's bookings, whatever the browser's time zone.
    function officeToday() {
      return new Intl.DateTimeFormat("en-CA", { timeZone: options.timezone || undefined, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    }

    function statusWords(booking) {
      return t("bookings.status." + booking.status, { number: booking.ticket_number || "" });
    }

    function draw() {
      const wanted = options.service ? options.service() : "";
      const shown = list.bookings.filter(function (booking) { return !wanted || booking.service === wanted; });
      const rows = shown.map(function (booking) {
        return staff.el("tr", { class: "booking " + booking.status, dataset: { code: booking.code, status: booking.status } }, [
          staff.el("td", { class: "time", text: hhmm(booking.start) }),
          staff.el("td", { class: "code", text: booking.code }),
          staff.el("td", { text: options.serviceName(booking.service) }),
          staff.el("td", { text: booking.name }),
          staff.el("td", { class: "booking-status" }, [staff.el("span", { class: "booking-state " + booking.status, text: statusWords(booking) })]),
        ]);
      });
      options.table.replaceChildren.apply(options.table, rows);
      if (options.empty) options.empty.hidden = !list.loaded || rows.length > 0;
      if (options.count) options.count.textContent = list.loaded ? String(shown.filter(function (booking) { return booking.status === "booked"; }).length) : "";
      if (options.error) options.error.textContent = "";
    }

    async function refresh() {
      const mine = ++asked;  // only the latest answer is shown: answers may come out of order
      try {
        const bookings = await staff.api("GET", "/offices/" + options.office + "/appointments?date=" + officeToday());
        if (mine !== asked) return;
        list.bookings = bookings;
        list.loaded = true;
        if (options.onLoaded) options.onLoaded(bookings);
        draw();
      } catch (error) {
        if (mine === asked && options.error) options.error.textContent = t("staff.error", { message: error.message });
      }
    }

    function refreshSoon() {
      clearTimeout(soonTimer);
      soonTimer = setTimeout(refresh, SOON_MS);
    }

    // What the office's stream says that may change a booking's line: a ticket issued (a check-in), or its end.
    function hear(message) {
      if (message && message.type && message.type.indexOf("ticket.") === 0) refreshSoon();
    }

    const every = setInterval(refresh, EVERY_MS);
    // Another office or desk chosen: this list stops asking.
    function stop() { clearInterval(every); clearTimeout(soonTimer); asked++; }
    return { refresh: refresh, refreshSoon: refreshSoon, draw: draw, hear: hear, stop: stop, list: list };
  };
})();
