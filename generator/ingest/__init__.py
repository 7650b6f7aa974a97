"""Getting records into the archive: `paper-archive import` and `fetch`.

importer.py      read every input (through `sources/`), validate, merge, write once
fetch.py         daily lists from the Hugging Face API, day by day, all or nothing
bounded_http.py  one HTTP GET with every bound an unattended run needs

May import `archive` and `sources`; nothing of the site.
"""
