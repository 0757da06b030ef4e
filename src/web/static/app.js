// Moves focus to an error summary when a page shows one, so screen readers hear it at once.
(function () {
  'use strict';
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
