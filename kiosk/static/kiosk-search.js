// The kiosk's search: a title matches when it holds the query as typed, or when each word
// typed matches a word of the title by its stem, so «закордонний» finds «закордонного
// паспорта». Apostrophes and ґ/ї/й fold away, as visitors type them every which way.
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().replace(/['’ʼ`]/g, "").replace(/ґ/g, "г").replace(/ї/g, "і").replace(/й/g, "и").replace(/ё/g, "е");
  }

  function words(text) { return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  function sameStem(typed, word) {
    if (typed.length <= 4) return word.startsWith(typed);  // still typing: a prefix
    const stem = Math.max(4, typed.length - 3);  // Ukrainian endings change the last letters
    return word.length >= stem && word.slice(0, stem) === typed.slice(0, stem);
  }

  function matches(title, query) {
    if (fold(title).includes(fold(query))) return true;
    const titleWords = words(title);
    const typed = words(query);
    return typed.length > 0 && typed.every(function (word) { return titleWords.some(function (other) { return sameStem(word, other); }); });
  }

  window.ChergaKioskSearch = { matches: matches };
})();
