// 省/市/区 pickers: choosing a province fills the city list from /api/v1/divisions?parent={code} (cached by the browser)
// and empties the district list; choosing a city fills the districts. The server renders the lists for what is chosen,
// so without this script the form still works through its 选择 button (posted back to refine), which this hides.
(function () {
  'use strict';

  var cache = {};

  function load(parent) {
    if (!cache[parent]) {
      cache[parent] = fetch('/api/v1/divisions?parent=' + encodeURIComponent(parent), { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : []; });
    }

    return cache[parent];
  }

  function reset(select) {
    while (select.options.length > 1) {
      select.remove(1);
    }

    select.value = '';
  }

  function fill(select, parent) {
    reset(select);
    select.dataset.parent = parent;
    if (!parent) {
      return;
    }

    load(parent).then(function (options) {
      if (select.dataset.parent !== parent) {
        return;   // another choice was made while this one loaded
      }

      options.forEach(function (o) {
        select.add(new Option(o.name, o.code));
      });
    });
  }

  document.addEventListener('change', function (event) {
    var select = event.target;
    var picker = select.closest && select.closest('[data-division-picker]');
    if (!picker) {
      return;
    }

    var city = picker.querySelector('[data-division="city"]');
    var district = picker.querySelector('[data-division="district"]');
    if (select.dataset.division === 'province') {
      fill(city, select.value);
      reset(district);
    } else if (select.dataset.division === 'city') {
      fill(district, select.value);
    }
  });

  function hideRefine() {
    document.querySelectorAll('[data-division-refine]').forEach(function (b) {
      b.hidden = true;
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', hideRefine);
  } else {
    hideRefine();
  }

  if (window.Blazor && typeof window.Blazor.addEventListener === 'function') {
    window.Blazor.addEventListener('enhancedload', hideRefine);
  }
})();
