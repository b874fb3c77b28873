"""A site that sets every groupsite option to something other than its default."""

project = "Optics Lab"
extensions = ["groupsite"]
html_theme = "furo"
exclude_patterns = ["_build"]
nitpicky = True
html_baseurl = "https://optics.example.org/"
bibtex_bibfiles = ["papers.bib"]

groupsite_people = "members"
groupsite_topics = "areas"
groupsite_offers = "jobs/offers"
groupsite_courses = "lehre"
groupsite_publication_list = "publications"
groupsite_paper_pages = "papers"
groupsite_list_entries = 1
groupsite_private_fields = ["note"]
groupsite_bib_downloads = "bibtex"
groupsite_group_file = "lab.yaml"
groupsite_role_groups = [("Principal investigators", ["pi"]), ("Researchers", ["researcher"])]
groupsite_thesis_levels = {"Bachelor": "Bachelor thesis", "PhD": "PhD position"}
groupsite_news = "aktuelles"
groupsite_events = "talks"
groupsite_newest_news = 1
groupsite_timezone = "Europe/Berlin"
groupsite_short_name = "OL"
groupsite_colour = "#336699"
groupsite_processes = 1
