// The message catalogue for scripts: the same keys as the templates' t("key"),
// and the one number formatter of every page, in the page's language.
(function () {
  "use strict";
  let messages = {};
  let language = "uk";
  window.ChergaI18n = {
    load: async function (lang) {
      const response = await fetch("/i18n/" + (lang === "en" ? "en" : "uk") + ".json");
      messages = await response.json();
      language = lang === "en" ? "en" : "uk";
      return messages;
    },
    // The locale of the loaded language: numbers and dates follow the page («0,2» in Ukrainian).
    locale: function () { return language === "en" ? "en-GB" : "uk-UA"; },
    // A number in the page's language, with at most `places` decimals (at least `minPlaces`).
    number: function (value, places, minPlaces) {
      const most = places === undefined ? 1 : places;
      return new Intl.NumberFormat(language === "en" ? "en-GB" : "uk-UA", {
        minimumFractionDigits: Math.min(minPlaces || 0, most), maximumFractionDigits: most,
      }).format(value);
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
