// While a question's title is typed, list similar discussions the reader may open first.
// Progressive enhancement: without JavaScript the form works the same, just without hints.
const form = document.querySelector("form[data-similar-url]");
const box = document.getElementById("similar-threads");
const title = form && form.querySelector("input[name=title]");

if (form && box && title) {
  const list = box.querySelector("ul");
  let timer = null;
  let controller = null;

  const show = (results) => {
    list.replaceChildren();
    for (const result of results) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.className = "govuk-link";
      link.href = result.url;
      link.textContent = result.title;
      item.append(link, ` (${result.replies} repl${result.replies === 1 ? "y" : "ies"}${result.solved ? ", solved" : ""})`);
      list.append(item);
    }
    box.hidden = results.length === 0;
  };

  const lookUp = async () => {
    const text = title.value.trim();
    if (text.length < 4) {
      show([]);
      return;
    }
    if (controller) controller.abort();
    controller = new AbortController();
    const url = `${form.dataset.similarUrl}?q=${encodeURIComponent(text)}`;
    try {
      const response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
      if (response.ok) show((await response.json()).results);
    } catch (error) {
      if (error.name !== "AbortError") show([]);
    }
  };

  title.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 300);
  });
}
