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
