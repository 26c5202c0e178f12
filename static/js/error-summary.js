// Move focus to the error summary (or the edit-conflict notice) when a form comes back with
// problems, as the GOV.UK error summary pattern does. Without JavaScript the summary still shows
// first and is announced as an alert.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary[tabindex='-1']");
  if (summary) {
    summary.focus();
  }
})();
