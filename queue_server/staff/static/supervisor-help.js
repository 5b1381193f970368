// The supervisor's page shows the kiosks' calls for help (help-calls.js) above its tabs.
(function () {
  "use strict";
  const page = window.ChergaSupervisor;
  if (!page || !page.office) return;
  const calls = window.ChergaHelpCalls({ t: page.t, api: page.api, hhmm: page.hhmm, panel: page.$("help-calls") });
  page.listeners.help = calls.hear;
  page.translations.help = function () { calls.load(page.office); };  // the first snapshot (and a new language): read them afresh
  calls.load(page.office);
})();
