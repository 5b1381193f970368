// The office's hours on the kiosk: a ticket refused because the office is
// closed (office_closed), the service is not given at this hour
// (service_closed) or its wait would end after closing (not_today) is
// explained on its own screen: when it opens, on the office's clock, and for
// not_today the offers of elsewhere: the booking page (a QR code and its
// address) and the quietest other office open now, with its wait. kiosk.js
// hands every refused ticket here first (docs/kiosk.md).
(function () {
  "use strict";
  const CODES = ["office_closed", "service_closed", "not_today"];
  const CAP_CODES = ["sold_out", "stop_issuing"];  // a daily cap or the cut-off (kiosk-caps.js words them)
  const i18n = window.ChergaI18n;

  function $(id) { return document.getElementById(id); }

  // YYYY-MM-DD of a moment on the office's calendar, and HH:MM on its clock.
  function dayOf(moment, zone) {
    return new Intl.DateTimeFormat("en-CA", { timeZone: zone || undefined, year: "numeric", month: "2-digit", day: "2-digit" }).format(moment);
  }
  function timeOf(moment, zone) {
    return new Intl.DateTimeFormat("uk-UA", { timeZone: zone || undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(moment);
  }
  function daysBetween(first, second) {
    const utc = function (day) { const [y, m, d] = day.split("-").map(Number); return Date.UTC(y, m - 1, d); };
    return Math.round((utc(second) - utc(first)) / 86400000);
  }

  // «сьогодні о 13:00», «завтра о 08:00», «о 08:00 у четвер», «25.12 о 08:00»: when the office (or the service) opens.
  function when(iso, zone, now) {
    const moment = new Date(iso);
    const time = timeOf(moment, zone);
    const day = dayOf(moment, zone);
    const ahead = daysBetween(dayOf(now || new Date(), zone), day);
    if (ahead <= 0) return i18n.t("kiosk.hours.when_today", { time: time });
    if (ahead === 1) return i18n.t("kiosk.hours.when_tomorrow", { time: time });
    if (ahead < 7) {
      const [y, m, d] = day.split("-").map(Number);
      const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;  // 1 Monday … 7 Sunday
      return i18n.t("kiosk.hours.when_weekday", { time: time, weekday: i18n.t("kiosk.hours.weekday." + weekday) });
    }
    return i18n.t("kiosk.hours.when_date", { time: time, date: day.slice(8, 10) + "." + day.slice(5, 7) });
  }

  function showOffers(offers, office, lang, service) {
    const booking = $("hours-booking");
    const url = offers && offers.booking_url;
    booking.hidden = !url;
    if (url) {
      $("hours-qr").src = "/book/qr.svg?" + new URLSearchParams({ office: office.code, service: service, lang: lang }).toString();
      $("hours-book-url").textContent = url;
    }
    const other = offers && offers.offices && offers.offices[0];
    const elsewhere = $("hours-elsewhere");
    elsewhere.hidden = !other;
    elsewhere.textContent = other ? i18n.t("kiosk.hours.elsewhere", { office: other.name, minutes: other.wait_minutes }) : "";
  }

  window.ChergaKioskHours = {
    // Show the refusal and return true when it is one of the hours' or a cap's (its words from
    // kiosk-caps.js, with the same offers); false leaves any other error to the caller.
    explain: function (error, context) {
      const capped = Boolean(error) && CAP_CODES.indexOf(error.code) >= 0;
      if (!error || (CODES.indexOf(error.code) < 0 && !capped)) return false;
      const details = error.details || {};
      const zone = context.office && context.office.timezone;
      const screen = $("screen-hours");
      screen.dataset.refusal = error.code;
      $("hours-title").textContent = capped ? window.ChergaKioskCaps.title(error, zone) : i18n.t("kiosk.hours." + error.code);
      let detail = "";
      if (capped) {
        detail = i18n.t("kiosk.caps.what_to_do");
      } else if (error.code === "not_today") {
        detail = details.closes_at ? i18n.t("kiosk.hours.closes", { time: timeOf(new Date(details.closes_at), zone) }) : "";
      } else if (details.opens_at) {
        detail = i18n.t(error.code === "office_closed" ? "kiosk.hours.opens" : "kiosk.hours.service_opens", { when: when(details.opens_at, zone) });
      }
      $("hours-when").textContent = detail;
      showOffers(error.code === "not_today" || capped ? details.offers : null, context.office, context.lang, details.service);
      context.show("hours");
      return true;
    },
    when: when,
  };
})();
