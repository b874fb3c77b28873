// Filters the publication list by words, year, topic and author. Without JavaScript the whole list shows.
"use strict";
(() => {
  const entries = [...document.querySelectorAll("li.publication")];
  const firstYear = document.querySelector("section[id^='year-']");
  const labelsElement = document.querySelector("script.publication-filter-labels");
  if (!entries.length || !firstYear || !labelsElement) return;
  // Every label in the site's language, written by the build from the package's message catalog.
  const labels = JSON.parse(labelsElement.textContent);

  // What the reader types matches "Dvořák" as "dvorak" and "U-Net" as "u-net".
  const fold = (text) => text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  // An element's text as read: math as its Unicode reading (alttext), not its MathML's bare letters.
  const readable = (element) => {
    if (!element.querySelector("math")) return element.textContent;
    const copy = element.cloneNode(true);
    for (const math of copy.querySelectorAll("math")) math.replaceWith(math.getAttribute("alttext") || math.textContent);
    return copy.textContent;
  };
  const pageOf = (link) => link.getAttribute("href").split("/").pop().replace(/\.html$/, "");
  const facts = entries.map((entry) => ({
    entry,
    // The citation and the entry's free keywords (its tags): what the reader may type.
    text: fold([entry.querySelector("p"), ...entry.querySelectorAll(".publication-tag")].map(readable).join(" ")),
    year: entry.closest("section[id^='year-']").id.slice("year-".length),
    topics: [...entry.querySelectorAll(".publication-topics a")].map(pageOf),
    people: [...entry.querySelectorAll("p:first-child a.person-link")].map(pageOf),
  }));

  const options = (links) => {
    const names = new Map();
    for (const link of links) names.set(pageOf(link), link.title || link.textContent.trim());
    return [...names].sort((a, b) => a[1].localeCompare(b[1]));
  };
  const years = [...new Set(facts.map((f) => f.year))].map((year) => [year, year]);
  const topics = options(document.querySelectorAll("li.publication .publication-topics a"));
  const people = options(document.querySelectorAll("li.publication p:first-child a.person-link"));

  const form = document.createElement("form");
  form.className = "publication-filter";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", labels.form);
  const field = (label, control) => {
    const wrapper = document.createElement("label");
    wrapper.append(label, control);
    form.append(wrapper);
    return control;
  };
  const select = (name, all, choices) => {
    const control = document.createElement("select");
    control.name = name;
    control.append(new Option(all, ""));
    for (const [value, label] of choices) control.append(new Option(label, value));
    return control;
  };
  const words = document.createElement("input");
  words.type = "search";
  words.name = "q";
  words.placeholder = labels.placeholder;
  field(labels.search, words);
  const year = field(labels.year, select("year", labels.allYears, years));
  const topic = field(labels.topic, select("topic", labels.allTopics, topics));
  const person = field(labels.author, select("author", labels.allAuthors, people));
  const count = document.createElement("p");
  count.className = "publication-count";
  count.setAttribute("role", "status");
  count.setAttribute("aria-live", "polite");
  form.append(count);
  form.addEventListener("submit", (event) => event.preventDefault());
  firstYear.before(form);

  // A filtered view can be shared: its choices are kept in the address.
  const params = new URLSearchParams(location.search);
  for (const control of [words, year, topic, person]) control.value = params.get(control.name) || "";

  const apply = () => {
    const terms = fold(words.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const f of facts) {
      const match =
        terms.every((term) => f.text.includes(term)) &&
        (!year.value || f.year === year.value) &&
        (!topic.value || f.topics.includes(topic.value)) &&
        (!person.value || f.people.includes(person.value));
      f.entry.hidden = !match;
      shown += match;
    }
    for (const section of document.querySelectorAll("section[id^='year-']")) {
      section.hidden = !section.querySelector("li.publication:not([hidden])");
    }
    count.textContent = labels.count.replace("{shown}", shown).replace("{total}", facts.length);
    const query = new URLSearchParams();
    for (const control of [words, year, topic, person]) if (control.value) query.set(control.name, control.value);
    history.replaceState(null, "", query.size ? `?${query}` : location.pathname + location.hash);
  };
  form.addEventListener("input", apply);
  apply();
})();
