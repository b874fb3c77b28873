"""Who and what the site is about, and how its pages relate: people, topics, kinds of pages, links."""
