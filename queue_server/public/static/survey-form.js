// The questionnaire after a visit (templates/_survey_form.html), shared by the
// ticket's page and the desk's survey page: it reads the form, POSTs it to the
// form's data-url and says the outcome in the page's #survey-result (role
// status). The satisfaction score is required; the complaint box shows for a
// score of 1 or 2 only. While an answer is being sent the button is off, so a
// double tap sends one answer; a second answer for the visit (another tab, the
// other page) is refused by the server and said in words.
(function () {
  "use strict";
  const t = function (key, values) { return window.ChergaI18n.t(key, values); };

  function chosen(form, name) {
    const input = form.querySelector("input[name=" + name + "]:checked");
    return input ? Number(input.value) : null;
  }

  function say(result, kind, text) {
    result.dataset.kind = kind;
    result.textContent = text;
  }

  function refusal(answer) {
    const reason = answer && answer.error && answer.error.details ? answer.error.details.reason : null;
    if (reason === "already_answered") return t("survey.already");
    if (reason === "no_visit") return t("survey.no_visit", { minutes: document.getElementById("survey-form").dataset.minutes || "" });
    return t("survey.failed");
  }

  // `onDone(kind)` hears "saved" or "refused": the page hides the form then.
  function attach(form, result, onDone) {
    const error = document.getElementById("survey-error");
    const complaint = document.getElementById("survey-complaint");
    const complaintBox = document.getElementById("survey-complaint-box");
    const send = document.getElementById("survey-send");
    form.querySelectorAll("input[name=score]").forEach(function (input) {
      input.addEventListener("change", function () {
        error.textContent = "";
        complaint.hidden = Number(input.value) > 2;
        if (complaint.hidden) complaintBox.checked = false;
      });
    });
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (send.disabled) return;
      const score = chosen(form, "score");
      if (score === null) {
        error.textContent = t("survey.choose_score");
        form.querySelector("input[name=score]").focus();
        return;
      }
      const comment = document.getElementById("survey-comment").value.trim();
      if (complaintBox.checked && !comment) {
        error.textContent = t("survey.complaint_needs");
        document.getElementById("survey-comment").focus();
        return;
      }
      error.textContent = "";
      const body = {
        score: score,
        recommend: chosen(form, "recommend"),
        reasons: Array.from(form.querySelectorAll("input[name=reasons]:checked")).map(function (box) { return box.value; }),
        comment: comment || null,
        complaint: complaintBox.checked,
      };
      if (form.dataset.ticket) body.ticket = form.dataset.ticket;
      send.disabled = true;
      send.textContent = t("survey.sending");
      let response = null;
      let answer = null;
      try {
        response = await fetch(form.dataset.url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
        answer = await response.json().catch(function () { return null; });
      } catch (failure) { response = null; }
      send.disabled = false;
      send.textContent = t("survey.send");
      if (response && response.ok) {
        let text = t("survey.thanks");
        if (body.complaint) text += " " + (answer && answer.complaint ? t("survey.complaint_filed", { complaint: answer.complaint }) : t("survey.complaint_open"));
        say(result, "saved", text);
        onDone("saved");
      } else if (response && response.status === 409) {
        say(result, "refused", refusal(answer));
        onDone("refused");
      } else {
        say(result, "failed", t("survey.failed"));
        return;
      }
      result.focus();
    });
  }

  window.ChergaSurvey = { attach: attach };
})();
