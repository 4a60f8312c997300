// The copy button of a new API token (static/js/copy-button.js does the copying).
(function () {
  "use strict";
  var button = document.getElementById("token-copy");
  var source = document.getElementById("token-secret");
  if (button && source) window.alliancesCopyButton(button, source);
})();
