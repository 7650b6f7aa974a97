"""Archive totals: pure."""
from __future__ import annotations

from pathlib import Path

from ..archive.model import Paper


def archive_stats(papers: dict[str, Paper], root: Path | None = None) -> dict[str, object]:
    from ..tags.taxonomy import load_taxonomy, tags_of

    days = sorted({d for p in papers.values() for d in p.list_dates})
    out: dict[str, object] = {"papers": len(papers), "list days": len(days)}
    if root is not None:
        taxonomy = load_taxonomy(root)
        used = {t for p in papers.values() for t in tags_of(p, taxonomy, readers=True)}
        out["tags"] = f"{len(used)} in use of {len(taxonomy.tags)}"
    out["date range"] = f"{days[0]} to {days[-1]}" if days else "empty"
    return out
