// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("submit", function (event) {
  // Guard against double submits: disable the button of a form already being sent.
  const form = event.target;
  if (form.dataset.submitting === "1") { event.preventDefault(); return; }
  form.dataset.submitting = "1";
  setTimeout(function () { form.dataset.submitting = ""; }, 4000);
}, true);
document.addEventListener("change", function (event) {
  // Filter forms marked data-autosubmit apply on change.
  const form = event.target.form;
  if (form && form.dataset.autosubmit !== undefined) { form.requestSubmit(); }
});
