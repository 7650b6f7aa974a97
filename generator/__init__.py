"""paper-archive: a static site generator for a research-paper archive.

The packages, in the order of the pipeline (each imports only those above it):

archive/   paper records and the store under data/
sources/   readers of each input format (page text, HF daily_papers JSON, arXiv Atom)
ingest/    import, fetch and enrich: sources -> validated, merged records in the store
tags/      the taxonomy and a paper's tags
curated/   commentary from pull requests, checked and sanitized
site/      what the site shows (lists, feeds, API, citation, related papers, page text)
build/     generate docs/, the MkDocs hooks, the search index, checks
serve/     `make serve`: the preview server
commands/  the `paper-archive` command line
"""

__version__ = "0.1.0"
