/* Search box of the SDG indicator picker (templates/indicators/indicator_sdg_picker.html):
   hides the indicators and goals that do not match every word typed. Without this script the
   goals stay as collapsible lists and the search box stays hidden. */
(function () {
  "use strict";

  var picker = document.getElementById("sdg");
  if (!picker) return;
  var box = picker.querySelector(".sdg-search");
  var input = document.getElementById("sdg-search");
  if (!box || !input) return;
  box.hidden = false;
  input.addEventListener("input", function () {
    var words = input.value.toLowerCase().trim().split(/\s+/).filter(Boolean);
    picker.querySelectorAll(".sdg-goal").forEach(function (goal) {
      var shown = 0;
      goal.querySelectorAll("li[data-search]").forEach(function (item) {
        var text = item.getAttribute("data-search");
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        item.hidden = !match;
        if (match) { shown += 1; }
      });
      goal.hidden = words.length > 0 && shown === 0;
      if (words.length) { goal.open = shown > 0; }
    });
  });
})();
