// Shows the "Print" buttons of self-diagnosis pages (hidden without JavaScript, where the page
// says to use the browser's Print command) and prints on click.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
