"""`paper-archive generate`: read everything, build every page, then write."""
from __future__ import annotations

from pathlib import Path

from . import site, store, writer
from .taxonomy import load_taxonomy

DOCS = "docs"


def extensions(root: Path):
    """Features that add to the site; each reads its own input here, before writing."""
    return []


def generate(root: Path) -> writer.Written:
    papers = store.load(root)
    taxonomy = load_taxonomy(root)
    ctx = site.make_context(papers, taxonomy)
    pages = site.build(papers, ctx, extensions(root))
    return writer.write(root / DOCS, pages)
