// Enhances the board filter (findings/includes/finding_filters.html): as you type a board's name,
// the checkboxes that do not match are hidden at once. Without JavaScript the same field narrows
// the list when the form is submitted.
(function () {
  "use strict";
  var panel = document.querySelector("[data-board-filter]");
  if (!panel) return;
  var input = panel.querySelector("input[name='board_name']");
  if (!input) return;
  input.addEventListener("input", function () {
    var wanted = input.value.trim().toLowerCase();
    panel.querySelectorAll(".checkboxes__item").forEach(function (item) {
      var box = item.querySelector("input");
      var label = item.textContent.trim().toLowerCase();
      item.hidden = wanted !== "" && label.indexOf(wanted) === -1 && !box.checked;
    });
    panel.querySelectorAll("fieldset").forEach(function (group) {
      group.hidden = group.querySelectorAll(".checkboxes__item:not([hidden])").length === 0;
    });
  });
})();
