"""What the site shows, computed from records: pure functions, no I/O.

urls.py      where each generated page lives and the relative links between pages
indexes.py   grouping papers by day, month, year and tag; paging
tops.py      the most upvoted papers of each week, month and year
related.py   each paper's nearest neighbours (TF-IDF), and their section
feeds.py     Atom feeds of the archive, of each tag and of the newest commentary
api.py       the static JSON API under api/v1/
citation.py  citation metadata in a paper page's <head>
render/      records -> Markdown page text (untrusted text is escaped there, only there)

May import `archive`, `tags` and `curated`; never `build`, `serve` or `commands`.
"""
