// Suggestions under the header's search box: any input with data-suggest="<url>" gets a list of what
// GET <url>?q= answers ({ suggestions: [{ text, kind }] }) as the shopper types; choosing one searches for it.
// Focused while empty, the box shows the store's hot searches (the same URL with q empty), under the title in
// data-suggest-hot. Arrow keys move through the list, Enter picks, Escape closes. Answers to older keystrokes are dropped.
(() => {
  const attach = (input) => {
    if (input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    const list = document.createElement("ul");
    list.className = "search-suggest";
    list.id = "search-suggest-" + Math.random().toString(36).slice(2);
    list.setAttribute("role", "listbox");
    list.dataset.testid = "search-suggest";
    list.hidden = true;
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-autocomplete", "list");
    input.insertAdjacentElement("afterend", list);
    let timer = 0;
    let asked = 0;
    let active = -1;

    // Closing also drops a pending keystroke and any answer still on its way, so nothing opens the list again.
    const close = () => { clearTimeout(timer); asked++; list.hidden = true; active = -1; };
    const go = (text) => {
      input.value = text;
      close();
      input.form ? input.form.requestSubmit() : (location.href = "/search?q=" + encodeURIComponent(text));
    };
    const options = () => list.querySelectorAll("[role=option]");
    const show = (items) => {
      const hot = items.length > 0 && items.every((s) => s.kind === "hot") && input.dataset.suggestHot;
      const title = document.createElement("li");
      title.className = "search-suggest-title";
      title.setAttribute("role", "presentation");
      title.textContent = hot || "";
      list.replaceChildren(...(hot ? [title] : []), ...items.map((s, i) => {
        const li = document.createElement("li");
        li.setAttribute("role", "option");
        li.id = list.id + "-" + i;
        li.dataset.kind = s.kind;
        li.textContent = s.text;
        li.addEventListener("mousedown", (e) => { e.preventDefault(); go(s.text); });
        return li;
      }));
      active = -1;
      list.hidden = items.length === 0;
    };
    const ask = async () => {
      const q = input.value.trim();
      const mine = ++asked;
      try {
        const response = await fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } });
        if (!response.ok || mine !== asked) return;
        const body = await response.json();
        if (mine === asked) show(body.suggestions || []);
      } catch {
        // no suggestions: the search box works without them
      }
    };
    const move = (by) => {
      const items = options();
      if (list.hidden || items.length === 0) return;
      active = (active + by + items.length) % items.length;
      [...items].forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", items[active].id);
    };

    input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(ask, 120); });
    input.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      // Escape in a search box also clears it in Chromium: with the list open, it only closes the list.
      else if (e.key === "Escape" && !list.hidden) { e.preventDefault(); close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); go(options()[active].textContent); }
    });
    input.addEventListener("focus", () => { if (!input.value.trim()) ask(); });
    input.addEventListener("blur", close);
  };

  const scan = () => document.querySelectorAll("input[data-suggest]").forEach(attach);
  document.addEventListener("DOMContentLoaded", scan);
  // Enhanced navigation replaces the page's content without a load event.
  if (window.Blazor?.addEventListener) window.Blazor.addEventListener("enhancedload", scan);
  scan();
})();
