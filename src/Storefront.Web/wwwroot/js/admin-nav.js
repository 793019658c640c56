// Admin navigation (AdminLayout): the ☰ button collapses the left menu on desktops (the choice kept in localStorage) and
// opens it as a drawer on phones; the backdrop or the next page closes the drawer. Blazor's enhanced navigation replaces the
// frame's classes with the server's, so the state is applied again after each enhanced load.
(function () {
  'use strict';

  var KEY = 'storefront.admin-nav-collapsed';
  var phone = window.matchMedia('(max-width: 767px)');

  function shell() { return document.querySelector('[data-admin-shell]'); }

  function collapsed() {
    try { return window.localStorage.getItem(KEY) === '1'; } catch (e) { return false; }
  }

  function apply() {
    var frame = shell();
    if (!frame) { return; }
    frame.classList.toggle('nav-collapsed', collapsed());
    frame.classList.remove('nav-open');
    expanded(frame);
  }

  function expanded(frame) {
    var open = phone.matches ? frame.classList.contains('nav-open') : !frame.classList.contains('nav-collapsed');
    var toggle = frame.querySelector('[data-admin-nav-toggle]');
    if (toggle) { toggle.setAttribute('aria-expanded', open ? 'true' : 'false'); }
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    var frame = shell();
    if (!frame || !target || !target.closest) { return; }
    if (target.closest('[data-admin-nav-toggle]')) {
      if (phone.matches) {
        frame.classList.toggle('nav-open');
      } else {
        var now = !frame.classList.contains('nav-collapsed');
        try { window.localStorage.setItem(KEY, now ? '1' : '0'); } catch (e) { /* private mode: for this page only */ }
        frame.classList.toggle('nav-collapsed', now);
      }
      expanded(frame);
    } else if (target.closest('[data-admin-nav-close]') || (phone.matches && target.closest('.admin-menu a'))) {
      frame.classList.remove('nav-open');
      expanded(frame);
    }
  });

  document.addEventListener('keydown', function (event) {
    var frame = shell();
    if (event.key === 'Escape' && frame && frame.classList.contains('nav-open')) {
      frame.classList.remove('nav-open');
      expanded(frame);
    }
  });

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', apply);
  } else {
    apply();
  }
  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', apply);
  }
})();
