// Storefront product page: the selector per spec attribute, the gallery and the quantity stepper, switched in place.
// The page works without this script (each value is a ?sku= link, thumbnails link to their image, the number field takes
// a quantity); the SKUs come from the form's JSON island. Which values stay open mirrors Variants.AvailableValues in
// Storefront.Domain: a value is open when a SKU in stock has it together with the values chosen on the other attributes.
// Listeners sit on the document, so pages swapped in by Blazor's enhanced navigation work too.
(function () {
  'use strict';

  var states = new WeakMap();

  function data(form) {
    if (!states.has(form)) {
      var island = form.querySelector('script[data-role="variants"]');
      var model = JSON.parse(island.textContent);
      var input = form.querySelector('[data-role="sku"]');
      var chosen = model.skus.filter(function (s) { return s.code === input.value; })[0];
      model.choice = model.specs.map(function (_, i) { return chosen ? chosen.values[i] : null; });
      states.set(form, model);
    }

    return states.get(form);
  }

  function matchesExcept(sku, choice, index) {
    return choice.every(function (v, j) { return j === index || v === null || sku.values[j] === v; });
  }

  function available(model, index, value) {
    return model.skus.some(function (s) {
      return s.stock > 0 && s.values[index] === value && matchesExcept(s, model.choice, index);
    });
  }

  function chosenSku(model) {
    if (model.choice.some(function (v) { return v === null; })) {
      return null;
    }

    return model.skus.filter(function (s) {
      return s.stock > 0 && matchesExcept(s, model.choice, -1);
    })[0] || null;
  }

  function show(form, role, text) {
    var el = form.querySelector('[data-role="' + role + '"]');
    if (el) {
      el.textContent = text || '';
      el.hidden = !text;
    }
  }

  function selectImage(src) {
    var main = document.querySelector('[data-role="gallery-main"]');
    if (!main || !src) {
      return;
    }

    main.src = src;
    document.querySelectorAll('[data-role="gallery-thumb"]').forEach(function (t) {
      if (t.dataset.src === src) {
        t.setAttribute('aria-current', 'true');
      } else {
        t.removeAttribute('aria-current');
      }
    });
  }

  function clampQuantity(form, max) {
    var input = form.querySelector('[data-role="quantity"]');
    if (!input) {
      return;
    }

    if (max !== undefined) {
      input.max = String(Math.max(1, max));
    }

    var top = Number(input.max) || 1;
    var n = Math.floor(Number(input.value));
    n = isNaN(n) ? 1 : Math.min(top, Math.max(1, n));
    input.value = String(n);
    form.querySelector('[data-step="-1"]').disabled = n <= 1;
    form.querySelector('[data-step="1"]').disabled = n >= top;
  }

  function render(form) {
    var model = data(form);
    form.querySelectorAll('[data-role="spec-value"]').forEach(function (chip) {
      var index = Number(chip.dataset.index);
      var value = chip.dataset.value;
      var open = available(model, index, value);
      var on = model.choice[index] === value;
      chip.setAttribute('aria-checked', on ? 'true' : 'false');
      chip.setAttribute('aria-disabled', open ? 'false' : 'true');
      chip.classList.toggle('chosen', on);
      chip.classList.toggle('unavailable', !open);
    });

    var sku = chosenSku(model);
    form.querySelector('[data-role="sku"]').value = sku ? sku.code : '';
    form.querySelectorAll('[data-role="buy"]').forEach(function (b) { b.disabled = !sku; });
    show(form, 'chosen-price', sku ? sku.price : model.range);
    show(form, 'chosen-market', sku ? sku.market : '');
    show(form, 'chosen-member', sku ? sku.member : '');
    show(form, 'chosen-spec', sku ? sku.label : model.choose);
    show(form, 'chosen-stock', sku ? sku.stockText : '');
    if (sku) {
      clampQuantity(form, sku.max);
      selectImage(sku.image);
    }
  }

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var chip = target && target.closest('[data-role="spec-value"]');
    if (chip && chip.closest('form[data-variants]')) {
      event.preventDefault();
      if (chip.getAttribute('aria-disabled') === 'true') {
        return;
      }

      var form = chip.closest('form[data-variants]');
      var model = data(form);
      var index = Number(chip.dataset.index);
      model.choice[index] = model.choice[index] === chip.dataset.value ? null : chip.dataset.value;
      render(form);
      return;
    }

    var thumb = target && target.closest('[data-role="gallery-thumb"]');
    if (thumb) {
      event.preventDefault();
      selectImage(thumb.dataset.src);
      return;
    }

    var step = target && target.closest('[data-step]');
    if (step && step.closest('[data-role="stepper"]')) {
      var stepForm = step.closest('form');
      var input = stepForm.querySelector('[data-role="quantity"]');
      input.value = String((Math.floor(Number(input.value)) || 1) + Number(step.dataset.step));
      clampQuantity(stepForm);
    }
  });

  document.addEventListener('change', function (event) {
    var input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.role === 'quantity' && input.form) {
      clampQuantity(input.form);
    }
  });

  // The server renders the stepper's buttons inert (their state needs the script): set them up once the page is in.
  function init() {
    document.querySelectorAll('form[data-variants]').forEach(function (form) {
      if (!form.dataset.ready) {
        form.dataset.ready = 'true';
        clampQuantity(form);
      }
    });
  }

  document.addEventListener('DOMContentLoaded', init);
  if (document.readyState !== 'loading') {
    init();
  }

  if (window.Blazor && window.Blazor.addEventListener) {
    window.Blazor.addEventListener('enhancedload', init);
  }
})();
