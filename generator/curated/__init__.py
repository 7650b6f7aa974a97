"""Curated commentary from pull requests (`commentary/<key>/<handle>.md`).

commentary.py  reading and validating a commentary file, located problems
frontmatter.py its front matter, read as YAML within bounds, each value with its line
sanitize.py    commentary Markdown -> safe HTML, and the checks around it
template.py    the file a paper page's "Comment on this paper" prefills, and its placeholders

May import `archive` and `tags` (and the site's renderer for the commentary
section, lazily, in `commentary.extension`).
"""
