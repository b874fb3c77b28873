/* Search results quote a page's text, not its controls: each entry's buttons, its "+12 more" toggle
 * and its BibTeX are left out of a result's snippet, as Sphinx leaves out headerlinks, scripts and styles.
 * Sphinx 9's searchtools.js reads a result page's text with Search.htmlToText; this one is the same but
 * removes more. Parsing a page once, not twice, matters: the list of 5,000 entries is 18 MB of HTML. */
"use strict";
(() => {
  const notText = [
    ".headerlink", "script", "style", // what Sphinx removes
    ".publication-links", ".authors-more", ".publication-bibtex-text", // an entry's buttons, toggle and BibTeX
    "section.paper > section#bibtex", // a paper page's BibTeX and its download
  ].join(", ");
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(notText).forEach((element) => element.remove());
    const main = page.querySelector('[role="main"]');
    const anchored = anchor && main ? main.querySelector(anchor) : null;
    return (anchored || main)?.textContent ?? "";
  };
})();
