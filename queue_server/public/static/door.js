// The office's door QR code: send the phone to its remote ticket's page with the
// door key; that page confirms the arrival. No ticket on this phone: say what to do.
(function () {
  "use strict";
  const page = document.getElementById("door");
  let token = null;
  try { token = window.localStorage.getItem("cherga.remote-ticket"); } catch (error) { token = null; }
  if (token && page.dataset.key) {
    window.location.replace("/t/" + encodeURIComponent(token) + "?door=" + encodeURIComponent(page.dataset.key));
    return;
  }
  document.getElementById("door-status").hidden = true;
  document.getElementById("door-help").hidden = false;
})();
