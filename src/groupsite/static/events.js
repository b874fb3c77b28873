// Events that have ended since the page was built move from the upcoming ones to the past ones (the home page
// drops them), so that a visitor never sees yesterday's seminar announced as upcoming.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const now = Date.now();
  for (const upcoming of document.querySelectorAll("ul.events-upcoming")) {
    const past = document.querySelector("ul.events-past");
    const ended = [...upcoming.children].filter((item) => {
      const end = item.querySelector("time.event-end");
      return end !== null && Date.parse(end.getAttribute("datetime")) <= now;
    });
    // The upcoming ones are soonest first: each one prepended, the latest ends on top of the past ones.
    for (const item of ended) {
      if (past !== null) {
        past.prepend(item);
        const none = past.parentElement.querySelector(".events-none");
        if (none !== null) none.hidden = true;
      } else {
        item.remove();
      }
    }
    if (upcoming.children.length === 0) {
      const none = upcoming.parentElement.querySelector(".events-none");
      if (none !== null) none.hidden = false;
      const block = upcoming.closest("section.upcoming-events");
      if (block !== null) block.hidden = true;
    }
  }
});
