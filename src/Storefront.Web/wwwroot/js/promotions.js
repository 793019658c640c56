// Storefront promotions: fills a product page's promotions block (flash sale, coupons) from its uncached endpoint, since
// the product page itself is output-cached, and ticks every countdown once a second. Countdowns are server-rendered text,
// so a page without this script still says how long is left; at zero the countdown shows its "done" text (started /
// ended) and the page shows the new state when reloaded. Listens on the document and after Blazor's enhanced
// navigation, whose swapped-in pages do not run their own <script> tags.
(function () {
  'use strict';

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  function format(ms, daysWord) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var d = Math.floor(s / 86400);
    s -= d * 86400;
    var clock = pad(Math.floor(s / 3600)) + ':' + pad(Math.floor((s % 3600) / 60)) + ':' + pad(s % 60);
    return d > 0 ? (daysWord || '{0}d').replace('{0}', d) + ' ' + clock : clock;
  }

  // When each countdown was first seen: its seconds were counted by the server then, so only the time elapsed since
  // (by this page's monotonic clock) is taken off; the visitor's wall clock may be wrong.
  var seen = new WeakMap();

  function tick() {
    var now = performance.now();
    document.querySelectorAll('[data-countdown-to]').forEach(function (el) {
      if (el.dataset.finished) {
        return;
      }

      if (!seen.has(el)) {
        seen.set(el, now);
      }

      var left = Number(el.dataset.seconds) * 1000 - (now - seen.get(el));
      var remaining = el.querySelector('[data-role="remaining"]');
      if (left <= 0) {
        el.dataset.finished = 'true';
        el.textContent = el.dataset.done || '';
      } else if (remaining) {
        remaining.textContent = format(left, el.dataset.days);
      }
    });
  }

  function load() {
    document.querySelectorAll('[data-promotions-src]').forEach(function (el) {
      if (el.dataset.loaded) {
        return;
      }

      el.dataset.loaded = 'true';
      fetch(el.dataset.promotionsSrc, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
        .then(function (r) { return r.ok ? r.text() : ''; })
        .then(function (html) {
          el.innerHTML = html;
          el.dataset.ready = 'true';
          tick();
        });
    });
    tick();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', load);
  } else {
    load();
  }

  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', load);
  }

  setInterval(tick, 1000);
})();
