// The message catalogue for scripts: the same keys as the templates' t("key"),
// and the one number formatter of every page, in the page's language.
(function () {
  "use strict";
  let messages = {};
  // Three forms are Ukrainian's (1 відвідувач, 2–4 відвідувачі, 5+ відвідувачів; 11–14 the last), two English's.
  function pluralForm(count, forms) {
    const n = Math.abs(Math.trunc(count));
    if (forms.length === 2) return n === 1 ? forms[0] : forms[1];
    if (n % 10 === 1 && n % 100 !== 11) return forms[0];
    if (n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14)) return forms[1];
    return forms[2];
  }
  let language = "uk";
  window.ChergaI18n = {
    // Until it has the catalogue: a page whose server went away while it loaded
    // gets its words when the server is back, instead of never.
    load: async function (lang) {
      for (;;) {
        try {
          const response = await fetch("/i18n/" + (lang === "en" ? "en" : "uk") + ".json");
          if (response.ok) {
            messages = await response.json();
            language = lang === "en" ? "en" : "uk";
            return messages;
          }
        } catch (error) { /* no server for now: try again */ }
        await new Promise(function (resolve) { setTimeout(resolve, 2000); });
      }
    },
    // The locale of the loaded language: numbers and dates follow the page («0,2» in Ukrainian).
    locale: function () { return language === "en" ? "en-GB" : "uk-UA"; },
    // A moment's hour and minute («14:05») in a time zone (an office's; the browser's when none), in the page's language.
    hhmm: function (iso, timeZone) {
      return new Intl.DateTimeFormat(this.locale(), { timeZone: timeZone || undefined, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
    },
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
      // {count|form|form…}: the word form for the number (as queue_server/i18n/plural_form)
      text = text.replace(/\{(\w+)\|([^{}]*)\}/g, function (whole, name, forms) {
        return values && name in values ? pluralForm(Number(values[name]), forms.split("|")) : whole;
      });
      for (const [name, value] of Object.entries(values || {})) {
        text = text.split("{" + name + "}").join(String(value));
      }
      return text;
    },
  };
})();
