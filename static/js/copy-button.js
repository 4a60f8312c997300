/* A "Copy" button next to a read-only field: shown only when scripts run, it copies the
   field's value and says so (its data-copied-text) for two seconds. Pages call
   alliancesCopyButton(button, field) from their own script, loaded after this one. */
window.alliancesCopyButton = function (button, source) {
  "use strict";
  var label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", function () {
    var done = function () {
      button.textContent = button.getAttribute("data-copied-text") || label;
      window.setTimeout(function () { button.textContent = label; }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(done);
    } else {
      source.select();
      document.execCommand("copy");
      done();
    }
  });
};
