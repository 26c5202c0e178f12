// The 7-minute briefing's “Print or save as PDF” button (browse/seven_minute_briefing.html):
// hidden without JavaScript, where the browser's own Print command does the same.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
