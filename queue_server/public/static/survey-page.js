// The desk's survey page (/survey/DESK): the questionnaire for the visit the
// page names; once answered (or refused as answered already) the form goes
// and the result stays, in the page's language. The form is taken over at
// once (a tap before the words arrive is not a plain GET of the page).
(function () {
  "use strict";
  const page = document.getElementById("survey");
  window.ChergaI18n.load(page.dataset.lang);
  window.ChergaSurvey.attach(document.getElementById("survey-form"), document.getElementById("survey-result"), function () {
    document.getElementById("survey-section").hidden = true;
    document.getElementById("survey-visit").hidden = true;
  });
})();
