"""Getting records into the archive: `paper-archive import`, `fetch` and `enrich`.

importer.py      read every input (through `sources/`), validate, merge, write once
fetch.py         daily lists from the Hugging Face API, day by day, all or nothing
enrich.py        the arXiv identity of records without one, by title, record by record
titles.py        when two titles are the same paper's (case, punctuation, TeX aside)
bounded_http.py  one HTTP GET with every bound an unattended run needs

May import `archive` and `sources`; nothing of the site.
"""
