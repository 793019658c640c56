// Storefront layout: a form marked data-autosubmit (the checkout's shipping methods) is sent as soon as a choice changes,
// so no "update" button is needed. Without this script the form keeps its own submit button (in <noscript>). The listener
// sits on the document, so it also serves pages that Blazor's enhanced navigation swapped in.
(function () {
  'use strict';

  document.addEventListener('change', function (event) {
    var input = event.target;
    var form = input && input.form;
    if (form && form.hasAttribute('data-autosubmit') && typeof form.requestSubmit === 'function') {
      form.requestSubmit();
    }
  });
})();
