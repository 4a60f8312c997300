/* "Copy the link" button of public impact pages (templates/reports/public_page.html): shown
   only where the browser can write to the clipboard; the link stays in its read-only field. */
(function () {
  "use strict";

  var button = document.querySelector("[data-copy]");
  if (!button || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.getElementById(button.dataset.copy);
    navigator.clipboard.writeText(input.value).then(function () {
      var done = document.querySelector("[data-copied]");
      if (done) done.hidden = false;
    });
  });
})();
