// Filters the thesis offers by topic, supervisor and level. Without JavaScript every offer shows, and no filter.
"use strict";
(() => {
  const form = document.querySelector("form.offer-filter");
  const cards = [...document.querySelectorAll(".offer-card")];
  if (!form || !cards.length) return;
  const items = cards.map((card) => card.closest(".sd-col") || card);
  const count = form.querySelector(".offer-count");
  const apply = () => {
    const wanted = [...form.querySelectorAll("select")].filter((s) => s.value).map((s) => `offer-${s.name}-${s.value}`);
    let shown = 0;
    cards.forEach((card, i) => {
      const match = wanted.every((name) => card.classList.contains(name));
      items[i].hidden = !match;
      shown += match;
    });
    // "{shown} of {total} offers", in the site's language: the form carries it (data-count).
    count.textContent = form.dataset.count.replace("{shown}", shown).replace("{total}", cards.length);
  };
  form.addEventListener("input", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  form.hidden = false;
  apply();
})();
