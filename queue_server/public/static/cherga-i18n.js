// The message catalogue for scripts: the same keys as the templates' t("key").
(function () {
  "use strict";
  let messages = {};
  window.ChergaI18n = {
    load: async function (lang) {
      const response = await fetch("/i18n/" + (lang === "en" ? "en" : "uk") + ".json");
      messages = await response.json();
      return messages;
    },
    t: function (key, values) {
      let text = messages[key];
      if (text === undefined) {
        console.error("no message", key);
        return key;
      }
      for (const [name, value] of Object.entries(values || {})) {
        text = text.split("{" + name + "}").join(String(value));
      }
      return text;
    },
  };
})();
