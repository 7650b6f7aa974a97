"""`make serve`: the preview that shows a saved edit in about a second at 20,000 papers.

archive.py  the archive kept in memory; an edit regenerates only the pages it changes
pages.py    MkDocs kept loaded; only the changed pages are rendered again
watch.py    polling the inputs (never the generated pages)
httpd.py    the HTTP server: the site folder, one reload per save, problems on the page
preview.py  the loop tying them together; background.py its work behind
            the edits: related papers and the search index
child.py    the child processes of whole builds, related papers and the search index
cli.py      the `serve` command's body; logs.py where their log lines go

May import every package but `commands` (the `serve` command is in cli.py here).
"""
