"""Building the site: records + taxonomy + commentary -> docs/ -> MkDocs -> site/.

pages.py          the whole generated part of the site, as {path: Markdown} (pure)
generate.py       `paper-archive generate`: read everything, build every page, then write
config.py         what the generator reads of mkdocs.yml (site_url), and docs/
writer.py         writes generated files into docs/, only what changed, never a hand-written file
checks.py         `paper-archive check`: every problem a build would stop at
mkdocs_hooks.py   the MkDocs hooks (`hooks/archive.py` loads them)
search.py         the Pagefind index, built from the records after MkDocs
search_lookup.py  small lookups beside the index (arXiv ids, spelling)
sitemaps.py       the sitemap, split to stay valid at any size
sitesize.py       the built site's size against GitHub Pages' limit
palette_css.py    Material's palette stylesheet, less the unused colours
review.py         `paper-archive review`: a pull request's commentary in the job summary, and its preview
excerpt.py        a few pages of the built site and what they need to display (that preview)

May import `archive`, `tags`, `curated` and `site`; never `serve` or `commands`.
"""
