// The kiosk without sight, from a wheelchair, and with more time (docs/kiosk.md, «Доступний режим»).
// For every visitor: each new screen puts the focus on its heading (never the page's body), the
// arrow keys move between the tiles of a list, and before the idle time takes the kiosk back to its
// start a warning with «Ще час» gives the visitor a quarter of a minute to keep it. In accessible
// mode the page grows (the root's font size: every size is in rem), the idle time is three times
// as long, and the kiosk speaks: a screen's heading, the choice the focus lands on, the number
// issued and what to do next, in the language on screen, by the hall boards' voice (the server's
// /kiosk-speech.wav, espeak-ng or the office's clips, and the same cache). One sentence at a
// time, in order; a new screen cuts what is still being said, and a new focus what the last focus
// was saying (a visitor running down a list by the arrow keys hears where they stopped).
(function () {
  "use strict";
  const MORE_TIME = 3;  // accessible mode: the idle time three times as long
  const WARNING_MS = 15000;  // the warning's quarter of a minute (a quarter of a short trial's idle time)
  const LISTS = ".tiles, .code-keys, .chosen-list, .reach";

  window.ChergaKioskAccess = function (options) {
    const t = options.t;
    const html = document.documentElement;
    const warning = document.getElementById("idle-warning");
    const left = document.getElementById("idle-left");
    let enabled = false;

    // ---- the voice: a queue of sentences, each fetched as a WAV and played after the one before
    const queue = [];  // {text, focus}
    let playing = null;
    let playingFocus = false;
    let generation = 0;  // a cut makes every sentence of the old screen stale, even one still being fetched

    function say(text, focus) {
      text = (text || "").replace(/\s+/g, " ").trim();
      if (!enabled || !text) return;
      if (focus) {
        for (let i = queue.length - 1; i >= 0; i--) if (queue[i].focus) queue.splice(i, 1);
        if (playing && playingFocus) { generation++; playing.pause(); playing = null; }
      }
      queue.push({ text: text, focus: !!focus });
      if (!playing) next();
    }

    function cut() {
      generation++;
      queue.length = 0;
      if (playing) playing.pause();
      playing = null;
    }

    async function next() {
      const item = queue.shift();
      if (item === undefined) { playing = null; return; }
      const text = item.text;
      playingFocus = item.focus;
      const mine = generation;
      const audio = new Audio();
      playing = audio;
      const done = function () {
        if (audio.src) URL.revokeObjectURL(audio.src);
        if (mine === generation) { playing = null; next(); }
      };
      try {
        const query = new URLSearchParams({ text: text.slice(0, 400), lang: options.lang() }).toString();
        const headers = options.token() ? { Authorization: "Bearer " + options.token() } : {};
        const response = await fetch("/api/v1/offices/" + options.office + "/kiosk-speech.wav?" + query, { headers: headers });
        if (mine !== generation) return;
        if (!response.ok) throw new Error("no voice: " + response.status);
        audio.src = URL.createObjectURL(await response.blob());
        if (mine !== generation) return;
        audio.onended = done;
        audio.onerror = done;
        await audio.play();
      } catch (error) {  // no voice on the server, or the browser refused to play: the next sentence all the same
        console.warn("kiosk speech:", error.message);
        done();
      }
    }

    // What a control says of itself: its own name, as a screen reader would read it.
    function label(node) {
      if (!node || node === document.body) return "";
      if (node.getAttribute("aria-label")) return node.getAttribute("aria-label");
      if (node.tagName === "INPUT") return node.placeholder || node.value;
      return node.textContent;
    }

    document.addEventListener("focusin", function (event) { say(label(event.target), event.target.tagName !== "H2"); });

    // ---- focus: a new screen's heading, and the arrow keys within a list of tiles
    function heading(section) {
      return section && section.querySelector("h2, [data-heading]");
    }

    function land(section, keep) {
      if (!keep) cut();
      const title = heading(section);
      if (!title || title.closest("[hidden]")) return;
      title.tabIndex = -1;
      title.focus();  // said by the focus, then what the screen marks to be said after it
      section.querySelectorAll("[data-say]").forEach(function (node) { if (!node.closest("[hidden]")) say(node.textContent); });
    }

    function visible(button) { return !button.disabled && !button.hidden && button.offsetParent !== null; }

    document.addEventListener("keydown", function (event) {
      const list = event.target.closest && event.target.closest(LISTS);
      if (!list || event.target.tagName !== "BUTTON" || event.altKey || event.ctrlKey || event.metaKey) return;
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      const buttons = Array.prototype.filter.call(list.querySelectorAll("button"), visible);
      const at = buttons.indexOf(event.target);
      let to = null;
      if (step) to = buttons[Math.min(buttons.length - 1, Math.max(0, at + step))];
      else if (event.key === "Home") to = buttons[0];
      else if (event.key === "End") to = buttons[buttons.length - 1];
      if (!to) return;
      event.preventDefault();
      if (to !== event.target) to.focus();
    });

    // ---- accessible mode: larger (the root's font size), slower, spoken
    function toggle() {
      enabled = !enabled;
      html.classList.toggle("accessible", enabled);
      document.body.classList.toggle("accessible", enabled);
      document.getElementById("accessible").setAttribute("aria-pressed", String(enabled));
      cut();
      say(enabled ? t("kiosk.accessible.on") : "");
      land(document.querySelector(".screen:not([hidden])"), true);  // then the screen's heading, where the keys go on from
      return enabled;
    }

    // That visitor has gone (the idle time ran out): the next one meets the kiosk in its ordinary mode.
    function end() {
      if (enabled) toggle();
    }

    // ---- the idle time: a warning before it ends, «Ще час» (any touch or key) starts it again
    let timers = [];
    let ticking = null;
    let before = null;  // where the focus was when the warning took it

    function stop() {
      timers.forEach(clearTimeout);
      timers = [];
      clearInterval(ticking);
      if (!warning.hidden) {
        warning.hidden = true;
        cut();
        const back = before && document.contains(before) && before.offsetParent !== null ? before : null;
        // after the key that asked for more time is done with: its Enter must not press what gets the focus back
        setTimeout(function () {
          if (back) back.focus();
          else land(document.querySelector(".screen:not([hidden])"));
        }, 0);
      }
      before = null;
    }

    function arm(ms, onTimeout) {
      stop();
      const total = ms * (enabled ? MORE_TIME : 1);
      const warn = Math.min(WARNING_MS, total / 4);
      timers.push(setTimeout(function () { showWarning(Date.now() + warn); }, total - warn));
      timers.push(setTimeout(function () {
        clearInterval(ticking);
        warning.hidden = true;
        before = null;
        onTimeout();
      }, total));
    }

    function showWarning(end) {
      const seconds = function () { return Math.max(1, Math.ceil((end - Date.now()) / 1000)); };
      left.textContent = t("kiosk.idle.left", { seconds: seconds() });
      before = document.activeElement;
      warning.hidden = false;
      cut();
      say(t("kiosk.idle.title") + " " + left.textContent);
      document.getElementById("idle-more").focus();
      ticking = setInterval(function () { left.textContent = t("kiosk.idle.left", { seconds: seconds() }); }, 1000);
    }

    document.getElementById("idle-more").addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") event.preventDefault();  // the key itself restarts the time (kiosk.js)
    });

    return {
      say: say, cut: cut, land: land, toggle: toggle, end: end, arm: arm, stop: stop,
      enabled: function () { return enabled; },
    };
  };
})();
