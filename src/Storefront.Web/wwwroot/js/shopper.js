// Storefront shopper slots: a signed-in shopper's catalog pages come from the shared cache with nothing of theirs in
// them; the header's [data-shopper-slot] elements (name, cart count) are filled here from GET /api/v1/me/summary
// (uncached). Without this script the page still works: the links go where they should, only the name and the
// count are missing. Runs on load and after Blazor's enhanced navigation (swapped-in pages do not run their scripts);
// the last answer is shown at once on the next page while the new one is asked for. See docs/decisions/0028.
(function () {
  'use strict';

  var last = null;

  function fill(summary) {
    document.querySelectorAll('[data-shopper-slot]').forEach(function (el) {
      switch (el.dataset.shopperSlot) {
        case 'name':
          el.textContent = summary.name || '';
          break;
        case 'cart-count': {
          var count = summary.cartCount || 0;
          el.textContent = count > 0 ? String(count) : '';
          el.hidden = count <= 0;
          var link = el.closest('[data-count-label]');
          if (link && count > 0) {
            link.setAttribute('aria-label', link.dataset.countLabel.replace('{0}', count));
          }
          break;
        }
      }
    });
  }

  function load() {
    if (!document.querySelector('[data-shopper-slot]')) {
      return;
    }

    if (last) {
      fill(last);
    }

    fetch('/api/v1/me/summary', { credentials: 'same-origin', headers: { 'Accept': 'application/json' }, cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (summary) {
        if (summary) {
          last = summary;
          fill(summary);
        }
      })
      .catch(function () { });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', load);
  } else {
    load();
  }

  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', load);
  }
})();
