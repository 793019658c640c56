// Storefront catalog: the product page's SKU picker shows the chosen SKU's price, market price and stock in place.
// The picker works without this script (its GET form chooses ?sku=); the listener sits on the document, so it also
// serves pages that Blazor's enhanced navigation swapped in (their own <script> tags would not run).
(function () {
  'use strict';

  function show(form, role, text) {
    var el = form.querySelector('[data-role="' + role + '"]');
    if (el) {
      el.textContent = text || '';
      el.hidden = !text;
    }
  }

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'radio' || !input.form || !input.form.classList.contains('sku-picker')) {
      return;
    }

    show(input.form, 'chosen-spec', input.dataset.spec);
    show(input.form, 'chosen-price', input.dataset.price);
    show(input.form, 'chosen-market', input.dataset.market);
    show(input.form, 'chosen-stock', input.dataset.stock);
  });
})();
