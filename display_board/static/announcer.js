// Speaks the calls one after another: an announcement never talks over the
// one before it. Each is a WAV the server made (chime + Ukrainian [+ English]);
// when the server has no voice, a chime made here stands in. Every
// announcement is kept in `log` (queued, started, ended, outcome) so a
// supervisor's console or a test can see what the hall heard. The beginning and
// the end of an air-raid alert are said the same way (`sayAlert`), in turn with the calls.
(function () {
  "use strict";
  const LONGEST = 20000; // ms: no announcement may hold the queue longer

  function chime(volume) {
    return new Promise(function (resolve) {
      try {
        const audio = new (window.AudioContext || window.webkitAudioContext)();
        [[0, 660], [0.45, 523]].forEach(function (tone) {
          const oscillator = audio.createOscillator();
          const gain = audio.createGain();
          oscillator.frequency.value = tone[1];
          oscillator.connect(gain);
          gain.connect(audio.destination);
          gain.gain.setValueAtTime(0.3 * volume, audio.currentTime + tone[0]);
          gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + tone[0] + 0.6);
          oscillator.start(audio.currentTime + tone[0]);
          oscillator.stop(audio.currentTime + tone[0] + 0.6);
        });
      } catch (error) { /* no audio device: the flash on the screen still shows the call */ }
      setTimeout(function () { resolve("chime"); }, 1200);
    });
  }

  function play(blob, volume, onBlocked) {
    return new Promise(function (resolve) {
      const url = URL.createObjectURL(blob);
      const audio = new Audio(url);
      audio.volume = volume;
      let done = false;
      function finish(outcome) {
        if (done) return;
        done = true;
        URL.revokeObjectURL(url);
        resolve(outcome);
      }
      function waitOut() { // played or not, keep the pace the sound would have had
        const seconds = isFinite(audio.duration) && audio.duration > 0 ? audio.duration : 5;
        setTimeout(function () { finish("blocked"); }, seconds * 1000);
      }
      audio.addEventListener("ended", function () { finish("spoken"); });
      audio.addEventListener("error", function () { finish("failed"); });
      setTimeout(function () { finish("timeout"); }, LONGEST);
      audio.play().catch(function () {
        onBlocked();
        if (audio.readyState >= 1) waitOut(); else audio.addEventListener("loadedmetadata", waitOut);
      });
    });
  }

  window.ChergaAnnouncer = function (options) {
    const queue = [];
    const log = [];
    let busy = false;

    async function next() {
      if (busy || queue.length === 0) return;
      busy = true;
      const entry = queue.shift();
      entry.started = Date.now();
      try {
        if (options.silent()) {
          entry.outcome = "silent";
        } else {
          const blob = entry.alert ? await options.fetchAlert(entry.alert) : await options.fetchAudio(entry.number, entry.desk);
          entry.volume = options.volume();
          entry.outcome = blob ? await play(blob, entry.volume, options.onBlocked) : await chime(entry.volume);
        }
      } catch (error) {
        entry.outcome = "failed";
      }
      entry.ended = Date.now();
      busy = false;
      next();
    }

    function enqueue(entry) {
      Object.assign(entry, { queued: Date.now(), started: null, ended: null, outcome: null, volume: null });
      log.push(entry);
      if (log.length > 200) log.shift();
      queue.push(entry);
      next();
    }

    return {
      log: log,
      say: function (number, desk, reason) { enqueue({ number: number, desk: desk, reason: reason }); },
      // state: "start" or "end"; the log's reason is "alert.start" or "alert.end"
      sayAlert: function (state) { enqueue({ number: null, desk: null, alert: state, reason: "alert." + state }); },
    };
  };
})();
