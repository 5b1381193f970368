// «Я записаний(а)» on the kiosk: a booking's code typed on the screen's keys or sent by a
// QR scanner that types like a keyboard (on the start screen too, with nobody tapping
// anything), checked in to the same ticket as any other; and a ticket taken by phone,
// whose five-sign code says its visitor has come (docs/remote-tickets.md). A refusal
// is said in the visitor's words, never the server's. kiosk.js makes one with what
// the page shares: its root, office, state, the server and the screens.
(function () {
  "use strict";
  // A booking's code: six signs of these (no 0/O, 1/I/L), as the server makes them (domain/appointments.py).
  const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  const CODE_LENGTH = 6;
  // A ticket taken by phone has a code of 5 of these (one letter, L, that no booking's code has): the same keys type both.
  const REMOTE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679";
  const REMOTE_LENGTH = 5;
  const KEY_SIGNS = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  window.ChergaKioskCheckIn = function (kiosk) {
    const root = kiosk.root;
    const office = kiosk.office;
    const state = kiosk.state;  // code, scanned and checkingIn are the check-in's; path and adding say where the kiosk is
    const t = kiosk.t;
    const api = kiosk.api;
    const show = kiosk.show;
    const resetIdle = kiosk.resetIdle;
    const tile = kiosk.tile;
    const say = kiosk.say;
    const serviceName = kiosk.serviceName;
    const showTicket = kiosk.showTicket;
    const hhmm = kiosk.hhmm;
    function $(id) { return document.getElementById(id); }

    function openCheckIn() {
      state.code = ""; state.scanned = ""; state.checkingIn = false;
      $("checkin-error").textContent = "";
      renderCode();
      show("checkin");
    }

    function renderCode() {
      const cells = [];
      for (let index = 0; index < CODE_LENGTH; index++) {
        const cell = document.createElement("span");
        cell.className = "code-cell";
        cell.textContent = state.code[index] || "";
        cells.push(cell);
      }
      $("checkin-code").replaceChildren.apply($("checkin-code"), cells);
      $("checkin-code").dataset.code = state.code;
      $("checkin-submit").classList.toggle("ready", isCode(state.code));
    }

    function renderKeys() {
      const keys = KEY_SIGNS.split("").map(function (sign) {
        const key = tile(sign, "key", function () { typeSign(sign); });
        key.dataset.key = sign;
        return key;
      });
      const erase = tile("⌫", "key erase", function () { state.code = state.code.slice(0, -1); $("checkin-error").textContent = ""; renderCode(); });
      erase.setAttribute("aria-label", t("kiosk.checkin.erase"));
      erase.dataset.key = "erase";
      keys.push(erase);
      $("checkin-keys").replaceChildren.apply($("checkin-keys"), keys);
    }

    function typeSign(sign) {
      if (state.code.length >= CODE_LENGTH) return;
      state.code += sign;
      $("checkin-error").textContent = "";
      renderCode();
    }

    // What a scanner sent: the code itself, or a link that carries it (…?code=K7M3QX); either case, spaces and dashes dropped.
    function codeFrom(text) {
      const inLink = /[?&#]code=([^&#\s]+)/i.exec(text);
      return (inLink ? decodeURIComponent(inLink[1]) : text).replace(/[\s-]/g, "").toUpperCase();
    }

    function signsOf(code, alphabet) {
      return code.split("").every(function (sign) { return alphabet.indexOf(sign) >= 0; });
    }

    function isBookingCode(code) {
      return code.length === CODE_LENGTH && signsOf(code, CODE_ALPHABET);
    }

    // The length tells the two apart: 5 signs are a remote ticket's arrival, 6 a booking's check-in.
    function isRemoteCode(code) {
      return code.length === REMOTE_LENGTH && signsOf(code, REMOTE_ALPHABET);
    }

    function isCode(code) {
      return isBookingCode(code) || isRemoteCode(code);
    }

    // A booking's QR held to the scanner on the start screen (nobody tapped «Я записаний(а)»):
    // a code followed by Enter checks in at once; anything else the scanner sent is forgotten.
    function onStartKey(event) {
      if (event.ctrlKey || event.altKey || event.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) return;
      if (event.key === "Enter") {
        const code = codeFrom(state.scanned);
        state.scanned = "";
        if (!isCode(code)) return;
        event.preventDefault();
        openCheckIn();
        state.code = code;
        renderCode();
        submit();
      } else if (event.key.length === 1 && state.scanned.length < 500) {
        state.scanned += event.key;
      }
    }

    // A scanner (or a keyboard) types while nothing has the focus: its keys arrive here until Enter.
    function onCheckInKey(event) {
      if (root.dataset.screen === "services" && state.path.length === 0 && !state.adding) { onStartKey(event); return; }
      if (root.dataset.screen !== "checkin" || event.ctrlKey || event.altKey || event.metaKey) return;
      // a keyboard's Space or Enter presses the focused key, unless a scanner is in the middle of a code
      if (event.target.tagName === "BUTTON" && (event.key === " " || (event.key === "Enter" && !state.scanned))) return;
      if (event.key === "Enter") {
        event.preventDefault();
        if (state.scanned) {
          const code = codeFrom(state.scanned);
          state.scanned = "";
          state.code = code.slice(0, CODE_LENGTH);
          renderCode();
          if (!isCode(code)) { refuse(t("kiosk.checkin.unknown")); return; }
        }
        submit();
      } else if (event.key === "Backspace") {
        event.preventDefault();
        state.scanned = "";
        state.code = state.code.slice(0, -1);
        renderCode();
      } else if (event.key.length === 1) {
        event.preventDefault();
        if (state.scanned.length < 500) state.scanned += event.key;
        state.code = codeFrom(state.scanned).slice(0, CODE_LENGTH);
        $("checkin-error").textContent = "";
        renderCode();
      }
    }

    function refuse(words) {
      $("checkin-error").textContent = words;
      say(words);
      resetIdle();
    }

    // The server's refusal in the visitor's words; the office's name and the booked time come from its message.
    function refusalWords(error) {
      const message = error.message || "";
      const details = error.details || {};
      if (error.status === 0) return t("kiosk.error.offline");
      if (error.status === 404 || error.status === 400) return t("kiosk.checkin.unknown");
      if (error.code === "already_checked_in") return t("kiosk.checkin.already");
      if (error.code === "cancelled") return t("kiosk.checkin.cancelled");
      if (error.code === "too_late") return t("kiosk.checkin.too_late");
      if (error.code === "other_office") {
        const office = details.office_name || (/\((.+)\)\s*$/.exec(message) || [])[1];  // a name may hold brackets of its own
        return office ? t("kiosk.checkin.other_office", { office: office }) : t("kiosk.checkin.other_office_unnamed");
      }
      if (error.code === "too_early") {
        const from = details.from ? hhmm(details.from) : null;
        const time = (/\b(\d{1,2}:\d{2})\b/.exec(message) || [])[1];  // the booking's time comes first in the message
        if (from && time) return t("kiosk.checkin.too_early_from", { from: from, time: time });
        return time ? t("kiosk.checkin.too_early", { time: time }) : t("kiosk.checkin.too_early_unnamed");
      }
      return t("kiosk.error");
    }

    // The same for a remote ticket's arrival: an unknown code, one confirmed already, a ticket no longer waiting.
    function arrivalRefusalWords(error) {
      if (error.status === 0) return t("kiosk.error.offline");
      if (error.status === 404 || error.status === 400) return t("kiosk.checkin.arrival_unknown");
      if (error.status === 409) return /already/i.test(error.message || "") ? t("kiosk.checkin.arrival_already") : t("kiosk.checkin.arrival_gone");
      return t("kiosk.error");
    }

    async function submit() {
      if (state.checkingIn) return;  // a double tap, or Enter after a tap: one check-in
      if (!isCode(state.code)) {  // five signs no remote ticket's code could have: no such ticket, not a code half typed
        refuse(t(state.code.length === REMOTE_LENGTH ? "kiosk.checkin.arrival_unknown" : "kiosk.checkin.incomplete"));
        return;
      }
      state.checkingIn = true;
      $("checkin-submit").disabled = true;
      if (isRemoteCode(state.code)) { await confirmArrival(); return; }
      try {
        const ticket = await api("/offices/" + office + "/check-ins", {
          method: "POST",
          body: JSON.stringify({ code: state.code, lang: state.lang }),
        });
        showTicket(ticket);
      } catch (error) {
        console.error("check-in refused:", error.status, error.code, error.message);
        refuse(refusalWords(error));
      } finally {
        state.checkingIn = false;
        $("checkin-submit").disabled = false;
      }
    }

    async function confirmArrival() {
      try {
        const arrival = await api("/offices/" + office + "/arrivals", { method: "POST", body: JSON.stringify({ code: state.code }) });
        $("arrived-text").textContent = t("kiosk.checkin.arrived", { number: arrival.number });
        $("arrived-number").textContent = arrival.number;
        $("arrived-service").textContent = serviceName(arrival.service);
        show("arrived");
        say(t("kiosk.say.arrived", { number: arrival.number }));
      } catch (error) {
        console.error("arrival refused:", error.status, error.code, error.message);
        refuse(arrivalRefusalWords(error));
      } finally {
        state.checkingIn = false;
        $("checkin-submit").disabled = false;
      }
    }

    return { open: openCheckIn, submit: submit, renderKeys: renderKeys, onKey: onCheckInKey };
  };
})();
