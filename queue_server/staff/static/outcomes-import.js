// The outcomes' import (docs/deadlines.md): the chosen CSV file is read as
// UTF-8 here (a file that is not is said so, and not sent), sent whole to
// POST /api/v1/outcomes/import, and the answer shown: the rows added,
// changed and already recorded, and each rejected row with its line, its
// reason in words and the server's sentence. The button is disabled while
// the file goes, so a double tap imports once (and an import is idempotent).
(function () {
  "use strict";
  const staff = window.ChergaStaff;
  const i18n = window.ChergaI18n;
  const el = staff.el;
  const MOST = 5000000;  // characters: the operation's limit
  function $(id) { return document.getElementById(id); }
  function t(key, values) { return i18n.t(key, values); }
  let last = null;  // the last answer, drawn again in another language

  function draw() {
    if (!last) return;
    const answer = last.answer;
    $("import-result").hidden = false;
    $("result-file").textContent = t("outcomes.result.file", { name: last.name });
    $("result-summary").textContent = t("outcomes.result.summary", {
      added: answer.added, changed: answer.changed, unchanged: answer.unchanged, rejected: answer.rejected.length,
    });
    $("rejected").hidden = answer.rejected.length === 0;
    $("rejected").querySelector("tbody").replaceChildren.apply($("rejected").querySelector("tbody"), answer.rejected.map(function (row) {
      return el("tr", { dataset: { line: String(row.line), reason: row.reason } }, [
        el("td", { class: "line", text: String(row.line) }),
        el("td", { text: t("outcomes.reason." + row.reason) }),
        el("td", { text: row.message }),
      ]);
    }));
  }

  async function read(file) {
    const bytes = await file.arrayBuffer();
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch (error) {
      return null;
    }
  }

  function bind() {
    const form = $("import-form");
    if (!form) return;
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const button = $("import-submit");
      if (button.disabled) return;
      $("import-error").textContent = "";
      const file = $("import-file").files[0];
      if (!file) { $("import-error").textContent = t("outcomes.import.no_file"); return; }
      button.disabled = true;
      try {
        const text = await read(file);
        if (text === null) { $("import-error").textContent = t("outcomes.import.not_utf8"); return; }
        if (!text.trim()) { $("import-error").textContent = t("outcomes.import.empty"); return; }
        if (text.length > MOST) { $("import-error").textContent = t("outcomes.import.too_big"); return; }
        try {
          last = { name: file.name, answer: await staff.api("POST", "/outcomes/import", { csv: text }) };
          draw();
        } catch (error) {
          const field = (error.details || {}).field;
          $("import-error").textContent = error.status === 400 && field === "file"
            ? t("outcomes.import.refused_file", { message: error.message })
            : error.status === 403 ? t("outcomes.refused.help") : t("staff.error", { message: error.message });
        }
      } finally {
        button.disabled = false;
      }
    });
  }

  bind();  // at once: a file sent before the words are loaded must not submit the form natively
  staff.useLanguage().then(function () {
    const logout = $("logout");
    if (logout) logout.addEventListener("click", staff.logout);
    $("language").addEventListener("click", async function () {
      await staff.useLanguage(staff.lang() === "en" ? "uk" : "en");
      draw();
    });
  });
})();
