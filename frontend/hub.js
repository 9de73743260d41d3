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

// Suggestions as people type: titles and tags this reader may see, offered through the
// browser's own list (a datalist), so the keyboard and screen-reader behaviour is the
// browser's and Enter still searches for what was typed.
const SUGGEST_DELAY_MS = 200;

function offerSuggestions(input) {
  const list = document.createElement("datalist");
  list.id = `${input.id}-suggestions`;
  input.after(list);
  input.setAttribute("list", list.id);
  // Some browsers hide a datalist from a field marked autocomplete="off".
  input.removeAttribute("autocomplete");
  let timer;
  let latest = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || text.length > 100) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      const ticket = ++latest;
      try {
        const url = `${input.dataset.hubSuggest}?q=${encodeURIComponent(text)}`;
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (!response.ok || ticket !== latest) return;
        const { suggestions } = await response.json();
        const titles = [...new Set(suggestions.map((item) => item.title))];
        list.replaceChildren(
          ...titles.map((title) => {
            const option = document.createElement("option");
            option.value = title;
            return option;
          }),
        );
      } catch {
        // Suggestions are a convenience: searching works the same without them.
      }
    }, SUGGEST_DELAY_MS);
  });
}

for (const input of document.querySelectorAll("input[data-hub-suggest]")) {
  offerSuggestions(input);
}
