/* Survey builder: small conveniences on top of pages that work without them.
   - "Copy" buttons next to the public link (static/js/copy-button.js);
   - a new question's name follows its label until the name is typed by hand;
   - the condition's value field shows only when the chosen comparison needs one. */
(function () {
  "use strict";

  function slug(text) {
    var ascii = text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    var words = ascii.match(/[a-z0-9]+/g) || [];
    var name = "";
    for (var i = 0; i < words.length; i++) {
      if (name.length + words[i].length > 30) break;
      name = name ? name + "_" + words[i] : words[i];
    }
    if (name && /^[0-9]/.test(name)) name = "q_" + name;
    return name;
  }

  function setUpCopy(button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (source) window.alliancesCopyButton(button, source);
  }

  function setUpName(form) {
    var name = form.querySelector("[name=name]");
    var label = form.querySelector("[name^=label_]");
    if (!name || !label || name.value) return;
    var typed = false;
    name.addEventListener("input", function () { typed = name.value !== ""; });
    label.addEventListener("input", function () {
      if (!typed) name.value = slug(label.value);
    });
  }

  function setUpCondition(form) {
    var question = form.querySelector("[name=show_if]");
    var operator = form.querySelector("[name=show_operator]");
    var value = form.querySelector("[data-condition-value]");
    if (!question || !operator || !value) return;
    var operatorField = operator.closest(".field");
    function update() {
      var chosen = question.value !== "";
      if (operatorField) operatorField.hidden = !chosen;
      value.hidden = !chosen || operator.value === "" || operator.value === "answered";
    }
    question.addEventListener("change", update);
    operator.addEventListener("change", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(setUpCopy);
    document.querySelectorAll("[data-question-form]").forEach(function (form) {
      setUpName(form);
      setUpCondition(form);
    });
  });
})();
