// Progressive enhancement only: every page works without this script.
import { initAll } from "govuk-frontend";

initAll();

// The search filter panel is folded on phones so results come first; on wider screens, where
// it sits beside the results, it opens.
const wideScreen = window.matchMedia("(min-width: 40.0625em)");
if (wideScreen.matches) {
  for (const panel of document.querySelectorAll("[data-hub-filters]")) {
    panel.open = true;
  }
}

// Suggestions as people type: titles and tags this reader may see, in a list that opens the
// page a suggestion names (the WAI-ARIA combobox pattern with a listbox). Up and down arrows
// move through it, Enter opens the chosen page (or searches for what was typed when none is
// chosen), Escape closes it; a status message tells screen readers how many there are.
const SUGGEST_DELAY_MS = 200;

function offerSuggestions(input) {
  const box = input.closest(".hub-search-box") || input.parentElement;
  const list = document.createElement("ul");
  list.id = `${input.id}-suggestions`;
  list.className = "hub-suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden hub-suggestions__count";
  // A live region without the status role: the page's own status (the result count) stays
  // the one status on the page.
  status.setAttribute("aria-live", "polite");
  status.setAttribute("aria-atomic", "true");
  box.append(list, status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  let timer;
  let latest = 0;
  let active = -1;
  const options = () => [...list.querySelectorAll('[role="option"]')];

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function choose(index) {
    const all = options();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach((option, n) => option.setAttribute("aria-selected", String(n === active)));
    input.setAttribute("aria-activedescendant", all[active].id);
    all[active].scrollIntoView({ block: "nearest" });
  }

  function show(suggestions) {
    const seen = new Set();
    const items = suggestions.filter((item) => !seen.has(item.url) && seen.add(item.url));
    list.replaceChildren(
      ...items.map((item, n) => {
        const option = document.createElement("li");
        option.id = `${list.id}-${n}`;
        option.className = "hub-suggestions__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.url = item.url;
        option.textContent = item.type === "tag" ? `Tag: ${item.title}` : item.title;
        return option;
      }),
    );
    active = -1;
    input.removeAttribute("aria-activedescendant");
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent =
        `${items.length} suggestion${items.length === 1 ? "" : "s"}. ` +
        "Use the up and down arrows to choose one and Enter to open it.";
    } else {
      close();
      status.textContent = "No suggestions.";
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || text.length > 100) {
      list.replaceChildren();
      close();
      return;
    }
    timer = setTimeout(async () => {
      const ticket = ++latest;
      try {
        const url = `${input.dataset.hubSuggest}?q=${encodeURIComponent(text)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok || ticket !== latest) return;
        const { suggestions } = await response.json();
        if (ticket === latest) show(suggestions);
      } catch {
        // Suggestions are a convenience: searching works the same without them.
      }
    }, SUGGEST_DELAY_MS);
  });

  input.addEventListener("keydown", (event) => {
    const open = !list.hidden;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!options().length) return;
      event.preventDefault();
      if (!open) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      choose(event.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      window.location.assign(options()[active].dataset.url);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  // Pressing a suggestion opens it; mousedown keeps the focus in the field meanwhile.
  list.addEventListener("mousedown", (event) => event.preventDefault());
  list.addEventListener("click", (event) => {
    const option = event.target.closest('[role="option"]');
    if (option) window.location.assign(option.dataset.url);
  });
  input.addEventListener("blur", close);
}

for (const input of document.querySelectorAll("input[data-hub-suggest]")) {
  offerSuggestions(input);
}
