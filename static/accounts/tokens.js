// The copy button of a new API token: shown only when scripts run, it copies the secret.
(function () {
  "use strict";
  var button = document.getElementById("token-copy");
  var source = document.getElementById("token-secret");
  if (!button || !source) return;
  var label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", function () {
    var done = function () {
      button.textContent = button.getAttribute("data-copied-text");
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
})();
