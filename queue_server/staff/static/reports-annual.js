// The annual summary's one action on screen: print it (or save it as PDF from the print dialog).
(function () {
  "use strict";
  const button = document.getElementById("print");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
